import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runMain } from "../../../src/cli/main.js";
import { captureIo, workspace } from "../../helpers/workspace.js";

describe("citebot eval --json", () => {
  it("gives times to 0.1 ms, without the clock's noise digits", async () => {
    const ws = await workspace({ "mars.txt": "火星有两颗卫星，分别是火卫一和火卫二。", "jupiter.txt": "木星是太阳系最大的行星。" });
    const qa = path.join(ws.root, "qa.jsonl");
    await fs.writeFile(qa, '{"q": "火星有几颗卫星？", "answers": ["两颗"]}\n{"q": "太阳系最大的行星是哪颗？", "answers": ["木星"]}\n');
    const io = captureIo(ws.root);
    assert.equal(await runMain(["eval", "--qa", qa, "--corpus", ws.corpus, "--json"], io), 0, io.err());
    const report = JSON.parse(io.out());
    const times = [report.indexBuildMs, report.latencyMs.p50, report.latencyMs.p95, report.latencyMs.mean];
    for (const t of times) assert.match(String(t), /^\d+(\.\d)?$/);
    assert.equal(report.answerHit, 1, "the metrics themselves are left as they are");
  });
});
