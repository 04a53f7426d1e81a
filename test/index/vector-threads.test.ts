import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { ThreadedVectorIndex } from "../../src/index/vector-threads.js";
import { HnswVectorIndex, shardFile, type VectorMatrix } from "../../src/index/vectors.js";
import { analyzer, BUNDLED_DOC, tempDir } from "../helpers/workspace.js";

const PARAMS = { m: 16, efConstruction: 100, efSearch: 200 };
const QUESTIONS = ["北京市高校", "学生资助政策", "2023年", "Which schools?"];

/** 600 vector rows from the bundled document, built into two shards; chunk 600 shares row 5. */
async function shardedIndex(): Promise<{ dir: string; rows: number; rowOf: Uint32Array; embeddings: HashingEmbeddings }> {
  const embeddings = new HashingEmbeddings(analyzer());
  const text = readFileSync(BUNDLED_DOC, "utf8");
  const rows = 600;
  const data = new Float32Array(new SharedArrayBuffer(rows * embeddings.dimensions * 4));
  for (let i = 0; i < rows; i++) embeddings.embedInto(text.slice(i * 7, i * 7 + 60), data, i * embeddings.dimensions);
  const matrix: VectorMatrix = { data, count: rows, dimensions: embeddings.dimensions };
  const rowOf = Uint32Array.from({ length: rows + 1 }, (_, i) => (i === rows ? 5 : i));
  const dir = tempDir();
  await HnswVectorIndex.build(matrix, embeddings, PARAMS, dir, { shards: 2, rowOf });
  return { dir, rows, rowOf, embeddings };
}

describe("ThreadedVectorIndex", () => {
  it("finds on shard threads exactly what the calling thread finds, shared rows included", async () => {
    const { dir, rows, rowOf, embeddings } = await shardedIndex();
    const local = await HnswVectorIndex.load(dir, 2, embeddings.dimensions, embeddings, PARAMS.efSearch, rowOf);
    const threaded = await ThreadedVectorIndex.open(dir, 2, embeddings.dimensions, PARAMS.efSearch, rows, rowOf);
    try {
      assert.equal(threaded.size, rows + 1);
      for (const q of QUESTIONS) {
        const v = await embeddings.embedQuery(q);
        assert.deepEqual(await threaded.search(v, 12), local.searchNow(v, 12), q);
        const ordinals = [0, 5, rows, 599, -1, rows + 1];
        assert.deepEqual(await threaded.similarities(v, ordinals), ordinals.map((o) => local.similarity(v, o)), q);
      }
      const five = await threaded.search(await embeddings.embedQuery(readFileSync(BUNDLED_DOC, "utf8").slice(35, 95)), 2);
      assert.deepEqual(five.map((h) => h.ordinal), [5, rows], "both chunks of a shared row come back");
    } finally {
      await threaded.close();
    }
  });

  it("starts its threads again after close and keeps answering concurrent searches", async () => {
    const { dir, rows, rowOf, embeddings } = await shardedIndex();
    const threaded = await ThreadedVectorIndex.open(dir, 2, embeddings.dimensions, PARAMS.efSearch, rows, rowOf);
    const v = await embeddings.embedQuery(QUESTIONS[0]);
    const first = await threaded.search(v, 5);
    await threaded.close();
    const again = await Promise.all(Array.from({ length: 20 }, () => threaded.search(v, 5)));
    for (const hits of again) assert.deepEqual(hits, first);
    await threaded.close();
  });

  it("refuses a shard file it cannot load, naming it", async () => {
    const { dir, rows, rowOf, embeddings } = await shardedIndex();
    await fs.writeFile(path.join(dir, shardFile(1)), "not a graph");
    await assert.rejects(ThreadedVectorIndex.open(dir, 2, embeddings.dimensions, PARAMS.efSearch, rows, rowOf), (e: Error) => e.message.includes(shardFile(1)));
  });

  it("never keeps the process alive once its answers are in", async () => {
    const { dir, rows } = await shardedIndex();
    const script = path.join(tempDir(), "search.mjs");
    const module = (rel: string) => JSON.stringify(new URL(rel, import.meta.url).href);
    await fs.writeFile(script, [
      `import { ThreadedVectorIndex } from ${module("../../src/index/vector-threads.js")};`,
      `const index = await ThreadedVectorIndex.open(${JSON.stringify(dir)}, 2, 512, 200, ${rows});`,
      `const hits = await index.search(new Array(512).fill(0).map((_, i) => (i % 7 === 0 ? 1 : 0)), 3);`,
      `console.log(hits.length);`,
    ].join("\n"));
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 20000 });
    assert.equal(stdout.trim(), "3");
  });
});
