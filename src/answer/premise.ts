import { englishContentWords, hasEnglishWord, irregularVariants } from "../lang/english.js";
import { premiseText, sourceLanguageNote } from "../lang/messages.js";
import { numeralValue } from "../lang/numerals.js";
import { isChinese } from "../lang/script.js";
import { splitSentences } from "../lang/sentences.js";
import { STOP_CHARS, STOP_WORDS } from "../lang/stopwords.js";
import type { QueryWord } from "../search/analyzer.js";
import type { Fold } from "../search/fold.js";
import type { Answer, Citation } from "../types.js";
import { isYesNoQuestion } from "./answer-type.js";
import { markClipped } from "./cite.js";
import { shortAnswerSpan, type Tagger } from "./short-answer.js";

/**
 * Yes/no and false-premise questions: the answer says whether the quoted evidence states what the question claims, or
 * what it states instead, before the quote (「不是：文档说是26所。」, "No: the documents say 26 universities."). Claims
 * compared: a number with its measure word (or the English noun after it: 30所, 20余万名, 30 universities), a year
 * ("in 2015?"), and a person's or place's name the question puts after 是/在/由… (「责任编辑是张伟吗？」,
 * 「会议在上海召开的吗？」), which is compared with the short answer of the same question asked with 谁/哪里 — so a
 * second name in the evidence that is another fact is not taken for a contradiction.
 */

/** Chinese measure words and units a number is read with. */
const MEASURE = "[个名所次年位项场天岁种家人倍支届期条座批件处]";
/** 余/多 after a number ("more than"): 「20余万名」 states 20万名 and more. */
const APPROX = "\\s*[余多]?\\s*";
/**
 * A number and its measure word (with 万/亿 before it: 20万名), unit or (English) the noun it counts, in folded text: 30所,
 * 20余万名, 26%, 30 universities.
 */
/** Digits of a number, with thousands separators (48,000). */
const DIGITS = "(?:\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)";
const NUMBER = new RegExp(`(${DIGITS})(?:${APPROX}([万亿]?${MEASURE}|[万亿%])|\\s*([a-z]+))?`, "g");
/** A number in Chinese numerals (四十二, 八百二十四); two characters at least, since one (一场, 两所) is as often part of a word. */
const HAN_NUMERAL = "[零〇一二三四五六七八九十百千两]{2,}";
/** A year written alone in an English question ("in 2015?"). */
const YEAR = /^(?:1[0-9]|20)\d\d$/;
/** A person's (nr…) or place's (ns) name, by jieba's tags, with the question word that asks for it. */
/** A word jieba does not know (x) after 是 is most often a name it lacks (张伟): asked as a person, it is compared only when a name answers. */
const NAME_QUESTION_WORD: ReadonlyArray<[RegExp, string]> = [[/^nr/, "谁"], [/^ns$/, "哪里"], [/^x$/, "谁"]];
/** What a claimed name follows in a yes/no question (是张伟, 在上海, 由王明): the predicate, not the subject. */
const BEFORE_CLAIM = /[是在由叫为于到去]$/;
/** What joins a transcribed name's parts (阿卜杜勒·卡迪尔). */
const NAME_JOINER = /^[·・]/;
/** A Chinese yes/no question's end, which its open form replaces with 「？」. */
const OPEN_END = /[吗嗎]?[？?]?$/;
/** The share of the question's other words a statement must hold to be about the same fact. */
const SAME_FACT_SHARE = 0.75;

export type Premise = { agrees: true } | { agrees: false; stated: string };

export interface PremiseOptions {
  /** jieba's tags (Analyzer.tag): without them, names are not compared. */
  tag?: Tagger;
  /**
   * The stated value must come from a sentence that holds (nearly) all of the question's other words: how a refused
   * answer's closest passage is checked, where nothing else says the passage is about the fact asked.
   */
  sameStatement?: boolean;
  /**
   * An English question's words translated into the Chinese documents' (retrieve/translate.ts, in the question's order): the
   * words after its number are the noun it counts as the documents write it ("30 universities" → 大学, 高校), which Chinese
   * text writes after the number and its measure word (26所高校).
   */
  translatedWords?: readonly QueryWord[];
}

