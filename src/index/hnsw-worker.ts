/**
 * Worker-thread side of the sharded HNSW build: inserts every `shards`-th vector
 * (labels are global chunk ordinals) into one hnswlib graph and writes it to disk.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildGraph, type GraphJob } from "./graph.js";

const job = workerData as GraphJob;
try {
  const graph = buildGraph(job, (done) => parentPort!.postMessage({ progress: done }));
  graph.writeIndexSync(job.file!);
  parentPort!.postMessage({ done: true });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).message });
}
