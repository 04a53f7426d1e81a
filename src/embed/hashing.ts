import { Embeddings } from "@langchain/core/embeddings";
import type { Analyzer } from "../search/analyzer.js";

export interface HashingEmbedderOptions {
  /** Vector length. Default 512: collisions among a chunk's ~600 distinct features stay rare while 200k vectors fit in ~400 MB. */
  dimensions?: number;
}

/**
 * Model-free, deterministic embeddings: hashed features of folded text (CJK
 * characters and bigrams, Latin words, numbers) with signed feature hashing,
 * sublinear term frequency, bigrams weighted above single characters, L2-normalised.
 * Works the same for Chinese (Simplified or Traditional) and English.
 */
export class HashingEmbeddings extends Embeddings {
  readonly dimensions: number;
  readonly id: string;

  constructor(private readonly analyzer: Analyzer, options: HashingEmbedderOptions = {}) {
    super({});
    this.dimensions = options.dimensions ?? 512;
    this.id = `hash-v1-d${this.dimensions}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => Array.from(this.embed(t)));
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from(this.embed(text));
  }

  /** Synchronous core, used directly on the indexing hot path. */
  embed(text: string): Float32Array {
    const counts = new Map<string, number>();
    for (const term of this.analyzer.terms(this.analyzer.fold(text))) counts.set(term, (counts.get(term) ?? 0) + 1);
    const vector = new Float32Array(this.dimensions);
    for (const [term, tf] of counts) {
      const h = fnv1a(term);
      const weight = (1 + Math.log(tf)) * featureWeight(term);
      vector[h % this.dimensions] += h & 0x80000000 ? -weight : weight;
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
    return vector;
  }
}

/** Bigrams and words identify topics; single CJK characters mostly add noise. */
function featureWeight(term: string): number {
  if (term.length === 1) return 0.4;
  return 1;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