/** What the excerpt says about a yes/no question's claim; undefined when the question is not one, claims nothing comparable, or the excerpt says nothing comparable. */
export function checkPremise(question: string, excerpt: string, fold: Fold, options: PremiseOptions = {}): Premise | undefined {
  const q = fold(question).trim();
  if (!isYesNoQuestion(q)) return undefined;
  const text = fold(excerpt);
  const numbers = [...q.matchAll(NUMBER)];
  if (numbers.length > 0) return numberPremise(q, excerpt, text, numbers, options.sameStatement === true, options.tag, options.translatedWords);
  return options.tag && isChinese(question) ? namePremise(question, q, excerpt, fold, options) : undefined;
}

function numberPremise(q: string, excerpt: string, text: string, numbers: RegExpMatchArray[], sameStatement: boolean, tag?: Tagger, translatedWords?: readonly QueryWord[]): Premise | undefined {
  for (const found of numbers) {
    const [claim, n, measure, noun] = found;
    // "in 2015?", "in 2015 and": a year; "2000 people": a count of people.
    const year = !measure && YEAR.test(n) && (!noun || STOP_WORDS.has(noun));
    const number = `(?<![\\d.]|\\d,)${n.replace(".", "\\.")}(?![\\d.]|,\\d)`;
    // A Chinese measure word belongs to its number (「20年」 is not stated by 「20余万名」); an English noun may have words before it (12 new laboratories).
    if (new RegExp(measure ? `${number}${APPROX}${measure}` : number).test(text)) continue;
    // 「四十二场」 states 42场.
    if (measure && [...text.matchAll(new RegExp(`(${HAN_NUMERAL})${APPROX}${measure}`, "g"))].some((m) => numeralValue(m[1]) === Number(n))) continue;
    if (!measure && !noun && !year) return undefined;
    // An English count over Chinese text: another number before the noun's translation, after its measure word (26所高校).
    // Not for a refused question's closest passage (sameStatement): no check reads that its sentence states the same fact.
    const counted = noun && !year && !sameStatement ? countedTranslations(n, translatedWords) : [];
    if (counted.length > 0 && isChinese(excerpt)) {
      const zh = new RegExp(`((?<![\\d.]|\\d,)${DIGITS}|${HAN_NUMERAL})${APPROX}([万亿]?)(?:${MEASURE})?[^，。；,;！？\\s]{0,4}?(?:${counted.join("|")})`).exec(text);
      // The number as the text writes it, with its 万 or 亿 (50万), then the words it counts.
      return zh ? { agrees: false, stated: `${excerpt.slice(zh.index, zh.index + zh[1].length)}${zh[2]} (${excerpt.slice(zh.index, zh.index + zh[0].length)})` } : undefined;
    }
    // The same measure word (noun; a year for a year) with another number: what the documents say instead.
    const pattern = measure ? `(?:(?<![\\d.]|\\d,)${DIGITS}|${HAN_NUMERAL})${APPROX}${measure}` : year ? "(?<![\\d.]|\\d,)(?:1[0-9]|20)\\d\\d(?![\\d.]|,\\d)" : `(?<![\\d.]|\\d,)${DIGITS}\\s*${noun}\\b`;
    const other = [...text.matchAll(new RegExp(pattern, "g"))].find((m) => !(sameStatement || year) || statesSameFact(q, claim, excerpt, text, m.index!, tag));
    // A year is checked against its statement always: an excerpt names years of many events.
    // Folding keeps offsets, so the folded match is also where the original text says it.
    if (!other) return undefined;
    // An English noun goes on as the question goes on: "312 children's reading sessions", not "312 children".
    const end = noun ? other.index! + other[0].length + sharedLead(q.slice(found.index! + claim.length), text.slice(other.index! + other[0].length)) : other.index! + other[0].length;
    return { agrees: false, stated: excerpt.slice(other.index!, end) };
  }
  return { agrees: true };
}

/** The Chinese words an English question's number counts: the translations of the (at most two) words after it, of two characters or more. */
function countedTranslations(n: string, translatedWords?: readonly QueryWord[]): string[] {
  const at = translatedWords?.findIndex((w) => w.numeric && w.text === n) ?? -1;
  if (at < 0) return [];
  const after = translatedWords!.slice(at + 1, at + 3).filter((w) => !w.numeric);
  return [...new Set(after.flatMap((w) => [w.text, ...(w.alternatives ?? [])]))].filter((w) => /^\p{Script=Han}{2,}$/u.test(w));
}

