import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { chunkDocument, DEFAULT_CHUNKER, lineAt, lineStarts } from "../../src/chunk/chunker.js";
import type { SourceDoc } from "../../src/types.js";
import { BUNDLED_DOC } from "../helpers/workspace.js";

const doc = (text: string, source = "t.txt"): SourceDoc => ({ source, title: "t", text, hash: "", encoding: "utf-8" });

describe("chunkDocument", () => {
  const bundled = doc(readFileSync(BUNDLED_DOC, "utf8"), "beijing.txt");
  const chunks = chunkDocument(bundled);

  it("records exact offsets, line and paragraph for every chunk of the bundled document", () => {
    const starts = lineStarts(bundled.text);
    for (const c of chunks) {
      assert.equal(c.text, bundled.text.slice(c.start, c.end));
      assert.equal(c.line, lineAt(starts, c.start));
      assert.ok(c.end - c.start <= DEFAULT_CHUNKER.maxChars * 2, `chunk ${c.id} too long`);
      assert.match(c.id, /^[0-9a-f]{20}$/);
    }
    const fact = chunks.find((c) => c.text.includes("近2万个学生党支部"))!;
    assert.equal(fact.line, 19);
    assert.equal(fact.paragraph, 10);
  });

  it("flags page chrome (breadcrumbs, ICP numbers, copyright) as its own chunks", () => {
    const chrome = chunks.filter((c) => c.chrome).map((c) => c.text);
    assert.ok(chrome.some((t) => t.startsWith("当前位置:首页")));
    assert.ok(chrome.some((t) => t.startsWith("京ICP备")));
    assert.ok(chrome.some((t) => t.startsWith("版权所有")));
    assert.ok(chunks.filter((c) => !c.chrome).every((c) => !c.text.includes("ICP备")));
  });

  it("cuts only at sentence ends and never inside a closing quote", () => {
    for (const c of chunks.filter((c) => !c.chrome && c.end - c.start > 100)) {
      assert.match(c.text, /[。！？；”]$/, `chunk does not end at a sentence end: …${c.text.slice(-12)}`);
    }
  });

  it("gives stable ids that change with the text or offsets", () => {
    const again = chunkDocument(bundled);
    assert.deepEqual(again.map((c) => c.id), chunks.map((c) => c.id));
    const edited = chunkDocument(doc(bundled.text.replace("近2万个", "近3万个"), "beijing.txt"));
    assert.notDeepEqual(edited.map((c) => c.id), chunks.map((c) => c.id));
    assert.ok(edited.filter((c) => chunks.some((o) => o.id === c.id)).length >= chunks.length - 3, "unchanged chunks keep their ids");
  });

  it("keeps headings with the text that follows and does not cross them", () => {
    const text = "# 第一章\n\n第一章的内容。\n\n# 第二章\n\n第二章的内容。";
    const parts = chunkDocument(doc(text, "a.md")).map((c) => c.text);
    assert.deepEqual(parts, ["# 第一章\n\n第一章的内容。", "# 第二章\n\n第二章的内容。"]);
  });

  it("splits a huge line without punctuation and never splits a surrogate pair", () => {
    const text = "𠀀".repeat(500) + "字".repeat(333);
    const parts = chunkDocument(doc(text));
    assert.ok(parts.length >= 3);
    assert.equal(parts.map((c) => c.text).join(""), text);
    for (const c of parts) {
      const first = c.text.charCodeAt(0);
      assert.ok(!(first >= 0xdc00 && first <= 0xdfff), "chunk starts with a low surrogate");
    }
  });
});
