/**
 * Long polling with @grammyjs/runner: updates are handled concurrently across
 * chats (the bot's `sequentialize` keeps each chat in order). On stop, polling
 * ends, in-flight updates finish (up to the shutdown timeout), and the offset
 * past every fetched update is confirmed to Telegram: the runner only confirms
 * a batch with its next getUpdates, which never comes once stopped, so without
 * this a restart would answer the last batch again. Delivery is at most once:
 * an answer still unfinished at the timeout is abandoned (`abandon`: its
 * engine question is cancelled and its Bot API calls are cut off, so nothing
 * of it is sent later), never repeated.
 * A failed poll is retried here with a capped back-off (see `PollRetry`), so
 * the runner only ever sees fatal errors.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { run } from "@grammyjs/runner";
import { GrammyError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { TelegramConfig } from "../config/telegram.js";
import type { Logger } from "../log.js";
import { retry } from "../util/retry.js";
import { ALLOWED_UPDATES, type BotContext } from "./bot.js";
import { describeError } from "./middleware/error-boundary.js";
import { retryAfterMs } from "./network-retry.js";
import { toApiSignal } from "./reply.js";
import type { BotRuntime } from "./runtime.js";
import { UpdateTracker } from "./tracker.js";

/** How long the final offset confirmation may take before shutdown gives up on it. */
const CONFIRM_TIMEOUT_MS = 5000;
/** getUpdates bypasses auto-retry (polls are retried below), so the confirmation retries on its own: 4 attempts. */
const CONFIRM_DELAYS_MS = [250, 500, 750];

/**
 * A failed poll is retried after `initialMs`, doubling up to `maxMs` (a 429 waits
 * its retry_after instead). Capped, so the bot is back within `maxMs` of the
 * Bot API recovering from an outage of any length; the runner's own back-off
 * doubles without a cap. 401 (bad token) is fatal, and so is 409 (another instance) for an instance that has not
 * polled yet; one that has holds its ground (CONFLICTS_BEFORE_YIELDING).
 */
export interface PollRetry {
  initialMs: number;
  maxMs: number;
}
export const DEFAULT_POLL_RETRY: PollRetry = { initialMs: 100, maxMs: 5000 };
/** During an outage, every failed poll is logged at debug and one in this many at warn. */
const WARN_EVERY = 10;
/**
 * After abandoning answers at the shutdown timeout, how long to wait for the runner to wind down (its loop waits
 * for room in the sink, i.e. for abandoned handlers to settle, which an engine ignoring its signal never does).
 */
const ABANDON_GRACE_MS = 1000;

function isFatal(error: unknown): boolean {
  return error instanceof GrammyError && (error.error_code === 401 || error.error_code === 409);
}

/**
 * Telegram ends a pending getUpdates with 409 when a newer one arrives, so a second instance started with the same
 * token first cuts off the one already serving. That one polls again at once (cutting the newcomer off in turn, whose
 * first poll then fails: it exits with TELEGRAM_CONFLICT), and yields only after this many conflicts in a row: the
 * other poller is then not a citebot that steps back.
 */
const CONFLICTS_BEFORE_YIELDING = 3;
/** A poll cut off after waiting this long was a serving instance's long poll (a newcomer's is cut off within ~0.1 s). */
const SERVING_POLL_MS = 1000;

/**
 * @param abandon called when the shutdown timeout expires with answers unfinished: cancels their work
 */
