/**
 * Per-key limit on jobs in flight (e.g. questions one user is waiting for).
 * One concern: the gate; counting is the store's (state/: in memory, or Redis shared by
 * replicas), what to say is the caller's. Several middlewares may share one store, so a
 * user's chat questions and inline queries draw on the same budget.
 */
import type { Context, MiddlewareFn } from "grammy";
import type { JobSlots } from "../../state/types.js";

export interface JobLimitOptions<C extends Context> {
  counter: JobSlots;
  /** Jobs in flight allowed per key; 0 disables the limit. */
  limit: number;
  /** Who is being limited; undefined exempts the update (e.g. admins). */
  key(ctx: C): string | undefined;
  /** Called instead of `next` when the key already has `limit` jobs in flight. */
  onBusy(ctx: C, limit: number): unknown;
}

export function jobLimit<C extends Context>(options: JobLimitOptions<C>): MiddlewareFn<C> {
  return async (ctx, next) => {
    const key = options.limit > 0 ? options.key(ctx) : undefined;
    if (key === undefined) return next();
    const release = await options.counter.tryAcquire(key, options.limit);
    if (!release) return void (await options.onBusy(ctx, options.limit));
    try {
      await next();
    } finally {
      await release();
    }
  };
}
