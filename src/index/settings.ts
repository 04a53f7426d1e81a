import type { Bm25Params } from "../search/bm25-options.js";
import type { ChunkerSettings } from "../types.js";
import type { HnswParams } from "./vectors.js";

/** How an index is built; the chunker settings are checked again when it is opened. */
export interface IndexSettings {
  chunker: ChunkerSettings;
  hnsw: HnswParams;
  bm25: Bm25Params;
}
