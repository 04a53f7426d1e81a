import { createHash } from "node:crypto";
import type { Chunk, ChunkerSettings, SourceDoc } from "../types.js";
import { isChromeLine } from "./chrome.js";
import { CLAUSE_ENDS, CLOSERS, continuesLine, SENTENCE_ENDS, charClass, type Span, splitSentences } from "../lang/sentences.js";

/**
 * 400 characters, measured (scripts/bench-quality pipeline; CMRC 2018 trial / DRCD test):
 *
 *   maxChars   gold-paragraph R@1 / R@5             answer-hit        refusal fixture
 *   256        0.977 / 0.997   0.944 / 0.994        0.810 / 0.896     same at every size
 *   400        0.977 / 0.999   0.946 / 0.994        0.815 / 0.901
 *   600        0.979 / 0.998   0.945 / 0.993        0.822 / 0.901
 *   800        0.978 / 0.997   0.946 / 0.994        0.831 / 0.901
 *   1000       0.977 / 0.997   0.945 / 0.994        0.833 / 0.899
 *
 * Retrieval is flat (±0.002) and best at 400 for Recall@5; DRCD's answer-hit is flat from 400
 * to 800. CMRC's answer-hit grows with the size only because its documents are single
 * paragraphs (median 491 characters, 91% ≤ 800): from 800 on a chunk is the whole document,
 * which says nothing about long documents, where a larger chunk mixes topics. 400 keeps a
 * chunk to about one topic and the passages an LLM or a Telegram "full passage" shows short.
 */
export const DEFAULT_CHUNKER: ChunkerSettings = { maxChars: 400, minChars: 80 };

export interface Block extends Span {
  paragraph: number;
  kind: "heading" | "chrome" | "text";
}

/** Offsets of every line start, for line numbers by binary search. */
export function lineStarts(text: string): Uint32Array {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return Uint32Array.from(starts);
}

export function lineAt(starts: Uint32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Paragraph blocks: text separated by blank lines; when a document uses single
 * newlines only (common in Chinese .txt), each line is a paragraph. Headings and
 * chrome lines are blocks of their own.
 */
export function paragraphBlocks(text: string): Block[] {
  const usesBlankLines = /\n[ \t\u3000\u00a0]*\r?\n/.test(text);
  const blocks: Block[] = [];
  const lines: Span[] = [];
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    lines.push({ start: pos, end });
    if (nl === -1) break;
    pos = nl + 1;
  }
  let current: Span | undefined;
  const flush = () => {
    if (current) blocks.push({ ...current, paragraph: blocks.length + 1, kind: "text" });
    current = undefined;
  };
  for (const line of lines) {
    const content = text.slice(line.start, line.end);
    const trimmed = content.trim();
    if (trimmed.length === 0) {
      flush();
      continue;
    }
    const s = line.start + content.search(/\S/);
    const e = line.start + content.trimEnd().length;
    // The last line of a wrapped English sentence is short, but not a heading.
    const wrapped = line.start > 0 && continuesLine(text, line.start - 1);
    const kind = isChromeLine(trimmed) ? "chrome" : isHeading(trimmed) && !wrapped ? "heading" : "text";
    if (kind !== "text" || !usesBlankLines) {
      flush();
      blocks.push({ start: s, end: e, paragraph: blocks.length + 1, kind });
      continue;
    }
    current = current ? { start: current.start, end: e } : { start: s, end: e };
  }
  flush();
  return blocks;
}

/** A line that ends like a sentence or a clause (an English full stop too), closing quotes or brackets aside, is prose, not a heading. */
const ENDS_LIKE_PROSE = new RegExp(`(?:[${charClass(SENTENCE_ENDS + CLAUSE_ENDS)}]|[^.\\d]\\.)[${charClass(CLOSERS.heading)}]*$`);

