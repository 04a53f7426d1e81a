import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { readManifest } from "../../src/index/manifest.js";
import { indexedWorkspace } from "../helpers/index-fixtures.js";
import { captureIo } from "../helpers/workspace.js";

describe("citebot remove", () => {
  it("deletes documents from the corpus folder and the index, and says what it removed", async () => {
    const { ws, common } = await indexedWorkspace();
    const io = captureIo(ws.root);
    assert.equal(await runMain(["remove", "b.md", "--json", ...common], io), 0, io.err());
    const out = JSON.parse(io.out());
    assert.deepEqual(out.removed.map((r: { source: string }) => r.source), ["b.md"]);
    assert.ok(out.removed[0].chunks > 0 && typeof out.seconds === "number");
    assert.deepEqual(await fs.readdir(ws.corpus), ["a.txt"]);
    const manifest = (await readManifest(ws.index))!;
    assert.deepEqual(manifest.files.map((f) => f.source), ["a.txt"]);
    const ask = captureIo(ws.root);
    assert.equal(await runMain(["ask", "最大的行星是哪颗？", "--json", ...common], ask), 0);
    assert.ok(JSON.parse(ask.out()).citations.every((c: { source: string }) => c.source !== "b.md"));
  });

  it("refuses a source the index does not hold, pointing at the list, and removes nothing", async () => {
    const { ws, common } = await indexedWorkspace();
    const io = captureIo(ws.root);
    assert.equal(await runMain(["remove", "b.md", "nope.txt", ...common], io), 1);
    assert.match(io.err(), /"nope\.txt" is not in the index \(`citebot stats` lists the indexed documents.*\) \[SOURCE_UNKNOWN\]/);
    assert.deepEqual((await fs.readdir(ws.corpus)).sort(), ["a.txt", "b.md"]);
  });

  it("names the document meant when a source is given without its extension or folder", async () => {
    const { ws, common } = await indexedWorkspace();
    const io = captureIo(ws.root);
    assert.equal(await runMain(["remove", "b", ...common], io), 1);
    assert.equal(io.err(), 'citebot: "b" is not in the index (did you mean b.md?) [SOURCE_UNKNOWN]\n');
    assert.deepEqual((await fs.readdir(ws.corpus)).sort(), ["a.txt", "b.md"]);
  });

  it("takes a path to the file in the corpus folder as well as its source name (as tab completion writes it)", async () => {
    const { ws, common } = await indexedWorkspace();
    const io = captureIo(ws.root);
    assert.equal(await runMain(["remove", path.relative(ws.root, path.join(ws.corpus, "b.md")), "--json", ...common], io), 0, io.err());
    assert.deepEqual(JSON.parse(io.out()).removed.map((r: { source: string }) => r.source), ["b.md"]);
    assert.deepEqual(await fs.readdir(ws.corpus), ["a.txt"]);
  });

  it("removes a file by the name it had before add made it safe", async () => {
    const { ws, common } = await indexedWorkspace();
    const original = path.join(ws.root, "notes\u202e.txt");
    await fs.writeFile(original, "土星有美丽的光环。");
    const add = captureIo(ws.root);
    assert.equal(await runMain(["add", original, ...common], add), 0, add.err());
    assert.ok((await fs.readdir(ws.corpus)).includes("notes.txt"));
    const io = captureIo(ws.root);
    assert.equal(await runMain(["remove", "notes\u202e.txt", "--json", ...common], io), 0, io.err());
    assert.deepEqual(JSON.parse(io.out()).removed.map((r: { source: string }) => r.source), ["notes.txt"]);
    assert.deepEqual((await fs.readdir(ws.corpus)).sort(), ["a.txt", "b.md"]);
  });

  it("says what it removed in the locale's language, else in the corpus's dominant script", async () => {
    const removed = async (env: NodeJS.ProcessEnv) => {
      const { ws, common } = await indexedWorkspace();
      const io = captureIo(ws.root, undefined, env);
      assert.equal(await runMain(["remove", "b.md", ...common], io), 0, io.err());
      return io.out();
    };
    assert.match(await removed({ LC_MESSAGES: "zh_TW.UTF-8" }), /^已索引 1 個文件（\d+ 個片段），用時 [\d.]+ 秒：刪除 1 個（\d+ 個片段） → /);
    assert.match(await removed({}), /^已索引 1 个文件（\d+ 个片段），用时 [\d.]+ 秒：删除 1 个（\d+ 个片段） → /);
    assert.match(await removed({ LANG: "en_US.UTF-8" }), /^Indexed 1 file \(\d+ chunks?\) in [\d.]+ s: removed 1 /);
  });
});
