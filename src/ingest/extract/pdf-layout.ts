import { isCjk, lastChar, lineJoint } from "./join.js";
import type { Section } from "./types.js";

/**
 * PDF text layout: positioned text items (pdf.js getTextContent) → paragraphs of document text.
 * Pure and synchronous, so it can be tested on synthetic items. One file (~700 lines) on purpose:
 * the steps below share one row/segment model and its em-relative thresholds, and split apart each
 * would have to import the others' internals.
 *
 * 1. Items are put in their own writing frame (text drawn rotated by 90°/180°/270° is turned
 *    upright; other angles, such as diagonal watermarks, are left out) and grouped into rows
 *    (one baseline), a row into segments (split at gaps wider than 1.5 em).
 * 2. Running headers and footers: rows at the top or bottom of the page whose text, with
 *    digits ignored, repeats at the same height and size on at least 40% of the pages (and two),
 *    or, in type smaller than the body's, on three (a header naming the chapter),
 *    plus bare page numbers ("3", "- 3 -", "第 3 页", "Page 3 of 9", "3/9") there, are removed
 *    from the text; a heading with the header's text lower on the page stays.
 * 3. Columns: when a vertical gap runs through the page with prose-like segments (long lines)
 *    on both sides, each side is read top to bottom in turn (between the full-width rows that
 *    cross the gap); side-by-side blocks that do not look like prose (a table) are read row by
 *    row, with a warning.
 * 4. Paragraphs: a line starts a new paragraph after a vertical gap larger than 1.35× the line
 *    pitch, at a change of font size, at a first-line indent, after a short line, or at a
 *    list/heading marker ("一、", "（二）", "1.", "•") after a line ending in punctuation.
 *    Within a line, a gap never makes a space between two CJK characters, and the spaces pdf.js
 *    writes between the glyphs of a letter-spaced (justified) line are taken out.
 *    The lines of a paragraph are joined: nothing between CJK characters, a space between
 *    Latin words, a hyphenated word joined without its hyphen. A paragraph that fills its last
 *    line without closing punctuation continues in the next column or on the next page.
 *    Rows with several segments (tables) are kept as lines of their own, joined by "\n", their
 *    cells by " | " (as HTML and DOCX tables: "North Coast 1.8 4.2 million" reads as one phrase).
 */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: text space → page space. */
  transform: number[];
  /** Advance along the text direction, in page units. */
  width: number;
  height?: number;
}

export interface PdfPageInput {
  /** [x0, y0, x1, y1] of the page (its view box). */
  view: number[];
  items: PdfTextItem[];
}

export interface PdfLayout {
  text: string;
  pages: number[];
  sections: Section[];
  warnings: string[];
  notes: string[];
  /** Running header/footer and page-number rows left out. */
  removedChromeRows: number;
  /** Pages that had text items at all (before removal). */
  pagesWithText: number;
  /** 1-based pages without any text item (scanned pages, pictures, blank pages). */
  emptyPages: number[];
}

interface Glyphs {
  str: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  spaceBefore: boolean;
}

interface Seg {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  chars: number;
  row: number;
}

interface Row {
  segs: Seg[];
  y: number;
  size: number;
  text: string;
}

interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** More than one segment (a table row): never joined with its neighbours. */
  cells: boolean;
}

interface Paragraph {
  lines: Line[];
  /** The flow's edges, for "is this line full / indented". */
  left: number;
  right: number;
}

interface Group {
  rot: number;
  rows: Row[];
  /** The page box in this group's frame. */
  box: { x0: number; x1: number; y0: number; y1: number };
}

