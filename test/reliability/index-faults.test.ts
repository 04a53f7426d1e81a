import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it, type TestContext } from "node:test";
import { buildAppIndex, openEngine, updateAppIndex } from "../../src/app.js";
import { AppError } from "../../src/errors.js";
import { readManifest } from "../../src/index/manifest.js";
import { openIndex } from "../../src/index/open.js";
import { indexDeps } from "../../src/app.js";
import { runMain } from "../../src/cli/main.js";
import { captureIo, tempDir, testApp, workspace } from "../helpers/workspace.js";

const CLI = path.resolve(import.meta.dirname, "../../src/cli/main.js");
const SMALL = { "a.txt": "太阳系有八大行星。木星是最大的行星。\n\n地球距离太阳约1.5亿公里。" };

describe("index integrity under faults", () => {
  it("SIGKILL during `citebot index` leaves the previous index loadable, and the next run takes over the lock", async () => {
    const ws = await workspace(SMALL);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const before = (await readManifest(ws.index))!;
    await fs.writeFile(path.join(ws.corpus, "big.txt"), "新的很长的文件，用来让索引花上几秒钟时间。\n\n".repeat(150_000));
    const child = spawn(process.execPath, [CLI, "index", "--corpus", ws.corpus, "--index", ws.index], { stdio: "ignore" });
    // Kill once the build holds the lock, i.e. is really under way.
    for (let i = 0; i < 200; i++) {
      if (await fs.stat(path.join(ws.index, ".lock")).catch(() => undefined)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    assert.equal((await readManifest(ws.index))!.build, before.build, "the manifest still names the old build");
    const app = testApp(ws.corpus, ws.index);
    const old = await openIndex(ws.index, indexDeps(app), app.config.index);
    assert.equal(old.chunks.length, before.chunkCount);
    await fs.rm(path.join(ws.corpus, "big.txt"));
    await fs.writeFile(path.join(ws.corpus, "b.txt"), "海王星是距离太阳最远的行星。");
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.equal((await engine.ask("距离太阳最远的行星")).citations[0]?.source, "b.txt");
  });

  it("SIGKILL at any point of an incremental update leaves a whole generation answering", async () => {
    const ws = await workspace(SMALL);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const published = new Set([(await readManifest(ws.index))!.build]);
    // Kill points from just after the lock is taken to the end of a ~1–2 s update (read, embed, graph, write, publish, collect).
    for (const [round, delay] of [0, 150, 400, 800, 1300, 2000].entries()) {
      const text = Array.from({ length: 6000 }, (_, i) => `第${round}轮第${i}段：新增文件记录了${i * 7 + round}项数据。`).join("\n\n");
      await fs.writeFile(path.join(ws.corpus, `round-${round}.txt`), text);
      const child = spawn(process.execPath, [CLI, "index", "--corpus", ws.corpus, "--index", ws.index], { stdio: "ignore" });
      for (let i = 0; i < 300; i++) {
        if (await fs.stat(path.join(ws.index, ".lock")).catch(() => undefined)) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, delay));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const manifest = (await readManifest(ws.index))!;
      published.add(manifest.build);
      const app = testApp(ws.corpus, ws.index);
      const index = await openIndex(ws.index, indexDeps(app), app.config.index);
      assert.equal(index.chunks.length - index.deleted.reduce((n, d) => n + d, 0), manifest.chunkCount, `round ${round}: the published generation loads whole`);
      await index.close();
    }
    const app = testApp(ws.corpus, ws.index);
    const result = await updateAppIndex(app);
    const manifest = result.manifest;
    assert.deepEqual(manifest.files.map((f) => f.source).sort(), ["a.txt", ...[0, 1, 2, 3, 4, 5].map((r) => `round-${r}.txt`)]);
    assert.deepEqual((await fs.readdir(ws.index)).filter((n) => n.startsWith("seg-")).sort(), manifest.segments.map((s) => s.name).sort(), "segments of killed updates are collected");
    const engine = await openEngine(app);
    assert.equal((await engine.ask("木星是什么行星？")).citations[0]?.source, "a.txt");
  });

  describe("a full disk", { skip: process.getuid?.() === 0 ? false : "needs root to mount a tiny tmpfs" }, () => {
    /** A workspace whose index lives on a 1 MB tmpfs, indexed once with SMALL; `fn` runs before it is unmounted. */
    async function onTinyDisk(t: TestContext, fn: (ws: { corpus: string; index: string; root: string }) => Promise<void>): Promise<void> {
      const ws = await workspace(SMALL);
      const mount = tempDir();
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount], { stdio: "ignore" });
      } catch {
        t.skip("cannot mount tmpfs here");
        return;
      }
      try {
        const index = path.join(mount, "embeddings");
        await buildAppIndex(testApp(ws.corpus, index));
        await fn({ ...ws, index });
      } finally {
        execFileSync("umount", [mount]);
      }
    }
    /** Distinct paragraphs: `n` of them make about n / 4 chunks, each its own vector. */
    const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `第${i}段，内容各不相同：${i * 7919}号。`).join("\n\n");
    const diskFull = (e: unknown) =>
      e instanceof AppError && e.code === "INDEX_DISK_FULL" && /^no space left on device while writing the index in /.test(e.message) && /free some disk space/.test(e.hint ?? "");

    for (const [shape, n] of [["one graph file", 4000], ["sharded graph files", 20000]] as const) {
      it(`is reported as no space left, and the previous index stays in place (${shape})`, async (t) => {
        await onTinyDisk(t, async (ws) => {
          const before = (await readManifest(ws.index))!;
          await fs.writeFile(path.join(ws.corpus, "big.txt"), paragraphs(n));
          await assert.rejects(buildAppIndex(testApp(ws.corpus, ws.index)), diskFull);
          assert.equal((await readManifest(ws.index))!.build, before.build);
          assert.deepEqual((await fs.readdir(ws.index)).sort(), ["cache", "manifest.json", before.segments[0].name].sort(), "no half-written files are left on the full disk");
          const app = testApp(ws.corpus, ws.index);
          const old = await openIndex(ws.index, indexDeps(app), app.config.index);
          assert.equal(old.chunks.length, before.chunkCount);
        });
      });
    }

    it("says no index was published yet when the very first build finds the disk full", async (t) => {
      await onTinyDisk(t, async (ws) => {
        const first = path.join(path.dirname(ws.index), "first");
        await fs.writeFile(path.join(ws.corpus, "big.txt"), paragraphs(4000));
        await assert.rejects(buildAppIndex(testApp(ws.corpus, first)), (e: unknown) => diskFull(e) && /no index was published yet$/.test((e as AppError).hint ?? ""));
        assert.equal(await readManifest(first), undefined);
      });
    });

    it("fails `citebot index` with the plain message, while `ask` answers from the previous index with a one-line warning", async (t) => {
      await onTinyDisk(t, async (ws) => {
        await fs.writeFile(path.join(ws.corpus, "big.txt"), paragraphs(4000));
        const common = ["--corpus", ws.corpus, "--index", ws.index];
        const index = captureIo(ws.root);
        assert.equal(await runMain(["index", ...common], index), 1);
        assert.equal(index.err(), `citebot: no space left on device while writing the index in ${ws.index} (free some disk space, then run \`citebot index\` again; the previous index is unchanged) [INDEX_DISK_FULL]\n`);
        const ask = captureIo(ws.root, undefined, { LANG: "en_US.UTF-8" });
        assert.equal(await runMain(["ask", "最大的行星是哪颗？", "--json", ...common], ask), 0);
        assert.equal(JSON.parse(ask.out()).citations[0].source, "a.txt");
        const warnings = ask.err().split("\n").filter((l) => /updating the index failed/.test(l));
        assert.equal(warnings.length, 1);
        assert.match(warnings[0], /^Warning: updating the index failed: no space left on device while writing the index in .*; answering from the previous index, built /);
      });
    });
  });
});
