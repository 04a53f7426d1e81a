import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Bm25Builder } from "../../src/search/bm25-builder.js";
import type { Bm25Index, ScoredDoc } from "../../src/search/bm25.js";
import type { Bm25SearchOptions } from "../../src/search/bm25-options.js";
import { type LexicalIndex, type LexicalSegment, SegmentedBm25 } from "../../src/search/bm25-segments.js";
import { analyzerTexts } from "../helpers/analyzer-texts.js";
import { bm25Corpus, closeScore } from "../helpers/bm25.js";
import { seededRandom } from "../helpers/random.js";
import { analyzer } from "../helpers/workspace.js";

const an = analyzer();
const termsOf = (text: string) => an.terms(an.fold(text));

const TRADITIONAL = [
  "臺北市教育局公布，全市國民中學學生人數持續減少。",
  "學校圖書館將延長開放時間，方便學生課後閱讀。",
  "國立臺灣大學與清華大學合作開設人工智慧課程。",
  "教師研習營於暑假舉辦，參加者須於網路報名。",
  "颱風來襲，各級學校停課一天，補課日期另行通知。",
];
const ENGLISH = [
  "The library opens at nine and closes at six on weekdays.",
  "Students who register online receive a confirmation email.",
  "Teachers attend a summer workshop on artificial intelligence.",
];

/** Simplified (the bundled document, recombined), Traditional, English and the analyzer's tricky inputs, shuffled. */
function mixedTexts(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const simplified = bm25Corpus(count, seed);
  const sliced = analyzerTexts();
  return simplified.map((text, i) => {
    const r = random();
    if (r < 0.15) return pick(TRADITIONAL) + pick(TRADITIONAL) + (random() < 0.5 ? pick(ENGLISH) : "");
    if (r < 0.25) return pick(ENGLISH) + " " + pick(ENGLISH);
    if (r < 0.4) return pick(sliced);
    return i % 3 === 0 ? text + pick(TRADITIONAL) : text;
  });
}

interface Generation {
  segments: LexicalSegment[];
  /** Global ordinal of each live text, in order. */
  liveOrdinals: number[];
  liveTexts: string[];
}

/**
 * `texts` cut into `segmentCount` consecutive segments (some possibly empty), each with its own index,
 * and random deletions (rate up to `maxRate`; one segment sometimes deleted whole).
 */
function generation(texts: string[], segmentCount: number, random: () => number, { maxRate = 0.3, withTermsOf = true } = {}): Generation {
  const cuts = Array.from({ length: segmentCount - 1 }, () => Math.floor(random() * (texts.length + 1))).sort((a, b) => a - b);
  const bounds = [0, ...cuts, texts.length];
  const segments: LexicalSegment[] = [];
  const liveOrdinals: number[] = [];
  const wholeGone = segmentCount > 1 && random() < 0.5 ? Math.floor(random() * segmentCount) : -1;
  for (let s = 0; s < segmentCount; s++) {
    const slice = texts.slice(bounds[s], bounds[s + 1]);
    const builder = new Bm25Builder();
    for (const text of slice) builder.addText(text, an);
    const rate = s === wholeGone ? 1 : random() * maxRate;
    const deleted = slice.map((_, d) => d).filter(() => random() < rate);
    const gone = new Set(deleted);
    slice.forEach((_, d) => gone.has(d) || liveOrdinals.push(bounds[s] + d));
    segments.push({
      index: builder.finish(), base: bounds[s], deleted: Uint32Array.from(deleted),
      ...(withTermsOf ? { termsOf: (d: number) => termsOf(slice[d]) } : {}),
    });
  }
  return { segments, liveOrdinals, liveTexts: liveOrdinals.map((o) => texts[o]) };
}

function rebuilt(liveTexts: string[], options: Partial<Bm25SearchOptions> = {}): Bm25Index {
  const builder = new Bm25Builder(options);
  for (const text of liveTexts) builder.addText(text, an);
  return builder.finish();
}

function queriesFor(texts: string[], random: () => number): string[][] {
  const vocab = [...new Set(texts.slice(0, 200).flatMap(termsOf))];
  return [
    ...Array.from({ length: 25 }, () => {
      const t = texts[Math.floor(random() * texts.length)];
      const from = Math.floor(random() * Math.max(1, t.length - 20));
      return termsOf(t.slice(from, from + 8 + Math.floor(random() * 40)));
    }),
    ...Array.from({ length: 10 }, () => Array.from({ length: 1 + Math.floor(random() * 20) }, () => vocab[Math.floor(random() * vocab.length)])),
    termsOf("國立臺灣大學 library 学校 学校 不存在的词"),
    ["the", "the", "school"],
    [],
  ];
}

