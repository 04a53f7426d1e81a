import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { indexDeps } from "../../src/app.js";
import { listCorpusFiles } from "../../src/ingest/load.js";
import { readCorpus, readDocument } from "../../src/pipeline/documents.js";
import { EmbeddingCache } from "../../src/pipeline/embedding-cache.js";
import { buildSegment } from "../../src/pipeline/segment.js";
import { DOCS } from "../helpers/index-fixtures.js";
import { tempDir, testApp, workspace } from "../helpers/workspace.js";

describe("index segments", () => {
  it("indexes one document with the steps of a whole build", async () => {
    const ws = await workspace({ ...DOCS, "empty.txt": "" });
    const app = testApp(ws.corpus, ws.index);
    const { chunker } = app.config.index;
    const corpus = await readCorpus(ws.corpus, chunker, app.logger);
    assert.deepEqual(corpus.documents.map((d) => d.file.source), ["a.txt", "b.md"]);
    assert.deepEqual(corpus.skipped.map((s) => [s.source, s.reason]), [["empty.txt", "empty"]]);

    const { files } = await listCorpusFiles(ws.corpus, app.logger);
    const one = await readDocument(files.find((f) => f.source === "b.md")!, chunker, app.logger);
    assert.ok("doc" in one);
    assert.deepEqual(one, corpus.documents[1]);

    const cacheDir = tempDir();
    const buildDir = path.join(tempDir(), "build-one");
    const cache = await EmbeddingCache.open(cacheDir, app.embedder.info.id, app.embedder.info.dimensions);
    const segment = await buildSegment([one], buildDir, cache, app.config.index, indexDeps(app));
    assert.deepEqual(segment.docs, [one.doc]);
    assert.deepEqual(segment.chunks, one.chunks);
    assert.deepEqual([...segment.chunkDoc], one.chunks.map(() => 0));
    assert.equal(segment.embedded.length, one.chunks.length);
    assert.equal(segment.vectors.size, one.chunks.length);
    assert.equal(segment.bm25.docCount, one.chunks.length);
    assert.deepEqual(await fs.readdir(buildDir), ["hnsw-0.index"]);
  });
});
