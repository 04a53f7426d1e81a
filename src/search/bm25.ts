/**
 * Okapi BM25 over a fixed set of documents (chunks), in compact typed arrays: the
 * index, its options, its binary form, its search and its builder. Pure: no IO;
 * `serialize`/`deserialize` give a versioned binary form that loads without copying
 * (typed-array views over the file's bytes).
 *
 * `search` is a budgeted two-phase top-k, because queries are long (char unigrams +
 * bigrams: 30–70 terms) and their common terms' lists are long, so exact pruning
 * (MaxScore) still had to look at most documents that hold a rare term:
 *   1. the lists of the most discriminating query terms (largest idf·maxImpact) are
 *      scored whole into a float32 accumulator until `postingBudget` postings are read;
 *   2. the leaders on those partial scores (`minLeaders`, or `leadersPerResult` per
 *      result asked for) get the remaining terms' exact contributions (each remaining
 *      list walked once, forwards, by interpolated probes), dropping leaders the terms
 *      still to come cannot lift into the top k.
 * Returned scores are the documents' exact BM25 scores (up to float32 rounding, sums
 * taken in another order than `exhaustive`). Below the budget the result is the
 * exhaustive one; above it a document weak on every rare term yet strong on the common
 * ones can be missed. Measured at 200k chunks over 300 benchmark questions (budget
 * 40k postings, 160 leaders): top-1 agreement with the exhaustive search 0.997, top-40
 * overlap 0.995 (ties counted); p50 0.7 ms, p95 1.1 ms on a 2-core machine, where the
 * MaxScore search it replaced took p50 1.8 ms, p95 6.5 ms, p99 10.5 ms. Bags of random
 * terms with no discriminating term are the weak case.
 */
import type { TermAnalyzer } from "./analyzer.js";
import { KeySlots } from "./key-slots.js";
import type { TermSink } from "./term-scan.js";

/**
 * How BM25 scores. Stored with the index (its header, and the manifest's `bm25`):
 * an index is searched with the parameters it was built with, so changing one means
 * rebuilding.
 */
export interface Bm25Params {
  /**
   * Term-frequency saturation. Default 1.2. Raise it (towards 2) when repeating a term
   * should keep adding evidence (long, repetitive chunks); lower it when one mention is
   * as good as many.
   */
  k1: number;
  /**
   * Length normalisation, 0..1: how much a long document's term counts are discounted.
   * Default 0.75. Lower it when length says little about how much a document is about
   * a term (0 ignores length); raise it towards 1 when long documents win too often.
   */
  b: number;
}

/**
 * How much work `search` does for a query. Not stored: an index loads with the
 * defaults unless given others. Only latency and agreement with the exhaustive search
 * change with them (see the file header for the measurements behind the defaults).
 */
export interface Bm25SearchOptions {
  /**
   * When the query's lists hold at most this many postings together, `search` is the
   * exhaustive search. Default 20,000: below it the two phases save nothing. 0 makes
   * every search the two-phase one (tests).
   */
  exhaustiveBelow: number;
  /**
   * Postings phase 1 of `search` reads (whole lists: it stops after the list that
   * reaches it). Default 40,000. Raise it for closer agreement with the exhaustive
   * search at the cost of latency (Infinity: always exhaustive results); lower it for
   * speed on much larger indexes.
   */
  postingBudget: number;
  /**
   * Fewest documents phase 2 of `search` scores exactly: the leaders on phase 1's partial
   * scores. Default 160. Raise it when a lower budget leaves phase 1 less sure of the
   * ranking (more leaders catch more documents it underrated, at a cost per leader).
   */
  minLeaders: number;
  /**
   * Leaders per result asked for: phase 2 scores max(minLeaders, leadersPerResult × k)
   * documents for a top k. Default 4, so only a k above 40 (minLeaders / 4) gets more
   * than minLeaders; raise it when large k must agree with the exhaustive search deep down.
   */
  leadersPerResult: number;
}

