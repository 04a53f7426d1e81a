/**
 * BM25 over a live index: several immutable segments (each its own Bm25Index, built
 * from its chunks alone) with tombstones, scored as one index over the live chunks.
 *
 * As Lucene does, the collection statistics are the generation's, not a segment's: N is
 * the live chunk count, avgLength the live chunks' average length, df a term's live
 * chunks across all segments (each segment's posting count less its deleted documents
 * that hold the term). Every segment is searched with those statistics (its postings
 * shared, its length norms recomputed: O(documents) per generation) and the segments'
 * top k are merged, so a score is the one a single index built over the live chunks, in
 * global ordinal order, gives the chunk: `searchExhaustive` to the bit, `search` up to
 * float32 rounding (relative 1e-5; its sums are taken in another order), as for Bm25Index.
 *
 * `search` keeps the budgeted two-phase search's bound on work (bm25-topk.ts): a segment
 * holding a share of the live chunks gets that share of `postingBudget` and
 * `exhaustiveBelow`, so the segments together read about what one merged index would,
 * and take the same decisions on proportionally shorter lists. Segments are searched
 * biggest first; a later one needs only documents reaching the k-th best score so far,
 * so a small segment's leaders mostly fall away after its rarest terms. One segment
 * without deletions is searched by the index's own searcher, as fast as the index alone.
 */
import type { Bm25Index, ScoredDoc } from "./bm25.js";
import { type Bm25Params, type Bm25SearchOptions, DEFAULT_BM25, DEFAULT_BM25_SEARCH, withDefaults } from "./bm25-options.js";
import { type Bm25TopK, TopK, type WeightedTerms } from "./bm25-topk.js";

export interface LexicalSegment {
  /** The segment's own index (local documents 0 .. index.docCount-1). */
  index: Bm25Index;
  /** Global ordinal of its local document 0 in the generation's numbering. */
  base: number;
  /** Tombstoned local documents, ascending (not copied: must not change afterwards). */
  deleted?: Uint32Array;
  /**
   * The index terms of a local document (analyzer.terms(analyzer.fold(text)) of its
   * chunk), asked only for deleted documents, to take them out of the document
   * frequencies. Without it those come from a walk over every posting of the segment.
   */
  termsOf?: (localDoc: number) => Iterable<string>;
}

/** What retrieval needs of the lexical side: a Bm25Index or a SegmentedBm25. */
export interface LexicalIndex {
  readonly docCount: number;
  df(term: string): number;
  idf(term: string): number;
  /** Top documents (global ordinals), best first, equal scores in ordinal order. */
  search(terms: string[], k: number): ScoredDoc[];
}

/** A segment with live documents, ready to search with the generation's statistics. */
interface Part {
  index: Bm25Index;
  base: number;
  deleted: Uint32Array;
  /** By term id, how many of the deleted documents hold the term (undefined: none deleted). */
  deletedDf?: Uint32Array;
  searcher: Bm25TopK;
}

const NONE = new Uint32Array(0);

export class SegmentedBm25 implements LexicalIndex {
  /** Live documents, all segments together. */
  readonly docCount: number;
  /** Their average length in terms. */
  readonly avgLength: number;
  readonly params: Bm25Params;
  readonly searchOptions: Bm25SearchOptions;
  private readonly parts: Part[];
  /** Per-query arrays, reused (see Bm25TopK's scratch: searches are synchronous). */
  private readonly scratch = { slot: new Map<string, number>(), distinct: [] as string[], counts: [] as number[], ids: new Int32Array(0), df: new Float64Array(0), weights: new Float64Array(0), query: { ids: [] as number[], weights: [] as number[] }, heap: new TopK(64) };

