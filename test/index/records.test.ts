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

  it("keeps pages and sections (citebot-docs/2) and still reads citebot-docs/1 indexes, which have neither", () => {
    const withLayout: StoredDoc[] = [
      { source: "r.pdf", title: "R", text: "一、总体\n\n第一页。\n\n二、细节\n\n第二页。", pages: [0, 13], sections: [{ start: 0, heading: "一、总体", level: 1 }, { start: 13, heading: "二、细节", level: 1 }] },
      { source: "a.txt", title: "A", text: "plain" },
      { source: "b.html", title: "B", text: "# x\n\ny", sections: [{ start: 0, heading: "x \"quoted\" <h>", level: 2 }] },
    ];
    const bytes = encodeDocs(withLayout);
    assert.match(bytes.toString("utf8", 4, 4 + bytes.readUInt32LE(0)), /"format":"citebot-docs\/2"/);
    assert.deepEqual(decodeDocs(bytes), withLayout);
    assert.ok(!("pages" in decodeDocs(bytes)[1]) && !("sections" in decodeDocs(bytes)[1]));

    const old = decodeDocs(encodeDocsV1(withLayout));
    assert.deepEqual(old, withLayout.map(({ source, title, text }) => ({ source, title, text })));
    assert.throws(() => decodeDocs(encodeDocsV1(withLayout, "citebot-docs/9")), /format "citebot-docs\/9", expected citebot-docs\/2/);
  });

  it("rejects page or section starts outside the text or out of order", () => {
    const text = "0123456789";
    assert.throws(() => decodeDocs(encodeDocs([{ source: "p.pdf", title: "", text, pages: [0, 11] }])), /bad page starts/);
    assert.throws(() => decodeDocs(encodeDocs([{ source: "p.pdf", title: "", text, pages: [5, 2] }])), /bad page starts/);
    assert.throws(() => decodeDocs(encodeDocs([{ source: "p.md", title: "", text, sections: [{ start: -1, heading: "h", level: 1 }] }])), /bad section starts/);
  });
});

/** docs.bin as citebot-docs/1 wrote it (no pages, no sections in the header). */
function encodeDocsV1(docs: StoredDoc[], format = "citebot-docs/1"): Buffer {
  const align8 = (n: number) => n + ((8 - (n % 8)) % 8);
  const offsets = new Uint32Array(docs.length + 1);
  docs.forEach((d, i) => (offsets[i + 1] = offsets[i] + d.text.length));
  const json = Buffer.from(JSON.stringify({ format, count: docs.length, units: offsets[docs.length], sources: docs.map((d) => d.source), titles: docs.map((d) => d.title) }));
  const offsetsAt = align8(4 + json.length);
  const textAt = align8(offsetsAt + offsets.byteLength);
  const out = Buffer.alloc(textAt + offsets[docs.length] * 2);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  Buffer.from(offsets.buffer).copy(out, offsetsAt);
  docs.forEach((d, i) => out.write(d.text, textAt + offsets[i] * 2, "utf16le"));
  return out;
}
