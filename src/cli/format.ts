import { terminalLine, terminalText } from "../display-safe.js";
import type { Answer, SourceInfo } from "../types.js";

/** Terminal rendering of an answer: the answer, then each citation with where it is and the exact excerpt (document text and names through the terminal sanitiser). */
export function formatAnswer(answer: Answer, titles: Map<string, string>, color: boolean): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const lines = [terminalText(answer.answer)];
  if (answer.shortAnswer) lines.push(`${dim("→")} ${bold(terminalLine(answer.shortAnswer))}`);
  for (const c of answer.citations) {
    const title = titles.get(c.source);
    const where = `${terminalLine(c.source)}${title && title !== c.source ? ` · ${terminalLine(title)}` : ""} · paragraph ${c.paragraph}, line ${c.line} (chars ${c.start}–${c.end})`;
    lines.push("", `${bold(`[${c.n}]`)} ${where}`, ...terminalText(c.text).split("\n").map((l) => `    ${l}`));
  }
  return lines.join("\n");
}

export function formatSources(sources: SourceInfo[]): string {
  return sources.map((s) => `${terminalLine(s.source)} · ${terminalLine(s.title)} · ${s.chunks} chunks, ${s.chars} chars`).join("\n");
}
