import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { ExactVectorIndex, HnswVectorIndex, shardCount, SHARD_MIN_VECTORS } from "../../src/index/vectors.js";
import { matrixOf, sentences } from "../helpers/vectors.js";
import { analyzer, tempDir } from "../helpers/workspace.js";

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
    const [[doc]] = await (await loaded.store(1)).similaritySearchVectorWithScore(await embeddings.embedQuery(texts[1]), 1);
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
});
