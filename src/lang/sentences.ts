/**
 * Where sentences and clauses end, and the one sentence splitter.
 *
 * The punctuation is defined once, below; every other module that cuts text at a
 * sentence or clause (evidence.ts fitsType, the chunker's headings and clause cuts,
 * the short answer's boundaries, Telegram's message cuts) builds its set from these
 * strings. The splitter serves two kinds of text with one scanner and two rule
 * sets, whose differences are spelled out in SentenceSpec:
 *
 * - DOCUMENT_SENTENCES: document text, as spans (`splitSentences`): chunking,
 *   evidence sentences, example questions.
 * - ANSWER_SENTENCES: generated answer text, as sentences and the gaps between
 *   them (`sentencePieces`), for verifying an answer sentence by sentence;
 *   src/answer/llm/verify.ts adds its quote pairs and citation markers.
 */

import { MONTH_ABBREVIATIONS } from "./english.js";
import { isHanIdeograph } from "./script.js";

/** A [start, end) span of the original text. */
export interface Span {
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------
// The punctuation

/** Full stops, question and exclamation marks and semicolons, full-width and ASCII: a sentence ends at them everywhere. */
export const STOPS = "。！？；!?;";

/**
 * The ellipsis. The splitters and Telegram's message cuts end a sentence at it; fitsType
 * (src/answer/evidence.ts), which looks for a number and the question's words in the same
 * sentence, reads through it (STOPS only), as it always has.
 */
export const ELLIPSIS = "…";

/** STOPS and the ellipsis: what ends a sentence in generated answers, and a good place to cut a long message. */
export const SENTENCE_ENDS = STOPS + ELLIPSIS;

/**
 * The halfwidth ideographic full stop ｡ (U+FF61) and its vertical presentation form ︒
 * (U+FE12): documents converted from old encodings or vertical layouts use them. Documents
 * only: the answer splitter never ended a sentence at them.
 */
export const RARE_STOPS = "｡︒";

/** The midline ellipsis ⋯ (U+22EF): continues a run of sentence ends in documents ("……⋯"). */
export const MIDLINE_ELLIPSIS = "⋯";

/** Clause marks: the comma, the enumeration comma 、 and the colon, full-width and ASCII. */
export const CLAUSE_ENDS = "，,、：:";

/** Closing quotes and parentheses that stay with the sentence (or line) they close, wherever closers are looked for. */
const COMMON_CLOSERS = "”’」』）)\"";

/**
 * Closers that belong to the sentence before them. They differ by kind of text, as they always
 * have: documents also close with ' 》 〉 ] 】 〕 〗 », generated answers with the full-width
 * quotation mark ＂ (which verify.ts also reads as a quote), headings with '.
 */
export const CLOSERS = Object.freeze({
  document: COMMON_CLOSERS + "'》〉]】〕〗»",
  answer: COMMON_CLOSERS + "＂",
  heading: COMMON_CLOSERS + "'",
});

/** English abbreviations whose "." does not end a sentence of a generated answer ("e.g.", "Dr."). */
export const ABBREVIATIONS: ReadonlySet<string> = new Set(["e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "no", "vs", "fig", "approx", "st", "jr", "sr", "inc", "ltd", "co"]);

/** A regular-expression character-class body for a string of characters (escapes \ ] [ ^ -). */
export function charClass(chars: string): string {
  return chars.replace(/[\\\]\[^-]/g, "\\$&");
}

/** The code units of a string of (BMP) characters, for scanners that test every character. */
export function codeUnits(chars: string): ReadonlySet<number> {
  return new Set(Array.from(chars, (c) => c.charCodeAt(0)));
}

// ---------------------------------------------------------------------------
// The splitter

/** How sentences end in one kind of text. */
export interface SentenceSpec {
  /** Characters that end a sentence. */
  ends: string;
  /** Characters that continue a run of ends ("？！", "……") besides the ends themselves and ".". */
  continues: string;
  /** Closing quotes and brackets that stay with the sentence they close. */
  closers: string;
  /**
   * Whether closers may be mixed into the run of ends ("。」。" is one end: answers) or only
   * follow it ("。」" then a new sentence "。": documents).
   */
  closersInRun: boolean;
  /**
   * When "." ends a sentence. `document`: before whitespace or the end of the text (so never
   * inside "3.14" or "e.g"), and not after a capital initial ("G. van Rossum"), an abbreviation
   * (ABBREVIATIONS: "e.g.", "Dr."), a list number opening its line ("1. The context"), nor
   * before a lower-case letter ("approx. three"); after a year or a version it does end one ("in
   * 2001. The PSF"). `prose` (answers): as `document`, and never after a digit ("1.") nor after
   * any single letter.
   */
  period: "document" | "prose";
  /**
   * Prose in documents wrapped at a fixed width: a newline inside a paragraph of Latin text, or
   * after a long Chinese line that stops mid-sentence, does not end a sentence (see
   * `continuesLine`); and an ASCII ";" ends one only next to CJK text ("；" always does).
   */
  wrappedLatin?: boolean;
  /**
   * Opening → closing quote: an opened quote whose closer comes later on the same line is not
   * cut inside. None for documents.
   */
  quotes?: Readonly<Record<string, string>>;
  /**
   * Something after a sentence's end that belongs to it (a citation marker, after optional
   * spaces): its end (after `at`) when there is one at `at`, else -1. Checked repeatedly; ends after the
   * last one still belong to the sentence.
   */
  trailing?: (text: string, at: number, to: number) => number;
}

/** Document text: the chunker, evidence sentences, example questions. */
export const DOCUMENT_SENTENCES: Readonly<SentenceSpec> = Object.freeze({
  ends: SENTENCE_ENDS + RARE_STOPS,
  continues: MIDLINE_ELLIPSIS,
  closers: CLOSERS.document,
  closersInRun: false,
  period: "document",
  wrappedLatin: true,
});

/** Generated answers (src/answer/llm/verify.ts adds its quotes and citation markers). */
export const ANSWER_SENTENCES: Readonly<SentenceSpec> = Object.freeze({
  ends: SENTENCE_ENDS,
  continues: "",
  closers: CLOSERS.answer,
  closersInRun: true,
  period: "prose",
});

/** A SentenceSpec as the scanner reads it (code-unit sets); build once per spec, with `sentenceRules`. */
export interface SentenceRules {
  readonly ends: ReadonlySet<number>;
  /** Ends, ".", and the spec's `continues`. */
  readonly run: ReadonlySet<number>;
  readonly closers: ReadonlySet<number>;
  readonly closersInRun: boolean;
  readonly period: (text: string, i: number, from: number, to: number) => boolean;
  readonly wrappedLatin: boolean;
  readonly quotes?: Readonly<Record<string, string>>;
  readonly trailing?: (text: string, at: number, to: number) => number;
}

const NEWLINE = 0x0a;
const DOT = 0x2e;

export function sentenceRules(spec: Readonly<SentenceSpec>): SentenceRules {
  return Object.freeze({
    ends: codeUnits(spec.ends),
    run: codeUnits(spec.ends + "." + spec.continues),
    closers: codeUnits(spec.closers),
    closersInRun: spec.closersInRun,
    period: spec.period === "document" ? documentPeriod : prosePeriod,
    wrappedLatin: spec.wrappedLatin === true,
    ...(spec.quotes ? { quotes: spec.quotes } : {}),
    ...(spec.trailing ? { trailing: spec.trailing } : {}),
  });
}

/** The rules for document text, built once. */
export const DOCUMENT_RULES: SentenceRules = sentenceRules(DOCUMENT_SENTENCES);

/** Exactly the code units JavaScript's /\s/ matches. */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const WORD_BEFORE = /([\p{L}.]+)$/u;

/** `document`: see SentenceSpec.period. */
function documentPeriod(text: string, i: number, from: number, to: number): boolean {
  if (i + 1 < to && !isSpace(text.charCodeAt(i + 1))) return false;
  const word = WORD_BEFORE.exec(text.slice(Math.max(from, i - 12), i))?.[1] ?? "";
  if (ABBREVIATIONS.has(word.toLowerCase()) || /^[A-Z]$/.test(word) || monthBeforeDay(text, word, i, to)) return false;
  // An abbreviation of dotted capitals ("U.S.", "U.K.") goes on before a name ("the U.S. National Medal of Technology", "U.S.
  // Army") and ends a sentence only before a word that opens one ("… in the U.S. The next year").
  if (/^(?:[A-Z]\.)+[A-Z]$/.test(word) && nameNext(text.slice(i + 1, Math.min(to, i + 16)))) return false;
  if (listNumber(text, i)) return false;
  return !lowerNext(text, i + 1, to);
}

/** Words that open an English sentence after an abbreviation of dotted capitals (its end is then a sentence's end). */
const OPENER_NEXT = /^\s+(?:The|A|An|He|She|It|They|We|I|In|On|At|This|These|That|Those|His|Her|Its|Their|But|And|However|After|Before|When|While|As|By|For|From|During|Since|There|Then|Later|Today)\b/;

/** Whether the text after an abbreviation of dotted capitals goes on with a capitalised English word that opens no sentence (a name). */
function nameNext(after: string): boolean {
  return /^\s+[A-Z]/.test(after) && !OPENER_NEXT.test(after);
}

/** Whether the "." at i follows a list number that opens its line ("1. The context …"). */
function listNumber(text: string, i: number): boolean {
  let j = i;
  while (j > 0 && isDigit(text.charCodeAt(j - 1))) j--;
  if (j === i || i - j > 3) return false;
  while (j > 0 && (text.charCodeAt(j - 1) === 0x20 || text.charCodeAt(j - 1) === 0x09)) j--;
  return j === 0 || text.charCodeAt(j - 1) === NEWLINE;
}

/** `prose`: a "." before whitespace or the end, not after a digit ("1.", "3.5"), an abbreviation or an initial, nor before a lower-case letter. */
function prosePeriod(text: string, i: number, from: number, to: number): boolean {
  if (i + 1 < to && !isSpace(text.charCodeAt(i + 1))) return false;
  if (i > from && isDigit(text.charCodeAt(i - 1))) return false;
  const word = WORD_BEFORE.exec(text.slice(Math.max(from, i - 12), i))?.[1]?.toLowerCase() ?? "";
  if (word.length === 1 || ABBREVIATIONS.has(word) || monthBeforeDay(text, word, i, to)) return false;
  return !lowerNext(text, i + 1, to);
}

/** A month's abbreviation. */
const MONTH_ABBREVIATION = new RegExp(`^(?:${MONTH_ABBREVIATIONS})$`, "i");

/** Whether the "." at i ends a month's abbreviation before its day or year ("Sept. 12, 2004", "Jan. 2001"): a date goes on. */
function monthBeforeDay(text: string, word: string, i: number, to: number): boolean {
  return MONTH_ABBREVIATION.test(word) && /^[ \t]+\d/.test(text.slice(i + 1, Math.min(to, i + 4)));
}

/** Whether the next non-space character within three is a lower-case ASCII letter. */
function lowerNext(text: string, at: number, to: number): boolean {
  for (let k = at; k < Math.min(at + 3, to); k++) {
    const c = text.charCodeAt(k);
    if (!isSpace(c)) return c >= 0x61 && c <= 0x7a;
  }
  return false;
}

const SEMICOLON = 0x3b;

/** A wrapped line is at least this long (headings, list labels and short lines of their own are not wrapped). */
const WRAPPED_LINE = 40;

function isLatin(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

/**
 * Whether the newline at `nl` continues the sentence: English prose wrapped at a fixed width. The line
 * it ends is long (WRAPPED_LINE) and ends in a Latin letter, digit or clause mark (not CJK, not a
 * sentence end); the next line is not blank, starts with a letter or digit (not code, a bullet or a
 * quote prompt) and is indented at least as far (a list item's continuation lines are indented more).
 */
export function continuesLine(text: string, nl: number, to = text.length): boolean {
  const lineStart = text.lastIndexOf("\n", nl - 1) + 1;
  let last = nl - 1;
  while (last >= lineStart && isSpace(text.charCodeAt(last))) last--;
  if (last < lineStart) return false;
  if (endsChineseLine(text, last)) return continuesCjkLine(text, lineStart, last, nl, to);
  let indent = lineStart;
  while (indent < nl && isIndent(text.charCodeAt(indent))) indent++;
  if (last + 1 - indent < WRAPPED_LINE) return false;
  const end = text.charCodeAt(last);
  // A "." that ends no sentence (an initial, an abbreviation: "written by Donald E." / "{Knuth}") ends no line either.
  const period = end === DOT && !documentPeriod(text, last, lineStart, to);
  if (!(isLatin(end) || isDigit(end) || period || ",:-–—)*\"'’”".includes(text[last]))) return false;
  let next = nl + 1;
  while (next < to && isIndent(text.charCodeAt(next))) next++;
  if (next >= to) return false;
  const c = text.charCodeAt(next);
  // A line may open with a quote, a bracket, or a brace around a cross-reference ("{Knuth}", as FOLDOC and the Jargon File write them).
  return (isLatin(c) || isDigit(c) || "\"(“{".includes(text[next])) && next - (nl + 1) >= indent - lineStart;
}

/** Indentation of a wrapped Latin line: spaces, tabs and no-break spaces (text converted from HTML or word processors indents with them). */
function isIndent(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0;
}

/** Chinese clause marks a hard-wrapped line may end at. */
const CJK_CLAUSE_ENDS = "，、：";

/** Whether text[i] may end a Chinese line cut mid-sentence: a Han character (〇 too, as in 二〇三〇) or a clause mark. */
function endsChineseLine(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return isHanIdeograph(c) || c === 0x3007 || CJK_CLAUSE_ENDS.includes(text[i]);
}

/** A hard-wrapped Chinese line is at least this long: headings and labels are shorter. */
const WRAPPED_CJK_LINE = 16;

/**
 * Chinese text hard-wrapped at a fixed width (text exported from PDFs, old plain-text files): the
 * line [lineStart, last] ends in a Han character or clause mark, mid-sentence, and is long; the
 * next line starts with a Han character, is not much longer (the paragraph's full-width lines, a
 * few narrow digits or Latin letters aside, then its shorter last line; a heading is followed by a
 * longer line) and ends in a sentence end, or runs on as long as this one — a short
 * line without one is a heading or label of its own.
 */
function continuesCjkLine(text: string, lineStart: number, last: number, nl: number, to: number): boolean {
  const length = last + 1 - lineStart - leadingSpace(text, lineStart, last + 1);
  if (length < WRAPPED_CJK_LINE) return false;
  let nextEnd = text.indexOf("\n", nl + 1);
  if (nextEnd === -1 || nextEnd > to) nextEnd = to;
  const next = text.slice(nl + 1, nextEnd).trim();
  if (next.length === 0 || !isHanIdeograph(next.charCodeAt(0)) || next.length > 1.25 * length + 2) return false;
  return next.length >= length - 1 || STOPS.includes(next[next.length - 1]) || CLOSERS.document.includes(next[next.length - 1]);
}

function leadingSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09 || text.charCodeAt(i) === 0x3000)) i++;
  return i - from;
}

/** An HTML entity as text (&lt; &amp; &nbsp; &#123; &#x4e2d;): a .txt or .md file that writes markup as entities. */
const ENTITY = /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});$/;

