/**
 * Worker-thread side of the embedding pool: rebuilds the hashing embedder from
 * its spec (fold table + the standard index terms) and writes vectors straight
 * into the shared output matrix.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createTermAnalyzer } from "../search/analyzer.js";
import { HashingEmbeddings, type HashingWorkerSpec } from "./hashing.js";

export interface EmbedJob {
  id: number;
  texts: string[];
  /** Row of the output matrix for each text. */
  rows: Int32Array;
  out: Float32Array;
}

const spec = (workerData as { spec: HashingWorkerSpec }).spec;
const embedder = new HashingEmbeddings(createTermAnalyzer(spec.foldTable), { dimensions: spec.dimensions });

parentPort!.on("message", (job: EmbedJob) => {
  try {
    for (let i = 0; i < job.texts.length; i++) embedder.embedInto(job.texts[i], job.out, job.rows[i] * spec.dimensions);
    parentPort!.postMessage({ id: job.id });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: (error as Error).message });
  }
});