export type Bm25Options = Bm25Params & Bm25SearchOptions;

/** The scoring parameters indexes are built with (config.ts stores them in every manifest). */
export const DEFAULT_BM25: Readonly<Bm25Params> = Object.freeze({ k1: 1.2, b: 0.75 });

/** The search options of an index given none (builder or `deserialize`). */
export const DEFAULT_BM25_SEARCH: Readonly<Bm25SearchOptions> = Object.freeze({
  exhaustiveBelow: 20_000,
  postingBudget: 40_000,
  minLeaders: 160,
  leadersPerResult: 4,
});

/** `options` over the defaults (an option left out or undefined keeps its default); throws a RangeError on a negative or NaN value. */
export function withDefaults<T extends { [K in keyof T]: number }>(defaults: Readonly<T>, options: Partial<T> = {}): T {
  const out: Record<string, number> = { ...defaults };
  for (const key of Object.keys(defaults)) {
    const value: unknown = options[key as keyof T];
    if (value === undefined) continue;
    if (typeof value !== "number" || !(value >= 0)) throw new RangeError(`BM25 option ${key} must be a number ≥ 0 (got ${String(value)})`);
    out[key] = value;
  }
  return out as T;
}

const FORMAT = "citebot-bm25/2";

interface Header {
  format: string;
  params: Bm25Params;
  avgLength: number;
  terms: number;
  postings: number;
  docCount: number;
  vocabUnits: number;
  tfBytes: 1 | 2;
}

/** What an index is made of (the builder's output, or the views `deserialize` takes over a file's bytes). */
export interface Bm25Parts extends PostingLists {
  params: Bm25Params;
  /** Terms in code-unit order, concatenated; term t is vocabText[vocabOffsets[t], vocabOffsets[t+1]). */
  vocabText: string;
  vocabOffsets: Uint32Array;
}

export class Bm25Index {
  readonly params: Bm25Params;
  readonly searchOptions: Bm25SearchOptions;
  private readonly parts: Bm25Parts;
  private readonly topk: Bm25TopK;

  /** Use `Bm25Builder` or `deserialize`. */
  constructor(parts: Bm25Parts, options: Partial<Bm25SearchOptions> = {}) {
    this.parts = parts;
    this.params = parts.params;
    this.searchOptions = withDefaults(DEFAULT_BM25_SEARCH, options);
    this.topk = new Bm25TopK(parts, parts.params, this.searchOptions);
  }

  get docCount(): number {
    return this.parts.docLengths.length;
  }

  get termCount(): number {
    return this.parts.vocabOffsets.length - 1;
  }

