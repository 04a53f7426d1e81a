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