/** Longest entity ENTITY reads: "&" + 32 characters + ";". */
const ENTITY_MAX = 34;

/** Whether the ";" at i closes an HTML entity written as text (「使用&lt;br&gt;换行」): a character's name, never a sentence's end or a clause break. */
function closesEntity(text: string, i: number, from: number): boolean {
  return ENTITY.test(text.slice(Math.max(from, i - ENTITY_MAX + 1), i + 1));
}

/** In English prose an ASCII ";" joins clauses: between Latin words it does not end a sentence; elsewhere (next to CJK text) it does, as "；" does. */
function semicolonJoins(text: string, i: number, from: number, to: number): boolean {
  if (i <= from || !isLatinWordEnd(text.charCodeAt(i - 1))) return false;
  let k = i + 1;
  while (k < to && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) k++;
  return k > i + 1 && k < to && (isLatin(text.charCodeAt(k)) || isDigit(text.charCodeAt(k)) || text[k] === '"');
}

const ELLIPSIS_UNIT = ELLIPSIS.charCodeAt(0);

/** An ellipsis between two Latin words or quoted words, without spaces ("try"…"except"), joins them. */
function ellipsisJoins(text: string, i: number, from: number, to: number): boolean {
  return i > from && i + 1 < to && isLatinWordEnd(text.charCodeAt(i - 1)) && (isLatin(text.charCodeAt(i + 1)) || text[i + 1] === '"');
}

