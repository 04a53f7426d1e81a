import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Bm25Index } from "../../src/search/bm25.js";
import { type Bm25SearchOptions } from "../../src/search/bm25-options.js";
import { Bm25Builder } from "../../src/search/bm25-builder.js";
import { TopK } from "../../src/search/bm25-topk.js";
import { bm25Corpus, closeScore, referenceBm25 } from "../helpers/bm25.js";
import { seededRandom } from "../helpers/random.js";
import { analyzer } from "../helpers/workspace.js";

describe("BM25 top-k search (budgeted, two phases)", () => {
  const an = analyzer();
  const texts = bm25Corpus(1500);
  const termLists = texts.map((t) => an.terms(an.fold(t)));
  const index = Bm25Builder.build(termLists);
  const exhaustive = referenceBm25(termLists);
  const random = seededRandom(7);
  const vocab = [...new Set(termLists.flat())];
  const textQueries = texts.slice(0, 60).map((t) => an.terms(an.fold(t.slice(0, 12 + (t.length % 30)))));
  const queries: string[][] = [
    ...textQueries,
    ...Array.from({ length: 60 }, () => Array.from({ length: 1 + Math.floor(random() * 30) }, () => vocab[Math.floor(random() * vocab.length)])),
    ["学", "学", "学校", "不存在的词", "school", "school"],
    ["的"],
    [],
  ];
  /** The same index searched with other options (never the exhaustive shortcut unless asked). */
  const searchedWith = (options: Partial<Bm25SearchOptions>) => Bm25Index.deserialize(index.serialize(), { exhaustiveBelow: 0, ...options });

  it("searchExhaustive is the plain dense float32 BM25: same documents, same order, same scores", () => {
    for (const query of queries) {
      for (const k of [1, 10, 40, 5000]) assert.deepEqual(index.searchExhaustive(query, k), exhaustive(query, k));
    }
  });

  it("ranks as the exhaustive search, up to float rounding, when the budget covers every list", () => {
    const unbounded = searchedWith({ postingBudget: Infinity });
    for (const query of queries) {
      for (const k of [1, 3, 10, 40, 5000]) {
        const got = unbounded.search(query, k);
        const want = exhaustive(query, k);
        assert.equal(got.length, want.length, `query ${JSON.stringify(query)} k=${k}`);
        got.forEach((hit, i) => assert.ok(closeScore(hit.score, want[i].score), `rank ${i} of ${JSON.stringify(query)} k=${k}`));
        // the same documents in the same order (equal scores in document order, as the reference) at the
        // heads of these lists; deeper, scores a rounding apart may swap
        if (k <= 40) assert.deepEqual(got.map((h) => h.doc), want.map((h) => h.doc), `documents of ${JSON.stringify(query)} k=${k}`);
        const byDoc = new Map(exhaustive(query, index.docCount).map((h) => [h.doc, h.score]));
        for (const hit of got) assert.ok(closeScore(hit.score, byDoc.get(hit.doc)!), `score of doc ${hit.doc}`);
      }
    }
  });

  it("under a small budget, returns exact scores, best first, and agrees with the exhaustive top 1 and top 10 on text queries", () => {
    // 600 postings is a few of this corpus's lists: every text query stops early and leans on phase 2.
    const budgeted = searchedWith({ postingBudget: 600, minLeaders: 60, leadersPerResult: 6 });
    let bound = 0;
    let top1 = 0;
    let overlap = 0;
    const scored = queries.filter((q) => exhaustive(q, 1).length > 0);
    for (const query of scored) {
      const postings = [...new Set(query)].reduce((sum, term) => sum + index.df(term), 0);
      if (postings > 2 * 600 && textQueries.includes(query)) bound++;
      const all = new Map(exhaustive(query, index.docCount).map((h) => [h.doc, h.score]));
      const want = exhaustive(query, 10);
      const got = budgeted.search(query, 10);
      assert.equal(got.length, want.length);
      for (let i = 0; i < got.length; i++) {
        assert.ok(closeScore(got[i].score, all.get(got[i].doc)!), "a returned score is the document's BM25 score");
        if (i > 0) assert.ok(got[i - 1].score >= got[i].score, "best first");
      }
      // Bags of random terms (no discriminating term) are this search's weak case: only the invariants above.
      if (!textQueries.includes(query)) continue;
      // ties count as agreement: a document scoring the same as the reference's one
      if (closeScore(all.get(got[0].doc)!, want[0].score)) top1++;
      const kth = want[want.length - 1].score;
      overlap += got.filter((h) => all.get(h.doc)! >= kth || closeScore(all.get(h.doc)!, kth)).length / want.length;
    }
    assert.ok(bound >= textQueries.length, `the budget binds for the text queries (${bound} of ${scored.length} queries)`);
    assert.ok(top1 / textQueries.length >= 0.98, `top-1 agreement ${top1 / textQueries.length}`);
    assert.ok(overlap / textQueries.length >= 0.96, `top-10 overlap ${overlap / textQueries.length}`);
  });

  it("is the exhaustive search, to the bit, when the query's lists are shorter than exhaustiveBelow", () => {
    const below = searchedWith({ exhaustiveBelow: Infinity, postingBudget: 0 });
    for (const query of queries) assert.deepEqual(below.search(query, 10), index.searchExhaustive(query, 10));
  });

  it("keeps its options to itself: an index searched with a tiny budget leaves the others at theirs", () => {
    const before = textQueries.map((q) => index.search(q, 10));
    const tiny = searchedWith({ postingBudget: 1, minLeaders: 1, leadersPerResult: 1 });
    for (const query of textQueries) {
      const all = new Map(exhaustive(query, index.docCount).map((h) => [h.doc, h.score]));
      const got = tiny.search(query, 10);
      assert.ok(got.length > 0 && got.length <= 10);
      for (const hit of got) assert.ok(closeScore(hit.score, all.get(hit.doc)!), "exact scores, whatever the budget");
    }
    assert.deepEqual(textQueries.map((q) => index.search(q, 10)), before);
  });

  it("scores with the k1 and b the index was built with", () => {
    const params = { k1: 2, b: 0.3 };
    const other = Bm25Builder.build(termLists, params);
    const want = referenceBm25(termLists, params);
    for (const query of queries.slice(0, 20)) assert.deepEqual(other.searchExhaustive(query, 10), want(query, 10));
    assert.notDeepEqual(other.searchExhaustive(textQueries[0], 10), index.searchExhaustive(textQueries[0], 10));
  });

  it("returns nothing for no known term, k = 0 or an empty index", () => {
    assert.deepEqual(index.search(["不存在的词"], 5), []);
    assert.deepEqual(index.search(textQueries[0], 0), []);
    assert.deepEqual(Bm25Builder.build([]).search(["a"], 5), []);
    assert.deepEqual(Bm25Builder.build([]).searchExhaustive(["a"], 5), []);
  });
});

describe("TopK", () => {
  it("keeps the k best offered, best first, equal scores in document order", () => {
    const random = seededRandom(3);
    const offered = Array.from({ length: 500 }, (_, doc) => ({ doc, score: Math.floor(random() * 40) }));
    for (const k of [1, 7, 100, 500]) {
      const heap = new TopK(k);
      for (const { doc, score } of [...offered].reverse()) heap.offer(score, doc);
      const want = [...offered].sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, k);
      assert.deepEqual(heap.sorted(), want);
      assert.equal(heap.full, true);
      assert.equal(heap.minScore, want[k - 1].score);
    }
  });

  it("holds fewer than k until full, and nothing after clear", () => {
    const heap = new TopK(3);
    heap.offer(1, 5);
    heap.offer(2, 4);
    assert.equal(heap.full, false);
    assert.equal(heap.size, 2);
    assert.deepEqual(heap.sorted(), [{ doc: 4, score: 2 }, { doc: 5, score: 1 }]);
    heap.clear();
    assert.equal(heap.size, 0);
    assert.deepEqual(heap.sorted(), []);
  });
});