const TERMINAL = /[。！？!?.…；;：:”」』）)"'》]$/;
const SENTENCE_END = /[。！？!?…]$|[^.\d]\.$|[。！？!?]["”’」』）)]$/;
const MARKER = /^(第[一二三四五六七八九十百零〇\d]+[章节条部分编篇]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d)|[•●○■□◆◇▪·]\s?|[-–—*]\s)/;
/** A table-of-contents line: leader dots and a page number. */
const TOC_ENTRY = /(\.\s?){4,}\s*\d{1,4}$|[…⋯]{2,}\s*\d{1,4}$/;
const PAGE_NUMBER = [
  /^[-–—－~\s]*\d{1,4}[-–—－~\s]*$/,
  /^第\s*\d{1,4}\s*页(\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,，、/]?\s*第\s*\d{1,4}\s*页$/,
  /^(page|p\.?)\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i,
  /^\d{1,4}\s*(\/|of)\s*\d{1,4}$/i,
  /^[-–—\s]*[ivxlcdm]{1,7}[-–—\s]*$/i,
];

export function isPageNumber(text: string): boolean {
  const s = text.trim();
  return s.length > 0 && s.length <= 24 && PAGE_NUMBER.some((re) => re.test(s));
}

/** Kangxi radicals and compatibility ideographs (bad ToUnicode maps in Chinese PDFs) → unified ideographs; ligatures → letters. */
function normalizeChars(s: string): string {
  return s.replace(/[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb06]/g, (c) => c.normalize("NFKC"));
}

export function layoutPdf(input: PdfPageInput[]): PdfLayout {
  const notes: string[] = [];
  const warnings: string[] = [];
  let skewed = 0;
  let pagesWithText = 0;
  const emptyPages: number[] = [];
  const undecodable: number[] = [];
  const ambiguous: number[] = [];

  // 1. rows per page, per writing direction (the direction with most text first)
  const pages: Group[][] = input.map((page, p) => {
    const byRot = new Map<number, Glyphs[]>();
    let bad = 0;
    let total = 0;
    for (const item of page.items) {
      if (!item.str || item.str.length === 0) continue;
      const [a, b, c, d, e, f] = item.transform;
      const angle = (Math.atan2(b, a) * 180) / Math.PI;
      const rot = ((Math.round(angle / 90) % 4) + 4) % 4;
      if (Math.abs(angle - Math.round(angle / 90) * 90) > 3) {
        if (item.str.trim()) skewed++;
        continue;
      }
      const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1;
      const [x, y] = toFrame(rot, e, f);
      const str = normalizeChars(item.str);
      for (const ch of str) {
        if (/\s/.test(ch)) continue;
        total++;
        if (/[\ue000-\uf8ff\ufffd\u0000-\u0008\u000e-\u001f]/.test(ch)) bad++;
      }
      let list = byRot.get(rot);
      if (!list) byRot.set(rot, (list = []));
      list.push({ str, x0: x, x1: x + Math.max(0, item.width), y, size, spaceBefore: false });
    }
    if (total > 0) pagesWithText++;
    else emptyPages.push(p + 1);
    if (total >= 10 && bad / total > 0.3) {
      undecodable.push(p + 1);
      return [];
    }
    const [vx0, vy0, vx1, vy1] = page.view.length === 4 ? page.view : [0, 0, 612, 792];
    return [...byRot.entries()]
      .map(([rot, glyphs]) => {
        const corners = [toFrame(rot, vx0, vy0), toFrame(rot, vx1, vy1)];
        const box = {
          x0: Math.min(corners[0][0], corners[1][0]),
          x1: Math.max(corners[0][0], corners[1][0]),
          y0: Math.min(corners[0][1], corners[1][1]),
          y1: Math.max(corners[0][1], corners[1][1]),
        };
        return { rot, rows: buildRows(glyphs), box, weight: glyphs.reduce((n, g) => n + g.str.length, 0) };
      })
      .sort((a, b) => b.weight - a.weight || a.rot - b.rot)
      .map(({ rot, rows, box }) => ({ rot, rows, box }));
  });
  if (skewed > 0) notes.push(`${skewed} text item(s) at a slant (watermarks?) left out`);
  if (undecodable.length > 0) warnings.push(`page(s) ${ranges(undecodable)}: text has no usable Unicode mapping (a font without ToUnicode?); left out`);

  // 2. running headers/footers and page numbers
  const removedChromeRows = removeRunningChrome(pages);
  if (removedChromeRows > 0) notes.push(`${removedChromeRows} running header/footer/page-number line(s) left out`);

  // 3–4. reading order and paragraphs per page, then the document
  const bodySize = dominantSize(pages);
  const out = new DocBuilder(bodySize);
  pages.forEach((groups, p) => {
    out.startPage(p);
    for (const group of groups) {
      const flows = orderFlows(group.rows, 0, () => ambiguous.push(p + 1));
      for (const flow of flows) paragraphs(flow).forEach((para, i) => out.add(para, i === 0));
    }
  });
  if (ambiguous.length > 0) {
    const unique = [...new Set(ambiguous)];
    warnings.push(`page(s) ${ranges(unique)}: side-by-side text blocks (a table, or columns?) read row by row; check the reading order`);
  }
  const { text, pageStarts, sections } = out.finish(input.length);
  return { text, pages: pageStarts, sections, warnings, notes, removedChromeRows, pagesWithText, emptyPages };
}