function isLatinWordEnd(c: number): boolean {
  return isLatin(c) || isDigit(c) || c === 0x22 || c === 0x29 || c === 0x27;
}

/**
 * The end of the sentence that starts at `start` (not whitespace), within [from, to): after its
 * run of ends, closers and trailing markers; at a newline (which it does not include); else `to`.
 */
function sentenceEnd(text: string, start: number, from: number, to: number, rules: SentenceRules): number {
  const { ends, quotes } = rules;
  let closer: string | undefined;
  for (let i = start; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      if (rules.wrappedLatin && (hasLatin(text, start, i) || endsChineseLine(text, i - 1)) && continuesLine(text, i, to)) continue;
      return i;
    }
    if (closer !== undefined) {
      if (text[i] === closer) closer = undefined;
      continue;
    }
    if (quotes !== undefined) {
      const q = quotes[text[i]];
      if (q !== undefined) {
        const close = text.indexOf(q, i + 1);
        const nl = text.indexOf("\n", i);
        if (close !== -1 && close < (nl === -1 || nl > to ? to : nl)) {
          closer = q;
          continue;
        }
      }
    }
    if (c === SEMICOLON && (closesEntity(text, i, from) || (rules.wrappedLatin && semicolonJoins(text, i, from, to)))) continue;
    if (c === ELLIPSIS_UNIT && rules.wrappedLatin && ellipsisJoins(text, i, from, to)) continue;
    if (ends.has(c) || (c === DOT && rules.period(text, i, from, to))) return runEnd(text, i + 1, to, rules);
  }
  return to;
}

