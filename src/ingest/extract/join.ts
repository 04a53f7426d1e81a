/**
 * Joining the lines of one paragraph, for formats that break lines where the page ended
 * (PDF, OCR): no space between CJK characters, one space between Latin words, and a word
 * hyphenated at the line end ("infra-" + "structure") joined without its hyphen.
 */

/** Han, kana, Hangul, CJK and full-width punctuation: characters written without spaces between them. */
const CJK = /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff]/u;

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && ch.length > 0 && CJK.test(ch);
}

/** Last character (code point) of `s`. */
export function lastChar(s: string): string | undefined {
  if (s.length === 0) return undefined;
  const code = s.charCodeAt(s.length - 1);
  return code >= 0xdc00 && code <= 0xdfff && s.length > 1 ? s.slice(-2) : s.slice(-1);
}

export function firstChar(s: string): string | undefined {
  if (s.length === 0) return undefined;
  const code = s.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdbff && s.length > 1 ? s.slice(0, 2) : s.slice(0, 1);
}

/** What goes between the end of one line and the start of the next line of the same paragraph. */
export function lineJoint(prev: string, next: string): { dropFromPrev: number; separator: string } {
  if (/[\u00ad]$/.test(prev)) return { dropFromPrev: 1, separator: "" }; // soft hyphen: an invisible break point
  if (/\p{Ll}-$/u.test(prev) && /^\p{Ll}/u.test(next)) return { dropFromPrev: 1, separator: "" }; // infra- / structure
  const a = lastChar(prev);
  const b = firstChar(next);
  if (a === undefined || b === undefined || /\s/.test(a) || /\s/.test(b)) return { dropFromPrev: 0, separator: "" };
  if (isCjk(a) || isCjk(b)) return { dropFromPrev: 0, separator: "" };
  if (/[-/–—]$/.test(prev)) return { dropFromPrev: 0, separator: "" }; // "2023-" / "2024", "and/" / "or": keep as written
  return { dropFromPrev: 0, separator: " " };
}

/** The lines of one paragraph as one line. */
export function joinLines(lines: readonly string[]): string {
  let out = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0) continue;
    if (out.length === 0) {
      out = line;
      continue;
    }
    const { dropFromPrev, separator } = lineJoint(out, line);
    out = out.slice(0, out.length - dropFromPrev) + separator + line;
  }
  return out;
}
