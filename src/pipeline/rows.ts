/** Chunks → vector rows → vectors: one row per distinct chunk text, from the cache or embedded. */
import { embedWithPool, isPoolable } from "../embed/worker-pool.js";
import type { Chunk } from "../types.js";
import { EmbeddingCache } from "./embedding-cache.js";
import type { BuildDeps, OnProgress } from "./types.js";

const EMBED_BATCH = 256;

/** Vector rows: one per distinct chunk text, in order of first occurrence. */
export interface VectorRows {
  /** Row of each chunk. */
  rowOf: Uint32Array;
  /** First chunk of each row. */
  rowChunk: number[];
  /** Embedding-cache key of each row. */
  rowKeys: string[];
}

/** Chunks with identical text (boilerplate, repeated documents) share one vector row: embedded once, one graph node. */
export function distinctRows(chunks: Chunk[]): VectorRows {
  const rowOf = new Uint32Array(chunks.length);
  const rowChunk: number[] = [];
  const rowKeys: string[] = [];
  const byKey = new Map<string, number>();
  chunks.forEach((chunk, i) => {
    const key = EmbeddingCache.key(chunk.text);
    let row = byKey.get(key);
    if (row === undefined) {
      row = rowChunk.length;
      byKey.set(key, row);
      rowChunk.push(i);
      rowKeys.push(key);
    }
    rowOf[i] = row;
  });
  return { rowOf, rowChunk, rowKeys };
}

/** Where known vectors come from: the embedding cache, or a merge's input segments. */
export type VectorSource = Pick<EmbeddingCache, "lookup" | "release">;

/**
 * One matrix for the vectors of all rows, shared with the embedding and graph workers
 * (no per-vector objects), filled from the cache where it has them; the cache is
 * released after. Returns the matrix and the rows still to embed.
 */
export function vectorsFromCache(cache: VectorSource, rowKeys: string[], dimensions: number): { data: Float32Array; todo: number[] } {
  const data = new Float32Array(new SharedArrayBuffer(rowKeys.length * dimensions * 4));
  const todo: number[] = [];
  rowKeys.forEach((key, r) => {
    if (!cache.lookup(key, data, r * dimensions)) todo.push(r);
  });
  cache.release();
  return { data, todo };
}

/**
 * Embeds `texts` into rows `rows` of `data`: on all cores through worker threads
 * when the embedder supports it and the job is big enough, else in batches
 * through the LangChain Embeddings interface.
 */
export async function embedRows(texts: string[], rows: number[], data: Float32Array, deps: BuildDeps, onProgress?: OnProgress): Promise<void> {
  const { embeddings, info } = deps.embedder;
  const d = info.dimensions;
  if (texts.length === 0) return;
  if (isPoolable(embeddings)) {
    await embedWithPool(embeddings, texts, Int32Array.from(rows), data, d, {
      onProgress: (p) => onProgress?.({ phase: "embed", ...p }),
      onFallback: (reason) => deps.logger.warn("embedding in-process", { reason }),
    });
    return;
  }
  for (let b = 0; b < texts.length; b += EMBED_BATCH) {
    onProgress?.({ phase: "embed", done: b, total: texts.length });
    const batch = texts.slice(b, b + EMBED_BATCH);
    const embedded = await embeddings.embedDocuments(batch);
    batch.forEach((_, j) => {
      const vector = embedded[j];
      if (!vector || vector.length !== d) throw new Error(`embedder returned a vector of ${vector?.length ?? 0} dimensions, expected ${d}`);
      data.set(vector, rows[b + j] * d);
    });
  }
}
