import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chineseToEnglish, englishToChinese, wordForms } from "../../src/retrieve/translate.js";

describe("query translation", () => {
  const corpus = "26所高校试点开设思政选修课，组建100支团队奔赴22个省份的119个乡村，博物馆";
  const held = (word: string) => corpus.includes(word);

  it("turns an English question into Chinese words the documents hold, with the question word first", () => {
    const t = englishToChinese("How many universities piloted the elective course?", held)!;
    assert.ok(t.question.startsWith("多少"));
    const texts = t.words.map((w) => w.text);
    assert.ok(texts.includes("高校"), texts.join(" "));
    assert.ok(texts.includes("试点"), texts.join(" "));
    assert.ok(texts.includes("选修"), texts.join(" "));
  });

  it("keeps a translation the documents lack (so the question stays unanswered), drops common words the dictionary lacks, keeps names", () => {
    const t = englishToChinese("How many credits did Zorblax earn?", held)!;
    const texts = t.words.map((w) => w.text);
    assert.ok(texts.some((w) => /[\u4e00-\u9fff]/.test(w) && !held(w)), texts.join(" "));
    assert.ok(!texts.includes("earn") && !texts.includes("did"), texts.join(" "));
    assert.ok(texts.includes("zorblax"), texts.join(" "));
  });

  it("finds dictionary forms of derived and British words", () => {
    assert.ok(wordForms("revitalization").includes("revitalize"));
    assert.ok(wordForms("organis").includes("organize"));
    assert.ok(wordForms("went").includes("go"));
  });

  it("turns a Chinese question's words into English words the documents hold", () => {
    const english = "the city museum opens at nine";
    const t = chineseToEnglish("博物馆几点开门？", [{ text: "博物馆", weight: 1.5, numeric: false }], (w) => english.includes(w))!;
    assert.equal(t.words[0].text, "museum");
    assert.match(t.question, /^how many museum/);
  });

  it("gives up when nothing translates", () => {
    assert.equal(englishToChinese("Zorblax?", held), undefined);
  });
});
