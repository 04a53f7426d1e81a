import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answerByOpenForm, checkPremise, contradictedPremise, openForm, withPremise } from "../../src/answer/premise.js";
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
  const { tag } = analyzer();
  const MEETING = "编者按:1月12日至13日,2023年全国教育工作会议在北京召开,中央教育工作领导小组秘书组组长、教育部党组书记、部长怀进鹏出席会议并讲话。";
  const PARKS = "臺北市共有公園八百二十四處，總面積約一千九百公頃。大安森林公園於1994年啟用，是市區最大的都會公園。公園處處長林志明表示，今年將持續推動無障礙設施改善。";

  it("compares a name or place the question puts after 是/在 with the answer to the same question asked with 谁/哪里", () => {
    const t = (text: string) => tag(text);
    assert.deepEqual(checkPremise("会议在上海召开的吗？", MEETING, fold, { tag: t }), { agrees: false, stated: "北京" });
    assert.deepEqual(checkPremise("会议在北京召开的吗？", MEETING, fold, { tag: t }), { agrees: true });
    assert.deepEqual(checkPremise("责任编辑是张伟吗？", "(责任编辑:曹建)", fold, { tag: t }), { agrees: false, stated: "曹建" });
    assert.deepEqual(checkPremise("公園處處長是王大明嗎？", PARKS, fold, { tag: t }), { agrees: false, stated: "林志明" });
    assert.deepEqual(checkPremise("公園處處長是林志明嗎？", PARKS, fold, { tag: t }), { agrees: true });
    assert.equal(checkPremise("北京有高校试点开设思政选修课吗？", EXCERPT, fold, { tag: t }), undefined, "a name as the subject is no claim");
    assert.equal(checkPremise("会议在上海召开的吗？", `${MEETING}上海也召开了分会。`, fold, { tag: t }), undefined, "the excerpt names the claimed place too: no verdict");
    assert.equal(checkPremise("会议在上海召开的吗？", MEETING, fold), undefined, "without jieba's tags names are not compared");
  });

  it("reads counts in Chinese numerals and numbers with thousands separators", () => {
    assert.deepEqual(checkPremise("臺北市有500處公園嗎？", PARKS, fold), { agrees: false, stated: "八百二十四處" });
    assert.deepEqual(checkPremise("臺北市有824處公園嗎？", PARKS, fold), { agrees: true });
    const text = "The Riverside Public Library served 48,000 residents in 2022.";
    assert.deepEqual(checkPremise("Did the library serve 50,000 residents?", text, fold), { agrees: false, stated: "48,000 residents" });
    assert.deepEqual(checkPremise("Did the library serve 48,000 residents?", text, fold), { agrees: true });
    const sessions = "The library ran 312 children's reading sessions during the year.";
    assert.deepEqual(checkPremise("Did the library run 400 children's reading sessions?", sessions, fold), { agrees: false, stated: "312 children's reading sessions" }, "the noun as far as the question goes on alike");
  });

  it("compares a translated English count with the number the Chinese text writes before the noun's translation", () => {
    const words = [
      { text: "30", weight: 1.5, numeric: true }, { text: "大学", weight: 1, numeric: false, alternatives: ["高校"] }, { text: "试点", weight: 1, numeric: false },
    ];
    assert.deepEqual(checkPremise("Did 30 universities pilot the elective course?", EXCERPT, fold, { translatedWords: words }), { agrees: false, stated: "26 (26所高校)" });
    assert.deepEqual(checkPremise("Did 26 universities pilot the elective course?", EXCERPT, fold, { translatedWords: [{ ...words[0], text: "26" }, ...words.slice(1)] }), { agrees: true });
    assert.equal(checkPremise("Did 30 universities pilot the elective course?", EXCERPT, fold), undefined, "untranslated, the English noun is not in the Chinese text: no verdict");
    const lectures = [{ text: "30", weight: 1.5, numeric: true }, { text: "师生", weight: 1, numeric: false }];
    assert.deepEqual(checkPremise("Did the lectures reach 30 teachers and students?", "宣讲活动覆盖近50万名师生。", fold, { translatedWords: lectures }), { agrees: false, stated: "50万 (50万名师生)" }, "the number with its 万");
    assert.equal(checkPremise("Did 30 hospitals pilot the course?", EXCERPT, fold, { translatedWords: [words[0], { text: "医院", weight: 1, numeric: false }] }), undefined, "no number counts the noun: no verdict");
    const closest = { source: "b.txt", start: 0, end: EXCERPT.length, line: 1, paragraph: 1, text: EXCERPT, score: 0.4, chunkId: "c" };
    assert.equal(contradictedPremise("Did 30 universities pilot the elective course?", closest, fold, undefined, words), undefined, "a refused question's closest passage is not read so");
  });

  it("compares a year only with a year of the sentence that states the question's other words", () => {
    const text = "Dr. Margaret Chen, who became director in 2019, led the library. The main branch reopened on March 14, 2022, after repairs.";
    assert.deepEqual(checkPremise("Did Margaret Chen become director in 2015?", text, fold), { agrees: false, stated: "2019" });
    assert.deepEqual(checkPremise("Did the main branch reopen in 2021?", text, fold), { agrees: false, stated: "2022" });
    assert.equal(checkPremise("Was the library founded in 1950?", text, fold), undefined, "no sentence says when it was founded");
  });

  it("answers a refused yes/no question from its closest passage only when that passage states the same fact otherwise", () => {
    const closest = { source: "parks.txt", start: 0, end: PARKS.length, line: 1, paragraph: 1, text: PARKS, score: 0.4, chunkId: "c" };
    const t = (text: string) => tag(text);
    const no = contradictedPremise("大安森林公園是2001年啟用的嗎？", closest, fold, t);
    assert.equal(no?.found, true);
    assert.equal(no?.answer, `不是：文件說是1994年。${PARKS}[1]`);
    assert.deepEqual(no?.citations, [{ n: 1, ...closest }]);
    assert.equal(contradictedPremise("公園處處長是王大明嗎？", closest, fold, t)?.answer, `不是：文件說是林志明。${PARKS}[1]`);
    assert.equal(contradictedPremise("公園處處長是王大明嗎？", { ...closest, clipped: { start: false, end: true } }, fold, t)?.answer, `不是：文件說是林志明。${PARKS}……[1]`, "a clipped passage is quoted with its ellipsis");
    const meeting = { ...closest, end: MEETING.length, text: MEETING };
    assert.equal(contradictedPremise("怀进鹏是1960年出生的吗？", meeting, fold, t), undefined, "the passage names him but not his birth: still refused");
    assert.equal(contradictedPremise("大安森林公園是1994年啟用的嗎？", closest, fold, t), undefined, "a confirmed claim the gate refused stays refused");
    assert.equal(contradictedPremise("大安森林公園是哪一年啟用的？", closest, fold, t), undefined, "not a yes/no question");
  });
});


