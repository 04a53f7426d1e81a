import { answerType, type AnswerType, TYPE_PATTERNS } from "./answer-type.js";
import { CLAUSE_ENDS, charClass, STOPS } from "../lang/sentences.js";
import { countsKind, MEASURE_WORDS, measuresAgree } from "../lang/numerals.js";
import type { Fold } from "../search/fold.js";

/**
 * Short answers for factoid questions: a span of the cited excerpt, found by lining
 * the question up with the excerpt. The words just before the question word
 * ("…共建活动组织了 | 多少个 | 学生党支部") are looked for in the excerpt, and so are
 * the words just after it; the text between their matches is the answer region
 * ("组织 | 近2万个 | 学生党支部"). When only one side lines up, the region runs from
 * it to the clause boundary. For how-many and when questions the answer is the
 * number or date in the region next to the anchor; for other questions the region
 * itself, when it is short. Without a confident span: undefined.
 */

/** The question word of a factoid question, with its measure word. */
const WH = /(多少|几|哪一|哪|什么|甚么|谁|何)(?:时候|时间|时期|时代|年代|朝代|年份|地方|地区|国家|城市|人|[个名所次年位项场天岁种家人万倍届期条座批件只头部本台辆架艘层些国省市县城里儿处时月日号支枚张首篇门间幅根颗份])?/;

/** A colon after a label (「责任编辑:」), which the labelled value follows. */
const LABEL_COLON = /[:：]/;
/** Characters that end an answer region: sentence stops, clause marks, newlines (not the ellipsis). */
const BOUNDARY = new RegExp(`[${charClass(STOPS + CLAUSE_ENDS)}\\n]`);
/** The same for a question asking for several (哪些): the enumeration comma 、 joins its answers (「乡村、社区一线」). */
const LIST_BOUNDARY = new RegExp(`[${charClass(STOPS + CLAUSE_ENDS.replace("、", ""))}\\n]`);
/** Particles trimmed from the ends of an anchor phrase or a span. */
const TRAILING_PARTICLES = /[是为在于了的被由从和与及把将对向到曾已也都即乃]+$/;
const EDGE = "\\s,，、:：是为在于了的被由从和与及把将对向到曾已也都即乃";
const LEAD = new RegExp(`^[${EDGE}]`);
const TAIL = new RegExp(`[${EDGE}]$`);
/** A verb of place that opens the region after a where-question's subject (「日月潭在哪里？」 over 「日月潭位于南投县…」): not the answer. */
const LEAD_VERB = /^(?:位于|位在|坐落于|坐落在|地处|处于)/;

const UNIT = `(?:[%％‰]|(?:平方|立方)?(?:公里|千米|厘米|毫米|公尺|公顷|公斤|千克|英尺|英里|美元|港元|欧元|人民币)|人次|小时|分钟|[${MEASURE_WORDS}])`;
/** A currency sign written before its sum (€25, US$30, 人民币58元; matched folded, so lower-case), which belongs to the answer. */
const CURRENCY = "(?:[€$¥£￥₩]|(?:us|hk|nt|a|c|s)\\$|人民币|新台币|港币)\\s*";
/** A number with its qualifier, magnitude and measure word: 近2万个, 超过1800个, 0.304平方公里, 三条. */
const NUMBER = "\\d[\\d,.]*(?:\\s*[余多])?(?:\\s*[十百千万亿]+)?(?:\\s*[余多])?";
/** 每 before a number makes it "every"/"per" (每一名学生, 每100人), not a count; nor does a number start inside another. */
const NOT_A_COUNT = "(?<![每\\d零〇一二三四五六七八九十百千万亿两半数几])";
const QUANTITY = new RegExp(
  `${NOT_A_COUNT}(?:约|近|超过|逾|达|共|破|仅|只有|多达|大约)?(?:(?:${CURRENCY})?${NUMBER}(?:\\s*${UNIT}*\\s*(?:到|至|-|–|～|~)\\s*${NUMBER})?\\s*${UNIT}*|[零〇一二三四五六七八九十百千万亿两半数几]+[余多]?${UNIT}+)`,
  "g",
);
const UNIT_AHEAD = new RegExp(`^${UNIT}+`);
/** Dates and periods: 1982年, 2006年6月, 1月12日至13日, 二十世纪初期, 民国78年, 秋季. */
const TIME = /(?:公元前?|西元前?|民国)?\d{1,4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*[日号])?(?:\s*[至到-]\s*\d{1,2}\s*[日号])?(?:[初末底中]期?)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号]|[上中下]旬|[初底末])?(?:\s*[至到-]\s*(?:\d{1,2}\s*月)?(?:\s*\d{1,2}\s*[日号]|[上中下]旬|[初底末])?)?|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*世纪(?:\s*\d{1,2}\s*年代)?(?:[初末中]期?|[初末中]叶)?|(?<![一二三四五六七八九十个])(?:十[一二]?|[一二三四五六七八九])月(?:(?:[一二三]?十)?[一二三四五六七八九十][日号])?|\d{2,4}\s*年代|[一二三四五六七八九十〇零]{2,4}年|[春夏秋冬]季|[^\s，,。]{1,4}时[期代]/g;

