/**
 * Per-key limit on jobs in flight (e.g. questions one user is waiting for).
 * One concern: counting; what to say is the caller's. Several middlewares may
 * share one `JobCounter`, so a user's chat questions and inline queries draw
 * on the same budget.
 */
import type { Context, MiddlewareFn } from "grammy";

export class JobCounter {
  private readonly counts = new Map<string, number>();

  /** Takes a slot for `key` if fewer than `limit` are taken; returns its release (idempotent), or undefined when full. */
  tryAcquire(key: string, limit: number): (() => void) | undefined {
    const n = this.counts.get(key) ?? 0;
    if (n >= limit) return undefined;
    this.counts.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      // Idle keys are forgotten, so memory is bounded by the jobs in flight.
      if (left <= 0) this.counts.delete(key);
      else this.counts.set(key, left);
    };
  }

  inFlight(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Keys with at least one job in flight. */
  get size(): number {
    return this.counts.size;
  }
}

export interface JobLimitOptions<C extends Context> {
  counter: JobCounter;
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
    const release = options.counter.tryAcquire(key, options.limit);
    if (!release) return void (await options.onBusy(ctx, options.limit));
    try {
      await next();
    } finally {
      release();
    }
  };
}
