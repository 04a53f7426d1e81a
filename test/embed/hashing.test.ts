import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { foldFromTable } from "../../src/search/fold.js";
import { embedWithPool, POOL_MIN_TEXTS } from "../../src/embed/worker-pool.js";
import { analyzer } from "../helpers/workspace.js";
import { analyzerTexts } from "../helpers/analyzer-texts.js";

describe("hashing embedder", () => {
  const an = analyzer();
  const embeddings = new HashingEmbeddings(an);

  it("gives bit-identical vectors on the fast path (embedInto) and the reference path (embed)", async () => {
    const out = new Float32Array(embeddings.dimensions);
    for (const text of analyzerTexts()) {
      embeddings.embedInto(text, out, 0);
      assert.deepEqual(out, embeddings.embed(text), JSON.stringify(text.slice(0, 40)));
    }
    assert.deepEqual(await embeddings.embedDocuments(["北京高校"]), [Array.from(embeddings.embed("北京高校"))]);
  });

  it("embeds with a custom analyzer's own terms, fed as strings, the same on both paths, and never on workers", () => {
    const trigrams = (t: string) => Array.from({ length: Math.max(0, t.length - 2) }, (_, i) => t.slice(i, i + 3));
    const custom = new HashingEmbeddings({ fold: an.fold, terms: trigrams, scan: (text, sink) => trigrams(an.fold(text)).forEach((t) => sink.other(t)) });
    const out = new Float32Array(512);
    for (const text of analyzerTexts()) {
      custom.embedInto(text, out, 0);
      assert.deepEqual(out, custom.embed(text));
    }
    assert.equal(custom.workerSpec(), undefined, "a custom analyzer is never sent to workers");
  });

  it("sends workers the analyzer's fold as a table", () => {
    const fold = foldFromTable(embeddings.workerSpec()!.foldTable);
    for (const text of analyzerTexts()) assert.equal(fold(text), an.fold(text));
  });

  it("embeds on worker threads into a shared matrix with the same vectors as in-process", async () => {
    const base = analyzerTexts();
    const texts = Array.from({ length: 1200 }, (_, i) => base[i % base.length] + String(i));
    const d = embeddings.dimensions;
    const rows = Int32Array.from(texts.map((_, i) => texts.length - 1 - i)); // rows need not follow text order
    const shared = new Float32Array(new SharedArrayBuffer(texts.length * d * 4));
    const progress: number[] = [];
    const { threads } = await embedWithPool(embeddings, texts, rows, shared, d, { threads: 2, minTexts: 0, onProgress: (p) => progress.push(p.done) });
    assert.equal(threads, 2);
    assert.equal(progress[progress.length - 1], texts.length);
    texts.forEach((t, i) => assert.deepEqual(shared.subarray(rows[i] * d, (rows[i] + 1) * d), embeddings.embed(t)));
    const local = new Float32Array(texts.length * d); // not shared: embedded in-process
    assert.deepEqual(await embedWithPool(embeddings, texts.slice(0, 10), Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), local, d, { minTexts: 0 }), { threads: 0 });
    assert.deepEqual(local.subarray(0, d), embeddings.embed(texts[0]));
  });

  it("embeds fewer than POOL_MIN_TEXTS texts on the calling thread, with the vectors the pool gives", async () => {
    const base = analyzerTexts();
    const d = embeddings.dimensions;
    const matrix = (n: number) => new Float32Array(new SharedArrayBuffer(n * d * 4));
    const below = Array.from({ length: POOL_MIN_TEXTS - 1 }, (_, i) => base[i % base.length] + String(i));
    const rows = Int32Array.from(below.keys());
    const here = matrix(below.length);
    assert.deepEqual(await embedWithPool(embeddings, below, rows, here, d), { threads: 0 });
    const pooled = matrix(below.length);
    assert.deepEqual(await embedWithPool(embeddings, below, rows, pooled, d, { threads: 2, minTexts: 0 }), { threads: 2 });
    assert.deepEqual(here, pooled);
    const at = [...below, "一句新的话。"];
    assert.equal((await embedWithPool(embeddings, at, Int32Array.from(at.keys()), matrix(at.length), d, { threads: 2 })).threads, 2);
  });
});
