/**
 * What the error boundary (grammY's `errorBoundary`) does with a failed update:
 * the error is logged with its update id and never reaches the runner, so other
 * updates keep flowing. Errors are split by layer: Telegram rejected a call
 * (GrammyError), the network failed (HttpError, whose message grammY keeps free
 * of the token), the engine (AppError), or our own code.
 */
import { BotError, GrammyError, HttpError, type Context, type MiddlewareFn, type Transformer } from "grammy";
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

/**
 * Whether Telegram refused a call because the bot can no longer reach the chat: the user blocked the bot or deleted
 * their account, the bot was removed from the group or may not post in it. Nothing we send there can arrive, an
 * apology included.
 */
export function isChatUnreachable(error: unknown): boolean {
  const err = error instanceof BotError ? error.error : error;
  return err instanceof GrammyError && refusesChat(err.error_code, err.description);
}

function refusesChat(code: number | undefined, description: string | undefined): boolean {
  if (code === 403 && /bot was blocked by the user|user is deactivated|bot was kicked from the (?:group |supergroup |channel )?chat|bot is not a member of the/i.test(description ?? "")) return true;
  // A group that lets the bot read but not post (muted, or members may not send messages) says so with a 400.
  return (code === 400 || code === 403) && /not enough rights to send|have no rights to send a message|CHAT_WRITE_FORBIDDEN|CHAT_RESTRICTED/i.test(description ?? "");
}

/**
 * Per update: once a Bot API call finds a chat unreachable (`isChatUnreachable`), every later call for that chat in
 * the same update gets the same refusal at once instead of going out (a streamed answer's final send, an apology).
 * grammY gives each update its own `ctx.api`, so the chat is forgotten with the update.
 */
export function stopAtUnreachableChats<C extends Context>(): MiddlewareFn<C> {
  return (ctx, next) => {
    // Transformers see Telegram's response; grammY turns a failed one into a GrammyError after them.
    const refusals = new Map<string, Awaited<ReturnType<Parameters<Transformer>[0]>>>();
    ctx.api.config.use(async (prev, method, payload, signal) => {
      const chatId = (payload as { chat_id?: number | string }).chat_id;
      const key = chatId === undefined ? undefined : String(chatId);
      const known = key === undefined ? undefined : refusals.get(key);
      if (known) return known;
      const response = await prev(method, payload, signal);
      if (key !== undefined && !response.ok && refusesChat(response.error_code, response.description)) refusals.set(key, response);
      return response;
    });
    return next();
  };
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

/** The handler for `composer.errorBoundary(handler)`: logs the failed update, then tells the user (unless another replica answers it, or the chat is unreachable). Never throws. */
export function reportUpdateErrors<C extends Context>(options: UpdateErrorOptions<C>): (error: BotError<C>) => Promise<void> {
  return async ({ ctx, error }) => {
    if (options.abandoned?.aborted) return void options.logger.info("update abandoned at shutdown", { update_id: ctx.update.update_id, kind: updateKind(ctx), ...describeError(error) });
    // Another replica answers it: nothing went wrong, and an apology would be refused the same way.
    if (isClaimedElsewhere(error)) return void options.logger.info("reply left to another replica", { update_id: ctx.update.update_id, kind: updateKind(ctx) });
    // Blocked, deactivated or removed from the group: expected in a bot's life, and nothing more is sent there.
    if (isChatUnreachable(error)) return void options.logger.info("chat unreachable, nothing more sent", { update_id: ctx.update.update_id, kind: updateKind(ctx), chat_id: ctx.chat?.id, ...describeError(error) });
    options.logger.error("update failed", { update_id: ctx.update.update_id, kind: updateKind(ctx), ...describeError(error) });
    if (!options.onError) return;
    try {
      await options.onError(ctx, error);
    } catch (notifyError) {
      options.logger.warn("could not report failure to user", { update_id: ctx.update.update_id, ...describeError(notifyError) });
    }
  };
}