/**
 * Measure words a how-many question's number must carry: 「持续了多少年」 is answered by 17年, never by the 1 of 「1+1」 or
 * by 5万余场. Counting measure words (个, 名, 人 …) are left free, since texts count people and things with another
 * one than the question's (多少人 → 2万名).
 */
const STRICT_MEASURES = "年天岁届次倍月周";
/**
 * A quantity expression's number with the measure word (17年, 三届). 多少年 counts years, so a year (2001年) does not
 * answer it; 几年 is also how texts ask which year (民国几年, 西元幾年), so it may.
 */
const measured = (measure: string, counting: boolean) =>
  new RegExp(`${counting ? "(?<!\\d{3})" : ""}(?:\\d|[零〇一二三四五六七八九十百千万亿两半数几])\\s*[余多]?\\s*(?:个)?${measure}`);

/**
 * What follows a counted noun when the count is the subject of its own predicate (「26所高校 | 试点开设…」): two Han characters
 * that neither end the phrase nor join another noun to it (的, 和, 等, 其中 …).
 */
const OWN_PREDICATE = /^(?![的和与及等之、]|其中|以上|以下|左右|上下|之多|以内)\p{Script=Han}{2}/u;

/** A rate or share asked for (就业率是多少, 所占比例为多少): answered by a percentage, 成 or 百分之…, not by a count. */
const RATE = /(?:率|比例|比重|占比|百分比)[是为有约达到了大概]*$/;
const PERCENT = /[%％‰]|成|百分之/;
/** The measure word a quantity expression counts with (1000余场 → 场, 20余万名 → 名, 人次 → 人), if it ends with one. */
const COUNTED = new RegExp(`(?:人次|[${MEASURE_WORDS}])$`);

/**
 * Whether a quantity expression answers the question's measure: the strict measure words' own (17年 for 多少年), one
 * counting the same kind of thing (measuresAgree), a percentage for a rate. A number without a measure word may answer.
 * A count of person-times (人次: visits, views) answers only a question asking for person-times, not how many people.
 */
function quantityFits(measure: string, rate: boolean, strict: RegExp | undefined, personTimes = false): (match: string) => boolean {
  return (match) => {
    if (rate) return PERCENT.test(match);
    if (strict) return strict.test(match);
    const counted = COUNTED.exec(match.trimEnd())?.[0];
    if (counted === "人次") return personTimes;
    return measure.length !== 1 || counted === undefined || measuresAgree(measure, counted[0]);
  };
}

/** Units a how-many question may name after 多少 (平方公里, 美元): no other unit answers it. */
const NAMED_UNIT = /^(?:(?:平方|立方)?(?:公里|千米|厘米|毫米|公分|公尺|米|公顷|英尺|英里)|公斤|千克|克|公吨|吨|光年|海里|小时|分钟|美元|港元|欧元|英镑|日元|人民币|新台币|亿美元|万美元|亿元|万元)/;

