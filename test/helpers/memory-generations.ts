/**
 * An in-memory twin of the published index for LiveEngine tests: generations are
 * lists of fake documents answered by a FakeEngine; tests publish builds, hold or
 * fail opens, hold questions on a generation, and see which generations were closed.
 */
import { createHash } from "node:crypto";
import type { Generation, GenerationSource } from "../../src/live/generation.js";
import { FakeEngine, type FakeDoc, type FakeEngineOptions } from "./fake-engine.js";

export interface MemoryGeneration extends Generation {
  readonly engine: FakeEngine;
}

export class MemoryGenerations implements GenerationSource<MemoryGeneration> {
  /** The build the "manifest" names. */
  published: string | undefined;
  /** Builds whose generation was opened, in order. */
  readonly opened: string[] = [];
  /** Builds whose generation was closed, in order. */
  readonly closed: string[] = [];
  /** An open waits for this promise after reading which build is published (a slow load). */
  openGate?: Promise<unknown>;
  private readonly builds = new Map<string, { docs: FakeDoc[]; engine?: FakeEngineOptions; fail?: Error }>();

  /** Publishes `build` with `docs`; `fail` makes opening it throw, `engine` tunes its engine (e.g. `hold`). */
  publish(build: string, docs: FakeDoc[], options: { fail?: Error; engine?: FakeEngineOptions } = {}): void {
    this.builds.set(build, { docs, engine: options.engine, fail: options.fail });
    this.published = build;
  }

  /** The generation of the published build, as start-up opens it. */
  current(): MemoryGeneration {
    return this.make(this.published!);
  }

  async publishedBuild(): Promise<string | undefined> {
    return this.published;
  }

  async open(): Promise<MemoryGeneration> {
    // Like openIndex: the manifest is read first, then the generation it names is loaded.
    const build = this.published!;
    await this.openGate;
    const spec = this.builds.get(build)!;
    if (spec.fail) throw spec.fail;
    return this.make(build);
  }

  private make(build: string): MemoryGeneration {
    const { docs, engine } = this.builds.get(build)!;
    this.opened.push(build);
    return {
      build,
      files: docs.map((d) => ({ source: d.source, hash: createHash("sha256").update(d.text).digest("hex") })),
      skipped: [],
      chunks: docs.length,
      engine: new FakeEngine({ ...engine, docs }),
      close: async () => void this.closed.push(build),
    };
  }
}
