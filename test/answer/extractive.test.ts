import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Evidence } from "../../src/answer/answerer.js";
import { Citer } from "../../src/answer/cite.js";
import type { Excerpt } from "../../src/answer/evidence.js";
import { SentenceCache, supporting } from "../../src/answer/selector.js";
import { extractiveAnswer } from "../../src/answer/extractive.js";
import { notFoundText } from "../../src/lang/messages.js";
import { createFold } from "../../src/search/fold.js";
import type { Chunk } from "../../src/types.js";

const fold = createFold();
const TEXT = "北京教育\n\n2023年，北京市共有普通高校92所。在校学生约60万人。\n\nThe city has 92 universities. About 600,000 students.\n";
const citer = new Citer({ docs: [{ source: "d.txt", title: "d", text: TEXT }] });

/** Evidence citing `excerpt` (its first occurrence) with the given ranking score. */
function evidence(excerpt: string, score: number): Evidence {
  const start = TEXT.indexOf(excerpt);
  return { citation: citer.cite("d.txt", start, start + excerpt.length, 0.5, "c1"), passage: TEXT, passageStart: 0, passageEnd: TEXT.length, score };
}

describe("extractiveAnswer", () => {
  it("is the not-found answer without evidence", () => {
    const q = "上海有多少所高校？";
    assert.deepEqual(extractiveAnswer(q, [], fold, 200), { question: q, found: false, answer: notFoundText(q), citations: [], mode: "extractive" });
  });

  it("quotes the best excerpt, numbers every piece of evidence and gives a short answer when one lines up", () => {
    const a = extractiveAnswer("北京市共有普通高校多少所？", [evidence("2023年，北京市共有普通高校92所。", 1), evidence("在校学生约60万人。", 0.5)], fold, 200);
    assert.equal(a.answer, "2023年，北京市共有普通高校92所。[1]");
    assert.deepEqual(a.citations.map((c) => [c.n, c.text]), [[1, "2023年，北京市共有普通高校92所。"], [2, "在校学生约60万人。"]]);
    assert.equal(a.shortAnswer, "92所");
    assert.equal(a.mode, "extractive");
  });

  it("quotes the same words from two documents once, citing both", () => {
    const twice = new Citer({ docs: [{ source: "a.txt", title: "a", text: TEXT }, { source: "b.txt", title: "b", text: TEXT }] });
    const start = TEXT.indexOf("2023年");
    const end = TEXT.indexOf("在校");
    const ev = ["a.txt", "b.txt"].map((source): Evidence => ({ citation: twice.cite(source, start, end, 0.5, `c-${source}`), passage: TEXT, passageStart: 0, passageEnd: TEXT.length, score: 1 }));
    const a = extractiveAnswer("北京市共有普通高校多少所？", ev, fold, 200);
    assert.equal(a.answer, "2023年，北京市共有普通高校92所。[1][2]");
    assert.deepEqual(a.citations.map((c) => c.source), ["a.txt", "b.txt"]);
  });

  it("gives no short answer the conversation already stated", () => {
    const ev = [evidence("2023年，北京市共有普通高校92所。", 1)];
    assert.equal(extractiveAnswer("北京市共有普通高校多少所？", ev, fold, 200, undefined, "北京市有92所高校吗？").shortAnswer, undefined);
    assert.equal(extractiveAnswer("北京市共有普通高校多少所？", ev, fold, 200, undefined, "2023年北京市的高校呢？").shortAnswer, "92所");
  });

  it("adds a nearly-as-good second excerpt when both fit, joined as the question's script joins sentences", () => {
    const zh = extractiveAnswer("北京的高校和学生？", [evidence("2023年，北京市共有普通高校92所。", 1), evidence("在校学生约60万人。", 0.95)], fold, 200);
    assert.equal(zh.answer, "2023年，北京市共有普通高校92所。[1]在校学生约60万人。[2]");
    const en = extractiveAnswer("Universities and students?", [evidence("The city has 92 universities.", 1), evidence("About 600,000 students.", 0.9)], fold, 200);
    assert.equal(en.answer, "The city has 92 universities.[1] About 600,000 students.[2]");
    const long = extractiveAnswer("Universities and students?", [evidence("The city has 92 universities.", 1), evidence("About 600,000 students.", 0.9)], fold, 40);
    assert.equal(long.answer, "The city has 92 universities.[1]", "too long together");
  });
});

