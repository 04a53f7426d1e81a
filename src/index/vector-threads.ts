import path from "node:path";
import { Worker } from "node:worker_threads";
import { type PayloadOf, WorkerClient } from "../util/worker-rpc.js";
import type { DeadRows } from "./graph.js";
import type { ShardApi, ShardHits, ShardSpec } from "./shard-worker.js";
import { RowMap, type RowHit, type RowSearch, shardFile, type VectorHit } from "./vectors.js";

/**
 * One HNSW shard on its own worker thread. A worker that dies fails the requests
 * it holds and is started again on the next request; it is unref'd while idle so
 * it never keeps the process alive. It is ended by message (WorkerClient.close):
 * `terminate()` while it is inside hnswlib (loading or searching) aborts the whole process.
 */
class ShardThread {
  private client?: WorkerClient<ShardApi>;
  private ready?: Promise<void>;
  /** The current worker has loaded its shard. */
  private started = false;

  constructor(private readonly spec: ShardSpec) {}

  start(): Promise<void> {
    if (this.ready) return this.ready;
    const forget = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.ready = undefined;
      this.started = false;
    };
    const client = new WorkerClient<ShardApi>(new Worker(new URL("./shard-worker.js", import.meta.url), { workerData: this.spec }), {
      name: "HNSW shard thread",
      unrefWhenIdle: true,
      onExit: forget,
    });
    this.client = client;
    const ready = client.ready.then(() => {
      if (this.client === client) this.started = true;
    });
    ready.catch(() => {
      forget();
      void client.close();
    });
    this.ready = ready;
    return ready;
  }

  /** Posts at once when the thread is up (the caller goes on with other work meanwhile), else after it starts. */
  request<M extends keyof ShardApi>(method: M, payload: PayloadOf<ShardApi[M]>): Promise<ShardHits> {
    if (!this.client || !this.started) return this.start().then(() => this.request(method, payload));
    return this.client.call(method, payload);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.ready = undefined;
    this.started = false;
    if (client) await client.close();
  }
}

/**
 * HNSW shards searched in parallel, each on its own worker thread, so a question's
 * vector search runs beside its BM25 search on the main thread instead of after it.
 * Same results as HnswVectorIndex over the same files.
 */
export class ThreadedVectorIndex implements RowSearch {
  private constructor(private readonly threads: ShardThread[], readonly rowMap: RowMap) {}

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
    return this.rowMap.expand(await this.searchRows(query, k), k);
  }

  async searchRows(query: ArrayLike<number>, k: number, dead?: DeadRows): Promise<RowHit[]> {
    if (k <= 0 || this.size === 0) return [];
    const q = Float64Array.from(query);
    // Posted before the first await, so the shards search while the caller runs BM25.
    const replies = await Promise.all(this.threads.map((t) => t.request("search", dead ? { query: q, k, dead } : { query: q, k })));
    const hits: RowHit[] = [];
    for (const { rows, similarities } of replies) rows.forEach((row, j) => hits.push({ row, similarity: similarities[j] }));
    return hits;
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
      const reply = await this.threads[s].request("similarities", { query: q, rows });
      at.forEach((i, j) => (out[i] = reply.similarities[j]));
    }));
    return out;
  }

  /** Stops the threads (a later request starts them again). */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
