import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { chunkDocument } from "../src/chunk/chunker.js";
import { exampleQuestions } from "../src/examples.js";
import { BUNDLED_DOC } from "./helpers/workspace.js";

const doc = (text: string) => ({ source: "a.txt", title: "t", text, hash: "h", encoding: "utf-8" });
const examplesOf = (text: string) => exampleQuestions(chunkDocument(doc(text)));

describe("example questions", () => {
  it("asks about the section topics the bundled corpus's paragraphs open with", () => {
    const text = readFileSync(BUNDLED_DOC, "utf8");
    assert.deepEqual(examplesOf(text), ["强化理论武装方面做了什么？", "服务重大活动方面做了什么？", "动员投身一线方面做了什么？", "营造浓厚氛围方面做了什么？"]);
  });

  it("makes no topic question of a clause that states something, a time, or a connective", () => {
    const text = ["上海市位于长江入海口，是中国最大的经济中心城市。", "今年以来，全市经济稳中向好。", "其中，第三产业占比较高。", "2023年，全市新建学校20所。", "本报告总结了公司的主要工作，内容如下。"].join("\n\n\n");
    assert.deepEqual(exampleQuestions(chunkDocument(doc(text), { maxChars: 40, minChars: 1 })), []);
  });

  it("asks the amount a sentence states about its subject: a report under its title", () => {
    const text = "年度工作报告\n\n本报告总结了公司2024年的主要工作。全年营业收入为8.6亿元，同比增长12%。\n\n联系人：张三\n电话：010-12345678";
    assert.deepEqual(examplesOf(text), ["全年营业收入为多少？"]);
    assert.deepEqual(examplesOf("其收入为8.6亿元。"), [], "not of a pronoun");
  });

  it("asks what an English term is when a sentence defines it, and nothing of openers such as \"Note:\" or \"By default,\"", () => {
    const text = "Classes\n\nA class definition is an executable statement. It first evaluates the inheritance list.\n\nNote: by default, classes are built using type().";
    assert.deepEqual(examplesOf(text), ["What is a class definition?"]);
    assert.deepEqual(examplesOf("Formally, if a, b, c are expressions, then a op1 b op2 c is equivalent.\n\nBy default, the metaclass is type."), []);
  });

  it("asks English questions of amounts, of who made or when came about a named thing, and of what a term is or is used for, across hard-wrapped lines", () => {
    const paragraphs = [
      "Total revenue was $8.6 million in 2024, up 12% on the year before.",
      "The number of employees reached 140 by December.",
      "Python was created in the early 1990s by Guido van Rossum at Stichting\nMathematisch Centrum in the Netherlands.",
      "In 2001, the Python Software Foundation (PSF, see\nhttps://www.python.org/psf/) was formed, a non-profit organization.",
      "Exceptions are a means of breaking out of the normal flow of control.",
      'The "for" statement is used to iterate over the elements of a sequence.',
    ];
    assert.deepEqual(exampleQuestions(chunkDocument(doc(paragraphs.join("\n\n\n")), { maxChars: 140, minChars: 1 })), [
      "What was total revenue?",
      "What did the number of employees reach?",
      "Who created Python?",
      "When was the Python Software Foundation formed?",
      "What are exceptions?",
      'What is the "for" statement used for?',
    ]);
  });

  it("asks nothing of an English sentence opened by a pronoun, a name stated to be something, a clause, or a figure without its subject", () => {
    const paragraphs = ["This is a module for parsing.", "Python is a programming language.", "If a name is bound in a block, it is a local variable.", "It was created by the team in 2001.", "Revenue of Acme Corp was 5 million."];
    assert.deepEqual(exampleQuestions(chunkDocument(doc(paragraphs.join("\n\n\n")), { maxChars: 60, minChars: 1 })), []);
  });

  it("looks at the first 2,000 chunks only, so a large corpus that seldom offers a question starts as fast as a small one", () => {
    const chunk = (text: string, i: number) => ({ ...chunkDocument(doc(text))[0]!, id: `c${i}` });
    const plain = Array.from({ length: 2000 }, (_, i) => chunk("这是一段没有可问之处的普通叙述文字。", i));
    assert.deepEqual(exampleQuestions([...plain, chunk("强化理论武装，推动学习走深走实。", 2000)]), []);
    assert.deepEqual(exampleQuestions([...plain.slice(1), chunk("强化理论武装，推动学习走深走实。", 2000)]), ["强化理论武装方面做了什么？"]);
  });
});
