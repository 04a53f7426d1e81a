import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import hnswlib from "hnswlib-node";
import { Document } from "@langchain/core/documents";
import type { Embeddings } from "@langchain/core/embeddings";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";

export interface VectorHit {
  /** Position of the chunk in the index's chunk list. */
  ordinal: number;
  /** Cosine similarity (higher is closer). */
  similarity: number;
}

/** The nearest-neighbour search our retriever needs; HNSW on disk in production, exact in memory for tests. */
export interface VectorIndex {
  readonly size: number;
  search(query: ArrayLike<number>, k: number): VectorHit[];
  /** Cosine similarity between the query and one stored vector. */
  similarity(query: ArrayLike<number>, ordinal: number): number;
}

export interface HnswParams {
  /** Graph degree. */
  m: number;
  efConstruction: number;
  /** Search breadth; recall vs latency (see scripts/bench-perf). */
  efSearch: number;
}

export const DEFAULT_HNSW: HnswParams = { m: 16, efConstruction: 200, efSearch: 96 };

/**
 * LangChain's HNSWLib behind our interface. Documents hold only the chunk ordinal
 * (our own chunk store has the text and offsets), which keeps docstore.json small
 * and off the hot path. Labels are insertion order, so label === ordinal.
 */
export class HnswVectorIndex implements VectorIndex {
  private constructor(private readonly store: HNSWLib) {}

  get size(): number {
    return this.store.index.getCurrentCount();
  }

  /** Builds the graph with our M/efConstruction (LangChain's addVectors would use hnswlib defaults), then hands it to HNSWLib for persistence. */
  static async build(vectors: Float32Array[], embeddings: Embeddings, dimensions: number, params: HnswParams): Promise<HnswVectorIndex> {
    const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
    graph.initIndex(Math.max(1, vectors.length), params.m, params.efConstruction, 100);
    const docs: Record<string, Document> = {};
    vectors.forEach((vector, i) => {
      graph.addPoint(Array.from(vector), i);
      docs[String(i)] = new Document({ pageContent: "", metadata: { i } });
    });
    const docstore = new SynchronousInMemoryDocstore(new Map(Object.entries(docs)));
    const index = new HnswVectorIndex(new HNSWLib(embeddings, { space: "cosine", numDimensions: dimensions, index: graph, docstore }));
    index.setEf(params.efSearch);
    return index;
  }

  static async load(dir: string, embeddings: Embeddings, efSearch: number): Promise<HnswVectorIndex> {
    const index = new HnswVectorIndex(await HNSWLib.load(dir, embeddings));
    index.setEf(efSearch);
    return index;
  }

  /** LangChain's save writes three files; callers save into a fresh directory and publish it atomically. */
  async save(dir: string): Promise<void> {
    await this.store.save(dir);
  }

  setEf(ef: number): void {
    if (this.size > 0) this.store.index.setEf(ef);
  }

  search(query: ArrayLike<number>, k: number): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n <= 0) return [];
    // hnswlib-node's searchKnn is synchronous; calling it directly avoids a docstore lookup per hit.
    const result = this.store.index.searchKnn(Array.from(query), n);
    return result.neighbors.map((ordinal, j) => ({ ordinal, similarity: 1 - result.distances[j] }));
  }

  similarity(query: ArrayLike<number>, ordinal: number): number {
    if (ordinal < 0 || ordinal >= this.size) return 0;
    return dot(this.store.index.getPoint(ordinal), query);
  }
}

/** Exact search over normalised vectors: the in-memory twin for tests, and ground truth for HNSW recall. */
export class ExactVectorIndex implements VectorIndex {
  constructor(private readonly vectors: Float32Array[]) {}

  get size(): number {
    return this.vectors.length;
  }

  search(query: ArrayLike<number>, k: number): VectorHit[] {
    const hits: VectorHit[] = this.vectors.map((v, ordinal) => ({ ordinal, similarity: dot(v, query) }));
    return hits.sort((a, b) => b.similarity - a.similarity || a.ordinal - b.ordinal).slice(0, k);
  }

  similarity(query: ArrayLike<number>, ordinal: number): number {
    const v = this.vectors[ordinal];
    return v ? dot(v, query) : 0;
  }
}

/** Vectors are L2-normalised (hnswlib normalises in cosine space), so the dot product is the cosine. */
function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
