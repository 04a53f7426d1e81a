/** A [start, end) span of the original text. */
export interface Span {
  start: number;
  end: number;
}

const TERMINALS = new Set(["。", "！", "？", "；", "…", "!", "?", ";", "｡", "︒"]);
/** Closing quotes and brackets that belong to the sentence they close. */
const CLOSERS = new Set(["”", "’", "」", "』", "》", "〉", "）", ")", "]", "】", "〕", "〗", "\"", "'", "»"]);

// Sentence splitting runs on every retrieved chunk at query time, so it tests code units, not strings.
const codesOf = (chars: Set<string>) => new Set([...chars].map((c) => c.charCodeAt(0)));
const TERMINAL_CODES = codesOf(TERMINALS);
const CLOSER_CODES = codesOf(CLOSERS);
const NEWLINE = 0x0a;
const DOT = 0x2e;
const MIDLINE_ELLIPSIS = 0x22ef;

/** Exactly the code units JavaScript's /\s/ matches. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Splits text[from, to) into sentences without leading/trailing whitespace.
 * Ends: 。！？；… and ASCII !?; and '.' before whitespace (not in "3.14");
 * runs like "？！" or "……" stay together; closing quotes/brackets stay with
 * their sentence; a newline always ends a sentence.
 */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  let start = from;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) spans.push({ start: s, end: e });
    start = end;
  };
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      push(i);
      i++;
      continue;
    }
    const isDot = c === DOT && (i + 1 >= to || isSpace(text.charCodeAt(i + 1))) && !(i > from && isDigit(text.charCodeAt(i - 1)) && i + 1 < to && isDigit(text.charCodeAt(i + 1)));
    if (TERMINAL_CODES.has(c) || isDot) {
      let j = i + 1;
      while (j < to) {
        const n = text.charCodeAt(j);
        if (!(TERMINAL_CODES.has(n) || n === DOT || n === MIDLINE_ELLIPSIS)) break;
        j++;
      }
      while (j < to && CLOSER_CODES.has(text.charCodeAt(j))) j++;
      push(j);
      i = j;
      continue;
    }
    i++;
  }
  push(to);
  return spans;
}

/** Clause breaks inside a long sentence, used to trim an excerpt to the part that matters. */
export function splitClauses(text: string, span: Span): Span[] {
  const spans: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    const ch = text[i];
    if (ch === "，" || ch === "," || ch === "、" || ch === "：" || ch === ":") {
      let j = i + 1;
      while (j < span.end && CLOSERS.has(text[j])) j++;
      spans.push({ start, end: j });
      start = j;
      i = j - 1;
    }
  }
  if (start < span.end) spans.push({ start, end: span.end });
  return spans.filter((s) => s.end > s.start);
}
