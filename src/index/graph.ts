/**
 * One HNSW graph shard: building it, searching it, reading its vectors. Kept apart
 * from vectors.ts so worker threads load only hnswlib, not LangChain (whose import
 * alone takes ~0.5 s).
 */
import hnswlib from "hnswlib-node";

export interface HnswParams {
  /** Graph degree. */
  m: number;
  efConstruction: number;
  /** Search breadth (per shard); recall vs latency (see scripts/bench-perf). */
  efSearch: number;
}

/**
 * Chosen with scripts/bench-perf (recall@10 against exact search for 200 real
 * CMRC/DRCD questions, hashing embedder; see README "Performance"). Sweep on the
 * 18.9k distinct vectors of 20k chunks, 2 shards, recall at efSearch 256 / 384 and
 * build CPU: M16 efC64 0.991 / 0.995 (5.7 s) · M16 efC100 0.995 / 0.998 (8.5 s) ·
 * M16 efC200 0.995 / 0.997 (12.1 s) · M24 efC100 0.998 / 0.999 (9.2 s).
 * efConstruction 100 costs ~30% less build CPU than LangChain's default 200 for no
 * loss. Recall falls with size (the bench corpora hold many near-identical
 * paragraphs, which graph search finds only in part): at efSearch 256 0.998 / 0.980 /
 * 0.961 at 5k / 50k / 200k chunks, at 384 1.000 / 0.994 / 0.985. M 32 (+17% build
 * CPU) gained only 0.02 at 200k, one graph instead of two shards lost 0.1, four
 * shards cost more per query for the same recall. efSearch is a query-time setting:
 * changing it needs no re-index.
 */
export const DEFAULT_HNSW: HnswParams = { m: 16, efConstruction: 100, efSearch: 384 };

/** What one shard build needs (sent to a build worker, hnsw-worker.ts; the vectors stay in shared memory). */
export interface GraphJob {
  data: Float32Array;
  count: number;
  dimensions: number;
  shard: number;
  shards: number;
  params: HnswParams;
  file?: string;
}

/** Inserts the shard's vectors (ordinals shard, shard + shards, …) into a new graph. */
export function buildGraph(job: GraphJob, onProgress?: (done: number) => void): hnswlib.HierarchicalNSW {
  const { data, count, dimensions, shard, shards, params } = job;
  const size = Math.max(1, Math.ceil((count - shard) / shards));
  const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
  graph.initIndex(size, params.m, params.efConstruction, 100 + shard);
  const point: number[] = new Array(dimensions).fill(0);
  let done = 0;
  for (let i = shard; i < count; i += shards) {
    const at = i * dimensions;
    for (let j = 0; j < dimensions; j++) point[j] = data[at + j];
    graph.addPoint(point, i);
    if (++done % 2000 === 0) onProgress?.(done);
  }
  return graph;
}


/** A hit on a vector row (rows are graph labels; several chunks may share one). */
export interface RowHit {
  row: number;
  similarity: number;
}

/** A segment's tombstoned rows: mask[row] is 1 for a dead row (shared memory, posted to search threads without a copy); count of them. */
export interface DeadRows {
  mask: Uint8Array;
  count: number;
}

/**
 * The k rows nearest to the query in one graph, leaving out the `dead` rows (tombstoned:
 * hnswlib still walks through them, so the graph stays connected); hnswlib's cosine distance
 * becomes similarity (1 − d) here and only here.
 *
 * hnswlib's filter calls back into JavaScript for every candidate, which cost more than the
 * search itself (200k chunks, one document tombstoned: p50 4.5 → 5.8 ms, p95 5.3 → 11.4 ms).
 * So while k plus the dead rows fit in the efSearch queue, the graph is searched without it for
 * that many more rows and the dead ones dropped: the same search work, at least k live rows
 * back, the dead taking at most `count` of the queue's places. More dead rows: the filter.
 */
export function searchGraph(graph: hnswlib.HierarchicalNSW, query: number[], k: number, dead?: DeadRows): RowHit[] {
  const total = graph.getCurrentCount();
  const n = Math.min(k, total);
  if (n <= 0) return [];
  // hnswlib-node's searchKnn is synchronous; calling it directly avoids a docstore lookup per hit.
  if (!dead?.count) return hits(graph.searchKnn(query, n));
  const { mask, count } = dead;
  if (n + count > graph.getEf()) return hits(graph.searchKnn(query, n, (row) => mask[row] !== 1));
  const out = hits(graph.searchKnn(query, Math.min(n + count, total))).filter((h) => mask[h.row] !== 1);
  return out.length > n ? out.sort((a, b) => b.similarity - a.similarity).slice(0, n) : out;
}

function hits(result: hnswlib.SearchResult): RowHit[] {
  return result.neighbors.map((row, j) => ({ row, similarity: 1 - result.distances[j] }));
}

/** Cosine similarity between the query and the vector stored at a row of the graph. */
export function rowSimilarity(graph: hnswlib.HierarchicalNSW, row: number, query: ArrayLike<number>): number {
  return dot(graph.getPoint(row), query);
}

/** Vectors are L2-normalised (hnswlib normalises in cosine space), so the dot product is the cosine. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
