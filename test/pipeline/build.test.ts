import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildAppIndex, openEngine, openFreshIndex } from "../../src/app.js";
import { AppError } from "../../src/errors.js";
import { readManifest } from "../../src/index/manifest.js";
import { counting, DOCS } from "../helpers/index-fixtures.js";
import { testApp, workspace } from "../helpers/workspace.js";

describe("index build", () => {
  it("builds into embeddings/ with a manifest describing what was indexed", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const manifest = (await readManifest(ws.index))!;
    assert.equal(manifest.format, "citebot-index/4");
    assert.equal(manifest.embedder.id, "hash-v2-d512");
    assert.deepEqual(manifest.files.map((f) => f.source), ["a.txt", "b.md"]);
    assert.ok(manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.hash)));
    assert.ok(manifest.chunkCount >= 2);
    assert.equal(manifest.segments.length, 1);
    const files = await fs.readdir(path.join(ws.index, manifest.segments[0].name));
    assert.deepEqual(files.sort(), ["bm25.bin", "chunks.bin", "docs.bin", "hnsw-0.index", "rows.bin"]);
    assert.equal(manifest.segments[0].hnswShards, 1);
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
    assert.equal(manifest.segments[0].vectorRows, 2);
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
    assert.equal(entries.filter((e) => e.startsWith("seg-")).length, 1, "the half-built directory is removed");
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.equal((await engine.ask("项目3有多少名成员参加？")).found, true);
  });

  it("serialises concurrent builds with a lock and takes over a stale one", async () => {
    const ws = await workspace(DOCS);
    await fs.mkdir(ws.index, { recursive: true });
    await fs.writeFile(path.join(ws.index, ".lock"), JSON.stringify({ pid: 999999 }));
    await Promise.all([buildAppIndex(testApp(ws.corpus, ws.index)), buildAppIndex(testApp(ws.corpus, ws.index))]);
    const manifest = (await readManifest(ws.index))!;
    await openFreshIndex(testApp(ws.corpus, ws.index));
    assert.equal((await fs.readdir(ws.index)).filter((e) => e.startsWith("seg-")).length, 1);
    assert.ok(manifest.chunkCount > 0);
  });
});
