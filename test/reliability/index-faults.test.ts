import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildAppIndex, openEngine } from "../../src/app.js";
import { AppError } from "../../src/errors.js";
import { readManifest } from "../../src/index/manifest.js";
import { openIndex } from "../../src/index/store.js";
import { indexDeps } from "../../src/app.js";
import { tempDir, testApp, workspace } from "../helpers/workspace.js";

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

  it("a full disk gives an error and leaves the previous index in place", { skip: process.getuid?.() === 0 ? false : "needs root to mount a tiny tmpfs" }, async (t) => {
    const ws = await workspace(SMALL);
    const mount = tempDir();
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=512k", "tmpfs", mount], { stdio: "ignore" });
    } catch {
      t.skip("cannot mount tmpfs here");
      return;
    }
    try {
      const index = path.join(mount, "embeddings");
      await buildAppIndex(testApp(ws.corpus, index));
      const before = (await readManifest(index))!;
      await fs.writeFile(path.join(ws.corpus, "big.txt"), Array.from({ length: 4000 }, (_, i) => `第${i}段，内容各不相同：${i * 7919}号。`).join("\n\n"));
      await assert.rejects(buildAppIndex(testApp(ws.corpus, index)), (e: unknown) => e instanceof AppError && e.code === "INDEX_WRITE_FAILED" && /disk/.test(e.hint ?? ""));
      assert.equal((await readManifest(index))!.build, before.build);
      const app = testApp(ws.corpus, index);
      const old = await openIndex(index, indexDeps(app), app.config.index);
      assert.equal(old.chunks.length, before.chunkCount);
    } finally {
      execFileSync("umount", [mount]);
    }
  });
});
