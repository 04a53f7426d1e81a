import type { Span } from "../lang/sentences.js";
import type { Fold } from "../search/fold.js";

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

/**
 * The cell of the row at `at` (an offset inside the row's line) under the column the question names:
 * the table is the run of lines above the row with as many cells (Markdown's alignment row aside), its
 * header the first of them; the column is the one whose header the folded question holds (the longest
 * such header; none when two columns are named, as in a comparison). Undefined when the line is not a
 * table row, the row is the header, or no single value column is named. `header` is the header row's line.
 */
export function columnCell(text: string, at: number, foldedQuestion: string, fold: Fold): { cell: Span; header: Span } | undefined {
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
    if (!header) return undefined;
    const heads = cells(text, header.start, header.end, sep).map((c) => fold(text.slice(c.start, c.end)));
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
    if (best === -1 || tied || named.length > 0) return undefined;
    const cell = rowCells[best];
    return cell.end > cell.start ? { cell, header } : undefined;
  }
  return undefined;
}
