import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import { answerType, fitsType, TYPE_PATTERNS } from "../../src/answer/answer-type.js";
import { coverage, questionBigrams, rareCoverage, wordMatch } from "../../src/answer/evidence.js";
import { splitSentences } from "../../src/lang/sentences.js";
import type { Engine } from "../../src/engine.js";
import { analyzer, BUNDLED_CORPUS, BUNDLED_DOC, tempDir, testApp, workspace } from "../helpers/workspace.js";

describe("evidence scoring", () => {
  const { fold, queryWords } = analyzer();

  it("reads the kind of answer a question asks for", () => {
    const cases: Array<[string, string]> = [
      ["红色“1+1”党支部共建活动组织了多少个学生党支部？", "quantity"],
      ["故宫的占地面积有多大？", "quantity"],
      ["生产过众多大型舰船的造船厂是哪一间？", "thing"],
      ["清华大学是哪一年建校的？", "time"],
      ["什么时期的欧洲学者爱好使用天城体？", "time"],
      ["2023年全国教育工作会议开了哪几天？", "time"],
      ["怀进鹏担任什么职务？", "role"],
      ["谁发明了电话？", "person"],
      ["乌石渔港在哪里？", "place"],
      ["北京打造了哪些思政课品牌？", "thing"],
      ["北京为什么要联合国家大剧院打造特色课程？", "other"],
    ];
    for (const [q, type] of cases) assert.equal(answerType(fold(q)), type, q);
  });

  it("credits whole words, then bigrams of long words, then single characters", () => {
    const w = (text: string) => ({ text, weight: 1, numeric: /^\d+$/.test(text) });
    assert.equal(wordMatch("组织近2万个学生党支部", w("党支部")), 1);
    assert.equal(wordMatch("关岛原住民自4,000年前即居住于岛上", w("4000")), 1);
    assert.equal(wordMatch("北京冬奥会", w("冬奥精神")), 0.5 / 3);
    assert.equal(wordMatch("始建于1406年", w("修建")), 0.125);
    assert.equal(wordMatch("北京", w("上海")), 0);
    assert.ok(coverage("组织近2万个学生党支部", queryWords("组织了多少个学生党支部？")) === 1);
  });

  it("weights the refusal gate by rarity: missing a rare word costs more than missing a common one", () => {
    const words = [{ text: "怀进鹏", weight: 1.5, numeric: false, rarity: 0.7 }, { text: "出生", weight: 1, numeric: false, rarity: 1 }];
    const common = [{ text: "怀进鹏", weight: 1.5, numeric: false, rarity: 0.7 }, { text: "出生", weight: 1, numeric: false, rarity: 0.1 }];
    assert.ok(rareCoverage("部长怀进鹏出席会议", words) < rareCoverage("部长怀进鹏出席会议", common));
  });

  it("asks for a number next to the question's words, and a date anywhere in their sentence", () => {
    const words = queryWords("北京一共有多少所中小学？");
    assert.equal(fitsType(fold("发挥首都“四个中心”资源优势,组织市内高校智库,建设大中小学思政课一体化基地。"), words, TYPE_PATTERNS.quantity!, 1), false);
    assert.equal(fitsType(fold("北京共有中小学1800余所。"), words, TYPE_PATTERNS.quantity!, 1), true);
    const time = queryWords("國民政府自什麼時候開始實行省及縣兩級制度?");
    assert.equal(fitsType(fold("民國18年，國民政府通令廢道，實行省、縣兩級制。"), time, TYPE_PATTERNS.time!), true);
  });

  it("takes character bigrams of the question without its question words", () => {
    assert.deepEqual(questionBigrams(fold("谁发明了电话？")), ["发明", "明了", "了电", "电话"]);
  });
});

describe("evidence excerpts over the bundled corpus", () => {
  let engine: Engine;
  const text = readFileSync(BUNDLED_DOC, "utf8");
  before(async () => {
    engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
  });

  it("quotes at most about 200 source characters, never a whole multi-sentence chunk, always verbatim", async () => {
    const chunks = new Map(engine.index.chunks.map((c) => [c.id, c]));
    const sentences = splitSentences(text).map((s) => text.slice(s.start, s.end)).filter((s) => s.length > 16);
    let checked = 0;
    for (const sentence of sentences) {
      const answer = await engine.ask(`${sentence.slice(2, 16)}是什么？`);
      if (!answer.found) continue;
      assert.ok(answer.answer.replace(/\[\d+\]/g, "").length <= 205, answer.answer);
      for (const c of answer.citations) {
        assert.equal(c.text, text.slice(c.start, c.end));
        const chunk = chunks.get(c.chunkId)!;
        assert.ok(c.text.length <= 200);
        if (splitSentences(chunk.text).length > 1) assert.ok(!(c.start <= chunk.start && c.end >= chunk.end), `whole chunk quoted: ${c.text}`);
      }
      checked++;
    }
    assert.ok(checked > 20, `only ${checked} answered`);
  });

  it("puts the sentence with the number asked for into the answer and names it", async () => {
    const answer = await engine.ask("服务乡村振兴的团队一共奔赴了多少个乡村？");
    assert.match(answer.answer, /119个乡村/);
    assert.equal(answer.shortAnswer, "119个");
    assert.ok(answer.citations[0].text.includes(answer.shortAnswer!));
  });
});

describe("evidence excerpts stay in their paragraph", () => {
  it("a short paragraph before or after the answer (an HTML <p>) is not pulled into the excerpt; a heading still may be", async () => {
    const ws = await workspace({
      "notice.html":
        "<h1>票价调整</h1><p>本馆今年新增两个展厅。</p><p>自2024年5月1日起，成人票价调整为&euro;25，儿童票价为&euro;12.5。</p><p>请提前预约。</p>" +
        "<h2>开放时间</h2><p>每天九点开馆，十七点闭馆，周一闭馆，节假日照常开放。</p>",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const price = await engine.ask("成人票价调整为多少？");
    assert.equal(price.citations[0]?.text, "自2024年5月1日起，成人票价调整为€25，儿童票价为€12.5。");
    const hours = await engine.ask("节假日照常开放吗？");
    assert.match(hours.citations[0]?.text ?? "", /^(开放时间\n\n)?每天九点开馆/);
  });
});