/** The ways texts write a named unit (2cm for 多少厘米, US$ for 多少美元). */
const UNIT_WRITTEN: Readonly<Record<string, string>> = {
  公里: "公里|千米|km", 千米: "千米|公里|km", 厘米: "厘米|cm", 毫米: "毫米|mm", 公尺: "公尺|米|m", 公分: "公分|厘米|cm", 米: "米|公尺|m", 克: "克|g", 公吨: "公吨|吨", 吨: "吨|公吨", 光年: "光年", 海里: "海里|浬", 小时: "小时|钟头|h", 分钟: "分钟|分|min", 公顷: "公顷|ha", 英尺: "英尺|呎|ft|feet",
  英里: "英里|哩|mi", 公斤: "公斤|千克|kg", 千克: "千克|公斤|kg", 美元: "美元|美金|usd|us\\$|\\$", 港元: "港元|港币|hk\\$", 欧元: "欧元|€|eur",
  英镑: "英镑|£", 日元: "日元|日圆|円|¥", 人民币: "人民币|元|rmb", 新台币: "新台币|台币|元|nt\\$", 元: "元",
};

/** A sum of money asked for without a measure word (「总预算是多少？」, 「每年获得多少经费？」). */
const MONEY_NOUN = "(?:预算|经费|资金|投资|费用|价格|票价|售价|造价|成本|工资|薪水|薪资|奖金|捐款|金额|花费|收入|营收|利润|市值|资产|钱)";
const MONEY_ASKED = new RegExp(`${MONEY_NOUN}[是为有约达到了共总计]*(?:多少|几)|多少${MONEY_NOUN}`);
/** A sum of money: a currency or 元 after the number, or a currency sign before it. */
const MONEY = /\d[\d,.]*\s*[十百千万亿]*\s*(?:余|多)?\s*(?:[十百千万亿]*(?:元|圆|美元|美金|港元|港币|欧元|英镑|日元|韩元|卢布|镑|法郎|马克|台币|新台币|人民币|块钱))|[€$¥£￥₩]\s*\d|[零〇一二三四五六七八九十百千万亿两]+(?:元|美元|欧元|英镑)/;
/** A share, a ratio or a decimal figure (1：7, 7.07), which may state a rate though not written as a percentage. */
const RATE_STATED = /[%％‰]|\d\s*成|百分之|\d\s*[:：比]\s*\d|\d\.\d/;

/**
 * Whether the folded text states a number of the kind a how-many question asks for — one counted with a measure
 * word of the same kind (「有多少名志愿者？」 is not answered by 千万人次 or 1000余场), a sum for a question about money,
 * a share for a rate — anywhere in the text: a refusal check (stated.ts), lenient where short answers are strict.
 * Undefined when the question asks no such kind: 个 counts anything, and a bare 多少 or a unit (多少米) is left to the gate.
 */
