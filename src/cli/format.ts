import { citedNumbers, markClipped } from "../answer/cite.js";
import { terminalLine, terminalText } from "../display-safe.js";
import { charRangeText, closestPassageLabel, documentSizeText, furtherReadingText, labelled, placeText } from "../lang/messages.js";
import { questionLang, type Script, scriptOf } from "../lang/script.js";
import { joinLines } from "../lang/sentences.js";
import type { Answer, Citation, SourceInfo } from "../types.js";

/**
 * Terminal rendering of an answer: the answer, then each citation with where
 * it is and the exact excerpt. Citations the answer does not refer to come
 * last, under "Further reading", so every [n] above is one the answer uses.
 * Labels are in the question's language and script (src/lang/messages.ts), `fallback` for a
 * question without words ("2023?"); document text and names pass through the terminal sanitiser.
 */
export function formatAnswer(answer: Answer, titles: Map<string, string>, color: boolean, fallback: Script = "en"): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const script = questionLang(answer.question) ? scriptOf(answer.question) : fallback;
  const lines = [terminalText(answer.answer)];
  // A short answer across a hard wrap holds its line break (exact source text): shown as the quote reads it.
  if (answer.shortAnswer) lines.push(`${dim("→")} ${bold(terminalLine(joinLines(answer.shortAnswer, answer.answer)))}`);
  const cited = citedNumbers(answer);
  // An answer without markers (none today) is not second-guessed: all its citations count as used.
  const used = (c: Citation) => cited.size === 0 || cited.has(c.n);
  const where = (c: Omit<Citation, "n">) => {
    const title = titles.get(c.source);
    // A section that is the title (a Markdown file's first heading) is said once, as the title.
    const place = title !== undefined && c.section !== undefined && oneLine(c.section) === oneLine(title) ? { ...c, section: undefined } : c;
    return `${terminalLine(c.source)}${title && title !== c.source ? ` · ${terminalLine(title)}` : ""} · ${terminalLine(placeText(place, script))}${charRangeText(c.start, c.end, script)}`;
  };
  // Marked as the answer quotes it: an ellipsis where the excerpt cuts a sentence too long to quote whole.
  const excerpt = (c: Omit<Citation, "n">, style = (l: string) => l) => terminalText(markClipped(c.text, c.clipped).text).split("\n").map((l) => `    ${style(l)}`);
  const citation = (c: Citation) => ["", `${bold(`[${c.n}]`)} ${where(c)}`, ...excerpt(c)];
  for (const c of answer.citations.filter(used)) lines.push(...citation(c));
  if (answer.closest) lines.push("", dim(closestPassageLabel(answer.question)), where(answer.closest), ...excerpt(answer.closest, dim));
  const further = answer.citations.filter((c) => !used(c));
  if (further.length) {
    lines.push("", dim(labelled(furtherReadingText(script), script)));
    for (const c of further) lines.push(...citation(c));
  }
  return lines.join("\n");
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** The documents, one a line (chat's /sources), sized in the words of `script`. */
export function formatSources(sources: SourceInfo[], script: Script = "en"): string {
  return sources.map((s) => `${terminalLine(s.source)} · ${terminalLine(s.title)} · ${documentSizeText(s.chunks, s.chars, script)}`).join("\n");
}
