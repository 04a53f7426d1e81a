import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isPageNumber, layoutPdf, type PdfPageInput, type PdfTextItem } from "../../../src/ingest/extract/pdf-layout.js";

const A4 = [0, 0, 595, 842];

/** A text item at (x, y) of `size`; CJK characters are 1 em wide, others 0.5 em. */
function item(str: string, x: number, y: number, size = 12, angle = 0): PdfTextItem {
  const width = [...str].reduce((w, ch) => w + (/[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? size : size / 2), 0);
  const r = (angle * Math.PI) / 180;
  return { str, transform: [size * Math.cos(r), size * Math.sin(r), -size * Math.sin(r), size * Math.cos(r), x, y], width };
}

const page = (...items: PdfTextItem[]): PdfPageInput => ({ view: A4, items });

describe("layoutPdf on synthetic pages", () => {
  it("removes a running header whose page number changes, keeps a line that repeats only once", () => {
    const pages = [1, 2, 3].map((n) =>
      page(
        item(`年度报告 第${n}章`, 72, 800, 9),
        item(n === 1 ? "年度报告 第9章" : `正文第${n}页的内容。`, 72, 700),
        item(`${n}/3`, 290, 40, 9),
      ),
    );
    const layout = layoutPdf(pages);
    assert.equal(layout.text, "年度报告 第9章\n\n正文第2页的内容。\n\n正文第3页的内容。");
    assert.equal(layout.removedChromeRows, 6);
    assert.deepEqual(layout.pages, [0, 10, 21]);
  });

  it("removes running headers that name the chapter (small type, three pages each), keeps a body-size line repeated atop three pages", () => {
    const chapters = ["Part One: Methods", "Part Two: Results", "Part Three: Discussion"];
    const pages = Array.from({ length: 9 }, (_, i) =>
      page(
        item(chapters[Math.floor(i / 3)], 72, 800, 9),
        item(i % 3 === 0 ? "Table of sites (continued)" : `Body line ${"abcdefghi"[i]} of the text.`, 72, 760),
        item(`Unique paragraph ${"abcdefghi"[i]} of the report body.`, 72, 400),
        item(`Closing line ${"abcdefghi"[i]} of the page.`, 72, 100),
      ),
    );
    const text = layoutPdf(pages).text;
    for (const chapter of chapters) assert.ok(!text.includes(chapter), chapter);
    assert.equal(text.split("Table of sites (continued)").length, 4);
  });

  it("recognises bare page numbers", () => {
    for (const s of ["7", "- 7 -", "— 12 —", "第 3 页", "第3页 共10页", "共 10 页 第 3 页", "Page 4 of 9", "p. 5", "4/9", "xii", "- iv -"]) assert.ok(isPageNumber(s), s);
    for (const s of ["2024年", "第三章", "Page of", "12345", "abc"]) assert.ok(!isPageNumber(s), s);
  });

  it("reads two columns one after the other, continuing a paragraph from the bottom of the left column into the right one", () => {
    // 19 characters fill a column (228 pt); a first line is indented by 2 em
    const a = "左栏的第一段从这里开始，这段文字很长，会从左栏一直写到底部，并且在最后一行也没有结束，它要一直写到右栏的顶部才会写完这整整一句话的最后的那一个后半截";
    const b = "右栏的第二段从这里开始，它同样很长，需要占用好几行才能写完，最后一行比较短。";
    assert.equal(a.length, 17 + 3 * 19, "the left column's last line is full");
    const lines = (text: string) => [text.slice(0, 17), ...(text.slice(17).match(/.{1,19}/gu) ?? [])];
    const items = [item("标题横跨两栏", 200, 780, 18)];
    lines(a).forEach((t, i) => items.push(item(t, 72 + (i === 0 ? 24 : 0), 740 - 18 * i)));
    items.push(item("部分。", 320, 740));
    lines(b).forEach((t, i) => items.push(item(t, 320 + (i === 0 ? 24 : 0), 722 - 18 * i)));
    const layout = layoutPdf([page(...items)]);
    assert.deepEqual(layout.text.split("\n\n"), ["标题横跨两栏", `${a}部分。`, b]);
    assert.deepEqual(layout.warnings, []);
  });

  it("reads ragged-right English columns one after the other even when many left lines reach into the gutter", () => {
    // greedy wrapping at 46 characters (230 pt at 10 pt): the longest left lines end 18 pt before the right column
    const wrap = (text: string) => text.split(" ").reduce<string[]>((lines, w) => {
      const last = lines[lines.length - 1];
      if (last !== undefined && `${last} ${w}`.length <= 46) lines[lines.length - 1] = `${last} ${w}`;
      else lines.push(w);
      return lines;
    }, []);
    const a = "The committee reviewed coastal erosion in section one. Its assessment found that shoreline retreat accelerated during the last decade, particularly along unprotected sandy beaches and low barrier islands.";
    const b = "Local governments responded with beach nourishment, dune restoration and managed retreat from the most vulnerable areas, funded by regional budgets and by national grants.";
    const items: PdfTextItem[] = [];
    wrap(a).forEach((t, i) => items.push(item(t, 72, 740 - 13 * i, 10)));
    wrap(b).forEach((t, i) => items.push(item(t, 320, 740 - 13 * i, 10)));
    const layout = layoutPdf([page(...items)]);
    assert.deepEqual(layout.text.split("\n\n"), [a, b]);
    assert.deepEqual(layout.warnings, []);
  });

  it("joins a ragged-right English line left short because the next line's long first word did not fit; a short last line still ends its paragraph", () => {
    const items = [
      item("Local governments responded with beach nourishment,", 72, 740, 10),
      item("dune restoration, managed retreat from the", 72, 727, 10),
      item("neighbourhoods, most at risk, funded by regional budgets.", 72, 714, 10),
      item("National grants added a further", 72, 701, 10),
      item("Second paragraph starts here and runs on for a while.", 72, 688, 10),
    ];
    const layout = layoutPdf([page(...items)]);
    assert.deepEqual(layout.text.split("\n\n"), [
      "Local governments responded with beach nourishment, dune restoration, managed retreat from the neighbourhoods, most at risk, funded by regional budgets. National grants added a further",
      "Second paragraph starts here and runs on for a while.",
    ]);
  });

  it("reads two columns and then the table under them across the page, without a warning", () => {
    const a = "左栏的正文从这里开始，这一段文字比较长，需要好几行才能写完，阅读时应当先读完左栏的全部内容。";
    const b = "右栏的正文从这里开始，它写在左栏的右边，阅读时应当在左栏之后再读，不能和左栏的句子交错在一起。";
    const lines = (text: string) => text.match(/.{1,19}/gu) ?? [];
    const items: PdfTextItem[] = [];
    lines(a).forEach((t, i) => items.push(item(t, 72, 740 - 18 * i)));
    lines(b).forEach((t, i) => items.push(item(t, 320, 740 - 18 * i)));
    [["项目", "2023年", "2024年"], ["收入", "7.7亿元", "8.6亿元"], ["人数", "1200人", "1350人"]].forEach((cells, r) =>
      cells.forEach((c, k) => items.push(item(c, [72, 200, 400][k], 640 - 20 * r))),
    );
    const layout = layoutPdf([page(...items)]);
    assert.deepEqual(layout.text.split("\n\n"), [a, b, "项目 | 2023年 | 2024年\n收入 | 7.7亿元 | 8.6亿元\n人数 | 1200人 | 1350人"]);
    assert.deepEqual(layout.warnings, []);
  });

  it("reads a table (short cells side by side) row by row, a row per line with its cells apart, and warns", () => {
    const rows = [["项目", "2023年", "2024年"], ["收入", "7.7亿元", "8.6亿元"], ["人数", "1200人", "1350人"], ["网点", "12个", "15个"]];
    const items: PdfTextItem[] = [];
    rows.forEach((cells, r) => cells.forEach((c, k) => items.push(item(c, 72 + 150 * k, 700 - 20 * r))));
    const layout = layoutPdf([page(...items)]);
    assert.equal(layout.text, "项目 | 2023年 | 2024年\n收入 | 7.7亿元 | 8.6亿元\n人数 | 1200人 | 1350人\n网点 | 12个 | 15个");
    assert.deepEqual(layout.warnings, ["page(s) 1: side-by-side text blocks (a table, or columns?) read row by row; check the reading order"]);
  });

  it("leaves out slanted watermarks and duplicated (fake bold) text; fixes Kangxi radicals", () => {
    const layout = layoutPdf([page(item("内部资料", 200, 400, 40, 45), item("⽂件正⽂", 72, 700), item("⽂件正⽂", 72.3, 700), item("。", 120, 700))]);
    assert.equal(layout.text, "文件正文。");
    assert.deepEqual(layout.notes, ["1 text item(s) at a slant (watermarks?) left out"]);
  });

  it("warns about and leaves out a page whose text has no Unicode mapping; an empty page starts where the next text starts", () => {
    const layout = layoutPdf([page(item("第一页正文。", 72, 700)), page(), page(item("\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009\ue00a\ue00b", 72, 700)), page(item("第四页。", 72, 700))]);
    assert.equal(layout.text, "第一页正文。\n\n第四页。");
    assert.deepEqual(layout.pages, [0, 8, 8, 8]);
    assert.deepEqual(layout.emptyPages, [2]);
    assert.deepEqual(layout.warnings, ["page(s) 3: text has no usable Unicode mapping (a font without ToUnicode?); left out"]);
  });

  it("puts words of separate items together with the right spacing", () => {
    const layout = layoutPdf([page(item("Hello", 72, 700), item(" ", 102, 700), item("world", 108, 700), item("中文", 138, 700), item("紧接", 162, 700))]);
    assert.equal(layout.text, "Hello world中文紧接");
  });

  it("takes out the spaces pdf.js writes between the glyphs of a letter-spaced (justified) line, keeping word spaces", () => {
    // as pdf.js reports reportlab's character-spaced line: single spaces inside items, a narrow
    // whitespace item (the letter gap) at each font-subset change, a wide one (> 0.6 em) between words
    const layout = layoutPdf([
      page(
        item("物", 84, 700),
        item(" ", 96, 700),
        item("学 家", 99.2, 700),
        item(" ", 126.3, 700),
        { ...item("C h a r l e s", 129.5, 700), width: 58.8 },
        item(" ", 188.3, 700),
        { ...item("L e w i s", 198.2, 700), width: 42.2 },
        item(" ", 240.4, 700),
        { ...item("C a m p", 250.3, 700), width: 39.7 },
        item(" ", 290, 700),
        item("命 名 为", 293.2, 700),
      ),
    ]);
    assert.equal(layout.text, "物学家Charles Lewis Camp命名为");
  });

  it("never puts a space between CJK characters drawn one by one with wide gaps; Latin letters drawn one by one get a space only at a clearly wider gap", () => {
    const items: PdfTextItem[] = [];
    let x = 72;
    for (const ch of "计算神经科学（") {
      items.push(item(ch, x, 700));
      x += 12 + 4; // 1/3 em apart
    }
    for (const word of ["Computational", "Neuroscience"]) {
      for (const ch of word) {
        items.push(item(ch, x, 700));
        x += 6 + 3; // letters 1/4 em apart
      }
      x += 5; // a word space: 0.67 em in all
    }
    items.push(item("）", x - 5, 700));
    assert.equal(layoutPdf([page(...items)]).text, "计算神经科学（Computational Neuroscience）");
  });

  it("keeps a space inside an ordinary line and between words drawn as separate items", () => {
    const layout = layoutPdf([page(item("Hello", 72, 700), item("world", 105, 700), item("《条约》 ，最终在1792年", 72, 680))]);
    assert.equal(layout.text, "Hello world\n\n《条约》 ，最终在1792年");
  });

  it("keeps a heading in the body whose text is the running header's, and removes the header itself", () => {
    const pages = [1, 2, 3].map((n) =>
      page(
        item("年度报告", 270, 800, 9),
        ...(n === 1 ? [item("年度报告", 72, 740, 18)] : []),
        item(`正文第${n}页的内容。`, 72, 700),
        item(`${n}`, 290, 40, 9),
      ),
    );
    const layout = layoutPdf(pages);
    assert.equal(layout.text, "年度报告\n\n正文第1页的内容。\n\n正文第2页的内容。\n\n正文第3页的内容。");
    assert.equal(layout.removedChromeRows, 6);
    assert.deepEqual(layout.sections, [{ start: 0, heading: "年度报告", level: 1 }]);
  });
});
