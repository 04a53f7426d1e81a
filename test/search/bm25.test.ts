import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Bm25Builder, Bm25Index, type Bm25SearchOptions, DEFAULT_BM25, DEFAULT_BM25_SEARCH, type ScoredDoc } from "../../src/search/bm25.js";
import { analyzer, BUNDLED_DOC } from "../helpers/workspace.js";

/** The plain exhaustive BM25 (a dense float32 accumulator, every document sorted): the reference for search. */
function reference(termLists: string[][], { k1, b } = DEFAULT_BM25): (query: string[], k: number) => ScoredDoc[] {
  const n = termLists.length;
  const postings = new Map<string, Array<[number, number]>>();
  termLists.forEach((terms, doc) => {
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, f] of counts) {
      if (!postings.has(t)) postings.set(t, []);
      postings.get(t)!.push([doc, f]);
    }
  });
  const avg = termLists.reduce((a, t) => a + t.length, 0) / n;
  return (query, k) => {
    const qtf = new Map<string, number>();
    for (const t of query) if (postings.has(t)) qtf.set(t, (qtf.get(t) ?? 0) + 1);
    const scores = new Float32Array(n);
    const touched = new Set<number>();
    for (const [term, count] of qtf) {
      const list = postings.get(term)!;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5)) * count;
      for (const [doc, f] of list) {
        const norm = k1 * (1 - b + (b * termLists[doc].length) / avg);
        scores[doc] += (idf * f * (k1 + 1)) / (f + norm);
        touched.add(doc);
      }
    }
    return [...touched].map((doc) => ({ doc, score: scores[doc] })).sort((x, y) => y.score - x.score || x.doc - y.doc).slice(0, k);
  };
}

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chunks recombined from the bundled document's sentences (so many exact duplicates and ties), plus some English. */
function corpus(count: number, seed = 1): string[] {
  const sentences = readFileSync(BUNDLED_DOC, "utf8").split(/(?<=[。！？\n])/).map((s) => s.trim()).filter(Boolean);
  const english = "The school district opened 12 new schools in 2023 and hired 3.5 thousand teachers for students".split(" ");
  const random = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const parts: string[] = [];
    const len = 1 + Math.floor(random() * 5);
    for (let j = 0; j < len; j++) parts.push(sentences[Math.floor(random() * sentences.length)]);
    if (i % 7 === 0) parts.push(english.filter(() => random() < 0.4).join(" "));
    return parts.join("");
  });
}

/** Scores equal up to float32 rounding (sums taken in another order). */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
}