/** The length of the words two folded English texts start with alike ("'s reading sessions during" and "'s reading sessions?" → 19). */
function sharedLead(a: string, b: string): number {
  let i = 0;
  let end = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) {
    i++;
    if ((i === a.length || !/[a-z0-9']/.test(a[i])) && (i === b.length || !/[a-z0-9']/.test(b[i]))) end = i;
  }
  return b.slice(0, end).trimEnd().length;
}

/**
 * 「责任编辑是张伟吗？」: asked again as 「责任编辑是谁」, the excerpt's answer is 曹建. Only a name the excerpt never writes
 * is contradicted (with it there, the excerpt may state both), and only by a short answer the rewritten question finds.
 */
function namePremise(question: string, q: string, excerpt: string, fold: Fold, options: PremiseOptions): Premise | undefined {
  for (const { word, start, end: at, asked } of claimedNames(question, q, options.tag!)) {
    const name = fold(word);
    const span = shortAnswerSpan(asked, excerpt, fold, options.tag);
    if (!span) return undefined;
    const stated = fold(excerpt.slice(span.start, span.end));
    if (sameName(stated, name)) return { agrees: true };
    const text = fold(excerpt);
    if (text.includes(name)) return undefined;
    if (options.sameStatement && !statesSameFact(q, q.slice(start, at), excerpt, text, span.start, options.tag)) return undefined;
    return { agrees: false, stated: excerpt.slice(span.start, span.end) };
  }
  return undefined;
}

/**
 * The names a Chinese yes/no question claims (a person's or place's name after 是/在/由…), each with the question asked
 * with 谁/哪里 in its place: 「责任编辑是张伟吗？」 → 张伟, 「责任编辑是谁？」 (`asked` is folded, as `q`).
 */
function* claimedNames(question: string, q: string, tag: Tagger): Generator<{ word: string; start: number; end: number; wh: string; asked: string }> {
  let at = 0;
  for (const { word, tag: t } of tag(question)) {
    const start = at;
    at += word.length;
    const wh = NAME_QUESTION_WORD.find(([pattern]) => pattern.test(t))?.[1];
    if (!wh || word.length < 2 || !BEFORE_CLAIM.test(q.slice(0, start)) || (t === "x" && !/^\p{Script=Han}+$/u.test(word))) continue;
    // 阿卜杜勒 in 「阿卜杜勒·卡迪尔」 is part of a name that goes on: no claim of its own.
    if (NAME_JOINER.test(q.slice(at))) continue;
    yield { word, start, end: at, wh, asked: (q.slice(0, start) + wh + q.slice(at)).replace(OPEN_END, "？") };
  }
}

/** An English yes/no question claiming who holds a role: "Is Dr. John Smith the library director?", "Is the library director John Smith?". */
const EN_NAME = String.raw`(?:(?:Dr|Mr|Mrs|Ms|Prof)\.? )?([A-Z][a-z]+(?: [A-Z][a-z]*\.?)*(?: [A-Z][a-z]+))`;
const EN_ROLE_CLAIMS: readonly RegExp[] = [
  new RegExp(String.raw`^(Is|Was|is|was) ${EN_NAME} ((?:the|its|their) [a-z][^?]*?)\s*\?*$`),
  new RegExp(String.raw`^(Is|Was|is|was) ((?:the|its|their) [a-z][^?]*?) ${EN_NAME}\s*\?*$`),
];

/** A yes/no question's claim (a number with its measure word, a name) and the open question that asks for it instead. */
export interface OpenForm {
  claim: string;
  open: string;
  /**
   * The claim is read only from where it stands (「…是X吗？」), not known to be a name (jieba splits names it lacks: 怀/进鹏):
   * the open form's short answer can confirm it when it is the claim as written, never contradict it (「这是真的吗？」).
   */
  confirmOnly?: true;
}

/**
 * What a Chinese yes/no question says something is, as written (「教育部部长是怀进鹏吗？」 → 怀进鹏): a run of letters of
 * any script (a name: 怀进鹏, John Smith, 阿卜杜勒·卡迪尔) between its last 是 and 吗, no numbers or punctuation.
 */
const IS_CLAIM = /是((?:(?!是)[\p{L}\p{M}·・.\- ])+)[吗嗎][？?]?$/u;
/** A claim read so starts and ends with a letter: two at least. */
const WRITTEN_NAME = /^[\p{L}\p{M}].*[\p{L}\p{M}.]$/u;