/** Page coordinates → a frame in which text of direction `rot` (quarter turns) runs left to right and lines stack downwards. */
function toFrame(rot: number, x: number, y: number): [number, number] {
  switch (rot) {
    case 1:
      return [y, -x];
    case 2:
      return [-x, -y];
    case 3:
      return [-y, x];
    default:
      return [x, y];
  }
}

function buildRows(glyphs: Glyphs[]): Row[] {
  glyphs.sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const rowsOfGlyphs: Glyphs[][] = [];
  let current: Glyphs[] = [];
  let anchor = 0;
  let anchorSize = 0;
  for (const g of glyphs) {
    if (current.length > 0 && Math.abs(anchor - g.y) <= 0.45 * Math.min(anchorSize, g.size)) {
      current.push(g);
      if (g.size > anchorSize && g.str.trim()) {
        anchor = g.y;
        anchorSize = g.size;
      }
      continue;
    }
    if (current.length > 0) rowsOfGlyphs.push(current);
    current = [g];
    anchor = g.y;
    anchorSize = g.size;
  }
  if (current.length > 0) rowsOfGlyphs.push(current);
  const rows: Row[] = [];
  for (const glyphsOfRow of rowsOfGlyphs) {
    const row = makeRow(glyphsOfRow, rows.length);
    if (row) rows.push(row);
  }
  return rows;
}

function makeRow(glyphs: Glyphs[], index: number): Row | undefined {
  glyphs.sort((a, b) => a.x0 - b.x0);
  // whitespace items only say "a word boundary here"; duplicated items (fake bold) are dropped
  const items: Glyphs[] = [];
  let space = false;
  for (const g of glyphs) {
    if (g.str.trim().length === 0) {
      space = true;
      continue;
    }
    const prev = items[items.length - 1];
    if (prev && prev.str === g.str && Math.abs(prev.x0 - g.x0) < 0.5 * g.size && Math.abs(prev.y - g.y) < 0.5 * g.size) continue;
    items.push({ ...g, spaceBefore: space || /^\s/.test(g.str) });
    space = false;
  }
  if (items.length === 0) return undefined;
  // A letter-spaced line (justified by character spacing, or drawn glyph by glyph with wide gaps):
  // pdf.js puts a space after every glyph whose gap exceeds 0.1 em, so those spaces say nothing;
  // word spaces (wider than 0.6 em) come as whitespace items.
  const spread = isLetterSpaced(items);
  if (spread) for (const g of items) g.str = g.str.replace(/(\S) (?=\S)/gu, "$1");
  const typicalGap = letterGap(items);
  const segs: Seg[] = [];
  let seg: Seg | undefined;
  let size = 0;
  for (const g of items) {
    size = Math.max(size, g.size);
    const str = g.str.replace(/\s+/g, " ");
    if (seg && g.x0 - seg.x1 <= 1.5 * Math.max(seg.size, g.size)) {
      const gap = g.x0 - seg.x1;
      const a = lastChar(seg.text.trimEnd());
      const b = str.trimStart()[0];
      let wantSpace: boolean;
      if (isCjk(a) && isCjk(b)) wantSpace = false; // Chinese is written without spaces: a gap between two CJK characters is layout, not a word space
      else if (spread) wantSpace = gap > Math.max(0.6 * g.size, typicalGap + 0.2 * g.size); // every glyph has a gap: only a clearly wider one is a word space (whitespace items, e.g. at a font change, just mark the letter gap)
      else if (isCjk(a) || isCjk(b)) wantSpace = g.spaceBefore || /\s$/.test(seg.text) || gap > 0.8 * g.size;
      else wantSpace = g.spaceBefore || /\s$/.test(seg.text) || gap > Math.max(0.2 * g.size, typicalGap + 0.2 * g.size);
      seg.text = (wantSpace ? `${seg.text.trimEnd()} ${str.trimStart()}` : seg.text.trimEnd() + str.trimStart()).replace(/ {2,}/g, " ");
      seg.x1 = Math.max(seg.x1, g.x1);
      seg.size = Math.max(seg.size, g.size);
      continue;
    }
    seg = { text: str.trim(), x0: g.x0, x1: g.x1, y: g.y, size: g.size, chars: 0, row: index };
    segs.push(seg);
  }
  for (const s of segs) {
    s.text = s.text.trim();
    s.chars = s.text.replace(/\s/g, "").length;
  }
  const kept = segs.filter((s) => s.chars > 0);
  if (kept.length === 0) return undefined;
  const y = kept.reduce((best, s) => (s.chars > best.chars ? s : best)).y;
  return { segs: kept, y, size, text: kept.map((s) => s.text).join(" ") };
}

