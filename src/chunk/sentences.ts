/** A [start, end) span of the original text. */
export interface Span {
  start: number;
  end: number;
}

const TERMINALS = new Set(["。", "！", "？", "；", "…", "!", "?", ";", "｡", "︒"]);
/** Closing quotes and brackets that belong to the sentence they close. */
const CLOSERS = new Set(["”", "’", "」", "』", "》", "〉", "）", ")", "]", "】", "〕", "〗", "\"", "'", "»"]);
const SPACE = /\s/;

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
    while (s < e && SPACE.test(text[s])) s++;
    while (e > s && SPACE.test(text[e - 1])) e--;
    if (e > s) spans.push({ start: s, end: e });
    start = end;
  };
  let i = from;
  while (i < to) {
    const ch = text[i];
    if (ch === "\n") {
      push(i);
      i++;
      continue;
    }
    const isDot = ch === "." && (i + 1 >= to || SPACE.test(text[i + 1])) && !(i > from && /\d/.test(text[i - 1]) && i + 1 < to && /\d/.test(text[i + 1]));
    if (TERMINALS.has(ch) || isDot) {
      let j = i + 1;
      while (j < to && (TERMINALS.has(text[j]) || text[j] === "." || text[j] === "⋯")) j++;
      while (j < to && CLOSERS.has(text[j])) j++;
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
