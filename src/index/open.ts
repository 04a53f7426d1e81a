/**
 * Opening and verifying the published index generation: every segment's artifacts are
 * checked before anything is decoded, segments already loaded by the previous generation
 * are reused, and a segment removed under a reader (a writer published a newer generation
 * and collected the old segments meanwhile) makes it read the new manifest and retry.
 */
import path from "node:path";
import { IndexError } from "../errors.js";
import type { TermAnalyzer } from "../search/analyzer.js";
import { type LexicalSegment, SegmentedBm25 } from "../search/bm25-segments.js";
import type { Chunk, Embedder } from "../types.js";
import { type Manifest, readManifest } from "./manifest.js";
import type { StoredDoc } from "./records.js";
import { SegmentedVectorIndex, type VectorSegment } from "./segmented-vectors.js";
import { type LoadedSegment, loadSegment, SegmentMissing, verifySegment } from "./segments.js";
import type { IndexSettings, LexicalIndex, LoadedIndex } from "./types.js";

/** Artifacts up to this size are sha256-checked on every load; larger ones by size (hashing 400 MB would cost ~1 s of cold start). */
const HASHED_LIMIT = 64 * 1024 * 1024;
/** A reader whose segments keep vanishing under it (a writer publishing again and again) gives up after this many manifests. */
const OPEN_ATTEMPTS = 4;

export interface OpenOptions {
  /**
   * Search a sharded segment (2 shards from SHARD_MIN_VECTORS distinct chunks) on one worker thread
   * per shard, beside BM25 on the main thread. Default true; false searches on the calling thread.
   */
  searchThreads?: boolean;
  /** An open generation whose segments are reused when the new one lists them (no re-read, no re-hash). */
  previous?: LoadedIndex;
}

export interface OpenDeps {
  embedder: Embedder;
  /** Re-analyses tombstoned chunks so document frequencies count live chunks only (without it they count every stored chunk). */
  analyzer?: Pick<TermAnalyzer, "fold" | "terms">;
}

/** Loads the published generation, checking format, embedder and every new segment's artifacts before native code reads them. */
export async function openIndex(indexDir: string, deps: OpenDeps, settings: IndexSettings, options: OpenOptions = {}): Promise<LoadedIndex> {
  for (let attempt = 1; ; attempt++) {
    const manifest = await readManifest(indexDir);
    if (!manifest) throw new IndexError("INDEX_MISSING", `no index in ${indexDir}`, { hint: "run `citebot index` to build it" });
    checkCompatible(indexDir, manifest, deps.embedder, settings);
    try {
      return await openGeneration(indexDir, manifest, deps, settings, options);
    } catch (error) {
      // A segment gone or going (a writer collecting it after publishing anew) is read from the new manifest.
      if (!(error instanceof SegmentMissing) && !(error instanceof IndexError && error.code === "INDEX_CORRUPT")) throw error;
      const now = await readManifest(indexDir).catch(() => undefined);
      if (attempt < OPEN_ATTEMPTS && now && now.build !== manifest.build) continue;
      if (!(error instanceof SegmentMissing)) throw error;
      throw new IndexError("INDEX_CORRUPT", `index segment ${path.join(indexDir, error.segment)} is missing`, { hint: "run `citebot index --full` to rebuild the index" });
    }
  }
}

async function openGeneration(indexDir: string, manifest: Manifest, deps: OpenDeps, settings: IndexSettings, options: OpenOptions): Promise<LoadedIndex> {
  const reusable = new Map((options.previous?.segments ?? []).map((s) => [s.name, s]));
  const settled = await Promise.allSettled(manifest.segments.map((entry) =>
    reusable.get(entry.name) ??
      loadSegment({ indexDir, entry, embedder: deps.embedder, settings, hashLimit: HASHED_LIMIT, threads: options.searchThreads !== false })));
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(settled.map((s) => (s.status === "fulfilled" ? s.value.discard() : undefined)));
    throw failed.reason;
  }
  return assembleIndex(manifest, settled.map((s) => (s as PromiseFulfilledResult<LoadedSegment>).value), deps.analyzer, options.previous);
}

