import { citedNumbers, markClipped } from "../answer/cite.js";
import { terminalLine, terminalText } from "../display-safe.js";
import { charRangeText, closestPassageLabel, documentSizeText, emptyQuestionText, furtherReadingText, labelled, placeText, questionTooLongText } from "../lang/messages.js";
import { questionLang, type Script, scriptOf, textScript } from "../lang/script.js";
import type { AppError } from "../errors.js";
import { DEFAULT_ENGINE } from "../engine.js";
import { joinLines } from "../lang/sentences.js";
import type { Answer, Citation, SourceInfo } from "../types.js";

/**
 * Terminal rendering of an answer: the answer, then each citation with where
 * it is and the exact excerpt. Citations the answer does not refer to come
 * last, under "Further reading", so every [n] above is one the answer uses.
 * Labels are in the question's language and script (src/lang/messages.ts); for a question without words ("2023?"),
 * in `fallback` when the caller has one (chat: the conversation's), else in the quoted excerpts' (a bare year
 * asked of Chinese documents is labelled in Chinese). Document text and names pass through the terminal sanitiser.
 */
export function formatAnswer(answer: Answer, titles: Map<string, string>, color: boolean, fallback?: Script): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const script = questionLang(answer.question) ? scriptOf(answer.question) : (fallback ?? excerptScript(answer));
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
  if (answer.closest) lines.push("", dim(closestPassageLabel(script)), where(answer.closest), ...excerpt(answer.closest, dim));
  const further = answer.citations.filter((c) => !used(c));
  if (further.length) {
    lines.push("", dim(labelled(furtherReadingText(script), script)));
    for (const c of further) lines.push(...citation(c));
  }
  return lines.join("\n");
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** The language and script of what an answer quotes (its citations, else its closest passage, else its text). */
function excerptScript(answer: Answer): Script {
  const quoted = answer.citations.length ? answer.citations.map((c) => c.text).join("\n") : (answer.closest?.text ?? answer.answer);
  return textScript(quoted);
}

/** A question the engine refused (too long, empty), in `script`, the question's; other errors as they are. */
export function questionErrorText(error: AppError, question: string, script: Script): string {
  if (error.code === "QUESTION_TOO_LONG") return questionTooLongText(question.trim().length, DEFAULT_ENGINE.maxQuestionChars, script);
  if (error.code === "QUESTION_EMPTY") return emptyQuestionText(script, question);
  return error.message;
}

/** The documents, one a line (chat's /sources), sized in the words of `script`. */
export function formatSources(sources: SourceInfo[], script: Script = "en"): string {
  return sources.map((s) => `${terminalLine(s.source)} · ${terminalLine(s.title)} · ${documentSizeText(s.chunks, s.chars, script)}`).join("\n");
}
