import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { AppError } from "../../src/errors.js";
import { loadCorpus } from "../../src/ingest/load.js";
import { createMemoryLogger } from "../../src/log.js";
import { workspace } from "../helpers/workspace.js";

describe("loadCorpus", () => {
  it("loads txt, md and html recursively, and skips a binary file, a fake PDF and an unknown type with a warning naming each", async () => {
    const ws = await workspace({
      "a.txt": "第一篇文档。",
      "sub/b.md": "# 标题\n\n第二篇。",
      "sub/deeper/c.html": "<html><head><title>网页标题</title><script>alert('x')</script></head><body><p>正文 &amp; 内容</p><style>p{}</style></body></html>",
      "gbk.txt": iconv.encode("这是GBK编码的文件。", "gbk"),
      "image.txt": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]),
      "fake.pdf": "not a PDF",
      "notes.xyz": "unknown type",
      ".hidden.xyz": "dot-files stay ignored",
    });
    const logger = createMemoryLogger("warn");
    const { docs, skipped } = await loadCorpus(ws.corpus, logger);
    assert.deepEqual(docs.map((d) => d.source), ["a.txt", "gbk.txt", "sub/b.md", "sub/deeper/c.html"]);
    assert.equal(docs.find((d) => d.source === "gbk.txt")?.text, "这是GBK编码的文件。");
    const html = docs.find((d) => d.source === "sub/deeper/c.html")!;
    assert.equal(html.text, "正文 & 内容");
    assert.equal(html.title, "网页标题");
    assert.equal(docs.find((d) => d.source === "sub/b.md")?.title, "标题");
    assert.deepEqual(skipped.map((s) => [s.source, s.reason]), [
      ["notes.xyz", "unsupported file type .xyz"],
      ["fake.pdf", "not a PDF file (no %PDF- header)"],
      ["image.txt", "binary or undecodable (not UTF-8, UTF-16 with BOM, or GB18030)"],
    ]);
    for (const name of ["image.txt", "fake.pdf", "notes.xyz"]) assert.ok(logger.lines.some((l) => l.includes(name) && l.includes("warn")), name);
  });

  it("reports an empty corpus as a clear error", async () => {
    const ws = await workspace({ "empty.txt": "  \n" });
    await assert.rejects(loadCorpus(ws.corpus, createMemoryLogger()), (e: unknown) => e instanceof AppError && e.code === "CORPUS_EMPTY");
  });

  it("reports a missing corpus directory", async () => {
    await assert.rejects(loadCorpus("/nonexistent/citebot", createMemoryLogger()), (e: unknown) => e instanceof AppError && e.code === "CORPUS_MISSING");
  });

  it("survives a symlink loop", async () => {
    const ws = await workspace({ "a.txt": "内容。" });
    await fs.symlink(ws.corpus, path.join(ws.corpus, "loop"));
    const { docs } = await loadCorpus(ws.corpus, createMemoryLogger());
    assert.deepEqual(docs.map((d) => d.source), ["a.txt"]);
  });
});