/** Refuses an index built with another embedder or chunker, saying what to run. */
function checkCompatible(indexDir: string, manifest: Manifest, embedder: Embedder, settings: IndexSettings): void {
  const expected = embedder.info;
  if (manifest.embedder.id !== expected.id || manifest.embedder.dimensions !== expected.dimensions) {
    throw new IndexError(
      "INDEX_MISMATCH",
      `index in ${indexDir} was built with embedder ${manifest.embedder.id} (${manifest.embedder.dimensions} dims), but the configured embedder is ${expected.id} (${expected.dimensions} dims)`,
      { hint: "run `citebot index` to rebuild it with the configured embedder" },
    );
  }
  if (JSON.stringify(manifest.chunker) !== JSON.stringify(settings.chunker)) {
    throw new IndexError("INDEX_MISMATCH", `index in ${indexDir} was built with other chunker settings`, { hint: "run `citebot index` to rebuild it" });
  }
}

/**
 * One generation over loaded segments (in manifest order, each retained until `close`):
 * ordinals are segment base + local ordinal; tombstones come from the manifest.
 */
export function assembleIndex(manifest: Manifest, segments: LoadedSegment[], analyzer?: OpenDeps["analyzer"], previous?: LoadedIndex): LoadedIndex {
  const total = segments.reduce((n, s) => n + s.chunks.length, 0);
  const docs: StoredDoc[] = [];
  const chunks: Chunk[] = new Array(total);
  const chunkDoc = new Uint32Array(total);
  const deleted = new Uint8Array(total);
  const vectorSegments: VectorSegment[] = [];
  const lexical: LexicalSegment[] = [];
  let base = 0;
  segments.forEach((segment, i) => {
    const dropped = new Set(manifest.segments[i].deletedDocs);
    const local = dropped.size ? new Uint8Array(segment.chunks.length) : undefined;
    const deletedIds: number[] = [];
    segment.chunks.forEach((chunk, c) => {
      chunks[base + c] = chunk;
      chunkDoc[base + c] = docs.length + segment.chunkDoc[c];
      if (local && dropped.has(segment.chunkDoc[c])) {
        local[c] = 1;
        deleted[base + c] = 1;
        deletedIds.push(c);
      }
    });
    docs.push(...segment.docs);
    vectorSegments.push({ vectors: segment.vectors, base, deleted: local, dead: SegmentedVectorIndex.deadRows(segment.vectors.rowMap, local) });
    lexical.push({
      index: segment.bm25, base,
      ...(local ? { deleted: Uint32Array.from(deletedIds) } : {}),
      ...(local && analyzer ? { termsOf: (c: number) => analyzer.terms(analyzer.fold(segment.chunks[c].text)) } : {}),
    });
    base += segment.chunks.length;
  });
  const whole = segments.length === 1 && !vectorSegments[0].deleted;
  const vectors = whole ? segments[0].vectors : new SegmentedVectorIndex(vectorSegments, total);
  // Given the previous generation, segments it had pay only for their new tombstones.
  const bm25: LexicalIndex = whole ? segments[0].bm25 : new SegmentedBm25(lexical, {}, previous?.bm25 instanceof SegmentedBm25 ? previous.bm25 : undefined);
  for (const s of segments) s.retain();
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= Promise.all(segments.map((s) => s.release())).then(() => undefined));
  return { manifest, docs, chunks, chunkDoc, vectors, bm25, deleted, segments, close };
}

/**
 * What `citebot stats` verifies: what openIndex checks except that the configured
 * embedder matches (stats starts no embedder), every artifact of every segment hashed
 * whatever its size, and the graph files checked against their layout instead of loaded.
 */
export async function verifyIndex(indexDir: string, manifest: Manifest, settings: IndexSettings): Promise<void> {
  if (JSON.stringify(manifest.chunker) !== JSON.stringify(settings.chunker)) {
    throw new IndexError("INDEX_MISMATCH", `index in ${indexDir} was built with other chunker settings`, { hint: "run `citebot index` to rebuild it" });
  }
  for (const entry of manifest.segments) {
    try {
      await verifySegment(indexDir, entry);
    } catch (error) {
      if (!(error instanceof SegmentMissing)) throw error;
      throw new IndexError("INDEX_CORRUPT", `index segment ${path.join(indexDir, error.segment)} is missing`, { hint: "run `citebot index --full` to rebuild the index" });
    }
  }
}
