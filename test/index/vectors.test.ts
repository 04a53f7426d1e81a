import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { EmbeddingCache } from "../../src/pipeline/embedding-cache.js";
import { ExactVectorIndex, HnswVectorIndex, shardCount, SHARD_MIN_VECTORS, type VectorMatrix } from "../../src/index/vectors.js";
import { analyzer, BUNDLED_DOC, tempDir } from "../helpers/workspace.js";

function matrixOf(texts: string[], embeddings: HashingEmbeddings, shared = false): VectorMatrix {
  const d = embeddings.dimensions;
  const data = new Float32Array(shared ? new SharedArrayBuffer(texts.length * d * 4) : new ArrayBuffer(texts.length * d * 4));
  texts.forEach((t, i) => embeddings.embedInto(t, data, i * d));
  return { data, count: texts.length, dimensions: d };
}

function sentences(): string[] {
  const text = readFileSync(BUNDLED_DOC, "utf8");
  const out: string[] = [];
  for (let i = 0; i + 40 < text.length; i += 23) out.push(text.slice(i, i + 40 + (i % 60)));
  return out;
}

describe("vector indexes", () => {
  const embeddings = new HashingEmbeddings(analyzer());
  const texts = sentences();

  it("splits large indexes into two shards and merges their results like one index", async () => {
    assert.equal(shardCount(SHARD_MIN_VECTORS - 1), 1);
    assert.equal(shardCount(SHARD_MIN_VECTORS), 2);
    const matrix = matrixOf(texts, embeddings, true);
    const exact = ExactVectorIndex.fromMatrix(matrix);
    const dir = tempDir();
    const built = await HnswVectorIndex.build(matrix, embeddings, { m: 16, efConstruction: 200, efSearch: 400 }, dir, { shards: 2 });
    const loaded = await HnswVectorIndex.load(dir, 2, matrix.dimensions, embeddings, 400);
    for (const index of [built, loaded]) {
      assert.equal(index.shards, 2);
      assert.equal(index.size, texts.length);
      for (const q of ["北京市高校", "学生资助政策", "2023年"]) {
        const v = await embeddings.embedQuery(q);
        const got = await index.search(v, 10);
        const want = exact.searchNow(v, 10);
        assert.deepEqual(got.map((h) => h.ordinal), want.map((h) => h.ordinal), q);
        got.forEach((h, i) => assert.ok(Math.abs(h.similarity - want[i].similarity) < 1e-5));
        for (const ordinal of [0, 1, texts.length - 1]) assert.ok(Math.abs(index.similarity(v, ordinal) - exact.similarity(v, ordinal)) < 1e-5);
      }
      assert.equal(index.similarity([1], -1), 0);
      assert.equal(index.similarity([1], texts.length), 0);
    }
    // Still a LangChain vector store: documents are chunk ordinals, made on request (there is no docstore file).
    const [[doc]] = await loaded.store(1).similaritySearchVectorWithScore(await embeddings.embedQuery(texts[1]), 1);
    assert.deepEqual(doc.metadata, { i: 1 });
    assert.equal(doc.pageContent, "");
  });

  it("searches exactly, also on the sparse path for short queries over many vectors", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => texts[i % texts.length] + String(i % 97));
    const matrix = matrixOf(many, embeddings);
    const exact = ExactVectorIndex.fromMatrix(matrix);
    const v = await embeddings.embedQuery("高校");
    const dense = many.map((_, ordinal) => ({ ordinal, similarity: exact.similarity(v, ordinal) }))
      .sort((a, b) => b.similarity - a.similarity || a.ordinal - b.ordinal).slice(0, 20);
    assert.deepEqual(await exact.search(v, 20), dense);
  });

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
