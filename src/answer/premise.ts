import { premiseText } from "../lang/messages.js";
import type { Fold } from "../search/fold.js";
import type { Answer } from "../types.js";

/**
 * Yes/no questions that carry a number (「北京有30所高校试点开设思政选修课吗？」): the answer
 * says whether the quoted evidence states that number, or which number it states instead
 * (「不是：文档说是26所。」, "No: the documents say 26 universities."), before the quote. Only
 * numbers with their measure word (or the English noun after them) are compared; names are not (a different name in the evidence is as often a second fact as a
 * contradiction).
 */

const YES_NO = /[吗嗎][？?]?$|是否|是不是|有没有|對不對|对不对|^(?:is|are|was|were|does|do|did|has|have|had|can|could|will)\b/i;
/** Chinese measure words and units a number is read with. */
const MEASURE = "[个名所次年位项场天岁种家人倍支届期条座批件]";
/** 余/多 after a number ("more than"): 「20余万名」 states 20万名 and more. */
const APPROX = "\\s*[余多]?\\s*";
/**
 * A number and its measure word (with 万/亿 before it: 20万名), unit or (English) the noun it counts, in folded text: 30所,
 * 20余万名, 26%, 30 universities.
 */
const NUMBER = new RegExp(`(\\d+(?:\\.\\d+)?)(?:${APPROX}([万亿]?${MEASURE}|[万亿%])|\\s*([a-z]+))?`, "g");

export type Premise = { agrees: true } | { agrees: false; stated: string };

/** What the excerpt says about the numbers of a yes/no question; undefined when the question is not one, has no number, or the excerpt says nothing comparable. */
export function checkPremise(question: string, excerpt: string, fold: Fold): Premise | undefined {
  const q = fold(question).trim();
  if (!YES_NO.test(q)) return undefined;
  const text = fold(excerpt);
  const numbers = [...q.matchAll(NUMBER)];
  if (numbers.length === 0) return undefined;
  for (const [, n, measure, noun] of numbers) {
    const number = `(?<![\\d.])${n.replace(".", "\\.")}(?![\\d.])`;
    // A Chinese measure word belongs to its number (「20年」 is not stated by 「20余万名」); an English noun may have words before it (12 new laboratories).
    if (new RegExp(measure ? `${number}${APPROX}${measure}` : number).test(text)) continue;
    if (!measure && !noun) return undefined;
    // The same measure word with another number: what the documents say instead.
    const other = [...text.matchAll(new RegExp(`(?<![\\d.])\\d+(?:\\.\\d+)?${measure ? `${APPROX}${measure}` : `\\s*${noun}\\b`}`, "g"))][0];
    // Folding keeps offsets, so the folded match is also where the original text says it.
    return other ? { agrees: false, stated: excerpt.slice(other.index!, other.index! + other[0].length) } : undefined;
  }
  return { agrees: true };
}

/** The answer with "yes" or "the documents say …" before its quote, for a yes/no question with a number. */
export function withPremise(answer: Answer, fold: Fold): Answer {
  if (!answer.found || answer.citations.length === 0) return answer;
  const premise = checkPremise(answer.question, answer.citations[0].text, fold);
  if (!premise) return answer;
  return { ...answer, answer: premiseText(answer.question, premise.agrees ? undefined : premise.stated) + answer.answer };
}
