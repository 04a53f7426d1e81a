/**
 * The merge policy: every update adds a segment, and a query searches every segment's
 * graph and BM25, so the segment count is bounded. When a generation has more than
 * `maxSegments`, the smallest segments (by live chunks) are merged into one — at least
 * `mergeFactor` of them, so small recent segments are merged with each other and a large
 * old segment only once it is among the smallest (as Lucene's tiered policy does; each
 * chunk is rewritten about log_mergeFactor(N) times over the index's life). A segment
 * whose tombstones reach `maxDeletedShare` of its chunks is rewritten alone, dropping them.
 *
 * A merge costs what indexing the inputs' live chunks costs minus embedding: their vectors
 * are read back from the input graphs (hnswlib getPoint), the texts re-analysed for BM25,
 * and a new graph built. It runs under the writers' lock after the update that triggered
 * it was published, and is published as a further generation.
 */
import { writeArtifacts } from "../index/artifacts.js";
import type { Manifest, SegmentEntry } from "../index/manifest.js";
import { collectGarbage, generationName, type IndexWriter, publish } from "../index/publish.js";
import { loadSegment } from "../index/segments.js";
import type { IndexSettings } from "../index/types.js";
import { HnswVectorIndex } from "../index/vectors.js";
import type { Chunk } from "../types.js";
import type { StoredDoc } from "../index/records.js";
import { EmbeddingCache } from "./embedding-cache.js";
import type { VectorSource } from "./rows.js";
import { buildSegment } from "./segment.js";
import type { BuildDeps } from "./types.js";

export interface MergePolicy {
  /** Most segments a generation keeps; beyond it the smallest are merged. Default 8: query latency grows with every segment (scripts/bench-perf, "incremental"). */
  maxSegments: number;
  /** Fewest segments merged at once. Default 4: the next merge is at least four updates away. */
  mergeFactor: number;
  /** Share of a segment's chunks tombstoned from which it is rewritten without them. Default 0.5. */
  maxDeletedShare: number;
}

export const DEFAULT_MERGE: Readonly<MergePolicy> = Object.freeze({ maxSegments: 8, mergeFactor: 4, maxDeletedShare: 0.5 });

/** Artifacts up to this size are sha256-checked before a merge reads them (as opening does). */
const HASHED_LIMIT = 64 * 1024 * 1024;

/** The segments to merge now (in manifest order), or undefined when the generation is within the policy. */
export function pickMerge(manifest: Manifest, policy: MergePolicy = DEFAULT_MERGE): SegmentEntry[] | undefined {
  const live = new Map<string, number>();
  for (const f of manifest.files) live.set(f.segment, (live.get(f.segment) ?? 0) + f.chunks);
  const segments = manifest.segments;
  if (segments.length > policy.maxSegments) {
    const n = Math.max(2, policy.mergeFactor, segments.length - policy.maxSegments + 1);
    const smallest = new Set([...segments].sort((a, b) => (live.get(a.name) ?? 0) - (live.get(b.name) ?? 0)).slice(0, n));
    return segments.filter((s) => smallest.has(s));
  }
  const wasteful = segments.find((s) => s.chunkCount > 0 && 1 - (live.get(s.name) ?? 0) / s.chunkCount >= policy.maxDeletedShare);
  return wasteful ? [wasteful] : undefined;
}

/** Merges by the policy and publishes the result; returns the new manifest, or undefined when nothing needed merging. */
export async function mergeIfNeeded(
  indexDir: string, manifest: Manifest, writer: IndexWriter, settings: IndexSettings, deps: BuildDeps, policy: Partial<MergePolicy> = {},
): Promise<Manifest | undefined> {
  const inputs = pickMerge(manifest, { ...DEFAULT_MERGE, ...policy });
  if (!inputs) return undefined;
  const started = Date.now();
  const made = writer.newSegment();
  const loaded = await Promise.all(inputs.map((entry) => loadSegment({ indexDir, entry, embedder: deps.embedder, settings, hashLimit: HASHED_LIMIT, threads: false })));
  const documents: Array<{ doc: StoredDoc; chunks: Chunk[] }> = [];
  const vectorAt = new Map<string, { vectors: HnswVectorIndex; row: number }>();
  loaded.forEach((segment, i) => {
    if (!(segment.vectors instanceof HnswVectorIndex)) throw new Error("a merge reads its input graphs on this thread");
    const vectors = segment.vectors;
    const deleted = new Set(inputs[i].deletedDocs);
    const byDoc = segment.docs.map(() => [] as Chunk[]);
    segment.chunks.forEach((chunk, c) => {
      const d = segment.chunkDoc[c];
      if (deleted.has(d)) return;
      byDoc[d].push(chunk);
      const key = EmbeddingCache.key(chunk.text);
      if (!vectorAt.has(key)) vectorAt.set(key, { vectors, row: vectors.rowMap.row(c) });
    });
    segment.docs.forEach((doc, d) => {
      if (!deleted.has(d)) documents.push({ doc, chunks: byDoc[d] });
    });
  });
  // Stored vectors, as the embedding cache would give them: nothing is embedded again.
  const stored: VectorSource = {
    lookup(key, out, offset) {
      const at = vectorAt.get(key);
      if (!at) return false;
      out.set(at.vectors.rowVector(at.row), offset);
      return true;
    },
    release: () => vectorAt.clear(),
  };
  const segment = await buildSegment(documents, made.dir, stored, settings, deps);
  const { docs, chunks, chunkDoc, rows, vectors, bm25 } = segment;
  const artifacts = await writeArtifacts(made.dir, { docs, chunks, chunkDoc, rowOf: rows.rowOf, bm25 }, vectors.shards);
  const entry: SegmentEntry = {
    name: made.name, sources: docs.map((d) => d.source), chunkCount: chunks.length, vectorRows: rows.rowChunk.length,
    hnswShards: vectors.shards, artifacts, deletedDocs: [],
  };
  const merged = new Set(inputs.map((s) => s.name));
  const generation = manifest.generation + 1;
  const next: Manifest = {
    ...manifest,
    build: generationName(generation),
    generation,
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - started,
    files: manifest.files.map((f) => (merged.has(f.segment) ? { ...f, segment: made.name } : f)),
    // Appended: a document's live version stays in the last segment holding its source.
    segments: [...manifest.segments.filter((s) => !merged.has(s.name)), entry],
  };
  await publish(indexDir, next);
  await collectGarbage(indexDir, next);
  deps.logger.info("segments merged", { generation, merged: inputs.length, segments: next.segments.length, chunks: chunks.length, ms: next.buildMs });
  return next;
}
