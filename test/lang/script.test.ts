import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ASTRAL_HAN, CJK_BIGRAM_SCRIPTS, CJK_UNIFIED, CMRC_HAN, CHINESE_TEXT, chineseRuns, corpusScript, countHan, detectLang, HAN_IDEOGRAPHS, hanRuns, hasCjk,
  isAstralHan, isBlank, isChinese, isChineseUnit, isCjk, isCmrcHan, isHanIdeograph, isHanScript, isTraditional, langFromCode, prefersTraditional, questionLang, rangeClass,
  hasNoWords, isLinkOnly, scriptFromLocale, scriptOf, textLang, wordlessLang, wordlessScript, writtenLang,
} from "../../src/lang/script.js";
import { seededRandom } from "../helpers/random.js";

/**
 * The patterns each call site used before src/lang/ existed, kept here as the fixed reference:
 * the named ranges must keep every site's behaviour exactly.
 */
const BEFORE = {
  /**
   * src/search/analyzer.ts CJK and isCjk. (src/retrieve/retriever.ts CJK_PAIR also had U+4DC0–4DFF, but only ever tested the
   * analyzer's two-character terms, whose characters are all of this class; it now uses isCjk.)
   */
  analyzer: /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/,
  /** src/engine.ts CJK (isChinese) and src/answer/evidence.ts CJK and its run pattern. */
  chinese: /[\u3400-\u9fff\uf900-\ufaff]/,
  chineseRuns: /[\u3400-\u9fff\uf900-\ufaff]+/g,
  /** src/search/fold.ts: the ranges converted Traditional → Simplified. */
  fold: [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]],
  /** src/eval/metrics.ts HAN (cmrc2018_evaluate.py). */
  cmrc: /[\u4e00-\u9fa5]/,
  /** src/search/analyzer.ts QUESTION_TOKEN's class. */
  questionToken: "\\u4e00-\\u9fff",
  /** src/messages.ts, src/answer/followup.ts, src/telegram/format.ts, test/helpers/fake-engine.ts. */
  hanScript: /^\p{Script=Han}$/u,
};

describe("script ranges", () => {
  it("keep every former call site's code-unit classes over the whole BMP", () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      assert.equal(isCjk(c), BEFORE.analyzer.test(ch), `isCjk U+${c.toString(16)}`);
      assert.equal(hasCjk(`ab${ch}`), BEFORE.analyzer.test(ch));
      assert.equal(isChineseUnit(c), BEFORE.chinese.test(ch), `isChineseUnit U+${c.toString(16)}`);
      assert.equal(isChinese(`x${ch}`), BEFORE.chinese.test(ch));
      assert.equal(isHanIdeograph(c), BEFORE.fold.some(([a, b]) => c >= a && c <= b), `isHanIdeograph U+${c.toString(16)}`);
      assert.equal(isCmrcHan(ch), BEFORE.cmrc.test(ch), `isCmrcHan U+${c.toString(16)}`);
    }
    assert.equal(isCjk(0x10000), false);
    assert.equal(isCjk(NaN), false);
    assert.equal(isChinese(""), false);
  });

  it("keep the Han script property over every code point", () => {
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (isHanScript(ch) !== BEFORE.hanScript.test(ch)) assert.fail(`isHanScript U+${cp.toString(16)}`);
    }
    assert.equal(isCmrcHan("𠀀"), false, "an astral character is never CMRC Han");
  });

  it("name the ranges they are", () => {
    assert.deepEqual(HAN_IDEOGRAPHS, BEFORE.fold);
    assert.equal(rangeClass([CJK_UNIFIED]), BEFORE.questionToken);
    assert.equal(rangeClass(CJK_BIGRAM_SCRIPTS), "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af");
    assert.equal(rangeClass(CHINESE_TEXT), "\\u3400-\\u9fff\\uf900-\\ufaff");
    assert.equal(rangeClass([CMRC_HAN]), "\\u4e00-\\u9fa5");
    assert.deepEqual(ASTRAL_HAN, [0x20000, 0x3134f]);
    assert.equal(isAstralHan(0x20000) && isAstralHan(0x3134f) && !isAstralHan(0x1ffff) && !isAstralHan(0x31350), true);
    assert.throws(() => rangeClass([ASTRAL_HAN]), RangeError);
  });

  it("find runs and counts as the former patterns did", () => {
    const random = seededRandom(13);
    const alphabet = ["a", " ", "。", "中", "國", "䷀", "㐀", "豈", "あ", "한", "𠀀", "々", "〇", "⺀", "\n", "1"];
    for (let n = 0; n < 2000; n++) {
      let text = "";
      const length = Math.floor(random() * 12);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      assert.deepEqual(chineseRuns(text), text.match(BEFORE.chineseRuns) ?? [], JSON.stringify(text));
      assert.equal(countHan(text), (text.match(/\p{Script=Han}/gu) ?? []).length);
      assert.deepEqual(hanRuns(text), text.match(/\p{Script=Han}+/gu) ?? []);
    }
  });
});

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

