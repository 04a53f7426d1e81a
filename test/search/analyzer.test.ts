import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { englishStem, indexTerms } from "../../src/search/analyzer.js";
import { analyzer } from "../helpers/workspace.js";

describe("analyzer", () => {
  const { queryWords, fold } = analyzer();
  const texts = (q: string) => queryWords(q).map((w) => w.text);

  it("indexes CJK unigrams (without stop characters) and bigrams, words and numbers", () => {
    assert.deepEqual(indexTerms(fold("北京的高校 Schools 2023")), ["北", "北京", "京", "京的", "的高", "高", "高校", "校", "school", "2023"]);
    assert.equal(englishStem("universities"), "university");
  });

  it("keeps content words of a question and drops question and function words", () => {
    assert.deepEqual(texts("红色“1+1”党支部共建活动组织了多少个学生党支部？"), ["红色", "1+1", "党支部", "共建", "活动", "组织", "学生"]);
    assert.deepEqual(texts("哪一种网球比赛需要有3人参战？"), ["网球", "比赛", "需要", "3", "人", "参战"]);
    assert.deepEqual(texts("北京有几所高校在试点开设思政选修课？"), ["北京", "高校", "试点", "开设", "思政", "选修课"]);
    assert.deepEqual(texts("What is the capital of France?"), ["capital", "france"]);
  });

  it("drops the literary and Taiwanese question words DRCD asks with (何年, 何處, 何種, 甚麼, 第幾) and the 為 jieba glues to a noun before 誰", () => {
    assert.deepEqual(texts("德意志帝國於何年成立?"), ["德意志", "帝国", "成立"]);
    assert.deepEqual(texts("他死於何處?"), ["死"]);
    assert.deepEqual(texts("何種動物最大?"), ["动物", "最大"]);
    assert.deepEqual(texts("他是第幾任總統?"), ["总统"]);
    assert.deepEqual(texts("擊敗他的人為誰?"), ["击败", "人"]);
    assert.deepEqual(texts("1990年時誰是總統?"), ["1990", "总统"]);
    assert.deepEqual(texts("文中提及什麼細胞?"), ["细胞"]);
    assert.ok(!texts("這是甚麼東西?").includes("甚么"));
    assert.deepEqual(texts("哪吒是誰?"), ["哪咤"], "a name that starts like a question word stays, in its folded form too");
    assert.deepEqual(texts("人为因素是什么?"), ["人为因素"]);
  });

  it("reads how long, how far and how often as question words, not as words the text must hold", () => {
    assert.deepEqual(texts("How long is the warranty?"), ["warranty"]);
    assert.deepEqual(texts("How far can the robot travel?"), ["robot", "travel"]);
    assert.ok(texts("How old is the robot?").includes("old"), "how old keeps old: texts say 3 years old");
    assert.ok(texts("The long march").includes("long"), "long alone is a word");
  });

  it("segments the folded question, so Traditional and Simplified questions give the same words", () => {
    assert.deepEqual(texts("網絡宣講微博點擊量是多少？"), texts("网络宣讲微博点击量是多少？"));
  });

  it("marks proper names (places, people, organisations) and numbers", () => {
    const words = queryWords("上海市在2023年全国教育工作会议上交流了什么经验？");
    assert.deepEqual(words.filter((w) => w.entity).map((w) => w.text), ["上海市"]);
    assert.deepEqual(words.filter((w) => w.numeric).map((w) => w.text), ["2023"]);
  });
});
