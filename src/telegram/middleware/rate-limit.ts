/** Per-key sliding-window rate limit. One concern: counting; what to say is the caller's. */
import type { Context, MiddlewareFn } from "grammy";

export interface RateLimitOptions<C extends Context> {
  /** Events allowed per window and key; 0 disables the limit. */
  limit: number;
  /** Window length in milliseconds (default 60 000). */
  windowMs?: number;
  /** Who is being limited; undefined exempts the update (e.g. admins). */
  key(ctx: C): string | undefined;
  /** Called instead of `next` when over the limit. `first` is true once per window, so the user is told only once. */
  onLimited(ctx: C, retryAfterSeconds: number, first: boolean): unknown;
  /** Clock, for tests (default Date.now). */
  now?: () => number;
  /** Keys remembered at most; stale ones are pruned first (default 10 000). */
  maxKeys?: number;
}

interface Bucket {
  hits: number[];
  notified: boolean;
}

export function rateLimit<C extends Context>(options: RateLimitOptions<C>): MiddlewareFn<C> {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, Bucket>();

  const prune = (t: number) => {
    for (const [k, b] of buckets) if (!b.hits.length || b.hits[b.hits.length - 1]! <= t - windowMs) buckets.delete(k);
    // Still too many active keys: forget the oldest (Map keeps insertion order).
    for (const k of buckets.keys()) {
      if (buckets.size <= maxKeys) break;
      buckets.delete(k);
    }
  };

  return async (ctx, next) => {
    const key = options.limit > 0 ? options.key(ctx) : undefined;
    if (key === undefined) return next();
    const t = now();
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= maxKeys) prune(t);
      bucket = { hits: [], notified: false };
      buckets.set(key, bucket);
    }
    while (bucket.hits.length && bucket.hits[0]! <= t - windowMs) bucket.hits.shift();
    if (bucket.hits.length >= options.limit) {
      const retryAfter = Math.max(1, Math.ceil((bucket.hits[0]! + windowMs - t) / 1000));
      const first = !bucket.notified;
      bucket.notified = true;
      await options.onLimited(ctx, retryAfter, first);
      return;
    }
    bucket.hits.push(t);
    bucket.notified = false;
    await next();
  };
}
