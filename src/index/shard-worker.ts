/**
 * Worker-thread side of ThreadedVectorIndex: holds one HNSW shard (hnswlib only,
 * no LangChain) and answers searches and similarity lookups on its rows.
 */
import { parentPort, workerData } from "node:worker_threads";
import hnswlib from "hnswlib-node";
import { rowSimilarity, searchGraph } from "./graph.js";

export interface ShardSpec {
  file: string;
  dimensions: number;
  efSearch: number;
}

export type ShardQuery =
  | { op: "search"; query: Float64Array; k: number }
  | { op: "similarities"; query: Float64Array; rows: number[] };

/** A query, or `close`: the worker ends once its queue is done (never terminated inside native code, which aborts the process). */
export type ShardRequest = (ShardQuery & { id: number }) | { op: "close" };

export type ShardReply =
  | { ready: true }
  | { ready: false; error: string }
  | { id: number; rows: Uint32Array; similarities: Float64Array }
  | { id: number; error: string };

const spec = workerData as ShardSpec;
const port = parentPort!;
const graph = new hnswlib.HierarchicalNSW("cosine", spec.dimensions);

try {
  graph.readIndexSync(spec.file);
  if (graph.getCurrentCount() > 0) graph.setEf(spec.efSearch);
  port.postMessage({ ready: true } satisfies ShardReply);
} catch (error) {
  port.postMessage({ ready: false, error: (error as Error).message } satisfies ShardReply);
}

port.on("message", (request: ShardRequest) => {
  if (request.op === "close") {
    port.close();
    return;
  }
  try {
    const query = Array.from(request.query);
    if (request.op === "search") {
      const hits = searchGraph(graph, query, request.k);
      const rows = Uint32Array.from(hits, (h) => h.row);
      const similarities = Float64Array.from(hits, (h) => h.similarity);
      port.postMessage({ id: request.id, rows, similarities } satisfies ShardReply);
    } else {
      const similarities = Float64Array.from(request.rows, (row) => rowSimilarity(graph, row, query));
      port.postMessage({ id: request.id, rows: Uint32Array.from(request.rows), similarities } satisfies ShardReply);
    }
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).message } satisfies ShardReply);
  }
});
