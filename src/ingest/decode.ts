import iconv from "iconv-lite";

export interface Decoded {
  text: string;
  encoding: string;
}

/**
 * Decode file bytes to text. Order: BOMs (UTF-8, UTF-16 LE/BE), UTF-16 without a BOM (see `utf16Order`), strict UTF-8,
 * UTF-8 with rare broken sequences, then GB18030 (a superset of GBK/GB2312) or
 * Big5, whichever reads the bytes as more common characters (see `big5Lead`), when
 * the bytes are valid in it and look like text. Returns undefined for binary or
 * undecodable input.
 */
export function decodeBytes(bytes: Uint8Array): Decoded | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return utf8(bytes.subarray(3), "utf-8-bom");
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return checked(new TextDecoder("utf-16le", { fatal: true }), bytes.subarray(2), "utf-16le");
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return checked(new TextDecoder("utf-16be", { fatal: true }), bytes.subarray(2), "utf-16be");
  }
  const utf16 = utf16Order(bytes);
  if (utf16) return checked(new TextDecoder(utf16, { fatal: true }), bytes, `${utf16}-no-bom`);
  if (looksBinary(bytes)) return undefined;
  const asUtf8 = utf8(bytes, "utf-8");
  if (asUtf8) return asUtf8;
  // A few broken sequences in otherwise valid UTF-8 must not turn the file into GB18030 mojibake.
  return lossyUtf8(bytes) ?? legacyChinese(bytes);
}

/** The encodings a text can be read in line by line (batch `ask`'s stdin): UTF-8, GB18030 (GBK, GB2312) and Big5. */
export type LineEncoding = "utf-8" | "gb18030" | "big5";

/** The line encoding of a `decodeBytes` result; undefined for UTF-16, which is not read line by line. */
export function lineEncoding(decoded: Decoded): LineEncoding | undefined {
  return decoded.encoding === "gb18030" || decoded.encoding === "big5" ? decoded.encoding : decoded.encoding.startsWith("utf-8") ? "utf-8" : undefined;
}

/** Holds no state between calls that are not streamed. */
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** `bytes` in a known encoding, strictly: undefined when a sequence is broken or names no character. */
export function decodeAs(bytes: Uint8Array, encoding: LineEncoding): string | undefined {
  if (encoding === "utf-8") {
    try {
      return STRICT_UTF8.decode(bytes);
    } catch {
      return undefined;
    }
  }
  if (!(encoding === "big5" ? isValidBig5(bytes) : isValidGb18030(bytes))) return undefined;
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
  // iconv-lite puts U+FFFD for a well-formed pair that names no character (Big5 has many).
  return text.includes("\ufffd") ? undefined : text;
}

