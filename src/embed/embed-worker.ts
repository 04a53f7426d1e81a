/**
 * Worker-thread side of the embedding pool: rebuilds the hashing embedder from
 * its spec (fold table + the standard index terms) and writes vectors straight
 * into the shared output matrix (a SharedArrayBuffer: nothing is copied back).
 */
import { workerData } from "node:worker_threads";
import { createTermAnalyzer } from "../search/analyzer.js";
import { serve } from "../util/worker-rpc.js";
import { HashingEmbeddings, type HashingWorkerSpec } from "./hashing.js";

export interface EmbedJob {
  texts: string[];
  /** Row of the output matrix for each text. */
  rows: Int32Array;
  out: Float32Array;
}

export interface EmbedApi {
  embed(job: EmbedJob): void;
}

const spec = (workerData as { spec: HashingWorkerSpec }).spec;
const embedder = new HashingEmbeddings(createTermAnalyzer(spec.foldTable), { dimensions: spec.dimensions });

serve<EmbedApi>({
  embed: (job) => {
    try {
      for (let i = 0; i < job.texts.length; i++) embedder.embedInto(job.texts[i], job.out, job.rows[i] * spec.dimensions);
    } catch (error) {
      throw new Error(`embedding worker failed: ${(error as Error).message}`);
    }
  },
});
