import { englishContentWords, englishKind, MONTH_ABBREVIATIONS, MONTH_NAMES, NUMBER_WORDS, personNames } from "../lang/english.js";
import type { Fold } from "../search/fold.js";
import { answerType, stripWords } from "./answer-type.js";
import type { ShortSpan } from "./short-answer.js";

/**
 * Short answers for English factoid questions, by the kind of answer asked for: how many → a number
 * with its unit ("two", "100 teams", "4,000 km"), how much … cost → a sum, when / which year → a date
 * or a year ("May 2000", "the early 1990s", "2001"), who → a person's name ("Guido van Rossum"),
 * where → a place after in/at/from ("Reston, Virginia"). Only text beyond the question's own words
 * counts; of the numbers and dates, the one nearest the question's words is the answer (a long sentence
 * holds several: "paved … in 1821, … the railway opened in 1848" for "When did the railway open?"), of
 * names and places the first. Undefined for other questions.
 */

const UNITS = "percent|per cent|%|km|kilometres|kilometers|miles|metres|meters|kg|kilograms|tons|tonnes|years|months|weeks|days|hours|minutes|seconds|times|million|billion|thousand|hundred|dollars|euros|pounds";
const NUMBER = new RegExp(`(?:\\$|€|£)?\\b(?:\\d[\\d,]*(?:\\.\\d+)?|${NUMBER_WORDS})\\b(?:\\s*(?:${UNITS})\\b)?`, "gi");
const MONTHS = `${MONTH_NAMES}|(?:${MONTH_ABBREVIATIONS})\\.`;
const DATE = new RegExp(
  `\\b(?:(?:the\\s+)?(?:early|mid|late)[- ]?)?(?:${MONTHS})?\\s*(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s*)?\\b(?:1\\d{3}|20\\d{2})s?\\b|\\b(?:${MONTHS})\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|\\b(?:the\\s+)?(?:early|mid|late)?\\s*\\d{1,2}(?:st|nd|rd|th)\\s+century\\b`,
  "g",
);
const PLACE = /\b(?:in|at|from|near|to)\s+(?:the\s+)?(\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)*(?:,\s*\p{Lu}\p{Ll}+)?)/gu;

export function englishShortAnswer(question: string, excerpt: string, fold: Fold): ShortSpan | undefined {
  const type = answerType(fold(question));
  if (type !== "quantity" && type !== "time" && type !== "person" && type !== "place") return undefined;
  const kind = englishKind(question, type);
  // The question's own words are blanked (same offsets), so a year or a name it names is not its answer.
  const folded = fold(excerpt);
  // A single letter ("I/O", "TeX's") is no word of the question: blanked, it would blank that letter everywhere.
  const words = englishContentWords(question).filter((t) => t.length >= 2 || /^\d/.test(t)).map((text) => ({ text, weight: 1, numeric: /^\d/.test(text) }));
  const stripped = stripWords(folded, words);
  // The span's first word is not one of the question's.
  const visible = (s: ShortSpan) => !/^\s/.test(stripped.slice(s.start, s.start + 1));
  // Whether a span holds one of the question's words (blanked in `stripped`).
  const holdsAsked = (s: ShortSpan) => {
    for (let i = s.start; i < s.end; i++) if (stripped[i] === " " && folded[i] !== " ") return true;
    return false;
  };
  // Where the question's words are in the excerpt (blanked in `stripped`).
  const asked: number[] = [];
  for (let i = 0; i < folded.length; i++) if (stripped[i] === " " && folded[i] !== " ") asked.push(i);
  const distance = (s: ShortSpan) => asked.reduce((d, p) => Math.min(d, p < s.start ? s.start - p : p >= s.end ? p - s.end + 1 : 0), Infinity);
  const nearest = (pattern: RegExp) => {
    let best: ShortSpan | undefined;
    for (let span = first(pattern), from = 0; span; span = first(pattern, 0, from)) {
      if (!best || distance(span) < distance(best)) best = span;
      from = span.end;
    }
    return best;
  };
  function first(pattern: RegExp, group = 0, from = 0): ShortSpan | undefined {
    for (const m of excerpt.matchAll(pattern)) {
      if (m.index! < from) continue;
      const text = m[group]?.trim();
      if (!text) continue;
      const start = m.index! + m[0].indexOf(text);
      const span = { start, end: start + text.length };
      // "one of three ways": "one" picks, it does not count.
      if (/^one$/i.test(text) && /^\s+(?:of|another)\b/i.test(excerpt.slice(span.end))) continue;
      if (visible(span)) return span;
    }
    return undefined;
  }
  if (kind === "quantity" || kind === "money") return nearest(NUMBER);
  if (kind === "time") return nearest(DATE);
  if (kind === "person") {
    // A name holding the question's own words is what it asks about, not the answer ("Blaise Pascal" for "Who designed Pascal?").
    for (const span of personNames(excerpt)) if (visible(span) && !holdsAsked(span)) return span;
    return undefined;
  }
  return first(PLACE, 1);
}
