import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ShardQuery, ShardReply, ShardRequest, ShardSpec } from "./shard-worker.js";
import { RowMap, type RowHit, shardFile, type VectorHit, type VectorIndex } from "./vectors.js";

interface Pending {
  resolve: (reply: { rows: Uint32Array; similarities: Float64Array }) => void;
  reject: (error: Error) => void;
}

/**
 * One HNSW shard on its own worker thread. A worker that dies fails the requests
 * it holds and is started again on the next request; it is unref'd while idle so
 * it never keeps the process alive.
 */
class ShardThread {
  private worker?: Worker;
  private ready?: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** The current worker has loaded its shard. */
  private started = false;

  constructor(private readonly spec: ShardSpec) {}

  start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(new URL("./shard-worker.js", import.meta.url), { workerData: this.spec });
    this.worker = worker;
    let failStart: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      failStart = reject;
      worker.once("message", (reply: ShardReply) => {
        if (!("ready" in reply && reply.ready)) {
          reject(new Error(`HNSW shard ${this.spec.file} cannot be loaded: ${"error" in reply ? reply.error : "unknown reply"}`));
          return;
        }
        worker.on("message", (msg: ShardReply) => this.settle(worker, msg));
        if (this.worker === worker) {
          this.started = true;
          if (this.pending.size === 0) worker.unref(); // idle: never keeps the process alive
        }
        resolve();
      });
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.ready = undefined;
      this.started = false;
      failStart(error);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`HNSW shard thread exited (code ${code})`)));
    const ready = this.ready;
    ready.catch(() => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.ready = undefined;
        this.started = false;
      }
      void stop(worker);
    });
    return ready;
  }

  /** Posts at once when the thread is up (the caller goes on with other work meanwhile), else after it starts. */
  request(message: ShardQuery): Promise<{ rows: Uint32Array; similarities: Float64Array }> {
    if (!this.worker || !this.started) return this.start().then(() => this.request(message));
    const worker = this.worker;
    const id = this.nextId++;
    if (this.pending.size === 0) worker.ref(); // an answer is awaited: keep the process alive for it
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id } as ShardRequest);
    });
  }

  private settle(worker: Worker, reply: ShardReply): void {
    if (!("id" in reply)) return;
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0 && this.worker === worker) worker.unref();
    if ("error" in reply) pending.reject(new Error(reply.error));
    else pending.resolve(reply);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    this.started = false;
    if (worker) await stop(worker);
  }
}

/**
 * Ends a shard worker after whatever it is doing: `terminate()` while it is inside
 * hnswlib (loading or searching) aborts the whole process.
 */
function stop(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    worker.once("exit", () => resolve());
    worker.ref(); // keep the event loop waiting for the exit
    try {
      worker.postMessage({ op: "close" } satisfies ShardRequest);
    } catch {
      resolve(); // already gone
    }
  });
}

/**
 * HNSW shards searched in parallel, each on its own worker thread, so a question's
 * vector search runs beside its BM25 search on the main thread instead of after it.
 * Same results as HnswVectorIndex over the same files.
 */
export class ThreadedVectorIndex implements VectorIndex {
  private constructor(private readonly threads: ShardThread[], private readonly rowMap: RowMap) {}

  /** Starts one thread per shard file of `dir` and waits until each has loaded its shard. */
  static async open(dir: string, shards: number, dimensions: number, efSearch: number, rows: number, rowOf?: Uint32Array): Promise<ThreadedVectorIndex> {
    const threads = Array.from({ length: shards }, (_, s) => new ShardThread({ file: path.join(dir, shardFile(s)), dimensions, efSearch }));
    const index = new ThreadedVectorIndex(threads, new RowMap(rows, rowOf));
    try {
      await Promise.all(threads.map((t) => t.start()));
    } catch (error) {
      await index.close();
      throw error;
    }
    return index;
  }

  get size(): number {
    return this.rowMap.size;
  }

  async search(query: ArrayLike<number>, k: number): Promise<VectorHit[]> {
    if (k <= 0 || this.size === 0) return [];
    const q = Float64Array.from(query);
    // Posted before the first await, so the shards search while the caller runs BM25.
    const replies = await Promise.all(this.threads.map((t) => t.request({ op: "search", query: q, k })));
    const hits: RowHit[] = [];
    for (const { rows, similarities } of replies) rows.forEach((row, j) => hits.push({ row, similarity: similarities[j] }));
    return this.rowMap.expand(hits, k);
  }

  async similarities(query: ArrayLike<number>, ordinals: readonly number[]): Promise<number[]> {
    const q = Float64Array.from(query);
    const out = new Array<number>(ordinals.length).fill(0);
    const byShard = this.threads.map(() => ({ rows: [] as number[], at: [] as number[] }));
    ordinals.forEach((ordinal, i) => {
      const row = this.rowMap.row(ordinal);
      if (row < 0) return;
      const shard = byShard[row % this.threads.length];
      shard.rows.push(row);
      shard.at.push(i);
    });
    await Promise.all(byShard.map(async ({ rows, at }, s) => {
      if (rows.length === 0) return;
      const reply = await this.threads[s].request({ op: "similarities", query: q, rows });
      at.forEach((i, j) => (out[i] = reply.similarities[j]));
    }));
    return out;
  }

  /** Stops the threads (a later request starts them again). */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