/** Whether text[from, to) has a Latin letter (the sentence so far is not Chinese only). */
function hasLatin(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isLatin(text.charCodeAt(i))) return true;
  return false;
}

/** Past the run of ends (and closers, and trailing markers) that starts at j. */
function runEnd(text: string, j: number, to: number, rules: SentenceRules): number {
  const { run, closers } = rules;
  if (rules.closersInRun) {
    while (j < to && (run.has(text.charCodeAt(j)) || closers.has(text.charCodeAt(j)))) j++;
  } else {
    while (j < to && run.has(text.charCodeAt(j))) j++;
    while (j < to && closers.has(text.charCodeAt(j))) j++;
  }
  if (rules.trailing) {
    for (let end = rules.trailing(text, j, to); end > j; end = rules.trailing(text, j, to)) j = end;
    while (j < to && run.has(text.charCodeAt(j))) j++;
  }
  return j;
}

/**
 * Splits text[from, to) into sentences without leading/trailing whitespace. With the default
 * (document) rules: ends 。！？；… ｡︒ and ASCII !? (";" next to CJK), and "." as
 * SentenceSpec.period says (not in "3.14", "e.g.", "Dr.", "G. van"); runs like "？！" or "……"
 * stay together; closing quotes/brackets stay with their sentence; a newline ends a sentence
 * except inside wrapped English prose (see continuesLine).
 */
