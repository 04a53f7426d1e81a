import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { runNaiveEval } from "../../scripts/baselines/naive.js";
import { readEvalSet } from "../../src/eval/dataset.js";
import { BUNDLED_CORPUS, tempDir, testApp } from "../helpers/workspace.js";

const MINI = path.resolve(import.meta.dirname, "../../../test/fixtures/quality/mini-squad.json");

describe("the naive LangChain baseline of scripts/bench-quality", () => {
  it("runs the naive LangChain pipeline on the same set for reference (top chunk = answer = first citation)", async () => {
    const app = testApp(BUNDLED_CORPUS, tempDir());
    const report = await runNaiveEval(app.embedder.embeddings, app.logger, { set: await readEvalSet(MINI, "mini") });
    assert.equal(report.system, "naive LangChain");
    assert.equal(report.questions, 9);
    assert.equal(report.chunks, 5); // every context fits one 1000-character chunk
    assert.equal(report.answerHit, report.cite0Hit);
    assert.equal(report.shortAnswer.given, 0);
  });
});
