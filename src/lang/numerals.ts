/** Chinese numerals as numbers and back: 十五 ↔ 15, so 「第十五届」 and 「第15届」 are read as one ordinal. */

const DIGITS: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** The value of Arabic digits or of a Chinese numeral below 10,000 (十五 → 15, 二十三 → 23, 一百零八 → 108); undefined for anything else. */
export function numeralValue(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (!text) return undefined;
  let total = 0;
  let digit = -1;
  for (const ch of text) {
    if (ch in DIGITS) digit = DIGITS[ch];
    else if (ch in UNITS) {
      total += (digit < 0 ? 1 : digit) * UNITS[ch];
      digit = -1;
    } else return undefined;
  }
  return total + Math.max(0, digit);
}

/** A number below 100 as a Chinese numeral (15 → 十五, 23 → 二十三); larger ones as digits, which is how texts write them. */
export function chineseNumeral(n: number): string {
  const d = "零一二三四五六七八九";
  if (!Number.isInteger(n) || n < 0 || n >= 100) return String(n);
  if (n < 10) return d[n];
  const tens = Math.floor(n / 10);
  return (tens === 1 ? "" : d[tens]) + "十" + (n % 10 ? d[n % 10] : "");
}

/**
 * Chinese measure words and one-character units a count is written with (三条, 17年, 两颗, 5万册): what tells a number
 * that counts from any other. One list for answer-type.ts (does an excerpt offer a quantity for a how-many question)
 * and short-answer.ts (where a number's unit ends). Magnitudes (万, 亿) and longer units (公里, 小时) are the readers' own.
 */
export const MEASURE_WORDS = "个名所次年位项场天岁种家人倍支届期条座批件只头部本台辆架艘层米克吨元块斤亩里分成颗粒张把间栋门篇首幅匹棵株朵枚份套对双段节根轮股码寸尺秒周月度册";

/**
 * Measure words that count the same kind of thing: people (名, 人, 位), events (场, 次, 届), places and institutions
 * (所, 家, 座), objects (件, 本, 支 …). A how-many question asked with one is answered by a number counted with another
 * of its kind — texts count people with another measure word than the question's (多少人 → 2万名) — but not with one
 * of another kind, nor by a measure of length, time or money: 「有多少名高校毕业生？」 is not answered by 1000余场. 个 counts
 * anything; a question counting with a measure word of no kind here (多少米) is left to its units.
 */
const MEASURE_KINDS: readonly string[] = ["名人位口户", "场次届期轮回趟遍", "所家座栋", "件本部篇首册张幅套台辆架艘只头匹棵株朵枚颗粒根条支份把块双对项门"];

/** Whether a measure word counts a kind of thing (people, events, places, objects: MEASURE_KINDS), which a number counted with another kind does not answer. */
export function countsKind(measure: string): boolean {
  return measure.length === 1 && MEASURE_KINDS.some((k) => k.includes(measure));
}

/** Whether a number counted with `found` can answer a question counting with `asked` (single measure words; see MEASURE_KINDS). */
export function measuresAgree(asked: string, found: string): boolean {
  if (asked === found || asked === "个" || found === "个") return true;
  const kind = MEASURE_KINDS.find((k) => k.includes(asked));
  return kind === undefined || kind.includes(found);
}
