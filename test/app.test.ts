import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildAppIndex, openEngine, openFreshIndex } from "../src/app.js";
import { acquireIndexLock } from "../src/index/lock.js";
import { readManifest } from "../src/index/manifest.js";
import { type CorpusReader, readCorpusBytes } from "../src/ingest/load.js";
import { counting, DOCS } from "./helpers/index-fixtures.js";
import { testApp, workspace } from "./helpers/workspace.js";

describe("opening a fresh index for answering", () => {
  it("answers from the previous index, with one warning, when an automatic re-index fails", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const before = (await readManifest(ws.index))!;
    await fs.writeFile(path.join(ws.corpus, "c.txt"), "海王星是距离太阳最远的行星。");
    const app = testApp(ws.corpus, ws.index, { embedder: counting(0) }, { LANG: "en_US.UTF-8" });
    const engine = await openEngine(app);
    assert.equal((await readManifest(ws.index))!.build, before.build);
    const warnings = app.notices.filter((n) => n.startsWith("Warning:"));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^Warning: updating the index failed: index build failed: simulated crash during embedding .*; answering from the previous index, built /);
    assert.equal((await engine.ask("项目3有多少名成员参加？")).citations[0]?.source, "a.txt");
  });

  it("does not answer from the previous index when the corpus was emptied", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    for (const name of Object.keys(DOCS)) await fs.rm(path.join(ws.corpus, name));
    await fs.writeFile(path.join(ws.corpus, "blank.txt"), "\n");
    await assert.rejects(openEngine(testApp(ws.corpus, ws.index)), { code: "CORPUS_EMPTY" });
  });

  it("says what an automatic build indexed in the summary `citebot index` prints", async () => {
    const ws = await workspace(DOCS);
    const first = testApp(ws.corpus, ws.index, {}, { LANG: "en_US.UTF-8" });
    await openEngine(first);
    assert.match(first.notices.at(-1)!, new RegExp(`^Indexed 2 files \\(\\d+ chunks\\) in [\\d.]+ s → ${ws.index}$`));
    await fs.writeFile(path.join(ws.corpus, "c.txt"), "海王星是距离太阳最远的行星。");
    const again = testApp(ws.corpus, ws.index, {}, { LANG: "en_US.UTF-8" });
    await openEngine(again);
    assert.match(again.notices.at(-1)!, /^Indexed 3 files \(\d+ chunks\) in [\d.]+ s: added 1 \(1 chunk\) → /);
    const untouched = testApp(ws.corpus, ws.index);
    await openEngine(untouched);
    assert.deepEqual(untouched.notices, []);
  });

  it("says its index notices in the locale's language, else in the corpus's, keeping the logs as they are", async () => {
    const ws = await workspace(DOCS);
    const first = testApp(ws.corpus, ws.index);
    await openEngine(first);
    assert.deepEqual(first.notices.map((n) => n.replace(/（\d+ 个片段），用时 [\d.]+ 秒/, "（N 个片段），用时 S 秒")), [
      `${ws.index} 中还没有索引：正在为 ${ws.corpus} 建立索引……`, `已索引 2 个文件（N 个片段），用时 S 秒 → ${ws.index}`,
    ]);
    await fs.writeFile(path.join(ws.corpus, "c.txt"), "海王星是距离太阳最远的行星。");
    const hant = testApp(ws.corpus, ws.index, {}, { LC_ALL: "zh_TW.UTF-8", LANG: "en_US.UTF-8" });
    await openEngine(hant);
    assert.equal(hant.notices[0], "文件在建立索引後有變動（c.txt）：正在更新索引……");
    assert.match(hant.notices[1]!, /^已索引 3 個文件（\d+ 個片段），用時 [\d.]+ 秒：新增 1 個（1 個片段） → /);
    assert.ok(hant.logs.some((l) => l.includes("index updated")), "the log line stays as it was");
    const english = await workspace({ "en.txt": "Planets\n\nJupiter is the largest planet.", "moons.txt": "Moons\n\nThe Moon is the only natural satellite of the Earth." });
    const en = testApp(english.corpus, english.index, {}, { LANG: "C.UTF-8" });
    await openEngine(en);
    assert.match(en.notices[0]!, /^No index in .* yet: indexing /);
  });

  it("notices a changed corpus by hashes and updates the index, saying so", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const untouched = testApp(ws.corpus, ws.index);
    await openFreshIndex(untouched);
    assert.deepEqual(untouched.notices, []);
    await fs.writeFile(path.join(ws.corpus, "new.txt"), "海王星是距离太阳最远的行星。");
    const app = testApp(ws.corpus, ws.index, {}, { LANG: "en_US.UTF-8" });
    const engine = await openEngine(app);
    assert.ok(app.notices.some((n) => n.includes("new.txt") && /updating the index/.test(n)));
    assert.equal((await engine.ask("距离太阳最远的行星是哪颗？")).citations[0]?.source, "new.txt");
  });

  it("walks and reads a stale corpus once: a touched file is hashed once, a changed or new one read once, an unchanged one not at all", async () => {
    const ws = await workspace({ "same.txt": "土星有美丽的光环。", "touched.txt": "木星是最大的行星。", "grown.txt": "火星是红色的。", "edited.txt": "金星很热。" });
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    await fs.utimes(path.join(ws.corpus, "touched.txt"), later, later);
    await fs.writeFile(path.join(ws.corpus, "grown.txt"), "火星是红色的，有两颗卫星。");
    await fs.writeFile(path.join(ws.corpus, "edited.txt"), "金星很冷。");
    await fs.utimes(path.join(ws.corpus, "edited.txt"), later, later);
    await fs.writeFile(path.join(ws.corpus, "new.txt"), "海王星是距离太阳最远的行星。");
    const reads = new Map<string, number>();
    const read: CorpusReader = (file) => {
      reads.set(file.source, (reads.get(file.source) ?? 0) + 1);
      return readCorpusBytes(file);
    };
    const app = testApp(ws.corpus, ws.index, { read }, { LANG: "en_US.UTF-8" });
    await openFreshIndex(app);
    assert.deepEqual(app.notices[0], "Corpus changed since the index was built (edited.txt, grown.txt, new.txt): updating the index …");
    assert.match(app.notices[1], /^Indexed 5 files \(\d+ chunks\) in [\d.]+ s: added 1 \(1 chunk\), changed 2 \(2 chunks\)/);
    // A file of the same size and another mtime must be hashed to be told apart from a touched one, then read to be indexed.
    assert.deepEqual(Object.fromEntries([...reads].sort()), { "edited.txt": 2, "grown.txt": 1, "new.txt": 1, "touched.txt": 1 });
    const manifest = (await readManifest(ws.index))!;
    assert.equal(manifest.files.find((f) => f.source === "touched.txt")!.mtimeMs, later.getTime(), "a touched file is kept, with its new mtime");
  });

  it("records the new mtimes of files touched but unchanged, so the next start reads none of them", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const before = (await readManifest(ws.index))!;
    const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    for (const name of Object.keys(DOCS)) await fs.utimes(path.join(ws.corpus, name), later, later);
    const reads: string[] = [];
    const read: CorpusReader = (file) => {
      reads.push(file.source);
      return readCorpusBytes(file);
    };
    const first = testApp(ws.corpus, ws.index, { read });
    await (await openFreshIndex(first)).close();
    assert.deepEqual(reads.sort(), ["a.txt", "b.md"], "each touched file is hashed once, to know it is unchanged");
    assert.deepEqual(first.notices, [], "touching is no change to tell about");
    const after = (await readManifest(ws.index))!;
    assert.equal(after.generation, before.generation + 1);
    assert.deepEqual(after.segments, before.segments, "no segment is written");
    assert.deepEqual(after.files.map((f) => f.mtimeMs), [later.getTime(), later.getTime()]);
    reads.length = 0;
    const second = testApp(ws.corpus, ws.index, { read });
    await (await openFreshIndex(second)).close();
    assert.deepEqual(reads, []);
    assert.equal((await readManifest(ws.index))!.build, after.build, "nothing left to record");
  });

  it("says at debug only, not as a warning at every start, that a read-only index cannot record touched files", async (t) => {
    if (process.getuid?.() !== 0) return t.skip("needs root to mount the index read-only");
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    await fs.utimes(path.join(ws.corpus, "a.txt"), later, later);
    try {
      execFileSync("mount", ["--bind", ws.index, ws.index], { stdio: "ignore" });
    } catch {
      return t.skip("cannot bind-mount here");
    }
    try {
      execFileSync("mount", ["-o", "remount,ro,bind", ws.index], { stdio: "ignore" });
      const app = testApp(ws.corpus, ws.index);
      const index = await openFreshIndex(app);
      assert.equal(index.docs.length, 2);
      await index.close();
      assert.deepEqual(app.logs.filter((l) => /"level":"(warn|error)"|^(warn|error)/.test(l)), []);
      assert.ok(app.logs.some((l) => l.includes("file times not recorded: the index folder is read-only")), app.logs.join("\n"));
      assert.deepEqual(app.notices, []);
    } finally {
      execFileSync("umount", [ws.index]);
    }
  });

  it("answers all the same when another writer holds the index while touched files would be recorded", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const before = (await readManifest(ws.index))!;
    const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    await fs.utimes(path.join(ws.corpus, "a.txt"), later, later);
    const release = await acquireIndexLock(ws.index);
    try {
      const started = Date.now();
      const index = await openFreshIndex(testApp(ws.corpus, ws.index));
      assert.ok(Date.now() - started < 5000, "the lock is not waited for");
      assert.equal(index.docs.length, 2);
      await index.close();
    } finally {
      await release();
    }
    assert.equal((await readManifest(ws.index))!.build, before.build);
  });
});