/** `bytes` in a known encoding with U+FFFD for what does not decode: to show a line that `decodeAs` refused. */
export function decodeLossy(bytes: Uint8Array, encoding: LineEncoding): string {
  return encoding === "utf-8" ? new TextDecoder("utf-8").decode(bytes) : iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

/**
 * UTF-8 with a few broken sequences (a truncated download, a bad editor save):
 * decoded with U+FFFD in their place, as long as they are rare. Citations stay
 * exact slices of this decoded text.
 */
function lossyUtf8(bytes: Uint8Array): Decoded | undefined {
  const text = new TextDecoder("utf-8").decode(bytes);
  const replaced = replacements(text);
  // Valid UTF-8 gets here only when it did not look like text (isPlausibleText), and stays refused: it has nothing to replace.
  return replaced > 0 && rare(replaced, text) && isPlausibleText(text) ? { text, encoding: "utf-8-lossy" } : undefined;
}

function replacements(text: string): number {
  let replaced = 0;
  for (let i = text.indexOf("\ufffd"); i !== -1; i = text.indexOf("\ufffd", i + 1)) replaced++;
  return replaced;
}

/** Few enough U+FFFD to read the rest: under one character in 200. */
const rare = (replaced: number, text: string) => replaced / Math.max(1, text.length) < 0.005;

function utf8(bytes: Uint8Array, encoding: string): Decoded | undefined {
  return checked(new TextDecoder("utf-8", { fatal: true }), bytes, encoding);
}

function checked(decoder: TextDecoder, bytes: Uint8Array, encoding: string): Decoded | undefined {
  try {
    const text = decoder.decode(bytes);
    return isPlausibleText(text) ? { text, encoding } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GB18030 or Big5. Nearly every Big5 byte pair is a valid GB18030 pair too (and the other way round), so when both
 * read the bytes the one that reads them as more common characters is taken first (a tie, as for one character, is
 * GB18030's, the more common encoding); the other when the first does not look like text. A Big5 file may hold a few
 * vendor characters no table has: U+FFFD in their place, as long as they are rare (as in lossy UTF-8).
 */
function legacyChinese(bytes: Uint8Array): Decoded | undefined {
  const big5 = isValidBig5(bytes);
  const order: LineEncoding[] = big5 && big5Lead(bytes) > 0 ? ["big5", "gb18030"] : ["gb18030", "big5"];
  for (const encoding of order) {
    if (!(encoding === "big5" ? big5 : isValidGb18030(bytes))) continue;
    const text = decodeLossy(bytes, encoding);
    if (isPlausibleText(text) && (encoding === "gb18030" || rare(replacements(text), text))) return { text, encoding };
  }
  return undefined;
}

/**
 * How many more of the two-byte characters read as common under Big5 than under GB18030 (each: +1 common, −1 never
 * seen in text, 0 otherwise). Big5: punctuation and symbols A140–A3BF and the frequently used hanzi A440–C67E count
 * +1, the less frequently used hanzi C940–F9D5 0, the rest (user-defined and reserved) −1. GB18030: the GB2312 rows of
 * punctuation and full-width forms (A1–A3) and the level-1 hanzi (B0–D7) with a second byte from A1 count +1, its
 * user-defined areas (AA–AF and F8–FE with A1–FE, A1–A7 with 40–A0: private-use characters) −1, the rest 0. Traditional
 * text in Big5 has its punctuation (「，。」 are A1xx with a second byte below A1) in GBK's user-defined area and many
 * hanzi in it or in GBK's rare extensions; Simplified text in GBK reads under Big5 as the reserved C6A1–C8FE and less
 * common hanzi. Measured on the 3,493 DRCD questions (Big5) and the 1,002 CMRC questions (GBK), and on DRCD's
 * Traditional questions written in GBK: no whole question misread; ties and misreadings are left for 1–2 characters.
 */
function big5Lead(b: Uint8Array): number {
  let lead = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c < 0x80) continue;
    const d = b[++i];
    const code = (c << 8) | d;
    if ((code >= 0xa140 && code <= 0xa3bf) || (code >= 0xa440 && code <= 0xc67e)) lead++;
    else if (!(code >= 0xc940 && code <= 0xf9d5)) lead--;
    if (d >= 0xa1) {
      if (c <= 0xa3 || (c >= 0xb0 && c <= 0xd7)) lead--;
      else if ((c >= 0xaa && c <= 0xaf) || c >= 0xf8) lead++;
    } else if (c >= 0xa1 && c <= 0xa7) lead++;
  }
  return lead;
}

/** Bytes looked at for UTF-16 without a BOM, and the share of their code units that must hold a zero byte. */
const UTF16_SAMPLE = 8192;
const UTF16_MIN_ZEROS = 0.01;

/**
 * UTF-16 without a BOM (Windows tools write it, or a BOM got lost): every ASCII character (a newline, a space, a digit)
 * has a zero high byte, at odd offsets in little-endian text and at even offsets in big-endian text, while Chinese
 * characters seldom have a zero byte at either. So: an even number of bytes, at least 1% of the first 8 KB's code
 * units with a zero byte on one side and no more than a quarter as many on the other. Binary data has zeros on both
 * sides (and what passes still has to decode strictly and look like text, `checked`). Chinese UTF-16 without a single
 * ASCII character in its first 8 KB has no zeros to tell by and stays unread.
 */
function utf16Order(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  const n = Math.min(bytes.length, UTF16_SAMPLE);
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const units = Math.floor(n / 2);
  if (odd >= Math.max(2, units * UTF16_MIN_ZEROS) && even * 4 <= odd) return "utf-16le";
  if (even >= Math.max(2, units * UTF16_MIN_ZEROS) && odd * 4 <= even) return "utf-16be";
  return undefined;
}

/** NUL bytes never occur in UTF-8 or GB18030 text (UTF-16 is caught earlier, by its BOM or its zero bytes). */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Structural GB18030 check: 1-byte ASCII, 2-byte (81–FE, 40–7E|80–FE), 4-byte (81–FE, 30–39, 81–FE, 30–39). */
function isValidGb18030(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { i += 1; continue; }
    if (c === 0x80 || c === 0xff || i + 1 >= b.length) return false;
    const d = b[i + 1];
    if ((d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfe)) { i += 2; continue; }
    if (d >= 0x30 && d <= 0x39 && i + 3 < b.length) {
      const e = b[i + 2], f = b[i + 3];
      if (e >= 0x81 && e <= 0xfe && f >= 0x30 && f <= 0x39) { i += 4; continue; }
    }
    return false;
  }
  return true;
}

/** Structural Big5 check: 1-byte ASCII, 2-byte (81–FE, 40–7E|A1–FE). */
function isValidBig5(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c < 0x80) continue;
    if (c === 0x80 || c === 0xff || i + 1 >= b.length) return false;
    const d = b[++i];
    if (!((d >= 0x40 && d <= 0x7e) || (d >= 0xa1 && d <= 0xfe))) return false;
  }
  return true;
}

/** Rejects decodings dominated by control characters or private-use code points (typical of binary read as text). */
function isPlausibleText(text: string): boolean {
  if (text.length === 0) return true;
  let bad = 0;
  const n = Math.min(text.length, 20000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0xe000 && c <= 0xf8ff)) bad++;
  }
  return bad / n < 0.02;
}
