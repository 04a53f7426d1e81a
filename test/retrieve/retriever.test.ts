import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import type { LoadedIndex } from "../../src/index/types.js";
import { ExactVectorIndex } from "../../src/index/vectors.js";
import { Retriever } from "../../src/retrieve/retriever.js";
import { Bm25Builder } from "../../src/search/bm25-builder.js";
import type { Chunk } from "../../src/types.js";
import { analyzer } from "../helpers/workspace.js";

/** A tiny in-memory index: one chunk per text. */
async function tinyIndex(texts: string[], chrome: number[] = []) {
  const a = analyzer();
  const embeddings = new HashingEmbeddings(a);
  const chunks: Chunk[] = texts.map((text, i) => ({ id: `c${i}`, source: `d${i}.txt`, start: 0, end: text.length, line: 1, paragraph: 1, text, ...(chrome.includes(i) ? { chrome: true } : {}) }));
  const vectors = (await embeddings.embedDocuments(texts)).map((v) => Float32Array.from(v));
  const index = {
    chunks, docs: texts.map((text, i) => ({ source: `d${i}.txt`, title: `d${i}`, text })), chunkDoc: Uint32Array.from(texts.map((_, i) => i)),
    vectors: new ExactVectorIndex(vectors), bm25: Bm25Builder.build(texts.map((t) => a.terms(a.fold(t)))),
  } as unknown as LoadedIndex;
  return new Retriever(index, a, { info: { id: embeddings.id, provider: "hash", dimensions: embeddings.dimensions }, embeddings });
}

describe("hybrid retriever", () => {
  const TEXTS = [
    "长江是中国第一长河，全长约6300公里。",
    "黄河是中国第二长河，全长约5464公里。",
    "北京故宫始建于1406年，是明清两代的皇家宫殿。",
    "版权所有：长江流域网 长江 长河",
  ];

  it("ranks by BM25 and lets the vector list break ties; folding makes Traditional questions match", async () => {
    const retriever = await tinyIndex(TEXTS, [3]);
    const hits = await retriever.retrieve(await retriever.analyse("長江全長多少公里？"), 3);
    assert.equal(hits[0].chunk.text, TEXTS[0]);
    assert.ok(hits[0].fused > hits[1].fused);
    assert.ok(hits.every((h) => h.similarity >= -1 && h.similarity <= 1));
  });

  it("keeps page chrome below real content even when it matches as well", async () => {
    const retriever = await tinyIndex(TEXTS, [3]);
    const hits = await retriever.retrieve(await retriever.analyse("长江 长河"), 4);
    assert.ok(hits.findIndex((h) => h.chunk.chrome) > hits.findIndex((h) => h.chunk.text === TEXTS[0]));
  });

  it("rates a word's rarity against the index: absent 1, everywhere low", async () => {
    const retriever = await tinyIndex(TEXTS);
    assert.equal(retriever.rarity("珠穆朗玛"), 1);
    assert.ok(retriever.rarity("长河") < retriever.rarity("故宫"));
    const query = await retriever.analyse("故宫始建于哪一年？");
    assert.ok(query.words.every((w) => w.rarity !== undefined && w.rarity > 0 && w.rarity <= 1));
  });

  it("rates an English query word by its own stem: \"released\" (stem releas) is as common as the documents make it", async () => {
    const retriever = await tinyIndex(["Debian 1.1 was released in 1996.", "Debian 2.0 was released in 1998.", "The project was founded in 1993."]);
    const query = await retriever.analyse("When was Debian 3.0 released?");
    const released = query.words.find((w) => w.text === "releas")!;
    assert.ok(released.rarity! < 1, "in two of three documents, not absent");
    assert.equal(released.rarity, retriever.rarity("releas"));
  });

  it("searches an English question's irregular verb in the forms the documents hold: \"wrote\" finds \"written by\"", async () => {
    const texts = ["TeX is a text formatter written by Donald Knuth.", "TeX fans insist on the correct pronunciation.", "Pascal is a language for teaching."];
    const retriever = await tinyIndex(texts);
    const query = await retriever.analyse("Who wrote TeX?");
    const wrote = query.words.find((w) => w.text === "wrote")!;
    assert.deepEqual(wrote.alternatives, ["written"], "only the forms the index holds");
    assert.equal(wrote.rarity, retriever.rarity("written"));
    const hits = await retriever.retrieve(query, 3);
    assert.equal(hits[0].chunk.text, texts[0]);
    assert.equal((await retriever.analyse("谁写了TeX？")).words.some((w) => w.alternatives), false, "Chinese questions unchanged");
  });

  it("counts a Latin word or a number of a Chinese question as often as a two-character Chinese word's terms, and a quoted name twice", async () => {
    // One index term for "koppen", three for 东西 (东, 西, 东西): without the repeats a Latin name weighed a third as much.
    const retriever = await tinyIndex(["其中最常使用Koppen气候分类系统。", "东西走向的山脉。", "远乡的类型。", ...TEXTS]);
    const query = await retriever.analyse("「Koppen」是什么东西？");
    assert.equal(query.terms.filter((t) => t === "koppen").length, 4, "once as a term, twice more as a Latin word, once more as the quoted name");
    assert.equal(query.terms.filter((t) => t === "东西").length, 1);
    const quoted = await retriever.analyse("《远乡》属于哪一种类型的片子？");
    assert.deepEqual(["远", "乡", "远乡"].map((t) => quoted.terms.filter((x) => x === t).length), [2, 2, 2]);
    const year = await retriever.analyse("故宫始建于1406年吗？");
    assert.equal(year.terms.filter((t) => t === "1406").length, 3, "a number counts as a Latin word does");
    const plain = await retriever.analyse("长江全长多少公里？");
    assert.deepEqual(plain.terms, analyzer().terms(analyzer().fold("长江全长多少公里？")), "nothing counted again without either");
  });

  it("matches a British spelling in American text", async () => {
    const retriever = await tinyIndex(["Tasks are synchronized by the rendezvous.", "Packages are compiled separately."]);
    const query = await retriever.analyse("How are tasks synchronised?");
    assert.deepEqual(query.words.find((w) => w.text === "synchronis")?.alternatives, ["synchroniz"]);
  });

  it("is deterministic", async () => {
    const retriever = await tinyIndex(TEXTS);
    const q = await retriever.analyse("中国的长河");
    assert.deepEqual((await retriever.retrieve(q, 4)).map((h) => h.ordinal), (await retriever.retrieve(q, 4)).map((h) => h.ordinal));
  });
});

describe("questions asked across languages", () => {
  const NUMBERS = "1406 6300 5464\n2023 2024 2025";

  it("translates into a language the documents are written in", async () => {
    const chinese = await tinyIndex([NUMBERS, "长江是中国第一长河，全长约6300公里。"]);
    assert.ok((await chinese.analyse("How long is the Yangtze River?")).translated);
  });

  it("counts a document of neither Han characters nor Latin words (a table of numbers) as written in neither language", async () => {
    const english = await tinyIndex([NUMBERS, "Delegates from every country met in 法国 to sign the accord."]);
    assert.equal((await english.analyse("Where is France?")).translated, undefined);
    const chinese = await tinyIndex([NUMBERS, "大会在France举行，来自各国的代表参加了会议。"]);
    assert.equal((await chinese.analyse("法国在哪里？")).translated, undefined);
  });
});