export function splitSentences(text: string, from = 0, to = text.length, rules: SentenceRules = DOCUMENT_RULES): Span[] {
  const spans: Span[] = [];
  let i = from;
  while (i < to) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const end = sentenceEnd(text, i, from, to, rules);
    let e = end;
    while (e > i && isSpace(text.charCodeAt(e - 1))) e--;
    spans.push({ start: i, end: e });
    i = end;
  }
  return spans;
}

/** A sentence of a text, or the whitespace between two. */
export interface Piece {
  kind: "sentence" | "gap";
  text: string;
  /** 0-based line of the text the piece starts on. */
  line: number;
}

/**
 * Splits text into sentences and the whitespace between them, which together are the whole
 * text. A sentence runs from its first non-space character to its end (see `sentenceEnd`), or
 * to the end of its line, trailing spaces included.
 */
export function sentencePieces(text: string, rules: SentenceRules): Piece[] {
  const pieces: Piece[] = [];
  let line = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let j = i;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j > i) {
      const gap = text.slice(i, j);
      pieces.push({ kind: "gap", text: gap, line });
      for (let k = 0; k < gap.length; k++) if (gap.charCodeAt(k) === NEWLINE) line++;
      i = j;
    }
    if (i >= n) break;
    const end = sentenceEnd(text, i, 0, n, rules);
    pieces.push({ kind: "sentence", text: text.slice(i, end), line });
    i = end;
  }
  return pieces;
}

const CLAUSE_UNITS = codeUnits(CLAUSE_ENDS);

