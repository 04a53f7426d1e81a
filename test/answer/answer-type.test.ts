import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answerType, contentWords, fitsType, shortAnswerAgrees, TYPE_PATTERNS } from "../../src/answer/answer-type.js";
import { ENGLISH_TYPE_PATTERNS } from "../../src/lang/english.js";
import { analyzer } from "../helpers/workspace.js";

describe("short answers agree with the question's type", () => {
  const { fold } = analyzer();
  const agrees = (q: string, span: string) => shortAnswerAgrees(fold(q), fold(span));

  it("a where-question's answer ends like a place or names the asked category", () => {
    assert.equal(agrees("学生在哪些剧场和博物馆上思政课？", "厚植爱党报国情怀"), false);
    assert.equal(agrees("学生在哪些剧场和博物馆上思政课？", "国家大剧院、中国电影博物馆等"), true);
    assert.equal(agrees("尤金袋鼠分布在哪些地区？", "澳洲南部岛屿及西岸地区"), true);
    assert.equal(agrees("学生党员走进了哪些地方？", "乡村、社区一线"), true, "a list agrees item by item");
    assert.equal(agrees("学生党员走进了哪些地方？", "乡村、厚植爱党报国情怀"), false);
    assert.equal(agrees("2023年全国教育工作会议在哪里召开？", "北京"), true, "a bare city name");
  });

  it("does not second-guess other kinds of question", () => {
    assert.equal(agrees("红色“1+1”党支部共建活动组织了多少个学生党支部？", "近2万个"), true);
    assert.equal(agrees("北京打造了哪些思政课品牌？", "厚植爱党报国情怀"), true);
  });
});

describe("the kind of answer a question asks for", () => {
  it("reads an English yes/no or how-to question as untyped, whatever question word or count follows", () => {
    assert.equal(answerType("do you ever have to guess where a mine is?"), "other");
    assert.equal(answerType("Was the archive affected when the servers were hacked?"), "other");
    assert.equal(answerType("how do you give the number of mines as a proportion of the grid?"), "other");
    assert.equal(answerType("where is the mine?"), "place");
    assert.equal(answerType("how many mines are there?"), "quantity");
    assert.equal(answerType("when do you lose?"), "time");
    assert.equal(answerType("长江全长多少公里？"), "quantity");
  });

  it("reads an English question by its first question word: a later when or where clause is a condition", () => {
    assert.equal(answerType("what do you learn when you uncover a square without a mine?"), "thing");
    assert.equal(answerType("how many votes did he receive when he was elected?"), "quantity");
    assert.equal(answerType("who led the project when the fire broke out?"), "person");
    assert.equal(answerType("when do you lose?"), "time");
  });

  it("reads which year, decade, century, month or date as a when-question, whose noun is the answer's kind and no word to cover", () => {
    assert.equal(answerType("in which decade was python created?"), "time");
    assert.equal(answerType("what month did the release freeze?"), "time");
    assert.equal(answerType("how long was martin michlmayr the leader?"), "quantity", "a length of time: a number, or dates bounding it");
    const words = analyzer().queryWords("Which year did lambda expressions appear in Python?");
    assert.deepEqual(contentWords(words, "which year did lambda expressions appear in python?").map((w) => w.text).includes("year"), false);
    assert.equal(words.some((w) => w.text === "year"), true);
  });
});

describe("the kind of answer a text offers", () => {
  const { fold } = analyzer();
  const word = (text: string) => ({ text, weight: 1, numeric: false });

  it("offers a count written in Chinese numerals with its measure word (两颗, 三棵, 五张), next to the question's words", () => {
    for (const text of ["火星有两颗卫星。", "院子里种了三棵树。", "桌上放着五张票。"]) {
      const noun = text.match(/卫星|树|票/)![0];
      assert.equal(fitsType(fold(text), [word(noun)], TYPE_PATTERNS.quantity!, 1), true, text);
    }
    assert.equal(fitsType(fold("火星是一颗红色的行星，它有卫星。"), [word("卫星")], TYPE_PATTERNS.quantity!, 0), false, "no count in the clause that names them");
  });

  it("reads an English sentence hard-wrapped across lines as one sentence, but a line of its own as its own", () => {
    const words = [word("officially"), word("found")];
    const wrapped = "    The Debian Project was officially founded by Ian Murdock on\n    August 16th, 1993. (There is also a scan.)";
    assert.equal(fitsType(fold(wrapped), words, ENGLISH_TYPE_PATTERNS.time, Infinity), true, "the date on the next line answers");
    assert.equal(fitsType(fold("The project was officially founded.\nAugust 16th, 1993"), words, ENGLISH_TYPE_PATTERNS.time, Infinity), false, "after a stop the next line is another sentence");
    assert.equal(fitsType(fold("Officially founded\n\nAugust 16th, 1993"), words, ENGLISH_TYPE_PATTERNS.time, Infinity), false, "a blank line ends it");
    assert.equal(fitsType(fold("大学成立\n1993年"), [word("成立")], TYPE_PATTERNS.time!, Infinity), false, "a Chinese line ends at its newline");
  });
});
