import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { readManifest, writeManifest } from "../../src/index/manifest.js";
import { captureIo, workspace } from "../helpers/workspace.js";

const DOCS = { "a.txt": Array.from({ length: 40 }, (_, i) => `第${i}段讲述了项目${i}的情况，共有${i * 7 + 3}名成员参加。`).join("\n\n") };

async function indexed() {
  const ws = await workspace(DOCS);
  const common = ["--corpus", ws.corpus, "--index", ws.index];
  assert.equal(await runMain(["index", ...common], captureIo(ws.root)), 0);
  const manifest = (await readManifest(ws.index))!;
  return { ws, common, manifest, buildDir: path.join(ws.index, manifest.segments[0].name) };
}

describe("citebot stats verifies the index", () => {
  it("says what it verified and what not on an intact index", async () => {
    const { ws, common } = await indexed();
    const json = captureIo(ws.root);
    assert.equal(await runMain(["stats", "--json", ...common], json), 0);
    assert.deepEqual(JSON.parse(json.out()).integrity, { verified: true, notVerified: ["embedder"] });
    const text = captureIo(ws.root);
    assert.equal(await runMain(["stats", ...common], text), 0);
    assert.match(text.out(), /^integrity  verified \(.*sha256.*\); not verified: that the configured embedder matches/m);
  });

  it("counts a one-chunk document and segment in the singular", async () => {
    const ws = await workspace({ "short.txt": "上海市有35所高校。" });
    const common = ["--corpus", ws.corpus, "--index", ws.index];
    assert.equal(await runMain(["index", ...common], captureIo(ws.root)), 0);
    const text = captureIo(ws.root);
    assert.equal(await runMain(["stats", ...common], text), 0);
    assert.match(text.out(), /^segments   1 \(generation 1\): 1 chunk$/m);
    assert.match(text.out(), /^  short\.txt · .* · 1 chunk, \d+ chars, utf-8$/m);
  });

  it("exits 1 naming a corrupted or missing index file, after the report", async () => {
    const { ws, common, buildDir } = await indexed();
    for (const name of ["hnsw-0.index", "bm25.bin", "chunks.bin", "docs.bin", "rows.bin"]) {
      const file = path.join(buildDir, name);
      const original = await fs.readFile(file);
      const flipped = Buffer.from(original);
      flipped[flipped.length >> 1] ^= 0xff;
      await fs.writeFile(file, flipped);
      const io = captureIo(ws.root);
      assert.equal(await runMain(["stats", "--json", ...common], io), 1, name);
      assert.deepEqual(JSON.parse(io.out()).integrity, { verified: false, code: "INDEX_CORRUPT", problem: `index file ${file} is corrupted` });
      assert.equal(io.err(), `citebot: index file ${file} is corrupted (run \`citebot index --full\` to rebuild the index) [INDEX_CORRUPT]\n`);
      await fs.rm(file);
      const missing = captureIo(ws.root);
      assert.equal(await runMain(["stats", ...common], missing), 1);
      assert.match(missing.out(), new RegExp(`^integrity  FAILED: index file .*${name.replace(".", "\\.")} is missing$`, "m"));
      await fs.writeFile(file, original);
    }
    assert.equal(await runMain(["stats", ...common], captureIo(ws.root)), 0);
  });

  it("finds a graph file cut short even when the manifest's checksum describes it", async () => {
    const { ws, common, manifest, buildDir } = await indexed();
    const file = path.join(buildDir, "hnsw-0.index");
    const short = (await fs.readFile(file)).subarray(0, 1000);
    await fs.writeFile(file, short);
    manifest.segments[0].artifacts["hnsw-0.index"] = { bytes: short.length, sha256: createHash("sha256").update(short).digest("hex") };
    await writeManifest(ws.index, manifest);
    const io = captureIo(ws.root);
    assert.equal(await runMain(["stats", ...common], io), 1);
    assert.match(io.err(), /^citebot: index file .*hnsw-0\.index cannot be loaded: graph file is 1000 bytes, its layout needs at least \d+ .*\[INDEX_CORRUPT\]\n$/);
  });

  it("exits 1 when the index was built with other chunker settings, as ask does", async () => {
    const { ws, common, manifest } = await indexed();
    await writeManifest(ws.index, { ...manifest, chunker: { ...manifest.chunker, maxChars: manifest.chunker.maxChars + 1 } });
    for (const command of [["stats"], ["ask", "项目3有多少名成员参加？"]]) {
      const io = captureIo(ws.root);
      assert.equal(await runMain([...command, ...common], io), 1);
      assert.match(io.err(), /other chunker settings.*\[INDEX_MISMATCH\]\n$/);
    }
  });
});