export async function startPolling(bot: Bot<BotContext>, config: TelegramConfig, logger: Logger, abandon: () => void, pollRetry: PollRetry = DEFAULT_POLL_RETRY): Promise<BotRuntime> {
  // getUpdates is refused while a webhook is set; keep pending updates, they are ours to answer.
  await bot.api.deleteWebhook({ drop_pending_updates: false });

  const tracker = new UpdateTracker();
  let lastFetched: number | undefined;
  // Whether this instance was serving when a conflict came: a poll of its own succeeded, or the poll cut off had been
  // waiting (a newcomer's first poll is cut off at once, by the serving instance polling again); and the conflicts since.
  let polled = false;
  let waitedMs = 0;
  let conflicts = 0;
  const holdsGround = (error: unknown) => {
    if (!(error instanceof GrammyError) || error.error_code !== 409 || !(polled || waitedMs >= SERVING_POLL_MS)) return false;
    conflicts++;
    if (conflicts < CONFLICTS_BEFORE_YIELDING) logger.warn("another instance polled with this token; polling again so that it stops", { conflicts });
    return conflicts < CONFLICTS_BEFORE_YIELDING;
  };
  const handle = run(
    {
      init: () => bot.init(),
      handleUpdate: async (update: Update) => {
        if (!tracker.accept(update.update_id)) return void logger.debug("duplicate update skipped", { update_id: update.update_id });
        await tracker.track(update.update_id, bot.handleUpdate(update));
      },
      errorHandler: (error: unknown) => bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]),
      api: {
        getUpdates: (args, signal) =>
          retry(
            async (failures) => {
              const sent = Date.now();
              const updates = await bot.api.getUpdates(args, signal).finally(() => (waitedMs = Date.now() - sent));
              polled = true;
              conflicts = 0;
              if (updates.length > 0) lastFetched = Math.max(lastFetched ?? 0, updates[updates.length - 1]!.update_id);
              if (failures > 0) logger.info("getUpdates recovered", { failures });
              return updates;
            },
            {
              delays: pollRetry,
              // Stopped (the runner aborts the poll), or unrecoverable: the runner ends polling and `done` rejects.
              retryable: (error) => !signal.aborted && (!isFatal(error) || holdsGround(error)),
              serverDelayMs: retryAfterMs,
              signal: signal as unknown as AbortSignal,
              onRetry: ({ error, failures, delayMs }) => {
                const fields = { failures, retry_in_ms: delayMs, ...describeError(error) };
                if (failures === 1 || failures % WARN_EVERY === 0) logger.warn("getUpdates failed", fields);
                else logger.debug("getUpdates failed", fields);
              },
            },
          ).catch((error: unknown) => {
            if (!signal.aborted && isFatal(error)) logger.warn("getUpdates failed", describeError(error));
            throw error;
          }),
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
    const deadline = Date.now() + CONFIRM_TIMEOUT_MS;
    let attempt = 0;
    try {
      await retry(
        () => (attempt++, bot.api.getUpdates({ offset, limit: 1, timeout: 0 }, toApiSignal(AbortSignal.timeout(Math.max(1, deadline - Date.now()))))),
        // Telegram may ask us to wait (429 retry_after); otherwise back off a little, within the time left.
        { delays: CONFIRM_DELAYS_MS, retryable: (error) => !isFatal(error), serverDelayMs: retryAfterMs, deadline },
      );
      logger.info("offset confirmed", { offset, attempt });
    } catch (error) {
      logger.warn("could not confirm offset; the last updates may be answered again after restart", { offset, attempt, ...describeError(error) });
    }
  };

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("stopping polling", { in_flight: tracker.size });
      // Settles once the runner's loop ends, which first waits for room in the sink: only for as long as answers may take.
      const runnerStopped = handle.stop() ?? Promise.resolve();
      if (!(await tracker.drain(config.shutdownTimeoutSeconds * 1000))) {
        logger.warn("shutdown timeout: abandoning unfinished answers", { in_flight: tracker.size });
        abandon();
        await Promise.race([runnerStopped, sleep(ABANDON_GRACE_MS)]);
      } else {
        await runnerStopped;
      }
      await confirmOffset();
      logger.info("bot stopped");
      resolveDone();
    })());

  handle.task()?.catch(async (error: unknown) => {
    // Unrecoverable polling error (401 bad token, 409 another instance is polling).
    logger.error("polling failed", describeError(error));
    if (!(await tracker.drain(config.shutdownTimeoutSeconds * 1000))) {
      logger.warn("shutdown timeout: abandoning unfinished answers", { in_flight: tracker.size });
      abandon();
    }
    rejectDone(error);
  });

  return { stop, done };
}
