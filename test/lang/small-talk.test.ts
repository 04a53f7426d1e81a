import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dictionaryKey } from "../../src/lang/dictionary.js";
import { smallTalk } from "../../src/lang/small-talk.js";

describe("small talk: messages that ask the documents nothing", () => {
  const cases: Array<[string, ReturnType<typeof smallTalk>]> = [
    ["hello", "greeting"], ["Hi there!", "greeting"], ["hey bot", "greeting"], ["Good morning", "greeting"],
    ["你好", "greeting"], ["您好！", "greeting"], ["哈囉", "greeting"], ["在吗？", "greeting"], ["你好呀~", "greeting"], ["大家好 👋", "greeting"],
    ["thanks", "thanks"], ["Thank you so much!", "thanks"], ["谢谢", "thanks"], ["謝謝你！", "thanks"], ["多谢啦", "thanks"],
    ["help", "help"], ["Help me please", "help"], ["/help", "help"], ["What can you do?", "help"], ["帮助", "help"], ["怎么用？", "help"], ["你能做什么？", "help"],
  ];
  for (const [message, kind] of cases) {
    it(`reads ${JSON.stringify(message)} as ${kind}`, () => assert.equal(smallTalk(message), kind));
  }

  for (const question of ["help with the budget", "Who is the director?", "What is it?", "good", "你好，教育部部长是谁？", "谢谢教育部做了什么？", "好", "你", "帮助了多少名学生？", "Is there help for students?"]) {
    it(`takes ${JSON.stringify(question)} for a question`, () => assert.equal(smallTalk(question), undefined));
  }

  it("keeps courtesy words out of a translation's search terms: hello is no 好", () => {
    assert.equal(dictionaryKey("hello"), "");
    assert.equal(dictionaryKey("Thanks, please"), "");
    assert.equal(dictionaryKey("help"), "help", "help can be what a question asks about");
  });
});