/**
 * Letter-spaced row (justified by character spacing, or drawn glyph by glyph with wide gaps):
 * nearly every pair of neighbouring characters is apart, either by a single space inside an item
 * ("计 算 神 经 科 学 （ C o m p u t a t i o n a l", which pdf.js writes when the gap between glyphs
 * exceeds 0.1 em) or by a gap between single-glyph items.
 */
function isLetterSpaced(items: Glyphs[]): boolean {
  let spaced = 0;
  let tight = 0;
  let prev: Glyphs | undefined;
  for (const g of items) {
    if (prev && /\S$/.test(prev.str) && /^\S/.test(g.str)) {
      if (g.x0 - prev.x1 > 0.1 * g.size) spaced++;
      else tight++;
    }
    prev = g;
    const chars = [...g.str];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (/\s/.test(chars[i])) continue;
      if (!/\s/.test(chars[i + 1])) tight++;
      else if (chars[i + 1] === " " && i + 2 < chars.length && !/\s/.test(chars[i + 2])) spaced++;
    }
  }
  return spaced >= 4 && spaced >= 4 * tight;
}

/** The row's gap between letters when it is drawn glyph by glyph: the median gap between single-character items (0 when there are too few). */
function letterGap(items: Glyphs[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < items.length; i++) {
    const [p, g] = [items[i - 1], items[i]];
    if ([...p.str.trim()].length === 1 && [...g.str.trim()].length === 1 && !g.spaceBefore) gaps.push(Math.max(0, g.x0 - p.x1));
  }
  return gaps.length >= 3 ? median(gaps) : 0;
}

/**
 * Removes rows that repeat at the top or bottom of the pages (digits ignored), and bare page numbers there.
 * A repeat counts only at the same place and size: a running header is drawn at the same height on
 * every page, so the title printed as a heading on page 1 (in the body, larger) is kept even when the
 * header repeats its text.
 */
const CHAPTER_HEADER_PAGES = 3;

