import { openEngine } from "../../app.js";
import { checkConfig } from "../../config.js";
import { UsageError } from "../../errors.js";
import { createLogger } from "../../log.js";
import { parseCommandArgs } from "../args.js";
import { appFor, COMMON_OPTIONS, COMMON_USAGE, secretsOf } from "../context.js";
import type { Command } from "../io.js";

export const botCommand: Command = {
  name: "bot",
  summary: "run the Telegram bot (needs TELEGRAM_BOT_TOKEN; see docs/telegram.md)",
  usage: `citebot bot [--corpus DIR] [--index DIR]\n${COMMON_USAGE}\n  Configuration is by environment variables: see docs/telegram.md.`,
  async run(args, io) {
    const { values } = parseCommandArgs("bot", { args, options: COMMON_OPTIONS, allowPositionals: false });
    // Loaded on demand: ask/chat never pay for grammY's start-up.
    const { parseTelegramConfig } = await import("../../telegram/config.js");
    const { connectionTarget } = await import("../../telegram/target.js");
    const parsed = parseTelegramConfig(io.env);
    // The bot's problems and the app's (proxy, providers, …) in one report.
    const problems = [...parsed.problems, ...checkConfig(values, io.env, io.cwd).problems];
    if (!parsed.config || problems.length) {
      throw new UsageError(problems.join("; ") || "invalid Telegram configuration", { code: "CONFIG_INVALID", hint: "see docs/telegram.md" });
    }
    const config = parsed.config;
    // The bot logs at info (structured JSON) unless CITEBOT_LOG_LEVEL says otherwise; the token is always redacted.
    const logger = createLogger({
      level: values.debug ? "debug" : ((io.env.CITEBOT_LOG_LEVEL as never) ?? "info"),
      write: (line) => io.stderr.write(line + "\n"),
      secrets: secretsOf(io.env),
    });
    // First words at once: opening (or building) the index takes a while, and Telegram may be unreachable.
    logger.info("starting: opening the index, then connecting to Telegram", { component: "telegram", ...connectionTarget(config), mode: config.webhook ? "webhook" : "polling" });
    const { app } = await appFor(values, io);
    const local = await openEngine(app);
    const { createNetwork } = await import("../../net/network.js");
    const network = await createNetwork(app.config.proxy);
    const { runBot } = await import("../../telegram/run.js");
    const threaded =
      config.engineThread && !io.shutdown?.aborted
        ? await (await import("../../telegram/engine-thread.js")).answerOnThread(local, { config: app.config, configuredProviders: true }, logger)
        : undefined;
    try {
      // The shutdown signal (SIGINT/SIGTERM in main.ts) stops the bot at any moment, start-up included; runBot
      // then resolves with a stopped runtime. Without one (in-process use), runBot listens for the signals itself.
      const bot = await runBot(config, { engine: threaded ?? local, logger, network, signal: io.shutdown, handleSignals: io.shutdown === undefined });
      await bot.done;
    } finally {
      await threaded?.close();
      await network.close();
    }
    return 0;
  },
};
