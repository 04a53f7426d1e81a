import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { type ExtractedDoc, type ExtractResult, extractDocument, isSkip, locatePage, sectionAt } from "../../../src/ingest/extract/index.js";
import { ocrSetting, ocrTools } from "../../../src/ingest/extract/ocr.js";

export const FORMATS = path.resolve(import.meta.dirname, "../../../../test/fixtures/formats");
const bytes = (name: string) => new Uint8Array(readFileSync(path.join(FORMATS, name)));

function doc(result: ExtractResult): ExtractedDoc {
  if (isSkip(result)) assert.fail(`skipped: ${result.skipped}`);
  return result;
}

/** The paragraph (between blank lines) that contains `needle`. */
function paragraphOf(text: string, needle: string): string {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in the text`);
  const start = text.lastIndexOf("\n\n", at) + 1 || 0;
  const end = text.indexOf("\n\n", at);
  return text.slice(start === 0 ? 0 : start + 1, end === -1 ? text.length : end);
}

describe("PDF extraction (zh-report.pdf: 3 pages, embedded CJK font, running header, page-number footer)", async () => {
  const report = doc(await extractDocument(bytes("zh-report.pdf"), ".pdf", { ocr: "off" }));

  it("joins lines wrapped in the middle of a word or number without a space, and keeps paragraphs apart", () => {
    assert.equal(
      paragraphOf(report.text, "全市经济运行"),
      "2024年，全市经济运行总体平稳，稳中有进。全年地区生产总值达到1234.5亿元，比上年增长5.2%。其中，第一产业增加值为56.7亿元，增长3.1%；第二产业增加值为456.8亿元，增长6.0%；第三产业增加值为721.0亿元，增长4.9%。",
    );
    // "增/长" and "采/矿业" were split across lines in the PDF
    assert.ok(report.text.includes("分门类看，采矿业增加值下降1.3%"));
    assert.doesNotMatch(report.text, /[\u4e00-\u9fff] [\u4e00-\u9fff]/, "no space between two Chinese characters");
    assert.ok(report.text.split("\n\n").every((p) => p.length > 0 && !p.includes("\n")), "each paragraph is one line");
  });

  it("joins Latin lines with one space and de-hyphenates a word broken at the line end", () => {
    assert.equal(
      paragraphOf(report.text, "statistics bureau"),
      "In 2024 the statistics bureau of the city finished building the new shared data infrastructure, which connects all district offices and cuts the time needed for monthly reporting from ten days to three days.",
    );
  });

  it("continues a paragraph across the page break and records where page 2 starts", () => {
    const sentence = "其中，基础设施投资增长8.2%，制造业投资增长9.6%，房地产开发投资下降5.1%。";
    const at = report.text.indexOf(sentence);
    assert.ok(at > 0);
    assert.equal(paragraphOf(report.text, sentence).startsWith("全年固定资产投资比上年增长4.5%。"), true);
    assert.equal(report.pages?.length, 3);
    assert.equal(report.text.slice(report.pages![1], report.pages![1] + 6), "增长9.6%");
    assert.equal(locatePage(report.pages, at), 1, "the sentence starts on page 1");
    assert.equal(locatePage(report.pages, report.text.indexOf("分产业看")), 2);
    assert.equal(locatePage(report.pages, report.text.indexOf("全年全市居民人均可支配收入")), 3);
    assert.equal(report.text.slice(report.pages![2]).split("\n\n")[0], "四、居民收入");
  });

  it("leaves out the running header and the page numbers, and says how many lines", () => {
    assert.ok(!report.text.includes("示例市统计局"), "running header");
    assert.doesNotMatch(report.text, /第\s*\d\s*页/, "page-number footer");
    assert.ok(report.notes?.includes("6 running header/footer/page-number line(s) left out"), String(report.notes));
    assert.deepEqual(report.warnings, []);
  });

  it("finds headings by font size and by Chinese section numbering, and the title", () => {
    assert.deepEqual(
      report.sections?.map((s) => s.heading),
      ["2024年统计工作报告", "一、总体情况", "二、工业生产", "三、固定资产投资", "四、居民收入"],
    );
    for (const s of report.sections!) assert.equal(report.text.slice(s.start, s.start + s.heading.length), s.heading);
    assert.equal(sectionAt(report.sections, report.text.indexOf("制造业投资增长9.6%"))?.heading, "三、固定资产投资");
    assert.equal(report.title, "2024年统计工作报告");
    assert.equal(report.encoding, "pdf");
  });

  it("gives the same text for the same bytes", async () => {
    const again = doc(await extractDocument(bytes("zh-report.pdf"), ".pdf", { ocr: "off" }));
    assert.equal(again.text, report.text);
    assert.deepEqual(again.pages, report.pages);
  });
});

describe("PDF in the benchmark's article layout (justified.pdf: A5, the title as running header and as heading, character-spaced justified lines)", async () => {
  const result = doc(await extractDocument(bytes("justified.pdf"), ".pdf", { ocr: "off" }));
  const paragraphs = result.text.split("\n\n");

  it("reads a line spread by character spacing without spaces between the characters, keeping the words of Latin names apart", () => {
    assert.equal(paragraphs[1], "计算神经科学（Computational Neuroscience）是一门利用数学分析和计算机模拟的方法，在不同层次上研究神经系统的结构、功能和发展的交叉学科。");
    assert.ok(paragraphs[3].includes('浮龙最初在1942年由柏克莱大学的古生物学家Charles Lewis Camp命名为"Kolposaurus"；在1951年，Camp发现'), paragraphs[3]);
    assert.ok(paragraphs[2].includes("美国学者Eric L. Schwartz于1985年"), paragraphs[2]);
    assert.doesNotMatch(result.text, /[\u4e00-\u9fff（）] [\u4e00-\u9fff（）]/, "no space between two Chinese characters");
    assert.doesNotMatch(result.text, /\b\w \w \w\b/, "no letter-spaced Latin");
  });

  it("keeps the title heading on page 1 while leaving out the running header with the same text on every page", () => {
    assert.equal(paragraphs[0], "计算神经科学");
    assert.deepEqual(result.sections, [{ start: 0, heading: "计算神经科学", level: 1 }]);
    assert.equal(result.text.split("计算神经科学").length - 1, 4, "the title, and three times in the body");
    assert.ok(result.notes?.includes("4 running header/footer/page-number line(s) left out"), String(result.notes));
    assert.equal(paragraphs.length, 6);
    assert.equal(result.text.slice(result.pages![1], result.pages![1] + 4), "例子说明", "page 2 goes on with the paragraph of page 1");
  });
});

describe("PDF layouts (columns-rotated.pdf: two columns in a CID font, a /Rotate 90 page, text drawn rotated)", async () => {
  const result = doc(await extractDocument(bytes("columns-rotated.pdf"), ".pdf", { ocr: "off" }));
  const paragraphs = result.text.split("\n\n");

  it("reads the left column before the right one, with the CID font decoded through the CMaps", () => {
    assert.equal(paragraphs[0], "双栏排版示例");
    assert.equal(paragraphs[1], "左栏的内容从这里开始。双栏排版在期刊和公报中很常见，阅读顺序应当是先读完左栏，再读右栏。如果按行横向拼接，两栏的句子就会交错在一起，引用也就失去了意义。");
    assert.equal(paragraphs[2], "右栏的内容从这里开始。抽取程序需要识别栏间的空白，把同一栏中的各行连成段落，并保持段落之间的分隔，这样每一句话都能被准确引用。");
  });

  it("reads a rotated page and text drawn at 90° as ordinary lines, and drops the page numbers", () => {
    assert.ok(paragraphs[3].startsWith("这一页在文件中被标记为旋转九十度"));
    assert.ok(paragraphs[3].endsWith("就能得到正确的阅读顺序。"));
    assert.equal(paragraphs[4], "这一页的文字是旋转九十度排印的，就像横向表格被放进竖向页面。抽取时应当按文字自己的方向重建行和段落，而不是把每个字当成单独的一行。");
    assert.equal(paragraphs.length, 5);
    assert.deepEqual(result.pages?.map((p) => result.text.slice(p, p + 4)), ["双栏排版", "这一页在", "这一页的"]);
    assert.deepEqual(result.warnings, []);
  });
});

describe("An English report (en-columns.pdf: two ragged-right Helvetica columns, hyphenated line ends, running header and \"Page N of 2\" footer, a table under the columns)", async () => {
  const report = doc(await extractDocument(bytes("en-columns.pdf"), ".pdf", { ocr: "off" }));
  const paragraphs = report.text.split("\n\n");

  it("reads each column top to bottom, a paragraph per section, hyphenated words joined", () => {
    assert.equal(paragraphs.length, 9);
    paragraphs.slice(0, 8).forEach((p, i) => assert.match(p, new RegExp(`^The committee reviewed [a-z ]+ in section ${i + 1}\\. .* funded by regional budgets\\.$`), p));
    assert.equal(
      paragraphs[0],
      "The committee reviewed coastal erosion in section 1. Its assessment found that the problem accelerated considerably during the last decade, particularly in unprotected municipalities. Local governments responded to coastal erosion with restoration programmes and long-term infrastructure maintenance funded by regional budgets.",
    );
    assert.doesNotMatch(report.text, /[a-z]- [a-z]|munici palities/, "no hyphen or split left in a word");
  });

  it("leaves out the header and the page numbers, reads the table a row per line with its cells apart, without a warning", () => {
    assert.doesNotMatch(report.text, /Climate Adaptation Review|Draft|Page \d of 2/);
    assert.equal(paragraphs[8], "Region | Retreat (m/yr) | Budget\nNorth Coast | 1.8 | 4.2 million\nSouth Bay | 0.9 | 1.1 million");
    assert.deepEqual(report.warnings, []);
    assert.equal(report.text.slice(report.pages![1]).startsWith("The committee reviewed wildfire smoke in section 5."), true);
  });
});

describe("PDFs that cannot be read are skipped with a reason, never a crash", () => {
  it("a scan without a text layer, with OCR off", async () => {
    assert.deepEqual(await extractDocument(bytes("scan.pdf"), ".pdf", { ocr: "off" }), { skipped: "no text layer (scanned PDF?): OCR is off" });
  });

  it("an encrypted PDF", async () => {
    assert.deepEqual(await extractDocument(bytes("encrypted.pdf"), ".pdf"), { skipped: "encrypted PDF (password protected)" });
  });

  it("a damaged PDF, a file that is no PDF at all, and an empty one", async () => {
    const corrupt = await extractDocument(bytes("corrupt.pdf"), ".pdf");
    assert.ok(isSkip(corrupt) && /^damaged or invalid PDF \(InvalidPDFException/.test(corrupt.skipped), JSON.stringify(corrupt));
    // Cut before any page's content: nothing to read, refused as before.
    const truncated = await extractDocument(bytes("zh-report.pdf").slice(0, 3000), ".pdf");
    assert.ok(isSkip(truncated) && /^damaged or invalid PDF \(InvalidPDFException/.test(truncated.skipped), JSON.stringify(truncated).slice(0, 200));
    assert.deepEqual(await extractDocument(new TextEncoder().encode("<html>saved as .pdf</html>"), ".pdf"), { skipped: "not a PDF file (no %PDF- header)" });
  });

  it("a PDF cut short reads the pages that survived, and says once that the rest is missing", async () => {
    const whole = bytes("zh-report.pdf");
    const full = doc(await extractDocument(whole, ".pdf", { ocr: "off" }));
    // Cut where page 3's content stream starts (ReportLab writes content streams last, after the catalog and page tree).
    const cut = whole.slice(0, Buffer.from(whole).indexOf("19 0 obj"));
    const partial = doc(await extractDocument(cut, ".pdf", { ocr: "off" }));
    assert.equal(partial.text, full.text.slice(0, partial.text.length));
    assert.ok(partial.text.includes("企业13.2万户") && !partial.text.includes("四、居民收入"));
    assert.equal(partial.pages?.length, 3);
    assert.deepEqual(partial.warnings, ["the file is cut short (an incomplete download or copy?): page(s) 3 of 3 could not be read and are left out; the rest is indexed"]);
    // Cut inside the cross-reference table: every page is there.
    const xref = Buffer.from(whole).indexOf("xref\n");
    const nearlyWhole = doc(await extractDocument(whole.slice(0, xref + 40), ".pdf", { ocr: "off" }));
    assert.equal(nearlyWhole.text, full.text);
    assert.deepEqual(nearlyWhole.warnings, ["the file is cut short (an incomplete download or copy?): what was cut off is missing; the rest is indexed"]);
  });

  it("a PDF that takes longer than its time budget is skipped, and the next one is read", async () => {
    const slow = await extractDocument(bytes("zh-report.pdf"), ".pdf", { timeoutMs: 1 });
    assert.ok(isSkip(slow) && /^PDF extraction took longer than 1 ms/.test(slow.skipped), JSON.stringify(slow).slice(0, 200));
    const next = doc(await extractDocument(bytes("columns-rotated.pdf"), ".pdf", { ocr: "off" }));
    assert.ok(next.text.startsWith("双栏排版示例"));
  });

  it("OCRs a scan when tesseract with chi_sim and pdftoppm are installed (optional)", async (t) => {
    const tools = await ocrTools();
    if (!tools.ok) return t.skip(`OCR tools not installed (${tools.missing})`);
    const scanned = doc(await extractDocument(bytes("scan.pdf"), ".pdf", { ocr: "auto" }));
    assert.equal(scanned.encoding, "pdf+ocr");
    assert.match(scanned.text, /扫描件没有文字层/);
    assert.deepEqual(scanned.pages, [0]);
    assert.match(scanned.warnings[0], /^no text layer: read by OCR/);
  });
});

it("reads CITEBOT_OCR as off for off, 0, false or no in any case, and leaves OCR on otherwise (unset, auto, on)", () => {
  for (const off of ["off", "OFF", "0", "false", "No", " no "]) assert.equal(ocrSetting(off), "off", off);
  for (const on of [undefined, "", "auto", "on", "1", "true", "yes"]) assert.equal(ocrSetting(on), "auto", String(on));
});