describe("BM25 (budgeted two-phase top-k)", () => {
  const an = analyzer();
  const texts = corpus(1500);
  const termLists = texts.map((t) => an.terms(an.fold(t)));
  const index = Bm25Builder.build(termLists);
  const exhaustive = reference(termLists);
  const random = rng(7);
  const vocab = [...new Set(termLists.flat())];
  const queries: string[][] = [
    ...texts.slice(0, 60).map((t) => an.terms(an.fold(t.slice(0, 12 + (t.length % 30))))),
    ...Array.from({ length: 60 }, () => Array.from({ length: 1 + Math.floor(random() * 30) }, () => vocab[Math.floor(random() * vocab.length)])),
    ["学", "学", "学校", "不存在的词", "school", "school"],
    ["的"],
    [],
  ];
  /** The same index searched with other options (never the plain exhaustive shortcut unless asked). */
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
        got.forEach((hit, i) => assert.ok(close(hit.score, want[i].score), `rank ${i} of ${JSON.stringify(query)} k=${k}`));
        // the same documents in the same order (equal scores in document order, as the reference) at the
        // heads of these lists; deeper, scores a rounding apart may swap
        if (k <= 40) assert.deepEqual(got.map((h) => h.doc), want.map((h) => h.doc), `documents of ${JSON.stringify(query)} k=${k}`);
        const byDoc = new Map(exhaustive(query, index.docCount).map((h) => [h.doc, h.score]));
        for (const hit of got) assert.ok(close(hit.score, byDoc.get(hit.doc)!), `score of doc ${hit.doc}`);
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
    const textQueries = queries.slice(0, 60);
    for (const query of scored) {
      const postings = [...new Set(query)].reduce((sum, term) => sum + index.df(term), 0);
      if (postings > 2 * 600 && textQueries.includes(query)) bound++;
      const all = new Map(exhaustive(query, index.docCount).map((h) => [h.doc, h.score]));
      const want = exhaustive(query, 10);
      const got = budgeted.search(query, 10);
      assert.equal(got.length, want.length);
      for (let i = 0; i < got.length; i++) {
        assert.ok(close(got[i].score, all.get(got[i].doc)!), "a returned score is the document's BM25 score");
        if (i > 0) assert.ok(got[i - 1].score >= got[i].score, "best first");
      }
      // Bags of random terms (no discriminating term) are this search's weak case: only the invariants above.
      if (!textQueries.includes(query)) continue;
      // ties count as agreement: a document scoring the same as the reference's one
      if (close(all.get(got[0].doc)!, want[0].score)) top1++;
      const kth = want[want.length - 1].score;
      overlap += got.filter((h) => all.get(h.doc)! >= kth || close(all.get(h.doc)!, kth)).length / want.length;
    }
    assert.ok(bound >= textQueries.length, `the budget binds for the text queries (${bound} of ${scored.length} queries)`);
    assert.ok(top1 / textQueries.length >= 0.98, `top-1 agreement ${top1 / textQueries.length}`);
    assert.ok(overlap / textQueries.length >= 0.96, `top-10 overlap ${overlap / textQueries.length}`);
  });

  it("gives the same index from raw text (the analyzer's scan) as from term lists", () => {
    const builder = new Bm25Builder();
    for (const t of texts) builder.addText(t, an);
    assert.deepEqual(builder.finish().serialize(), index.serialize());
  });

  it("round-trips through its binary form, aligned or not, and rejects damaged bytes", () => {
    const bytes = index.serialize();
    const again = Bm25Index.deserialize(bytes);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    const unaligned = Bm25Index.deserialize(shifted.subarray(1));
    const query = an.terms(an.fold("北京市教育委员会2023年工作要点"));
    for (const loaded of [again, unaligned]) {
      assert.equal(loaded.docCount, index.docCount);
      assert.deepEqual(loaded.search(query, 20), index.search(query, 20));
      assert.equal(loaded.df("教育"), index.df("教育"));
    }
    assert.throws(() => Bm25Index.deserialize(bytes.subarray(0, bytes.length >> 1)), /truncated|inconsistent/);
    assert.throws(() => Bm25Index.deserialize(bytes.subarray(0, 3)), /truncated/);
    const wrong = Buffer.from(bytes);
    wrong.write("citebot-bm25/9", bytes.indexOf("citebot-bm25/"));
    assert.throws(() => Bm25Index.deserialize(wrong), /format/);
  });

  it("looks terms up in its sorted vocabulary", () => {
    assert.ok(index.df("教育") > 0);
    assert.equal(index.df("不存在"), 0);
    assert.equal(index.df(""), 0);
    assert.ok(index.idf("教育") < index.idf("不存在"));
    const tiny = Bm25Builder.build([["b", "a"], ["c"], ["a", "a"]]);
    assert.deepEqual([tiny.df("a"), tiny.df("b"), tiny.df("c"), tiny.df("d")], [2, 1, 1, 0]);
    assert.deepEqual(Bm25Builder.build([]).search(["a"], 5), []);
    assert.deepEqual(tiny.search(["a"], 0), []);
  });

  it("searches with its own options over DEFAULT_BM25_SEARCH; other indexes keep theirs", () => {
    assert.deepEqual(index.searchOptions, DEFAULT_BM25_SEARCH);
    const before = queries.map((q) => index.search(q, 10));
    const tiny = searchedWith({ postingBudget: 1, minLeaders: 1, leadersPerResult: 1 });
    assert.deepEqual(tiny.searchOptions, { exhaustiveBelow: 0, postingBudget: 1, minLeaders: 1, leadersPerResult: 1 });
    for (const q of queries) tiny.search(q, 10);
    assert.deepEqual(queries.map((q) => index.search(q, 10)), before);
    assert.throws(() => Bm25Index.deserialize(index.serialize(), { postingBudget: -1 }), /postingBudget/);
    assert.ok(Object.isFrozen(DEFAULT_BM25) && Object.isFrozen(DEFAULT_BM25_SEARCH));
  });
});