/**
 * The open form of a yes/no question that claims a number or a name: 「北京冬奥会有30000名志愿者吗？」 → 「北京冬奥会有多少名志愿者？」,
 * 「教育部部长是王明吗？」 → 「教育部部长是谁？」, "Is Dr. John Smith the library director?" → "Who is the library director?".
 * What the documents answer to it is the verdict on the claim (engine.ts); undefined when the question claims nothing so.
 */
export function openForm(question: string, fold: Fold, tag?: Tagger): OpenForm | undefined {
  const q = fold(question).trim();
  if (!isYesNoQuestion(q)) return undefined;
  if (isChinese(question)) {
    // The first number read with a Chinese measure word (30000名, 2015年): asked as 多少名, a year as 哪一年.
    const number = [...q.matchAll(NUMBER)].find((m) => m[2] !== undefined && !/^[万亿%]$/.test(m[2]));
    if (number) {
      const [claim, n, measure] = number;
      const asked = measure === "年" && YEAR.test(n) ? "哪一年" : `多少${measure.replace(/^[万亿]/, "")}`;
      const open = question.slice(0, number.index) + asked + question.slice(number.index! + claim.length);
      return { claim: question.slice(number.index, number.index! + claim.length), open: open.trim().replace(OPEN_END, "？") };
    }
    const first = tag ? claimedNames(question, q, tag).next() : undefined;
    if (first && !first.done) {
      const { word, start, end, wh } = first.value;
      return { claim: word, open: (question.slice(0, start) + wh + question.slice(end)).trim().replace(OPEN_END, "？") };
    }
    const written = IS_CLAIM.exec(question.trim());
    const claim = written?.[1].trim();
    if (!written || !claim || !WRITTEN_NAME.test(claim)) return undefined;
    return { claim, open: `${question.trim().slice(0, written.index + 1)}谁？`, confirmOnly: true };
  }
  const text = question.trim();
  for (const [i, pattern] of EN_ROLE_CLAIMS.entries()) {
    const m = pattern.exec(text);
    if (!m) continue;
    const [name, role] = i === 0 ? [m[2]!, m[3]!] : [m[3]!, m[2]!];
    return { claim: name, open: `Who ${m[1]!.toLowerCase()} ${role}?` };
  }
  return undefined;
}

/**
 * Whether the sentence of the excerpt (`text` folded) around offset `at` holds nearly all of the (folded) question's other words — the
 * question without its claim: 「大安森林公园是2001年启用的吗？」 and 「大安森林公园于1994年启用」 state one fact;
 * 「怀进鹏是1960年出生的吗？」 and 「2023年…部长怀进鹏出席会议」 do not (出生).
 */
function statesSameFact(q: string, claim: string, excerpt: string, text: string, at: number, tag?: Tagger): boolean {
  // Split as written: folded English is lower-case, and a sentence starts with a capital.
  const sentence = splitSentences(excerpt).find((s) => s.start <= at && at < s.end);
  const statement = sentence ? text.slice(sentence.start, sentence.end) : text;
  const rest = q.replace(claim, " ").replace(/[吗嗎][？?]?$|是否|是不是|有没有|[？?]$/g, " ");
  if (!/\p{Script=Han}/u.test(rest)) {
    const words = englishContentWords(rest).filter((w) => !/^\d/.test(w) && !isYesNoQuestion(w));
    const held = words.filter((w) => [w, ...irregularVariants(w)].some((form) => hasEnglishWord(statement, form))).length;
    return words.length > 0 && held >= SAME_FACT_SHARE * words.length - 1e-9;
  }
  // The question's words (jieba's, where given: 志愿者 is not held by 志愿服务), else character pairs within the runs the
  // claim and function characters leave (「大安森林公园」, 「启用」).
  if (tag) {
    const words = [...new Set(tag(rest).map((t) => t.word).filter((w) => w.length >= 2 && /\p{Script=Han}/u.test(w) && !STOP_WORDS.has(w)))];
    return words.length > 0 && words.filter((w) => statement.includes(w)).length >= SAME_FACT_SHARE * words.length;
  }
  const pairs = new Set<string>();
  for (const run of rest.split(/[^\p{Script=Han}a-z0-9]+/u)) {
    const chars = [...run].filter((c) => !STOP_CHARS.has(c)).join("");
    for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars.slice(i, i + 2));
  }
  if (pairs.size < 2) return false;
  let held = 0;
  for (const pair of pairs) if (statement.includes(pair)) held++;
  return held >= SAME_FACT_SHARE * pairs.size;
}

