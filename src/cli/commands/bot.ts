import type { Engine } from "../../engine.js";
import { AppError } from "../../errors.js";
import { ThreadedVectorIndex } from "../../index/vector-threads.js";
import type { QaEngine } from "../../types.js";
import { parseCommandArgs } from "../args.js";
import { COMMON_OPTIONS, COMMON_USAGE, configFor, configuredApp } from "../context.js";
import type { Command } from "../io.js";

export const botCommand: Command = {
  usage: `citebot bot [--corpus DIR] [--index DIR]\n${COMMON_USAGE}\n  Configuration is by environment variables: see docs/telegram.md.`,
  async run(args, io) {
    const { values } = parseCommandArgs("bot", { args, options: COMMON_OPTIONS, allowPositionals: false });
    // Loaded on demand: ask/chat never pay for grammY's start-up.
    const { connectionTarget } = await import("../../telegram/target.js");
    // The Telegram section is read too: its problems and the app's (proxy, providers, …) in one report. The bot logs
    // structured JSON from info unless CITEBOT_LOG_LEVEL says otherwise; the token is always redacted.
    const { config, logger } = configFor(values, io, { bot: true });
    const { telegram } = config;
    // First words at once: opening (or building) the index takes a while, and Telegram may be unreachable.
    logger.info("starting: opening the index, then connecting to Telegram", { component: "telegram", ...connectionTarget(telegram), mode: telegram.webhook ? "webhook" : "polling" });
    const app = await configuredApp(config, logger, io);
    const { indexSourcesByRebuild, openEngine } = await import("../../app.js");
    const { engine: local, reload } = reloadable(await openEngine(app), () => openEngine(app));
    const { CorpusLibrary } = await import("../../library/corpus-library.js");
    const { RecentExtractions } = await import("../../library/recent-extractions.js");
    const extractions = new RecentExtractions();
    // Uploads and /remove index through here; the incremental update replaces the rebuild in one line.
    const library = new CorpusLibrary({
      corpusDir: config.paths.corpusDir, indexDir: config.paths.indexDir, chunker: config.index.chunker, logger,
      indexSources: indexSourcesByRebuild(app, extractions.extract), reload, extractions,
    });
    const { createNetwork } = await import("../../net/network.js");
    const network = await createNetwork(config.proxy);
    const { runBot } = await import("../../telegram/run.js");
    // The worker thread answers questions: the Telegram section (the token) stays on this thread.
    const threaded =
      telegram.engineThread && !io.shutdown?.aborted
        ? await (await import("../../telegram/engine-thread.js")).answerOnThread(local, { config: { ...config, telegram: undefined }, configuredProviders: true }, logger)
        : undefined;
    try {
      // The shutdown signal (SIGINT/SIGTERM in main.ts) stops the bot at any moment, start-up included; runBot
      // then resolves with a stopped runtime. Without one (in-process use), runBot listens for the signals itself.
      const bot = await runBot(telegram, { engine: threaded ?? local, library, logger, network, signal: io.shutdown, handleSignals: io.shutdown === undefined });
      await bot.done.catch((error: unknown) => {
        throw conflictExplained(error);
      });
    } finally {
      await threaded?.close();
      await network.close();
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

/**
 * The engine the bot answers with, and `reload()`, which swaps in one opened on the newly published index
 * after a library change. Questions in flight finish on the engine they started with; an old engine's
 * HNSW threads are closed once its last question is answered. (The worker of CITEBOT_ENGINE_THREAD keeps
 * the generation it opened.)
 */
function reloadable(first: Engine, open: () => Promise<Engine>): { engine: QaEngine; reload(): Promise<void> } {
  let current = first;
  const busy = new Map<Engine, number>();
  const release = (engine: Engine) => {
    const vectors = engine.index.vectors;
    if (engine !== current && !busy.get(engine) && vectors instanceof ThreadedVectorIndex) void vectors.close();
  };
  const engine: QaEngine = {
    get streaming() {
      return current.streaming;
    },
    async ask(question, options) {
      const e = current;
      busy.set(e, (busy.get(e) ?? 0) + 1);
      try {
        return await e.ask(question, options);
      } finally {
        const left = busy.get(e)! - 1;
        if (left > 0) busy.set(e, left);
        else busy.delete(e);
        release(e);
      }
    },
    sources: () => current.sources(),
    passage: (chunkId, start, end) => current.passage(chunkId, start, end),
    exampleQuestions: (count) => current.exampleQuestions(count),
  };
  return {
    engine,
    reload: async () => {
      const old = current;
      current = await open();
      release(old);
    },
  };
}
