// isChinese stays in engine.ts until script detection gets its own home (issue 13, src/lang/).
import { notFoundText, sourceLanguageNote } from "../lang/messages.js";
import { isChinese } from "../lang/script.js";
import { type HyphenJoin, joinLines, readAcrossWraps, type ReadText, sourceSpan, type WrapReading } from "../lang/sentences.js";
import type { Fold } from "../search/fold.js";
import type { Answer, Citation } from "../types.js";
import type { Evidence } from "./answerer.js";
import { answerType, shortAnswerAgrees } from "./answer-type.js";
import { markClipped } from "./cite.js";
import { shortAnswerSpan, type Tagger } from "./short-answer.js";
import { inTableRow } from "./table.js";
import { englishShortAnswer } from "./short-answer-en.js";

/**
 * The extractive answer, composed from the evidence without a model: it quotes the best
 * excerpt, and a second one when it is nearly as good and the answer stays within
 * `maxChars` (only its citation when it is the same text); a short factoid span of the first when a confident one exists
 * (for a table row, the cell under the column the question names or its words point to, and nothing else). A quote
 * reads a word hyphenated at a hard wrap whole ("kilo-\nmetres" as "kilometres" when `joinsHyphen`, which knows the
 * documents' words, says it is one word; "reference-counting" otherwise) and keeps its other line breaks; its citation
 * stays the exact slice. The short answer is found across hard wraps (「两万\n一千公里」) and stays the exact source text
 * (a line break inside it kept: displays show it with `joinLines`). With no
 * evidence it is the not-found answer. Always computed: it is every answerer's fallback.
 * A quote in another language than the question's is introduced as such ("From the Chinese
 * source: …"); `translated` (the question in the documents' language) is what the short answer
 * lines up with the quote. `stated`: what the conversation already said (a follow-up's earlier question): a span it
 * holds is not the answer (「2023年」 for 「什么时候召开的？」 after 「2023年全国教育工作会议在哪里召开？」).
 */
export function extractiveAnswer(
  question: string, evidence: readonly Evidence[], fold: Fold, maxChars: number, translated?: string, stated?: string, joinsHyphen?: HyphenJoin, tag?: Tagger,
): Answer {
  if (evidence.length === 0) return { question, found: false, answer: notFoundText(question), citations: [], mode: "extractive" };
  const citations: Citation[] = evidence.map((e, i) => ({ n: i + 1, ...e.citation, ...(e.clipped ? { clipped: e.clipped } : {}) }));
  const quoted = (e: Evidence) => quote(e, read(e, { hyphensOnly: true, joinsHyphen }).text);
  let answer = `${sourceLanguageNote(question, citations[0].text)}${quoted(evidence[0])}[1]`;
  const second = citations[1];
  // The same words in another document (a file saved twice) are one quote citing both.
  const same = second !== undefined && fold(second.text) === fold(citations[0].text);
  if (second && evidence[1].score >= evidence[0].score * 0.9 && (same || citations[0].text.length + second.text.length <= maxChars)) {
    answer += same ? "[2]" : `${isChinese(question) ? "" : " "}${quoted(evidence[1])}[2]`;
  }
  const asked = translated ?? question;
  // A table row holds every column's value: the answer is the cell under the column the question names, never another's.
  const cell = answerType(fold(asked)) === "other" ? undefined : evidence[0].cell;
  // The finders read the excerpt across its hard wraps (「两万\n一千公里」); the span they find is mapped back to exact source offsets.
  const first = read(evidence[0], { joinsHyphen });
  const inRead = cell ? undefined : isChinese(asked) ? shortAnswerSpan(asked, first.text, fold, tag) : englishShortAnswer(asked, first.text, fold);
  const found = cell ? { start: cell.start - citations[0].start, end: cell.end - citations[0].start } : inRead && sourceSpan(first, inRead.start, inRead.end);
  const text = found && citations[0].text.slice(found.start, found.end);
  // Without a cell the question's column is unknown: a number in a row may be any column's, unless it carries the unit asked for (1,800 km for "how many km").
  const asRead = text && fold(joinLines(text, answer));
  const guess = found && !cell && inRow(evidence[0], found.start) && !asksUnit(fold(asked), asRead!);
  const shortAnswer = text && !guess && shortAnswerAgrees(fold(asked), asRead!) && !(stated && fold(stated).includes(asRead!)) ? text : undefined;
  return { question, found: true, answer, citations, ...(shortAnswer ? { shortAnswer } : {}), mode: "extractive" };
}

/**
 * The excerpt as read across its hard wraps, offsets relative to the excerpt: judged in its passage when it lies inside
 * it (a wrapped line is judged by its whole length, which the excerpt may start inside).
 */
function read(e: Evidence, reading: WrapReading): ReadText {
  const { start, end, text } = e.citation;
  return start >= e.passageStart && end <= e.passageEnd ? readAcrossWraps(e.passage, start - e.passageStart, end - e.passageStart, reading) : readAcrossWraps(text, 0, text.length, reading);
}

/** Whether an offset of the evidence's excerpt lies in a table row, read in its passage (which may hold the row's header). */
function inRow(e: Evidence, at: number): boolean {
  const offset = e.citation.start + at - e.passageStart;
  return offset >= 0 && offset < e.passage.length && inTableRow(e.passage, offset);
}

/** Whether a folded span has words besides its number and the folded question holds them (「平方公里」, "km"). */
function asksUnit(foldedQuestion: string, foldedSpan: string): boolean {
  const unit = foldedSpan.replace(/[\d\s.,%]+/g, " ").trim();
  return unit !== "" && foldedQuestion.includes(unit);
}

/** The excerpt as quoted: an ellipsis where it starts or ends inside a sentence (its citation stays the exact slice). */
function quote(e: Evidence, text: string): string {
  return markClipped(text, e.clipped).text;
}
