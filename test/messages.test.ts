import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isTraditional, notFoundText, questionLang, scriptOf } from "../src/messages.js";

describe("the question's script", () => {
  it("tells Traditional from Simplified questions", () => {
    assert.equal(scriptOf("紅色「1+1」黨支部共建活動組織了多少個學生黨支部？"), "zh-Hant");
    assert.equal(scriptOf("红色“1+1”党支部共建活动组织了多少个学生党支部？"), "zh-Hans");
    assert.equal(scriptOf("明天北京的天氣怎麼樣？"), "zh-Hant");
    assert.equal(scriptOf("How many universities does Beijing have?"), "en");
  });

  it("reads characters both scripts share (or a tie) as Simplified", () => {
    assert.equal(isTraditional("北京有多少所高校？"), false);
    assert.equal(isTraditional("台北有几所大学"), false, "台 is a Simplified-table key, 几 and 学 are Simplified");
    assert.equal(isTraditional("臺北有幾所大學"), true);
  });

  it("keeps English for an English question quoting a Chinese term, and knows Traditional question words", () => {
    assert.equal(questionLang("What is 时代新人铸魂工程?"), "en");
    assert.equal(questionLang("What is the GPT 模型是什麼"), "zh");
    assert.equal(questionLang("2023?"), undefined);
  });
});

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
