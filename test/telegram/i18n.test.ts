import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectLang, langFromCode, texts } from "../../src/telegram/i18n.js";
import { parseTelegramHtml } from "../helpers/fake-telegram.js";

describe("detectLang", () => {
  it("answers a Chinese question in Chinese and an English one in English", () => {
    assert.equal(detectLang("北京有多少所高校？", "en"), "zh");
    assert.equal(detectLang("How many schools are there?", "zh-hans"), "en");
  });
  it("keeps English when an English question quotes a Chinese term", () => {
    assert.equal(detectLang("What is 时代新人铸魂工程?"), "en");
    assert.equal(detectLang("时代新人铸魂工程 是什么 project"), "zh");
  });
  it("falls back to language_code for text without words", () => {
    assert.equal(detectLang("2023?", "zh-TW"), "zh");
    assert.equal(detectLang("🤔", "de"), "en");
    assert.equal(detectLang(undefined), "en");
    assert.equal(langFromCode("ZH"), "zh");
  });
});

describe("interface texts", () => {
  it("are valid Telegram HTML and escape what they interpolate", () => {
    for (const lang of ["zh", "en"] as const) {
      const t = texts(lang);
      for (const html of [
        t.start(["<b>?</b> & more"], "my_bot"),
        t.help("my_bot", 1000),
        t.askUsage("a<b"),
        t.emptyQuestion("x&y"),
        t.nonText("<tag>"),
        t.sourceItem(1, "T<1>", "s&s.txt", 2),
        t.stats({ "a<b": "c&d" }),
        t.sourcesHeader(2),
        t.notFound("臺北有幾所大學？"),
        t.notFound("<b>?"),
      ]) {
        assert.doesNotThrow(() => parseTelegramHtml(html), html);
      }
    }
  });
});
