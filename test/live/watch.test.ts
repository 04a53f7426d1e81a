import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { writeFileAtomic } from "../../src/index/manifest.js";
import { countsAsCorpusChange, watchCorpus, watchManifest } from "../../src/live/watch.js";
import { createMemoryLogger } from "../../src/log.js";
import { tempDir } from "../helpers/workspace.js";

/** Waits until `count()` stops changing for `quietMs` (or `timeoutMs` passes), then returns it. */
async function settled(count: () => number, quietMs: number, timeoutMs = 5000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = count();
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(20);
    if (count() !== last) {
      last = count();
      since = Date.now();
    } else if (Date.now() - since >= quietMs && last > 0) return last;
  }
  return count();
}

describe("watchManifest", () => {
  it("calls back once when a manifest is renamed into place, and not for other files of the index directory", async () => {
    const dir = tempDir();
    await fs.writeFile(path.join(dir, "manifest.json"), "{}");
    let calls = 0;
    const watcher = watchManifest(dir, () => calls++, createMemoryLogger(), { debounceMs: 30, pollMs: 60_000 });
    try {
      await fs.mkdir(path.join(dir, "build-x"));
      await fs.writeFile(path.join(dir, "build-x", "bm25.bin"), "x");
      await fs.writeFile(path.join(dir, ".lock"), "x");
      await sleep(150);
      assert.equal(calls, 0, "builds, locks and caches are not publishes");
      await writeFileAtomic(path.join(dir, "manifest.json"), '{"build":"build-x"}');
      assert.equal(await settled(() => calls, 150), 1);
    } finally {
      watcher.close();
    }
  });

  it("notices a replaced manifest by polling when no event arrives (the directory did not exist when watching began)", async () => {
    const root = tempDir();
    const dir = path.join(root, "embeddings");
    let calls = 0;
    const watcher = watchManifest(dir, () => calls++, createMemoryLogger(), { debounceMs: 10, pollMs: 50 });
    try {
      await fs.mkdir(dir);
      await fs.writeFile(path.join(dir, "manifest.json"), "{}");
      assert.ok((await settled(() => calls, 200)) >= 1, "the first manifest is seen");
      const before = calls;
      await writeFileAtomic(path.join(dir, "manifest.json"), '{"build":"b2"}');
      assert.ok((await settled(() => calls - before, 200)) >= 1, "and its replacement");
    } finally {
      watcher.close();
    }
  });
});

describe("watchCorpus", () => {
  it("turns a burst of changes, subfolders included, into one call after the debounce", async () => {
    const corpus = tempDir();
    let calls = 0;
    const watcher = watchCorpus(corpus, () => calls++, createMemoryLogger(), { debounceMs: 200 });
    try {
      await fs.mkdir(path.join(corpus, "reports"));
      for (let i = 0; i < 10; i++) await fs.writeFile(path.join(corpus, "reports", `r${i}.txt`), `报告 ${i}`);
      await fs.rm(path.join(corpus, "reports", "r3.txt"));
      assert.equal(calls, 0, "nothing before the burst has settled");
      assert.equal(await settled(() => calls, 400), 1);
    } finally {
      watcher.close();
    }
  });

  it("ignores files still being written, editor leftovers, dot-files and the index directory inside the corpus", async () => {
    const corpus = tempDir();
    const index = path.join(corpus, "embeddings");
    await fs.mkdir(index);
    let calls = 0;
    const watcher = watchCorpus(corpus, () => calls++, createMemoryLogger(), { debounceMs: 50, ignoreUnder: [index] });
    try {
      for (const name of ["report.pdf.part", "report.pdf.crdownload", "notes.txt.tmp", "~$plan.docx", ".#notes.txt", "notes.txt~", ".DS_Store", "embeddings/manifest.json"]) {
        await fs.writeFile(path.join(corpus, name), "x");
      }
      await sleep(300);
      assert.equal(calls, 0);
      await fs.rename(path.join(corpus, "report.pdf.part"), path.join(corpus, "report.pdf"));
      assert.equal(await settled(() => calls, 200), 1, "the rename that completes a download counts");
    } finally {
      watcher.close();
    }
  });
});

describe("countsAsCorpusChange", () => {
  it("counts documents anywhere in the corpus and nothing that is being written or hidden", () => {
    assert.equal(countsAsCorpusChange("a.txt"), true);
    assert.equal(countsAsCorpusChange(path.join("sub", "报告.pdf")), true);
    assert.equal(countsAsCorpusChange(path.join("sub", "x.docx.TMP")), false);
    assert.equal(countsAsCorpusChange(path.join(".git", "index")), false);
    assert.equal(countsAsCorpusChange(path.join("idx", "manifest.json"), ["idx"]), false);
    assert.equal(countsAsCorpusChange("idx2.txt", ["idx"]), true);
  });
});