export function statesCount(foldedQuestion: string, foldedText: string): boolean | undefined {
  const q = foldedQuestion.replace(/[？?！!。.\s]+$/u, "");
  if (answerType(q) !== "quantity") return undefined;
  const wh = WH.exec(q);
  // 第几位, 第几张: a rank, not a count.
  if (!wh || (wh[1] !== "多少" && wh[1] !== "几") || q[wh.index - 1] === "第") return undefined;
  if (RATE.test(q.slice(0, wh.index))) return RATE_STATED.test(foldedText);
  const measure = wh[0].slice(wh[1].length);
  const after = q.slice(wh.index + wh[0].length);
  // 「多少美元」, 「多少平方公里」: a number in that unit (a sum in another currency, a length, is no answer).
  const unit = measure === "" ? NAMED_UNIT.exec(after)?.[0] : undefined;
  if (unit) {
    const base = unit.replace(/^[万亿]/, "");
    const written = UNIT_WRITTEN[base.replace(/^(?:平方|立方)/, "")] ?? base.replace(/^(?:平方|立方)/, "");
    return new RegExp(`[\\d零〇一二三四五六七八九十百千万亿两半]\\s*[余多]?\\s*[十百千万亿]*\\s*[余多]?\\s*(?:平方|立方)?(?:${written})`).test(foldedText);
  }
  if (measure === "" && MONEY_ASKED.test(q)) return MONEY.test(foldedText);
  if (STRICT_MEASURES.includes(measure) || !countsKind(measure)) return undefined;
  const fits = quantityFits(measure, false, undefined, after.startsWith("次"));
  // 个 counts anything: a count with it answers only when it counts what the question does (「四个中心」 is no count of 教师).
  const counts = (m: ShortSpan) => {
    // Up to its first measure word: a match runs on into the counted noun when it starts like a unit (17名成员 → 17名成).
    const unit = FIRST_MEASURE.exec(foldedText.slice(m.start, m.end));
    // A bare large number counts whatever the sentence counts (人口…3400万).
    if (!unit) return /\d\s*[万亿]$/.test(foldedText.slice(m.start, m.end));
    const count = foldedText.slice(m.start, m.start + unit.index + unit[0].length);
    if (!/[\d零〇一二三四五六七八九十百千万亿两半数]/.test(count) || DATE_START.test(count) || !fits(count)) return false;
    return !count.endsWith("个") || (after.length >= 2 && foldedText.startsWith(after.slice(0, 2), m.start + count.length));
  };
  // A list of what is counted counts it too (「几家骑士团」 over four names, each ending in 骑士团).
  const noun = after.replace(/^[的是]+/, "").split(BOUNDARY)[0].split("的")[0];
  if (noun.length >= 2 && foldedText.split(noun).length > 2) return true;
  return matches(foldedText, { start: 0, end: foldedText.length }, QUANTITY, () => true).some(counts);
}

/** A quantity expression's first measure word. */
const FIRST_MEASURE = new RegExp(`人次|[${MEASURE_WORDS}]`);

/** A number that is a date (2023年, 5月): never the answer to how many. */
const DATE_START = new RegExp(`^(?:${TIME.source})`);

const FACTOID: ReadonlySet<AnswerType> = new Set(["quantity", "time", "person", "role", "place", "thing"]);
const MAX_SPAN = 24;
const MIN_ANCHOR = 2;

export interface ShortSpan {
  /** Offsets into the excerpt text. */
  start: number;
  end: number;
}

/** jieba's words and part-of-speech tags of a text (Analyzer.tag). */
export type Tagger = (text: string) => ReadonlyArray<{ word: string; tag: string }>;

/** Tags of what may be part of a person's name: names (nr …), words jieba did not know (x), a place-like first name (巴里·), foreign letters. */
const NAME_TAGS = /^(?:nr\w*|x|nz|eng|ns)$/;

/**
 * The person's name a who-question's span starts with, when words that are not a name follow it: 「怀进鹏出席会议并讲话」 →
 * 怀进鹏 (jieba: 怀进鹏/x 出席会议/l …). Unchanged when it does not start with a name or holds nothing else.
 */
function nameOnly(excerpt: string, span: ShortSpan, tag: Tagger): ShortSpan {
  const words = tag(excerpt.slice(span.start, span.end));
  let length = 0;
  let i = 0;
  while (i < words.length && (NAME_TAGS.test(words[i].tag) || words[i].word === "·")) length += words[i++].word.length;
  return i > 0 && i < words.length && length >= 2 && /\p{Script=Han}/u.test(excerpt.slice(span.start, span.start + length)) ? { start: span.start, end: span.start + length } : span;
}

