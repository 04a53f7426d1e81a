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
   * When "." ends a sentence. `plain` (documents): before whitespace or the end of the text, so
   * never inside "3.14". `prose` (answers): before whitespace or the end, and not after a digit
   * ("1."), a single letter (an initial), an abbreviation (ABBREVIATIONS), nor before a
   * lower-case letter.
   */
  period: "plain" | "prose";
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
  period: "plain",
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
    period: spec.period === "plain" ? plainPeriod : prosePeriod,
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

/** `plain`: a "." before whitespace or the end of the range. */
function plainPeriod(text: string, i: number, _from: number, to: number): boolean {
  return i + 1 >= to || isSpace(text.charCodeAt(i + 1));
}

const WORD_BEFORE = /([\p{L}.]+)$/u;

/** `prose`: a "." before whitespace or the end, not after a digit ("1.", "3.5"), an abbreviation or an initial, nor before a lower-case letter. */
function prosePeriod(text: string, i: number, from: number, to: number): boolean {
  if (i + 1 < to && !isSpace(text.charCodeAt(i + 1))) return false;
  if (i > from && isDigit(text.charCodeAt(i - 1))) return false;
  const word = WORD_BEFORE.exec(text.slice(Math.max(from, i - 12), i))?.[1]?.toLowerCase() ?? "";
  if (word.length === 1 || ABBREVIATIONS.has(word)) return false;
  for (let k = i + 1; k < Math.min(i + 4, to); k++) {
    const c = text.charCodeAt(k);
    if (!isSpace(c)) return !(c >= 0x61 && c <= 0x7a);
  }
  return true;
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
    if (c === NEWLINE) return i;
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
    if (ends.has(c) || (c === DOT && rules.period(text, i, from, to))) return runEnd(text, i + 1, to, rules);
  }
  return to;
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
 * (document) rules: ends 。！？；… ｡︒ and ASCII !?; and "." before whitespace (not in "3.14");
 * runs like "？！" or "……" stay together; closing quotes/brackets stay with their sentence;
 * a newline always ends a sentence.
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

/** Clause breaks inside a long sentence, used to trim an excerpt to the part that matters (document closers stay with their clause). */
export function splitClauses(text: string, span: Span): Span[] {
  const spans: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    if (CLAUSE_UNITS.has(text.charCodeAt(i))) {
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
