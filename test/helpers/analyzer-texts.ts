import { readFileSync } from "node:fs";
import { BUNDLED_DOC } from "./workspace.js";

/** Inputs that have tripped up term extraction: empty, mixed scripts, astral and lone surrogates, full-width, long runs. */
const TRICKY_TEXTS = [
  "",
  "   ",
  "北京市2023年教育工作要点：全市共有普通高校92所，在校生约60.5万人。",
  "臺灣的大學（NTU）成立於1928年；The schools' students were studying 3.14 hours.",
  "日本語のテキスト、한국어 문장, émigré Ёлка 𠀋𡈽 😀 a.b 1.5.7 x-y \ud800 lone \udc00 surrogates",
  "　全角ＡＢＣ１２３，“引号”『书名』……！？;;  tab\tand\nnewline 的的的 了了",
  "的的的的了了了 一一一 ＡＢＣ１２３ “引号” 「括号」……！？",
  "学".repeat(3000),
  Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join(""),
];

/** Overlapping slices of the bundled document of varied lengths, then the tricky inputs: for comparing two term paths text by text. */
export function analyzerTexts(): string[] {
  const text = readFileSync(BUNDLED_DOC, "utf8");
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 157) out.push(text.slice(i, i + 211 + (i % 97)));
  return [...out, ...TRICKY_TEXTS];
}
