import assert from "node:assert/strict";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { type ExtractedDoc, type ExtractResult, extractDocument, isSkip, LEGACY_REASON, locatePage, sectionAt } from "../../../src/ingest/extract/index.js";
import { joinLines } from "../../../src/ingest/extract/join.js";
import { markdownSections } from "../../../src/ingest/extract/markdown.js";
import { listCorpusFiles, loadCorpusFile } from "../../../src/ingest/load.js";
import { createMemoryLogger } from "../../../src/log.js";
import { tempDir } from "../../helpers/workspace.js";

const FORMATS = path.resolve(import.meta.dirname, "../../../../test/fixtures/formats");
const bytes = (name: string) => new Uint8Array(readFileSync(path.join(FORMATS, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

function doc(result: ExtractResult): ExtractedDoc {
  if (isSkip(result)) assert.fail(`skipped: ${result.skipped}`);
  return result;
}

describe("DOCX extraction (mammoth → HTML extractor)", async () => {
  const report = doc(await extractDocument(bytes("report.docx"), ".docx"));

  it("keeps headings, paragraphs, the table (a row per line), lists and line breaks in reading order", () => {
    assert.equal(
      report.text,
      [
        "年度工作报告",
        "本报告总结了公司2024年的主要工作。全年营业收入为8.6亿元，同比增长12%。",
        "主要指标",
        "指标 | 2023年 | 2024年\n营业收入 | 7.7亿元 | 8.6亿元\n员工人数 | 1200人 | 1350人",
        "重点工作",
        "• 完成新厂区建设。\n• 上线客户服务系统。",
        "1. 第一步：调研需求。\n2. 第二步：制定方案。",
        "联系人：张三\n电话：010-12345678",
      ].join("\n\n"),
    );
  });

  it("leaves the page header and footer out of the body", () => {
    assert.ok(!report.text.includes("页眉") && !report.text.includes("页脚"));
  });

  it("gives sections from the Heading styles", () => {
    assert.deepEqual(report.sections?.map((s) => [s.heading, s.level]), [["年度工作报告", 1], ["主要指标", 2], ["重点工作", 2]]);
    assert.equal(sectionAt(report.sections, report.text.indexOf("员工人数"))?.heading, "主要指标");
    assert.equal(report.encoding, "docx");
  });

  it("skips a damaged .docx and a zip that is no Word document", async () => {
    assert.match((await extractDocument(bytes("report.docx").slice(0, 500), ".docx") as { skipped: string }).skipped, /^not a valid Word \.docx file/);
    assert.equal((await extractDocument(bytes("book.epub"), ".docx") as { skipped: string }).skipped, "not a Word .docx file (no word/document.xml inside)");
  });

  it("says why a file that is no zip at all is no .docx or .epub, without JSZip's advice and link", async () => {
    const noise = new Uint8Array(3000).map((_, i) => (i * 7919) % 251);
    assert.equal((await extractDocument(noise, ".docx") as { skipped: string }).skipped, "not a valid Word .docx file (damaged zip: can't find end of central directory)");
    assert.equal((await extractDocument(Buffer.from("PK\x03\x04garbage"), ".epub") as { skipped: string }).skipped, "not a valid EPUB file (damaged zip: can't find end of central directory)");
  });
});

describe("EPUB extraction", async () => {
  const book = doc(await extractDocument(bytes("book.epub"), ".epub"));

  it("reads the spine in order (not the manifest's order), skipping non-linear items", () => {
    assert.equal(book.text, "第一章 出发\n\n清晨，船离开了港口。\n\n海面上起了薄雾……\n\n第二章 抵达\n\n三天后，船抵达了对岸的小城。");
    assert.equal(book.title, "示例电子书");
    assert.deepEqual(book.sections?.map((s) => [s.start, s.heading]), [[0, "第一章 出发"], [book.text.indexOf("第二章"), "第二章 抵达"]]);
  });

  it("skips a file that is not an EPUB", async () => {
    assert.equal((await extractDocument(bytes("report.docx"), ".epub") as { skipped: string }).skipped, "not an EPUB file (no META-INF/container.xml)");
  });
});

describe("extractDocument: text formats, legacy and unknown types", () => {
  it("plain text and Markdown are the decoded file, byte for byte; Markdown gets sections from its headings", async () => {
    const md = "# 标题\r\n\r\n正文。\n\n```\n# 不是标题\n```\n\n## 第二节 ##\n\n小节\n---\n";
    const r = doc(await extractDocument(utf8(md), ".md"));
    assert.equal(r.text, md);
    assert.deepEqual(r.sections, [
      { start: 0, heading: "标题", level: 1 },
      { start: md.indexOf("## 第二节"), heading: "第二节", level: 2 },
      { start: md.indexOf("小节"), heading: "小节", level: 2 },
    ]);
    const gbk = doc(await extractDocument(iconv.encode("这是GBK编码的文件。", "gbk"), ".txt"));
    assert.equal(gbk.text, "这是GBK编码的文件。");
    assert.deepEqual(gbk.sections, []);
    const lossy = doc(await extractDocument(new Uint8Array([...utf8("正文内容足够长。".repeat(40)), 0xff, ...utf8("尾。")]), ".txt"));
    assert.deepEqual(lossy.warnings, ["invalid UTF-8 sequences replaced by U+FFFD; the rest is indexed"]);
  });

  it("CSV and TSV are plain text: the decoded file byte for byte (a GBK export from Excel too), no headings", async () => {
    const csv = "城市,人口,建城年份\r\n临海,120万,1850年\r\n# 白沙,34万,1921年\r\n";
    const r = doc(await extractDocument(iconv.encode(csv, "gbk"), ".CSV"));
    assert.equal(r.text, csv);
    assert.deepEqual(r.sections, []);
    const tsv = "city\tpopulation\nBaisha\t340000\n";
    assert.equal(doc(await extractDocument(utf8(tsv), ".tsv")).text, tsv);
  });

  it("legacy Office/WPS files get advice; other types are unsupported", async () => {
    for (const ext of [".doc", ".WPS", ".ppt", ".xls"]) assert.deepEqual(await extractDocument(utf8("x"), ext), { skipped: LEGACY_REASON });
    assert.equal(LEGACY_REASON, "legacy Word/WPS/PowerPoint format: save it as .docx or .pdf");
    assert.deepEqual(await extractDocument(utf8("x"), ".xyz"), { skipped: "unsupported file type .xyz" });
  });

  it("Markdown front matter is indexed as written, gives the title, and is no heading", async () => {
    const md = '---\ntitle: "Deploying the R2 fleet"\ndate: 2024-05-01\ntags: [robots, ops]\n---\n\nThe first wave starts in June.\n\n## Second wave\n\nIn September.\n';
    const r = doc(await extractDocument(utf8(md), ".md"));
    assert.equal(r.text, md);
    assert.equal(r.title, "Deploying the R2 fleet");
    assert.deepEqual(r.sections, [{ start: md.indexOf("## Second"), heading: "Second wave", level: 2 }]);
    const untitled = "---\ndate: 2024-05-01\n---\n# 部署计划\n\n正文。\n";
    assert.equal(doc(await extractDocument(utf8(untitled), ".md")).title, "部署计划");
    // A thematic break first is not front matter: no key: value lines.
    const rule = "---\nJust text\n---\n";
    assert.equal(doc(await extractDocument(utf8(rule), ".md")).title, undefined);
    assert.deepEqual(markdownSections(rule), [{ start: 4, heading: "Just text", level: 2 }]);
  });

  it("markdownSections ignores fences and list items underlined by ---", () => {
    assert.deepEqual(markdownSections("- item\n---\n~~~\n# no\n~~~\n#nospace\n#"), []);
  });
});

describe("locatePage / sectionAt", () => {
  it("find the page and the nearest heading by binary search", () => {
    const pages = [0, 100, 100, 250];
    assert.equal(locatePage(pages, 0), 1);
    assert.equal(locatePage(pages, 99), 1);
    assert.equal(locatePage(pages, 100), 3, "page 2 is empty: offset 100 is on page 3");
    assert.equal(locatePage(pages, 10_000), 4);
    assert.equal(locatePage(undefined, 5), undefined);
    const sections = [{ start: 10, heading: "一", level: 1 }, { start: 50, heading: "二", level: 2 }];
    assert.equal(sectionAt(sections, 5), undefined);
    assert.equal(sectionAt(sections, 10)?.heading, "一");
    assert.equal(sectionAt(sections, 49)?.heading, "一");
    assert.equal(sectionAt(sections, 51)?.heading, "二");
    assert.equal(sectionAt([], 51), undefined);
  });
});

describe("joinLines", () => {
  it("no space between CJK, one between Latin words, hyphenated words joined", () => {
    assert.equal(joinLines(["全年地区生产总值达到", "1234.5亿元，增", "长5.2%。"]), "全年地区生产总值达到1234.5亿元，增长5.2%。");
    assert.equal(joinLines(["the new data infra-", "structure connects", "all offices"]), "the new data infrastructure connects all offices");
    assert.equal(joinLines(["COVID-", "19 cases", "in 2023-", "2024"]), "COVID-19 cases in 2023-2024");
    assert.equal(joinLines(["使用 GDP", "指标", "and 中文"]), "使用 GDP指标and 中文", "no space where either side is CJK");
  });
});

describe("loadCorpusFile on every fixture", () => {
  it("indexes PDF, DOCX, HTML and EPUB with pages/sections, and skips the unreadable ones with their reason", async () => {
    const dir = tempDir();
    for (const name of await fs.readdir(FORMATS)) await fs.copyFile(path.join(FORMATS, name), path.join(dir, name));
    await fs.writeFile(path.join(dir, "old.doc"), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await fs.writeFile(path.join(dir, "slides.pptx"), "x");
    await fs.writeFile(path.join(dir, ".DS_Store"), "x");
    const logger = createMemoryLogger("warn");
    const { files, skipped } = await listCorpusFiles(dir, logger);
    assert.deepEqual(skipped, [{ source: "slides.pptx", reason: "unsupported file type .pptx" }]);
    const loaded = new Map<string, Awaited<ReturnType<typeof loadCorpusFile>>>();
    const warnings: string[] = [];
    for (const file of files) loaded.set(file.source, await loadCorpusFile(file, (w) => warnings.push(`${file.source}: ${w}`)));
    const reasons = Object.fromEntries([...loaded].filter(([, r]) => "skipped" in r).map(([s, r]) => [s, (r as { skipped: string }).skipped]));
    assert.equal(reasons["old.doc"], LEGACY_REASON);
    assert.equal(reasons["encrypted.pdf"], "encrypted PDF (password protected)");
    assert.match(reasons["corrupt.pdf"], /^damaged or invalid PDF/);
    assert.match(reasons["scan.pdf"] ?? "OCR'd", /^no text layer \(scanned PDF\?\)|OCR'd/);
    const ok = (source: string) => {
      const r = loaded.get(source);
      assert.ok(r && !("skipped" in r), `${source} loaded`);
      return r;
    };
    const pdf = ok("zh-report.pdf");
    assert.equal(pdf.title, "2024年统计工作报告");
    assert.equal(pdf.encoding, "pdf");
    assert.equal(pdf.pages?.length, 3);
    assert.equal(pdf.sections?.length, 5);
    assert.equal(ok("columns-rotated.pdf").title, "双栏排版示例", "first heading-like line when the PDF has no title");
    assert.equal(ok("report.docx").title, "年度工作报告");
    assert.equal(ok("report.docx").pages, undefined);
    assert.equal(ok("page.html").title, "票价调整通知 — 示例博物馆");
    assert.equal(ok("page.html").sections?.length, 2);
    assert.equal(ok("book.epub").title, "示例电子书");
    assert.deepEqual(warnings.filter((w) => !w.startsWith("scan.pdf")), []);
  });
});
