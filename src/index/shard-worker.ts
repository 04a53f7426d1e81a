/**
 * Worker-thread side of ThreadedVectorIndex: holds one HNSW shard (hnswlib only,
 * no LangChain) and answers searches and similarity lookups on its rows.
 * It ends by a `close` message once its queue is done: never terminated inside
 * native code, which aborts the process.
 */
import { workerData } from "node:worker_threads";
import hnswlib from "hnswlib-node";
import { serve, type Handlers } from "../util/worker-rpc.js";
import { type DeadRows, rowSimilarity, searchGraph } from "./graph.js";

export interface ShardSpec {
  file: string;
  dimensions: number;
  efSearch: number;
}

/** Rows of the shard's graph with their cosine similarities to the query, in the same order. */
export interface ShardHits {
  rows: Uint32Array;
  similarities: Float64Array;
}

export interface ShardApi {
  /** `dead`: tombstoned rows to leave out; its mask is shared memory, so posting it copies nothing. */
  search(request: { query: Float64Array; k: number; dead?: DeadRows }): ShardHits;
  similarities(request: { query: Float64Array; rows: number[] }): ShardHits;
}

function open(spec: ShardSpec): Handlers<ShardApi> {
  const graph = new hnswlib.HierarchicalNSW("cosine", spec.dimensions);
  try {
    graph.readIndexSync(spec.file);
  } catch (error) {
    throw new Error(`HNSW shard ${spec.file} cannot be loaded: ${(error as Error).message}`);
  }
  if (graph.getCurrentCount() > 0) graph.setEf(spec.efSearch);
  return {
    search: ({ query, k, dead }) => {
      const hits = searchGraph(graph, Array.from(query), k, dead);
      return { rows: Uint32Array.from(hits, (h) => h.row), similarities: Float64Array.from(hits, (h) => h.similarity) };
    },
    similarities: ({ query, rows }) => {
      const q = Array.from(query);
      return { rows: Uint32Array.from(rows), similarities: Float64Array.from(rows, (row) => rowSimilarity(graph, row, q)) };
    },
  };
}

// A shard that cannot be loaded answers `ready` with why (and every call with it) until it is closed.
serve<ShardApi>(() => open(workerData as ShardSpec));
