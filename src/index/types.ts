import type { Bm25Index } from "../search/bm25.js";
import type { Bm25Params } from "../search/bm25-options.js";
import type { Chunk, ChunkerSettings } from "../types.js";
import type { Manifest } from "./manifest.js";
import type { StoredDoc } from "./records.js";
import type { HnswParams, VectorIndex } from "./vectors.js";

/** How an index is built; the chunker settings are checked again when it is opened. */
export interface IndexSettings {
  chunker: ChunkerSettings;
  hnsw: HnswParams;
  bm25: Bm25Params;
}

/** A built index in memory: what a build returns and what opening a published one gives. */
export interface LoadedIndex {
  manifest: Manifest;
  docs: StoredDoc[];
  chunks: Chunk[];
  /** docIndex[i] is the position in `docs` of chunks[i]'s source. */
  chunkDoc: Uint32Array;
  vectors: VectorIndex;
  bm25: Bm25Index;
}
