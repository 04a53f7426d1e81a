import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chunkDocument } from "../../src/chunk/chunker.js";
import { decodeChunks, decodeDocs, encodeChunks, encodeDocs, type StoredDoc } from "../../src/index/records.js";

const DOCS: StoredDoc[] = [
  { source: "a.txt", title: "甲", text: "# 标题\n\n第一段：北京市共有高校92所。\n\n首页 > 新闻 > 正文\n\n第二段𠀋𡈽😀，还有更多内容。" },
  { source: "dir/空.md", title: "", text: "" },
  { source: "b.html", title: "B \"quoted\"", text: "English text.\r\nWith CRLF lines\u2028and separators\ud800." },
];

describe("binary document and chunk records", () => {
  it("round-trips documents and chunks exactly (offsets, ids, chrome flags, odd characters)", () => {
    const chunks = DOCS.flatMap((d) => chunkDocument({ ...d, hash: "", encoding: "utf-8" }));
    const chunkDoc = DOCS.flatMap((d, i) => chunkDocument({ ...d, hash: "", encoding: "utf-8" }).map(() => i));
    assert.ok(chunks.some((c) => c.chrome), "the sample has a chrome chunk");
    const docs = decodeDocs(encodeDocs(DOCS));
    assert.deepEqual(docs, DOCS);
    const decoded = decodeChunks(encodeChunks(chunks, chunkDoc), docs);
    assert.deepEqual(decoded.chunks, chunks);
    assert.deepEqual(Array.from(decoded.chunkDoc), chunkDoc);
    assert.deepEqual(decodeChunks(encodeChunks([], []), docs).chunks, []);
  });

  it("rejects truncated, foreign or inconsistent bytes with a plain message", () => {
    const docsBytes = encodeDocs(DOCS);
    assert.throws(() => decodeDocs(docsBytes.subarray(0, docsBytes.length - 2)), /wrong size/);
    assert.throws(() => decodeDocs(docsBytes.subarray(0, 2)), /truncated/);
    assert.throws(() => decodeDocs(Buffer.from("\u0005\u0000\u0000\u0000{bad}")), /corrupted/);
    const chunks = chunkDocument({ ...DOCS[0], hash: "", encoding: "utf-8" });
    const bytes = encodeChunks(chunks, chunks.map(() => 0));
    assert.equal(decodeChunks(bytes, DOCS).chunks.length, chunks.length);
    assert.throws(() => decodeChunks(bytes.subarray(0, bytes.length - 1), DOCS), /wrong size/);
    assert.throws(() => decodeChunks(encodeChunks(chunks, chunks.map(() => 1)), DOCS), /outside its document/);
    assert.throws(() => decodeChunks(docsBytes, DOCS), /format/);
  });
});
