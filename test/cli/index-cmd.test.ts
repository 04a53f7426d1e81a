import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { runMain } from "../../src/cli/main.js";
import { acquireIndexLock } from "../../src/index/lock.js";
import { indexedWorkspace } from "../helpers/index-fixtures.js";
import { captureIo, workspace } from "../helpers/workspace.js";

/** The locale of a reader of English: the summaries follow the locale, else the (here Chinese) corpus. */
const EN = { LANG: "en_US.UTF-8" };

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
    const again = captureIo(ws.root, undefined, EN);
    assert.equal(await runMain(["index", ...common], again), 0);
    assert.match(again.out(), /^Index up to date: 3 files \(\d+ chunks\) → /);
  });

  it("rebuilds a damaged index in full instead of calling it up to date, so questions are answered again", async () => {
    const { ws, common } = await indexedWorkspace();
    const [segment] = (await fs.readdir(ws.index)).filter((n) => n.startsWith("seg-"));
    await fs.writeFile(path.join(ws.index, segment!, "docs.bin"), "garbage");
    const broken = captureIo(ws.root);
    assert.equal(await runMain(["ask", "木星是最大的行星吗？", ...common], broken), 1);
    assert.match(broken.err(), /INDEX_CORRUPT/);
    const io = captureIo(ws.root, undefined, EN);
    assert.equal(await runMain(["index", ...common], io), 0, io.err());
    assert.match(io.err(), /docs\.bin is corrupted: rebuilding the index in full …\n$/);
    assert.match(io.out(), /^Indexed 2 files \(\d+ chunks\) in [\d.]+ s: added 2/);
    const ask = captureIo(ws.root);
    assert.equal(await runMain(["ask", "木星是最大的行星吗？", ...common], ask), 0, ask.err());
  });

  it("judges damage under the writers' lock: a generation repaired while it waited is updated, not rebuilt", async () => {
    const { ws, common } = await indexedWorkspace();
    const [segment] = (await fs.readdir(ws.index)).filter((n) => n.startsWith("seg-"));
    const docs = path.join(ws.index, segment!, "docs.bin");
    const good = await fs.readFile(docs);
    await fs.writeFile(docs, "garbage");
    // Another writer holds the lock and repairs the index while `citebot index` waits for it.
    const release = await acquireIndexLock(ws.index);
    const io = captureIo(ws.root, undefined, EN);
    const run = runMain(["index", ...common], io);
    try {
      while (!(await fs.readdir(ws.index)).some((n) => n.endsWith(".pending"))) await sleep(10);
      await fs.writeFile(docs, good);
    } finally {
      await release();
    }
    assert.equal(await run, 0, io.err());
    assert.doesNotMatch(io.err(), /rebuilding/);
    assert.match(io.out(), /^Index up to date: 2 files/);
  });

  it("says 1 file (1 chunk) of a one-chunk corpus, built and up to date", async () => {
    const ws = await workspace({ "note.txt": "海王星是距离太阳最远的行星。" });
    const common = ["--corpus", ws.corpus, "--index", ws.index];
    const io = captureIo(ws.root, undefined, EN);
    assert.equal(await runMain(["index", ...common], io), 0, io.err());
    assert.match(io.out(), /^Indexed 1 file \(1 chunk\) in [\d.]+ s: added 1 \(1 chunk\) → /);
    const again = captureIo(ws.root, undefined, EN);
    assert.equal(await runMain(["index", ...common], again), 0);
    assert.match(again.out(), /^Index up to date: 1 file \(1 chunk\) → /);
  });

  it("lists in --json every file skipped now, with its reason, also when the index is up to date", async () => {
    const ws = await workspace({ "note.txt": "海王星是距离太阳最远的行星。", "old.doc": "binary", "empty.txt": "" });
    const common = ["--corpus", ws.corpus, "--index", ws.index];
    const first = captureIo(ws.root);
    assert.equal(await runMain(["index", "--json", ...common], first), 0, first.err());
    const again = captureIo(ws.root);
    assert.equal(await runMain(["index", "--json", ...common], again), 0, again.err());
    const [built, upToDate] = [JSON.parse(first.out()), JSON.parse(again.out())];
    assert.equal(upToDate.upToDate, true);
    assert.deepEqual(upToDate.skipped.map((s: { source: string }) => s.source).sort(), ["empty.txt", "old.doc"]);
    assert.ok(upToDate.skipped.every((s: { reason: string }) => s.reason.length > 0));
    assert.deepEqual(upToDate.skipped, built.skipped);
  });

  it("says its summary in the locale's language, else in the corpus's dominant script; --json is the same in any language", async () => {
    const { ws, common } = await indexedWorkspace();
    await fs.writeFile(path.join(ws.corpus, "c.txt"), "海王星是距离太阳最远的行星。");
    const run = async (args: string[], env: NodeJS.ProcessEnv) => {
      const io = captureIo(ws.root, undefined, env);
      assert.equal(await runMain(["index", ...args, ...common], io), 0, io.err());
      return io.out();
    };
    assert.match(await run([], { LANG: "C.UTF-8" }), /^已索引 3 个文件（\d+ 个片段），用时 [\d.]+ 秒：新增 1 个（1 个片段） → /);
    assert.match(await run([], { LANG: "en_US.UTF-8", LC_ALL: "zh_TW.UTF-8" }), /^索引已是最新：3 個文件（\d+ 個片段） → /);
    assert.match(await run([], { LANG: "en_US.UTF-8" }), /^Index up to date: 3 files/);
    const json = async (env: NodeJS.ProcessEnv) => ({ ...JSON.parse(await run(["--json"], env)), seconds: 0 });
    assert.deepEqual(await json({ LANG: "zh_CN.UTF-8" }), await json({ LANG: "en_US.UTF-8" }));
  });
});
