import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { indexDeps } from "../../src/app.js";
import { AppError } from "../../src/errors.js";
import { readManifest } from "../../src/index/manifest.js";
import { addFiles, removeSources } from "../../src/pipeline/corpus-edit.js";
import { counting, DOCS, indexedWorkspace } from "../helpers/index-fixtures.js";
import { testApp } from "../helpers/workspace.js";

describe("adding and removing corpus files", () => {
  it("leaves the corpus as the published index has it when indexing an added file fails", async () => {
    const { ws, outside } = await indexedWorkspace();
    await fs.writeFile(path.join(outside, "a.txt"), "替换后的内容。");
    await fs.writeFile(path.join(outside, "new.txt"), "新文件的内容。");
    const before = (await readManifest(ws.index))!;
    await fs.rm(path.join(ws.index, "cache"), { recursive: true });
    const app = testApp(ws.corpus, ws.index, { embedder: counting(0) });
    await assert.rejects(addFiles([path.join(outside, "a.txt"), path.join(outside, "new.txt")], ws.corpus, ws.index, app.config.index, indexDeps(app), { replace: true }),
      (e: unknown) => e instanceof AppError);
    assert.deepEqual((await fs.readdir(ws.corpus)).sort(), ["a.txt", "b.md"]);
    assert.equal(await fs.readFile(path.join(ws.corpus, "a.txt"), "utf8"), DOCS["a.txt"]);
    assert.equal((await readManifest(ws.index))!.build, before.build);
  });

  it("copies into a subfolder given by `into` and removes by source", async () => {
    const { ws, outside } = await indexedWorkspace();
    await fs.writeFile(path.join(outside, "x.md"), "# 西湖\n\n西湖位于杭州市西部。");
    const app = testApp(ws.corpus, ws.index);
    const { outcomes, update } = await addFiles([path.join(outside, "x.md")], ws.corpus, ws.index, app.config.index, indexDeps(app), { into: "uploads" });
    assert.deepEqual(outcomes.map((o) => [o.source, o.status]), [["uploads/x.md", "added"]]);
    assert.deepEqual(update!.added.map((a) => [a.source, a.title]), [["uploads/x.md", "西湖"]]);
    const removed = await removeSources(["uploads/x.md"], ws.corpus, ws.index, app.config.index, indexDeps(app));
    assert.deepEqual(removed.removed.map((r) => r.source), ["uploads/x.md"]);
    assert.deepEqual(await fs.readdir(path.join(ws.corpus, "uploads")), []);
    await assert.rejects(removeSources(["a.txt", "b.md"], ws.corpus, ws.index, app.config.index, indexDeps(app)), { code: "CORPUS_EMPTY" });
  });
});
