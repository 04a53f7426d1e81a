import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { readEvalSet } from "../../src/eval/dataset.js";
import { formatReport, markdownTable } from "../../src/eval/report.js";
import { runEval } from "../../src/eval/run.js";
import { BUNDLED_CORPUS, captureIo, tempDir, testApp } from "../helpers/workspace.js";

const MINI = path.resolve(import.meta.dirname, "../../../test/fixtures/quality/mini-squad.json");

describe("citebot eval", () => {
  it("indexes each SQuAD context as a document and scores retrieval, answers and short answers", async () => {
    const app = testApp(BUNDLED_CORPUS, tempDir());
    const set = await readEvalSet(MINI, "mini");
    const report = await runEval(app, { set, details: true });
    assert.equal(report.questions, 9);
    assert.equal(report.documents, 5);
    assert.equal(report.retrieval.recallAt1, 1);
    assert.equal(report.retrieval.recallAt20, 1);
    // "哪一年开始修建" against "始建于1406年" is paraphrase the lexical gate refuses; everything else is answered
    assert.ok(report.answerHit >= 8 / 9, `answer-hit ${report.answerHit}`);
    assert.ok(report.cite0Hit >= 8 / 9);
    assert.ok(report.refusalRate <= 1 / 9);
    assert.ok(report.shortAnswer.given >= 0.5, `shortAnswer given ${report.shortAnswer.given}`);
    assert.ok(report.shortAnswer.em > 0 && report.shortAnswer.f1 >= report.shortAnswer.em);
    assert.ok(report.indexBuildMs > 0 && report.latencyMs.p95 >= report.latencyMs.p50 && report.latencyMs.p50 > 0);
    assert.ok(report.answerChars.max <= 200);
    // a Simplified question over Traditional text is answered with the Traditional source verbatim
    const crossScript = report.records!.find((r) => r.id === "q6")!;
    assert.equal(crossScript.answerHit, true);
    assert.match(crossScript.answer, /臺北帝國大學/);
    assert.match(formatReport(report), /source Recall@1\s+1\.000/);
    assert.match(markdownTable([{ label: "mini", report }]), /^\| metric \| mini \|\n\|---\|---\|\n\| questions \| 9 \|/);
  });

  it("asks JSON-lines questions against a corpus; a retrieved chunk holding a gold answer is a relevant source", async () => {
    const app = testApp(BUNDLED_CORPUS, tempDir());
    const set = { name: "j", kind: "jsonl" as const, items: [
      { id: "a", question: "红色“1+1”党支部共建活动组织了多少个学生党支部？", answers: ["近2万个"] },
      { id: "b", question: "宣讲活动覆盖了多少名师生？", answers: ["近50万名师生"] },
      { id: "c", question: "What is the capital of France?", answers: ["Paris"] },
    ] };
    const report = await runEval(app, { set, corpusDir: BUNDLED_CORPUS, details: true });
    assert.equal(report.documents, 1);
    assert.deepEqual(report.records!.map((r) => [r.id, r.rank > 0, r.answerHit, r.found]), [["a", true, true, true], ["b", true, true, true], ["c", false, false, false]]);
    assert.equal(report.records![0].shortAnswer, "近2万个");
    assert.equal(report.records![0].em, 1);
    assert.ok(Math.abs(report.refusalRate - 1 / 3) < 1e-9);
  });

  it("scores questions without answers apart: the share refused, every other figure over the answerable ones", async () => {
    const app = testApp(BUNDLED_CORPUS, tempDir());
    const set = { name: "j", kind: "jsonl" as const, items: [
      { id: "a", question: "红色“1+1”党支部共建活动组织了多少个学生党支部？", answers: ["近2万个"] },
      { id: "b", question: "What is the capital of France?", answers: [] },
      { id: "c", question: "红色“1+1”党支部共建活动组织了多少个学生党支部？", answers: [] },
    ] };
    const report = await runEval(app, { set, corpusDir: BUNDLED_CORPUS, details: true });
    assert.equal(report.questions, 1);
    assert.deepEqual([report.answerHit, report.refusalRate, report.retrieval.recallAt1], [1, 0, 1]);
    assert.deepEqual(report.unanswerable, { questions: 2, refused: 0.5 });
    assert.equal(report.records!.length, 3);
    assert.match(formatReport(report), /\n\s+refusal rate \(answerable\)\s+0\.000\n\s+unanswerable questions \/ refused\s+2 \/ 0\.500\n/);
  });

  it("is a CLI command: a table for people, JSON with --json, usage errors exit 2", async () => {
    const cwd = tempDir();
    const table = captureIo(cwd);
    assert.equal(await runMain(["eval", "--qa", MINI, "--limit", "3"], table), 0);
    assert.match(table.out(), /citebot on mini-squad\.json\n\s+questions\s+3\n/);
    assert.match(table.out(), /latency p50 \/ p95/);

    const json = captureIo(cwd);
    assert.equal(await runMain(["eval", "--qa", MINI, "--json", "-k", "2"], json), 0);
    const report = JSON.parse(json.out());
    assert.equal(report.questions, 9);
    assert.equal(typeof report.retrieval.mrrAt10, "number");
    assert.equal(report.records, undefined);

    const jsonl = path.join(cwd, "q.jsonl");
    await fs.writeFile(jsonl, '{"q": "宣讲活动覆盖了多少名师生？", "answers": ["近50万名师生"]}\n');
    const lines = captureIo(cwd);
    assert.equal(await runMain(["eval", "--qa", "q.jsonl", "--corpus", BUNDLED_CORPUS, "--json", "--details"], lines), 0);
    assert.equal(JSON.parse(lines.out()).records[0].answerHit, true);

    const missing = captureIo(cwd);
    assert.equal(await runMain(["eval"], missing), 2);
    assert.match(missing.err(), /--qa FILE is required/);
    const badLimit = captureIo(cwd);
    assert.equal(await runMain(["eval", "--qa", MINI, "--limit", "0"], badLimit), 2);
    const unreadable = captureIo(cwd);
    assert.equal(await runMain(["eval", "--qa", path.join(cwd, "nope.json")], unreadable), 1);
    assert.match(unreadable.err(), /EVAL_INPUT_INVALID/);
  });
});