const mapped = (hits: ScoredDoc[], liveOrdinals: number[]) => hits.map((h) => ({ doc: liveOrdinals[h.doc], score: h.score }));

describe("BM25 over segments with deletions", () => {
  it("scores as a full rebuild over the live texts: exhaustive to the bit, search to float32 rounding, same df/idf/docCount", () => {
    const random = seededRandom(11);
    for (let round = 0; round < 10; round++) {
      const texts = mixedTexts(150 + Math.floor(random() * 250), 100 + round);
      const segmentCount = 1 + (round % 8);
      const { segments, liveOrdinals, liveTexts } = generation(texts, segmentCount, random, { withTermsOf: round % 2 === 0 });
      const fresh = rebuilt(liveTexts);
      const live = new SegmentedBm25(segments);
      const unbounded = new SegmentedBm25(segments, { exhaustiveBelow: 0, postingBudget: Infinity });
      const at = `round ${round} (${segmentCount} segments, ${texts.length - liveTexts.length} deleted)`;
      assert.equal(live.docCount, fresh.docCount, at);
      const queries = queriesFor(texts, random);
      for (const term of new Set([...queries.flat(), ...texts.flatMap(termsOf).filter((_, i) => i % 17 === 0), "不存在的词"])) {
        assert.equal(live.df(term), fresh.df(term), `df of ${term} in ${at}`);
        assert.equal(live.idf(term), fresh.idf(term), `idf of ${term} in ${at}`);
      }
      for (const query of queries) {
        const all = new Map(mapped(fresh.searchExhaustive(query, fresh.docCount), liveOrdinals).map((h) => [h.doc, h.score]));
        for (const k of [1, 10, 40, 1000]) {
          const want = mapped(fresh.searchExhaustive(query, k), liveOrdinals);
          assert.deepEqual(live.searchExhaustive(query, k), want, `exhaustive ${JSON.stringify(query)} k=${k} ${at}`);
          for (const [name, searched] of [["default", live], ["two-phase", unbounded]] as const) {
            const got = searched.search(query, k);
            assert.equal(got.length, want.length);
            // at each rank a document scoring what the rebuild's does there (equal scores in two segments may be a
            // rounding apart: their sums are taken in each segment's own order), with its own score
            got.forEach((hit, i) => {
              assert.ok(closeScore(hit.score, want[i].score), `${name}: rank ${i} of ${JSON.stringify(query)} k=${k} ${at}`);
              assert.ok(closeScore(hit.score, all.get(hit.doc)!), `${name}: score of ${hit.doc} for ${JSON.stringify(query)} ${at}`);
            });
          }
        }
      }
    }
  });

  it("counts the same document frequencies from the deleted documents' terms as from a walk over the postings", () => {
    const random = seededRandom(5);
    const texts = mixedTexts(400, 9);
    const withTerms = generation(texts, 5, random, { maxRate: 0.5 });
    const walked = new SegmentedBm25(withTerms.segments.map(({ termsOf: _, ...rest }) => rest));
    const given = new SegmentedBm25(withTerms.segments);
    for (const term of new Set(texts.flatMap(termsOf))) assert.equal(given.df(term), walked.df(term), term);
  });

  it("under a binding budget, returns exact scores, best first, never a deleted chunk, and mostly the rebuild's top documents", () => {
    const texts = bm25Corpus(1500);
    const random = seededRandom(21);
    // one big segment and seven small ones, 1–5 % of each deleted
    const bounds = [0, 1200, 1230, 1260, 1300, 1350, 1400, 1450, 1500];
    const segments: LexicalSegment[] = [];
    const liveOrdinals: number[] = [];
    for (let s = 0; s + 1 < bounds.length; s++) {
      const slice = texts.slice(bounds[s], bounds[s + 1]);
      const rate = 0.01 + random() * 0.04;
      const deleted = slice.map((_, d) => d).filter(() => random() < rate);
      const gone = new Set(deleted);
      slice.forEach((_, d) => gone.has(d) || liveOrdinals.push(bounds[s] + d));
      segments.push({ index: Bm25Builder.build(slice.map(termsOf)), base: bounds[s], deleted: Uint32Array.from(deleted), termsOf: (d) => termsOf(slice[d]) });
    }
    const deletedOrdinals = new Set(texts.map((_, o) => o).filter((o) => !liveOrdinals.includes(o)));
    const options = { exhaustiveBelow: 0, postingBudget: 600, minLeaders: 60, leadersPerResult: 6 };
    const live = new SegmentedBm25(segments, options);
    const fresh = rebuilt(liveOrdinals.map((o) => texts[o]));
    const textQueries = texts.slice(0, 60).map((t) => termsOf(t.slice(0, 12 + (t.length % 30))));
    let top1 = 0;
    let overlap = 0;
    let bound = 0;
    for (const query of textQueries) {
      if ([...new Set(query)].reduce((sum, t) => sum + fresh.df(t), 0) > 2 * 600) bound++;
      const all = new Map(mapped(fresh.searchExhaustive(query, fresh.docCount), liveOrdinals).map((h) => [h.doc, h.score]));
      const want = mapped(fresh.searchExhaustive(query, 10), liveOrdinals);
      const got = live.search(query, 10);
      assert.equal(got.length, want.length);
      for (let i = 0; i < got.length; i++) {
        assert.ok(!deletedOrdinals.has(got[i].doc), "a deleted chunk is never returned");
        assert.ok(closeScore(got[i].score, all.get(got[i].doc)!), "a returned score is the chunk's BM25 score in the rebuild");
        if (i > 0) assert.ok(got[i - 1].score >= got[i].score, "best first");
      }
      if (closeScore(all.get(got[0].doc)!, want[0].score)) top1++;
      const kth = want[want.length - 1].score;
      overlap += got.filter((h) => all.get(h.doc)! >= kth || closeScore(all.get(h.doc)!, kth)).length / want.length;
    }
    assert.ok(bound >= textQueries.length, `the budget binds for the text queries (${bound})`);
    assert.ok(top1 / textQueries.length >= 0.98, `top-1 agreement ${top1 / textQueries.length}`);
    assert.ok(overlap / textQueries.length >= 0.95, `top-10 overlap ${overlap / textQueries.length}`);
  });

  it("keeps the impact bounds upper bounds when a segment's own average length is far from the generation's", () => {
    // Short documents in one segment, long ones in the other: under the generation's (longer) average the short
    // segment's norms shrink and its impacts grow past the maxImpact stored with it. Pruned with those, the leader
    // pass stops before a document that only the later lists hold and that would have won.
    const random = seededRandom(8);
    const words = ["甲", "乙", "丙", "丁"];
    const doc = (len: number) => Array.from({ length: len }, () => words[Math.floor(random() * words.length)]);
    const queries = [["甲", "乙"], ["甲", "丙"], ["乙", "丙"], ["甲", "乙", "丙"], ["丙", "丁"], ["甲", "丁"], ["乙", "丁"]];
    for (let round = 0; round < 300; round++) {
      const short = Array.from({ length: 4 }, () => doc(1 + Math.floor(random() * 6)));
      const long = Array.from({ length: 6 }, () => [...doc(Math.floor(random() * 3)), ...Array<string>(100).fill("填")]);
      const segments = [{ index: Bm25Builder.build(short), base: 0 }, { index: Bm25Builder.build(long), base: 4 }];
      const live = new SegmentedBm25(segments, { exhaustiveBelow: 0, postingBudget: Infinity, minLeaders: 1, leadersPerResult: 1 });
      const fresh = Bm25Builder.build([...short, ...long]);
      for (const query of queries) {
        for (const k of [1, 3]) {
          const want = fresh.searchExhaustive(query, k);
          const got = live.search(query, k);
          assert.equal(got.length, want.length);
          got.forEach((hit, i) => assert.ok(closeScore(hit.score, want[i].score), `${JSON.stringify(short)} ${query.join("")} k=${k}: rank ${i}`));
        }
      }
    }
  });

  it("forgets a term whose only occurrences were deleted", () => {
    const texts = ["北京市教育工作要点", "学校图书馆开放时间", "独一无二的麒麟字样", "学校课程安排"];
    const a = { index: Bm25Builder.build(texts.slice(0, 2).map(termsOf)), base: 0 };
    const b = { index: Bm25Builder.build(texts.slice(2).map(termsOf)), base: 2, deleted: Uint32Array.of(0), termsOf: (d: number) => termsOf(texts[2 + d]) };
    const live = new SegmentedBm25([a, b]);
    const fresh = Bm25Builder.build([texts[0], texts[1], texts[3]].map(termsOf));
    assert.equal(live.df("麒"), 0);
    assert.equal(live.df("麒麟"), 0);
    assert.equal(live.idf("麒麟"), fresh.idf("麒麟"));
    assert.deepEqual(live.search(["麒麟"], 5), []);
    const query = termsOf("麒麟学校");
    assert.deepEqual(live.search(query, 5), mapped(fresh.search(query, 5), [0, 1, 3]));
    assert.equal(live.docCount, 3);
  });

  it("takes empty segments, all-deleted segments and no segments at all", () => {
    const texts = ["北京市教育工作要点", "学校图书馆开放时间", "學校課程安排 school"];
    const empty = { index: Bm25Builder.build([]), base: 0 };
    const gone = { index: Bm25Builder.build(texts.slice(0, 2).map(termsOf)), base: 0, deleted: Uint32Array.of(0, 1) };
    const kept = { index: Bm25Builder.build(texts.slice(2).map(termsOf)), base: 2 };
    const live = new SegmentedBm25([empty, gone, kept, { index: Bm25Builder.build([]), base: 3 }]);
    const fresh = Bm25Builder.build([termsOf(texts[2])]);
    assert.equal(live.docCount, 1);
    assert.equal(live.avgLength, termsOf(texts[2]).length);
    for (const term of termsOf(texts.join(""))) assert.equal(live.df(term), fresh.df(term), term);
    assert.deepEqual(live.search(termsOf("学校 school"), 5), mapped(fresh.search(termsOf("学校 school"), 5), [2]));
    assert.deepEqual(live.search(termsOf("北京"), 5), []);
    const none = new SegmentedBm25([]);
    assert.equal(none.docCount, 0);
    assert.equal(none.df("学"), 0);
    assert.deepEqual(none.search(["学"], 5), []);
    assert.deepEqual(new SegmentedBm25([empty]).searchExhaustive(["学"], 5), []);
  });

  it("is the index itself when there is one segment without deletions: same results, same options, as a LexicalIndex", () => {
    const texts = bm25Corpus(800, 4);
    const index = Bm25Builder.build(texts.map(termsOf), { exhaustiveBelow: 0, postingBudget: 500, minLeaders: 20, leadersPerResult: 2 });
    const live: LexicalIndex = new SegmentedBm25([{ index, base: 0 }], index.searchOptions);
    const asLexical: LexicalIndex = index;
    assert.equal(live.docCount, asLexical.docCount);
    for (const text of texts.slice(0, 80)) {
      const query = termsOf(text.slice(0, 30));
      assert.deepEqual(live.search(query, 10), asLexical.search(query, 10));
      assert.equal(live.idf(query[0] ?? "x"), asLexical.idf(query[0] ?? "x"));
    }
  });

  it("given the previous generation, counts only the newly deleted documents and scores as if built afresh", () => {
    const texts = mixedTexts(300, 31);
    const random = seededRandom(31);
    let asked = 0;
    const slices = [texts.slice(0, 200), texts.slice(200)];
    const indexes = slices.map((slice) => Bm25Builder.build(slice.map(termsOf)));
    const segment = (s: number, deleted: number[]): LexicalSegment => ({
      index: indexes[s], base: s * 200, deleted: Uint32Array.from(deleted), termsOf: (d) => (asked++, termsOf(slices[s][d])),
    });
    const first = new SegmentedBm25([segment(0, [3, 50]), segment(1, [7])]);
    assert.equal(asked, 3);
    asked = 0;
    const more = [segment(0, [3, 17, 50, 120]), segment(1, [7])];
    const next = new SegmentedBm25(more, {}, first);
    assert.equal(asked, 2, "only the two documents deleted since the previous generation");
    const afresh = new SegmentedBm25(more);
    for (const term of new Set(texts.flatMap(termsOf))) assert.equal(next.df(term), afresh.df(term), term);
    for (const query of queriesFor(texts, random)) assert.deepEqual(next.search(query, 20), afresh.search(query, 20));
    // a deletion list that is not a superset (a segment rebuilt under the same index object) is counted afresh
    asked = 0;
    const fewer = new SegmentedBm25([segment(0, [50]), segment(1, [])], {}, next);
    assert.equal(asked, 1);
    assert.equal(fewer.df("学"), new SegmentedBm25([segment(0, [50]), segment(1, [])]).df("学"));
  });

  it("refuses segments that overlap, disagree on k1/b, list deletions out of order or name terms not theirs", () => {
    const a = Bm25Builder.build([["学"], ["校"]]);
    const b = Bm25Builder.build([["学"]], { k1: 2 });
    assert.throws(() => new SegmentedBm25([{ index: a, base: 0 }, { index: a, base: 1 }]), /overlap/);
    assert.throws(() => new SegmentedBm25([{ index: a, base: 0 }, { index: b, base: 2 }]), /k1\/b/);
    assert.throws(() => new SegmentedBm25([{ index: a, base: 0, deleted: Uint32Array.of(1, 0) }]), /ascending/);
    assert.throws(() => new SegmentedBm25([{ index: a, base: 0, deleted: Uint32Array.of(2) }]), /ascending/);
    assert.throws(() => new SegmentedBm25([{ index: a, base: 0, deleted: Uint32Array.of(0), termsOf: () => ["北"] }]), /not its segment's/);
    const c = Bm25Builder.build([["学"], ["校"], ["北"]]);
    assert.throws(() => new SegmentedBm25([{ index: c, base: 0, deleted: Uint32Array.of(0, 1), termsOf: () => ["学"] }]), /not its segment's/);
  });
});
