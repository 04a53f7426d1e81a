/**
 * Long polling with @grammyjs/runner: updates are handled concurrently across
 * chats (the bot's `sequentialize` keeps each chat in order). On stop, polling
 * ends, in-flight updates finish (up to the shutdown timeout), and the offset
 * past every fetched update is confirmed to Telegram: the runner only confirms
 * a batch with its next getUpdates, which never comes once stopped, so without
 * this a restart would answer the last batch again. Delivery is at most once:
 * an answer still unfinished at the timeout is abandoned, never repeated.
 */
import { run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../log.js";
import { ALLOWED_UPDATES, type BotContext } from "./bot.js";
import type { TelegramConfig } from "./config.js";
import { describeError } from "./middleware/error-boundary.js";
import { toApiSignal } from "./reply.js";
import type { BotRuntime } from "./run.js";
import { UpdateTracker } from "./tracker.js";

/** How long the final offset confirmation may take before shutdown gives up on it. */
const CONFIRM_TIMEOUT_MS = 5000;

export async function startPolling(bot: Bot<BotContext>, config: TelegramConfig, logger: Logger): Promise<BotRuntime> {
  // getUpdates is refused while a webhook is set; keep pending updates, they are ours to answer.
  await bot.api.deleteWebhook({ drop_pending_updates: false });

  const tracker = new UpdateTracker();
  let lastFetched: number | undefined;
  const handle = run(
    {
      init: () => bot.init(),
      handleUpdate: async (update: Update) => {
        if (!tracker.accept(update.update_id)) return void logger.debug("duplicate update skipped", { update_id: update.update_id });
        await tracker.track(update.update_id, bot.handleUpdate(update));
      },
      errorHandler: (error: unknown) => bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]),
      api: {
        getUpdates: async (args, signal) => {
          try {
            const updates = await bot.api.getUpdates(args, signal);
            if (updates.length > 0) lastFetched = Math.max(lastFetched ?? 0, updates[updates.length - 1]!.update_id);
            return updates;
          } catch (error) {
            if (!signal.aborted) logger.warn("getUpdates failed", describeError(error));
            throw error;
          }
        },
      },
    },
    {
      runner: { fetch: { timeout: config.pollTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
      sink: { concurrency: config.concurrency },
    },
  );

  let resolveDone!: () => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  // Callers await `done`; this keeps an unobserved failure from crashing the process as an unhandled rejection.
  done.catch(() => {});

  const confirmOffset = async () => {
    if (lastFetched === undefined) return;
    const offset = lastFetched + 1;
    try {
      await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }, toApiSignal(AbortSignal.timeout(CONFIRM_TIMEOUT_MS)));
      logger.info("offset confirmed", { offset });
    } catch (error) {
      logger.warn("could not confirm offset; the last updates may be answered again after restart", describeError(error));
    }
  };

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("stopping polling", { in_flight: tracker.size });
      await handle.stop();
      if (!(await tracker.drain(config.shutdownTimeoutSeconds * 1000))) {
        logger.warn("shutdown timeout: abandoning unfinished answers", { in_flight: tracker.size });
      }
      await confirmOffset();
      logger.info("bot stopped");
      resolveDone();
    })());

  handle.task()?.catch(async (error: unknown) => {
    // Unrecoverable polling error (401 bad token, 409 another instance is polling).
    logger.error("polling failed", describeError(error));
    await tracker.drain(config.shutdownTimeoutSeconds * 1000);
    rejectDone(error);
  });

  return { stop, done };
}
