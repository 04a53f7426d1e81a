/**
 * Waiters for "nothing is running any more": `wait` resolves true once `settle` is called, or false
 * after its timeout. Graceful shutdown waits through it for updates and conversations in flight.
 */
export class IdleWaiters {
  private waiters: Array<() => void> = [];

  /** Resolves true at the next `settle`, or false after `timeoutMs`. */
  wait(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== onIdle);
        resolve(false);
      }, timeoutMs);
      const onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(onIdle);
    });
  }

  /** Resolves every pending `wait` with true. */
  settle(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
