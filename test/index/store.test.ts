import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { Embeddings } from "@langchain/core/embeddings";
import { buildAppIndex, openEngine, openFreshIndex } from "../../src/app.js";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { AppError } from "../../src/errors.js";
import { readManifest } from "../../src/index/manifest.js";
import type { Embedder } from "../../src/types.js";
import { analyzer, testApp, workspace } from "../helpers/workspace.js";

/** Wraps the hashing embedder, counting documents embedded and optionally failing after N. */
class CountingEmbeddings extends Embeddings {
  embedded = 0;
  constructor(private readonly inner = new HashingEmbeddings(analyzer()), private readonly failAfter = Infinity) {
    super({});
  }
  async embedDocuments(texts: string[]) {
    if (this.embedded + texts.length > this.failAfter) throw new Error("simulated crash during embedding");
    this.embedded += texts.length;
    return this.inner.embedDocuments(texts);
  }
  async embedQuery(text: string) {
    return this.inner.embedQuery(text);
  }
}

function counting(failAfter = Infinity): Embedder & { embeddings: CountingEmbeddings } {
  return { info: { id: "hash-v2-d512", provider: "hash", dimensions: 512 }, embeddings: new CountingEmbeddings(undefined, failAfter) };
}

const DOCS = {
  "a.txt": Array.from({ length: 12 }, (_, i) => `第${i + 1}段讲述了项目${i + 1}的情况，共有${i * 7 + 3}名成员参加。`).join("\n\n"),
  "b.md": "# 天文\n\n太阳系有八大行星。木星是最大的行星。\n\n地球距离太阳约1.5亿公里。",
};

