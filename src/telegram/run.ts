/**
 * Runs the bot: long polling by default, webhook mode when
 * `CITEBOT_WEBHOOK_URL` is set. Registers the command menus, then serves until
 * `stop()` or SIGINT/SIGTERM: new updates stop, in-flight answers finish,
 * and (polling) the offset is confirmed so nothing is answered twice.
 */
import type { Bot } from "grammy";
import { createBot, type BotContext, type BotDeps } from "./bot.js";
import type { TelegramConfig } from "./config.js";
import { registerCommandMenus } from "./features/commands.js";
import { startPolling, type PollRetry } from "./polling.js";
import { startWebhook } from "./webhook.js";

export interface BotRuntime {
  /** Stops taking updates, lets in-flight answers finish, then resolves. Idempotent. */
  stop(): Promise<void>;
  /** Settles when the bot has stopped; rejects if polling failed for good (bad token, another instance polling). */
  done: Promise<void>;
  /** Webhook mode: the port the server listens on (useful with port 0). */
  port?: number;
}

export interface RunDeps extends BotDeps {
  /** Stop on SIGINT/SIGTERM (default true). A second signal falls back to Node's default and exits at once. */
  handleSignals?: boolean;
  /** A bot from `createBot`, e.g. to add middleware first (default: one is created). */
  bot?: Bot<BotContext>;
  /** Polling: back-off between failed getUpdates calls (default 100 ms doubling to 5 s). */
  pollRetry?: PollRetry;
}

export async function runBot(config: TelegramConfig, deps: RunDeps): Promise<BotRuntime> {
  const logger = deps.logger.child({ component: "telegram" });
  const bot = deps.bot ?? createBot(config, deps);
  await bot.init();
  logger.info("bot starting", { username: bot.botInfo.username, mode: config.webhook ? "webhook" : "polling", api_root: config.apiRoot ?? "default" });
  await registerCommandMenus(bot.api, config, logger);
  const runtime = config.webhook ? await startWebhook(bot, config, logger) : await startPolling(bot, config, logger, deps.pollRetry);

  if (deps.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info("signal received, shutting down", { signal });
      removeSignals();
      void runtime.stop();
    };
    const removeSignals = () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    runtime.done.then(removeSignals, removeSignals);
  }
  logger.info("bot running", { mode: config.webhook ? "webhook" : "polling" });
  return runtime;
}
