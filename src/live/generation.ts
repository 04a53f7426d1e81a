/**
 * An index generation: what one published manifest names, opened and answering.
 * The live engine holds one at a time and swaps between questions; the source is
 * how it learns of and opens the next (index-generations.ts over the index
 * directory; an in-memory twin in the tests).
 */
import type { QaEngine } from "../types.js";

/** A file of a generation, as its manifest lists it. */
export interface GenerationFile {
  source: string;
  /** sha256 of the file's bytes: a changed file has another. */
  hash: string;
}

/** A corpus file a generation could not index, and why (unsupported, damaged, empty …). */
export interface SkippedFile {
  source: string;
  reason: string;
}

export interface Generation {
  /** The build the manifest names: unique per published generation, so a new one means a new generation. */
  readonly build: string;
  readonly files: readonly GenerationFile[];
  readonly skipped: readonly SkippedFile[];
  readonly chunks: number;
  /** Answers from this generation only. */
  readonly engine: QaEngine;
  /** Frees what the generation holds (search threads); called once, when no question uses it any more. */
  close(): Promise<void>;
}

export interface GenerationSource<G extends Generation> {
  /** The build the published manifest names now; undefined when none is published. */
  publishedBuild(): Promise<string | undefined>;
  /** Opens the published generation; `previous` (the one answering) lends what the new one shares with it. */
  open(previous: G): Promise<G>;
}

/**
 * Which sources a generation added, changed and removed, relative to the one before, and which it could not
 * index that the one before could or did not know of (a broken file dropped in publishes a generation that
 * only records the skip: said so, not as "+0 files").
 */
export interface FileDiff {
  added: string[];
  changed: string[];
  removed: string[];
  skipped: string[];
}

export function diffFiles(before: Pick<Generation, "files" | "skipped">, after: Pick<Generation, "files" | "skipped">): FileDiff {
  const old = new Map(before.files.map((f) => [f.source, f.hash]));
  const now = new Set(after.files.map((f) => f.source));
  const diff: FileDiff = { added: [], changed: [], removed: [], skipped: [] };
  for (const f of after.files) {
    const hash = old.get(f.source);
    if (hash === undefined) diff.added.push(f.source);
    else if (hash !== f.hash) diff.changed.push(f.source);
  }
  for (const f of before.files) if (!now.has(f.source)) diff.removed.push(f.source);
  const skippedBefore = new Set(before.skipped.map((s) => `${s.source}\0${s.reason}`));
  for (const s of after.skipped) if (!skippedBefore.has(`${s.source}\0${s.reason}`)) diff.skipped.push(s.source);
  return diff;
}
