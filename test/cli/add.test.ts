import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { readManifest } from "../../src/index/manifest.js";
import { makePdf } from "../../scripts/perf/make-pdf.js";
import { DOCS, indexedWorkspace } from "../helpers/index-fixtures.js";
import { captureIo, workspace } from "../helpers/workspace.js";

/** The locale of a reader of English: what add says follows the locale, else the (here Chinese) corpus. */
const EN = { LANG: "en_US.UTF-8" };

describe("citebot add", () => {
  it("copies files into the corpus, indexes only them and says what it took in", async () => {
    const { ws, common, outside } = await indexedWorkspace();
    await fs.writeFile(path.join(outside, "行星.txt"), "海王星是距离太阳最远的行星。\n\n天王星的自转轴几乎躺在轨道面上。");
    const io = captureIo(ws.root, undefined, EN);
    assert.equal(await runMain(["add", path.join(outside, "行星.txt"), ...common], io), 0, io.err());
    assert.match(io.out(), /^added 行星\.txt · 行星 · 1 chunk in [\d.]+ s$/m);
    assert.match(io.out(), /^Indexed 3 files \(\d+ chunks\) in [\d.]+ s: added 1 \(1 chunk\) → /m);
    assert.equal(await fs.readFile(path.join(ws.corpus, "行星.txt"), "utf8"), "海王星是距离太阳最远的行星。\n\n天王星的自转轴几乎躺在轨道面上。");
    const manifest = (await readManifest(ws.index))!;
    assert.equal(manifest.segments.length, 2);
    const ask = captureIo(ws.root);
    assert.equal(await runMain(["ask", "距离太阳最远的行星是哪颗？", "--json", ...common], ask), 0);
    assert.equal(JSON.parse(ask.out()).citations[0].source, "行星.txt");
  });

  it("refuses unsupported, broken and clashing files without copying them, and replaces only with --replace", async () => {
    const { ws, common, outside } = await indexedWorkspace();
    await fs.writeFile(path.join(outside, "notes.xyz"), "不支持的格式");
    await fs.writeFile(path.join(outside, "broken.pdf"), "%PDF-1.7 this is not really a PDF");
    await fs.writeFile(path.join(outside, "a.txt"), "另一个同名文件的内容。");
    const io = captureIo(ws.root);
    const files = ["notes.xyz", "broken.pdf", "a.txt"].map((f) => path.join(outside, f));
    assert.equal(await runMain(["add", ...files, "--json", ...common], io), 1);
    const out = JSON.parse(io.out()) as { files: Array<{ status: string; reason?: string }>; update?: unknown };
    assert.deepEqual(out.files.map((f) => f.status), ["refused", "refused", "refused"]);
    assert.match(out.files[0].reason!, /unsupported file type \.xyz/);
    assert.match(out.files[2].reason!, /--replace/);
    assert.equal(out.update, undefined);
    assert.deepEqual((await fs.readdir(ws.corpus)).sort(), ["a.txt", "b.md"]);
    assert.equal(await fs.readFile(path.join(ws.corpus, "a.txt"), "utf8"), DOCS["a.txt"]);
    const replace = captureIo(ws.root);
    assert.equal(await runMain(["add", path.join(outside, "a.txt"), "--replace", "--json", ...common], replace), 0);
    const replaced = JSON.parse(replace.out());
    assert.equal(replaced.files[0].status, "replaced");
    assert.deepEqual(replaced.update.changed.map((c: { source: string }) => c.source), ["a.txt"]);
    assert.equal(await fs.readFile(path.join(ws.corpus, "a.txt"), "utf8"), "另一个同名文件的内容。");
  });

  it("takes a file named twice once, and refuses only the second of two files of the same name, adding the rest", async () => {
    const { ws, common, outside } = await indexedWorkspace();
    await fs.mkdir(path.join(outside, "other"));
    await fs.writeFile(path.join(outside, "水星.txt"), "水星是离太阳最近的行星。");
    await fs.writeFile(path.join(outside, "other", "水星.txt"), "另一份同名的笔记。");
    const first = path.join(outside, "水星.txt");
    const io = captureIo(ws.root, undefined, EN);
    assert.equal(await runMain(["add", first, path.join(outside, "other", "..", "水星.txt"), path.join(outside, "other", "水星.txt"), ...common], io), 1, io.err());
    assert.equal(io.err(), "");
    assert.match(io.out(), /^added 水星\.txt · 水星 · 1 chunk in [\d.]+ s\nnot added .*other\/水星\.txt: .*水星\.txt, also given, is added as 水星\.txt \(rename one of them\)\n/);
    assert.equal(await fs.readFile(path.join(ws.corpus, "水星.txt"), "utf8"), "水星是离太阳最近的行星。");
    assert.ok((await readManifest(ws.index))!.files.some((f) => f.source === "水星.txt"));
  });

  it("stores a file under its safe name: no control or bidi characters, not hidden", async () => {
    const { ws, common, outside } = await indexedWorkspace();
    await fs.writeFile(path.join(outside, ".报告\u001b[2J\u202e.txt"), "报告的内容。");
    const io = captureIo(ws.root);
    assert.equal(await runMain(["add", path.join(outside, ".报告\u001b[2J\u202e.txt"), "--json", ...common], io), 0, io.err());
    assert.equal(JSON.parse(io.out()).files[0].source, "报告[2J.txt");
    assert.deepEqual((await fs.readdir(ws.corpus)).sort(), ["a.txt", "b.md", "报告[2J.txt"]);
  });

  it("says a folder is a folder, and a one-page PDF has 1 page", async () => {
    const { ws, common, outside } = await indexedWorkspace();
    await fs.writeFile(path.join(outside, "relay.pdf"), makePdf(1, 0, "north"));
    const io = captureIo(ws.root, undefined, EN);
    assert.equal(await runMain(["add", outside, path.join(outside, "relay.pdf"), ...common], io), 1, io.err());
    assert.match(io.out(), new RegExp(`^not added ${outside.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: a folder: add the files in it \\(citebot add .*\\*\\)$`, "m"));
    assert.match(io.out(), /^added relay\.pdf · .* · 1 page, \d+ chunks? in [\d.]+ s$/m);
  });

  it("into a corpus not indexed yet, indexes the whole corpus, not only the added file", async () => {
    const ws = await workspace({ "a.txt": DOCS["a.txt"] });
    const outside = path.join(ws.root, "incoming");
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, "行星.txt"), "海王星是距离太阳最远的行星。");
    const io = captureIo(ws.root, undefined, EN);
    assert.equal(await runMain(["add", path.join(outside, "行星.txt"), "--corpus", ws.corpus, "--index", ws.index], io), 0, io.err());
    assert.match(io.out(), /^Indexed 2 files \(\d+ chunks\) in [\d.]+ s: added 2 /m);
    assert.deepEqual((await readManifest(ws.index))!.files.map((f) => f.source), ["a.txt", "行星.txt"]);
  });

  it("indexes a file already in a corpus subfolder where it is, instead of copying it to the top as a second document", async () => {
    const { ws, common } = await indexedWorkspace();
    await fs.mkdir(path.join(ws.corpus, "sub"));
    await fs.writeFile(path.join(ws.corpus, "sub", "行星.txt"), "海王星是距离太阳最远的行星。");
    const io = captureIo(ws.root);
    assert.equal(await runMain(["add", path.join(ws.corpus, "sub", "行星.txt"), "--json", ...common], io), 0, io.err());
    assert.deepEqual(JSON.parse(io.out()).update.added.map((a: { source: string }) => a.source), ["sub/行星.txt"]);
    assert.deepEqual((await fs.readdir(ws.corpus)).sort(), ["a.txt", "b.md", "sub"]);
    assert.deepEqual((await readManifest(ws.index))!.files.map((f) => f.source), ["a.txt", "b.md", "sub/行星.txt"]);
  });

  it("says what it took in in the locale's language, else in the corpus's dominant script", async () => {
    const { ws, common, outside } = await indexedWorkspace();
    await fs.writeFile(path.join(outside, "行星.txt"), "海王星是距离太阳最远的行星。");
    await fs.writeFile(path.join(outside, "notes.xyz"), "不支持的格式");
    const io = captureIo(ws.root);
    assert.equal(await runMain(["add", path.join(outside, "行星.txt"), path.join(outside, "notes.xyz"), ...common], io), 1, io.err());
    assert.match(io.out(), /^已添加 行星\.txt · 行星 · 1 个片段，用时 [\d.]+ 秒\n未添加 .*notes\.xyz：unsupported file type \.xyz/);
    assert.match(io.out(), /^已索引 3 个文件（\d+ 个片段），用时 [\d.]+ 秒：新增 1 个（1 个片段） → /m);
    const again = captureIo(ws.root, undefined, { LANG: "zh_TW.UTF-8" });
    assert.equal(await runMain(["add", path.join(outside, "行星.txt"), ...common], again), 0, again.err());
    assert.match(again.out(), /^已在索引中 行星\.txt\n索引已是最新：3 個文件（\d+ 個片段） → /);
  });
});
