/**
 * Okapi BM25 over a fixed set of documents (chunks), in compact typed arrays.
 * Pure: no IO; `serialize`/`deserialize` give a versioned binary form.
 */
export interface Bm25Params {
  k1: number;
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };
const FORMAT = "citebot-bm25/1";

export interface ScoredDoc {
  doc: number;
  score: number;
}

export class Bm25Index {
  private constructor(
    readonly params: Bm25Params,
    private readonly vocab: Map<string, number>,
    /** Postings of term t are docs[offsets[t] .. offsets[t+1]). */
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly tfs: Uint16Array,
    private readonly docLengths: Uint32Array,
    private readonly avgLength: number,
  ) {}

  get docCount(): number {
    return this.docLengths.length;
  }

  static build(termLists: Iterable<string[]>, params: Bm25Params = DEFAULT_BM25): Bm25Index {
    const vocab = new Map<string, number>();
    const perDoc: Array<{ ids: Uint32Array; tfs: Uint16Array }> = [];
    const df: number[] = [];
    const lengths: number[] = [];
    for (const terms of termLists) {
      const counts = new Map<number, number>();
      for (const term of terms) {
        let id = vocab.get(term);
        if (id === undefined) {
          id = vocab.size;
          vocab.set(term, id);
          df.push(0);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const ids = new Uint32Array(counts.size);
      const tfs = new Uint16Array(counts.size);
      let i = 0;
      for (const [id, tf] of counts) {
        ids[i] = id;
        tfs[i++] = Math.min(tf, 0xffff);
        df[id]++;
      }
      perDoc.push({ ids, tfs });
      lengths.push(terms.length);
    }
    const offsets = new Uint32Array(vocab.size + 1);
    for (let t = 0; t < vocab.size; t++) offsets[t + 1] = offsets[t] + df[t];
    const docs = new Uint32Array(offsets[vocab.size]);
    const tfs = new Uint16Array(offsets[vocab.size]);
    const cursor = offsets.slice(0, vocab.size);
    perDoc.forEach((entry, doc) => {
      for (let i = 0; i < entry.ids.length; i++) {
        const at = cursor[entry.ids[i]]++;
        docs[at] = doc;
        tfs[at] = entry.tfs[i];
      }
    });
    const docLengths = Uint32Array.from(lengths);
    const avg = lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 0;
    return new Bm25Index(params, vocab, offsets, docs, tfs, docLengths, avg);
  }

  /** Number of documents containing the term. */
  df(term: string): number {
    const id = this.vocab.get(term);
    return id === undefined ? 0 : this.offsets[id + 1] - this.offsets[id];
  }

  idf(term: string): number {
    const n = this.docCount;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Top documents for the query terms (repeated terms count once per repetition, as in the query). */
  search(queryTerms: string[], topK: number): ScoredDoc[] {
    const n = this.docCount;
    if (n === 0 || topK <= 0) return [];
    const qtf = new Map<number, number>();
    for (const term of queryTerms) {
      const id = this.vocab.get(term);
      if (id !== undefined) qtf.set(id, (qtf.get(id) ?? 0) + 1);
    }
    const scores = new Float32Array(n);
    const touched: number[] = [];
    const { k1, b } = this.params;
    for (const [id, count] of qtf) {
      const from = this.offsets[id];
      const to = this.offsets[id + 1];
      const df = to - from;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * count;
      for (let p = from; p < to; p++) {
        const doc = this.docs[p];
        const tf = this.tfs[p];
        const norm = k1 * (1 - b + (b * this.docLengths[doc]) / this.avgLength);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += (idf * tf * (k1 + 1)) / (tf + norm);
      }
    }
    return topByScore(touched, scores, topK);
  }

  serialize(): Buffer {
    const header = Buffer.from(
      JSON.stringify({ format: FORMAT, params: this.params, avgLength: this.avgLength, vocab: [...this.vocab.keys()], postings: this.docs.length, docCount: this.docCount }),
      "utf8",
    );
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    const pad = (buf: Buffer) => Buffer.concat([buf, Buffer.alloc((4 - (buf.length % 4)) % 4)]);
    return Buffer.concat([
      len,
      pad(header),
      Buffer.from(this.offsets.buffer, this.offsets.byteOffset, this.offsets.byteLength),
      Buffer.from(this.docs.buffer, this.docs.byteOffset, this.docs.byteLength),
      Buffer.from(this.docLengths.buffer, this.docLengths.byteOffset, this.docLengths.byteLength),
      pad(Buffer.from(this.tfs.buffer, this.tfs.byteOffset, this.tfs.byteLength)),
    ]);
  }

  /** Throws an Error with a plain message when the bytes are not a complete index of this format. */
  static deserialize(bytes: Buffer): Bm25Index {
    if (bytes.length < 4) throw new Error("truncated lexical index");
    const headerLength = bytes.readUInt32LE(0);
    if (4 + headerLength > bytes.length) throw new Error("truncated lexical index");
    const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8")) as {
      format: string; params: Bm25Params; avgLength: number; vocab: string[]; postings: number; docCount: number;
    };
    if (header.format !== FORMAT) throw new Error(`lexical index format ${header.format}, expected ${FORMAT}`);
    let at = 4 + headerLength + ((4 - (headerLength % 4)) % 4);
    const take = <T>(Ctor: { new (buf: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, count: number): T => {
      const byteLength = count * Ctor.BYTES_PER_ELEMENT;
      if (at + byteLength > bytes.length) throw new Error("truncated lexical index");
      const copy = new ArrayBuffer(byteLength);
      new Uint8Array(copy).set(bytes.subarray(at, at + byteLength));
      at += byteLength;
      return new Ctor(copy);
    };
    const offsets = take(Uint32Array, header.vocab.length + 1);
    const docs = take(Uint32Array, header.postings);
    const docLengths = take(Uint32Array, header.docCount);
    const tfs = take(Uint16Array, header.postings);
    const vocab = new Map<string, number>();
    header.vocab.forEach((term, id) => vocab.set(term, id));
    if (offsets[offsets.length - 1] !== header.postings) throw new Error("inconsistent lexical index");
    return new Bm25Index(header.params, vocab, offsets, docs, tfs, docLengths, header.avgLength);
  }
}

/** Top-k by score without sorting everything. */
export function topByScore(candidates: number[], scores: ArrayLike<number>, k: number): ScoredDoc[] {
  if (candidates.length <= k * 4) {
    return candidates.map((doc) => ({ doc, score: scores[doc] })).sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, k);
  }
  const best: ScoredDoc[] = [];
  let floor = -Infinity;
  for (const doc of candidates) {
    const score = scores[doc];
    if (best.length < k || score > floor) {
      best.push({ doc, score });
      if (best.length > k * 2) {
        best.sort((a, b) => b.score - a.score || a.doc - b.doc);
        best.length = k;
        floor = best[k - 1].score;
      }
    }
  }
  return best.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, k);
}
