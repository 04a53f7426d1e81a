import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitClauses, splitSentences } from "../../src/chunk/sentences.js";

const texts = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe("splitSentences", () => {
  it("ends sentences at Chinese terminal punctuation", () => {
    assert.deepEqual(texts("第一句。第二句！第三句？第四句；第五句……第六句"), ["第一句。", "第二句！", "第三句？", "第四句；", "第五句……", "第六句"]);
  });

  it("keeps closing quotes and brackets with their sentence", () => {
    assert.deepEqual(texts("他说：“请党放心，强国有我。”随后离开。（完。）下一句"), ["他说：“请党放心，强国有我。”", "随后离开。", "（完。）", "下一句"]);
    assert.deepEqual(texts("「真的嗎？」她問。"), ["「真的嗎？」", "她問。"]);
  });

  it("keeps runs of terminals together and handles ASCII forms", () => {
    assert.deepEqual(texts("什么？！真的!? Yes. Pi is 3.14 exactly. Done"), ["什么？！", "真的!?", "Yes.", "Pi is 3.14 exactly.", "Done"]);
  });

  it("treats newlines as boundaries and trims whitespace, with exact offsets", () => {
    const text = "  第一行没有句号\n\n　第二行。 ";
    const spans = splitSentences(text);
    assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ["第一行没有句号", "第二行。"]);
    assert.equal(spans[0].start, 2);
  });

  it("splits long sentences into clauses", () => {
    const text = "组织近2万个学生党支部、20余万名学生党员走进乡村，开展5万余场活动。";
    const clauses = splitClauses(text, { start: 0, end: text.length }).map((s) => text.slice(s.start, s.end));
    assert.deepEqual(clauses, ["组织近2万个学生党支部、", "20余万名学生党员走进乡村，", "开展5万余场活动。"]);
  });
});
