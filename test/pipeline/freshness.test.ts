import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildAppIndex } from "../../src/app.js";
import { readManifest } from "../../src/index/manifest.js";
import { checkFreshness, scanCorpus } from "../../src/pipeline/freshness.js";
import { DOCS } from "../helpers/index-fixtures.js";
import { testApp, workspace } from "../helpers/workspace.js";

describe("corpus freshness", () => {
  it("is fresh right after a build, even with files the build skipped", async () => {
    const ws = await workspace({ ...DOCS, "notes.xyz": "not a document type" });
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const manifest = (await readManifest(ws.index))!;
    assert.deepEqual(manifest.skipped.map((s) => s.source), ["notes.xyz"]);
    assert.deepEqual(await checkFreshness(await scanCorpus(ws.corpus), manifest), { fresh: true, changed: [], touched: [] });
  });

  it("counts a newly added unsupported file as a change, so the next build reports it", async () => {
    const ws = await workspace(DOCS);
    await buildAppIndex(testApp(ws.corpus, ws.index));
    await fs.writeFile(path.join(ws.corpus, "slides.ppt"), "legacy");
    const manifest = (await readManifest(ws.index))!;
    assert.deepEqual(await checkFreshness(await scanCorpus(ws.corpus), manifest), { fresh: false, changed: ["slides.ppt"], touched: [] });
  });

  it("counts a skipped file that disappeared as a change", async () => {
    const ws = await workspace({ ...DOCS, "notes.xyz": "not a document type" });
    await buildAppIndex(testApp(ws.corpus, ws.index));
    await fs.rm(path.join(ws.corpus, "notes.xyz"));
    const manifest = (await readManifest(ws.index))!;
    assert.deepEqual(await checkFreshness(await scanCorpus(ws.corpus), manifest), { fresh: false, changed: ["notes.xyz"], touched: [] });
  });
});
