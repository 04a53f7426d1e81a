import { Worker } from "node:worker_threads";
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { Embeddings } from "@langchain/core/embeddings";
import hnswlib from "hnswlib-node";
import { WorkerClient } from "../util/worker-rpc.js";
import { buildGraph, type DeadRows, dot, type HnswParams, type RowHit, rowSimilarity, searchGraph } from "./graph.js";
import type { HnswBuildApi } from "./hnsw-worker.js";

export type { HnswParams, RowHit } from "./graph.js";

export interface VectorHit {
  /** Position of the chunk in the index's chunk list. */
  ordinal: number;
  /** Cosine similarity (higher is closer). */
  similarity: number;
}

/**
 * The vectors of one segment, searched by row: what a segmented index needs to leave
 * tombstoned chunks out (HnswVectorIndex, ThreadedVectorIndex).
 */
export interface RowSearch extends VectorIndex {
  readonly rowMap: RowMap;
  /** The k rows nearest to the query, leaving out the `dead` rows, unordered. */
  searchRows(query: ArrayLike<number>, k: number, dead?: DeadRows): Promise<RowHit[]>;
  /** Releases what the index holds (threads); a later search may start them again. */
  close(): Promise<void>;
}

/**
 * The nearest-neighbour search our retriever needs: HNSW on disk in production
 * (searched on worker threads when sharded, see vector-threads.ts), exact in memory
 * for tests. Searches may run off the main thread: start one, do other work, await it.
 */
export interface VectorIndex {
  /** Number of chunks. */
  readonly size: number;
  /** The k chunks nearest to the query, best first (equal similarity: lower ordinal first). */
  search(query: ArrayLike<number>, k: number): Promise<VectorHit[]>;
  /** Cosine similarity between the query and each given chunk (0 for an ordinal out of range). */
  similarities(query: ArrayLike<number>, ordinals: readonly number[]): Promise<number[]>;
}

/**
 * Chunk ordinals and vector rows: chunks with identical text share one row. Without
 * a mapping every chunk is its own row.
 */
export class RowMap {
  /** Number of chunks. */
  readonly size: number;
  /** Chunk ordinals of row r: members[memberStart[r] .. memberStart[r + 1]), ascending. */
  private readonly memberStart?: Uint32Array;
  private readonly members?: Uint32Array;

  constructor(readonly rows: number, private readonly rowOf?: Uint32Array) {
    this.size = rowOf ? rowOf.length : rows;
    if (!rowOf) return;
    if (rowOf.some((r) => r >= rows)) throw new Error(`vector rows out of range (the graph has ${rows})`);
    const start = new Uint32Array(rows + 1);
    for (const r of rowOf) start[r + 1]++;
    for (let r = 0; r < rows; r++) start[r + 1] += start[r];
    const fill = start.slice(0, rows);
    const members = new Uint32Array(rowOf.length);
    rowOf.forEach((r, ordinal) => (members[fill[r]++] = ordinal));
    this.memberStart = start;
    this.members = members;
  }

  /** The vector row of a chunk, or -1 when the ordinal is out of range. */
  row(ordinal: number): number {
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.size) return -1;
    return this.rowOf ? this.rowOf[ordinal] : ordinal;
  }

  /**
   * Row hits (from any number of shards) as chunk hits, best first, up to k: every chunk of a row
   * is as near as the row. Chunks marked in `deleted` (tombstones, by ordinal) are left out.
   */
  expand(hits: RowHit[], k: number, deleted?: Uint8Array): VectorHit[] {
    const first = (row: number) => (this.members ? this.members[this.memberStart![row]] : row);
    const ranked = hits.map((h) => ({ row: h.row, similarity: h.similarity, first: first(h.row) }));
    ranked.sort((a, b) => b.similarity - a.similarity || a.first - b.first);
    const out: VectorHit[] = [];
    for (const hit of ranked) {
      if (out.length >= k) break;
      if (!this.members) {
        if (deleted?.[hit.row] !== 1) out.push({ ordinal: hit.row, similarity: hit.similarity });
        continue;
      }
      for (let m = this.memberStart![hit.row], end = this.memberStart![hit.row + 1]; m < end && out.length < k; m++) {
        if (deleted?.[this.members[m]] !== 1) out.push({ ordinal: this.members[m], similarity: hit.similarity });
      }
    }
    return out;
  }

  /** Rows all of whose chunks are marked in `deleted`: no search needs to return them. */
  deadRows(deleted: Uint8Array): Uint8Array {
    const live = new Uint8Array(this.rows);
    for (let ordinal = 0; ordinal < this.size; ordinal++) if (deleted[ordinal] !== 1) live[this.row(ordinal)] = 1;
    return live.map((l) => 1 - l);
  }
}



