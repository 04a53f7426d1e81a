/** Documents → chunks → rows → vectors + lexical index: what a build makes of its documents. */
import { writeGraph } from "../index/artifacts.js";
import type { IndexSettings } from "../index/types.js";
import type { StoredDoc } from "../index/records.js";
import type { HnswVectorIndex } from "../index/vectors.js";
import type { Bm25Index } from "../search/bm25.js";
import type { Chunk } from "../types.js";
import type { IndexedDocument } from "./documents.js";
import { buildLexical } from "./lexical.js";
import { distinctRows, embedRows, type VectorRows, type VectorSource, vectorsFromCache } from "./rows.js";
import type { BuildDeps, OnProgress } from "./types.js";

/** The index of some documents: their records, vectors and lexical index, the graph written into its build directory. */
export interface Segment {
  docs: StoredDoc[];
  chunks: Chunk[];
  /** chunkDoc[i] is the position in `docs` of chunks[i]'s source. */
  chunkDoc: Uint32Array;
  rows: VectorRows;
  /** Row-major vectors of the rows. */
  data: Float32Array;
  /** Rows embedded for this segment, ascending; the others came from the cache. */
  embedded: number[];
  vectors: HnswVectorIndex;
  bm25: Bm25Index;
}

/**
 * Indexes `documents` into `buildDir`: one vector row per distinct chunk text (from
 * `cache` where it has it, else embedded), the HNSW graph over the rows, and BM25
 * over the chunks. Settles only once nothing writes into `buildDir` any more.
 */
export async function buildSegment(
  documents: ReadonlyArray<Pick<IndexedDocument, "doc" | "chunks">>,
  buildDir: string,
  cache: VectorSource,
  settings: IndexSettings,
  deps: BuildDeps,
  onProgress?: OnProgress,
): Promise<Segment> {
  const docs: StoredDoc[] = [];
  const chunks: Chunk[] = [];
  const chunkDoc: number[] = [];
  for (const { doc, chunks: docChunks } of documents) {
    for (const c of docChunks) {
      chunks.push(c);
      chunkDoc.push(docs.length);
    }
    docs.push(doc);
  }

  const { info, embeddings } = deps.embedder;
  const dimensions = info.dimensions;
  const rows = distinctRows(chunks);
  const count = rows.rowChunk.length;
  const { data, todo } = vectorsFromCache(cache, rows.rowKeys, dimensions);
  // The graph is built (on worker threads when sharded) as soon as the vectors are in, while the
  // main thread is still building the lexical index.
  const graph = (async () => {
    await embedRows(todo.map((r) => chunks[rows.rowChunk[r]].text), todo, data, deps, onProgress);
    onProgress?.({ phase: "embed", done: todo.length, total: todo.length });
    onProgress?.({ phase: "graph", done: 0, total: count });
    return writeGraph({ data, count, dimensions }, embeddings, settings.hnsw, buildDir, {
      rowOf: rows.rowOf,
      onProgress: (done, total) => onProgress?.({ phase: "graph", done, total }),
    });
  })();
  graph.catch(() => undefined); // awaited below
  const bm25 = await buildLexical(chunks, settings.bm25, deps.analyzer).catch(async (error: unknown) => {
    await graph.catch(() => undefined); // the graph may still be writing into buildDir
    throw error;
  });
  const vectors = await graph;
  return { docs, chunks, chunkDoc: Uint32Array.from(chunkDoc), rows, data, embedded: todo, vectors, bm25 };
}