describe("index store", () => {
  it("builds into embeddings/ with a manifest describing what was indexed", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const manifest = (await readManifest(ws.index))!;
    assert.equal(manifest.format, "citebot-index/3");
    assert.equal(manifest.embedder.id, "hash-v2-d512");
    assert.deepEqual(manifest.files.map((f) => f.source), ["a.txt", "b.md"]);
    assert.ok(manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.hash)));
    assert.ok(manifest.chunkCount >= 2);
    const files = await fs.readdir(path.join(ws.index, manifest.build));
    assert.deepEqual(files.sort(), ["bm25.bin", "chunks.bin", "docs.bin", "hnsw-0.index", "rows.bin"]);
    assert.equal(manifest.hnswShards, 1);
  });

  it("embeds identical chunks once and finds every copy by vector search", async () => {
    const notice = "北京市推进中小学课后服务，覆盖全市所有义务教育学校。";
    const ws = await workspace({ "a.txt": notice, "copy/a.txt": notice, "again.txt": notice, "b.txt": "天津市扩大职业教育招生。" });
    const embedder = counting();
    const index = await buildAppIndex(testApp(ws.corpus, ws.index, { embedder }));
    const copies = index.chunks.flatMap((c, i) => (c.text === notice ? [i] : []));
    assert.equal(copies.length, 3);
    assert.equal(index.chunks.length, 4);
    assert.equal(embedder.embeddings.embedded, 2);
    const manifest = (await readManifest(ws.index))!;
    assert.equal(manifest.vectorRows, 2);
    const loaded = await openFreshIndex(testApp(ws.corpus, ws.index));
    for (const vectors of [index.vectors, loaded.vectors]) {
      assert.equal(vectors.size, index.chunks.length);
      const q = await embedder.embeddings.embedQuery(notice);
      const hits = await vectors.search(q, 3);
      assert.deepEqual(hits.map((h) => h.ordinal).sort(), copies);
      const similarities = await vectors.similarities(q, hits.map((h) => h.ordinal));
      hits.forEach((h, i) => assert.ok(Math.abs(h.similarity - 1) < 1e-5 && Math.abs(similarities[i] - 1) < 1e-5));
    }
  });

  it("re-embeds only the chunks that changed", async () => {
    const ws = await workspace(DOCS);
    const first = counting();
    const index = await buildAppIndex(testApp(ws.corpus, ws.index, { embedder: first }));
    assert.equal(first.embeddings.embedded, index.chunks.length);
    await fs.writeFile(path.join(ws.corpus, "b.md"), DOCS["b.md"].replace("八大行星", "八颗行星"));
    const second = counting();
    await buildAppIndex(testApp(ws.corpus, ws.index, { embedder: second }));
    assert.equal(second.embeddings.embedded, 1);
  });

  it("leaves the previous index loadable when a build crashes midway", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const before = (await readManifest(ws.index))!;
    await fs.writeFile(path.join(ws.corpus, "c.txt"), Array.from({ length: 30 }, (_, i) => `新增的第${i}句话很长很长。`.repeat(8)).join("\n\n"));
    await fs.rm(path.join(ws.index, "cache"), { recursive: true });
    await assert.rejects(buildAppIndex(testApp(ws.corpus, ws.index, { embedder: counting(3) })), (e: unknown) => e instanceof AppError);
    assert.equal((await readManifest(ws.index))!.build, before.build);
    const entries = await fs.readdir(ws.index);
    assert.ok(!entries.includes(".lock"), "the lock is released");
    assert.equal(entries.filter((e) => e.startsWith("build-")).length, 1, "the half-built directory is removed");
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.equal((await engine.ask("项目3有多少名成员参加？")).found, true);
  });

  it("answers from the previous index, with one warning, when an automatic re-index fails", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const before = (await readManifest(ws.index))!;
    await fs.writeFile(path.join(ws.corpus, "c.txt"), "海王星是距离太阳最远的行星。");
    const app = testApp(ws.corpus, ws.index, { embedder: counting(0) });
    const engine = await openEngine(app);
    assert.equal((await readManifest(ws.index))!.build, before.build);
    const warnings = app.notices.filter((n) => n.startsWith("Warning:"));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^Warning: re-indexing failed: index build failed: simulated crash during embedding .*; answering from the previous index, built /);
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
    const first = testApp(ws.corpus, ws.index);
    await openEngine(first);
    assert.match(first.notices.at(-1)!, new RegExp(`^Indexed 2 files \\(\\d+ chunks\\) in [\\d.]+ s → ${ws.index}$`));
    await fs.writeFile(path.join(ws.corpus, "c.txt"), "海王星是距离太阳最远的行星。");
    const again = testApp(ws.corpus, ws.index);
    await openEngine(again);
    assert.match(again.notices.at(-1)!, /^Indexed 3 files \(\d+ chunks\) in [\d.]+ s → /);
    const untouched = testApp(ws.corpus, ws.index);
    await openEngine(untouched);
    assert.deepEqual(untouched.notices, []);
  });

  it("refuses an index built with another embedder and says what to run", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const other: Embedder = { info: { id: "hash-v2-d256", provider: "hash", dimensions: 256 }, embeddings: new HashingEmbeddings(analyzer(), { dimensions: 256 }) };
    await assert.rejects(openFreshIndex(testApp(ws.corpus, ws.index, { embedder: other })), (e: unknown) =>
      e instanceof AppError && e.code === "INDEX_MISMATCH" && /citebot index/.test(e.hint ?? ""));
  });

  it("refuses an index of another format version", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const file = path.join(ws.index, "manifest.json");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("citebot-index/3", "citebot-index/2"));
    await assert.rejects(openFreshIndex(testApp(ws.corpus, ws.index)), { code: "INDEX_MISMATCH" });
  });

  it("reports corrupted or truncated index files by name instead of crashing", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const manifest = (await readManifest(ws.index))!;
    for (const name of ["hnsw-0.index", "bm25.bin", "chunks.bin", "docs.bin", "rows.bin"]) {
      const file = path.join(ws.index, manifest.build, name);
      const original = await fs.readFile(file);
      await fs.writeFile(file, original.subarray(0, Math.floor(original.length / 2)));
      await assert.rejects(openFreshIndex(testApp(ws.corpus, ws.index)), (e: unknown) =>
        e instanceof AppError && e.code === "INDEX_CORRUPT" && e.message.includes(name) && /citebot index/.test(e.hint ?? ""));
      await fs.writeFile(file, original);
    }
    await fs.writeFile(path.join(ws.index, "manifest.json"), "{ truncated");
    await assert.rejects(openFreshIndex(testApp(ws.corpus, ws.index)), (e: unknown) => e instanceof AppError && e.code === "INDEX_CORRUPT" && e.message.includes("manifest.json"));
  });

  it("notices a changed corpus by hashes and re-indexes, saying so", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const untouched = testApp(ws.corpus, ws.index);
    await openFreshIndex(untouched);
    assert.deepEqual(untouched.notices, []);
    await fs.writeFile(path.join(ws.corpus, "new.txt"), "海王星是距离太阳最远的行星。");
    const app = testApp(ws.corpus, ws.index);
    const engine = await openEngine(app);
    assert.ok(app.notices.some((n) => n.includes("new.txt") && /re-index/.test(n)));
    assert.equal((await engine.ask("距离太阳最远的行星是哪颗？")).citations[0]?.source, "new.txt");
  });

  it("serialises concurrent builds with a lock and takes over a stale one", async () => {
    const ws = await workspace(DOCS);
    await fs.mkdir(ws.index, { recursive: true });
    await fs.writeFile(path.join(ws.index, ".lock"), JSON.stringify({ pid: 999999 }));
    await Promise.all([buildAppIndex(testApp(ws.corpus, ws.index)), buildAppIndex(testApp(ws.corpus, ws.index))]);
    const manifest = (await readManifest(ws.index))!;
    await openFreshIndex(testApp(ws.corpus, ws.index));
    assert.equal((await fs.readdir(ws.index)).filter((e) => e.startsWith("build-")).length, 1);
    assert.ok(manifest.chunkCount > 0);
  });
});
