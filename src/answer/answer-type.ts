import { CLAUSE_ENDS, codeUnits, STOPS } from "../lang/sentences.js";
import { MONTH } from "../lang/english.js";
import { MEASURE_WORDS } from "../lang/numerals.js";
import type { QueryWord } from "../search/analyzer.js";

/**
 * What kind of answer a question asks for (a quantity, a time, a person …) and whether a
 * piece of text offers one: the evidence's type check and the short answer's filter.
 */

export type AnswerType = "quantity" | "time" | "person" | "role" | "place" | "thing" | "other";

/** A question word and the category noun after it ("什么时期", "哪些地区", "担任什么职务"): the noun names the kind of answer wanted, not where it is. */
const FRAME = /(?:什么|甚么|哪一?|哪些|何)[个种场部位本家所项条类]?(时间|时候|时期|年代|年份|日期|地方|地区|地点|位置|区域|国家|城市|省份|名字|名称|职务|职位|官职|头衔|职称|人物|身份|特点|特征|作用|用途|功能|区别|不同|危害|影响|意义|好处|优点|缺点|内容|理由|原因|方面|事情|东西|方式|方法|办法|手段|措施|形式|类型|种类|样子|变化)/g;
const ROLE_QUESTION = /(?:什么|甚么|何|哪个|哪些|哪一)(?:职务|职位|官职|头衔|职称)|\bwhat (?:position|title|office)\b/i;
const ROLE_VERBS = new Set(["担任", "出任"]);

/**
 * An English yes/no question ("Do you ever have to guess where a mine is?") or a how-to question ("How do you give the
 * number of mines as a proportion?"): a question word or "number of" further on does not make it ask for a place or a count.
 */
