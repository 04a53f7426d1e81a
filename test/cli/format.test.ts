import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAnswer, formatSources } from "../../src/cli/format.js";
import type { Answer, Citation } from "../../src/types.js";

function citation(n: number, text: string, source = "doc.txt"): Citation {
  return { n, source, start: 10 * n, end: 10 * n + text.length, line: n, paragraph: n, text, score: 0.5, chunkId: `c${n}` };
}

const answer = (text: string, citations: Citation[]): Answer => ({ question: "q", found: true, answer: text, citations, mode: "extractive" });

describe("CLI answer rendering", () => {
  it("lists the cited citations first and the others under further reading", () => {
    const out = formatAnswer(answer("A[1] and C[3].", [citation(1, "one"), citation(2, "two"), citation(3, "three")]), new Map(), false);
    assert.equal(
      out,
      [
        "A[1] and C[3].",
        "", "[1] doc.txt · paragraph 1, line 1 (chars 10–13)", "    one",
        "", "[3] doc.txt · paragraph 3, line 3 (chars 30–35)", "    three",
        "", "Further reading (not cited in the answer):",
        "", "[2] doc.txt · paragraph 2, line 2 (chars 20–23)", "    two",
      ].join("\n"),
    );
  });

  it("shows a short answer across a hard wrap on one line, as the quote reads it", () => {
    const c = citation(1, "grew to 21,000 kilo-\nmetres of track");
    const out = formatAnswer({ ...answer("It grew to 21,000 kilometres of track.[1]", [c]), shortAnswer: "21,000 kilo-\nmetres" }, new Map(), false);
    assert.equal(out.split("\n")[1], "→ 21,000 kilometres");
    assert.match(out, /^ {4}grew to 21,000 kilo-\n {4}metres of track$/m);
  });

  it("marks a citation cut inside a long sentence with the answer's ellipsis", () => {
    const zh = { ...citation(1, "全市共建成示范基地120个"), clipped: { start: true, end: false } };
    assert.match(formatAnswer({ ...answer("……全市共建成示范基地120个[1]", [zh]), question: "建成了多少个示范基地？" }, new Map(), false), /^ {4}……全市共建成示范基地120个$/m);
    const en = { ...citation(1, "the canal carried coal and grain"), clipped: { start: false, end: true } };
    assert.match(formatAnswer(answer("the canal carried coal and grain …[1]", [en]), new Map(), false), /^ {4}the canal carried coal and grain …$/m);
  });

  it("shows the page and section of a citation, the page in the question's language, the heading on one safe line", () => {
    const c = { ...citation(1, "one", "r.pdf"), page: 3, section: "Income\x1b[31m\nand spending" };
    const en = formatAnswer({ ...answer("A[1]", [c]), question: "What was the income?" }, new Map(), false);
    assert.doesNotMatch(en, /\x1b/);
    assert.match(en.split("\n")[2], /^\[1\] r\.pdf · p\. 3 · § Income.+and spending · paragraph 1, line 1 \(chars 10–13\)$/);
    const zh = formatAnswer({ ...answer("A[1]", [{ ...c, section: "四、居民收入" }]), question: "收入是多少？" }, new Map(), false);
    assert.match(zh, /\[1\] r\.pdf · 第 3 页 · 「四、居民收入」 · 第1段 · 第1行（字符 10–13）$/m);
  });

  it("says a section that is the document's title (a Markdown file's first heading) once, as the title", () => {
    const c = { ...citation(1, "火星有两颗卫星。", "mars.md"), section: "标题" };
    const out = formatAnswer({ ...answer("A[1]", [c]), question: "火星有几颗卫星？" }, new Map([["mars.md", "标题"]]), false);
    assert.match(out, /^\[1\] mars\.md · 标题 · 第1段 · 第1行（字符 10–18）$/m);
    const other = formatAnswer({ ...answer("A[1]", [{ ...c, section: "卫星" }]), question: "火星有几颗卫星？" }, new Map([["mars.md", "标题"]]), false);
    assert.match(other, /^\[1\] mars\.md · 标题 · 「卫星」 · 第1段/m);
  });

  it("labels a Chinese question's answer in Chinese, in the question's script, leaving the document's words as they are", () => {
    const c = { ...citation(1, "收入", "r.pdf"), page: 3, section: "四、居民收入" };
    const cited = (question: string) => formatAnswer({ ...answer("A[1]", [c, citation(2, "支出")]), question }, new Map([["r.pdf", "统计公报"]]), false);
    assert.equal(
      cited("收入是多少？"),
      [
        "A[1]",
        "", "[1] r.pdf · 统计公报 · 第 3 页 · 「四、居民收入」 · 第1段 · 第1行（字符 10–12）", "    收入",
        "", "延伸阅读（回答中未引用）：",
        "", "[2] doc.txt · 第2段 · 第2行（字符 20–22）", "    支出",
      ].join("\n"),
    );
    assert.equal(
      cited("收入是多少？這個數字從哪裡來？"),
      [
        "A[1]",
        "", "[1] r.pdf · 统计公报 · 第 3 頁 · 「四、居民收入」 · 第1段 · 第1行（字元 10–12）", "    收入",
        "", "延伸閱讀（回答中未引用）：",
        "", "[2] doc.txt · 第2段 · 第2行（字元 20–22）", "    支出",
      ].join("\n"),
    );
  });

  it("labels the closest passage of a refused question in the question's script, with its title and place", () => {
    const closest = { source: "bj.txt", start: 14, end: 20, line: 3, paragraph: 2, text: "北京有26所", score: 0.3, chunkId: "c" };
    const refused = (question: string, notFound: string) =>
      formatAnswer({ question, found: false, answer: notFound, citations: [], closest }, new Map([["bj.txt", "北京报告"]]), false);
    assert.equal(
      refused("上海有多少所？", "文档中没有找到能回答这个问题的内容。"),
      ["文档中没有找到能回答这个问题的内容。", "", "最接近的段落（并非答案）：", "bj.txt · 北京报告 · 第2段 · 第3行（字符 14–20）", "    北京有26所"].join("\n"),
    );
    assert.match(refused("How many are in Shanghai?", "The documents do not answer this question."), /\nClosest passage \(not an answer\):\nbj\.txt · 北京报告 · paragraph 2, line 3 \(chars 14–20\)\n/);
  });

  it("labels the answer to a question without words in the fallback script", () => {
    const out = formatAnswer({ ...answer("A[1] B", [citation(1, "one"), citation(2, "two")]), question: "2023？" }, new Map(), false, "zh-Hant");
    assert.match(out, /^\[1\] doc\.txt · 第1段 · 第1行（字元 10–13）$/m);
    assert.match(out, /^延伸閱讀（回答中未引用）：$/m);
    assert.match(formatAnswer({ ...answer("A[1]", [citation(1, "one")]), question: "2023？" }, new Map(), false), /paragraph 1, line 1 \(chars 10–13\)/);
  });

  it("labels the answer to a question without letters or Han characters in the language and script of what it quotes, when no fallback is given", () => {
    const zh = (text: string) => ({ ...citation(1, text), end: 10 + text.length });
    const labelled = (question: string, c: Citation) => formatAnswer({ ...answer("A[1] B", [c, { ...c, n: 2 }]), question }, new Map(), false);
    assert.match(labelled("2023", zh("2023年全市新建学校20所")), /^\[1\] doc\.txt · 第1段 · 第1行（字符 10–24）$/m);
    assert.match(labelled("2023？", zh("2023年全市新建學校20所")), /^延伸閱讀（回答中未引用）：$/m);
    assert.match(labelled("2023", citation(1, "In 2023 the city built 20 schools")), /^Further reading \(not cited in the answer\):$/m);
    const closest = { source: "bj.txt", start: 14, end: 20, line: 3, paragraph: 2, text: "北京有26所", score: 0.3, chunkId: "c" };
    const refused = formatAnswer({ question: "1999", found: false, answer: "The documents do not answer this question.", citations: [], closest }, new Map(), false);
    assert.match(refused, /\n最接近的段落（并非答案）：\nbj\.txt · 第2段 · 第3行（字符 14–20）\n/);
  });

  it("has no further reading when every citation is used", () => {
    const out = formatAnswer(answer("A[1] B[2]", [citation(1, "one"), citation(2, "two")]), new Map(), false);
    assert.doesNotMatch(out, /Further reading/);
  });

  it("in colour, the only escape sequences are its own bold and dim", () => {
    const hostile = citation(1, "x\x1b[2Jy\x9b31m", "a\x1b]0;t\x07.txt");
    const out = formatAnswer({ ...answer("x\x1b[2Jy[1]", [hostile, citation(2, "two")]), shortAnswer: "y\x1b[5m" }, new Map([[hostile.source, "T\x1b[8m\u202e"]]), true);
    const own = out.replace(/\x1b\[(1|2|22)m/g, "");
    assert.doesNotMatch(own, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    assert.match(own, /\[1\] a␛\]0;t␇\.txt · T␛\[8m\ufffd · /);
    assert.match(own, /→ y␛\[5m/);
  });

  it("shows source names and titles inert, one line each", () => {
    assert.equal(formatSources([{ source: "a\nb.txt", title: "T\x1b[2J", chunks: 2, chars: 30 }]), "a␊b.txt · T␛[2J · 2 chunks, 30 chars");
  });

  it("sizes the sources in the words of the conversation's script", () => {
    const sources = [{ source: "a.txt", title: "甲", chunks: 2, chars: 30 }, { source: "b.txt", title: "乙", chunks: 1, chars: 1 }];
    assert.equal(formatSources(sources, "zh-Hans"), "a.txt · 甲 · 2 个片段，30 个字符\nb.txt · 乙 · 1 个片段，1 个字符");
    assert.equal(formatSources(sources, "zh-Hant"), "a.txt · 甲 · 2 個片段，30 個字元\nb.txt · 乙 · 1 個片段，1 個字元");
    assert.equal(formatSources(sources), "a.txt · 甲 · 2 chunks, 30 chars\nb.txt · 乙 · 1 chunk, 1 char");
  });
});
