import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Citer } from "../../src/answer/cite.js";
import { chunkDocument, paragraphBlocks } from "../../src/chunk/chunker.js";
import type { Chunk } from "../../src/types.js";
import { seededRandom } from "../helpers/random.js";
import { BUNDLED_DOC } from "../helpers/workspace.js";

/** Documents of every shape the chunker numbers differently. */
const DOCS: Record<string, string> = {
  "beijing.txt": readFileSync(BUNDLED_DOC, "utf8"),
  "blank-lines.md": "# Report\n\nOverview\n\nThe city has 92 universities, e.g. Peking University. About 600,000 students.\nMost live on campus.\n\n\n  Funding: 120 billion yuan in 2023.\n\nCopyright 2023 All rights reserved\n",
  "single-newlines.txt": "臺灣高等教育\n臺灣的大學數量為一百四十所，其中國立大學四十五所。\n  教育部負責高等教育政策。\n\u3000\u3000二〇二三年共有學生一百一十萬人。\n",
  "crlf.txt": "标题\r\n\r\n第一段第一句。第一段第二句，\r\n仍是第一段。\r\n\r\n第二段。\r\n",
  "empty.txt": "",
  "no-newline.txt": "只有一句话，没有换行。",
};

function index() {
  const docs = Object.entries(DOCS).map(([source, text]) => ({ source, title: source, text }));
  const chunks: Chunk[] = [];
  const chunkDoc: number[] = [];
  docs.forEach((d, i) => {
    for (const c of chunkDocument({ ...d, hash: "", encoding: "utf-8" })) {
      chunks.push(c);
      chunkDoc.push(i);
    }
  });
  return { docs, chunks, chunkDoc: Uint32Array.from(chunkDoc) };
}

/** Line and paragraph counted the slow, obvious way. */
function expected(text: string, offset: number): { line: number; paragraph: number } {
  return {
    line: text.slice(0, offset).split("\n").length,
    paragraph: paragraphBlocks(text).filter((b) => b.start <= offset).at(-1)?.paragraph ?? 1,
  };
}