/** From this many vectors on, the graph is split into two shards built in parallel (one per core). */
export const SHARD_MIN_VECTORS = 4096;
export const MAX_SHARDS = 2;

/** Number of graph shards for `count` vectors. */
export function shardCount(count: number): number {
  return count >= SHARD_MIN_VECTORS ? MAX_SHARDS : 1;
}

/** File of shard s inside a build directory. */
export function shardFile(shard: number): string {
  return `hnsw-${shard}.index`;
}

/** Row-major vectors: row i is data[i * dimensions, (i + 1) * dimensions). */
export interface VectorMatrix {
  data: Float32Array;
  count: number;
  dimensions: number;
}

/**
 * A LangChain HNSWLib store over a graph we built or read. Its docstore is over nothing: every
 * document is the chunk ordinal (our own chunk store has the text and offsets), made on request;
 * there is no docstore file to read, parse or keep in memory. LangChain is imported here, on
 * first use, not with this module: importing it costs ~0.3 s of CPU, more than a whole small
 * build (scripts/bench-small), and neither building nor searching needs it.
 */
async function langChainStore(index: hnswlib.HierarchicalNSW, embeddings: Embeddings, dimensions: number, count: number): Promise<HNSWLib> {
  const [{ HNSWLib }, { SynchronousInMemoryDocstore }, { Document }] = await Promise.all([
    import("@langchain/community/vectorstores/hnswlib"),
    import("@langchain/community/stores/doc/in_memory"),
    import("@langchain/core/documents"),
  ]);
  class OrdinalDocstore extends SynchronousInMemoryDocstore {
    override search(search: string) {
      const i = Number(search);
      if (!Number.isInteger(i) || i < 0 || i >= count) throw new Error(`ID ${search} not found.`);
      return new Document({ pageContent: "", metadata: { i } });
    }
  }
  return new HNSWLib(embeddings, { space: "cosine", numDimensions: dimensions, index, docstore: new OrdinalDocstore() });
}

/**
 * HNSW over the chunk vectors: one hnswlib graph per shard (labels are global row
 * numbers; shard s holds rows ≡ s mod shards), each also a LangChain HNSWLib store
 * on request (`store`). Search asks every shard and merges; it calls hnswlib
 * directly, never the docstore.
 */
export class HnswVectorIndex implements RowSearch {
  readonly rowMap: RowMap;

  private constructor(
    private readonly graphs: hnswlib.HierarchicalNSW[],
    private readonly embeddings: Embeddings,
    private readonly dimensions: number,
    /** Vector row of each chunk ordinal, when chunks with identical text share one row; identity otherwise. */
    rowOf?: Uint32Array,
  ) {
    this.rowMap = new RowMap(graphs.reduce((n, g) => n + g.getCurrentCount(), 0), rowOf);
  }

  get size(): number {
    return this.rowMap.size;
  }

  get shards(): number {
    return this.graphs.length;
  }

  /** LangChain view of shard s (similaritySearch etc. work; documents carry `metadata.i`, the row). */
  store(shard = 0): Promise<HNSWLib> {
    return langChainStore(this.graphs[shard], this.embeddings, this.dimensions, this.rowMap.rows);
  }

