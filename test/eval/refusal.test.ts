import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import type { Engine } from "../../src/engine.js";
import { evaluateRefusal, readRefusalSet, type RefusalItem } from "../../src/eval/refusal.js";
import { BUNDLED_CORPUS, tempDir, testApp } from "../helpers/workspace.js";

const FIXTURE = path.resolve(import.meta.dirname, "../../../test/fixtures/quality/refusal.jsonl");

describe("refusal calibration on the bundled corpus (test/fixtures/quality/refusal.jsonl)", () => {
  let engine: Engine;
  let items: RefusalItem[];
  before(async () => {
    engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
    items = await readRefusalSet(FIXTURE);
  });

  it("has at least 50 answerable and 50 unanswerable questions, Chinese and English", () => {
    const answerable = items.filter((i) => i.answerable);
    const unanswerable = items.filter((i) => !i.answerable);
    assert.ok(answerable.length >= 50 && unanswerable.length >= 50, `${answerable.length} / ${unanswerable.length}`);
    assert.ok(unanswerable.filter((i) => /^[\x20-\x7e]+$/.test(i.q)).length >= 10, "English unanswerables");
    assert.ok(unanswerable.filter((i) => /北京|教育|高校|学生|Beijing/.test(i.q)).length >= 20, "near-topic unanswerables");
    for (const i of answerable) assert.ok(i.answers && i.answers.length > 0, i.q);
  });

  it("refuses at least 95% of the unanswerable and at most 2% of the answerable questions", async () => {
    const report = await evaluateRefusal(engine, items);
    const wrong = report.wrong.map((w) => `${w.answerable ? "refused" : "answered"}: ${w.q}`).join("\n");
    assert.ok(report.recall >= 0.95, `refusal recall ${report.recall.toFixed(3)}\n${wrong}`);
    assert.ok(report.answerableRefused <= 0.02, `answerable refused ${report.answerableRefused.toFixed(3)}\n${wrong}`);
    assert.ok(report.precision >= 0.95, `refusal precision ${report.precision.toFixed(3)}`);
    assert.ok(report.answerHit >= 0.9, `answerable answered with the gold string ${report.answerHit.toFixed(3)}`);
  });

  for (const question of ["明天北京的天气怎么样？", "What is the capital of France?", "如何用Python写一个快速排序？"]) {
    it(`refuses: ${question}`, async () => {
      const answer = await engine.ask(question);
      assert.equal(answer.found, false);
      assert.deepEqual(answer.citations, []);
      assert.equal(answer.shortAnswer, undefined);
    });
  }
});