  /**
   * The generation of `segments`, searched with `options` over DEFAULT_BM25_SEARCH.
   * Taking the deleted documents out of the document frequencies costs their terms'
   * lookups (see the figures in scripts/bench-perf); given the `previous` generation,
   * a segment it had (the same Bm25Index) only pays for its newly deleted documents.
   * Throws a RangeError when the segments disagree on k1/b, overlap in global
   * ordinals, or a deletion list is not ascending local documents; an Error when a
   * deleted document's terms are not its segment's.
   */
  constructor(segments: LexicalSegment[], options: Partial<Bm25SearchOptions> = {}, previous?: SegmentedBm25) {
    this.searchOptions = withDefaults(DEFAULT_BM25_SEARCH, options);
    checkOrdinals(segments);
    const params = segments[0]?.index.params ?? DEFAULT_BM25;
    let live = 0;
    let length = 0;
    const kept: LexicalSegment[] = [];
    for (const segment of segments) {
      const { index } = segment;
      if (index.params.k1 !== params.k1 || index.params.b !== params.b) {
        throw new RangeError(`BM25 segments disagree on k1/b (${params.k1}/${params.b} and ${index.params.k1}/${index.params.b}): rebuild them with the same parameters`);
      }
      const deleted = segment.deleted ?? NONE;
      checkDeleted(deleted, index.docCount, segment.base);
      const n = index.docCount - deleted.length;
      if (n === 0) continue; // empty or all deleted: holds no live document and no live df
      live += n;
      length += index.totalLength(deleted);
      kept.push(segment);
    }
    this.params = params;
    this.docCount = live;
    this.avgLength = live ? length / live : 0;
    const reuse = new Map(previous?.parts.map((p) => [p.index, p]));
    this.parts = kept.map(({ index, base, deleted = NONE, termsOf }) => {
      const share = (index.docCount - deleted.length) / live;
      const { exhaustiveBelow, postingBudget } = this.searchOptions;
      const scaled = share === 1 ? this.searchOptions : { ...this.searchOptions, exhaustiveBelow: exhaustiveBelow * share, postingBudget: postingBudget * share };
      return {
        index, base, deleted,
        deletedDf: deletedDf(index, deleted, termsOf, reuse.get(index)),
        searcher: index.searcher({ avgLength: this.avgLength, deleted }, scaled),
      };
    }).sort((a, b) => b.index.docCount - b.deleted.length - (a.index.docCount - a.deleted.length)); // biggest first: see run
  }

  /** Live documents containing the term. */
  df(term: string): number {
    let df = 0;
    for (const part of this.parts) {
      const id = part.index.termId(term);
      if (id >= 0) df += part.index.listLength(id) - (part.deletedDf?.[id] ?? 0);
    }
    return df;
  }

