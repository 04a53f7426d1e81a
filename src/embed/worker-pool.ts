import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { WorkerClient } from "../util/worker-rpc.js";
import type { EmbedApi } from "./embed-worker.js";
import type { HashingWorkerSpec } from "./hashing.js";

/** An embedder that can run in worker threads (HashingEmbeddings when it uses the standard analyzer). */
export interface PoolableEmbeddings {
  workerSpec(): HashingWorkerSpec | undefined;
  embedInto(text: string, out: Float32Array, offset: number): void;
}

export function isPoolable(embeddings: unknown): embeddings is PoolableEmbeddings {
  const e = embeddings as Partial<PoolableEmbeddings>;
  return typeof e?.workerSpec === "function" && typeof e.embedInto === "function";
}

/**
 * Below this many texts, starting threads (~0.15 s, in parallel) costs more than it saves. The bar is
 * low because in-process embedding would also hold up the lexical index the main thread builds meanwhile.
 */
export const POOL_MIN_TEXTS = 2048;
const BATCH = 512;
/** Batches queued per worker, so workers keep going while the main thread is busy. */
const IN_FLIGHT = 3;
/** Texts embedded both in-process and in a worker to prove the worker's vectors are identical. */
const CHECKED = 16;

export interface PoolProgress {
  done: number;
  total: number;
}

/**
 * Embeds many texts on all cores: `threads` workers (default: one per core), each
 * writing vectors straight into a SharedArrayBuffer-backed matrix. The first
 * texts are also embedded in-process and compared bit for bit; any difference
 * (a custom analyzer, a changed fold) makes the whole job run in-process instead.
 */
export async function embedWithPool(
  embeddings: PoolableEmbeddings,
  texts: string[],
  rows: Int32Array,
  out: Float32Array,
  dimensions: number,
  options: { threads?: number; minTexts?: number; onProgress?: (p: PoolProgress) => void; onFallback?: (reason: string) => void } = {},
): Promise<{ threads: number }> {
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.ceil(texts.length / 64)));
  const inProcess = (from = 0) => {
    for (let i = from; i < texts.length; i++) {
      embeddings.embedInto(texts[i], out, rows[i] * dimensions);
      if (options.onProgress && i % BATCH === 0) options.onProgress({ done: i, total: texts.length });
    }
    return { threads: 0 };
  };
  if (texts.length < (options.minTexts ?? POOL_MIN_TEXTS) || threads < 2 || !(out.buffer instanceof SharedArrayBuffer)) return inProcess();
  // Asked for only now: the spec carries the fold as a 64K table, ~30 ms to make.
  const spec = embeddings.workerSpec();
  if (!spec) return inProcess();

  const checked = Math.min(CHECKED, texts.length);
  const expected = new Float32Array(checked * dimensions);
  for (let i = 0; i < checked; i++) embeddings.embedInto(texts[i], expected, i * dimensions);

  const workers: WorkerClient<EmbedApi>[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let failed = false;
      const fail = (error: Error) => {
        if (!failed) reject(error);
        failed = true;
      };
      const dispatch = (worker: WorkerClient<EmbedApi>) => {
        if (next >= texts.length) return;
        const from = next;
        const to = Math.min(texts.length, from + BATCH);
        next = to;
        worker.call("embed", { texts: texts.slice(from, to), rows: rows.slice(from, to), out }).then(
          () => {
            done += to - from;
            options.onProgress?.({ done, total: texts.length });
            if (done === texts.length) resolve();
            else dispatch(worker);
          },
          fail,
        );
      };
      for (let i = 0; i < threads; i++) {
        const worker = new WorkerClient<EmbedApi>(new Worker(new URL("./embed-worker.js", import.meta.url), { workerData: { spec } }), {
          name: "embedding worker",
          onExit: (error) => {
            if (done < texts.length) fail(error);
          },
        });
        workers.push(worker);
        for (let j = 0; j < IN_FLIGHT; j++) dispatch(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  for (let i = 0; i < checked * dimensions; i++) {
    const row = Math.floor(i / dimensions);
    if (!Object.is(expected[i], out[rows[row] * dimensions + (i % dimensions)])) {
      options.onFallback?.("worker vectors differ from in-process vectors");
      return inProcess();
    }
  }
  return { threads };
}
