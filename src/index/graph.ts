/**
 * Building one HNSW graph shard. Kept apart from vectors.ts so graph-building
 * worker threads load only hnswlib, not LangChain (whose import alone takes ~0.5 s).
 */
import hnswlib from "hnswlib-node";

export interface HnswParams {
  /** Graph degree. */
  m: number;
  efConstruction: number;
  /** Search breadth (per shard); recall vs latency (see scripts/bench-perf). */
  efSearch: number;
}

/** What one shard build needs (sent to a worker as workerData). */
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