describe("evidence selection helpers", () => {
  const excerpt = (score: number, coverage: number, ordinal: number): Excerpt =>
    ({ start: 0, end: 1, ordinal, score, coverage, core: { start: 0, end: 1 }, missing: [] });

  it("supports the best excerpt with others nearly as good and covering enough, up to k", () => {
    const all = [excerpt(1, 0.9, 0), excerpt(0.7, 0.9, 1), excerpt(0.65, 0.1, 2), excerpt(0.5, 0.9, 3), excerpt(0.6, 0.5, 4)];
    assert.deepEqual(supporting(all, 3).map((e) => e.ordinal), [0, 1, 4]);
    assert.deepEqual(supporting(all, 2).map((e) => e.ordinal), [0, 1]);
    assert.deepEqual(supporting(all, 1).map((e) => e.ordinal), [0]);
  });

  it("splits a chunk's sentences once and keeps the most recently used chunks", () => {
    const chunks: Chunk[] = [0, 1, 2].map((i) => ({ id: `c${i}`, source: "d.txt", start: 0, end: TEXT.length, line: 1, paragraph: 1, text: TEXT }));
    const cache = new SentenceCache(chunks, 2);
    const first = cache.sentences(0, TEXT);
    assert.ok(first.length >= 4);
    assert.equal(cache.sentences(0, TEXT), first, "kept");
    const one = cache.sentences(1, TEXT);
    cache.sentences(0, TEXT); // 0 is now the most recent
    cache.sentences(2, TEXT); // evicts 1
    assert.equal(cache.sentences(0, TEXT), first, "the recently used chunk stays");
    assert.notEqual(cache.sentences(1, TEXT), one, "the least recently used chunk was dropped and is split again");
    assert.deepEqual(cache.sentences(1, TEXT), one);
  });
});

describe("answers across languages and scripts", () => {
  const fold = (s: string) => s.toLowerCase();
  const evidence = (text: string): Evidence[] => [{ citation: { source: "a.txt", start: 0, end: text.length, line: 1, paragraph: 1, text, score: 1, chunkId: "c" }, passage: text, passageStart: 0, passageEnd: text.length, score: 1 }];

  it("says in English that a quote is Chinese, and keeps the citation exact", () => {
    const quote = "26所高校试点开设思政选修课。";
    const answer = extractiveAnswer("How many universities piloted the elective course?", evidence(quote), fold, 200, "多少高校 试点 选修");
    assert.equal(answer.answer, `From the Chinese source: ${quote}[1]`);
    assert.equal(answer.citations[0].text, quote);
  });

  it("quotes without a source-language note when the question has no words of another language (only a year)", () => {
    const quote = "——2023年全国教育工作会议经验交流之一";
    assert.equal(extractiveAnswer("2023", evidence(quote), fold, 200).answer, `${quote}[1]`);
  });

  it("finds the short answer across a hard wrap inside a sentence, as the exact source text", () => {
    const text = "铁路建设\n\n经过十年建设，到2020年底全国新干线网络的总长度达到了两万\n一千公里，覆盖了全国主要城市和经济带。\n";
    const wrapped = new Citer({ docs: [{ source: "rail.txt", title: "rail", text }] });
    const start = text.indexOf("经过");
    const end = text.indexOf("带。") + 2;
    const ev: Evidence = { citation: wrapped.cite("rail.txt", start, end, 0.5, "c1"), passage: text, passageStart: 0, passageEnd: text.length, score: 1 };
    assert.equal(extractiveAnswer("全国新干线网络的总长度达到了多少公里？", [ev], fold, 200).shortAnswer, "两万\n一千公里");
  });

  it("quotes a hard-wrapped excerpt as it reads, a word hyphenated at the line end whole, its citation the exact slice", () => {
    const text = "Railways\n\nAfter a decade of building, the national rail network grew to 21,000 kilo-\nmetres of track, linking every major city in the country by 1900.\n";
    const wrapped = new Citer({ docs: [{ source: "rail.txt", title: "rail", text }] });
    const start = text.indexOf("After");
    const ev: Evidence = { citation: wrapped.cite("rail.txt", start, text.length - 1, 0.5, "c1"), passage: text, passageStart: 0, passageEnd: text.length, score: 1 };
    const a = extractiveAnswer("How many kilometres of track did the national rail network have?", [ev], fold, 300);
    assert.equal(a.answer, "After a decade of building, the national rail network grew to 21,000 kilometres of track, linking every major city in the country by 1900.[1]");
    assert.equal(a.citations[0].text, text.slice(start, text.length - 1));
    assert.equal(a.shortAnswer, "21,000 kilo-\nmetres");
  });

  it("gives the not-found text in the question's script", () => {
    assert.equal(extractiveAnswer("懷進鵬是哪一年出生的？", [], fold, 200).answer, "文件中沒有找到能回答這個問題的內容。");
    assert.equal(extractiveAnswer("怀进鹏是哪一年出生的？", [], fold, 200).answer, "文档中没有找到能回答这个问题的内容。");
  });
});
