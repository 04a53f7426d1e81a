import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import type { Engine } from "../../src/engine.js";
import { createFold, createFoldTable, foldFromTable, foldTableOf } from "../../src/search/fold.js";
import { analyzer, tempDir, testApp, workspace } from "../helpers/workspace.js";

describe("folding (search representation only)", () => {
  const { fold } = analyzer();

  it("maps every UTF-16 unit to one unit: Traditional → Simplified, width, case, quotes", () => {
    for (const s of ["紅色「1+1」黨支部", "ＡＢＣ１２３！", "網絡宣講微博點擊量", "𠀀 emoji 😀 mixed 漢字"]) assert.equal(fold(s).length, s.length, s);
    assert.equal(fold("紅色「1+1」黨支部"), fold("红色“1+1”党支部"));
    assert.equal(fold("ＡＢＣ１２３"), "abc123");
    assert.equal(fold("臺灣大學"), "台湾大学");
    assert.equal(fold("\u3000"), " ");
  });

  it("leaves Simplified text as it is (么 is not turned into 幺)", () => {
    for (const s of ["什么", "怎么样", "红色“1+1”党支部", "北京市深入实施时代新人铸魂工程"]) assert.equal(fold(s).replace(/"/g, "“"), s.replace(/”/g, "“"));
    assert.equal(fold("什麼"), "什么");
  });

  it("is its table: a fold rebuilt from the table, or the table read back from the fold, is the same", () => {
    const table = createFoldTable();
    assert.deepEqual(foldTableOf(createFold()), table);
    assert.deepEqual(foldTableOf(fold), table);
    const rebuilt = foldFromTable(table);
    for (const s of ["紅色「1+1」黨支部", "ＡＢＣ１２３！", "𠀀 emoji 😀 mixed 漢字 \ud800 lone"]) assert.equal(rebuilt(s), fold(s));
    assert.throws(() => foldTableOf((s) => s.slice(1)), /one unit/);
  });
});

describe("cross-script retrieval with verbatim citations", () => {
  const SIMPLIFIED = "北京市连续17年开展红色“1+1”党支部共建活动，组织近2万个学生党支部走进乡村、社区一线。\n\n乡村振兴行动计划组建100支团队奔赴22个省份。\n";
  const TRADITIONAL = "臺北市連續十年舉辦紅色「1+1」黨支部交流活動，共有三百個學生黨支部參加，走進偏鄉社區。\n\n本市另辦理國際教育論壇，邀請十國學者與會。\n";
  let engine: Engine;
  before(async () => {
    const ws = await workspace({ "simplified.txt": SIMPLIFIED, "traditional.txt": TRADITIONAL });
    engine = await openEngine(testApp(ws.corpus, tempDir()));
  });

  it("a Traditional question finds the Simplified passage and cites it verbatim", async () => {
    const answer = await engine.ask("紅色「1+1」黨支部共建活動組織了多少個學生黨支部？");
    assert.equal(answer.found, true);
    const c = answer.citations[0];
    assert.equal(c.source, "simplified.txt");
    assert.equal(c.text, SIMPLIFIED.slice(c.start, c.end));
    assert.match(c.text, /红色“1\+1”党支部共建活动/);
    assert.equal(answer.shortAnswer, "近2万个");
  });

  it("a Simplified question finds the Traditional passage and cites it verbatim", async () => {
    const answer = await engine.ask("红色“1+1”党支部交流活动有多少个学生党支部参加？");
    assert.equal(answer.found, true);
    const c = answer.citations[0];
    assert.equal(c.source, "traditional.txt");
    assert.equal(c.text, TRADITIONAL.slice(c.start, c.end));
    assert.match(c.text, /紅色「1\+1」黨支部交流活動/);
    assert.match(answer.answer, /三百個學生黨支部/);
  });
});
