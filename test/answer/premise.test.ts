import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkPremise, withPremise } from "../../src/answer/premise.js";
import type { Answer } from "../../src/types.js";
import { analyzer } from "../helpers/workspace.js";

const EXCERPT = "推动全市高校全覆盖开设必修课,26所高校试点开设思政选修课。";

function answer(question: string, text = EXCERPT): Answer {
  return {
    question, found: true, answer: `${text}[1]`, mode: "extractive",
    citations: [{ n: 1, source: "a.txt", start: 0, end: text.length, line: 1, paragraph: 1, text, score: 0.5, chunkId: "c" }],
  };
}

describe("yes/no and false-premise questions", () => {
  const { fold } = analyzer();

  it("says what the documents state when the question's number differs", () => {
    assert.deepEqual(checkPremise("北京有30所高校试点开设思政选修课吗？", EXCERPT, fold), { agrees: false, stated: "26所" });
    const a = withPremise(answer("北京有30所高校试点开设思政选修课吗？"), fold);
    assert.equal(a.answer, `不是：文档说是26所。${EXCERPT}[1]`);
    assert.equal(a.found, true);
    assert.equal(a.citations.length, 1);
  });

  it("says yes when the number matches, in the question's script and language", () => {
    assert.equal(withPremise(answer("北京有26所高校试点开设思政选修课吗？"), fold).answer, `是的。${EXCERPT}[1]`);
    assert.equal(withPremise(answer("北京有30所高校試點開設思政選修課嗎？"), fold).answer, `不是：文件說是26所。${EXCERPT}[1]`);
    const en = "Did 40 universities pilot the elective course?";
    const text = "In 2023, 26 universities piloted the elective course.";
    assert.equal(withPremise(answer(en, text), fold).answer, `No: the documents say 26 universities. ${text}[1]`);
    assert.equal(withPremise(answer("Did 40 schools pilot the elective course?", text), fold).answer, `${text}[1]`, "nothing comparable: the quote stands alone");
    assert.equal(withPremise(answer("Did 26 universities pilot the elective course?", text), fold).answer, `Yes. ${text}[1]`);
  });

  it("reads a number with its measure word: 「20年」 is not stated by 「20余万名」", () => {
    const text = "连续17年开展红色“1+1”党支部共建活动,组织近2万个学生党支部、20余万名学生党员走进乡村、社区一线,开展5万余场科技推广、文化普及、卫生服务等活动。";
    assert.deepEqual(checkPremise("红色1+1活动持续了20年吗？", text, fold), { agrees: false, stated: "17年" });
    assert.equal(withPremise(answer("红色1+1活动持续了20年吗？", text), fold).answer, `不是：文档说是17年。${text}[1]`);
    assert.deepEqual(checkPremise("红色1+1活动持续了17年吗？", text, fold), { agrees: true });
    assert.deepEqual(checkPremise("组织了2万个学生党支部吗？", text, fold), { agrees: true });
    assert.deepEqual(checkPremise("有30万名学生党员参加吗？", text, fold), { agrees: false, stated: "20余万名" });
    assert.deepEqual(checkPremise("有20万名学生党员参加吗？", text, fold), { agrees: true }, "「20余万名」 states 20万名 (and more)");
    assert.equal(checkPremise("活动开展了20场吗？", text, fold), undefined, "no number of 场 to compare: no verdict rather than a wrong yes");
  });

  it("leaves other questions, questions without numbers and refusals alone", () => {
    assert.equal(checkPremise("北京有多少所高校试点开设思政选修课？", EXCERPT, fold), undefined);
    assert.equal(checkPremise("北京有高校试点开设思政选修课吗？", EXCERPT, fold), undefined);
    assert.equal(checkPremise("北京有30个中心吗？", EXCERPT, fold), undefined, "no number with that measure word in the evidence");
    const refused: Answer = { question: "北京有30所高校吗？", found: false, answer: "文档中没有找到能回答这个问题的内容。", citations: [] };
    assert.equal(withPremise(refused, fold), refused);
  });
});
