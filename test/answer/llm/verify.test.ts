import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitAnswer, verifyAnswer, type VerifiedAnswer } from "../../../src/answer/llm/verify.js";
import { paragraphBlocks } from "../../../src/chunk/chunker.js";
import { createFold } from "../../../src/search/fold.js";
import { CITER, DOCS, lineOf, standardEvidence } from "./fixtures.js";

const fold = createFold();
const evidence = standardEvidence();
const verify = (text: string) => checked(verifyAnswer(text, evidence, { fold, citer: CITER }));
/** The chunker's paragraph number of an offset: that of the last paragraph block starting at or before it. */
const paragraphOf = (text: string, offset: number) => paragraphBlocks(text).filter((b) => b.start <= offset).at(-1)?.paragraph ?? 1;

/** The JSON contract: exact slices, numbered 1..m, every marker resolvable, every citation used. */
function checked(result: VerifiedAnswer): VerifiedAnswer {
  result.citations.forEach((c, i) => {
    assert.equal(c.n, i + 1);
    assert.equal(DOCS[c.source].slice(c.start, c.end), c.text, `citation ${c.n} is an exact slice`);
  });
  const used = new Set([...result.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  assert.deepEqual([...used].sort((a, b) => a - b), result.citations.map((c) => c.n));
  return result;
}

describe("verifyAnswer", () => {
  it("keeps a correctly cited answer and cites the evidence excerpt", () => {
    const r = verify("北京市共有普通高校92所[1]。");
    assert.equal(r.refused, false);
    assert.equal(r.answer, "北京市共有普通高校92所[1]。");
    assert.equal(r.dropped, 0);
    assert.equal(r.citations.length, 1);
    assert.equal(r.citations[0].text, "2023年，北京市共有普通高校92所");
    assert.equal(r.citations[0].chunkId, "chunk-1");
  });

  it("maps a verbatim quote to exact source offsets", () => {
    const r = verify("北京有「普通高校92所」[1]。");
    const c = r.citations[0];
    assert.equal(c.text, "普通高校92所");
    assert.equal(c.start, DOCS["beijing.txt"].indexOf("普通高校92所"));
    assert.equal(c.end, c.start + "普通高校92所".length);
    assert.equal(c.line, lineOf(DOCS["beijing.txt"], c.start));
    assert.equal(r.report.verifiedQuotes, 1);
    assert.equal(r.answer, "北京有「普通高校92所」[1]。");
  });

  it("drops a marker naming a passage that was not provided, and counts it", () => {
    const r = verify("北京市共有普通高校92所[1][7]。");
    assert.equal(r.answer, "北京市共有普通高校92所[1]。");
    assert.equal(r.dropped, 1);
    assert.equal(r.report.invalidMarkers, 1);
  });

  it("drops a sentence whose only marker is invalid", () => {
    const r = verify("北京市共有普通高校92所[1]。上海有64所高校[4]。");
    assert.equal(r.answer, "北京市共有普通高校92所[1]。");
    assert.equal(r.dropped, 1);
    assert.equal(r.report.droppedSentences, 1);
    const none = verify("上海有64所高校[0]。");
    assert.equal(none.answer, "");
    assert.equal(none.citations.length, 0);
    assert.equal(none.dropped, 1);
  });

  it("drops a sentence with a quote found in no passage (a fabricated quote)", () => {
    const r = verify("北京有「普通高校100所」[1]。全市义务教育阶段学校1600余所[1]。");
    assert.equal(r.answer, "全市义务教育阶段学校1600余所[1]。");
    assert.equal(r.report.unverifiedQuotes, 1);
    assert.equal(r.dropped, 1);
    assert.equal(r.citations[0].text, "2023年，北京市共有普通高校92所");
  });

  it("matches across width and case: full-width digits and letters in the quote", () => {
    const r = verify("「普通高校９２所」[1]；“THE CITY HAS 92 UNIVERSITIES”[3]");
    assert.equal(r.citations[0].text, "普通高校92所");
    assert.equal(r.citations[1].text, "The city has 92 universities");
    assert.equal(r.dropped, 0);
  });

  it("matches a Simplified quote against a Traditional passage and cites the Traditional original", () => {
    const r = verify("台湾共有「大学数量为一百四十所」[2]。");
    assert.equal(r.citations.length, 1);
    assert.equal(r.citations[0].text, "大學數量為一百四十所");
    assert.equal(r.citations[0].source, "taiwan.txt");
    assert.equal(r.dropped, 0);
  });

  it("ignores whitespace and line breaks inside the passage", () => {
    const r = verify("「在校学生约60万人」[1]");
    assert.equal(r.citations[0].text, "在校学生约\n60万人");
    assert.equal(r.citations[0].line, lineOf(DOCS["beijing.txt"], r.citations[0].start));
    assert.equal(r.citations[0].line, 3);
  });

  it("renumbers citations 1..m in order of first use", () => {
    const r = verify("台湾有一百四十所大学[2]。北京有92所[1]。台湾的国立大学有四十五所[2]。");
    assert.equal(r.answer, "台湾有一百四十所大学[1]。北京有92所[2]。台湾的国立大学有四十五所[1]。");
    assert.deepEqual(r.citations.map((c) => c.source), ["taiwan.txt", "beijing.txt"]);
  });

  it("gives each quote of a passage its own citation", () => {
    const r = verify("北京有「普通高校92所」，「在校学生约60万人」[1]。");
    assert.equal(r.answer, "北京有「普通高校92所」，「在校学生约60万人」[1][2]。");
    assert.deepEqual(r.citations.map((c) => c.text), ["普通高校92所", "在校学生约\n60万人"]);
  });

  it("re-attributes a quote found in another passage than the cited one", () => {
    const r = verify("「全市义务教育阶段学校1600余所」[2]。");
    assert.equal(r.report.reattributedQuotes, 1);
    assert.equal(r.dropped, 0);
    assert.equal(r.answer, "「全市义务教育阶段学校1600余所」[1][2]。");
    assert.equal(r.citations[0].source, "beijing.txt");
    assert.equal(r.citations[0].text, "全市义务教育阶段学校1600余所");
    assert.equal(r.citations[1].source, "taiwan.txt");
  });

  it("adds a marker after a verified quote that had none", () => {
    const r = verify("北京共有「普通高校92所」。");
    assert.equal(r.answer, "北京共有「普通高校92所」[1]。");
    assert.equal(r.citations.length, 1);
  });

  it("drops an uncited claim, but keeps a run ending in a marker and a lead-in", () => {
    const r = verify("北京的高校很多。北京有92所普通高校[1]。\n此外，上海也很多。");
    assert.equal(r.answer, "北京的高校很多。北京有92所普通高校[1]。");
    assert.equal(r.report.uncitedSentences, 1);
    assert.equal(r.dropped, 1);
    const list = verify("根据资料：\n- 普通高校92所[1]\n- 义务教育学校1600余所[1]");
    assert.equal(list.answer, "根据资料：\n- 普通高校92所[1]\n- 义务教育学校1600余所[1]");
    assert.equal(list.dropped, 0);
  });

  it("reads marker variants: lists, ranges, full-width and lenticular brackets", () => {
    const r = verify("北京和台湾的高校数量[1, 2]。北京92所【1】。台湾140所［2］。都有数据[1-3]。");
    assert.equal(r.answer, "北京和台湾的高校数量[1][2]。北京92所[1]。台湾140所[2]。都有数据[1][2][3]。");
    assert.equal(r.dropped, 0);
  });

  it("verifies a quote shortened with an ellipsis as one span", () => {
    const r = verify("「2023年……普通高校92所」[1]");
    assert.equal(r.citations[0].text, "2023年，北京市共有普通高校92所");
    const wrong = verify("「普通高校92所……2023年」[1]");
    assert.equal(wrong.citations.length, 0, "pieces must appear in order");
  });

  it("recognises the refusal token", () => {
    for (const text of ["NO_ANSWER", "  no_answer\n", "文档中没有相关信息。NO_ANSWER"]) {
      const r = verify(text);
      assert.equal(r.refused, true);
      assert.equal(r.citations.length, 0);
    }
  });

  it("strips reasoning blocks", () => {
    const r = verify("<think>北京有100所？</think>北京有「普通高校92所」[1]。");
    assert.equal(r.answer, "北京有「普通高校92所」[1]。");
    assert.equal(verify("<think>still thinking").answer, "");
  });

  it("handles English: quotes, abbreviations and markers after the full stop", () => {
    const r = verify('The city has "92 universities", e.g. Peking University. [3] About 600,000 students are enrolled [3]. It is the best city.');
    assert.equal(r.answer, 'The city has "92 universities", e.g. Peking University. [1] About 600,000 students are enrolled [2].');
    assert.deepEqual(r.citations.map((c) => c.text), ["92 universities", "The city has 92 universities"]);
    assert.equal(r.report.uncitedSentences, 1);
  });

  it("ignores quoted terms too short to be quotations", () => {
    const r = verify("这叫「甲」政策[1]。");
    assert.equal(r.answer, "这叫「甲」政策[1]。");
    assert.equal(r.dropped, 0);
  });

  it("cites a quote's exact line and paragraph, numbered as the chunker numbers them", () => {
    const r = verify("「全市义务教育阶段学校1600余所」[1]");
    assert.equal(r.citations[0].line, 6);
    assert.equal(r.citations[0].paragraph, paragraphOf(DOCS["beijing.txt"], r.citations[0].start));
    assert.equal(r.citations[0].paragraph, 4, "the short line “2023年，…在校学生约” is a heading block of its own");
    const tw = verify("「教育部負責高等教育政策」[2]");
    assert.equal(tw.citations[0].line, lineOf(DOCS["taiwan.txt"], tw.citations[0].start));
    assert.equal(tw.citations[0].paragraph, 3, "single-newline document: one paragraph per line");
  });

  it("cites a quote from a document the citer does not know by throwing (the answerer falls back)", () => {
    const stranger = standardEvidence().map((e) => ({ ...e, citation: { ...e.citation, source: "elsewhere.txt" } }));
    assert.throws(() => verifyAnswer("北京有「普通高校92所」[1]。", stranger, { fold, citer: CITER }), /cannot cite elsewhere\.txt/);
  });

  it("keeps a marker a model put inside the quote", () => {
    const r = verify("「普通高校92所[1]」。");
    assert.equal(r.citations[0].text, "普通高校92所");
    assert.equal(r.dropped, 0);
  });

  it("does not split sentences inside quotes", () => {
    const pieces = splitAnswer("他说「第一句。第二句。」[1]然后呢？[2]\n下一行。").filter((p) => p.kind === "sentence");
    assert.deepEqual(pieces.map((p) => p.text), ["他说「第一句。第二句。」[1]然后呢？[2]", "下一行。"]);
  });

  it("returns an empty answer for empty output", () => {
    const r = verify("   ");
    assert.equal(r.refused, false);
    assert.equal(r.answer, "");
    assert.equal(r.citations.length, 0);
  });
});
