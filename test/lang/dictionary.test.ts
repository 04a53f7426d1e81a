import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chineseFor, dictionaryKey, englishFor } from "../../src/lang/dictionary.js";

describe("the CC-CEDICT word index", () => {
  it("keys English text by its stemmed content words", () => {
    assert.equal(dictionaryKey("the Universities"), "university");
    assert.equal(dictionaryKey("to carry out a pilot scheme"), "carry out pilot scheme");
  });

  it("translates English words and phrases into Chinese words, best first", () => {
    assert.ok(chineseFor("university").includes("高校"));
    assert.ok(chineseFor("university").includes("大学"));
    assert.equal(chineseFor("elective")[0], "选修");
    assert.ok(chineseFor("pilot scheme").includes("试点"));
    assert.ok(chineseFor("theatre").includes("剧院"), "British -tre falls back to -ter");
    assert.deepEqual(chineseFor("qwertyuiop"), []);
  });

  it("translates Chinese words back into English keys", () => {
    assert.ok(englishFor("博物馆").includes("museum"));
    assert.ok(englishFor("志愿者").includes("volunteer"));
  });
});
