import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { SegmentedVectorIndex, type VectorSegment } from "../../src/index/segmented-vectors.js";
import { ThreadedVectorIndex } from "../../src/index/vector-threads.js";
import { ExactVectorIndex, HnswVectorIndex, type RowSearch } from "../../src/index/vectors.js";
import { matrixOf, sentences } from "../helpers/vectors.js";
import { analyzer, tempDir } from "../helpers/workspace.js";

const PARAMS = { m: 16, efConstruction: 200, efSearch: 400 };
const QUESTIONS = ["北京市高校", "学生资助政策", "2023年", "思政课教学质量"];

/** Two segments (the second sharded, on threads) over slices of the bundled document; every third chunk of each tombstoned. */
async function segments(embeddings: HashingEmbeddings, efSearch = PARAMS.efSearch) {
  const texts = sentences().slice(0, 500);
  const parts = [texts.slice(0, 200), texts.slice(200)];
  const vectors: RowSearch[] = [];
  for (const [s, part] of parts.entries()) {
    const dir = tempDir();
    await HnswVectorIndex.build(matrixOf(part, embeddings, true), embeddings, PARAMS, dir, { shards: s + 1 });
    vectors.push(s === 0 ? await HnswVectorIndex.load(dir, 1, embeddings.dimensions, embeddings, efSearch) : await ThreadedVectorIndex.open(dir, 2, embeddings.dimensions, efSearch, part.length));
  }
  let base = 0;
  const views: VectorSegment[] = vectors.map((v) => {
    const deleted = Uint8Array.from({ length: v.size }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const view = { vectors: v, base, deleted, dead: SegmentedVectorIndex.deadRows(v.rowMap, deleted) };
    base += v.size;
    return view;
  });
  const live = texts.map((t, i) => ({ t, i })).filter(({ i }) => (i < 200 ? i : i - 200) % 3 !== 0);
  return { texts, views, live, close: () => Promise.all(vectors.map((v) => v.close())) };
}

describe("vector search over segments", () => {
  // At efSearch 400 the queue holds k plus the first segment's dead rows: searched without hnswlib's filter, dead rows
  // dropped after; at 32 it does not: the filter.
  for (const efSearch of [400, 32]) it(`finds what exact search over the live chunks finds, never a tombstoned one (efSearch ${efSearch})`, async () => {
    const embeddings = new HashingEmbeddings(analyzer());
    const { texts, views, live, close } = await segments(embeddings, efSearch);
    try {
      assert.equal(10 + views[0].dead!.count <= efSearch, efSearch === 400, "the case this run is about");
      const index = new SegmentedVectorIndex(views, texts.length);
      const exact = ExactVectorIndex.fromMatrix(matrixOf(live.map((l) => l.t), embeddings));
      for (const q of QUESTIONS) {
        const v = await embeddings.embedQuery(q);
        const hits = await index.search(v, 10);
        const truth = (await exact.search(v, 10)).map((h) => live[h.ordinal].i);
        assert.deepEqual(hits.map((h) => h.ordinal), truth, q);
        const similarities = await index.similarities(v, hits.map((h) => h.ordinal));
        hits.forEach((h, j) => assert.ok(Math.abs(h.similarity - similarities[j]) < 1e-5));
      }
    } finally {
      await close();
    }
  });
});
