/**
 * Builds a Bm25Index (bm25.ts) one document at a time with bounded memory.
 */
import type { TermAnalyzer } from "./analyzer.js";
import { Bm25Index } from "./bm25.js";
import { type Bm25Options, DEFAULT_BM25, DEFAULT_BM25_SEARCH, withDefaults } from "./bm25-options.js";
import { KeySlots } from "./key-slots.js";
import type { TermSink } from "./term-scan.js";

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
    const byText = textOrder(this.terms);
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

/** Radix of a code unit in a short term's sort key: units + 1 (0 = no unit), so a prefix sorts first. */
const UNIT_RADIX = 0x10001;

/**
 * Term ids in the order of their text (UTF-16 code units, as `<` compares strings). Terms of up
 * to three units (CJK unigrams and bigrams: nearly all of them) are sorted as exact numeric keys
 * by the native typed-array sort, the few longer ones by text, and the two lists merged: a third
 * of the time of one comparator sort over all terms, which was a tenth of a small build.
 */
export function textOrder(terms: readonly string[]): number[] {
  const keyOf = new Float64Array(terms.length);
  const keys: number[] = [];
  const long: number[] = [];
  terms.forEach((term, id) => {
    if (term.length > 3) {
      long.push(id);
      return;
    }
    let key = 0;
    for (let i = 0; i < 3; i++) key = key * UNIT_RADIX + (i < term.length ? term.charCodeAt(i) + 1 : 0);
    keyOf[id] = key;
    keys.push(key);
  });
  const sortedKeys = Float64Array.from(keys).sort();
  // Keys are distinct (terms are): each short term's place is where its key is.
  const short = new Array<number>(keys.length);
  terms.forEach((term, id) => {
    if (term.length <= 3) short[lowerBound(sortedKeys, keyOf[id])] = id;
  });
  long.sort((x, y) => (terms[x] < terms[y] ? -1 : terms[x] > terms[y] ? 1 : 0));
  const out = new Array<number>(terms.length);
  let i = 0;
  let j = 0;
  for (let o = 0; o < out.length; o++) {
    if (i < short.length && (j >= long.length || terms[short[i]] < terms[long[j]])) out[o] = short[i++];
    else out[o] = long[j++];
  }
  return out;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
