import { Embeddings } from "@langchain/core/embeddings";
import { indexTerms, type TermAnalyzer } from "../search/analyzer.js";
import { foldTableOf } from "../search/fold.js";
import { KeySlots } from "../search/key-slots.js";
import type { TermSink } from "../search/term-scan.js";

export interface HashingEmbedderOptions {
  /** Vector length. Default 512: collisions among a chunk's ~600 distinct features stay rare while 200k vectors fit in ~400 MB. */
  dimensions?: number;
}

/** What a worker thread needs to rebuild this embedder exactly (see src/embed/worker-pool.ts). */
export interface HashingWorkerSpec {
  kind: "hash";
  id: string;
  dimensions: number;
  /** The analyzer's fold as a per-code-unit table (fold maps every UTF-16 unit to exactly one unit). */
  foldTable: Uint16Array;
}

/**
 * Model-free, deterministic embeddings: hashed features of folded text (CJK
 * characters and bigrams, Latin words, numbers) with signed feature hashing,
 * sublinear term frequency, bigrams weighted above single characters, L2-normalised.
 * Works the same for Chinese (Simplified or Traditional) and English.
 *
 * `embed` is the reference definition. `embedInto` (bulk indexing, worker threads)
 * gives bit-identical vectors without building a string per term: CJK unigrams and
 * bigrams are counted by numeric key, in the same first-occurrence order, so every
 * float operation happens in the same order (test/embed/hashing.test.ts checks it).
 */
export class HashingEmbeddings extends Embeddings {
  readonly dimensions: number;
  readonly id: string;
  private counter?: FeatureCounter;

  constructor(private readonly analyzer: TermAnalyzer, options: HashingEmbedderOptions = {}) {
    super({});
    this.dimensions = options.dimensions ?? 512;
    // v2: folding no longer maps 么 to 幺 (vectors of v1 indexes differ), so old indexes are refused and rebuilt.
    this.id = `hash-v2-d${this.dimensions}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const out = new Float32Array(this.dimensions);
    return texts.map((t) => {
      this.embedInto(t, out, 0);
      return Array.from(out);
    });
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from(this.embed(text));
  }

  /** Synchronous reference implementation. */
  embed(text: string): Float32Array {
    const counts = new Map<string, number>();
    for (const term of this.analyzer.terms(this.analyzer.fold(text))) counts.set(term, (counts.get(term) ?? 0) + 1);
    const vector = new Float32Array(this.dimensions);
    for (const [term, tf] of counts) {
      const h = fnv1a(term);
      const weight = (1 + Math.log(tf)) * featureWeight(term);
      vector[h % this.dimensions] += h & 0x80000000 ? -weight : weight;
    }
    normalise(vector, 0, this.dimensions);
    return vector;
  }

  /** Writes the vector of `text` into out[offset, offset + dimensions); same values as `embed`, faster. */
  embedInto(text: string, out: Float32Array, offset: number): void {
    this.counter ??= new FeatureCounter();
    const counter = this.counter;
    counter.reset();
    this.analyzer.scan(text, counter);
    const d = this.dimensions;
    out.fill(0, offset, offset + d);
    for (let e = 0; e < counter.size; e++) {
      const h = counter.hash[e];
      const weight = (1 + Math.log(counter.tf[e])) * (counter.single[e] ? 0.4 : 1);
      out[offset + (h % d)] += h & 0x80000000 ? -weight : weight;
    }
    normalise(out, offset, d);
  }

  /** A spec for worker threads, when this embedder uses the standard index terms (else undefined: embed in-process). */
  workerSpec(): HashingWorkerSpec | undefined {
    if (this.analyzer.terms !== indexTerms) return undefined;
    return { kind: "hash", id: this.id, dimensions: this.dimensions, foldTable: foldTableOf(this.analyzer.fold) };
  }
}


function normalise(vector: Float32Array, offset: number, d: number): void {
  let norm = 0;
  for (let i = offset; i < offset + d; i++) norm += vector[i] * vector[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = offset; i < offset + d; i++) vector[i] /= norm;
}

/**
 * Distinct features of one text with their counts, in first-occurrence order:
 * CJK keys in an open-addressing table, other terms in a Map.
 */
class FeatureCounter implements TermSink {
  size = 0;
  hash = new Uint32Array(1024);
  tf = new Uint32Array(1024);
  single = new Uint8Array(1024);
  private readonly cjkKeys = new KeySlots();
  private readonly words = new Map<string, number>();

  reset(): void {
    this.size = 0;
    this.words.clear();
    this.cjkKeys.clear();
  }

  cjk(key: number, length: 1 | 2): void {
    const at = this.cjkKeys.claim(key, this.size);
    if (at >= 0) {
      this.tf[at]++;
      return;
    }
    let h = Math.imul(0x811c9dc5 ^ (length === 1 ? key : Math.floor(key / 65536)), 0x01000193);
    if (length === 2) h = Math.imul(h ^ (key & 0xffff), 0x01000193);
    this.push(h >>> 0, length === 1);
  }

  other(term: string): void {
    const at = this.words.get(term);
    if (at !== undefined) {
      this.tf[at]++;
      return;
    }
    this.words.set(term, this.size);
    this.push(fnv1a(term), term.length === 1);
  }

  private push(h: number, single: boolean): void {
    if (this.size === this.hash.length) {
      const grow = <T extends Uint32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as { new (n: number): T })(a.length * 2);
        b.set(a);
        return b;
      };
      this.hash = grow(this.hash);
      this.tf = grow(this.tf);
      this.single = grow(this.single);
    }
    this.hash[this.size] = h;
    this.tf[this.size] = 1;
    this.single[this.size] = single ? 1 : 0;
    this.size++;
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
