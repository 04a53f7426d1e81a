import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Bm25Index } from "../../src/search/bm25.js";
import { DEFAULT_BM25, DEFAULT_BM25_SEARCH } from "../../src/search/bm25-options.js";
import { Bm25Builder, textOrder } from "../../src/search/bm25-builder.js";
import { bm25Corpus, referenceBm25 } from "../helpers/bm25.js";
import { analyzer } from "../helpers/workspace.js";

describe("BM25 builder", () => {
  const an = analyzer();
  const texts = bm25Corpus(800, 5);
  const termLists = texts.map((t) => an.terms(an.fold(t)));

  it("gives the same index, byte for byte, from raw text (the analyzer's scan) as from term lists", () => {
    const builder = new Bm25Builder();
    for (const t of texts) builder.addText(t, an);
    assert.deepEqual(builder.finish().serialize(), Bm25Builder.build(termLists).serialize());
  });

  it("takes terms fed as strings and as CJK keys as the same terms", () => {
    const keys = new Bm25Builder();
    keys.addText("北京大学 北京", an);
    const strings = new Bm25Builder();
    strings.addText("北京大学 北京", { scan: (text, sink) => an.terms(an.fold(text)).forEach((t) => sink.other(t)) });
    assert.deepEqual(keys.finish().serialize(), strings.finish().serialize());
  });

  it("orders terms by their UTF-16 units, as string comparison does, short and long alike", () => {
    const terms = ["北京", "北", "a", "ab", "abc", "abcd", "abcc", "abd", "2023", "202", "20", "2023.5", "z", "\uffff", "\uffff\uffff\uffff\uffff", "𠀀", "𠀀a", "中文字", "中文字符", "中文", "é", "école", "", "\u0000"];
    const want = terms.map((_, id) => id).sort((x, y) => (terms[x] < terms[y] ? -1 : terms[x] > terms[y] ? 1 : 0));
    assert.deepEqual(textOrder(terms).map((id) => terms[id]), want.map((id) => terms[id]));
    const vocabulary = [...new Set(termLists.flat())];
    assert.deepEqual(textOrder(vocabulary).map((id) => vocabulary[id]), [...vocabulary].sort());
  });

  it("indexes every document's terms with their counts and lengths", () => {
    const index = Bm25Builder.build(termLists);
    const want = referenceBm25(termLists);
    assert.equal(index.docCount, texts.length);
    assert.equal(index.termCount, new Set(termLists.flat()).size);
    for (const query of termLists.slice(0, 30)) assert.deepEqual(index.searchExhaustive(query, 20), want(query, 20));
  });

  it("keeps term counts above 255 (16-bit postings)", () => {
    const lists = [Array(300).fill("x"), ["x", "y"], ["y"]];
    const index = Bm25Builder.build(lists);
    assert.deepEqual(index.searchExhaustive(["x"], 3), referenceBm25(lists)(["x"], 3));
    assert.deepEqual(Bm25Index.deserialize(index.serialize()).searchExhaustive(["x"], 3), index.searchExhaustive(["x"], 3));
  });

  it("builds with k1 and b over DEFAULT_BM25 and hands the search options to the index", () => {
    assert.deepEqual(Bm25Builder.build([["a"]]).params, DEFAULT_BM25);
    assert.deepEqual(Bm25Builder.build([["a"]]).searchOptions, DEFAULT_BM25_SEARCH);
    const index = Bm25Builder.build([["a"]], { b: 0.5, postingBudget: 10 });
    assert.deepEqual(index.params, { k1: 1.2, b: 0.5 });
    assert.deepEqual(index.searchOptions, { ...DEFAULT_BM25_SEARCH, postingBudget: 10 });
    assert.throws(() => new Bm25Builder({ k1: -1 }), /k1/);
  });
});
