import { englishContentWords, hasEnglishWord } from "../lang/english.js";
import type { Span } from "../lang/sentences.js";
import type { Fold } from "../search/fold.js";
import { answerType, type AnswerType, TYPE_PATTERNS } from "./answer-type.js";

/**
 * Tables in document text: a row per line, cells separated by "|" (Markdown; the HTML and DOCX
 * extractors' " | "), tabs or commas (CSV). A row quoted as evidence holds every column's value;
 * the question names the column it asks about (「2024年员工人数是多少？」 under the columns 2023年 and
 * 2024年), and the header row, which may be far from the quoted row, says which cell that is.
 */

/** Separators tried in turn; a line is a row of the first one that splits it into enough cells. */
const SEPARATORS = ["|", "\t", ","] as const;

/** A row has at least this many cells: a label and two values (with one value column no column needs choosing). */
const MIN_CELLS = 3;

/** Rows looked at above a row for its header (a table longer than this is read from its nearest rows). */
const MAX_ROWS_UP = 200;

/** Markdown's alignment row under the header: |---|:--:|---|. */
const ALIGNMENT_ROW = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$/;

/** Characters trimmed from a cell's edges: spaces and Markdown emphasis. */
const CELL_EDGE = /[\s*_`]/;

/** A comma-separated row's cells are short and hold no sentence end: prose lines with as many commas are not a table. */
const CSV_CELL = 40;
const PROSE = /[。！？!?]/;

/** The cells of the line [start, end) split at `sep`, trimmed; a Markdown row's outer pipes are not cells. */
function cells(text: string, start: number, end: number, sep: string): Span[] {
  if (sep === "," && PROSE.test(text.slice(start, end))) return [];
  const out: Span[] = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text[i] !== sep) continue;
    let s = from;
    let e = i;
    while (s < e && CELL_EDGE.test(text[s])) s++;
    while (e > s && CELL_EDGE.test(text[e - 1])) e--;
    out.push({ start: s, end: e });
    from = i + 1;
  }
  if (sep === "|") {
    const line = text.slice(start, end).trim();
    if (line.endsWith("|") && out.length > 0 && out[out.length - 1].start === out[out.length - 1].end) out.pop();
    if (line.startsWith("|") && out.length > 0 && out[0].start === out[0].end) out.shift();
  }
  if (sep === "," && out.some((c) => c.end - c.start > CSV_CELL)) return [];
  return out;
}

/**
 * How often each separator occurs in the line [start, end), in one pass. Counted before splitting: evidence
 * asks about every excerpt's core sentence, nearly always a prose line with no separator, and splitting one
 * character by character (a string per CJK character) cost ~17 µs a call on CMRC paragraphs.
 */
function separatorCounts(text: string, start: number, end: number): Record<(typeof SEPARATORS)[number], number> {
  const counts = { "|": 0, "\t": 0, ",": 0 };
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 124) counts["|"]++;
    else if (c === 9) counts["\t"]++;
    else if (c === 44) counts[","]++;
  }
  return counts;
}

type Line = Span;

function lineAround(text: string, at: number): Line {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  const nl = text.indexOf("\n", at);
  let end = nl === -1 ? text.length : nl;
  if (end > start && text[end - 1] === "\r") end--;
  return { start, end };
}

function previousLine(text: string, line: Line): Line | undefined {
  if (line.start === 0) return undefined;
  return lineAround(text, line.start - 1);
}

interface TableRow {
  /** The row's cells. */
  cells: Span[];
  /** The table's header row (its first line) and its cells. */
  header: Line;
  heads: Span[];
}

/**
 * The table row at `at` (an offset inside the row's line): the table is the run of lines above the
 * row with as many cells (Markdown's alignment row aside), its header the first of them. Undefined
 * when the line is not a table row or is the header.
 */
function tableRow(text: string, at: number): TableRow | undefined {
  const row = lineAround(text, at);
  const counts = separatorCounts(text, row.start, row.end);
  for (const sep of SEPARATORS) {
    // Cells are the pieces between separators (outer pipes dropped): fewer than MIN_CELLS − 1 separators make too few.
    if (counts[sep] < MIN_CELLS - 1) continue;
    const rowCells = cells(text, row.start, row.end, sep);
    if (rowCells.length < MIN_CELLS) continue;
    let header: Line | undefined;
    let line: Line | undefined = row;
    for (let n = 0; n < MAX_ROWS_UP && (line = previousLine(text, line)); n++) {
      const content = text.slice(line.start, line.end);
      if (content.trim() === "") break;
      if (sep === "|" && ALIGNMENT_ROW.test(content)) continue;
      if (cells(text, line.start, line.end, sep).length !== rowCells.length) break;
      header = line;
    }
    return header ? { cells: rowCells, header, heads: cells(text, header.start, header.end, sep) } : undefined;
  }
  return undefined;
}

/** A CSV or TSV file, whose first line names its columns by convention. */
const DELIMITED_FILE = /\.(?:csv|tsv)$/i;

/**
 * The header row of the table row at `at`, when that first line is a header for certain: a Markdown header (the alignment
 * row under it), the first line of a CSV or TSV file (`source`), or a first line naming a column whose cell in the row holds
 * digits while the name holds none (「name,capital,population」 over 「France,Paris,68000000」). Undefined when the line is
 * no table row or is the header itself, and for a table whose first line may be a row like the others (values only).
 * The header names what the row's cells are: evidence reads the row with it, and does not quote it beside the row.
 */
export function rowHeader(text: string, at: number, source: string): Span | undefined {
  const table = tableRow(text, at);
  if (!table) return undefined;
  const { header, heads, cells: row } = table;
  const nl = text.indexOf("\n", header.end);
  if (nl !== -1) {
    const under = lineAround(text, nl + 1);
    if (ALIGNMENT_ROW.test(text.slice(under.start, under.end))) return header;
  }
  if (header.start === 0 && DELIMITED_FILE.test(source)) return header;
  const digit = (c: Span | undefined) => c !== undefined && /\d/.test(text.slice(c.start, c.end));
  return heads.some((h, j) => h.end > h.start && !digit(h) && digit(row[j])) ? header : undefined;
}

/**
 * Whether `at` lies in a table row: a number there is one column's value of many. A line of enough
 * "|" or tab cells is a row on its own (a passage may hold it without its header); a comma-separated
 * one only under a header, since prose has commas too.
 */
export function inTableRow(text: string, at: number): boolean {
  if (tableRow(text, at)) return true;
  const line = lineAround(text, at);
  const counts = separatorCounts(text, line.start, line.end);
  return (["|", "\t"] as const).some((sep) => counts[sep] >= MIN_CELLS - 1 && cells(text, line.start, line.end, sep).length >= MIN_CELLS);
}

/**
 * The cell of the row at `at` under the column the question names: the column is the one whose header
 * the folded question holds (the longest such header; none when two columns are named, as in a
 * comparison). A question that names no column (「临川建城于哪一年？」 under 人口, 面积 and 建城年份) gets
 * the one column its words or its kind of answer point to (`answerColumn`), or none. Undefined when the line
 * is not a table row, the row is the header, or no single value column is named. `header` is the
 * header row's line.
 */
export function columnCell(text: string, at: number, foldedQuestion: string, fold: Fold): { cell: Span; header: Span } | undefined {
  const table = tableRow(text, at);
  if (!table) return undefined;
  const heads = table.heads.map((c) => fold(text.slice(c.start, c.end)));
  let best = -1;
  let tied = false;
  for (let j = 1; j < heads.length; j++) {
    if (heads[j] === "" || !foldedQuestion.includes(heads[j])) continue;
    if (best === -1 || heads[j].length > heads[best].length) {
      best = j;
      tied = false;
    } else if (heads[j].length === heads[best].length) tied = true;
  }
  // A shorter header inside the chosen one (2024 in 2024年) is the same column named; another column is a comparison.
  const named = best === -1 ? [] : heads.filter((h, j) => j >= 1 && h !== "" && foldedQuestion.includes(h) && !heads[best].includes(h));
  if (tied || named.length > 0) return undefined;
  if (best === -1) best = answerColumn(heads, table.cells.map((c) => fold(text.slice(c.start, c.end))), foldedQuestion);
  const cell = table.cells[best];
  return cell && cell.end > cell.start ? { cell, header: table.header } : undefined;
}

/** What a header says its column holds, by kind of answer (matched on folded headers). */
const HEADER_KINDS: Partial<Record<AnswerType, RegExp>> = {
  time: /年份|年代|年度|时间|日期|时期|\b(?:year|date|time|period)\b/,
  person: /姓名|名字|人物|作者|负责人|\b(?:name|author|person)\b/,
  role: /职务|职位|职称|头衔|\b(?:title|position|role)\b/,
  place: /地点|地址|位置|所在地|城市|地区|省份|国家|\b(?:place|location|address|city|country|region)\b/,
};

/**
 * The column a question that names none asks about, or -1: the one value column whose header shares a
 * word with the question (two Han characters, an English word's stem: 「白石建城于哪一年？」 → 建城年份);
 * else the one whose header names the kind of answer asked for (哪一年 → 年份, 谁 → 负责人). Either way a
 * how-many or when question's cell must hold a number or a date. Two candidates, or none, leave the row without a
 * short answer: a cell of another column read as the answer is worse than no short answer.
 */
function answerColumn(heads: readonly string[], row: readonly string[], foldedQuestion: string): number {
  const type = answerType(foldedQuestion);
  if (type === "other") return -1;
  // A number or a date is checked by its look; a name in a cell needs no title to be one (王明 under 负责人).
  const pattern = type === "quantity" || type === "time" ? TYPE_PATTERNS[type] : undefined;
  const offers = (cell: string) => !pattern || pattern.test(cell);
  const only = (keep: (head: string) => boolean): number | undefined => {
    const found = heads.flatMap((head, j) => (j >= 1 && head !== "" && row[j] && keep(head) && offers(row[j]) ? [j] : []));
    return found.length === 0 ? undefined : found.length === 1 ? found[0] : -1;
  };
  const stems = englishContentWords(foldedQuestion).filter((w) => /^[a-z]{3}/.test(w));
  const kind = HEADER_KINDS[type];
  return only((head) => sharesHan(head, foldedQuestion) || stems.some((w) => hasEnglishWord(head, w))) ?? (kind ? only((head) => kind.test(head)) : undefined) ?? -1;
}

/** Whether a folded header and question share two Han characters in a row. */
function sharesHan(head: string, question: string): boolean {
  for (let i = 0; i + 1 < head.length; i++) {
    const pair = head.slice(i, i + 2);
    if (/^[\u3400-\u9fff]{2}$/.test(pair) && question.includes(pair)) return true;
  }
  return false;
}
