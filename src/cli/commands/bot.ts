import { AppError } from "../../errors.js";
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
    const { openEngine } = await import("../../app.js");
    const local = await openEngine(app);
    const { createNetwork } = await import("../../net/network.js");
    const network = await createNetwork(config.proxy);
    const { runBot } = await import("../../telegram/run.js");
    // In memory, or in Redis shared with the other replicas (CITEBOT_REDIS_URL): unreachable Redis does not stop the start.
    const state = (await import("../../state/open.js")).openState(telegram, logger);
    // The worker thread answers questions: the Telegram section (the token) stays on this thread.
    const threaded =
      telegram.engineThread && !io.shutdown?.aborted
        ? await (await import("../../telegram/engine-thread.js")).answerOnThread(local, { config: { ...config, telegram: undefined }, configuredProviders: true }, logger)
        : undefined;
    try {
      // The shutdown signal (SIGINT/SIGTERM in main.ts) stops the bot at any moment, start-up included; runBot
      // then resolves with a stopped runtime. Without one (in-process use), runBot listens for the signals itself.
      const bot = await runBot(telegram, { engine: threaded ?? local, logger, network, state, signal: io.shutdown, handleSignals: io.shutdown === undefined });
      await bot.done.catch((error: unknown) => {
        throw conflictExplained(error);
      });
    } finally {
      await threaded?.close();
      await network.close();
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
