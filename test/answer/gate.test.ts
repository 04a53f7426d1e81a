import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commonCoverage, DEFAULT_GATE, gateScore, plainCoverage, type GateInput, questionCompounds, questionNames, questionOrdinals, questionPieces, readGate, splitNameBigrams, wordBigrams } from "../../src/answer/gate.js";
import type { QueryWord } from "../../src/search/analyzer.js";

const word = (text: string, rarity = 0.5, extra: Partial<QueryWord> = {}): QueryWord => ({ text, weight: 1, numeric: /^\d+$/.test(text), rarity, ...extra });

/** An index that holds exactly the passages' bigrams (a term it lacks has the higher IDF of an absent term). */
function input(words: QueryWord[], excerpt: string, passages: string, extra: Partial<GateInput> = {}): GateInput {
  return { words, excerpt, passages, question: "", missing: 0, similarity: 0.3, idf: (t) => (passages.includes(t) ? 2 : 4), known: (t) => passages.includes(t), ...extra };
}

describe("the refusal gate", () => {
  const words = [word("冬奥会", 0.6), word("志愿者", 0.7), word("服务", 0.3)];
  const excerpt = "北京冬奥会期间，2万名志愿者参与服务。";

  it("answers when the excerpt holds the question's words", () => {
    const reading = readGate(input(words, excerpt, excerpt));
    assert.equal(reading.coverage, 1);
    assert.equal(reading.bigrams, 1);
    assert.equal(reading.unknownBigrams, 0);
    assert.equal(reading.missingMass, 0);
    assert.ok(gateScore(reading) >= 0, String(gateScore(reading)));
  });

  it("refuses when the question's subject is missing from every passage and from the index", () => {
    // 「《光学》的作者是谁？」 over a corpus without the book: only the common word matches.
    const other = "少数学者认为马可福音的作者是外邦人。";
    // Vector similarity as low as such questions have on the hold-out splits (mean ≈ 0.1).
    const reading = readGate(input([word("光学", 0.9), word("作者", 0.3)], other, other, { similarity: 0.1 }));
    assert.ok(reading.missingMass > 0.7, String(reading.missingMass));
    assert.ok(reading.unknownBigrams > 0.5, String(reading.unknownBigrams));
    assert.ok(gateScore(reading) < 0, String(gateScore(reading)));
  });

  it("counts a missing number or name, and a how-many question without a number, against answering", () => {
    const base = readGate(input(words, excerpt, excerpt));
    assert.ok(gateScore({ ...base, missing: 1 }) < gateScore(base));
    const untyped = readGate(input(words, excerpt, excerpt, { typeFit: false }));
    assert.equal(untyped.typeMismatch, 1);
    assert.ok(Math.abs(gateScore(untyped) - (gateScore(base) + DEFAULT_GATE.weights.typeMismatch)) < 1e-9);
    assert.equal(readGate(input(words, excerpt, excerpt, { typeFit: true })).typeMismatch, 0);
  });

  it("answers less readily when another document's excerpt scores nearly as well", () => {
    const clear = readGate(input(words, excerpt, excerpt, { margins: { margin: 0.6, alone: false, openMargin: 0.6 } }));
    const contested = readGate(input(words, excerpt, excerpt, { margins: { margin: 0.05, alone: false, openMargin: 0.05 } }));
    assert.equal(contested.margin, 0.05);
    assert.ok(gateScore(contested) < gateScore(clear));
  });

  it("weighs bigrams inside the question's words only, so a small corpus lacking cross-word pairs is not penalised", () => {
    assert.deepEqual(wordBigrams([word("冬奥会"), word("服"), word("2022"), word("Beijing")]), ["冬奥", "奥会", "服", "2022", "Beijing"]);
  });

  it("scores with per-instance settings", () => {
    const reading = readGate(input(words, excerpt, excerpt));
    assert.ok(gateScore(reading, { ...DEFAULT_GATE, bias: -100, scriptBias: {} }) < 0);
  });

  it("takes the bias of the question's script, and the common bias for a script without its own", () => {
    const reading = readGate(input(words, excerpt, excerpt));
    const settings = { ...DEFAULT_GATE, bias: -1, scriptBias: { "zh-Hant": -2 } };
    const base = gateScore(reading, { ...settings, bias: 0 });
    const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);
    near(gateScore(reading, settings, "zh-Hant"), base - 2);
    near(gateScore(reading, settings, "zh-Hans"), base - 1);
    near(gateScore(reading, settings, "en"), base - 1);
    near(gateScore(reading, settings), base - 1);
    // The default calibration: Simplified questions are refused at the rate Traditional ones are, so their bias is lower.
    assert.ok(DEFAULT_GATE.scriptBias["zh-Hans"]! < DEFAULT_GATE.scriptBias["zh-Hant"]!);
  });

  it("cuts a question into the pieces between its question words and punctuation", () => {
    assert.deepEqual(questionPieces("在燕豪芬举行的2008年欧锦赛中，费尔德海斯打破了什么世界纪录？"), ["在燕豪芬举行的2008年欧锦赛中", "费尔德海斯打破了", "世界纪录"]);
    assert.deepEqual(questionPieces("谁？"), []);
  });

  it("reads a question quoting its article's phrases as better answered than one sharing only its words", () => {
    const passage = "2008年欧锦赛在燕豪芬举行，她打破了4x100米自由泳接力的世界纪录。";
    const quoting = readGate(input(words, passage, passage, { question: "在燕豪芬举行的欧锦赛中，她打破了什么世界纪录？" }));
    const sharing = readGate(input(words, passage, passage, { question: "举行欧锦赛时什么纪录被她打破？" }));
    assert.ok(quoting.longestRun > sharing.longestRun, `${quoting.longestRun} ≤ ${sharing.longestRun}`);
    assert.ok(quoting.runCoverage > sharing.runCoverage, `${quoting.runCoverage} ≤ ${sharing.runCoverage}`);
    assert.ok(gateScore(quoting) > gateScore(sharing));
  });

  it("joins a name jieba split into single characters back into bigrams, and counts those the index never holds", () => {
    const tags = ["乍", "都", "节", "公园", "位于", "什么", "地方"].map((word) => ({ word }));
    assert.deepEqual(splitNameBigrams(tags), ["乍都", "都节"]);
    assert.deepEqual(splitNameBigrams(["有", "多", "少"].map((word) => ({ word }))), [], "pairs with a question word's character are not names");
    const known = readGate(input(words, excerpt, excerpt, { fragments: ["乍都", "都节"], known: () => true }));
    const unknown = readGate(input(words, excerpt, excerpt, { fragments: ["乍都", "都节"], known: (t) => t !== "乍都" && t !== "都节" }));
    assert.equal(known.splitNames, 0);
    assert.equal(unknown.splitNames, 2);
    assert.ok(gateScore(unknown) < gateScore(known));
  });

  it("finds the question's two-character names and what it quotes, and counts those the passages lack against answering", () => {
    const tags = [{ word: "岳飞", tag: "nr" }, { word: "的", tag: "uj" }, { word: "战略", tag: "n" }, { word: "主张", tag: "n" }, { word: "为何", tag: "r" }];
    assert.deepEqual(questionNames(tags, "岳飞的战略主张为何?"), ["岳飞"]);
    assert.deepEqual(questionNames([{ word: "食神", tag: "n" }], "《食神》的导演是谁?"), ["食神"], "a title in 《》 is a name whatever jieba tags it");
    assert.deepEqual(questionNames([{ word: "日", tag: "ns" }], "「总兵」此官职"), ["总兵"], "single characters are not names");
    const passage = "战斗机使用飞弹对付其他飞行目标，尤其是战略轰炸机。";
    const present = readGate(input([word("战略", 0.5), word("主张", 0.5)], passage, passage, { names: ["战略"] }));
    const absent = readGate(input([word("战略", 0.5), word("主张", 0.5)], passage, passage, { names: ["岳飞"] }));
    assert.equal(present.absentNames, 0);
    assert.equal(absent.absentNames, 1);
    assert.ok(gateScore(absent) < gateScore(present));
  });

  it("reads an ordinal in Chinese numerals or digits as one, and counts one the passages lack against answering", () => {
    assert.deepEqual(questionOrdinals("第十五届夏季奥林匹克运动会在哪一个地方举行?"), [["十五届", "15届"]]);
    assert.deepEqual(questionOrdinals("教宗亚历山大六世在哪里出生?"), [["六世", "6世"]]);
    assert.deepEqual(questionOrdinals("第2次会议"), [["2次", "二次"]]);
    assert.deepEqual(questionOrdinals("他三次获奖"), [], "a count is not an ordinal without 第");
    const q = "第十五届夏季奥林匹克运动会在哪一个地方举行?";
    const ws = [word("夏季", 0.4), word("奥林匹克", 0.6), word("运动会", 0.5)];
    const same = "第15届夏季奥林匹克运动会于赫尔辛基举行。";
    const other = "2009年夏季听障奥林匹克运动会在台北举行，是第二十一届。";
    assert.equal(readGate(input(ws, same, same, { question: q })).absentOrdinals, 0, "15届 is 十五届");
    const reading = readGate(input(ws, other, other, { question: q }));
    assert.equal(reading.absentOrdinals, 1);
    assert.ok(gateScore(reading) < gateScore({ ...reading, absentOrdinals: 0 }));
  });

  it("finds the question's noun compounds, and counts one the passages lack verbatim against answering even when they hold its words", () => {
    const tags = [{ word: "越南", tag: "ns" }, { word: "投资", tag: "vn" }, { word: "发展", tag: "vn" }, { word: "银行", tag: "n" }, { word: "的", tag: "uj" }, { word: "初名", tag: "x" }, { word: "是", tag: "v" }, { word: "什么", tag: "r" }];
    assert.deepEqual(questionCompounds(tags), ["越南投资发展银行"]);
    assert.deepEqual(questionCompounds([{ word: "日本", tag: "ns" }, { word: "是", tag: "v" }, { word: "汽车", tag: "n" }]), [], "a lone noun is not a compound");
    const ws = [word("越南", 0.5), word("投资", 0.4), word("发展", 0.3), word("银行", 0.4)];
    const other = "西贡商业信用银行成立于1991年，是越南第二大私营银行，投资发展迅速。";
    const same = "越南投资发展银行成立于1957年，初名越南建设银行。";
    assert.equal(readGate(input(ws, same, same, { compounds: ["越南投资发展银行"] })).absentCompounds, 0);
    const reading = readGate(input(ws, other, other, { compounds: ["越南投资发展银行"] }));
    assert.equal(reading.coverage, 1, "every word of the compound is there");
    assert.equal(reading.absentCompounds, 1);
    assert.ok(gateScore(reading) < gateScore({ ...reading, absentCompounds: 0 }));
  });

  it("counts the question's common words alike, so a text naming its rare subject only in passing reads as less answered", () => {
    // 「喀尔巴阡山脉的最高峰为？」: the passing mention holds the rare subject, not the words the question asks with.
    const ws = [word("喀尔巴阡山脉", 0.9), word("最高峰", 0.4)];
    const passing = "华沙距波罗的海和喀尔巴阡山脉大约350公里。";
    const answering = "喀尔巴阡山脉的最高峰是格尔拉赫峰，海拔2655米。";
    assert.equal(plainCoverage(passing, [...ws, word("1")]), 0.5, "numbers are left out, every other word counts alike");
    assert.equal(plainCoverage(answering, ws), 1);
    assert.ok(commonCoverage(passing, ws) < plainCoverage(passing, ws), "the common word counts more");
    assert.ok(readGate(input(ws, passing, passing)).coverage > 0.7, "rarity-weighted coverage alone reads the passing mention as well covered");
    assert.ok(gateScore(readGate(input(ws, answering, answering))) > gateScore(readGate(input(ws, passing, passing))));
    assert.equal(plainCoverage(passing, [word("2022")]), 1, "a question of numbers alone is left to the other readings");
  });
});
