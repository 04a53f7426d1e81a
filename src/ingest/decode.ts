import iconv from "iconv-lite";

export interface Decoded {
  text: string;
  encoding: string;
}

/**
 * Decode file bytes to text. Order: BOMs (UTF-8, UTF-16 LE/BE), strict UTF-8,
 * UTF-8 with rare broken sequences, then GB18030 (a superset of GBK/GB2312) when
 * the bytes are valid GB18030 and look like text. Returns undefined for binary or
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
  if (looksBinary(bytes)) return undefined;
  const asUtf8 = utf8(bytes, "utf-8");
  if (asUtf8) return asUtf8;
  // A few broken sequences in otherwise valid UTF-8 must not turn the file into GB18030 mojibake.
  return lossyUtf8(bytes) ?? gb18030(bytes);
}

/**
 * UTF-8 with a few broken sequences (a truncated download, a bad editor save):
 * decoded with U+FFFD in their place, as long as they are rare. Citations stay
 * exact slices of this decoded text.
 */
function lossyUtf8(bytes: Uint8Array): Decoded | undefined {
  const text = new TextDecoder("utf-8").decode(bytes);
  let replaced = 0;
  for (let i = text.indexOf("\ufffd"); i !== -1; i = text.indexOf("\ufffd", i + 1)) replaced++;
  // Valid UTF-8 gets here only when it did not look like text (isPlausibleText), and stays refused: it has nothing to replace.
  return replaced > 0 && replaced / Math.max(1, text.length) < 0.005 && isPlausibleText(text) ? { text, encoding: "utf-8-lossy" } : undefined;
}

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

function gb18030(bytes: Uint8Array): Decoded | undefined {
  if (!isValidGb18030(bytes)) return undefined;
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "gb18030");
  return isPlausibleText(text) ? { text, encoding: "gb18030" } : undefined;
}

/** NUL bytes never occur in UTF-8 or GB18030 text (UTF-16 is caught earlier by its BOM). */
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