/** A confident short answer inside `excerpt`, or undefined. `tag` (jieba) cuts a who-question's span to the name it starts with. */
export function shortAnswerSpan(question: string, excerpt: string, fold: Fold, tag?: Tagger): ShortSpan | undefined {
  const q = fold(question).replace(/[？?！!。.\s]+$/u, "");
  const type = answerType(q);
  if (!FACTOID.has(type)) return undefined;
  const wh = WH.exec(q);
  if (!wh) return undefined;
  const text = fold(excerpt);
  const left = lastClause(q.slice(0, wh.index)).replace(TRAILING_PARTICLES, "");
  const after = firstClause(q.slice(wh.index + wh[0].length));
  const right = after.replace(/^[的是]+/, "");
  // "什么宣讲团": the noun after the question word names the thing, so it belongs to the answer.
  const keepRight = (type === "thing" || type === "role") && right.length > 0 && right === after;
  const lefts = anchors(text, left, "suffix");
  const rights = anchors(text, right, "prefix");
  const measure = type === "quantity" ? wh[0].slice(wh[1].length) : "";
  const strict = measure.length === 1 && STRICT_MEASURES.includes(measure) ? measured(measure, measure === "年" && wh[1] === "多少") : undefined;
  // 「哪些地方」 asks for a list; a count or a date is never one.
  const ends = wh[0].includes("些") && type !== "quantity" && type !== "time" ? LIST_BOUNDARY : BOUNDARY;
  const measureFits = quantityFits(measure, RATE.test(q.slice(0, wh.index)), strict, q.startsWith("次", wh.index + wh[0].length));
  // What the question states itself is never its answer: 「2023年全国教育工作会议是什么时候召开的？」 asks for more than 2023年.
  const fits = (m: string) => measureFits(m) && !q.includes(m.trim());
  // Which year (哪一年, 什么年份) is answered by a year, decade or century, never by a day of an unnamed year (1月12日).
  const asksYear = type === "time" && /年/.test(wh[0].slice(wh[1].length));
  const unasked = (m: string) => !q.includes(m.trim()) && (!asksYear || /年|世纪/.test(m));

  const pick = (region: ShortSpan, side: "left" | "right" | "both", rightEnd?: number): ShortSpan | undefined => {
    // Patterns are written in Simplified characters: match them on the folded text (offsets are the same).
    if (type === "quantity" || type === "time") {
      const span = expression(text, region, type === "quantity" ? QUANTITY : TIME, side, type === "quantity" ? fits : unasked);
      // "多少公里": the unit is the question's right context, and belongs to the answer.
      const unit = span && type === "quantity" ? UNIT_AHEAD.exec(text.slice(span.end)) : null;
      return span && unit ? { start: span.start, end: span.end + unit[0].length } : span;
    }
    // Trimmed on the folded text, where the edge words are written (於 folds to 于); the offsets are the same.
    let span = trim(text, region);
    if (!span) return undefined;
    if (keepRight && rightEnd !== undefined) span = { start: span.start, end: rightEnd };
    span = balance(excerpt, span);
    if (span && type === "person" && tag) span = nameOnly(excerpt, span, tag);
    if (!span || span.end - span.start > MAX_SPAN || ends.test(excerpt.slice(span.start, span.end))) return undefined;
    if (left.length >= MIN_ANCHOR && text.slice(span.start, span.end).includes(left)) return undefined;
    const pattern = TYPE_PATTERNS[type];
    if (side === "both" || (pattern && pattern.test(text.slice(span.start, span.end)))) return span;
    // "X的原名是什么": nothing follows the question word, and the answer follows X's words directly.
    return side === "left" && right.length === 0 && span.end - span.start <= 16 && span.start === region.start ? span : undefined;
  };

  // Both sides line up: the tightest gap between a left match and the next right match.
  let best: ShortSpan | undefined;
  for (const l of lefts) {
    const r = rights.find((x) => x.start >= l.end);
    if (!r || r.start - l.end > MAX_SPAN * 2 || ends.test(text.slice(l.end, r.start))) continue;
    const span = pick({ start: l.end, end: r.start }, "both", r.end);
    if (span && (!best || span.end - span.start < best.end - best.start)) best = span;
  }
  if (best) return best;
  // One side only: the region runs to (from) the clause boundary.
  for (const l of byStatement(text, lefts, left, right)) {
    // 「责任编辑:曹建」: a colon right after the anchor introduces what it names.
    const start = LABEL_COLON.test(excerpt[l.end] ?? "") ? l.end + 1 : l.end;
    let end = start;
    while (end < excerpt.length && end - start < MAX_SPAN && !ends.test(excerpt[end])) end++;
    const span = pick({ start, end }, "left");
    if (span) return span;
  }
  // 「北京有多少所高校？」 asks for the count alone: 「26所高校试点开设…」 counts the universities doing something it does not ask about.
  const endsAtNoun = type === "quantity" && strict === undefined && measure.length === 1 && right.length > 0 && q.slice(wh.index + wh[0].length).replace(/^[的是]+/, "") === right;
  for (const r of rights) {
    if (endsAtNoun && r.end - r.start === right.length && OWN_PREDICATE.test(text.slice(r.end))) continue;
    let start = r.start;
    while (start > 0 && r.start - start < MAX_SPAN && !ends.test(excerpt[start - 1])) start--;
    const span = pick({ start, end: r.start }, "right", r.end);
    if (span) return span;
  }
  // Neither side lines up: the excerpt's only number with the measure word asked for (「持续了多少年？」 over 「连续17年开展…」),
  // only number (for a how-many question without one) or only date (「世界高血压日指的是几月几日？」 over 「…5月17日为世界高血压日」).
  const whole = { start: 0, end: text.length };
  const only = type === "quantity"
    ? matches(text, whole, QUANTITY, (m) => fits(m) && (strict !== undefined || (/\d/.test(m) && !DATE_START.test(m))))
    : type === "time" ? matches(text, whole, TIME, (m) => /\d/.test(m) && unasked(m)) : [];
  const predicated = (m: ShortSpan) => endsAtNoun && text.startsWith(right, m.end) && OWN_PREDICATE.test(text.slice(m.end + right.length));
  return only.length === 1 && !predicated(only[0]) ? only[0] : undefined;
}

