/**
 * What the error boundary (grammY's `errorBoundary`) does with a failed update:
 * the error is logged with its update id and never reaches the runner, so other
 * updates keep flowing. Errors are split by layer: Telegram rejected a call
 * (GrammyError), the network failed (HttpError, whose message grammY keeps free
 * of the token), the engine (AppError), or our own code.
 */
import { BotError, GrammyError, HttpError, type Context } from "grammy";
import { AppError } from "../../errors.js";
import type { LogFields, Logger } from "../../log.js";

export function describeError(error: unknown): LogFields {
  const err = error instanceof BotError ? error.error : error;
  if (err instanceof GrammyError) {
    return { layer: "telegram", method: err.method, error_code: err.error_code, description: err.description };
  }
  if (err instanceof HttpError) return { layer: "network", error: err.message };
  if (err instanceof AppError) return { layer: "engine", code: err.code, error: err.message };
  if (err instanceof Error) return { layer: "internal", error: `${err.name}: ${err.message}`, stack: err.stack?.split("\n").slice(1, 4).join(" | ") };
  return { layer: "internal", error: String(err) };
}

/**
 * Thrown instead of a reply another holder has claimed (webhook.ts: another replica took this update over while
 * this one was slow, and answers it). Not a failure: the update is answered, just not from here.
 */
export class ReplyClaimedElsewhere extends Error {}

/** Whether `error` (or the BotError around it) only says that another replica answers this update. */
export function isClaimedElsewhere(error: unknown): boolean {
  return (error instanceof BotError ? error.error : error) instanceof ReplyClaimedElsewhere;
}

/** Which kind of update this is, for logs. */
export function updateKind(ctx: Context): string {
  return Object.keys(ctx.update).find((k) => k !== "update_id") ?? "unknown";
}

export interface UpdateErrorOptions<C extends Context> {
  logger: Logger;
  /** Tell the user something went wrong (best effort; its own errors are only logged). */
  onError?(ctx: C, error: unknown): Promise<unknown>;
  /** Once aborted (work abandoned at shutdown), errors are expected: logged at info, and the user is not told. */
  abandoned?: AbortSignal;
}

/** The handler for `composer.errorBoundary(handler)`: logs the failed update, then tells the user (unless another replica answers it). Never throws. */
export function reportUpdateErrors<C extends Context>(options: UpdateErrorOptions<C>): (error: BotError<C>) => Promise<void> {
  return async ({ ctx, error }) => {
    if (options.abandoned?.aborted) return void options.logger.info("update abandoned at shutdown", { update_id: ctx.update.update_id, kind: updateKind(ctx), ...describeError(error) });
    // Another replica answers it: nothing went wrong, and an apology would be refused the same way.
    if (isClaimedElsewhere(error)) return void options.logger.info("reply left to another replica", { update_id: ctx.update.update_id, kind: updateKind(ctx) });
    options.logger.error("update failed", { update_id: ctx.update.update_id, kind: updateKind(ctx), ...describeError(error) });
    if (!options.onError) return;
    try {
      await options.onError(ctx, error);
    } catch (notifyError) {
      options.logger.warn("could not report failure to user", { update_id: ctx.update.update_id, ...describeError(notifyError) });
    }
  };
}