describe("prefersTraditional", () => {
  it("follows the message's script, and the language tag when the message leans neither way", () => {
    assert.equal(prefersTraditional("臺北有幾所大學？"), true);
    assert.equal(prefersTraditional("北京有几所大学？", "zh-TW"), false, "a Simplified message wins over the tag");
    assert.equal(prefersTraditional("/start", "zh-TW"), true);
    assert.equal(prefersTraditional(undefined, "zh-Hant-HK"), true);
    assert.equal(prefersTraditional(undefined, "zh-hans"), false);
    assert.equal(prefersTraditional(undefined, "en"), false);
  });
});

describe("questions without words", () => {
  it("reads Chinese punctuation as Chinese, ASCII punctuation and text with words as saying nothing", () => {
    assert.equal(wordlessLang("？"), "zh");
    assert.equal(wordlessLang("。。。「」"), "zh");
    assert.equal(wordlessLang("?!"), undefined);
    assert.equal(wordlessLang("2023？"), undefined, "a number is a word: questionLang and the excerpts decide");
    assert.equal(wordlessLang("😀？"), undefined, "so is a symbol");
    assert.equal(hasNoWords("？！……「」"), true);
    assert.equal(hasNoWords("😀"), false);
    assert.equal(wordlessScript("？", "en"), "zh-Hans");
    assert.equal(wordlessScript("？", "zh-Hant"), "zh-Hant");
    assert.equal(wordlessScript("?", "zh-Hant"), "zh-Hant");
    assert.equal(detectLang("？", "en"), "zh", "Telegram: the punctuation before the language tag");
    assert.equal(detectLang("?", "en"), "en");
  });
});

describe("links", () => {
  it("reads a question of links only as asking nothing, and a link's letters as no words of the question's language", () => {
    assert.equal(hasNoWords("https://example.com/foo?x=1"), true);
    assert.equal(hasNoWords(" www.moe.gov.cn ？"), true);
    assert.equal(isLinkOnly("https://example.com http://a.b/c"), true);
    assert.equal(isLinkOnly("？"), false, "punctuation only is empty, not a link");
    assert.equal(hasNoWords("看看 https://example.com"), false);
    assert.equal(questionLang("看看 https://example.com"), "zh");
    assert.equal(questionLang("What does https://example.com say?"), "en");
  });
});

describe("isBlank", () => {
  it("is true for whitespace and invisible format characters only, false once anything shows", () => {
    for (const text of ["", "  \n\t", "\u3000", "\u200b\u200d", "\ufeff \u2060", "\u200e"]) assert.equal(isBlank(text), true, JSON.stringify(text));
    for (const text of ["？", "a", "\u200b问", "🙂", "26"]) assert.equal(isBlank(text), false, JSON.stringify(text));
  });
});

describe("the CLI's own language", () => {
  it("takes a locale that names a language, and leaves C and POSIX to the corpus", () => {
    assert.deepEqual(
      ["zh_CN.UTF-8", "zh_TW.UTF-8", "zh_HK.Big5", "zh_SG", "en_US.UTF-8", "fr_FR.UTF-8", "C", "C.UTF-8", "POSIX", undefined].map(scriptFromLocale),
      ["zh-Hans", "zh-Hant", "zh-Hant", "zh-Hans", "en", "en", undefined, undefined, undefined, undefined],
    );
  });

  it("reads a corpus's dominant script from its documents' openings: Han characters against Latin words, Traditional against Simplified", () => {
    assert.equal(corpusScript([{ text: "2023年GDP增长5.2%，全市经济稳中向好。" }, { text: "Annual report" }]), "zh-Hans");
    assert.equal(corpusScript([{ text: "臺灣的經濟發展與產業結構。" }]), "zh-Hant");
    assert.equal(corpusScript([{ text: "Python was created in the early 1990s." }, { text: "北京" }]), "en");
    assert.equal(corpusScript([]), "en");
  });

  it("tells a document's language by Han characters against Latin words, and a text of neither is in no language (English to say things in)", () => {
    assert.deepEqual(["2023年GDP增长5.2%", "Annual report 2023", "北京 GDP", "1406 6300 5464", "Привет мир", ""].map(writtenLang), ["zh", "en", "zh", undefined, undefined, undefined]);
    assert.deepEqual(["2023年GDP增长5.2%", "Annual report 2023", "1406 6300 5464", ""].map(textLang), ["zh", "en", "en", "en"]);
  });
});
