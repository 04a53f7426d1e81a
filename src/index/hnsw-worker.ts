/**
 * Worker-thread side of the sharded HNSW build: inserts every `shards`-th vector
 * (labels are global chunk ordinals) into one hnswlib graph and writes it to disk,
 * reporting the vectors inserted so far as progress.
 */
import { serve } from "../util/worker-rpc.js";
import { buildGraph, type GraphJob } from "./graph.js";

export interface HnswBuildApi {
  build(job: GraphJob & { file: string }): void;
}

serve<HnswBuildApi>({
  build: (job, call) => {
    try {
      buildGraph(job, (done) => call.progress(done)).writeIndexSync(job.file);
    } catch (error) {
      throw new Error(`HNSW shard ${job.shard}: ${(error as Error).message}`);
    }
  },
});
