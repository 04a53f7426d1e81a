/**
 * Runs the bot: long polling by default, webhook mode when
 * `CITEBOT_WEBHOOK_URL` is set. Start-up: connect (getMe, retried with every
 * failure reported; see connect.ts), register the command menus, then serve
 * until `stop()`, `deps.signal` or SIGINT/SIGTERM: new updates stop, in-flight
 * answers finish within the shutdown timeout — then they are abandoned (engine
 * questions cancelled, their Bot API calls cut off, nothing of them sent
 * later) — and (polling) the offset is confirmed so nothing is answered twice.
 *
 * A stop request is honoured at any moment, start-up included: during getMe
 * retries, menu registration, deleteWebhook/setWebhook, the pending calls are
 * aborted and `runBot` resolves with a runtime that has already stopped.
 */
import type { Bot } from "grammy";
import type { TelegramConfig } from "../config/telegram.js";
import { abandonCallsOn, lifecycleController } from "./abort.js";
import { createBot, type BotContext, type BotDeps } from "./bot.js";
import { connect, type ConnectRetry } from "./connect.js";
import { registerCommandMenus } from "./features/commands.js";
import { startPolling, type PollRetry } from "./polling.js";
import type { BotRuntime } from "./runtime.js";
import { connectionTarget, DEFAULT_API_ROOT } from "./target.js";
import { startWebhook } from "./webhook.js";
import { memoryState } from "../state/memory.js";

export type { BotRuntime } from "./runtime.js";

export interface RunDeps extends BotDeps {
  /** Stop on SIGINT/SIGTERM (default true), from the start of `runBot`. A second signal falls back to Node's default and exits at once. */
  handleSignals?: boolean;
  /** Stops the bot like `stop()` when it aborts, at any moment, start-up included (the CLI passes its shutdown signal). */
  signal?: AbortSignal;
  /**
   * A bot from `createBot`, e.g. to add middleware first (default: one is created). Its handlers' Bot API calls
   * are cut off at the shutdown timeout like the default bot's; its engine questions are cancelled only if it was
   * created with a `signal` of its own that the caller aborts.
   */
  bot?: Bot<BotContext>;
  /** Polling: back-off between failed getUpdates calls (default 100 ms doubling to 5 s). */
  pollRetry?: PollRetry;
  /** Start-up: getMe retries (default 1 s doubling to 30 s, 10 s per attempt, a warning at most once a minute). */
  connectRetry?: ConnectRetry;
  /**
   * Called with the announced build when any replica announces a new index generation on the state's bus
   * (`state.generations`; docs/scaling.md): the live index's reload. Its failures are logged, never fatal.
   */
  reloadIndex?: (build: string) => unknown;
}

/** What `runBot` returns when it was stopped before it started serving. */
function stoppedRuntime(): BotRuntime {
  return { stop: async () => {}, done: Promise.resolve() };
}

export async function runBot(config: TelegramConfig, deps: RunDeps): Promise<BotRuntime> {
  const logger = deps.logger.child({ component: "telegram" });
  const mode = config.webhook ? "webhook" : "polling";
  // Aborted when work in flight is abandoned: at the shutdown timeout, or at once when stopped during start-up.
  const abandon = lifecycleController();
  const state = deps.state ?? memoryState({ sessionTtlSeconds: config.sessionTtlSeconds });
  const bot = deps.bot ?? createBot(config, { ...deps, state, signal: abandon.signal });
  // Outermost transformer, also copied to each update's ctx.api: once abandoned, calls fail instead of being sent.
  // getUpdates is left alone: the poller stops it by itself, and still confirms the offset after the timeout.
  bot.api.config.use(abandonCallsOn(abandon.signal, ["getUpdates"]));

  // Stop requests from here on: before `runtime` exists they end the start-up.
  const startup = new AbortController();
  let runtime: BotRuntime | undefined;
  const requestStop = () => {
    if (runtime) return void runtime.stop();
    if (startup.signal.aborted) return;
    logger.info("stopping during start-up");
    startup.abort();
    abandon.abort();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info("signal received, shutting down", { signal });
    removeListeners();
    requestStop();
  };
  const onAbort = () => {
    logger.info("shutdown requested");
    removeListeners();
    requestStop();
  };
  const reload = deps.reloadIndex;
  const unsubscribe = reload
    ? state.generations.onGenerationPublished((build) => {
        logger.info("index generation announced: reloading", { build });
        Promise.resolve()
          .then(() => reload(build))
          .catch((error: unknown) => logger.error("index reload failed", { build, error: (error as Error).message }));
      })
    : () => {};
  const removeListeners = () => {
    unsubscribe();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    deps.signal?.removeEventListener("abort", onAbort);
  };
  if (deps.handleSignals !== false) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  if (deps.signal?.aborted) onAbort();
  else deps.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    if (startup.signal.aborted) throw startup.signal.reason;
    // Said before the first network call, so a bot that cannot reach Telegram is never silent.
    logger.info("connecting to Telegram", { ...connectionTarget(config), mode });
    if (!bot.isInited()) bot.botInfo = await connect(bot.api, config, logger, { signal: startup.signal, retry: deps.connectRetry, proxyLabel: deps.network?.proxyLabel(config.apiRoot ?? DEFAULT_API_ROOT) });
    logger.info("bot starting", { username: bot.botInfo.username, mode });
    await registerCommandMenus(bot.api, config, logger, startup.signal);
    if (startup.signal.aborted) throw startup.signal.reason;
    const abandonWork = () => abandon.abort();
    runtime = config.webhook ? await startWebhook(bot, config, logger, abandonWork, state) : await startPolling(bot, config, logger, abandonWork, deps.pollRetry);
  } catch (error) {
    removeListeners();
    if (!startup.signal.aborted) throw error;
    logger.info("bot stopped before it started serving");
    return stoppedRuntime();
  }
  if (startup.signal.aborted) {
    // Stopped while the last start-up step was finishing: it started anyway, so stop it now.
    removeListeners();
    await runtime.stop();
    return runtime;
  }
  runtime.done.then(removeListeners, removeListeners);
  logger.info("bot running", { mode });
  return runtime;
}
