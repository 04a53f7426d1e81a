import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildAppIndex } from "../../src/app.js";
import { graphFileElements } from "../../src/index/graph-file.js";
import { readManifest } from "../../src/index/manifest.js";
import { tempDir, testApp, workspace } from "../helpers/workspace.js";

describe("graph file layout check", () => {
  it("accepts a graph file as hnswlib wrote it and finds one cut short anywhere, or with bytes after its end", async () => {
    const ws = await workspace({ "a.txt": Array.from({ length: 400 }, (_, i) => `第${i}段，内容各不相同：${i * 7919}号。`).join("\n\n") });
    await buildAppIndex(testApp(ws.corpus, ws.index));
    const manifest = (await readManifest(ws.index))!;
    const file = path.join(ws.index, manifest.segments[0].name, "hnsw-0.index");
    assert.equal(await graphFileElements(file), manifest.segments[0].vectorRows);
    const bytes = await fs.readFile(file);
    const copy = path.join(tempDir(), "copy.index");
    // Inside the header, inside the level-0 block, inside the link lists, one byte short.
    for (const length of [50, Math.floor(bytes.length / 2), bytes.length - 40, bytes.length - 1]) {
      await fs.writeFile(copy, bytes.subarray(0, length));
      await assert.rejects(graphFileElements(copy), new RegExp(`graph file is ${length} bytes, its layout needs at least`));
    }
    await fs.writeFile(copy, Buffer.concat([bytes, Buffer.alloc(3)]));
    await assert.rejects(graphFileElements(copy), /3 bytes after its end/);
  });
});