describe("the open form of a yes/no question", () => {
  const { fold, tag } = analyzer();
  const t = (text: string) => tag(text);

  it("asks for the number, year or name the question claims", () => {
    assert.deepEqual(openForm("北京冬奥会有30000名志愿者吗？", fold, t), { claim: "30000名", open: "北京冬奥会有多少名志愿者？" });
    assert.deepEqual(openForm("会议是2015年召开的吗？", fold, t), { claim: "2015年", open: "会议是哪一年召开的？" });
    assert.deepEqual(openForm("教育部部长是王明吗？", fold, t), { claim: "王明", open: "教育部部长是谁？" });
    assert.deepEqual(openForm("Is Dr. John Smith the library director?", fold, t), { claim: "John Smith", open: "Who is the library director?" });
    assert.deepEqual(openForm("Was the library director Mary Jones?", fold, t), { claim: "Mary Jones", open: "Who was the library director?" });
  });

  it("reads a name jieba splits or lacks, of any script, from where it stands, as a claim the open form can only confirm", () => {
    assert.deepEqual(openForm("教育部部长是怀进鹏吗？", fold, t), { claim: "怀进鹏", open: "教育部部长是谁？", confirmOnly: true });
    assert.deepEqual(openForm("校长是John Smith吗？", fold, t), { claim: "John Smith", open: "校长是谁？", confirmOnly: true });
    assert.deepEqual(openForm("主讲人是阿卜杜勒·卡迪尔嗎？", fold, t), { claim: "阿卜杜勒·卡迪尔", open: "主讲人是谁？", confirmOnly: true });
    assert.equal(openForm("这是3号楼吗？", fold, t), undefined, "a claim with a number is no name");
  });

  it("has none for a question that claims nothing so", () => {
    for (const q of ["北京冬奥会有多少名志愿者？", "北京有高校开设思政选修课吗？", "Is the library open on Sundays?", "Did 40 schools pilot the course?"]) assert.equal(openForm(q, fold, t), undefined, q);
  });

  const open = (question: string, shortAnswer: string | undefined, found = true): Answer => ({ ...answer(question, "部长怀进鹏出席会议并讲话。"), found, ...(shortAnswer ? { shortAnswer } : {}) });

  it("says no and what the documents state when the open form's short answer is another, yes when it is the claim", () => {
    const no = answerByOpenForm("教育部部长是王明吗？", { claim: "王明", open: "教育部部长是谁？" }, open("教育部部长是谁？", "怀进鹏"), fold);
    assert.equal(no?.answer, "不是：文档说是怀进鹏。部长怀进鹏出席会议并讲话。[1]");
    assert.equal(no?.question, "教育部部长是王明吗？");
    assert.equal(no?.found, true);
    assert.equal(no?.citations.length, 1);
    assert.match(answerByOpenForm("教育部部长是怀进鹏吗？", { claim: "怀进鹏", open: "教育部部长是谁？" }, open("教育部部长是谁？", "怀进鹏"), fold)!.answer, /^是的。/);
    assert.match(answerByOpenForm("Is Dr. John Smith the director?", { claim: "John Smith", open: "Who is the director?" }, open("Who is the director?", "Mary Jones"), fold)!.answer, /^No: the documents say Mary Jones\. /);
    assert.match(answerByOpenForm("有3名志愿者吗？", { claim: "3名", open: "有多少名志愿者？" }, open("有多少名志愿者？", "30名"), fold)!.answer, /^不是：文档说是30名。/, "3 is not 30");
  });

  it("takes part of a name for another name, but a place or a title added for the same", () => {
    const verdict = (claim: string, stated: string, asked = "教育部部长是谁？") => answerByOpenForm(`${claim}吗？`, { claim, open: asked }, open(asked, stated), fold)!.answer.slice(0, 2);
    assert.equal(verdict("怀进", "怀进鹏"), "不是", "怀进 is not 怀进鹏");
    assert.equal(verdict("北京市", "北京", "会议在哪里召开？"), "是的");
    assert.equal(verdict("北京", "北京市", "会议在哪里召开？"), "是的");
    assert.equal(verdict("李明教授", "李明"), "是的");
    assert.match(answerByOpenForm("Is Dr. Mary Jones the director?", { claim: "Dr. Mary Jones", open: "Who is the director?" }, open("Who is the director?", "Mary Jones"), fold)!.answer, /^Yes\. /);
    assert.match(answerByOpenForm("Is Mary the director?", { claim: "Mar", open: "Who is the director?" }, open("Who is the director?", "Mary Jones"), fold)!.answer, /^No: /, "letters of a word are no name");
  });

  it("says yes to a claim read from where it stands only when the open form's short answer is that claim as written, never no", () => {
    const form = (question: string) => openForm(question, fold, t)!;
    assert.match(answerByOpenForm("教育部部长是怀进鹏吗？", form("教育部部长是怀进鹏吗？"), open("教育部部长是谁？", "怀进鹏"), fold)!.answer, /^是的。部长怀进鹏/);
    assert.match(answerByOpenForm("校长是John Smith吗？", form("校长是John Smith吗？"), open("校长是谁？", "John Smith"), fold)!.answer, /^是的。/);
    assert.equal(answerByOpenForm("教育部部长是进鹏吗？", { claim: "进鹏", open: "教育部部长是谁？", confirmOnly: true }, open("教育部部长是谁？", "怀进鹏"), fold), undefined, "part of the name");
    assert.equal(answerByOpenForm("教育部部长是王小明吗？", { claim: "王小明", open: "教育部部长是谁？", confirmOnly: true }, open("教育部部长是谁？", "怀进鹏"), fold), undefined);
    assert.equal(answerByOpenForm("这是真的吗？", form("这是真的吗？"), open("这是谁？", "怀进鹏"), fold), undefined, "nothing checkable is claimed");
  });

  it("gives no verdict when the open form is refused or has no short answer", () => {
    const form = { claim: "30000名", open: "北京冬奥会有多少名志愿者？" };
    assert.equal(answerByOpenForm("北京冬奥会有30000名志愿者吗？", form, open(form.open, undefined), fold), undefined);
    assert.equal(answerByOpenForm("北京冬奥会有30000名志愿者吗？", form, open(form.open, "2万名", false), fold), undefined);
  });
});
