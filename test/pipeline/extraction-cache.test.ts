import assert from "node:assert/strict";
import { readFileSync, promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { indexDeps } from "../../src/app.js";
import { extractDocument, type Extract } from "../../src/ingest/extract/index.js";
import { buildIndex } from "../../src/pipeline/build.js";
import { testApp, workspace } from "../helpers/workspace.js";

const FORMATS = path.resolve(import.meta.dirname, "../../../test/fixtures/formats");
const fixture = (name: string) => readFileSync(path.join(FORMATS, name));

/** extractDocument, counting calls per extension. */
function countingExtract(): Extract & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const extract: Extract = (bytes, ext, options) => {
    calls.set(ext, (calls.get(ext) ?? 0) + 1);
    return extractDocument(bytes, ext, options);
  };
  return Object.assign(extract, { calls });
}

describe("extraction cache", () => {
  it("does not parse an unchanged PDF or DOCX again; a changed one is; the cache follows the corpus", async () => {
    const ws = await workspace({ "a.pdf": fixture("zh-report.pdf"), "b.docx": fixture("report.docx"), "c.txt": "第一版的文字。" });
    const app = testApp(ws.corpus, ws.index);
    const build = async () => {
      const extract = countingExtract();
      const index = await buildIndex(ws.corpus, ws.index, app.config.index, { ...indexDeps(app), extract }, undefined);
      return { index, calls: Object.fromEntries(extract.calls) };
    };
    const first = await build();
    assert.deepEqual(first.calls, { ".pdf": 1, ".docx": 1, ".txt": 1 });
    const pdfText = first.index.docs.find((d) => d.source === "a.pdf")!;
    assert.ok(pdfText.pages && pdfText.pages.length === 3);

    await fs.writeFile(path.join(ws.corpus, "c.txt"), "第二版的文字。");
    const second = await build();
    assert.deepEqual(second.calls, { ".txt": 1 }, "only the text file is read afresh");
    assert.deepEqual(second.index.docs.find((d) => d.source === "a.pdf"), pdfText, "same text, pages and sections from the cache");

    await fs.writeFile(path.join(ws.corpus, "a.pdf"), fixture("columns-rotated.pdf"));
    await fs.rm(path.join(ws.corpus, "b.docx"));
    const third = await build();
    assert.deepEqual(third.calls, { ".pdf": 1, ".txt": 1 });
    assert.match(third.index.docs.find((d) => d.source === "a.pdf")!.text, /双栏排版示例/);
    const cache = JSON.parse(await fs.readFile(path.join(ws.index, "cache", "extracted.json"), "utf8")) as { entries: Record<string, unknown> };
    assert.deepEqual(Object.keys(cache.entries).map((k) => k.split(":")[1]), [".pdf"], "only what the corpus still holds is kept");
    await fs.rm(path.join(ws.corpus, "a.pdf"));
    await build();
    const emptied = JSON.parse(await fs.readFile(path.join(ws.index, "cache", "extracted.json"), "utf8")) as { entries: Record<string, unknown> };
    assert.deepEqual(emptied.entries, {}, "the entries of removed files are dropped");
  });

  it("writes no cache file for a corpus with nothing to cache", async () => {
    const ws = await workspace({ "a.txt": "纯文本。", "b.md": "# 标题\n\n正文。" });
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app), undefined);
    await assert.rejects(fs.access(path.join(ws.index, "cache", "extracted.json")));
  });

  it("re-extracts when the extractor version changed, and starts afresh from a damaged cache", async () => {
    const ws = await workspace({ "a.pdf": fixture("zh-report.pdf") });
    const app = testApp(ws.corpus, ws.index);
    const build = async () => {
      const extract = countingExtract();
      await buildIndex(ws.corpus, ws.index, app.config.index, { ...indexDeps(app), extract }, undefined);
      return extract.calls.get(".pdf") ?? 0;
    };
    assert.equal(await build(), 1);
    assert.equal(await build(), 0);
    const file = path.join(ws.index, "cache", "extracted.json");
    const cache = JSON.parse(await fs.readFile(file, "utf8")) as { version: number };
    await fs.writeFile(file, JSON.stringify({ ...cache, version: cache.version + 1 }));
    assert.equal(await build(), 1);
    await fs.writeFile(file, "{not json");
    assert.equal(await build(), 1);
    assert.equal(await build(), 0);
  });
});