const ENGLISH_NOT_TYPED = /^[\s"'\u201c\u2018(]*(?:(?:do|does|did|is|are|was|were|can|could|will|would|should|shall|has|have|had|may|might|must)|how (?:do|does|did|can|could|should|would|to|is|are|was|were))\b/i;

/** English question words; the first one asks the question. */
const ENGLISH_WH = /\b(?:what|which|who|whom|whose|where|when|why|how)\b/gi;

/**
 * An English question up to its second question word: "What do you learn when you uncover a square?" asks what, and
 * the when-clause says under which condition. A question in Chinese script is left whole.
 */
function englishMainClause(question: string): string {
  if (/\p{Script=Han}/u.test(question)) return question;
  const found = [...question.matchAll(ENGLISH_WH)];
  return found.length >= 2 ? question.slice(0, found[1].index) : question;
}

/** A yes/no question (「…吗？」, 是否, "Did …?"), folded: it claims a fact for the documents to confirm or contradict. */
export function isYesNoQuestion(folded: string): boolean {
  return /[吗嗎][？?]?$|是否|是不是|有没有|對不對|对不对|^(?:is|are|was|were|does|do|did|has|have|had|can|could|will)\b/i.test(folded.trim());
}

/** The kind of answer a (folded) question asks for, from its question word. */
export function answerType(question: string): AnswerType {
  if (ENGLISH_NOT_TYPED.test(question)) return "other";
  question = englishMainClause(question);
  if (/多少|(?<![哪好])几(?![月日号点])[个名所次年位项场天岁种家人万倍届期条座批]?|(?:有|是|为)多[大长高远重久宽深厚]|多[大长高远重久宽深厚](?:呢|[？?])?$|how many|how much|how (?:long|old)\b|number of/i.test(question)) return "quantity";
  if (/哪一?年|什么时候|何时|哪几?天|几月|什么时间|什么时期|什么年代|哪个朝代|[何哪]一?[时年]|甚么时候|when\b|(?:what|which) (?:year|decade|century|month|date)s?\b/i.test(question)) return "time";
  if (ROLE_QUESTION.test(question)) return "role";
  if (/谁|哪位|什么人|何人|\bwho\b|\bwhom\b/i.test(question)) return "person";
  if (/哪里|哪儿|何处|什么地方|在哪|何地|哪[个些一]?(?:国家|城市|地区|地方|省份|[国省市县城])|\bwhere\b/i.test(question)) return "place";
  if (/为什么|为何|何故|怎么|怎样|如何|\bwhy\b|\bhow\b/i.test(question)) return "other";
  if (/什么|甚么|哪[个些种本部家所项一]|何[种物]|\bwhat\b|\bwhich\b/i.test(question)) return "thing";
  return "other";
}

/** Kinds of answer the excerpt must visibly offer (a number, a date, a title). */
export function typeFitting(type: AnswerType): boolean {
  return type === "quantity" || type === "time" || type === "role";
}

/**
 * An English question word and the noun naming the kind of time asked ("which year", "in what decade"): the noun is the
 * answer's kind, not a word the evidence must hold ("Which year did lambda expressions appear?" is not answered by "In
 * October of the same year").
 */
const FRAME_EN = /\b(?:what|which) (year|decade|century|month|date)s?\b/g;

/** The question's words without its frame nouns (什么时期 → 时期; 担任什么职务 → 担任, 职务; which year → year). */
export function contentWords(words: QueryWord[], question: string): QueryWord[] {
  const frame = new Set([...question.matchAll(FRAME)].map((m) => m[1]).concat([...question.matchAll(FRAME_EN)].map((m) => m[1])));
  if (frame.size === 0) return words;
  const role = ROLE_QUESTION.test(question);
  return words.filter((w) => !frame.has(w.text) && !(role && ROLE_VERBS.has(w.text)));
}

/** Tokens that can answer each kind of question, matched on folded (Simplified, lower-case) text. */
export const TYPE_PATTERNS: Record<AnswerType, RegExp | undefined> = {
  quantity: new RegExp(`\\d|[一二三四五六七八九十廿卅百千万亿两半数][余多]?(?:[万亿]|平方|公[里顷斤尺]|小时|[${MEASURE_WORDS}])`),
  time: new RegExp(String.raw`\d{1,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*[日号]|世纪|年代|[春夏秋冬]季|[朝代纪]|时期|时代|期间|[初中末早晚前]期|[元正一二三四五六七八九十廿卅〇零]{1,4}年|年间|[初末]年|同年|当年|翌年|次年|民国|\b1\d{3}\b|\b20\d{2}\b|\b(?:${MONTH}|century|centuries|decade)\b`),
  person: /[先女]生|教授|主席|总统|书记|部长|院士|作家|之父|国王|皇帝|·|\b(?:mr|mrs|ms|dr|prof|sir)\b/,
  role: /[组部局处科厅省市县区镇村校院馆社会行军师团连舰船机]长|董事长|理事长|秘书长|委员长|书记|主任|主席|委员|总统|总理|首相|经理|总监|总裁|董事|院士|教授|大使|将军|司令|编辑|顾问|议员|法官|代表|主管|领事|[皇帝后王]|\b(?:president|chairman|director|minister|secretary|manager|professor|editor)\b/i,
  place: /[省市县区州国岛山河湖港镇村路街洲]|\b(?:city|town|province|state|county|country|river|island)\b/,
  thing: undefined,
  other: undefined,
};

/**
 * Whether folded text offers the kind of answer asked for: a token of the pattern (a number, a
 * date, a title) beyond the question's own words, in a sentence that holds one of those words —
 * for numbers, in the same clause or the next one ("26所高校" for "几所高校", not "四个中心" in a
 * clause about something else).
 */
export function fitsType(folded: string, words: QueryWord[], pattern: RegExp, clauseReach = Infinity): boolean {
  const stripped = stripWords(folded, words);
  let sentenceStart = 0;
  for (let i = 0; i <= folded.length; i++) {
    if (i < folded.length && (!SENTENCE_END.has(folded.charCodeAt(i)) || softWrap(folded, i))) continue;
    const typed: number[] = [];
    const worded: number[] = [];
    let start = sentenceStart;
    let k = 0;
    for (let j = sentenceStart; j <= i; j++) {
      if (j < i && !CLAUSE_END.has(folded.charCodeAt(j))) continue;
      if (j > start) {
        k++;
        if (pattern.test(stripped.slice(start, j))) typed.push(k);
        const clause = folded.slice(start, j);
        if (words.some((w) => clause.includes(w.text))) worded.push(k);
      }
      start = j + 1;
    }
    if (typed.some((t) => worded.some((w) => Math.abs(t - w) <= clauseReach))) return true;
    sentenceStart = i + 1;
  }
  return false;
}

// Code-unit sets: fitsType tests every character of every candidate sentence. A sentence here
// ends at STOPS or a newline (not a soft wrap), not at an ellipsis (see ELLIPSIS in lang/sentences.ts).
const SENTENCE_END = codeUnits(STOPS + "\n");
const CLAUSE_END = codeUnits(CLAUSE_ENDS);

/** Latin text around a line break that goes on mid-sentence: a word, digit or clause mark before it, a word or digit after it. */
const WRAPPED_BEFORE = /[a-z0-9\u00c0-\u024f,;:(-]/;
const WRAPPED_AFTER = /[a-z0-9\u00c0-\u024f("'\u2018\u201c]/;

/**
 * Whether the newline at `i` is a hard wrap inside an English sentence ("founded by Ian Murdock on\n    August
 * 16th, 1993"), not a line of its own: English text is often wrapped at about 70 characters, and a date or count
 * on the next line still answers the words before it. A Chinese line, or a line ending in a stop, ends there.
 */
function softWrap(folded: string, i: number): boolean {
  if (folded[i] !== "\n") return false;
  let before = i - 1;
  while (before >= 0 && (folded[before] === " " || folded[before] === "\t" || folded[before] === "\r")) before--;
  let after = i + 1;
  while (after < folded.length && (folded[after] === " " || folded[after] === "\t")) after++;
  return before >= 0 && after < folded.length && WRAPPED_BEFORE.test(folded[before]) && WRAPPED_AFTER.test(folded[after]);
}

/** How far (in clauses) a number may be from the question's words; dates and titles may be anywhere in the sentence. */
export function reachOf(type: AnswerType): number {
  return type === "quantity" ? 1 : Infinity;
}

/** The text with the question's own words blanked out, so a type check sees only what the question does not already say. */
export function stripWords(folded: string, words: QueryWord[]): string {
  let out = folded;
  for (const w of words) {
    let at = folded.indexOf(w.text);
    while (at !== -1) {
      out = out.slice(0, at) + " ".repeat(w.text.length) + out.slice(at + w.text.length);
      at = folded.indexOf(w.text, at + w.text.length);
    }
  }
  return out;
}

/** Last characters of a place's name: 北京市, 首都博物馆, 国家大剧院, 西岸地区. */
const PLACE_END = /[省市县区州国岛山河湖港镇村路街洲馆院场校园楼宫寺庙厅站城门湾峰江海岭谷屿部里乡洋湖原所台塔桥]$|\b(?:city|town|province|state|county|country|river|island|museum|theatre|theater|park|street|road)$/i;

/** The category nouns after a which/what question word, split at 和/与/及/或/、 (「哪些剧场和博物馆」 → 剧场, 博物馆). */
function categoryHeads(foldedQuestion: string): string[] {
  const m = /(?:哪些|哪个|哪家|哪所|哪座|哪|什么)([\u4e00-\u9fff]{2,6})/.exec(foldedQuestion);
  if (!m) return [];
  return m[1].split(/[和与及或、]/).filter((p) => p.length >= 2).map((p) => p[p.length - 1]);
}

/**
 * Whether a short answer is of the kind the question asks for. A where-question's answer is
 * a bare name or ends like a place (or with the category the question names): 「厚植爱党报国情怀」 holds 国 but is
 * no answer to 「在哪些剧场和博物馆…」. Numbers and dates are already matched by their own
 * patterns (short-answer.ts); other kinds are not checked.
 */
export function shortAnswerAgrees(foldedQuestion: string, foldedSpan: string): boolean {
  if (answerType(foldedQuestion) !== "place") return true;
  // A list (「乡村、社区一线」 for 哪些地方) agrees when each of its items does.
  return foldedSpan.replace(/[等]+$/, "").split("、").every((item) => {
    const span = item.trim();
    // A short span is a bare name (北京, 台北, 澳洲): accepted as it is.
    return span.length <= 4 || PLACE_END.test(span) || categoryHeads(foldedQuestion).some((h) => span.includes(h));
  });
}
