import { englishContentWords, englishKind, englishMeasure, hasEnglishWord, irregularVariants, MONTH_ABBREVIATIONS, MONTH_NAMES, NUMBER_WORDS, personNames } from "../lang/english.js";
import type { Fold } from "../search/fold.js";
import { answerType, stripWords } from "./answer-type.js";
import type { ShortSpan } from "./short-answer.js";

/**
 * Short answers for English factoid questions, by the kind of answer asked for: how many → a number
 * with its unit ("two", "100 teams", "4,000 km"), how much … cost → a sum, when / which year → a date
 * or a year ("May 2000", "the early 1990s", "2001", a month after a preposition: "will begin in September"), how old → an age
 * ("aged 8 to 12", "at the age of 34", "67 years old"), how long → a duration ("14 months", "from March 2003 until March 2005")
 * or, asked with is/was, a length,
 * who → a person's name ("Guido van Rossum"), where → a place after in/at/from ("Reston, Virginia"). Only text beyond the
 * question's own words counts. Of the numbers and dates, the answer is the one in the clause holding most of the question's
 * words (its verb, written as a verb, counting twice: "approved in 1998, began in Jan. 2001" for "When did construction
 * begin?" is the date of beginning, not of approving), then the nearest them — after them, for a time, a duration or an age
 * ("began in …", "took 14 months"); of names and places the first. Undefined for other questions.
 */

const UNITS = "percent|per cent|%|km|kilometres|kilometers|miles|metres|meters|kg|kilograms|tons|tonnes|years|months|weeks|days|hours|minutes|seconds|times|million|billion|thousand|hundred|dollars|euros|pounds";
const NUMBER = new RegExp(`(?:\\$|€|£)?\\b(?:\\d[\\d,]*(?:\\.\\d+)?|${NUMBER_WORDS})\\b(?:\\s*(?:${UNITS})\\b)?`, "gi");
const MONTHS = `${MONTH_NAMES}|(?:${MONTH_ABBREVIATIONS})\\.`;
const DATE = new RegExp(
  `\\b(?:(?:the\\s+)?(?:early|mid|late)[- ]?)?(?:${MONTHS})?\\s*(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s*)?\\b(?:1\\d{3}|20\\d{2})s?\\b|\\b(?:${MONTHS})\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|\\b(?:the\\s+)?(?:early|mid|late)?\\s*\\d{1,2}(?:st|nd|rd|th)\\s+century\\b`,
  "g",
);
/** A month alone after a preposition of time ("will begin in September"): a date whose year the text leaves to its context. */
const MONTH_ALONE = new RegExp(`(?<=\\b(?:in|by|until|till|since|during|before|after|from|through)\\s+(?:early|late|mid)?[- ]?)(?:${MONTH_NAMES})\\b(?![ \\t]*\\d)`, "gi");
/** A number as an age counts one: digits or a counting word, perhaps a range ("8 to 12"). */
const AGE_NUMBER = `(?:\\d{1,3}|${NUMBER_WORDS})(?:\\s*(?:to|-|–|and)\\s*(?:\\d{1,3}|${NUMBER_WORDS}))?`;
/** An age: "aged 8 to 12", "ages 5 to 11", "at the age of 34", "67 years old", "a 60-year-old" (its number). */
const AGE = new RegExp(`\\b(?:aged?|ages)\\s+${AGE_NUMBER}\\b|(?<=\\bage of\\s+)${AGE_NUMBER}\\b|\\b${AGE_NUMBER}\\s+years?\\s+old\\b|\\b\\d{1,3}(?=-years?-old\\b)`, "gi");
const DURATION_UNITS = "years?|months?|weeks?|days?|nights?|hours?|minutes?|(?:milli|micro|nano)?seconds?|decades?|centuries|century|millennia";
const LENGTH_UNITS = "km|kilometres|kilometers|kilometre|kilometer|miles?|metres|meters|metre|meter|m|feet|foot|ft|yards?|cm|mm|inches";
/** A duration: a number and a unit of time ("14 months", "three years", "ten weeks"). */
const DURATION = new RegExp(`\\b(?:\\d[\\d,]*(?:\\.\\d+)?|${NUMBER_WORDS})(?:\\s+|-)(?:${DURATION_UNITS})\\b`, "gi");
/** A duration or a length, for "How long is/was …?" ("240 metres"). */
const DURATION_OR_LENGTH = new RegExp(`\\b(?:\\d[\\d,]*(?:\\.\\d+)?|${NUMBER_WORDS})(?:\\s*|-)(?:${DURATION_UNITS}|${LENGTH_UNITS})\\b`, "gi");
/** A span of time between two dates ("from March 2003 until March 2005", "between 1994 and 1995"): how long, without a unit. */
const ONE_DATE = `(?:(?:${MONTHS})\\s+)?(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s+)?(?:1\\d{3}|20\\d{2})`;
const DATE_RANGE = new RegExp(`(?<=\\bfrom\\s+)${ONE_DATE}\\s+(?:until|till|to|through)\\s+${ONE_DATE}\\b|(?<=\\bbetween\\s+)${ONE_DATE}\\s+and\\s+${ONE_DATE}\\b`, "g");
/** Where a clause ends: a clause mark or a stop before a space (not the comma of "1,450" or the full stop of "Jan. 2001" alone). */
const CLAUSE_END = /[;:()\u2014\u2013]|,(?=\s)|[.!?](?=\s+\p{Lu}|\s*$)/gu;

