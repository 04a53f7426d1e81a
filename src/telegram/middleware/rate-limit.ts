/** Per-key sliding-window rate limit. One concern: the verdict; counting is the store's, what to say is the caller's. */
import type { Context, MiddlewareFn } from "grammy";
import { MemoryRateLimits } from "../../state/memory.js";
import type { RateLimitStore } from "../../state/types.js";

export interface RateLimitOptions<C extends Context> {
  /** Events allowed per window and key; 0 disables the limit. */
  limit: number;
  /** Window length in milliseconds (default 60 000). */
  windowMs?: number;
  /** Who is being limited; undefined exempts the update (e.g. admins). */
  key(ctx: C): string | undefined;
  /** Called instead of `next` when over the limit. `first` is true once per window, so the user is told only once. */
  onLimited(ctx: C, retryAfterSeconds: number, first: boolean): unknown;
  /** Where events are counted (default: in memory, this middleware's own, with `now` and `maxKeys`); Redis shares it across replicas. */
  store?: RateLimitStore;
  /** Clock of the default store, for tests (default Date.now). */
  now?: () => number;
  /** Keys the default store remembers at most; stale ones are pruned first (default 10 000). */
  maxKeys?: number;
}

export function rateLimit<C extends Context>(options: RateLimitOptions<C>): MiddlewareFn<C> {
  const windowMs = options.windowMs ?? 60_000;
  const store = options.store ?? new MemoryRateLimits({ now: options.now, maxKeys: options.maxKeys });
  return async (ctx, next) => {
    const key = options.limit > 0 ? options.key(ctx) : undefined;
    if (key === undefined) return next();
    const verdict = await store.hit(key, options.limit, windowMs);
    if (!verdict.allowed) return void (await options.onLimited(ctx, verdict.retryAfterSeconds, verdict.first));
    await next();
  };
}