function isHeading(line: string): boolean {
  if (/^#{1,6}\s/.test(line)) return true;
  return line.length <= 40 && !ENDS_LIKE_PROSE.test(line) && !/^[-*•]\s/.test(line);
}

export function chunkId(source: string, start: number, end: number, text: string): string {
  return createHash("sha256").update(`${source}\u0000${start}\u0000${end}\u0000${text}`).digest("hex").slice(0, 20);
}

/**
 * Splits a document into chunks of whole sentences. A chunk never crosses a
 * heading or chrome line; short paragraphs of one section are packed together;
 * a long paragraph is split at sentence ends (and a sentence longer than
 * maxChars at clause punctuation, then at maxChars).
 */
export function chunkDocument(doc: SourceDoc, settings: ChunkerSettings = DEFAULT_CHUNKER): Chunk[] {
  const { text } = doc;
  const starts = lineStarts(text);
  const chunks: Chunk[] = [];
  const emit = (start: number, end: number, paragraph: number, chrome: boolean) => {
    const slice = text.slice(start, end);
    chunks.push({
      id: chunkId(doc.source, start, end, slice),
      source: doc.source,
      start,
      end,
      line: lineAt(starts, start),
      paragraph,
      text: slice,
      ...(chrome ? { chrome: true } : {}),
    });
  };
  // `open` is a heading or a short paragraph waiting to be packed with what follows.
  let open: { start: number; end: number; paragraph: number } | undefined;
  const close = () => {
    if (open) emit(open.start, open.end, open.paragraph, false);
    open = undefined;
  };
  for (const block of paragraphBlocks(text)) {
    if (block.kind === "chrome") {
      close();
      emit(block.start, block.end, block.paragraph, true);
      continue;
    }
    if (block.kind === "heading") {
      // A heading opens the next chunk so a section's title travels with its first sentences.
      close();
      open = { start: block.start, end: block.end, paragraph: block.paragraph };
      continue;
    }
    if (open && block.end - open.start <= settings.maxChars) {
      open.end = block.end;
      if (open.end - open.start >= settings.minChars) close();
      continue;
    }
    const carried = open && open.end - open.start < settings.minChars ? open : undefined;
    if (!carried) close();
    open = undefined;
    const groups = balancedGroups(sentencePieces(text, block, settings.maxChars), settings.maxChars);
    groups.forEach((group, i) => {
      const start = i === 0 && carried ? carried.start : group.start;
      const paragraph = i === 0 && carried ? carried.paragraph : block.paragraph;
      if (i === groups.length - 1 && group.end - group.start < settings.minChars) open = { start, end: group.end, paragraph };
      else emit(start, group.end, paragraph, false);
    });
  }
  close();
  return chunks;
}

/** Packs consecutive pieces into about equal groups of at most maxChars, so a paragraph never ends in a tiny tail. */
function balancedGroups(pieces: Span[], maxChars: number): Span[] {
  if (pieces.length === 0) return [];
  const total = pieces[pieces.length - 1].end - pieces[0].start;
  const target = total / Math.ceil(total / maxChars);
  const groups: Span[] = [];
  let current: Span | undefined;
  for (const piece of pieces) {
    const grown = current ? piece.end - current.start : 0;
    if (current && (grown > maxChars || (current.end - current.start >= target && grown > target * 1.1))) {
      groups.push(current);
      current = undefined;
    }
    current = current ? { start: current.start, end: piece.end } : { ...piece };
  }
  if (current) groups.push(current);
  return groups;
}

/** Where an over-long sentence may be cut: after a clause mark or a space. */
const CUT_AFTER = CLAUSE_ENDS + " ";

/** Sentences of a block, with over-long sentences cut at clause marks or, failing that, at maxChars. */
function sentencePieces(text: string, block: Span, maxChars: number): Span[] {
  const pieces: Span[] = [];
  for (const sentence of splitSentences(text, block.start, block.end)) {
    let { start } = sentence;
    while (sentence.end - start > maxChars) {
      let cut = -1;
      for (let i = start + maxChars; i > start + maxChars / 2; i--) {
        if (CUT_AFTER.includes(text[i - 1])) { cut = i; break; }
      }
      if (cut === -1) cut = safeCut(text, start + maxChars);
      pieces.push({ start, end: cut });
      start = cut;
    }
    pieces.push({ start, end: sentence.end });
  }
  return pieces;
}

/** Never split a UTF-16 surrogate pair. */
function safeCut(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at + 1 : at;
}