/**
 * Words that open an English clause after a comma: conjunctions, relatives and subordinators. Before any other word a
 * comma between English words lists things ("coal, grain and timber") or sets off a phrase ("In 1995, Guido").
 */
const CLAUSE_OPENERS: ReadonlySet<string> = new Set([
  "and", "but", "or", "nor", "so", "yet", "while", "whereas", "where", "which", "who", "whom", "whose", "when", "whenever",
  "although", "though", "because", "since", "as", "after", "before", "until", "unless", "if", "then", "however", "thus",
  "including", "leaving", "making", "giving", "causing",
]);

const LATIN_WORD_AFTER = /^\s+([A-Za-z]+)/;

/**
 * Whether the mark at i breaks an English clause (`english`: prose rules for ASCII "," and ";" between Latin words): a
 * ";" always (it did not end the sentence), a "," only before a word of CLAUSE_OPENERS. Elsewhere every clause mark breaks.
 */
function clauseBreak(text: string, i: number, end: number, english: boolean): boolean {
  const c = text.charCodeAt(i);
  if (c === SEMICOLON && closesEntity(text, i, 0)) return false;
  if (!english || (c !== 0x2c && c !== SEMICOLON) || i === 0 || !isLatinWordEnd(text.charCodeAt(i - 1))) return CLAUSE_UNITS.has(c);
  // A comma grouping digits ("55,000,000") breaks nothing.
  if (c === 0x2c && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1))) return false;
  const next = LATIN_WORD_AFTER.exec(text.slice(i + 1, Math.min(end, i + 24)));
  if (!next) return c === 0x2c;
  return c === SEMICOLON || CLAUSE_OPENERS.has(next[1].toLowerCase());
}

/**
 * Clause breaks inside a long sentence, used to trim an excerpt to the part that matters (document closers stay with
 * their clause). `english`: a comma between English words breaks a clause only before a word that opens one, and a
 * semicolon between them (which does not end an English sentence) breaks one too.
 */
export function splitClauses(text: string, span: Span, english = false): Span[] {
  const spans: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    if (clauseBreak(text, i, span.end, english)) {
      let j = i + 1;
      while (j < span.end && DOCUMENT_RULES.closers.has(text.charCodeAt(j))) j++;
      spans.push({ start, end: j });
      start = j;
      i = j - 1;
    }
  }
  if (start < span.end) spans.push({ start, end: span.end });
  return spans.filter((s) => s.end > s.start);
}

/** Marks a quote never opens with: the clause marks and the semicolons, full-width and ASCII. */
const OPENING_MARKS = codeUnits(CLAUSE_ENDS + "；;");

/**
 * Where a quote of text[start, end) starts once the clause marks that open it are left out (「，」 left behind by a sentence
 * end that was not one), with the spaces after them: `start` itself when it opens with none, or when nothing else is left.
 */
export function afterOpeningMarks(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && OPENING_MARKS.has(text.charCodeAt(i))) {
    i++;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
  }
  return i < end ? i : start;
}

// ---------------------------------------------------------------------------
// Reading across hard wraps

/** Spaces and tabs (and the ideographic space) around a wrapped line's break: the indent and trailing blanks. */
function isBlankUnit(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x3000 || c === 0x0d;
}

const LOWER = /^\p{Ll}$/u;
const LETTERS_BEFORE = /\p{L}+$/u;
const LETTERS_AFTER = /^\p{L}+/u;

/**
 * Whether a word hyphenated at a line end is one word broken there ("kilo-" + "metres" → true) or a
 * compound whose hyphen fell at the line end ("reference-" + "counting" → false). Plain text wrapped by a
 * tool (fmt, textwrap) breaks only at spaces and hyphens, so the caller, who knows the documents'
 * words, says; `joinsHyphen` takes the word without its hyphen.
 */
export type HyphenJoin = (word: string) => boolean;
const ALWAYS: HyphenJoin = () => true;

/**
 * What a line break in [left, right) (its blanks included) becomes when read: a word hyphenated at the
 * line end between lower-case letters is joined (without its hyphen when `joinsHyphen` says it is one word
 * broken there), Chinese lines are joined directly (「两万」 + 「一千公里」), other lines with a space; with
 * `hyphensOnly`, only the first kind is joined. `left`/`right` are the first blank before and the first
 * character after the break; returns where the removed text starts and what replaces it, or undefined to
 * keep the break.
 */