  /** Id of a term (its rank in code-unit order), or -1. */
  termId(term: string): number {
    let lo = 0;
    let hi = this.termCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = this.compareTerm(term, mid);
      if (cmp === 0) return mid;
      if (cmp < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -1;
  }

  private compareTerm(term: string, id: number): number {
    const { vocabText, vocabOffsets } = this.parts;
    const from = vocabOffsets[id];
    const len = vocabOffsets[id + 1] - from;
    const n = Math.min(term.length, len);
    for (let i = 0; i < n; i++) {
      const diff = term.charCodeAt(i) - vocabText.charCodeAt(from + i);
      if (diff !== 0) return diff;
    }
    return term.length - len;
  }

  /** Number of documents containing the term. */
  df(term: string): number {
    const id = this.termId(term);
    return id < 0 ? 0 : this.parts.offsets[id + 1] - this.parts.offsets[id];
  }

  idf(term: string): number {
    const n = this.docCount;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Top documents for the query terms (repeated terms count once per repetition, as
   * in the query), best first; equal scores in document order. Scores are the exact
   * BM25 scores (float32, as `searchExhaustive` gives them); the work is bounded by
   * `searchOptions`, so a document weak on every rare query term can be missed (see
   * the file header).
   */
  search(queryTerms: string[], topK: number): ScoredDoc[] {
    if (this.docCount === 0 || topK <= 0) return [];
    return this.topk.search(this.queryIds(queryTerms), topK);
  }

  /** Every posting of every query term scored: the reference `search` must equal. */
  searchExhaustive(queryTerms: string[], topK: number): ScoredDoc[] {
    if (this.docCount === 0 || topK <= 0) return [];
    return this.topk.exhaustive(this.queryIds(queryTerms), topK);
  }

  /** The query's terms found in the index, in first-occurrence order, with their counts. */
  private queryIds(queryTerms: string[]): QueryTermIds {
    const ids: number[] = [];
    const counts: number[] = [];
    for (const term of queryTerms) {
      const id = this.termId(term);
      if (id < 0) continue;
      const at = ids.indexOf(id);
      if (at < 0) {
        ids.push(id);
        counts.push(1);
      } else counts[at]++;
    }
    return { ids, counts };
  }

  serialize(): Buffer {
    const { vocabText, vocabOffsets, offsets, docs, docLengths, maxImpact, tfs, avgLength } = this.parts;
    const header: Header = {
      format: FORMAT, params: this.params, avgLength, terms: this.termCount, postings: docs.length,
      docCount: this.docCount, vocabUnits: vocabText.length, tfBytes: tfs.BYTES_PER_ELEMENT as 1 | 2,
    };
    const json = Buffer.from(JSON.stringify(header), "utf8");
    const parts: Buffer[] = [];
    let length = 0;
    const push = (buf: Buffer) => {
      parts.push(buf);
      length += buf.length;
      const pad = (8 - (length % 8)) % 8;
      if (pad) {
        parts.push(Buffer.alloc(pad));
        length += pad;
      }
    };
    const view = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(json.length);
    push(Buffer.concat([len, json]));
    for (const a of [vocabOffsets, offsets, docs, docLengths, maxImpact, tfs]) push(view(a));
    push(Buffer.from(vocabText, "utf16le"));
    return Buffer.concat(parts, length);
  }

  /**
   * The index in `bytes` (views over them where aligned), searched with `options` over
   * the defaults. Throws an Error with a plain message when the bytes are not a complete
   * index of this format.
   */
  static deserialize(bytes: Buffer, options: Partial<Bm25SearchOptions> = {}): Bm25Index {
    if (bytes.length < 4) throw new Error("truncated lexical index");
    const headerLength = bytes.readUInt32LE(0);
    if (4 + headerLength > bytes.length) throw new Error("truncated lexical index");
    let header: Header;
    try {
      header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8")) as Header;
    } catch {
      throw new Error("lexical index header is corrupted");
    }
    if (header.format !== FORMAT) throw new Error(`lexical index format ${header.format}, expected ${FORMAT}`);
    let at = align8(4 + headerLength);
    const take = <T extends ArrayBufferView>(Ctor: { new (buf: ArrayBuffer, offset: number, length: number): T; new (length: number): T; BYTES_PER_ELEMENT: number }, count: number): T => {
      const byteLength = count * Ctor.BYTES_PER_ELEMENT;
      if (at + byteLength > bytes.length) throw new Error("truncated lexical index");
      const offset = bytes.byteOffset + at;
      let out: T;
      if (offset % Ctor.BYTES_PER_ELEMENT === 0) out = new Ctor(bytes.buffer as ArrayBuffer, offset, count);
      else {
        out = new Ctor(count);
        new Uint8Array(out.buffer).set(bytes.subarray(at, at + byteLength));
      }
      at = align8(at + byteLength);
      return out;
    };
    const vocabOffsets = take(Uint32Array, header.terms + 1);
    const offsets = take(Uint32Array, header.terms + 1);
    const docs = take(Uint32Array, header.postings);
    const docLengths = take(Uint32Array, header.docCount);
    const maxImpact = take(Float32Array, header.terms);
    const tfs = header.tfBytes === 1 ? take(Uint8Array, header.postings) : take(Uint16Array, header.postings);
    if (at + header.vocabUnits * 2 > bytes.length) throw new Error("truncated lexical index");
    const vocabText = bytes.toString("utf16le", at, at + header.vocabUnits * 2);
    if (align8(at + header.vocabUnits * 2) !== bytes.length) throw new Error("lexical index has trailing bytes");
    if (offsets[header.terms] !== header.postings || vocabOffsets[header.terms] !== header.vocabUnits) throw new Error("inconsistent lexical index");
    for (let t = 0; t < header.terms; t++) {
      if (offsets[t] > offsets[t + 1] || vocabOffsets[t] >= vocabOffsets[t + 1]) throw new Error("inconsistent lexical index");
    }
    const parts: Bm25Parts = { params: header.params, vocabText, vocabOffsets, offsets, docs, tfs, maxImpact, docLengths, avgLength: header.avgLength };
    return new Bm25Index(parts, options);
  }
}

function align8(n: number): number {
  return n + ((8 - (n % 8)) % 8);
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

/** The postings an index searches (views into its arrays). */
export interface PostingLists {
  /** Postings of term t are docs[offsets[t] .. offsets[t+1]), in document order. */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint8Array | Uint16Array;
  /** Per term, the largest tf·(k1+1)/(tf+norm) over its postings (rounded up). */
  maxImpact: Float32Array;
  docLengths: Uint32Array;
  avgLength: number;
}

/** Query terms as term ids (first occurrence order) with how often each occurs in the query. */
export interface QueryTermIds {
  ids: number[];
  counts: number[];
}

/** The searches of one index: its length norms, its options and a reused accumulator. */
export class Bm25TopK {
  /** k1 * (1 - b + b * length / avgLength) per document: the length normalisation, computed once. */
  private readonly norms: Float64Array;
  /** The same in float32 (small, for phase 1 of `search`). */
  private readonly norms32: Float32Array;
  private readonly k1: number;
  /** Partial scores of one search (zeroed again before it returns); allocated on first use. */
  private accumulator?: Float32Array;

  constructor(private readonly lists: PostingLists, params: Bm25Params, private readonly options: Bm25SearchOptions) {
    const { k1, b } = params;
    const { docLengths, avgLength } = lists;
    this.k1 = k1;
    this.norms = new Float64Array(docLengths.length);
    for (let d = 0; d < docLengths.length; d++) this.norms[d] = k1 * (1 - b + (b * docLengths[d]) / avgLength);
    this.norms32 = Float32Array.from(this.norms);
  }

  /**
   * Top documents, best first; equal scores in document order. Scores are the exact
   * BM25 scores (float32, as `exhaustive` gives them).
   *
   * Two phases, with bounded work: (1) the lists of the query's most discriminating
   * terms (largest idf·maxImpact first) are scored whole into an accumulator until
   * `postingBudget` postings have been read; (2) the leaders on those partial scores
   * are scored exactly, walking every other query term's list. When the query's lists
   * together are no longer than `exhaustiveBelow`, or phase 1 reads them all, the
   * result equals `exhaustive`. Otherwise a document that is weak on the rare terms but
   * strong on the common ones can be missed (measured at 200k chunks, see the file header).
   */
  search({ ids, counts }: QueryTermIds, topK: number): ScoredDoc[] {
    const n = this.norms.length;
    if (n === 0 || topK <= 0) return [];
    const m = ids.length;
    if (m === 0) return [];
    const { offsets, docs, tfs, maxImpact } = this.lists;
    const { exhaustiveBelow, postingBudget, minLeaders, leadersPerResult } = this.options;
    const k = Math.min(topK, n);
    const from = new Int32Array(m);
    const to = new Int32Array(m);
    const weight = new Float64Array(m);
    const bound = new Float64Array(m);
    let totalPostings = 0;
    for (let j = 0; j < m; j++) {
      const id = ids[j];
      from[j] = offsets[id];
      to[j] = offsets[id + 1];
      const df = to[j] - from[j];
      totalPostings += df;
      weight[j] = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * counts[j];
      bound[j] = weight[j] * maxImpact[id];
    }
    if (totalPostings <= exhaustiveBelow) return this.exhaustive({ ids, counts }, topK);

    const { norms, norms32 } = this;
    const k1p = this.k1 + 1;
    // Terms by upper bound, largest (rarest) first.
    const order = Array.from({ length: m }, (_, j) => j).sort((a, b) => bound[b] - bound[a] || a - b);
    const acc = (this.accumulator ??= new Float32Array(n));

    // 1. Whole lists, most discriminating first, into the accumulator until the budget is spent.
    let read = 0;
    let done = 0;
    for (; done < m && read < postingBudget; done++) {
      const j = order[done];
      const w = weight[j] * k1p;
      for (let p = from[j], end = to[j]; p < end; p++) {
        const d = docs[p];
        const tf = tfs[p];
        acc[d] += (w * tf) / (tf + norms32[d]);
      }
      read += to[j] - from[j];
    }

    // 2. The leaders on those partial scores. A document absent from the first x lists has a partial of at
    //    most the bounds of lists x.., so once the leaders' floor is above that, the other lists need no look.
    const leaders = new TopK(Math.min(n, done === m ? k : Math.max(k, Math.max(minLeaders, leadersPerResult * k))));
    const later = new Float64Array(done + 1);
    for (let x = done - 1; x >= 0; x--) later[x] = later[x + 1] + bound[order[x]] * (1 + 1e-5);
    let min = 0;
    for (let x = 0; x < done && !(leaders.full && later[x] < min); x++) {
      const j = order[x];
      for (let p = from[j], end = to[j]; p < end; p++) {
        const d = docs[p];
        const partial = acc[d];
        if (partial > min || (partial === min && partial > 0)) {
          acc[d] = -partial; // offered once (equal scores: TopK keeps the lower document)
          leaders.offer(partial, d);
          if (leaders.full) min = leaders.minScore;
        }
      }
    }
    acc.fill(0);

    // 3. The leaders get the other terms' exact contributions, in document order: each remaining list is
    //    walked once, forwards (an interpolated guess, then galloping). After each term, leaders that the
    //    terms still to come cannot lift to the k-th best score so far are dropped.
    let count = leaders.size;
    const cand = new Int32Array(count);
    for (let i = 0; i < count; i++) cand[i] = leaders.docAt(i);
    cand.sort();
    const score = new Float64Array(count);
    {
      const at = new Map<number, number>();
      for (let i = 0; i < count; i++) at.set(leaders.docAt(i), leaders.scoreAt(i));
      for (let c = 0; c < count; c++) score[c] = at.get(cand[c])!;
    }
    let rest = 0;
    for (let x = done; x < m; x++) rest += bound[order[x]] * (1 + 1e-5);
    const kth = new TopK(k);
    let sink = 0;
    const guess = new Int32Array(count);
    for (let x = done; x < m; x++) {
      if (count > k) {
        kth.clear();
        for (let c = 0; c < count; c++) kth.offer(score[c], cand[c]);
        const floor = kth.minScore - rest;
        let kept = 0;
        for (let c = 0; c < count; c++) {
          if (score[c] < floor) continue;
          cand[kept] = cand[c];
          score[kept++] = score[c];
        }
        count = kept;
      }
      const j = order[x];
      const w = weight[j] * k1p;
      const end = to[j];
      let p = from[j];
      const first = docs[p];
      const last = docs[end - 1];
      // Where each leader should be if the list were evenly spread; reading those places first, in a loop
      // whose loads do not wait on each other, brings their cache lines in together (a prefetch).
      const scale = (end - 1 - p) / (last - first + 1);
      let touch = 0;
      for (let c = 0; c < count; c++) {
        const d = cand[c];
        const g = d <= first ? p : d >= last ? end - 1 : p + Math.floor((d - first) * scale);
        guess[c] = g;
        touch += docs[g] + tfs[g];
      }
      sink += touch;
      for (let c = 0; c < count; c++) {
        const d = cand[c];
        if (d > last) break;
        let at = docs[p];
        if (at < d) {
          let g = guess[c];
          if (g <= p) g = p + 1;
          if (docs[g] < d) {
            let step = 1;
            let lo = g + 1;
            while (lo + step < end && docs[lo + step] < d) {
              lo += step + 1;
              step <<= 1;
            }
            p = lowerBound(docs, lo, Math.min(lo + step + 1, end), d);
          } else {
            let step = 1;
            let hi = g;
            while (hi - step > p && docs[hi - step] >= d) {
              hi -= step;
              step <<= 1;
            }
            p = lowerBound(docs, Math.max(p + 1, hi - step + 1), hi, d);
          }
          at = docs[p];
        }
        if (at === d) {
          const tf = tfs[p];
          score[c] += (w * tf) / (tf + norms[d]);
        }
      }
      rest -= bound[j] * (1 + 1e-5);
    }
    if (sink === -1) count = 0; // keeps the prefetch reads
    const heap = new TopK(Math.min(k, count));
    for (let c = 0; c < count; c++) heap.offer(Math.fround(score[c]), cand[c]);
    return heap.sorted();
  }

  /**
   * The plain term-at-a-time search (every posting of every query term into a
   * dense float32 accumulator): the reference `search` must equal.
   */
  exhaustive({ ids, counts }: QueryTermIds, topK: number): ScoredDoc[] {
    const n = this.norms.length;
    if (n === 0 || topK <= 0) return [];
    const { offsets, docs, tfs } = this.lists;
    const norms = this.norms;
    const scores = new Float32Array(n);
    const touched: number[] = [];
    const k1p = this.k1 + 1;
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j];
      const from = offsets[id];
      const to = offsets[id + 1];
      const df = to - from;
      const weight = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * counts[j];
      for (let p = from; p < to; p++) {
        const doc = docs[p];
        const tf = tfs[p];
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += (weight * tf * k1p) / (tf + norms[doc]);
      }
    }
    touched.sort((a, b) => a - b);
    const heap = new TopK(Math.min(topK, n));
    for (const doc of touched) heap.offer(scores[doc], doc);
    return heap.sorted();
  }
}

/** First position in docs[lo, hi) holding a document ≥ d. */
function lowerBound(docs: Uint32Array, lo: number, hi: number, d: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The k best (score desc, then doc asc) of the documents offered: a min-heap on the worst. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly docs: Int32Array;
  private count = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.docs = new Int32Array(k);
  }