  /**
   * Builds the graph shards over the matrix rows (labels are row numbers) and writes
   * them into `dir` (as shardFile(s)). Two or more shards are built in parallel worker
   * threads; `data` must then live in a SharedArrayBuffer (it is copied into one
   * otherwise). `rowOf` maps chunk ordinals to rows when identical chunks share one.
   */
  static async build(
    matrix: VectorMatrix,
    embeddings: Embeddings,
    params: HnswParams,
    dir: string,
    options: { shards?: number; rowOf?: Uint32Array; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<HnswVectorIndex> {
    const shards = options.shards ?? shardCount(matrix.count);
    const path = await import("node:path");
    if (shards === 1) {
      const graph = buildGraph({ ...matrix, shard: 0, shards: 1, params }, (done) => options.onProgress?.(done, matrix.count));
      await graph.writeIndex(path.join(dir, shardFile(0)));
      return HnswVectorIndex.fromGraphs([graph], embeddings, matrix.dimensions, params.efSearch, options.rowOf);
    }
    let data = matrix.data;
    if (!(data.buffer instanceof SharedArrayBuffer)) {
      data = new Float32Array(new SharedArrayBuffer(matrix.data.byteLength));
      data.set(matrix.data);
    }
    const progress = new Array<number>(shards).fill(0);
    await Promise.all(
      Array.from({ length: shards }, (_, shard) => {
        const job = { data, count: matrix.count, dimensions: matrix.dimensions, shard, shards, params, file: path.join(dir, shardFile(shard)) };
        const worker = new WorkerClient<HnswBuildApi>(new Worker(new URL("./hnsw-worker.js", import.meta.url)), { name: `HNSW shard ${shard} worker` });
        const onProgress = (done: unknown) => {
          progress[shard] = done as number;
          options.onProgress?.(progress.reduce((a, b) => a + b, 0), matrix.count);
        };
        // Ended by message once built: never terminated while inside hnswlib.
        return worker.call("build", job, { onProgress }).finally(() => void worker.close());
      }),
    );
    return HnswVectorIndex.load(dir, shards, matrix.dimensions, embeddings, params.efSearch, options.rowOf);
  }

  /** Reads the shard files (in parallel, off the main thread). Check sizes/hashes first: this hands them to native code. */
  static async load(dir: string, shards: number, dimensions: number, embeddings: Embeddings, efSearch: number, rowOf?: Uint32Array): Promise<HnswVectorIndex> {
    const path = await import("node:path");
    const graphs = await Promise.all(
      Array.from({ length: shards }, async (_, s) => {
        const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
        await graph.readIndex(path.join(dir, shardFile(s)));
        return graph;
      }),
    );
    return HnswVectorIndex.fromGraphs(graphs, embeddings, dimensions, efSearch, rowOf);
  }

  private static fromGraphs(graphs: hnswlib.HierarchicalNSW[], embeddings: Embeddings, dimensions: number, efSearch: number, rowOf?: Uint32Array): HnswVectorIndex {
    const vectors = new HnswVectorIndex(graphs, embeddings, dimensions, rowOf);
    vectors.setEf(efSearch);
    return vectors;
  }

  setEf(ef: number): void {
    for (const g of this.graphs) if (g.getCurrentCount() > 0) g.setEf(ef);
  }

  async search(query: ArrayLike<number>, k: number): Promise<VectorHit[]> {
    return this.searchNow(query, k);
  }

  /** `search` on the calling thread. */
  searchNow(query: ArrayLike<number>, k: number): VectorHit[] {
    if (k <= 0 || this.size === 0) return [];
    return this.rowMap.expand(this.rowsNow(query, k), k);
  }

  async searchRows(query: ArrayLike<number>, k: number, dead?: DeadRows): Promise<RowHit[]> {
    return k <= 0 || this.size === 0 ? [] : this.rowsNow(query, k, dead);
  }

  private rowsNow(query: ArrayLike<number>, k: number, dead?: DeadRows): RowHit[] {
    const q = Array.from(query);
    return this.graphs.flatMap((graph) => searchGraph(graph, q, k, dead));
  }

  /** The stored (normalised) vector of a row. */
  rowVector(row: number): number[] {
    return this.graphs[row % this.graphs.length].getPoint(row);
  }

  /** Nothing to release: the graphs live on this thread and go with the index. */
  async close(): Promise<void> {}

  async similarities(query: ArrayLike<number>, ordinals: readonly number[]): Promise<number[]> {
    return ordinals.map((o) => this.similarity(query, o));
  }

  /** Cosine similarity between the query and one chunk's vector (0 for an ordinal out of range). */
  similarity(query: ArrayLike<number>, ordinal: number): number {
    const row = this.rowMap.row(ordinal);
    return row < 0 ? 0 : rowSimilarity(this.graphs[row % this.graphs.length], row, query);
  }
}

/** Exact search over normalised vectors: the in-memory twin for tests, and ground truth for HNSW recall. */
export class ExactVectorIndex implements VectorIndex {
  private columns?: Float32Array;

  constructor(private readonly vectors: Float32Array[]) {}

  static fromMatrix({ data, count, dimensions }: VectorMatrix): ExactVectorIndex {
    return new ExactVectorIndex(Array.from({ length: count }, (_, i) => data.subarray(i * dimensions, (i + 1) * dimensions)));
  }

  get size(): number {
    return this.vectors.length;
  }

  async search(query: ArrayLike<number>, k: number): Promise<VectorHit[]> {
    return this.searchNow(query, k);
  }

  async similarities(query: ArrayLike<number>, ordinals: readonly number[]): Promise<number[]> {
    return ordinals.map((o) => this.similarity(query, o));
  }

  /** `search` on the calling thread. */
  searchNow(query: ArrayLike<number>, k: number): VectorHit[] {
    const n = this.vectors.length;
    if (k <= 0 || n === 0) return [];
    const nonZero: number[] = [];
    for (let j = 0; j < query.length; j++) if (query[j] !== 0) nonZero.push(j);
    if (n < 4096 || nonZero.length * 4 > query.length) {
      const hits: VectorHit[] = this.vectors.map((v, ordinal) => ({ ordinal, similarity: dot(v, query) }));
      return hits.sort((a, b) => b.similarity - a.similarity || a.ordinal - b.ordinal).slice(0, k);
    }
    // Short questions embed to sparse vectors: score column by column over the non-zero dimensions only,
    // then re-score the best candidates exactly (same arithmetic as `similarity`).
    const columns = this.transposed();
    const scores = new Float64Array(n);
    for (const j of nonZero) {
      const w = query[j];
      const col = j * n;
      for (let i = 0; i < n; i++) scores[i] += w * columns[col + i];
    }
    const keep = Math.min(n, k * 4 + 64);
    const order = topIndices(scores, keep);
    const hits = order.map((ordinal) => ({ ordinal, similarity: dot(this.vectors[ordinal], query) }));
    return hits.sort((a, b) => b.similarity - a.similarity || a.ordinal - b.ordinal).slice(0, k);
  }

  similarity(query: ArrayLike<number>, ordinal: number): number {
    const v = this.vectors[ordinal];
    return v ? dot(v, query) : 0;
  }

  private transposed(): Float32Array {
    if (!this.columns) {
      const n = this.vectors.length;
      const d = this.vectors[0].length;
      const columns = new Float32Array(n * d);
      this.vectors.forEach((v, i) => {
        for (let j = 0; j < d; j++) columns[j * n + i] = v[j];
      });
      this.columns = columns;
    }
    return this.columns;
  }
}

/** Indices of the `k` largest scores (ties: lower index first). */
function topIndices(scores: Float64Array, k: number): number[] {
  const sorted = Float64Array.from(scores).sort();
  const threshold = sorted[scores.length - k];
  const out: number[] = [];
  for (let i = 0; i < scores.length && out.length < k; i++) if (scores[i] > threshold) out.push(i);
  for (let i = 0; i < scores.length && out.length < k; i++) if (scores[i] === threshold) out.push(i);
  return out;
}
