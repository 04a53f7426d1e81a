import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import { DEFAULT_ENGINE, Engine } from "../../src/engine.js";
import { BUNDLED_CORPUS, BUNDLED_DOC, tempDir, testApp } from "../helpers/workspace.js";

describe("the refusal gate on the bundled corpus", () => {
  let engine: Engine;
  const app = testApp(BUNDLED_CORPUS, tempDir());
  const text = readFileSync(BUNDLED_DOC, "utf8").replace(/^\uFEFF/, "");
  before(async () => {
    engine = await openEngine(app);
  });

  for (const question of ["明天北京的天气怎么样？", "What is the capital of France?", "如何用Python写一个快速排序？", "北京大学现任校长是谁？"]) {
    it(`refuses: ${question}`, async () => {
      const answer = await engine.ask(question);
      assert.equal(answer.found, false);
      assert.deepEqual(answer.citations, []);
      assert.equal(answer.shortAnswer, undefined);
    });
  }

  it("answers what the document says, with the gold text", async () => {
    const cases: Array<[string, string]> = [
      ["2023年全国教育工作会议是在什么地方举行的？", "北京"],
      ["红色“1+1”党支部共建活动组织了多少个学生党支部？", "近2万个"],
      ["“电影中的党史课”是和哪个博物馆合作的？", "中国电影博物馆"],
      ["北京引导毕业生到哪些地方去就业？", "基层"],
    ];
    for (const [q, gold] of cases) {
      const answer = await engine.ask(q);
      assert.equal(answer.found, true, q);
      assert.ok(answer.answer.includes(gold), `${q} → ${answer.answer}`);
      assert.equal(answer.closest, undefined);
    }
  });

  it("gives a refused near-topic question the closest passage as a separate hint, never as a citation", async () => {
    const answer = await engine.ask("北京冬奥会的吉祥物叫什么名字？");
    assert.equal(answer.found, false);
    assert.deepEqual(answer.citations, []);
    assert.ok(answer.closest, "a hint");
    assert.equal(answer.closest.text, text.slice(answer.closest.start, answer.closest.end));
    assert.ok(!answer.answer.includes(answer.closest.text));
    for (const q of ["What is the capital of France?", "火星上有没有水？"]) assert.equal((await engine.ask(q)).closest, undefined, `${q}: nothing close enough to show`);
  });

  it("keeps the legacy gate as a setting, for before/after runs", async () => {
    const legacy = new Engine({ index: engine.index, analyzer: app.analyzer, embedder: app.embedder, logger: app.logger }, { ...DEFAULT_ENGINE, gate: { ...DEFAULT_ENGINE.gate, kind: "legacy" } });
    assert.equal((await legacy.ask("What is the capital of France?")).found, false);
    assert.equal((await legacy.ask("红色“1+1”党支部共建活动组织了多少个学生党支部？")).found, true);
  });
});
