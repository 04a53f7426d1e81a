import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import { relativeDay, speaksOf } from "../../src/answer/relative-day.js";
import { Engine } from "../../src/engine.js";
import { analyzer, BUNDLED_DOC, testApp, workspace } from "../helpers/workspace.js";

const { fold } = analyzer();
/** 2026-12-07, local time: the day the questions below are asked. */
const TODAY = new Date(2026, 11, 7);
const day = (question: string) => relativeDay(fold(question), TODAY);
const speaks = (passage: string, question: string) => speaksOf(fold(passage), day(question)!);

describe("a day named relative to today", () => {
  it("is read from the question's words, in Chinese (Simplified or Traditional) and English; 今天 and 现在 name no day", () => {
    assert.deepEqual(["明天的天气怎么样？", "後天會下雨嗎？", "大后天是星期几？", "昨天发生了什么？", "前天的比分是多少？", "Will it rain tomorrow?", "What happened the day before yesterday?"].map((q) => day(q)?.offset), [1, 2, 3, -1, -2, 1, -2]);
    assert.equal(day("明天的天气怎么样？")!.date.getDate(), 8);
    assert.deepEqual(["今天的路口镇是由哪两个乡镇合并的？", "蒋巨峰现在的职务是什么？", "北京的天气怎么样？"].map(day), [undefined, undefined, undefined]);
  });

  it("is spoken of by a word for it, or by its date in Chinese, ISO or English form", () => {
    assert.equal(speaks("明天多云转阴，有零星小雨。", "明天的天气怎么样？"), true);
    assert.equal(speaks("今天白天晴转多云，北风三四级。", "明天的天气怎么样？"), false, "today's forecast is not tomorrow's");
    assert.equal(speaks("12月8日，多云转阴。", "明天的天气怎么样？"), true);
    assert.equal(speaks("2026-12-08: light rain.", "Will it rain tomorrow?"), true);
    assert.equal(speaks("Forecast for December 8: light rain.", "Will it rain tomorrow?"), true);
    assert.equal(speaks("大后天有雨。", "后天会下雨吗？"), false, "大后天 is not 后天");
    assert.equal(speaks("The day after tomorrow brings rain.", "Will it rain tomorrow?"), false);
  });

  it("is not spoken of by a text dated another day: its 明天 is that day's tomorrow", () => {
    assert.equal(speaks("2023年3月5日发布：明天多云转阴。", "明天的天气怎么样？"), false);
    assert.equal(speaks("3月6日，多云转阴，有零星小雨。", "明天的天气怎么样？"), false);
    assert.equal(speaks("12月7日发布：明天多云转阴。", "明天的天气怎么样？"), true, "dated today, its 明天 is tomorrow");
    assert.equal(speaksOf(fold("明天多云转阴。"), day("明天的天气怎么样？")!, fold("2023年3月5日发布天气预报")), false, "dated so in its document's opening");
  });
});

describe("questions about a day named relative to today", () => {
  const FORECAST = "北京市气象台2023年3月5日发布天气预报\n\n今天白天晴转多云，北风三四级，最高气温15℃；夜间多云，最低气温2℃。\n\n3月6日，多云转阴，有零星小雨，最高气温12℃，最低气温3℃。空气质量良。\n";
  const engineOn = async (files: Record<string, string>, today: Date) => {
    const ws = await workspace(files);
    const app = testApp(ws.corpus, ws.index);
    const opened = await openEngine(app);
    return new Engine({ index: opened.index, analyzer: app.analyzer, embedder: app.embedder, logger: app.logger, today: () => today });
  };

  it("are not answered from a forecast of another day", async () => {
    const engine = await engineOn({ "weather.txt": FORECAST, "education.txt": readFileSync(BUNDLED_DOC, "utf8") }, TODAY);
    for (const question of ["明天的天气怎么样？", "明天北京的天气怎么样？"]) {
      const answer = await engine.ask(question);
      assert.equal(answer.found, false, question);
      assert.deepEqual(answer.citations, []);
    }
    assert.equal((await engine.ask("北京的天气怎么样？")).found, true, "a question naming no day is answered as before");
  });

  it("are answered from the sentence that speaks of that day, not from the day beside it, unless the text is dated another day", async () => {
    const forecast = "北京市气象台发布天气预报：今天白天晴转多云，北风三四级，最高气温15℃。明天多云转阴，有零星小雨，最高气温12℃，最低气温3℃。\n";
    const undated = await engineOn({ "weather.txt": forecast }, TODAY);
    for (const question of ["明天的天气怎么样？", "明天北京的天气怎么样？"]) {
      const answer = await undated.ask(question);
      assert.equal(answer.found, true, question);
      assert.match(answer.citations[0].text, /明天多云转阴/, question);
    }
    const datedToday = await engineOn({ "weather.txt": `2026年12月7日\n\n${forecast}` }, TODAY);
    assert.match((await datedToday.ask("明天北京的天气怎么样？")).citations[0]?.text ?? "", /明天多云转阴/);
    const datedBefore = await engineOn({ "weather.txt": `2023年3月5日\n\n${forecast}` }, TODAY);
    assert.equal((await datedBefore.ask("明天北京的天气怎么样？")).found, false);
  });
});