/** The number or date in a region next to its anchor: the last one before a right anchor, else the first one. */
function expression(text: string, region: ShortSpan, pattern: RegExp, side: "left" | "right" | "both", fits?: (match: string) => boolean): ShortSpan | undefined {
  const found = matches(text, region, pattern, (m) => (!fits || fits(m)) && /[\d零〇一二三四五六七八九十百千万亿两半数几春夏秋冬时]/.test(m));
  if (found.length === 0) return undefined;
  return side === "right" || (side === "both" && found.length > 1 && gapAfter(found[found.length - 1], region) === 0) ? found[found.length - 1] : found[0];
}

/** Spans of a region's matches of `pattern` that `keep` accepts, trailing spaces left out. */
function matches(text: string, region: ShortSpan, pattern: RegExp, keep: (match: string) => boolean): ShortSpan[] {
  const found: ShortSpan[] = [];
  for (const m of text.slice(region.start, region.end).matchAll(pattern)) {
    if (m[0].trim() && keep(m[0])) found.push({ start: region.start + m.index!, end: region.start + m.index! + m[0].trimEnd().length });
  }
  return found;
}

function gapAfter(span: ShortSpan, region: ShortSpan): number {
  return region.end - span.end;
}

/** Matches of the longest suffix (prefix) of an anchor phrase, at least MIN_ANCHOR characters, in order of position. */
function anchors(text: string, phrase: string, side: "suffix" | "prefix"): ShortSpan[] {
  for (let len = Math.min(phrase.length, 12); len >= MIN_ANCHOR; len--) {
    const piece = side === "suffix" ? phrase.slice(phrase.length - len) : phrase.slice(0, len);
    const found: ShortSpan[] = [];
    for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + 1)) found.push({ start: at, end: at + len });
    if (found.length) return found;
  }
  return [];
}

