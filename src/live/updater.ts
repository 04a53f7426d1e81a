/**
 * Keeps the index up to date with the corpus while `chat` or `bot` runs: each
 * request runs the update (index what changed, publish a new generation), then
 * reloads. One update at a time; requests during one make exactly one more run
 * after it, so a change made while the corpus was being read is never missed.
 * A failed update is logged and the current generation keeps answering.
 */
import type { Logger } from "../log.js";

/** What an update changed (a-core's UpdateResult has this shape); undefined or all empty when it found nothing to do. */
export interface UpdateReport {
  added: ArrayLike<unknown>;
  changed: ArrayLike<unknown>;
  removed: ArrayLike<unknown>;
}

/** Indexes what changed in the corpus and publishes the new generation. */
export type CorpusUpdate = () => Promise<UpdateReport | undefined>;

export interface CorpusUpdaterDeps {
  update: CorpusUpdate;
  /** Switches the answering engine to what the update published. */
  reload: () => Promise<unknown>;
  logger: Logger;
}

export class CorpusUpdater {
  private running?: Promise<void>;
  private again = false;
  private closed = false;
  private readonly logger: Logger;

  constructor(private readonly deps: CorpusUpdaterDeps) {
    this.logger = deps.logger.child({ component: "live" });
  }

  /** Runs an update now, or once more after the one in progress. */
  request(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves when no update is running or queued. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Takes no more requests; waits for the update in progress. */
  async close(): Promise<void> {
    this.closed = true;
    this.again = false;
    await this.idle();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.runOnce();
    } while (this.again && !this.closed);
  }

  private async runOnce(): Promise<void> {
    const started = performance.now();
    try {
      const report = await this.deps.update();
      if (!report || report.added.length + report.changed.length + report.removed.length === 0) return;
      this.logger.info("corpus change indexed", {
        added: report.added.length,
        changed: report.changed.length,
        removed: report.removed.length,
        ms: Math.round(performance.now() - started),
      });
      await this.deps.reload();
    } catch (error) {
      const { message, code, hint } = error as { message?: string; code?: string; hint?: string };
      this.logger.warn("indexing the corpus change failed; answering from the current index", {
        error: message ?? String(error),
        ...(code ? { code } : {}),
        ...(hint ? { hint } : {}),
      });
    }
  }
}