function removeRunningChrome(pages: Group[][]): number {
  const key = (text: string) => text.replace(/\d+/g, "#").replace(/\s+/g, "").toLowerCase();
  type Candidate = { page: number; row: Row; zone: "top" | "bottom"; key: string };
  const candidates: Candidate[] = [];
  pages.forEach((groups, page) => {
    for (const group of groups) {
      if (group.rows.length === 0) continue;
      const height = group.box.y1 - group.box.y0;
      const rows = group.rows;
      const top = rows.slice(0, 2);
      const bottom = rows.slice(-2);
      for (const row of top) if (row.y >= group.box.y1 - 0.16 * height) candidates.push({ page, row, zone: "top", key: key(row.text) });
      for (const row of bottom) if (row.y <= group.box.y0 + 0.16 * height) candidates.push({ page, row, zone: "bottom", key: key(row.text) });
    }
  });
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const k = `${c.zone}:${c.key}`;
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(c);
  }
  const samePlace = (a: Row, b: Row) => Math.abs(a.y - b.y) <= Math.max(2, 0.5 * Math.min(a.size, b.size)) && Math.abs(a.size - b.size) <= 0.15 * Math.max(a.size, b.size);
  const pagesWithRows = pages.filter((groups) => groups.some((g) => g.rows.length > 0)).length;
  const needed = Math.max(2, Math.ceil(0.4 * pagesWithRows));
  const body = dominantSize(pages);
  const remove = new Set<Row>();
  for (const c of candidates) {
    const repeatsOn = new Set((byKey.get(`${c.zone}:${c.key}`) ?? []).filter((o) => samePlace(o.row, c.row)).map((o) => o.page));
    // A header that names the chapter repeats only over the chapter's pages; in type smaller than the body's, three are enough.
    const repeated = c.key.length > 0 && (repeatsOn.size >= needed || (repeatsOn.size >= CHAPTER_HEADER_PAGES && c.row.size < 0.95 * body));
    if (repeated || isPageNumber(c.row.text)) remove.add(c.row);
  }
  for (const groups of pages) for (const group of groups) group.rows = group.rows.filter((r) => !remove.has(r));
  return remove.size;
}

/** Font size carrying the most text: the body size. */
function dominantSize(pages: Group[][]): number {
  const weight = new Map<number, number>();
  for (const groups of pages) for (const g of groups) for (const r of g.rows) for (const s of r.segs) {
    const k = Math.round(s.size * 2) / 2;
    weight.set(k, (weight.get(k) ?? 0) + s.chars);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) if (w > bestWeight || (w === bestWeight && size < best)) [best, bestWeight] = [size, w];
  return best || 10;
}

type Flow = Line[];

/** Reading order of one page group: columns when a clear gutter separates prose, else row by row. */
function orderFlows(rows: Row[], depth: number, onAmbiguous: () => void): Flow[] {
  const segs = rows.flatMap((r) => r.segs);
  const split = depth < 3 ? findGutter(segs) : undefined;
  if (split === "ambiguous") onAmbiguous();
  if (!split || split === "ambiguous") return [rowsToLines(segs)];
  const { left, right, crossing } = split;
  crossing.sort((a, b) => b.y - a.y);
  const flows: Flow[] = [];
  const subRows = (list: Seg[]): Row[] => {
    const byRow = new Map<number, Seg[]>();
    for (const s of list) {
      let l = byRow.get(s.row);
      if (!l) byRow.set(s.row, (l = []));
      l.push(s);
    }
    return [...byRow.values()].map((ss) => ({ segs: ss, y: ss[0].y, size: Math.max(...ss.map((s) => s.size)), text: ss.map((s) => s.text).join(" ") })).sort((a, b) => b.y - a.y);
  };
  const band = (hi: number, lo: number) => {
    const inBand = (s: Seg) => s.y < hi && s.y >= lo;
    for (const side of [left.filter(inBand), right.filter(inBand)]) if (side.length > 0) flows.push(...orderFlows(subRows(side), depth + 1, onAmbiguous));
  };
  let hi = Infinity;
  let spanning: Seg[] = [];
  for (const c of crossing) {
    const hasColumnsAbove = [...left, ...right].some((s) => s.y < hi && s.y > c.y);
    if (hasColumnsAbove) {
      if (spanning.length > 0) flows.push(rowsToLines(spanning));
      spanning = [];
      band(hi, c.y);
    }
    spanning.push(c);
    hi = c.y;
  }
  if (spanning.length > 0) flows.push(rowsToLines(spanning));
  band(hi, -Infinity);
  return flows;
}

