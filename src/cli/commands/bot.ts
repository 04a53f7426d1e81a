import { AppError } from "../../errors.js";
import type { Network } from "../../net/network.js";
import type { ThreadedEngine } from "../../telegram/engine-thread.js";
import { COMMON_OPTIONS, parseCommandArgs } from "../args.js";
import { COMMON_USAGE, configFor, configuredApp, WATCH_OPTIONS, WATCH_USAGE } from "../context.js";
import type { Command } from "../io.js";

export const botCommand: Command = {
  usage: `citebot bot [--corpus DIR] [--index DIR] [--watch | --no-watch]\n${COMMON_USAGE}\n${WATCH_USAGE}\n  Configuration is by environment variables: see docs/telegram.md.`,
  async run(args, io) {
    const { values } = parseCommandArgs("bot", { args, options: { ...COMMON_OPTIONS, ...WATCH_OPTIONS }, allowPositionals: false });
    // Loaded on demand: ask/chat never pay for grammY's start-up.
    const { connectionTarget } = await import("../../telegram/target.js");
    // The Telegram section is read too: its problems and the app's (proxy, providers, …) in one report. The bot logs
    // structured JSON from info unless CITEBOT_LOG_LEVEL says otherwise; the token is always redacted.
    const { config, logger } = configFor(values, io, { bot: true });
    const { telegram } = config;
    // First words at once: opening (or building) the index takes a while, and Telegram may be unreachable.
    logger.info("starting: opening the index, then connecting to Telegram", { component: "telegram", ...connectionTarget(telegram), mode: telegram.webhook ? "webhook" : "polling" });
    const app = await configuredApp(config, logger, io);
    // The index as it is published now, then every generation published later; the corpus folder watched unless CITEBOT_WATCH=0.
    const { openLive } = await import("../../live/live.js");
    const live = await openLive(app, { watchCorpus: config.live.watchCorpus });
    let threaded: ThreadedEngine | undefined;
    let network: Network | undefined;
    // In memory, or in Redis shared with the other replicas (CITEBOT_REDIS_URL): unreachable Redis does not stop the start.
    const state = (await import("../../state/open.js")).openState(telegram, logger);
    try {
      network = await (await import("../../net/network.js")).createNetwork(config.proxy);
      const { runBot } = await import("../../telegram/run.js");
      // The worker thread answers questions: the Telegram section (the token) stays on this thread.
      threaded =
        telegram.engineThread && !io.shutdown?.aborted
          ? await (await import("../../telegram/engine-thread.js")).answerOnThread(live.engine, { config: { ...config, telegram: undefined }, configuredProviders: true }, logger)
          : undefined;
      const worker = threaded;
      // The worker answers from a live engine of its own, which follows this one's switches at once (its own watch
      // would within moments); the reload hook waits for both, so an upload's reply comes when the document answers.
      live.engine.onSwitch(() => void worker?.reload());
      // Replicas behind a load balancer each watch the shared index too; the announcement makes them switch at once.
      live.engine.onSwitch((event) => void state.generations.publish(event.build).catch((error: unknown) => logger.warn("index generation not announced", { build: event.build, error: (error as Error).message })));
      const reload = async () => {
        const result = await live.reload();
        await worker?.reload();
        return result;
      };
      // The shutdown signal (SIGINT/SIGTERM in main.ts) stops the bot at any moment, start-up included; runBot
      // then resolves with a stopped runtime. Without one (in-process use), runBot listens for the signals itself.
      const { indexSourcesIncrementally } = await import("../../app.js");
      const { CorpusLibrary } = await import("../../library/corpus-library.js");
      const { RecentExtractions } = await import("../../library/recent-extractions.js");
      const extractions = new RecentExtractions();
      // Uploads and /remove index through here, then reload: the reply comes once the document answers.
      const library = new CorpusLibrary({
        corpusDir: config.paths.corpusDir, indexDir: config.paths.indexDir, chunker: config.index.chunker, logger,
        indexSources: indexSourcesIncrementally(app, extractions.extract), reload: async () => void (await reload()), extractions,
      });
      const bot = await runBot(telegram, { engine: threaded ?? live.engine, library, reload, reloadIndex: () => reload(), logger, network, state, signal: io.shutdown, handleSignals: io.shutdown === undefined });
      await bot.done.catch((error: unknown) => {
        throw conflictExplained(error);
      });
    } finally {
      await threaded?.close();
      await live.close();
      await network?.close();
      await state.close();
    }
    return 0;
  },
};

/** Polling ends for good on a 409: say what it means and what to do, instead of an "unexpected error". */
function conflictExplained(error: unknown): unknown {
  if ((error as { error_code?: number })?.error_code !== 409) return error;
  return new AppError("TELEGRAM_CONFLICT", `Telegram refused polling (409 Conflict): ${(error as Error).message.replace(/^Call to '\w+' failed! \(409: /, "").replace(/\)$/, "")}`, {
    hint: "another process is polling with this token, or a webhook is set: stop the other instance (only one may poll), or run every instance in webhook mode",
    cause: error,
  });
}

