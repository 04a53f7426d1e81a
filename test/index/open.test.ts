import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildAppIndex, openFreshIndex } from "../../src/app.js";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import { AppError } from "../../src/errors.js";
import { readManifest } from "../../src/index/manifest.js";
import type { Embedder } from "../../src/types.js";
import { DOCS } from "../helpers/index-fixtures.js";
import { analyzer, testApp, workspace } from "../helpers/workspace.js";

describe("opening the index", () => {
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
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("citebot-index/4", "citebot-index/3"));
    await assert.rejects(openFreshIndex(testApp(ws.corpus, ws.index)), { code: "INDEX_MISMATCH" });
  });

  it("reports corrupted or truncated index files by name instead of crashing", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const manifest = (await readManifest(ws.index))!;
    for (const name of ["hnsw-0.index", "bm25.bin", "chunks.bin", "docs.bin", "rows.bin"]) {
      const file = path.join(ws.index, manifest.segments[0].name, name);
      const original = await fs.readFile(file);
      await fs.writeFile(file, original.subarray(0, Math.floor(original.length / 2)));
      await assert.rejects(openFreshIndex(testApp(ws.corpus, ws.index)), (e: unknown) =>
        e instanceof AppError && e.code === "INDEX_CORRUPT" && e.message.includes(name) && /citebot index/.test(e.hint ?? ""));
      await fs.writeFile(file, original);
    }
    await fs.writeFile(path.join(ws.index, "manifest.json"), "{ truncated");
    await assert.rejects(openFreshIndex(testApp(ws.corpus, ws.index)), (e: unknown) => e instanceof AppError && e.code === "INDEX_CORRUPT" && e.message.includes("manifest.json"));
  });
});