/**
 * The answer with "yes" or "the documents say …" before its quote, for a yes/no question with a number, year or name;
 * `translatedWords`: a translated question's words (PremiseOptions).
 */
export function withPremise(answer: Answer, fold: Fold, tag?: Tagger, translatedWords?: readonly QueryWord[]): Answer {
  return withVerdict(answer, answerPremise(answer, fold, tag, translatedWords));
}

/** What a found answer's first citation says about its yes/no question's claim (checkPremise); undefined without one. */
export function answerPremise(answer: Answer, fold: Fold, tag?: Tagger, translatedWords?: readonly QueryWord[]): Premise | undefined {
  if (!answer.found || answer.citations.length === 0) return undefined;
  return checkPremise(answer.question, answer.citations[0].text, fold, { tag, translatedWords });
}

/** The answer led by a premise's verdict (「不是：文档说是26所。」, 「是的。」), or as it was without one. */
export function withVerdict(answer: Answer, premise: Premise | undefined): Answer {
  if (!premise) return answer;
  return { ...answer, answer: premiseText(answer.question, premise.agrees ? undefined : premise.stated) + answer.answer };
}

/**
 * A refused yes/no question whose closest passage states the same fact with another value (「大安森林公园是2001年启用的吗？」
 * over 「大安森林公园于1994年启用」): the refusal gate refuses a number or name the documents never write, but the
 * documents do answer — no. The answer cites that passage; undefined when it does not state the same fact.
 */
export function contradictedPremise(question: string, closest: Omit<Citation, "n">, fold: Fold, tag?: Tagger, translatedWords?: readonly QueryWord[]): Answer | undefined {
  const premise = checkPremise(question, closest.text, fold, { tag, sameStatement: true, translatedWords });
  if (!premise || premise.agrees) return undefined;
  return {
    question, found: true, mode: "extractive",
    answer: `${premiseText(question, premise.stated)}${sourceLanguageNote(question, closest.text)}${markClipped(closest.text, closest.clipped).text}[1]`,
    citations: [{ n: 1, ...closest }],
  };
}

/** What may follow a Chinese name without making it another: 上海 is 上海市 and 李明 is 李明教授, but 怀进 is not 怀进鹏. */
const NAME_SUFFIX = /^(?:市|省|县|縣|区|區|镇|鎮|乡|鄉|州|国|國|先生|女士|教授|博士|同志)$/;

/** Whether two folded names name the same: equal, a Chinese one but for NAME_SUFFIX, or a Latin one as whole words of the other ("Mary Jones", "Dr. Mary Jones"). */
function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (short.length < 2) return false;
  if (/\p{Script=Han}/u.test(long)) return long.startsWith(short) && NAME_SUFFIX.test(long.slice(short.length));
  return new RegExp(`(?<![\\p{L}\\p{N}])${short.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "u").test(long);
}

/**
 * A yes/no question answered by what the documents answer to its open form (openForm): yes when that answer's short
 * answer is the claim, else no and what they state (「不是：文档说是怀进鹏。」), quoting the open form's evidence;
 * undefined when the open form found no short answer, and the claim is then neither confirmed nor contradicted (nor, for a
 * claim only read from where it stands, `confirmOnly`, when that short answer is not the claim as written).
 */
export function answerByOpenForm(question: string, form: OpenForm, open: Answer, fold: Fold): Answer | undefined {
  if (!open.found || !open.shortAnswer || open.citations.length === 0) return undefined;
  const stated = fold(open.shortAnswer).trim();
  const claimed = fold(form.claim).trim();
  const number = /\d+(?:\.\d+)?/.exec(claimed)?.[0];
  const agrees = form.confirmOnly ? stated === claimed : number !== undefined
    ? new RegExp(`(?<![\\d.])${number.replace(".", "\\.")}(?![\\d.])`).test(stated.replace(/,(?=\d{3})/g, ""))
    : sameName(stated, claimed);
  if (form.confirmOnly && !agrees) return undefined;
  const { followUp: _followUp, ...answer } = open;
  return { ...answer, question, answer: premiseText(question, agrees ? undefined : open.shortAnswer) + open.answer };
}
