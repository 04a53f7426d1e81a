import { citedNumbers } from "../answer/cite.js";
import { terminalLine, terminalText } from "../display-safe.js";
import { closestPassageLabel } from "../lang/messages.js";
import { type Lang, questionLang } from "../lang/script.js";
import type { Answer, Citation, Location, SourceInfo } from "../types.js";

/** Longest heading shown in a citation's header; the JSON carries it whole. */
const HEADING_MAX = 60;

/**
 * The page (PDF) and section of a location, as the header shows them: "p. 3 · § Heading" or
 * "第 3 页 · 「标题」" by the question's language; empty when the location has neither.
 * The heading comes from the document: one line, no live control characters, clipped.
 */
export function pageAndSection(where: Pick<Location, "page" | "section">, lang: Lang): string {
  const parts: string[] = [];
  if (where.page !== undefined) parts.push(lang === "zh" ? `第 ${where.page} 页` : `p. ${where.page}`);
  if (where.section) {
    const flat = where.section.replace(/\s+/g, " ").trim();
    const heading = terminalLine([...flat].length > HEADING_MAX ? [...flat].slice(0, HEADING_MAX - 1).join("") + "…" : flat);
    if (heading) parts.push(lang === "zh" ? `「${heading}」` : `§ ${heading}`);
  }
  return parts.join(" · ");
}


/**
 * Terminal rendering of an answer: the answer, then each citation with where
 * it is and the exact excerpt. Citations the answer does not refer to come
 * last, under "Further reading", so every [n] above is one the answer uses.
 * Document text and names pass through the terminal sanitiser.
 */
export function formatAnswer(answer: Answer, titles: Map<string, string>, color: boolean): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const lang = questionLang(answer.question) ?? "en";
  const lines = [terminalText(answer.answer)];
  if (answer.shortAnswer) lines.push(`${dim("→")} ${bold(terminalLine(answer.shortAnswer))}`);
  const cited = citedNumbers(answer);
  // An answer without markers (none today) is not second-guessed: all its citations count as used.
  const used = (c: Citation) => cited.size === 0 || cited.has(c.n);
  const citation = (c: Citation) => {
    const title = titles.get(c.source);
    const placed = pageAndSection(c, lang);
    const where = `${terminalLine(c.source)}${title && title !== c.source ? ` · ${terminalLine(title)}` : ""}${placed ? ` · ${placed}` : ""} · paragraph ${c.paragraph}, line ${c.line} (chars ${c.start}–${c.end})`;
    return ["", `${bold(`[${c.n}]`)} ${where}`, ...terminalText(c.text).split("\n").map((l) => `    ${l}`)];
  };
  for (const c of answer.citations.filter(used)) lines.push(...citation(c));
  if (answer.closest) {
    const c = answer.closest;
    lines.push("", dim(closestPassageLabel(answer.question)), `${terminalLine(c.source)} · paragraph ${c.paragraph}, line ${c.line} (chars ${c.start}–${c.end})`, ...terminalText(c.text).split("\n").map((l) => `    ${dim(l)}`));
  }
  const further = answer.citations.filter((c) => !used(c));
  if (further.length) {
    lines.push("", dim("Further reading (not cited in the answer):"));
    for (const c of further) lines.push(...citation(c));
  }
  return lines.join("\n");
}

export function formatSources(sources: SourceInfo[]): string {
  return sources.map((s) => `${terminalLine(s.source)} · ${terminalLine(s.title)} · ${s.chunks} chunks, ${s.chars} chars`).join("\n");
}