/** Characters that end a statement: sentence stops and the semicolon (between parallel statements), newlines. */
const STATEMENT_END = new RegExp(`[${charClass(STOPS)}\\n]`);
/** The share of the question's other words a later anchor's statement must hold to go before the first anchor. */
const STATEMENT_SHARE = 0.8;

/**
 * Left anchors in order of position, except that an anchor whose statement (between sentence stops or semicolons)
 * holds nearly all of the question's other words goes first when the first anchor's holds fewer. An anchor shorter
 * than the words before the question word matches wherever a statement recurs: 「第二产业增加值增长了多少？」 anchors on
 * 增长 in 「第一产业增加值为56.7亿元，增长3.1%；第二产业增加值为456.8亿元，增长6.0%」, and the statement naming 第二产业
 * is the one asked about. Only nearly all: the first anchor's statement often leaves the question's words to the
 * sentence before it (「2005年美国大奖赛…。最终蒙泰罗…获得第3名。在2005年比利时大奖赛中他又获得第8名。」).
 */
function byStatement(text: string, lefts: readonly ShortSpan[], before: string, after: string): ShortSpan[] {
  if (lefts.length < 2) return [...lefts];
  const pairs = new Set<string>();
  for (const phrase of [before.slice(0, before.length - (lefts[0].end - lefts[0].start)), after]) {
    for (let i = 0; i + 1 < phrase.length; i++) pairs.add(phrase.slice(i, i + 2));
  }
  if (pairs.size === 0) return [...lefts];
  const held = (l: ShortSpan) => {
    let start = l.start;
    let end = l.end;
    while (start > 0 && !STATEMENT_END.test(text[start - 1]!)) start--;
    while (end < text.length && !STATEMENT_END.test(text[end]!)) end++;
    const statement = text.slice(start, l.start) + "\u0000" + text.slice(l.end, end);
    let n = 0;
    for (const pair of pairs) if (statement.includes(pair)) n++;
    return n;
  };
  const counts = lefts.map(held);
  let best = 0;
  for (let i = 1; i < lefts.length; i++) if (counts[i]! > counts[best]!) best = i;
  if (best === 0 || counts[best]! < STATEMENT_SHARE * pairs.size) return [...lefts];
  return [lefts[best]!, ...lefts.filter((_, i) => i !== best)];
}

/** Trims spaces and particles from both ends of a span. */
function trim(text: string, span: ShortSpan): ShortSpan | undefined {
  let { start, end } = span;
  const verb = LEAD_VERB.exec(text.slice(start, end));
  if (verb) start += verb[0].length;
  while (start < end && LEAD.test(text[start])) start++;
  while (end > start && TAIL.test(text[end - 1])) end--;
  return end > start ? { start, end } : undefined;
}

const PAIRS: Array<[string, string]> = [["“", "”"], ["「", "」"], ["『", "』"], ["《", "》"], ["（", "）"], ["(", ")"], ["‘", "’"]];

/** Closes a quote or bracket the span opens (when the text closes it right after), or drops an unpaired one at an edge. */
function balance(text: string, span: ShortSpan): ShortSpan | undefined {
  let { start, end } = span;
  for (const [open, close] of PAIRS) {
    const s = text.slice(start, end);
    const opens = s.split(open).length - 1;
    const closes = s.split(close).length - 1;
    if (opens > closes) {
      const at = text.indexOf(close, end);
      if (at !== -1 && at - end <= 12 && !BOUNDARY.test(text.slice(end, at))) end = at + 1;
      else if (s.startsWith(open)) start += 1;
      else return undefined;
    } else if (closes > opens) {
      if (s.endsWith(close)) end -= 1;
      else if (start > 0 && text[start - 1] === open) start -= 1;
      else return undefined;
    }
  }
  return end > start ? { start, end } : undefined;
}

function lastClause(text: string): string {
  const parts = text.split(BOUNDARY);
  return parts[parts.length - 1] ?? "";
}

function firstClause(text: string): string {
  return text.split(BOUNDARY)[0] ?? "";
}