  get full(): boolean {
    return this.count === this.k;
  }

  get minScore(): number {
    return this.scores[0];
  }

  get size(): number {
    return this.count;
  }

  /** The i-th document held, in heap (not rank) order. */
  docAt(i: number): number {
    return this.docs[i];
  }

  scoreAt(i: number): number {
    return this.scores[i];
  }

  clear(): void {
    this.count = 0;
  }

  /** Adds the document if it is among the k best so far. */
  offer(score: number, doc: number): void {
    if (this.count < this.k) {
      let i = this.count++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(score, doc, this.scores[parent], this.docs[parent])) break;
        this.scores[i] = this.scores[parent];
        this.docs[i] = this.docs[parent];
        i = parent;
      }
      this.scores[i] = score;
      this.docs[i] = doc;
      return;
    }
    if (!this.worse(this.scores[0], this.docs[0], score, doc)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.count) break;
      const r = l + 1;
      const c = r < this.count && this.worse(this.scores[r], this.docs[r], this.scores[l], this.docs[l]) ? r : l;
      if (!this.worse(this.scores[c], this.docs[c], score, doc)) break;
      this.scores[i] = this.scores[c];
      this.docs[i] = this.docs[c];
      i = c;
    }
    this.scores[i] = score;
    this.docs[i] = doc;
  }

  private worse(s1: number, d1: number, s2: number, d2: number): boolean {
    return s1 < s2 || (s1 === s2 && d1 > d2);
  }

  /** The documents held, best first. */
  sorted(): ScoredDoc[] {
    const out: ScoredDoc[] = [];
    for (let i = 0; i < this.count; i++) out.push({ doc: this.docs[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}

/** Stored per-term impact bounds are widened by this much (they order the query terms). */
const BOUND_SLACK = 1e-6;

const BLOCK = 1 << 20;

/**
 * Postings are kept document-major in fixed blocks (no growing array copies), then
 * laid out term-major once by `finish`. `addText` takes raw text and lets the analyzer
 * feed the terms (no string per CJK term); `addTerms` takes terms as strings. Both give
 * the same index for the same terms.
 */
export class Bm25Builder implements TermSink {
  private readonly options: Bm25Options;
  private readonly words = new Map<string, number>();
  /** Term id of each CJK term, by its numeric key (see TermSink). */
  private readonly cjkTerms = new KeySlots(1 << 16);
  private readonly terms: string[] = [];
  private df = new Uint32Array(1 << 16);
  private readonly blockIds: Uint32Array[] = [];
  private readonly blockTfs: Uint16Array[] = [];
  private postings = 0;
  private docEnds = new Float64Array(1 << 12);
  private lengths = new Uint32Array(1 << 12);
  private docs = 0;
  private maxTf = 0;
  // the document being added
  private local = new DocCounter();
  private length = 0;

  /** `options` over DEFAULT_BM25 (scoring, stored in the index) and DEFAULT_BM25_SEARCH (given to the index `finish` returns). */
  constructor(options: Partial<Bm25Options> = {}) {
    this.options = { ...withDefaults(DEFAULT_BM25, options), ...withDefaults(DEFAULT_BM25_SEARCH, options) };
  }

  /** The index of the term lists, one per document. */
  static build(termLists: Iterable<string[]>, options: Partial<Bm25Options> = {}): Bm25Index {
    const builder = new Bm25Builder(options);
    for (const terms of termLists) builder.addTerms(terms);
    return builder.finish();
  }

  /** Adds a document given by its terms. */
  addTerms(terms: string[]): void {
    for (const term of terms) this.other(term);
    this.endDoc();
  }

  /** Adds a document given by its raw text: the same as addTerms(analyzer.terms(analyzer.fold(text))). */
  addText(text: string, analyzer: Pick<TermAnalyzer, "scan">): void {
    analyzer.scan(text, this);
    this.endDoc();
  }

  /** @internal TermSink */
  cjk(key: number): void {
    this.length++;
    const id = this.cjkTerms.claim(key, this.terms.length);
    if (id >= 0) {
      this.local.count(id);
      return;
    }
    this.local.count(this.newTerm(key < 65536 ? String.fromCharCode(key) : String.fromCharCode(Math.floor(key / 65536), key & 0xffff)));
  }

  /** @internal TermSink */
  other(term: string): void {
    this.length++;
    let id = this.words.get(term);
    if (id === undefined) {
      id = this.newTerm(term);
      this.words.set(term, id);
    }
    this.local.count(id);
  }

  private newTerm(term: string): number {
    const id = this.terms.length;
    this.terms.push(term);
    if (id === this.df.length) this.df = grown(this.df);
    return id;
  }

  private endDoc(): void {
    const local = this.local;
    for (let e = 0; e < local.size; e++) {
      const id = local.ids[e];
      const tf = Math.min(local.tfs[e], 0xffff);
      const block = Math.floor(this.postings / BLOCK);
      if (block === this.blockIds.length) {
        this.blockIds.push(new Uint32Array(BLOCK));
        this.blockTfs.push(new Uint16Array(BLOCK));
      }
      this.blockIds[block][this.postings % BLOCK] = id;
      this.blockTfs[block][this.postings % BLOCK] = tf;
      this.postings++;
      this.df[id]++;
      if (tf > this.maxTf) this.maxTf = tf;
    }
    if (this.docs === this.lengths.length) {
      this.lengths = grown(this.lengths);
      this.docEnds = grown(this.docEnds);
    }
    this.lengths[this.docs] = this.length;
    this.docEnds[this.docs] = this.postings;
    this.docs++;
    this.length = 0;
    local.reset();
  }

  /** The index of the documents added (the builder's postings are released). */
  finish(): Bm25Index {
    const { k1, b, exhaustiveBelow, postingBudget, minLeaders, leadersPerResult } = this.options;
    const termCount = this.terms.length;
    const byText = Array.from({ length: termCount }, (_, id) => id).sort((x, y) => (this.terms[x] < this.terms[y] ? -1 : this.terms[x] > this.terms[y] ? 1 : 0));
    const rank = new Uint32Array(termCount);
    byText.forEach((id, r) => (rank[id] = r));
    const offsets = new Uint32Array(termCount + 1);
    for (let r = 0; r < termCount; r++) offsets[r + 1] = offsets[r] + this.df[byText[r]];
    const docs = new Uint32Array(this.postings);
    const tfs = this.maxTf <= 0xff ? new Uint8Array(this.postings) : new Uint16Array(this.postings);
    const maxImpact = new Float64Array(termCount);
    const cursor = offsets.slice(0, termCount);
    const docLengths = this.lengths.slice(0, this.docs);
    let total = 0;
    for (let d = 0; d < this.docs; d++) total += docLengths[d];
    const avgLength = this.docs ? total / this.docs : 0;
    let p = 0;
    for (let d = 0; d < this.docs; d++) {
      const norm = k1 * (1 - b + (b * docLengths[d]) / avgLength);
      for (const end = this.docEnds[d]; p < end; p++) {
        const r = rank[this.blockIds[Math.floor(p / BLOCK)][p % BLOCK]];
        const tf = this.blockTfs[Math.floor(p / BLOCK)][p % BLOCK];
        const at = cursor[r]++;
        docs[at] = d;
        tfs[at] = tf;
        const impact = (tf * (k1 + 1)) / (tf + norm);
        if (impact > maxImpact[r]) maxImpact[r] = impact;
      }
    }
    this.blockIds.length = 0;
    this.blockTfs.length = 0;
    const bounds = new Float32Array(termCount);
    for (let r = 0; r < termCount; r++) bounds[r] = Math.fround(maxImpact[r] * (1 + BOUND_SLACK));
    const vocabOffsets = new Uint32Array(termCount + 1);
    const sorted = byText.map((id) => this.terms[id]);
    for (let r = 0; r < termCount; r++) vocabOffsets[r + 1] = vocabOffsets[r] + sorted[r].length;
    return new Bm25Index(
      { params: { k1, b }, vocabText: sorted.join(""), vocabOffsets, offsets, docs, tfs, maxImpact: bounds, docLengths, avgLength },
      { exhaustiveBelow, postingBudget, minLeaders, leadersPerResult },
    );
  }
}

function grown<T extends Uint32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as { new (n: number): T })(a.length * 2);
  b.set(a);
  return b;
}

/** Term ids of one document with their counts, in first-occurrence order (reset after each document). */
class DocCounter {
  size = 0;
  ids = new Uint32Array(1024);
  tfs = new Uint32Array(1024);
  private readonly slots = new KeySlots();

  reset(): void {
    this.size = 0;
    this.slots.clear();
  }

  count(id: number): void {
    const at = this.slots.claim(id, this.size);
    if (at >= 0) {
      this.tfs[at]++;
      return;
    }
    if (this.size === this.ids.length) {
      this.ids = grown(this.ids);
      this.tfs = grown(this.tfs);
    }
    this.ids[this.size] = id;
    this.tfs[this.size] = 1;
    this.size++;
  }
}
