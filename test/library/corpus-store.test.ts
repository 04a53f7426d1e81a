import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { indexDeps } from "../../src/app.js";
import { AppError } from "../../src/errors.js";
import { readManifest } from "../../src/index/manifest.js";
import { addFiles, changeCorpus, removeSources } from "../../src/library/corpus-store.js";
import { counting, DOCS, indexedWorkspace } from "../helpers/index-fixtures.js";
import { testApp, workspace } from "../helpers/workspace.js";

const listing = async (dir: string) => (await fs.readdir(dir, { recursive: true })).map(String).sort();

describe("the corpus store", () => {
  it("leaves the corpus as the published index has it when indexing an added file fails", async () => {
    const { ws, outside } = await indexedWorkspace();
    await fs.writeFile(path.join(outside, "a.txt"), "替换后的内容。");
    await fs.writeFile(path.join(outside, "new.txt"), "新文件的内容。");
    const before = (await readManifest(ws.index))!;
    await fs.rm(path.join(ws.index, "cache"), { recursive: true });
    const app = testApp(ws.corpus, ws.index, { embedder: counting(0) });
    await assert.rejects(addFiles([path.join(outside, "a.txt"), path.join(outside, "new.txt")], ws.corpus, ws.index, app.config.index, indexDeps(app), { replace: true }),
      (e: unknown) => e instanceof AppError);
    assert.deepEqual(await listing(ws.corpus), ["a.txt", "b.md"], "nothing added, nothing hidden left behind");
    assert.equal(await fs.readFile(path.join(ws.corpus, "a.txt"), "utf8"), DOCS["a.txt"]);
    assert.equal((await readManifest(ws.index))!.build, before.build);
  });

  it("removes by source; an unknown source and removing every document are refused", async () => {
    const { ws } = await indexedWorkspace();
    const app = testApp(ws.corpus, ws.index);
    const removed = await removeSources(["b.md"], ws.corpus, ws.index, app.config.index, indexDeps(app));
    assert.deepEqual(removed.removed.map((r) => r.source), ["b.md"]);
    assert.deepEqual(await listing(ws.corpus), ["a.txt"]);
    await assert.rejects(removeSources(["a.txt"], ws.corpus, ws.index, app.config.index, indexDeps(app)), { code: "CORPUS_EMPTY" });
    await assert.rejects(removeSources(["b.md"], ws.corpus, ws.index, app.config.index, indexDeps(app)), { code: "SOURCE_UNKNOWN" });
  });

  it("undoes a change whose index update never ran: stored files go, replaced and removed ones come back", async () => {
    const ws = await workspace({ "old.txt": "旧版本。", "gone.txt": "将被删除。" });
    await assert.rejects(changeCorpus(ws.corpus, async (change) => {
      await change.stage("uploads/new.txt", Buffer.from("新文件。"));
      await change.stage("old.txt", Buffer.from("新版本。"));
      assert.equal(await change.store("uploads/new.txt"), false);
      assert.equal(await change.store("old.txt", { replace: true }), true);
      assert.equal(await change.remove("gone.txt"), true);
      assert.equal(await change.remove("never.txt"), false);
      assert.equal(await fs.readFile(path.join(ws.corpus, "old.txt"), "utf8"), "新版本。");
      throw new Error("the update failed");
    }), /the update failed/);
    assert.deepEqual(await listing(ws.corpus), ["gone.txt", "old.txt", "uploads"]);
    assert.equal(await fs.readFile(path.join(ws.corpus, "old.txt"), "utf8"), "旧版本。");
  });

  it("never stores over another file unless asked, and keeps nothing hidden once the update succeeded", async () => {
    const ws = await workspace({ "a.txt": "原文。", "b.txt": "将被删除。" });
    await assert.rejects(changeCorpus(ws.corpus, async (change) => {
      await change.stage("a.txt", Buffer.from("另一个。"));
      await change.store("a.txt");
    }), { name: "LibraryError", reason: "exists", code: "DOCUMENT_EXISTS" });
    await assert.rejects(changeCorpus(ws.corpus, (change) => change.stage("../escape.txt", Buffer.from("x"))), { code: "SOURCE_UNKNOWN" });
    assert.deepEqual(await listing(ws.root), ["corpus", "corpus/a.txt", "corpus/b.txt"]);
    const sources = await changeCorpus(ws.corpus, async (change) => {
      await change.stage("a.txt", Buffer.from("新版。"));
      await change.store("a.txt", { replace: true });
      await change.remove("b.txt");
      return change.index(async () => ["a.txt", "b.txt"]);
    });
    assert.deepEqual(sources, ["a.txt", "b.txt"]);
    assert.deepEqual(await listing(ws.corpus), ["a.txt"]);
    assert.equal(await fs.readFile(path.join(ws.corpus, "a.txt"), "utf8"), "新版。");
  });
});
