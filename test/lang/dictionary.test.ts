import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dictionaryKey, loadDictionary } from "../../src/lang/dictionary.js";

describe("the CC-CEDICT word index", () => {
  it("keys English text by its stemmed content words", () => {
    assert.equal(dictionaryKey("the Universities"), "university");
    assert.equal(dictionaryKey("to carry out a pilot scheme"), "carry out pilot scheme");
  });

  it("translates English words and phrases into Chinese words, best first", async () => {
    const d = await loadDictionary();
    assert.ok(d.chineseFor("university").includes("高校"));
    assert.ok(d.chineseFor("university").includes("大学"));
    assert.equal(d.chineseFor("elective")[0], "选修");
    assert.ok(d.chineseFor("pilot scheme").includes("试点"));
    assert.ok(d.chineseFor("theatre").includes("剧院"), "British -tre falls back to -ter");
    assert.deepEqual(d.chineseFor("qwertyuiop"), []);
  });

  it("knows places by the name their gloss opens with, proper nouns by their pinyin, characters by their readings", async () => {
    const d = await loadDictionary();
    assert.equal(d.chineseFor(dictionaryKey("Beijing"))[0], "北京", "Beijing municipality, capital of …");
    assert.ok(d.chineseFor(dictionaryKey("Liu Shaoqi")).includes("刘少奇"));
    assert.ok(d.chineseFor("hainan").includes("海南省"), "Hainan Province, …");
    assert.ok(!d.chineseFor("chinese").includes("中文"), "Chinese language is no name");
    assert.deepEqual(d.namesFor("beijing"), ["北京"]);
    assert.ok(d.chineseFor("party").slice(0, 10).includes("党"), "a character's first sense in one word ranks with words");
    assert.ok(d.chineseFor("branch").includes("支部"), "branch, esp. grass root branches of a political party");
    assert.deepEqual(d.chineseFor("@beijing"), [], "pinyin keys are no English words");
    assert.ok(d.charsFor("bao").includes("保") && d.charsFor("ming").includes("铭"));
    assert.equal(d.charsFor("qwx"), "");
  });

  it("translates Chinese words back into English keys", async () => {
    const d = await loadDictionary();
    assert.ok(d.englishFor("博物馆").includes("museum"));
    assert.ok(d.englishFor("志愿者").includes("volunteer"));
  });

  it("translates a Chinese word back into keys it stands further down for, those it heads first", async () => {
    const d = await loadDictionary();
    const develop = d.englishFor("开发");
    assert.ok(develop.includes("develop"), "开发 is develop's ninth word");
    assert.ok(develop.indexOf("exploit") < develop.indexOf("develop"), "it heads exploit's");
    assert.ok(d.englishFor("加法").includes("addition"));
  });

  it("is loaded once, however many ask for it at once", async () => {
    const [a, b] = await Promise.all([loadDictionary(), loadDictionary()]);
    assert.equal(a, b);
    assert.equal(await loadDictionary(), a);
  });
});
