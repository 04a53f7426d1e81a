import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatConversationReport, readArticles, rewrite, runFollowUpProtocol, runSubjectProtocol } from "../../src/eval/conversation.js";
import { tempDir, testApp } from "../helpers/workspace.js";

/** Two articles, two questions each; the second names its article's title. */
const SET = JSON.stringify({
  data: [
    { title: "青松学院", paragraphs: [{ context: "青松学院成立于1952年，位于江南省白河市。青松学院现有学生一万二千人，设有八个学院。学校的校训是厚德博学。", qas: [
      { id: "a1", question: "学校的校训是什么？", answers: [{ text: "厚德博学" }] },
      { id: "a2", question: "青松学院成立于哪一年？", answers: [{ text: "1952年" }] },
    ] }] },
    { title: "红枫大学", paragraphs: [{ context: "红枫大学成立于1898年，位于北岭省石门市。红枫大学现有学生三万人，图书馆藏书四百万册。", qas: [
      { id: "b1", question: "图书馆藏书多少册？", answers: [{ text: "四百万册" }] },
      { id: "b2", question: "红枫大学成立于哪一年？", answers: [{ text: "1898年" }] },
    ] }] },
  ],
});

describe("conversation protocols", () => {
  it("rewrites a question with a pronoun or without its subject", () => {
    assert.equal(rewrite("青松学院成立于哪一年？", "青松学院", "它"), "它成立于哪一年？");
    assert.equal(rewrite("青松学院的校训是什么？", "青松学院", undefined), "校训是什么？");
  });

  it("reads titled paragraphs and refuses a set without titles", () => {
    const paragraphs = readArticles(SET, "set");
    assert.deepEqual(paragraphs.map((p) => [p.title, p.article, p.qas.length]), [["青松学院", 0, 2], ["红枫大学", 1, 2]]);
    assert.throws(() => readArticles('{"data": [{"paragraphs": []}]}', "bad"), /no titled paragraphs/);
  });

  it("answers a rewritten follow-up in conversation at least as well as alone", async () => {
    const app = testApp(tempDir(), tempDir());
    const report = await runFollowUpProtocol(app, readArticles(SET, "set"), "set", { protocol: "followup", split: "all" });
    assert.equal(report.pairs, 2);
    assert.equal(report.conversation, 1);
    assert.ok(report.conversation >= report.alone);
    assert.equal(report.afterUnrelated, report.original);
    assert.match(formatConversationReport(report), /\(b\) rewritten, after the first 100\.0%/);
  });

  it("counts answers from the other subject's document", async () => {
    const app = testApp(tempDir(), tempDir());
    const report = await runSubjectProtocol(app, readArticles(SET, "set"), "set", { protocol: "subject", split: "all" });
    assert.equal(report.cases, 1);
    assert.equal(report.parallelWrong, 0);
  });
});
