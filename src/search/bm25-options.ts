/** BM25's tunables: what is stored with an index, what is chosen per search, and their documented defaults. */

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
 * change with them (see bm25-topk.ts for the measurements behind the defaults).
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
