import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exampleQuestion, notFoundText } from "../../src/lang/messages.js";

describe("the not-found text", () => {
  it("follows the question's script", () => {
    assert.equal(notFoundText("火星上有沒有水？"), "文件中沒有找到能回答這個問題的內容。");
    assert.equal(notFoundText("火星上有没有水？"), "文档中没有找到能回答这个问题的内容。");
    assert.equal(notFoundText("Is there water on Mars?"), "The documents do not answer this question.");
  });

  it("uses the language the caller decided, in the question's script", () => {
    assert.equal(notFoundText("2023？", "zh"), "文档中没有找到能回答这个问题的内容。");
    assert.equal(notFoundText("幾？", "en"), "The documents do not answer this question.");
  });
});

describe("example questions", () => {
  it("ask about a topic in the topic's language", () => {
    assert.equal(exampleQuestion("思政课程建设"), "思政课程建设方面做了什么？");
    assert.equal(exampleQuestion("Teacher training"), "What does the document say about Teacher training?");
    assert.equal(exampleQuestion("2023 GPT 模型"), "2023 GPT 模型方面做了什么？");
  });
});
