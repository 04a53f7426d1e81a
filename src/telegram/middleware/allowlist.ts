/** Optional allowlist of user/chat ids. One concern: the check; the refusal text is the caller's. */
import type { Context, MiddlewareFn } from "grammy";

export interface AllowlistOptions<C extends Context> {
  /** Allowed user or chat ids; empty allows everyone. */
  ids: Iterable<number>;
  /** Called instead of `next` for everyone else; no further work is done. */
  onRefused(ctx: C): unknown;
}

export function allowlist<C extends Context>(options: AllowlistOptions<C>): MiddlewareFn<C> {
  const ids = new Set(options.ids);
  return async (ctx, next) => {
    if (ids.size === 0) return next();
    const user = ctx.from?.id;
    const chat = ctx.chat?.id;
    if ((user !== undefined && ids.has(user)) || (chat !== undefined && ids.has(chat))) return next();
    await options.onRefused(ctx);
  };
}
