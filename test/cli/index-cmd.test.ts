import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { indexedWorkspace } from "../helpers/index-fixtures.js";
import { captureIo } from "../helpers/workspace.js";

describe("citebot index", () => {
  it("updates only what changed by default, rebuilds with --full, and prints what changed as JSON", async () => {
    const { ws, common } = await indexedWorkspace();
    await fs.writeFile(path.join(ws.corpus, "c.txt"), "海王星是距离太阳最远的行星。");
    const io = captureIo(ws.root);
    assert.equal(await runMain(["index", "--json", ...common], io), 0);
    const update = JSON.parse(io.out());
    assert.deepEqual([update.added.map((a: { source: string }) => a.source), update.changed, update.removed, update.unchanged, update.segments], [["c.txt"], [], [], 2, 2]);
    const full = captureIo(ws.root);
    assert.equal(await runMain(["index", "--full", "--json", ...common], full), 0);
    const rebuilt = JSON.parse(full.out());
    assert.deepEqual([rebuilt.files, rebuilt.segments, rebuilt.added.length], [3, 1, 3]);
    const again = captureIo(ws.root);
    assert.equal(await runMain(["index", ...common], again), 0);
    assert.match(again.out(), /^Index up to date: 3 files \(\d+ chunks\) → /);
  });
});
