import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { EmbeddingCache } from "../../src/pipeline/embedding-cache.js";
import { matrixOf, sentences } from "../helpers/vectors.js";
import { analyzer, tempDir } from "../helpers/workspace.js";

describe("embedding cache", () => {
  const embeddings = new HashingEmbeddings(analyzer());
  const texts = sentences();

  it("keeps an embedding cache that reloads exactly and drops stale entries", async () => {
    const dir = tempDir();
    const d = embeddings.dimensions;
    const matrix = matrixOf(texts.slice(0, 50), embeddings);
    const keys = texts.slice(0, 50).map((t) => EmbeddingCache.key(t));
    const first = await EmbeddingCache.open(dir, "hash-v2-d512", d);
    await first.save([...keys, keys[0]], new Float32Array([...matrix.data, ...matrix.data.subarray(0, d)]));
    const again = await EmbeddingCache.open(dir, "hash-v2-d512", d);
    assert.equal(again.size, 50, "duplicates are stored once");
    const out = new Float32Array(d);
    assert.ok(again.lookup(keys[7], out, 0));
    assert.deepEqual(out, matrix.data.subarray(7 * d, 8 * d));
    assert.equal(again.lookup(EmbeddingCache.key("不在缓存里"), out, 0), false);
    assert.equal((await EmbeddingCache.open(dir, "hash-v2-d512", 256)).size, 0, "another dimension is not read");
  });

  it("keeps the rows updates add beside the full build's, read whole or lazily, until the next full build", async () => {
    const dir = tempDir();
    const d = embeddings.dimensions;
    const all = texts.slice(0, 30);
    const matrix = matrixOf(all, embeddings).data;
    const keys = all.map((t) => EmbeddingCache.key(t));
    await (await EmbeddingCache.open(dir, "hash-v2-d512", d)).save(keys.slice(0, 10), matrix.subarray(0, 10 * d));
    await EmbeddingCache.add(dir, "hash-v2-d512", d, keys, matrix, [10, 11, 12]);
    await EmbeddingCache.add(dir, "hash-v2-d512", d, keys, matrix, []);
    const out = new Float32Array(d);
    for (const cache of [await EmbeddingCache.open(dir, "hash-v2-d512", d), await EmbeddingCache.openLazily(dir, "hash-v2-d512", d)]) {
      assert.equal(cache.size, 13);
      assert.ok(cache.lookup(keys[12], out, 0));
      assert.deepEqual(out, matrix.subarray(12 * d, 13 * d));
      assert.ok(cache.lookup(keys[3], out, 0));
      assert.deepEqual(out, matrix.subarray(3 * d, 4 * d));
      assert.equal(cache.lookup(keys[13], out, 0), false);
      cache.release();
    }
    await (await EmbeddingCache.open(dir, "hash-v2-d512", d)).save(keys.slice(20, 30), matrix.subarray(20 * d));
    const rebuilt = await EmbeddingCache.openLazily(dir, "hash-v2-d512", d);
    assert.equal(rebuilt.size, 10, "a full build keeps only its own rows");
    assert.equal(rebuilt.lookup(keys[12], out, 0), false);
    rebuilt.release();
  });

  it("writes the smallest of more than eight added files as one, losing no row", async () => {
    const dir = tempDir();
    const d = embeddings.dimensions;
    const all = texts.slice(0, 12);
    const matrix = matrixOf(all, embeddings).data;
    const keys = all.map((t) => EmbeddingCache.key(t));
    for (let i = 0; i < 12; i++) await EmbeddingCache.add(dir, "hash-v2-d512", d, keys, matrix, [i]);
    const files = (await fs.readdir(path.join(dir, "cache", "hash-v2-d512.added"))).filter((n) => n.endsWith(".bin"));
    assert.ok(files.length <= 8, `${files.length} added files`);
    const cache = await EmbeddingCache.openLazily(dir, "hash-v2-d512", d);
    const out = new Float32Array(d);
    keys.forEach((key, i) => {
      assert.ok(cache.lookup(key, out, 0));
      assert.deepEqual(out, matrix.subarray(i * d, (i + 1) * d));
    });
    cache.release();
  });
});
