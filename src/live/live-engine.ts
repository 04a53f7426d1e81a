/**
 * The engine `chat` and `bot` answer with: a QaEngine over the current index
 * generation that swaps to a newly published one between questions.
 *
 * - A question runs on the generation current when it was asked, to the end: each
 *   generation counts the questions using it, and one that was replaced is closed
 *   when its count drops to zero (at once when it is idle).
 * - `reload()` reads which build the manifest names and, when it is a new one,
 *   opens it (while the current one keeps answering) and switches. Reloads never
 *   overlap: a call during one is served by one more run after it, shared by every
 *   call meanwhile, so a publish seen mid-open is not missed and a burst of calls
 *   opens a generation once.
 * - A generation that fails to open (corrupted, its files removed meanwhile) is
 *   logged once and skipped; the current one keeps answering, and the next
 *   published build is tried.
 */
import type { Logger } from "../log.js";
import type { Answer, AskOptions, Passage, QaEngine, SourceInfo } from "../types.js";
import { diffFiles, type FileDiff, type Generation, type GenerationSource } from "./generation.js";

export interface ReloadResult {
  /** True when this reload switched to a new generation. */
  changed: boolean;
  /** The build answering after it. */
  build: string;
}

/** What a switch changed, for the logs and for chat's notice. */
export interface SwitchEvent extends FileDiff {
  build: string;
  previousBuild: string;
  files: number;
  chunks: number;
  /** From the reload's start (reading the manifest) to answering on the new generation. */
  ms: number;
}

interface Slot<G extends Generation> {
  generation: G;
  /** Questions in flight on it. */
  users: number;
  /** Replaced: closed as soon as nobody uses it. */
  retired: boolean;
  released: boolean;
}

export class LiveEngine<G extends Generation = Generation> implements QaEngine {
  /** Every generation shares the app's answerer, so whether answers stream never changes. */
  readonly streaming: boolean;
  private current: Slot<G>;
  private running?: Promise<ReloadResult>;
  private queued?: Promise<ReloadResult>;
  /** The build that last failed to open, so it is reported (and tried) once. */
  private failedBuild?: string;
  /** The message of the last failure to read the manifest, reported once until a reload succeeds. */
  private failedRead?: string;
  private closed = false;
  private readonly listeners = new Set<(event: SwitchEvent) => void>();
  private readonly closing = new Set<Promise<void>>();
  private readonly logger: Logger;

  constructor(private readonly source: GenerationSource<G>, initial: G, logger: Logger) {
    this.current = { generation: initial, users: 0, retired: false, released: false };
    this.streaming = initial.engine.streaming === true;
    this.logger = logger.child({ component: "live" });
  }

  /** The generation new questions go to. */
  get generation(): G {
    return this.current.generation;
  }

  async ask(question: string, options?: AskOptions): Promise<Answer> {
    const slot = this.current;
    slot.users++;
    try {
      return await slot.generation.engine.ask(question, options);
    } finally {
      slot.users--;
      if (slot.retired && slot.users === 0) this.retire(slot);
    }
  }

  sources(): SourceInfo[] {
    return this.current.generation.engine.sources();
  }

  passage(chunkId: string, start: number, end: number): Passage | undefined {
    return this.current.generation.engine.passage(chunkId, start, end);
  }

  exampleQuestions(count: number): string[] {
    return this.current.generation.engine.exampleQuestions(count);
  }

  /** Calls `listener` after every switch; returns the function that stops it. */
  onSwitch(listener: (event: SwitchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Switches to the published generation when it is a new one; see the file comment. */
  reload(): Promise<ReloadResult> {
    if (!this.running) {
      this.running = this.reloadOnce().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.reload();
      });
    return this.queued;
  }

  /** No more switches; the current generation is closed once its questions are answered, and this resolves when every generation is. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    const slot = this.current;
    if (!slot.retired) {
      slot.retired = true;
      if (slot.users === 0) this.retire(slot);
    }
    while (this.closing.size) await Promise.all(this.closing);
  }

  private async reloadOnce(): Promise<ReloadResult> {
    const started = performance.now();
    const before = this.current.generation;
    const unchanged = { changed: false, build: before.build };
    if (this.closed) return unchanged;
    let build: string | undefined;
    try {
      build = await this.source.publishedBuild();
      this.failedRead = undefined;
    } catch (error) {
      const message = (error as Error).message;
      if (this.failedRead !== message) this.logger.warn("cannot read the index manifest; answering from the current generation", { generation: before.build, error: message });
      this.failedRead = message;
      return unchanged;
    }
    if (build === undefined || build === before.build || build === this.failedBuild) return unchanged;
    let next: G;
    try {
      next = await this.source.open(before);
    } catch (error) {
      // A writer publishes the next build, then removes the old ones: a build superseded while it was being
      // opened can vanish under the reader. That is no fault: the newer one is opened instead.
      const now = await this.source.publishedBuild().catch(() => build);
      if (now !== build && now !== before.build) {
        this.logger.debug("index generation superseded while opening", { generation: build, published: now });
        return this.reloadOnce();
      }
      this.failedBuild = build;
      this.logger.warn("new index generation cannot be opened; answering from the current one until the next is published", {
        generation: build,
        current: before.build,
        error: (error as Error).message,
        ...((error as { code?: string }).code ? { code: (error as { code?: string }).code } : {}),
      });
      return unchanged;
    }
    if (this.closed) {
      await next.close();
      return unchanged;
    }
    const previous = this.current;
    this.current = { generation: next, users: 0, retired: false, released: false };
    previous.retired = true;
    if (previous.users === 0) this.retire(previous);
    const event: SwitchEvent = {
      build: next.build,
      previousBuild: before.build,
      files: next.files.length,
      chunks: next.chunks,
      ...diffFiles(before, next),
      ms: Math.round(performance.now() - started),
    };
    this.logger.info("index generation switched", {
      generation: event.build,
      previous: event.previousBuild,
      files: event.files,
      chunks: event.chunks,
      added: event.added.length,
      changed: event.changed.length,
      removed: event.removed.length,
      skipped: event.skipped.length,
      in_flight: previous.users,
      ms: event.ms,
    });
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // The switch has happened; a listener's failure must not make it look failed to the watch that asked for it.
        this.logger.warn("a generation switch listener failed", { generation: event.build, error: (error as Error).message });
      }
    }
    return { changed: true, build: next.build };
  }

  private retire(slot: Slot<G>): void {
    if (slot.released) return;
    slot.released = true;
    const closing = slot.generation
      .close()
      .catch((error: unknown) => this.logger.warn("closing an old index generation failed", { generation: slot.generation.build, error: (error as Error).message }))
      .finally(() => this.closing.delete(closing));
    this.closing.add(closing);
  }
}
