import { IdleWaiters } from "../util/idle.js";

/**
 * Bookkeeping for graceful shutdown and de-duplication: which updates are in
 * flight (so shutdown can wait for them) and which update ids were already
 * accepted (so a redelivery is dropped).
 */
export class UpdateTracker {
  private readonly inFlight = new Map<number, Promise<unknown>>();
  private readonly seen = new Set<number>();
  private readonly idle = new IdleWaiters();

  /** @param memory how many recent update ids are remembered for de-duplication */
  constructor(private readonly memory = 10_000) {}

  /** False when `updateId` was accepted before (a redelivery); otherwise remembers it. */
  accept(updateId: number): boolean {
    if (this.seen.has(updateId)) return false;
    this.seen.add(updateId);
    // Sets iterate in insertion order: drop the oldest ids first.
    if (this.seen.size > this.memory) this.seen.delete(this.seen.values().next().value!);
    return true;
  }

  /** Tracks `task` until it settles and returns it unchanged (rejections still reach the caller). */
  track<T>(updateId: number, task: Promise<T>): Promise<T> {
    this.inFlight.set(updateId, task);
    const done = () => {
      this.inFlight.delete(updateId);
      if (this.inFlight.size === 0) this.idle.settle();
    };
    task.then(done, done);
    return task;
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return this.idle.wait(timeoutMs);
  }
}
