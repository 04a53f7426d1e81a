/**
 * Questions about a day named relative to today (「明天的天气怎么样？」, "What happens tomorrow?"). A passage answers
 * one only when it speaks of that day: by a word for it (明天, 明日, tomorrow), or by its date (12月8日, 2026-12-08,
 * December 8). Today's forecast is no answer about tomorrow, and neither is a text dated another day: its 明天 is
 * that day's tomorrow. 今天 and 现在 are not read so: 「今天的路口镇」 means the town as it is now.
 */

/** A day the question names relative to today: which, and the words that name it. */
export interface RelativeDay {
  /** Days from today: +1 for 明天. */
  offset: number;
  /** The date meant (local time, midnight). */
  date: Date;
}

/** Words for each day relative to today, in folded text (lower case, Simplified); 后天 of 大后天 is not the day after tomorrow. */
const DAY_WORDS: ReadonlyArray<readonly [offset: number, words: RegExp]> = [
  [1, /明天|明日|(?<!day after )\btomorrow\b/],
  [2, /(?<!大)后天|\bday after tomorrow\b/],
  [3, /大后天/],
  [-1, /昨天|昨日|(?<!day before )\byesterday\b/],
  [-2, /(?<!大)前天|\bday before yesterday\b/],
  [-3, /大前天/],
];

/** The day a folded question asks about relative to `today` (the first it names), or undefined for none. */
export function relativeDay(foldedQuestion: string, today: Date): RelativeDay | undefined {
  let first: { at: number; offset: number } | undefined;
  for (const [offset, words] of DAY_WORDS) {
    const m = words.exec(foldedQuestion);
    if (m && (!first || m.index < first.at)) first = { at: m.index, offset };
  }
  if (!first) return undefined;
  return { offset: first.offset, date: new Date(today.getFullYear(), today.getMonth(), today.getDate() + first.offset) };
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** An English month, whole or abbreviated ("dec", "dec.", "december"; "sept"), never a word beginning like one ("market"). */
const MONTH = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|t|tember|ober|ember)?\\.?(?![a-z])";

/** Dates a folded text names: 2026年12月8日, 12月8号, 2026-12-08, 2026/12/8, December 8(, 2026), 8 December (2026). */
function datesIn(folded: string): Array<{ year?: number; month: number; day: number }> {
  const out: Array<{ year?: number; month: number; day: number }> = [];
  const add = (year: string | undefined, month: number, day: string) => {
    if (month >= 1 && month <= 12 && Number(day) >= 1 && Number(day) <= 31) out.push({ ...(year ? { year: Number(year) } : {}), month, day: Number(day) });
  };
  for (const m of folded.matchAll(/(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g)) add(m[1], Number(m[2]), m[3]);
  for (const m of folded.matchAll(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g)) add(m[1], Number(m[2]), m[3]);
  for (const m of folded.matchAll(new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, "g"))) add(m[3], MONTHS.indexOf(m[1]) + 1, m[2]);
  for (const m of folded.matchAll(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}(?:,?\\s+(\\d{4}))?`, "g"))) add(m[3], MONTHS.indexOf(m[2]) + 1, m[1]);
  return out;
}

/** Whether a named date (its year may be left out) is `date`. */
function isDate(named: { year?: number; month: number; day: number }, date: Date): boolean {
  return named.month === date.getMonth() + 1 && named.day === date.getDate() && (named.year === undefined || named.year === date.getFullYear());
}

/** Characters of a document's opening read for the date it was written (a dated text says it first: 「2023年3月5日发布」). */
export const DATELINE_CHARS = 200;

/**
 * Whether a folded passage speaks of the day: it names its date, or a word for it (明天 for +1) while every date it and
 * `context` (its document's opening, folded) name lies within the days such words reach from today: a text dated
 * 2023年3月5日 says 明天 of 3月6日.
 */
export function speaksOf(foldedPassage: string, day: RelativeDay, context = ""): boolean {
  const dates = datesIn(foldedPassage);
  if (dates.some((d) => isDate(d, day.date))) return true;
  if (!DAY_WORDS.some(([offset, words]) => offset === day.offset && words.test(foldedPassage))) return false;
  const today = new Date(day.date.getFullYear(), day.date.getMonth(), day.date.getDate() - day.offset);
  const near = [-3, -2, -1, 0, 1, 2, 3].map((k) => new Date(today.getFullYear(), today.getMonth(), today.getDate() + k));
  return [...dates, ...datesIn(context)].every((d) => near.some((n) => isDate(d, n)));
}
