/**
 * Okapi BM25 over a fixed set of documents (chunks), in compact typed arrays: the
 * index, its options and its binary form. Pure: no IO; `serialize`/`deserialize`
 * give a versioned binary form that loads without copying (typed-array views over
 * the file's bytes). Built by `Bm25Builder` (bm25-builder.ts); searched by
 * `Bm25TopK` (bm25-topk.ts, where the search algorithm is described).
 */
import { Bm25TopK, type PostingLists, type ScoredDoc, type SearchStats, type WeightedTerms } from "./bm25-topk.js";

export type { ScoredDoc } from "./bm25-topk.js";

import { type Bm25Params, type Bm25SearchOptions, DEFAULT_BM25_SEARCH, withDefaults } from "./bm25-options.js";

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
  /** Where each first code unit's terms start (termId); built on first use. */
  private byFirstUnit?: Uint32Array;

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
    // Only the terms sharing its first code unit (a few dozen for a CJK character: it and its bigrams).
    const starts = (this.byFirstUnit ??= this.firstUnitStarts());
    const unit = term.length ? term.charCodeAt(0) : -1;
    let lo = unit < 0 ? 0 : starts[unit];
    let hi = (unit < 0 ? starts[0] : starts[unit + 1]) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = this.compareTerm(term, mid);
      if (cmp === 0) return mid;
      if (cmp < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -1;
  }

  /** starts[u]: the first term id whose first code unit is u or more (the empty term comes first). */
  private firstUnitStarts(): Uint32Array {
    const { vocabText, vocabOffsets } = this.parts;
    const n = this.termCount;
    const starts = new Uint32Array(65537);
    let id = 0;
    while (id < n && vocabOffsets[id] === vocabOffsets[id + 1]) id++;
    for (let unit = 0; unit <= 65536; unit++) {
      while (id < n && vocabText.charCodeAt(vocabOffsets[id]) < unit) id++;
      starts[unit] = id;
    }
    return starts;
  }

  /** The term of an id. */
  termText(id: number): string {
    return this.parts.vocabText.slice(this.parts.vocabOffsets[id], this.parts.vocabOffsets[id + 1]);
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
    return id < 0 ? 0 : this.listLength(id);
  }

  /** Number of documents containing the term of this id (the length of its posting list). */
  listLength(id: number): number {
    return this.parts.offsets[id + 1] - this.parts.offsets[id];
  }

  /** Sum of the documents' lengths in terms, leaving out the documents `except`. */
  totalLength(except: Uint32Array = new Uint32Array(0)): number {
    const { docLengths } = this.parts;
    let total = 0;
    for (let d = 0; d < docLengths.length; d++) total += docLengths[d];
    for (const d of except) total -= docLengths[d];
    return total;
  }

  /**
   * How many of the given documents hold each term: term id → count, for the terms some
   * of them hold. Walks every posting (O(postings of the index)): for when the documents'
   * terms are not at hand.
   */
  dfWithin(docs: Uint32Array): Map<number, number> {
    const { offsets, docs: postings } = this.parts;
    const member = new Uint8Array(this.docCount);
    for (const d of docs) member[d] = 1;
    const out = new Map<number, number>();
    for (let t = 0; t < this.termCount; t++) {
      let count = 0;
      for (let p = offsets[t], end = offsets[t + 1]; p < end; p++) count += member[postings[p]];
      if (count) out.set(t, count);
    }
    return out;
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
   * bm25-topk.ts).
   */
  search(queryTerms: string[], topK: number): ScoredDoc[] {
    if (this.docCount === 0 || topK <= 0) return [];
    return this.topk.search(this.weighted(queryTerms), topK);
  }

  /** Every posting of every query term scored: the reference `search` must equal. */
  searchExhaustive(queryTerms: string[], topK: number): ScoredDoc[] {
    if (this.docCount === 0 || topK <= 0) return [];
    return this.topk.exhaustive(this.weighted(queryTerms), topK);
  }

  /**
   * Searches of these postings scored with other collection statistics (a live index's
   * generation: its average length over live documents, this index's tombstones), with
   * `options`. The postings are shared, not copied; the length norms are computed anew
   * (O(documents)) unless the statistics and options are this index's own. The caller
   * weights the query terms (idf from its document frequencies, × count in the query).
   */
  searcher(stats: SearchStats, options: Bm25SearchOptions = this.searchOptions): Bm25TopK {
    const own = stats.avgLength === this.parts.avgLength && !stats.deleted?.length &&
      (Object.keys(options) as Array<keyof Bm25SearchOptions>).every((key) => options[key] === this.searchOptions[key]);
    return own ? this.topk : new Bm25TopK(this.parts, this.params, options, stats);
  }

  /** The query's terms found in the index, in first-occurrence order, weighted by idf × count. */
  private weighted(queryTerms: string[]): WeightedTerms {
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
    const n = this.docCount;
    const weights = ids.map((id, j) => {
      const df = this.listLength(id);
      return Math.log(1 + (n - df + 0.5) / (df + 0.5)) * counts[j];
    });
    return { ids, weights };
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
