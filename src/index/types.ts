import type { LexicalIndex } from "../search/bm25-segments.js";
import type { Chunk } from "../types.js";
import type { Manifest } from "./manifest.js";
import type { StoredDoc } from "./records.js";
import type { LoadedSegment } from "./segments.js";
import type { VectorIndex } from "./vectors.js";

export type { LexicalIndex } from "../search/bm25-segments.js";

export type { IndexSettings } from "./settings.js";

/**
 * An index generation in memory: what a build returns and what opening a published one
 * gives. Chunk ordinals run over all segments (segment base + local ordinal); `docs`,
 * `chunks` and `chunkDoc` are the segments' records concatenated, tombstoned ones included
 * (searches never return those: see `deleted`).
 */
export interface LoadedIndex {
  manifest: Manifest;
  docs: StoredDoc[];
  chunks: Chunk[];
  /** chunkDoc[i] is the position in `docs` of chunks[i]'s source. */
  chunkDoc: Uint32Array;
  vectors: VectorIndex;
  /** One segment's Bm25Index, or BM25 across segments with the live chunks' statistics (scores equal a full rebuild's). */
  bm25: LexicalIndex;
  /** deleted[i] is 1 when chunk i is tombstoned (its document was removed or replaced since its segment was written). */
  deleted: Uint8Array;
  /** The segments this generation reads, oldest first (shared with other open generations). */
  segments: readonly LoadedSegment[];
  /** Releases the segments no other open generation uses (their search threads); idempotent. */
  close(): Promise<void>;
}