function findGutter(segs: Seg[]): { left: Seg[]; right: Seg[]; crossing: Seg[] } | "ambiguous" | undefined {
  if (segs.length < 6) return undefined;
  const em = median(segs.map((s) => s.size));
  const totalChars = segs.reduce((n, s) => n + s.chars, 0);
  const events: Array<[number, number]> = [];
  for (const s of segs) events.push([s.x0, 1], [s.x1, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const allowed = Math.max(1, Math.floor(0.25 * segs.length));
  // maximal x-intervals covered by at most `allowed` segments, inside the text area
  const gaps: Array<[number, number]> = [];
  let cover = 0;
  let open: number | undefined;
  for (let i = 0; i + 1 < events.length; i++) {
    const [x, delta] = events[i];
    cover += delta;
    const next = events[i + 1][0];
    if (next <= x) continue; // [x, next] is covered by `cover` segments
    if (cover <= allowed) open ??= x;
    else if (open !== undefined) {
      gaps.push([open, x]);
      open = undefined;
    }
  }
  let best: { left: Seg[]; right: Seg[]; crossing: Seg[]; score: number } | undefined;
  let sawSides = false;
  for (const [open0, open1] of gaps) {
    const [g0, g1] = narrowGap(segs, open0, open1, em);
    if (g1 - g0 < 0.8 * em) continue;
    const left = segs.filter((s) => s.x1 <= g0 + 0.01);
    const right = segs.filter((s) => s.x0 >= g1 - 0.01);
    if (left.length < 3 || right.length < 3) continue;
    const crossing = segs.filter((s) => s.x1 > g0 + 0.01 && s.x0 < g1 - 0.01);
    if (crossing.length > allowed) continue;
    const leftChars = left.reduce((n, s) => n + s.chars, 0);
    const rightChars = right.reduce((n, s) => n + s.chars, 0);
    if (leftChars < 0.15 * totalChars || rightChars < 0.15 * totalChars) continue;
    if (!overlapY(left, right)) continue;
    sawSides = true;
    // A row with several cells on one side is a table row (a table under the columns, say): read across the page, as a heading is.
    const tableRows = new Set([left, right].flatMap((side) => [...countBy(side, (s) => s.row)].filter(([, n]) => n > 1).map(([row]) => row)));
    const columns = (side: Seg[]) => side.filter((s) => !tableRows.has(s.row));
    const [l, r] = [columns(left), columns(right)];
    const across = [...crossing, ...segs.filter((s) => tableRows.has(s.row) && !crossing.includes(s))];
    if (l.length < 3 || r.length < 3) continue;
    if (!isProse(l) || !isProse(r)) continue;
    const score = Math.min(leftChars, rightChars);
    if (!best || score > best.score) best = { left: l, right: r, crossing: across, score };
  }
  if (best) return best;
  return sawSides ? "ambiguous" : undefined;
}

/**
 * The gutter inside a sparsely covered interval: ragged-right lines of the left column reach into
 * the interval and lines of the right column may start in it; they belong to their column, not
 * across it (read as full-width rows they would cut the columns into bands read side by side).
 * The interval as found when the lines reaching in leave no gap of 0.8 em.
 */
function narrowGap(segs: Seg[], g0: number, g1: number, em: number): [number, number] {
  let a = g0;
  let b = g1;
  for (const s of segs) {
    if (s.x0 < g0 && s.x1 > g0 && s.x1 < g1) a = Math.max(a, s.x1);
    if (s.x1 > g1 && s.x0 < g1 && s.x0 > g0) b = Math.min(b, s.x0);
  }
  return b - a >= 0.8 * em ? [a, b] : [g0, g1];
}

/** Column text: mostly long lines that fill the column's width. */
function isProse(side: Seg[]): boolean {
  const x0 = Math.min(...side.map((s) => s.x0));
  const x1 = Math.max(...side.map((s) => s.x1));
  const width = x1 - x0;
  const long = side.filter((s) => s.x1 - s.x0 >= 0.6 * width).length;
  const avgChars = side.reduce((n, s) => n + s.chars, 0) / side.length;
  const rows = new Set(side.map((s) => s.row)).size;
  return avgChars >= 8 && long >= 0.5 * side.length && rows === side.length;
}

function countBy<T, K>(list: T[], key: (t: T) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const t of list) counts.set(key(t), (counts.get(key(t)) ?? 0) + 1);
  return counts;
}

function overlapY(a: Seg[], b: Seg[]): boolean {
  const range = (l: Seg[]) => [Math.min(...l.map((s) => s.y)), Math.max(...l.map((s) => s.y))];
  const [a0, a1] = range(a);
  const [b0, b1] = range(b);
  return Math.min(a1, b1) - Math.max(a0, b0) > 0;
}

function rowsToLines(segs: Seg[]): Flow {
  const byRow = new Map<number, Seg[]>();
  for (const s of segs) {
    let l = byRow.get(s.row);
    if (!l) byRow.set(s.row, (l = []));
    l.push(s);
  }
  return [...byRow.values()]
    .map((ss) => {
      ss.sort((a, b) => a.x0 - b.x0);
      const chars = ss.reduce((n, s) => n + s.chars, 0);
      return {
        text: ss.map((s) => s.text).join(" | "),
        x0: ss[0].x0,
        x1: ss[ss.length - 1].x1,
        y: ss.reduce((best, s) => (s.chars > best.chars ? s : best)).y,
        size: ss.reduce((n, s) => n + s.size * s.chars, 0) / Math.max(1, chars),
        cells: ss.length > 1,
      };
    })
    .sort((a, b) => b.y - a.y || a.x0 - b.x0);
}

function paragraphs(flow: Flow): Paragraph[] {
  if (flow.length === 0) return [];
  const left = Math.min(...flow.map((l) => l.x0));
  const right = Math.max(...flow.map((l) => l.x1));
  const diffs: number[] = [];
  for (let i = 1; i < flow.length; i++) {
    const d = flow[i - 1].y - flow[i].y;
    if (d > 0 && d < 3 * flow[i].size) diffs.push(d);
  }
  const pitch = diffs.length > 0 ? median(diffs) : 1.2 * median(flow.map((l) => l.size));
  const out: Paragraph[] = [];
  let current: Paragraph = { lines: [flow[0]], left, right };
  for (let i = 1; i < flow.length; i++) {
    const prev = flow[i - 1];
    const line = flow[i];
    const em = Math.max(prev.size, line.size);
    const gap = prev.y - line.y;
    const breakHere =
      gap <= 0 ||
      gap > 1.35 * pitch + 0.5 ||
      Math.abs(prev.size - line.size) > 0.12 * em ||
      (line.x0 - prev.x0 > 0.9 * em && !MARKER.test(prev.text)) || // a first-line indent (not the hanging indent of a list item)
      TOC_ENTRY.test(prev.text) ||
      (right - prev.x1 > Math.max(3 * em, 0.25 * (right - left)) && !wrappedBefore(line, right - prev.x1)) ||
      (right - prev.x1 > 1.5 * em && SENTENCE_END.test(prev.text)) ||
      (MARKER.test(line.text) && TERMINAL.test(prev.text));
    const tableEdge = prev.cells !== line.cells;
    if (breakHere || tableEdge) {
      out.push(current);
      current = { lines: [line], left, right };
    } else current.lines.push(line);
  }
  out.push(current);
  return out;
}

/**
 * Ragged-right Latin text: a line ends short when the next line's first word did not fit in the
 * room left (its width estimated from the next line's average character width), which is a wrap,
 * not a paragraph end ("…the most vulnerable" / "neighbourhoods, funded…").
 */
function wrappedBefore(line: Line, room: number): boolean {
  const word = /^[\p{Script=Latin}\d][^\s]*/u.exec(line.text)?.[0];
  if (!word || line.cells) return false;
  const charWidth = (line.x1 - line.x0) / [...line.text].length;
  return (word.length + 1) * charWidth > room;
}

/** Paragraph text: soft-wrapped lines joined, table rows kept as lines. */
function paragraphText(lines: Line[]): string {
  let text = "";
  lines.forEach((line, i) => {
    if (i === 0) text = line.text;
    else if (line.cells || lines[i - 1].cells) text += `\n${line.text}`;
    else {
      const { dropFromPrev, separator } = lineJoint(text, line.text);
      text = text.slice(0, text.length - dropFromPrev) + separator + line.text;
    }
  });
  return text;
}

class DocBuilder {
  private parts: string[] = [];
  private length = 0;
  private pageStarts: Array<number | undefined> = [];
  private sections: Section[] = [];
  private page = -1;
  private pageOpen = false;
  private last: Paragraph | undefined;
  private lastText = "";

  constructor(private readonly bodySize: number) {}

  startPage(p: number): void {
    this.page = p;
    this.pageOpen = true;
  }

  /** `firstOfFlow`: the paragraph opens a column or page, so it may continue the previous one. */
  add(para: Paragraph, firstOfFlow: boolean): void {
    const text = paragraphText(para.lines);
    if (!text) return;
    const continues = firstOfFlow && this.last !== undefined && continuesInto(this.last, para);
    let start: number;
    if (continues) {
      const { dropFromPrev, separator } = lineJoint(this.lastText, text);
      if (dropFromPrev > 0) this.drop(dropFromPrev);
      this.push(separator);
      start = this.length;
      this.push(text);
      this.lastText = this.lastText.slice(0, this.lastText.length - dropFromPrev) + separator + text;
      this.last = { ...para, lines: [...this.last!.lines, ...para.lines] };
    } else {
      if (this.length > 0) this.push("\n\n");
      start = this.length;
      this.push(text);
      this.lastText = text;
      this.last = para;
      const level = this.headingLevel(para, text);
      if (level) this.sections.push({ start, heading: text.slice(0, 200), level });
    }
    if (this.pageOpen) {
      this.pageStarts[this.page] = start;
      this.pageOpen = false;
    }
  }

  finish(pageCount: number): { text: string; pageStarts: number[]; sections: Section[] } {
    const starts: number[] = new Array(pageCount);
    let next = this.length;
    for (let p = pageCount - 1; p >= 0; p--) {
      const s = this.pageStarts[p];
      if (s !== undefined) next = s;
      starts[p] = next;
    }
    return { text: this.parts.join(""), pageStarts: starts, sections: this.sections };
  }

  private headingLevel(para: Paragraph, text: string): number | undefined {
    if (para.lines.length !== 1 || text.length > 60 || SENTENCE_END.test(text) || /[，,；;]$/.test(text) || para.lines[0].cells) return undefined;
    const size = para.lines[0].size;
    if (size >= this.bodySize * 1.15) return 1;
    if (/^(第[一二三四五六七八九十百零〇\d]+[章节部分编篇]|[一二三四五六七八九十]+、)/.test(text) && text.length <= 40) return 2;
    return undefined;
  }

  private push(s: string): void {
    if (!s) return;
    this.parts.push(s);
    this.length += s.length;
  }

  private drop(n: number): void {
    let left = n;
    while (left > 0 && this.parts.length > 0) {
      const lastPart = this.parts[this.parts.length - 1];
      if (lastPart.length <= left) {
        this.parts.pop();
        left -= lastPart.length;
        this.length -= lastPart.length;
      } else {
        this.parts[this.parts.length - 1] = lastPart.slice(0, lastPart.length - left);
        this.length -= left;
        left = 0;
      }
    }
  }
}

/** A paragraph that fills its last line without closing punctuation goes on in the next flow (column or page). */
function continuesInto(prev: Paragraph, next: Paragraph): boolean {
  const a = prev.lines[prev.lines.length - 1];
  const b = next.lines[0];
  if (a.cells || b.cells) return false;
  const em = Math.max(a.size, b.size);
  if (Math.abs(a.size - b.size) > 0.12 * em) return false;
  if (prev.right - a.x1 > 1.5 * em) return false;
  if (TERMINAL.test(a.text)) return false;
  if (b.x0 - next.left > 0.9 * em) return false;
  if (MARKER.test(b.text)) return false;
  if (prev.lines.length === 1 && prev.right - prev.left < 10 * em) return false;
  return true;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** 1,2,3,5 → "1-3, 5". */
export function ranges(pages: number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}
