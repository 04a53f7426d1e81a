import assert from "node:assert/strict";
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
});