function wrapJoin(text: string, left: number, right: number, joinsHyphen: HyphenJoin, hyphensOnly: boolean): { from: number; insert: string } | undefined {
  const before = text[left - 1] ?? "";
  const after = text[right] ?? "";
  if (before === "-" && LOWER.test(text[left - 2] ?? "") && LOWER.test(after)) {
    const word = `${LETTERS_BEFORE.exec(text.slice(Math.max(0, left - 41), left - 1))?.[0] ?? ""}${LETTERS_AFTER.exec(text.slice(right, right + 40))?.[0] ?? ""}`;
    return joinsHyphen(word) ? { from: left - 1, insert: "" } : { from: left, insert: "" };
  }
  if (hyphensOnly) return undefined;
  if (left > 0 && endsChineseLine(text, left - 1) && isHanIdeograph(text.charCodeAt(right))) return { from: left, insert: "" };
  return { from: left, insert: " " };
}

/** A text as read across its hard wraps, and where each of its characters is in the source. */
export interface ReadText {
  text: string;
  /** offsets[i]: the source offset of text[i], relative to the start of the source range; offsets[text.length]: its end. */
  offsets: Uint32Array;
}

/** How `readAcrossWraps` reads: every hard wrap (to find a span across one), or only words hyphenated at a line end (to quote). */
export interface WrapReading {
  hyphensOnly?: boolean;
  joinsHyphen?: HyphenJoin;
}

/**
 * text[from, to) as read: each line break inside a sentence (a hard wrap, as `continuesLine` says,
 * judged on the whole text so a line cut by `from` keeps its length) joined as `wrapJoin` says. Offsets
 * map every read character back, so a span found in the read text is an exact span of the source.
 */
export function readAcrossWraps(text: string, from = 0, to = text.length, reading: WrapReading = {}): ReadText {
  let out = "";
  const offsets: number[] = [];
  let copied = from;
  const copy = (end: number) => {
    out += text.slice(copied, end);
    for (let k = copied; k < end; k++) offsets.push(k - from);
  };
  for (let nl = text.indexOf("\n", from); nl !== -1 && nl < to; nl = text.indexOf("\n", nl + 1)) {
    if (!continuesLine(text, nl)) continue;
    let left = nl;
    while (left > copied && isBlankUnit(text.charCodeAt(left - 1))) left--;
    let right = nl + 1;
    while (right < to && isBlankUnit(text.charCodeAt(right))) right++;
    if (left === copied || right >= to) continue;
    const join = wrapJoin(text, left, right, reading.joinsHyphen ?? ALWAYS, reading.hyphensOnly === true);
    if (!join) continue;
    copy(join.from);
    if (join.insert) {
      out += join.insert;
      offsets.push(nl - from);
    }
    copied = right;
  }
  copy(to);
  offsets.push(to - from);
  return { text: out, offsets: Uint32Array.from(offsets) };
}

/** A source span [start, end) of a span of `read`'s text (offsets relative to its source range). */
export function sourceSpan(read: ReadText, start: number, end: number): Span {
  return { start: read.offsets[start], end: end > start ? read.offsets[end - 1] + 1 : read.offsets[start] };
}

/**
 * A short span of source text (a short answer found across a hard wrap) as read: every line break in it
 * joined as a hard wrap is (「两万\n一千公里」 → 「两万一千公里」, "kilo-\nmetres" → "kilometres"). `quoted`:
 * the answer that quotes it, which says whether a hyphen at the line end stayed ("reference-counting").
 */
export function joinLines(text: string, quoted = ""): string {
  const read = (joinsHyphen: HyphenJoin) => {
    let out = "";
    let copied = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", nl + 1)) {
      let left = nl;
      while (left > copied && isBlankUnit(text.charCodeAt(left - 1))) left--;
      let right = nl + 1;
      while (right < text.length && isBlankUnit(text.charCodeAt(right))) right++;
      const join = wrapJoin(text, left, right, joinsHyphen, false)!;
      out += text.slice(copied, join.from) + join.insert;
      copied = right;
    }
    return out + text.slice(copied);
  };
  const joined = read(ALWAYS);
  if (!quoted || quoted.includes(joined)) return joined;
  const hyphenated = read(() => false);
  return quoted.includes(hyphenated) ? hyphenated : joined;
}
