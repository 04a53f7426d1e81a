import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exampleQuestion, noCitedAnswerText, notFoundText, sourceLanguageNote } from "../../src/lang/messages.js";

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

describe("the short not-found text", () => {
  it("follows the question's script, or the language the caller decided", () => {
    assert.equal(noCitedAnswerText("火星上有沒有水？"), "沒有找到帶引用的答案");
    assert.equal(noCitedAnswerText("火星上有没有水？"), "没有找到带引用的答案");
    assert.equal(noCitedAnswerText("Is there water on Mars?"), "No cited answer found");
    assert.equal(noCitedAnswerText("2023？", "zh"), "没有找到带引用的答案");
  });
});

describe("example questions", () => {
  it("ask about a topic in the topic's language", () => {
    assert.equal(exampleQuestion("思政课程建设"), "思政课程建设方面做了什么？");
    assert.equal(exampleQuestion("Teacher training"), "What does the document say about Teacher training?");
    assert.equal(exampleQuestion("2023 GPT 模型"), "2023 GPT 模型方面做了什么？");
  });
});

describe("the source-language note", () => {
  it("says in the question's language and script that the quote is in another language", () => {
    assert.equal(sourceLanguageNote("How many universities piloted the course?", "26所高校试点开设选修课。"), "From the Chinese source: ");
    assert.equal(sourceLanguageNote("博物馆几点开门？", "The museum opens at nine."), "来自英文文档：");
    assert.equal(sourceLanguageNote("博物館幾點開門？", "The museum opens at nine."), "來自英文文件：");
    assert.equal(sourceLanguageNote("How many?", "The museum opens at nine."), "");
    assert.equal(sourceLanguageNote("多少所？", "26所高校试点开设选修课。"), "");
  });
});