  idf(term: string): number {
    const n = this.docCount;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Top live documents for the query terms (repeated terms count once per repetition),
   * as global ordinals, best first; equal scores in ordinal order. Exact BM25 scores;
   * bounded work per segment (see the file header and bm25-topk.ts).
   */
  search(terms: string[], k: number): ScoredDoc[] {
    return this.run(terms, k, (searcher, query, top, out, base, atLeast) => searcher.offerTop(query, top, out, base, atLeast));
  }

  /** Every posting of every query term scored: the reference `search` must equal. */
  searchExhaustive(terms: string[], k: number): ScoredDoc[] {
    return this.run(terms, k, (searcher, query, top, out, base) => searcher.offerExhaustive(query, top, out, base));
  }

  /**
   * Each segment's top k with the generation's weights, merged. Segments are searched biggest first, and once
   * k documents are in hand a segment needs only documents scoring at least the k-th best of them (less a
   * rounding margin, so equal scores still meet), which lets the budgeted search pass most of a small
   * segment's documents over.
   */
  private run(terms: string[], k: number, searchPart: (searcher: Bm25TopK, query: WeightedTerms, k: number, out: TopK, base: number, atLeast: number) => void): ScoredDoc[] {
    const n = this.docCount;
    if (n === 0 || k <= 0) return [];
    const { scratch } = this;
    // Distinct terms in first-occurrence order (the order a single index sums them in), with counts.
    const { slot, distinct, counts } = scratch;
    slot.clear();
    distinct.length = 0;
    counts.length = 0;
    for (const term of terms) {
      const at = slot.get(term);
      if (at === undefined) {
        slot.set(term, distinct.length);
        distinct.push(term);
        counts.push(1);
      } else counts[at]++;
    }
    const m = distinct.length;
    const { parts } = this;
    if (scratch.ids.length < parts.length * m) scratch.ids = new Int32Array(Math.max(parts.length * m, 2 * scratch.ids.length));
    if (scratch.df.length < m) {
      scratch.df = new Float64Array(Math.max(m, 2 * scratch.df.length));
      scratch.weights = new Float64Array(scratch.df.length);
    }
    const { ids, df, weights, query, heap } = scratch;
    df.fill(0, 0, m);
    for (let s = 0; s < parts.length; s++) {
      const part = parts[s];
      for (let j = 0; j < m; j++) {
        const id = part.index.termId(distinct[j]);
        ids[s * m + j] = id;
        if (id >= 0) df[j] += part.index.listLength(id) - (part.deletedDf?.[id] ?? 0);
      }
    }
    for (let j = 0; j < m; j++) weights[j] = Math.log(1 + (n - df[j] + 0.5) / (df[j] + 0.5)) * counts[j];
    heap.reset(Math.min(k, n));
    for (let s = 0; s < parts.length; s++) {
      const part = parts[s];
      query.ids.length = 0;
      query.weights.length = 0;
      for (let j = 0; j < m; j++) {
        const id = ids[s * m + j];
        // a term whose every live occurrence is gone scores nothing (and a single index would not know it)
        if (id < 0 || df[j] === 0) continue;
        query.ids.push(id);
        query.weights.push(weights[j]);
      }
      if (query.ids.length === 0) continue;
      const atLeast = heap.full ? heap.minScore * (1 - 1e-5) : 0;
      searchPart(part.searcher, query, k, heap, part.base, atLeast);
    }
    return heap.sorted();
  }
}

/**
 * By term id, how many of `deleted` hold the term: the counts of `before` (the same index in the
 * previous generation) plus the documents deleted since, or counted from scratch.
 */
function deletedDf(index: Bm25Index, deleted: Uint32Array, termsOf: LexicalSegment["termsOf"], before?: Part): Uint32Array | undefined {
  if (deleted.length === 0) return undefined;
  let fresh = deleted;
  let out: Uint32Array | undefined;
  if (before?.deletedDf) {
    const added = difference(deleted, before.deleted);
    if (added?.length === 0) return before.deletedDf; // never written after construction: shared
    if (added) {
      fresh = added;
      out = before.deletedDf.slice();
    }
  }
  out ??= new Uint32Array(index.termCount);
  if (!termsOf) {
    for (const [id, count] of index.dfWithin(fresh)) out[id] += count;
    return out;
  }
  // Each document's distinct terms counted by text, then each distinct text looked up once.
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const doc of fresh) {
    seen.clear();
    for (const term of termsOf(doc)) seen.add(term);
    for (const term of seen) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  for (const [term, count] of counts) {
    const id = index.termId(term);
    if (id < 0) throw new Error(`the deleted documents' terms are not its segment's (${JSON.stringify(term)} is not in its index)`);
    out[id] += count;
    if (out[id] > index.listLength(id)) throw new Error(`the deleted documents' terms are not its segment's (more of them hold ${JSON.stringify(term)} than its documents do)`);
  }
  return out;
}

/** The documents of `now` not in `then` (both ascending), or undefined when `then` is not a subset of `now`. */
function difference(now: Uint32Array, then: Uint32Array): Uint32Array | undefined {
  if (then.length > now.length) return undefined;
  const out = new Uint32Array(now.length - then.length);
  let j = 0;
  let k = 0;
  for (let i = 0; i < now.length; i++) {
    if (j < then.length && then[j] === now[i]) j++;
    else if (j < then.length && then[j] < now[i]) return undefined;
    else out[k++] = now[i];
  }
  return j === then.length ? out : undefined;
}

function checkDeleted(deleted: Uint32Array, docCount: number, base: number): void {
  for (let i = 0; i < deleted.length; i++) {
    if (deleted[i] >= docCount || (i > 0 && deleted[i] <= deleted[i - 1])) {
      throw new RangeError(`deleted documents of the segment at ${base} must be ascending local documents below ${docCount} (got ${deleted[i]} at ${i})`);
    }
  }
}

function checkOrdinals(segments: LexicalSegment[]): void {
  const ranges = segments.map((s) => [s.base, s.base + s.index.docCount]).sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < ranges.length; i++) {
    if (!Number.isInteger(ranges[i][0]) || ranges[i][0] < 0) throw new RangeError(`segment base ${ranges[i][0]} is not an ordinal`);
    if (i > 0 && ranges[i][0] < ranges[i - 1][1]) throw new RangeError(`segments overlap in global ordinals (${ranges[i - 1][0]}..${ranges[i - 1][1] - 1} and ${ranges[i][0]}..)`);
  }
}