describe("Citer", () => {
  const idx = index();
  const citer = new Citer(idx);

  it("numbers every chunk's start exactly as the chunker numbers the chunk", () => {
    assert.ok(idx.chunks.length > 20);
    idx.chunks.forEach((c, i) => {
      const at = citer.locate(c.source, c.start, c.end)!;
      assert.deepEqual(at, { source: c.source, start: c.start, end: c.end, line: c.line, paragraph: c.paragraph }, `chunk ${i} of ${c.source}`);
      assert.deepEqual(citer.locate(idx.chunkDoc[i], c.start, c.end), at, "by document position as by source");
    });
  });

  it("numbers every offset of every document by its line and paragraph", () => {
    for (const [source, text] of Object.entries(DOCS)) {
      for (let offset = 0; offset <= text.length; offset++) {
        const { line, paragraph } = citer.locate(source, offset)!;
        assert.deepEqual({ line, paragraph }, expected(text, offset), `${source} at ${offset}`);
      }
    }
  });

  it("cites exact slices with the location, score and chunk given, fields in the JSON order", () => {
    const random = seededRandom(13);
    for (let i = 0; i < 500; i++) {
      const d = Math.floor(random() * idx.docs.length);
      const { source, text } = idx.docs[d];
      const start = Math.floor(random() * (text.length + 1));
      const end = start + Math.floor(random() * (text.length - start + 1));
      const c = citer.cite(random() < 0.5 ? d : source, start, end, 0.5, "chunk-x");
      assert.deepEqual(Object.keys(c), ["source", "start", "end", "line", "paragraph", "text", "score", "chunkId"]);
      // Only clause marks opening the span (and the spaces after them) are left out.
      assert.match(text.slice(start, c.start), /^(?:[，,、：:；;]\s*)*$/u);
      assert.equal(c.text, text.slice(c.start, end));
      assert.deepEqual(c, { source, start: c.start, end, ...expected(text, c.start), text: text.slice(c.start, end), score: 0.5, chunkId: "chunk-x" });
    }
  });

  it("never opens a citation with a clause mark: it starts after the marks, offsets exact", () => {
    const text = DOCS["no-newline.txt"];
    const c = citer.cite("no-newline.txt", text.indexOf("，"), text.length, 1, "c");
    assert.deepEqual([c.start, c.text], [text.indexOf("没"), "没有换行。"]);
    assert.equal(citer.cite("no-newline.txt", 5, 6, 1, "c").text, "，", "a span of marks alone stays as it is");
  });

  it("locates nothing outside the documents, and refuses to cite it", () => {
    const length = DOCS["crlf.txt"].length;
    const outside: Array<[number | string, number, number]> = [
      ["missing.txt", 0, 1], [idx.docs.length, 0, 0], [-1, 0, 0], [1.5, 0, 0],
      ["crlf.txt", -1, 2], ["crlf.txt", 0, length + 1], ["crlf.txt", 5, 4], ["crlf.txt", 0.5, 2],
    ];
    for (const [doc, start, end] of outside) {
      assert.equal(citer.locate(doc, start, end), undefined, `${doc} [${start}, ${end})`);
      assert.throws(() => citer.cite(doc, start, end, 1, "c"), /cannot cite/);
    }
    assert.deepEqual(citer.locate("crlf.txt", length), { source: "crlf.txt", start: length, end: length, ...expected(DOCS["crlf.txt"], length) });
  });

  it("opens the passage around a cited span, and refuses stale or forged references", () => {
    const c = idx.chunks.find((x) => x.text.includes("近2万个学生党支部"))!;
    const start = c.start + c.text.indexOf("近2万个学生党支部");
    const p = citer.passage(c.id, start, start + 9)!;
    assert.deepEqual(p, {
      source: c.source, title: "beijing.txt", chunkId: c.id, start: c.start, end: c.end, line: c.line, paragraph: c.paragraph,
      text: c.text, highlightStart: start - c.start, highlightEnd: start - c.start + 9,
    });
    assert.equal(p.text.slice(p.highlightStart, p.highlightEnd), "近2万个学生党支部");
    const wider = citer.passage(c.id, c.start - 10, c.end + 5)!;
    assert.equal(wider.text, DOCS["beijing.txt"].slice(c.start - 10, c.end + 5));
    assert.equal(citer.passage("0000000000deadbeef00", start, start + 1), undefined);
    assert.equal(citer.passage(c.id, -5, 3), undefined);
    assert.equal(citer.passage(c.id, start, start), undefined);
    assert.equal(citer.passage(c.id, c.start - 1001, c.start), undefined);
    assert.equal(citer.passage(c.id, start, 10_000_000), undefined);
    assert.equal(new Citer({ docs: idx.docs }).passage(c.id, start, start + 1), undefined, "a citer without chunks has no passages");
  });

  it("gives the page (PDF) and nearest heading of a citation's start, and passages the page and heading of the cited span", () => {
    const text = "一、总体\n\n第一页的内容。\n\n二、细节\n\n第二页的内容。\n\n第三页没有新标题。";
    const pages = [0, text.indexOf("二、细节"), text.indexOf("第三页")];
    const sections = [{ start: 0, heading: "一、总体", level: 1 }, { start: pages[1], heading: "二、细节", level: 1 }];
    const docs = [{ source: "r.pdf", title: "R", text, pages, sections }, { source: "h.html", title: "H", text: "前言\n\n# 标题\n\n正文。", sections: [{ start: 4, heading: "标题", level: 1 }] }];
    const chunks = docs.flatMap((d) => chunkDocument({ ...d, hash: "", encoding: "pdf" }));
    const chunkDoc = Uint32Array.from(docs.flatMap((d, i) => chunkDocument({ ...d, hash: "", encoding: "pdf" }).map(() => i)));
    const citer = new Citer({ docs, chunks, chunkDoc });
    const at = (offset: number) => citer.cite("r.pdf", offset, offset + 2, 1, "c");
    assert.deepEqual([at(2), at(pages[1] + 1), at(pages[2])].map((c) => [c.page, c.section]), [[1, "一、总体"], [2, "二、细节"], [3, "二、细节"]]);
    assert.deepEqual(Object.keys(at(pages[2])), ["source", "start", "end", "line", "paragraph", "page", "section", "text", "score", "chunkId"]);
    assert.equal(at(pages[2]).text, text.slice(pages[2], pages[2] + 2));
    // Before the first heading there is no section; a document without pages has no page.
    const early = citer.cite("h.html", 0, 2, 1, "c");
    assert.ok(!("section" in early) && !("page" in early));
    assert.equal(citer.cite("h.html", 9, 11, 1, "c").section, "标题");
    const chunk = chunks.find((c) => c.source === "r.pdf" && c.start <= pages[2] && c.end > pages[2])!;
    const passage = citer.passage(chunk.id, pages[2], pages[2] + 3)!;
    assert.equal(passage.page, 3);
    assert.equal(passage.section, "二、细节");
  });

  it("adds no page or section to a plain-text citation or passage (their JSON is unchanged)", () => {
    const c = citer.cite("crlf.txt", 0, 2, 1, "c");
    assert.ok(!("page" in c) && !("section" in c));
    const chunk = idx.chunks.find((k) => k.source === "crlf.txt")!;
    const passage = citer.passage(chunk.id, chunk.start, chunk.end)!;
    assert.ok(!("page" in passage) && !("section" in passage));
  });
});