const PLACE = /\b(?:in|at|from|near|to)\s+(?:the\s+)?(\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)*(?:,\s*\p{Lu}\p{Ll}+)?)/gu;

export function englishShortAnswer(question: string, excerpt: string, fold: Fold): ShortSpan | undefined {
  const type = answerType(fold(question));
  if (type !== "quantity" && type !== "time" && type !== "person" && type !== "place") return undefined;
  const kind = englishKind(question, type);
  // The question's own words are blanked (same offsets), so a year or a name it names is not its answer.
  const folded = fold(excerpt);
  const measure = kind === "quantity" ? englishMeasure(question) : undefined;
  // A single letter ("I/O", "TeX's") is no word of the question: blanked, it would blank that letter everywhere. The adjective
  // of "how long", "how old" asks the kind, it is no word of the answer's clause ("240 metres long" is no duration).
  const stems = englishContentWords(question.replace(/\bhow\s+(?:long|old|much|many|far)\b/i, " ")).filter((t) => t.length >= 2 || /^\d/.test(t));
  // A verb the text writes in another form (began for begin, took for take) is the question's word too.
  const forms = [...new Set([...stems, ...stems.flatMap(irregularVariants)])];
  const words = forms.map((text) => ({ text, weight: 1, numeric: /^\d/.test(text) }));
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
  // A time, a duration or an age follows the words it is of ("began in Jan. 2001", "took 14 months", "aged 8 to 12"): one before them counts twice as far.
  const after = kind === "time" || measure !== undefined;
  const distance = (s: ShortSpan) => asked.reduce((d, p) => Math.min(d, p < s.start ? s.start - p : p >= s.end ? (p - s.end + 1) * (after ? 2 : 1) : 0), Infinity);
  const weight = clauseWeights(excerpt, folded, stems);
  // A year is no count ("The program of 2022 drew 1,450 participants"): for how many, one is taken only when nothing else is.
  const rank = (s: ShortSpan) => (kind === "quantity" && /^(?:1\d{3}|20\d{2})$/.test(excerpt.slice(s.start, s.end)) ? -1000 : 0) + weight(s.start);
  const nearest = (...patterns: RegExp[]) => {
    let best: ShortSpan | undefined;
    for (const pattern of patterns) {
      for (let span = first(pattern), from = 0; span; span = first(pattern, 0, from)) {
        if (!best || rank(span) > rank(best) || (rank(span) === rank(best) && distance(span) < distance(best))) best = span;
        from = span.end;
      }
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
  if (measure === "age") return nearest(AGE);
  if (measure === "duration") return nearest(DURATION, DATE_RANGE);
  if (measure === "length") return nearest(DURATION_OR_LENGTH, DATE_RANGE);
  if (kind === "quantity" || kind === "money") return nearest(NUMBER);
  if (kind === "time") return nearest(DATE, MONTH_ALONE);
  if (kind === "person") {
    // A name holding the question's own words is what it asks about, not the answer ("Blaise Pascal" for "Who designed Pascal?").
    for (const span of personNames(excerpt)) if (visible(span) && !holdsAsked(span)) return span;
    return undefined;
  }
  return first(PLACE, 1);
}

/**
 * How much of the question a clause of the excerpt (as written, and folded: same offsets) holds, by offset: each of the question's stems it holds counts one,
 * two when written as a verb (with -ed, an irregular form, or after will/to/did: "began", "repainted", "will begin") — the
 * question's event, which one clause of a long sentence states ("approved … in 1998, began in Jan. 2001").
 */
function clauseWeights(raw: string, folded: string, stems: readonly string[]): (at: number) => number {
  const bounds: number[] = [0];
  // Clauses are found on the text as written: a sentence's capital tells its stop from an abbreviation's.
  for (const m of raw.matchAll(CLAUSE_END)) bounds.push(m.index! + 1);
  bounds.push(folded.length);
  const scores = bounds.slice(0, -1).map((start, i) => {
    const clause = folded.slice(start, bounds[i + 1]);
    return stems.reduce((sum, stem) => {
      const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const verb = new RegExp(`\\b${escaped}e?d\\b|\\b(?:will|to|did|would|can)\\s+${escaped}\\b`).test(clause) || irregularVariants(stem).some((f) => new RegExp(`\\b${f}\\b`).test(clause));
      return sum + (verb ? 2 : hasEnglishWord(clause, stem) ? 1 : 0);
    }, 0);
  });
  return (at) => {
    let i = 0;
    while (i + 1 < bounds.length - 1 && bounds[i + 1] <= at) i++;
    return scores[i];
  };
}
