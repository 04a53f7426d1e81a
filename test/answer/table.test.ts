import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import type { Evidence } from "../../src/answer/answerer.js";
import { Citer } from "../../src/answer/cite.js";
import { extractiveAnswer } from "../../src/answer/extractive.js";
import { columnCell, rowHeader } from "../../src/answer/table.js";
import { analyzer, testApp, workspace } from "../helpers/workspace.js";

const { fold } = analyzer();
const cellOf = (text: string, row: string, question: string) => {
  const found = columnCell(text, text.indexOf(row), fold(question), fold);
  return found && text.slice(found.cell.start, found.cell.end);
};

describe("table cells under the column a question names", () => {
  const markdown = "## 主要指标\n\n| 指标 | 2023年 | 2024年 |\n|---|:---:|---|\n| 员工人数 | 1200人 | 1350人 |\n| 营业收入 | **3.2亿元** | 4.1亿元 |\n";

  it("takes the cell under the named column of a Markdown table, its alignment row and emphasis aside", () => {
    assert.equal(cellOf(markdown, "| 员工人数", "2024年员工人数是多少？"), "1350人");
    assert.equal(cellOf(markdown, "| 员工人数", "2023年员工人数是多少？"), "1200人");
    assert.equal(cellOf(markdown, "| 营业收入", "2023年的营业收入是多少？"), "3.2亿元");
  });

  it("reads the extractors' ' | ' rows, tab-separated and comma-separated tables, and Traditional script", () => {
    assert.equal(cellOf("指標 | 2023年 | 2024年\n員工人數 | 1200人 | 1350人\n", "員工", "2024年員工人數是多少？"), "1350人");
    assert.equal(cellOf("指标\t2023年\t2024年\n员工人数\t1200人\t1350人\n", "员工", "2024年员工人数是多少？"), "1350人");
    assert.equal(cellOf("指标,2023,2024\n员工人数,1200,1350\n", "员工", "2024年员工人数是多少？"), "1350");
  });

  it("names no cell when the question names no column or two of them, for the header row, or outside a table", () => {
    assert.equal(cellOf(markdown, "| 员工人数", "员工人数是多少？"), undefined);
    assert.equal(cellOf(markdown, "| 员工人数", "2024年比2023年多了多少员工？"), undefined);
    assert.equal(cellOf(markdown, "| 指标", "2024年员工人数是多少？"), undefined);
    const prose = "北京市认真学习贯彻党的二十大精神,深入落实,聚焦立德树人根本任务。\n2024年,全市高校,全覆盖开设必修课。\n";
    assert.equal(cellOf(prose, "2024年", "2024年全市高校开设了什么？"), undefined);
  });

  it("takes the one column a question's words or kind of answer point to when it names none", () => {
    const cities = "| 城市 | 人口 | 面积 | 建城年份 |\n|---|---|---|---|\n| 临川 | 420万人 | 1800平方公里 | 1368年 |\n";
    assert.equal(cellOf(cities, "| 临川", "临川建城于哪一年？"), "1368年");
    assert.equal(cellOf(cities, "| 临川", "临川是哪一年建立的？"), "1368年");
    const people = "| 项目 | 负责人 | 预算 |\n| 东湖治理 | 王明 | 300万元 |\n";
    assert.equal(cellOf(people, "| 东湖", "东湖治理由谁牵头？"), "王明");
    const english = "| City | Founded | Population | Area |\n| Linchuan | 1368 | 4,200,000 | 1,800 km |\n";
    assert.equal(cellOf(english, "| Linchuan", "When was Linchuan founded?"), "1368");
  });

  it("names no cell when two columns could answer a question that names none", () => {
    const cities = "| 城市 | 人口 | 面积 |\n|---|---|---|\n| 临川 | 420万人 | 1800平方公里 |\n";
    assert.equal(cellOf(cities, "| 临川", "临川有多大？"), undefined);
    const english = "| City | Population | Area |\n| Linchuan | 4,200,000 | 1,800 km |\n";
    assert.equal(cellOf(english, "| Linchuan", "How many square kilometres is Linchuan?"), undefined);
  });

  it("gives no short answer from a row when it cannot tell the column, rather than the row's first number", () => {
    const text = "Cities\n\n| City | Population | Area |\n|---|---|---|\n| Linchuan | 4,200,000 | 1,800 km |\n";
    const row = "| Linchuan | 4,200,000 | 1,800 km |";
    const citer = new Citer({ docs: [{ source: "c.md", title: "Cities", text }] });
    // The chunk may hold the row without its header.
    const evidence = (): Evidence => ({ citation: citer.cite("c.md", text.indexOf(row), text.indexOf(row) + row.length, 0.5, "c1"), passage: row, passageStart: text.indexOf(row), passageEnd: text.indexOf(row) + row.length, score: 1 });
    assert.equal(extractiveAnswer("How many square kilometres is Linchuan?", [evidence()], fold, 200).shortAnswer, undefined);
    assert.equal(extractiveAnswer("How many km is Linchuan?", [evidence()], fold, 200).shortAnswer, "1,800 km");
  });

  it("answers with the named column's cell, quoting the whole row", async () => {
    const ws = await workspace({
      "report.md": `# 星海科技年度报告\n\n星海科技是一家位于杭州的软件公司，主要从事企业数据服务。\n\n${markdown}\n公司计划在2025年继续扩大研发团队。\n`,
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const latest = await engine.ask("2024年员工人数是多少？");
    assert.equal(latest.citations[0]?.text, "| 员工人数 | 1200人 | 1350人 |");
    assert.equal(latest.shortAnswer, "1350人");
    assert.equal((await engine.ask("2023年员工人数是多少？")).shortAnswer, "1200人");
    assert.equal((await engine.ask("2024年营业收入是多少？")).shortAnswer, "4.1亿元");
  });

  it("counts the header's year as the row's for an English question (the row alone never names 2024)", async () => {
    const ws = await workspace({
      "report.md": "Annual report\n\nStarsea Software is a data company based in Leeds.\n\n| Metric | 2023 | 2024 |\n|---|---|---|\n| Employees | 1,200 | 1,350 |\n| Revenue | $32m | $41m |\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("How many employees were there in 2024?");
    assert.equal(answer.found, true);
    assert.equal(answer.citations[0]?.text, "| Employees | 1,200 | 1,350 |");
    assert.equal(answer.shortAnswer, "1,350");
  });
});

describe("a table row read with its header", () => {
  const COUNTRIES = "name,capital,population\nGermany,Berlin,83200000\nFrance,Paris,68000000\nItaly,Rome,58900000\nSpain,Madrid,48000000\nNorway,Oslo,5500000\n";
  const headerOf = (text: string, row: string, source = "t.txt") => {
    const h = rowHeader(text, text.indexOf(row), source);
    return h && text.slice(h.start, h.end);
  };

  it("knows a header by its Markdown alignment row, as a CSV or TSV file's first line, or by naming a column of digits without any", () => {
    assert.equal(headerOf("| 城市 | 简称 | 别名 |\n|---|---|---|\n| 临海 | 台 | 台州府 |\n", "| 临海"), "| 城市 | 简称 | 别名 |");
    assert.equal(headerOf("name,capital,continent\nFrance,Paris,Europe\n", "France", "countries.csv"), "name,capital,continent");
    assert.equal(headerOf(COUNTRIES, "Norway"), "name,capital,population");
    assert.equal(headerOf(COUNTRIES, "name,"), undefined, "the header is no row under a header");
    assert.equal(headerOf("Germany,Berlin,83200000\nFrance,Paris,68000000\n", "France"), undefined, "a first line of values may be a row like the others");
    assert.equal(headerOf("name,capital,continent\nFrance,Paris,Europe\n", "France"), undefined, "nothing says the first line of a text file is a header");
  });

  it("cites the row an English question asks about over a CSV or TSV file, not its header row", async () => {
    const ws = await workspace({ "countries.csv": COUNTRIES, "capitals.tsv": "country\tcapital\tcontinent\nPeru\tLima\tSouth America\nKenya\tNairobi\tAfrica\nJapan\tTokyo\tAsia\n" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    for (const [question, row, cell] of [
      ["What is the capital of Norway?", "Norway,Oslo,5500000", "Oslo"],
      ["What is the population of France?", "France,Paris,68000000", "68000000"],
      ["What is the capital of Kenya?", "Kenya\tNairobi\tAfrica", "Nairobi"],
    ]) {
      const answer = await engine.ask(question);
      assert.equal(answer.found, true, question);
      assert.deepEqual(answer.citations.map((c) => c.text), [row], question);
      assert.equal(answer.shortAnswer, cell, question);
    }
  });
});
