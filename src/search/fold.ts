import * as OpenCC from "opencc-js";
import { HAN_IDEOGRAPHS } from "../lang/script.js";

/**
 * Folding for matching only: every UTF-16 unit maps to exactly one unit, so an
 * offset in folded text is the same offset in the original. Citations are never
 * taken from folded text.
 */
export type Fold = (text: string) => string;

const SPACES = new Set([0x00a0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

/** The fold: width, spaces, case, and Traditional → Simplified (per character). */
export function createFold(): Fold {
  return foldFromTable(createFoldTable());
}

/** The fold's table: table[c] is the folded form of UTF-16 unit c. */
export function createFoldTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = c;
  for (let c = 0xff01; c <= 0xff5e; c++) table[c] = c - 0xfee0; // full-width ASCII
  for (let c = 0x2000; c <= 0x200a; c++) table[c] = 0x20;
  for (const c of SPACES) table[c] = 0x20;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(table[c]);
    const lower = ch.toLowerCase();
    if (lower.length === 1) table[c] = lower.charCodeAt(0);
  }
  // Curly and corner quotes fold together so 「1+1」 and “1+1” read alike.
  for (const c of [0x201c, 0x201d, 0x300c, 0x300d, 0x300e, 0x300f, 0xff02, 0x2033]) table[c] = 0x22;
  for (const c of [0x2018, 0x2019, 0xff07]) table[c] = 0x27;
  const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });
  const simplified = new Map<number, number>();
  for (const [from, to] of HAN_IDEOGRAPHS) {
    const chars: string[] = [];
    for (let c = from; c <= to; c++) chars.push(String.fromCharCode(c));
    const converted = toSimplified(chars.join("\n")).split("\n");
    if (converted.length !== chars.length) continue; // defensive: never misalign the table
    for (let i = 0; i < chars.length; i++) {
      if (converted[i].length === 1 && converted[i] !== chars[i]) simplified.set(from + i, converted[i].charCodeAt(0));
    }
  }
  // A character that is itself the Simplified form of another (么, the Simplified of 麼) stays as it is:
  // OpenCC's tw→cn would turn 么 into 幺 and break 什么/怎么 in every Simplified text.
  const targets = new Set(simplified.values());
  for (const [c, s] of simplified) if (!targets.has(c)) table[c] = s;
  return table;
}

/** Typed arrays are in platform byte order; decoding their bytes as UTF-16LE is only right on little-endian hosts. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * A fold function from a 64K-entry table (also how worker threads rebuild the fold they are sent).
 * Evidence selection folds many short pieces per question, so text that folds to itself is
 * returned without allocating, and the rest is decoded from the folded units in one native call.
 */
export function foldFromTable(table: Uint16Array): Fold {
  return (text: string) => {
    const n = text.length;
    let i = 0;
    while (i < n && table[text.charCodeAt(i)] === text.charCodeAt(i)) i++;
    if (i === n) return text;
    const out = new Uint16Array(n);
    for (let j = 0; j < n; j++) out[j] = table[text.charCodeAt(j)];
    if (LITTLE_ENDIAN) return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString("utf16le");
    let result = "";
    for (let j = 0; j < n; j += 8192) result += String.fromCharCode(...out.subarray(j, j + 8192));
    return result;
  };
}

/** The table behind a fold (the inverse of foldFromTable): table[c] = fold(c). Throws when `fold` does not map every unit to one unit. */
export function foldTableOf(fold: Fold): Uint16Array {
  let units = "";
  for (let c = 0; c < 0x10000; c += 0x1000) units += String.fromCharCode(...Array.from({ length: 0x1000 }, (_, i) => c + i));
  const folded = fold(units);
  if (folded.length !== units.length) throw new Error("fold does not map every UTF-16 unit to one unit");
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = folded.charCodeAt(c);
  return table;
}
