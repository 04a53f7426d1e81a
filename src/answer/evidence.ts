import { isChromeLine } from "../chunk/chrome.js";
import type { LoadedIndex } from "../index/types.js";
import { chineseRuns, isChinese } from "../lang/script.js";
import { CLAUSE_ENDS, codeUnits, type Span, splitClauses, splitSentences, STOPS } from "../lang/sentences.js";
import { STOP_CHARS } from "../lang/stopwords.js";
import type { RetrievedChunk } from "../retrieve/retriever.js";
import type { Fold } from "../search/fold.js";
import type { QueryWord } from "../search/analyzer.js";
import type { Chunk } from "../types.js";
import type { Evidence } from "./answerer.js";
import type { Citer } from "./cite.js";

export interface EvidenceSettings {
  /** Source characters an excerpt may use (the answer quotes at most about this much). */
  maxChars: number;
  /**
   * An excerpt shorter than this grows by whole neighbouring sentences (within maxChars): the fact
   * a question asks for is often in the sentence after the one that matches its words (or before
   * it, after a pronoun or for a why-question). Measured answer-hit, CMRC 2018 trial / DRCD test:
   * one sentence 0.73 / 0.84 (about 60 characters); grown to 100 → 0.81 / 0.89 (125); to 120 →
   * 0.82 / 0.90 (143); whole chunks (the naive pipeline) answer with about 500.
   */
  minChars: number;
  /**
   * The refusal gate: below this rarity-weighted coverage of the question's words (see
   * rareCoverage) the documents are taken not to answer. Set on test/fixtures/quality/refusal.jsonl
   * (never on benchmark questions): the midpoint between the highest-scoring unanswerable and the
   * lowest-scoring answerable that the other checks let through.
   */
  minCoverage: number;
  /** Retrieved chunks searched for evidence sentences. */
  chunksSearched: number;
  /**
   * Weight of a document's topic words (query words in its lead sentence that recur in it) when
   * ranking that document's sentences: the subject of "X的身体是什么颜色的" matches X's lead
   * sentence, but the answer is where the other words are.
   */
  topicWeight: number;
  /** Weight of the chunk's retrieval score (relative to the best chunk's) in a sentence's score; lexical coverage is worth 1. */
  retrievalWeight: number;
  /** Bonus for a sentence offering the kind of answer asked for (a number, a date, a title next to the question's words). */
  typeWeight: number;
}

export const DEFAULT_EVIDENCE: EvidenceSettings = {
  maxChars: 200, minChars: 120, minCoverage: 0.33, chunksSearched: 8, topicWeight: 0.25, retrievalWeight: 0.7, typeWeight: 0.15,
};

export interface Excerpt extends Span {
  ordinal: number;
  /** Query-word coverage of the excerpt, each word weighted by its rarity in the index (what the refusal gate reads), 0..1. */
  coverage: number;
  /** Ranking score (local-IDF coverage, bigram coverage, retrieval score, answer-type fit). */
  score: number;
  /** The sentence (or clause run) the excerpt was grown from. */
  core: Span;
  /** For how-many, when and role questions: whether the excerpt offers a number, a date or a title next to the question's words (see fitsType). */
  typeFit?: boolean;
  /** Numbers of the question absent from the excerpt's passage, and names absent from every searched passage. */
  missing: string[];
}

/**
 * The refusal gate: the best excerpt must cover enough of the question's words, hold
 * every number the question names, find every proper name it names, and (for how-many
 * and when questions) offer a number or a date of its own.
 */
export function answers(best: Excerpt | undefined, words: QueryWord[], settings: EvidenceSettings = DEFAULT_EVIDENCE): boolean {
  if (!best || words.length === 0) return false;
  return best.coverage >= settings.minCoverage && best.missing.length === 0 && best.typeFit !== false;
}

export type AnswerType = "quantity" | "time" | "person" | "role" | "place" | "thing" | "other";

/** A question word and the category noun after it ("什么时期", "哪些地区", "担任什么职务"): the noun names the kind of answer wanted, not where it is. */
const FRAME = /(?:什么|甚么|哪一?|哪些|何)[个种场部位本家所项条类]?(时间|时候|时期|年代|年份|日期|地方|地区|地点|位置|区域|国家|城市|省份|名字|名称|职务|职位|官职|头衔|职称|人物|身份|特点|特征|作用|用途|功能|区别|不同|危害|影响|意义|好处|优点|缺点|内容|理由|原因|方面|事情|东西|方式|方法|办法|手段|措施|形式|类型|种类|样子|变化)/g;
const ROLE_QUESTION = /(?:什么|甚么|何|哪个|哪些|哪一)(?:职务|职位|官职|头衔|职称)|\bwhat (?:position|title|office)\b/i;
const ROLE_VERBS = new Set(["担任", "出任"]);

/** The kind of answer a (folded) question asks for, from its question word. */
export function answerType(question: string): AnswerType {
  if (/多少|(?<!哪)几[个名所次年位项场天岁种家人万倍届期条座批]?|(?:有|是|为)多[大长高远重久宽深厚]|多[大长高远重久宽深厚](?:呢|[？?])?$|how many|how much|number of/i.test(question)) return "quantity";
  if (/哪一?年|什么时候|何时|哪几?天|几月|什么时间|什么时期|什么年代|哪个朝代|[何哪]一?[时年]|甚么时候|when\b|what year|which year/i.test(question)) return "time";
  if (ROLE_QUESTION.test(question)) return "role";
  if (/谁|哪位|什么人|何人|\bwho\b|\bwhom\b/i.test(question)) return "person";
  if (/哪里|哪儿|何处|什么地方|在哪|何地|哪[个些一]?(?:国家|城市|地区|地方|省份|[国省市县城])|\bwhere\b/i.test(question)) return "place";
  if (/为什么|为何|何故|怎么|怎样|如何|\bwhy\b|\bhow\b/i.test(question)) return "other";
  if (/什么|甚么|哪[个些种本部家所项一]|何[种物]|\bwhat\b|\bwhich\b/i.test(question)) return "thing";
  return "other";
}

/** Kinds of answer the excerpt must visibly offer (a number, a date, a title). */
function typeFitting(type: AnswerType): boolean {
  return type === "quantity" || type === "time" || type === "role";
}

/** The question's words without its frame nouns (什么时期 → 时期; 担任什么职务 → 担任, 职务). */
export function contentWords(words: QueryWord[], question: string): QueryWord[] {
  const frame = new Set([...question.matchAll(FRAME)].map((m) => m[1]));
  if (frame.size === 0) return words;
  const role = ROLE_QUESTION.test(question);
  return words.filter((w) => !frame.has(w.text) && !(role && ROLE_VERBS.has(w.text)));
}

/** Tokens that can answer each kind of question, matched on folded (Simplified, lower-case) text. */
export const TYPE_PATTERNS: Record<AnswerType, RegExp | undefined> = {
  quantity: /\d|[一二三四五六七八九十廿卅百千万亿两半数][余多]?[个名所次年位项场天岁种家人万亿倍支届期条座批件只头部本台辆架艘层米克吨元块斤亩平公里分成]/,
  time: /\d{1,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*[日号]|世纪|年代|[春夏秋冬]季|[朝代纪]|时期|时代|期间|[初中末早晚前]期|[元正一二三四五六七八九十廿卅〇零]{1,4}年|年间|[初末]年|同年|当年|翌年|次年|民国|\b1\d{3}\b|\b20\d{2}\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|century|centuries|decade)\b/,
  person: /[先女]生|教授|主席|总统|书记|部长|院士|作家|之父|国王|皇帝|·|\b(?:mr|mrs|ms|dr|prof|sir)\b/,
  role: /[组部局处科厅省市县区镇村校院馆社会行军师团连舰船机]长|董事长|理事长|秘书长|委员长|书记|主任|主席|委员|总统|总理|首相|经理|总监|总裁|董事|院士|教授|大使|将军|司令|编辑|顾问|议员|法官|代表|主管|领事|[皇帝后王]|\b(?:president|chairman|director|minister|secretary|manager|professor|editor)\b/i,
  place: /[省市县区州国岛山河湖港镇村路街洲]|\b(?:city|town|province|state|county|country|river|island)\b/,
  thing: undefined,
  other: undefined,
};

/** How much of a question word a folded text holds: 1 when whole, else partial credit for its bigrams (3+ chars) or its characters. */
export function wordMatch(foldedText: string, word: QueryWord): number {
  if (foldedText.includes(word.text)) return 1;
  if (word.numeric && word.text.length >= 4 && foldedText.replace(DIGIT_GROUPS, "").includes(word.text)) return 1;
  const w = word.text;
  if (word.numeric || w.length < 2 || !isChinese(w)) return 0;
  let best = 0;
  if (w.length >= 3) {
    let hits = 0;
    for (let i = 0; i + 1 < w.length; i++) if (foldedText.includes(w.slice(i, i + 2))) hits++;
    best = (0.5 * hits) / (w.length - 1);
  }
  let chars = 0;
  let hits = 0;
  for (const ch of w) {
    if (STOP_CHARS.has(ch)) continue;
    chars++;
    if (foldedText.includes(ch)) hits++;
  }
  return chars ? Math.max(best, (0.25 * hits) / chars) : best;
}

/** Weighted share of question words present in folded text (partial credit as in wordMatch). */
export function coverage(foldedText: string, words: QueryWord[]): number {
  let total = 0;
  let got = 0;
  for (const w of words) {
    total += w.weight;
    got += w.weight * wordMatch(foldedText, w);
  }
  return total === 0 ? 0 : got / total;
}

/**
 * Coverage with each word's weight scaled by its rarity^1.5 (IDF in the index, 1 = absent): the refusal
 * gate's measure. A question is about its rare words; missing a common one is paraphrase, missing a
 * rare one ("学分", "总导演" in a corpus without them) means the documents do not say.
 */
export function rareCoverage(foldedText: string, words: QueryWord[]): number {
  let total = 0;
  let got = 0;
  for (const w of words) {
    const weight = w.weight * Math.max(w.rarity ?? 1, 0.05) ** 1.5;
    total += weight;
    got += weight * wordMatch(foldedText, w);
  }
  return total === 0 ? 0 : got / total;
}

/** Question words (what, who, how many …) are removed before taking the question's character bigrams. */
const QUESTION_WORDS = /什么|甚么|多少|哪一|哪些|哪个|哪位|哪里|哪儿|哪|谁|几|怎么|怎样|如何|为什么|为何|是否|是不是|何时|何地|何|吗|呢/g;

/** Character bigrams (single characters for one-character runs), Latin words and numbers of a folded question. */
export function questionBigrams(foldedQuestion: string): string[] {
  const text = foldedQuestion.replace(QUESTION_WORDS, " ");
  const out = new Set<string>();
  for (const run of chineseRuns(text)) {
    if (run.length === 1 && !STOP_CHARS.has(run)) out.add(run);
    for (let i = 0; i + 1 < run.length; i++) {
      const b = run.slice(i, i + 2);
      if (!(STOP_CHARS.has(b[0]) && STOP_CHARS.has(b[1]))) out.add(b);
    }
  }
  for (const w of text.match(/[a-z0-9]+(?:\.[0-9]+)?/g) ?? []) out.add(w);
  return [...out];
}

/** Thousands separators, dropped when comparing numbers ("4,000" is 4000). */
const DIGIT_GROUPS = /(?<=\d),(?=\d{3})/g;

const SHORT_LINE = 40;
const BLANK_LINE = /\n[ \t\u3000\u00a0]*\r?\n/;

/** Page chrome (breadcrumbs, footers) is evidence only when nothing else is. */
const CHROME_FACTOR = 0.3;

/** Rarity (IDF relative to an absent term) above which a shared word makes a preceding sentence related. */
const RARE_WORD = 0.45;

/** A why-question: the cause tends to come before the sentence that matches it. */
const CAUSE_QUESTION = /为什么|为何|原因|何故|\bwhy\b/i;

/** A sentence opening with a pronoun or connective leans on the sentence before it. */
const LEANS_LEFT = /^[「“"'（(《]?(他|她|它|其|该|此|这|故|因此|因而|所以|但|而|并|同时|之后|后来|随后|此后|当时|不过|另外|此外|然而|于是|由于|亦|也|又|再|曾|则|即|[，,、])/;

interface DocText {
  text: string;
  title?: string;
}

interface Candidate {
  hit: RetrievedChunk;
  docKey: string;
  sentences: Span[];
  folded: string[];
  /** match[s][k]: how much of query word k sentence s holds. */
  match: number[][];
  bigrams: boolean[][];
}

/**
 * Chooses the best excerpt in each retrieved chunk and returns them best first.
 *
 * Sentences are ranked by query-word coverage with local IDF weights (a word that
 * occurs in few of the candidate sentences tells them apart; a document's topic words
 * count less inside it), by coverage of the question's character bigrams, by the
 * chunk's retrieval score and by answer-type fit. The best sentence (an over-long one
 * trimmed to its best run of clauses) then grows by whole neighbouring sentences to
 * about minChars, leftwards first when it opens with a pronoun or connective, never
 * beyond maxChars and never to a whole multi-sentence chunk.
 */
export function selectEvidence(
  question: string,
  words: QueryWord[],
  retrieved: RetrievedChunk[],
  docOf: (ordinal: number) => DocText,
  fold: Fold,
  settings: EvidenceSettings = DEFAULT_EVIDENCE,
  /** The sentences of a retrieved chunk (a cache may stand in for splitting it again); never mutated. */
  sentencesOf: (hit: RetrievedChunk, text: string) => readonly Span[] = (hit, text) => splitSentences(text, hit.chunk.start, hit.chunk.end),
): Excerpt[] {
  const foldedQuestion = fold(question);
  const type = answerType(foldedQuestion);
  const typePattern = TYPE_PATTERNS[type];
  words = contentWords(words, foldedQuestion);
  const bigrams = questionBigrams(foldedQuestion);
  const hits = retrieved.slice(0, settings.chunksSearched);
  const topFused = hits[0]?.fused || 1;

  const candidates: Candidate[] = hits.map((hit) => {
    const { text } = docOf(hit.ordinal);
    const sentences = sentencesOf(hit, text).map((s) =>
      s.end - s.start > settings.maxChars ? trimToClauses(text, s, words, fold, settings.maxChars) : s,
    );
    const folded = sentences.map((s) => fold(text.slice(s.start, s.end)));
    return {
      hit, docKey: hit.chunk.source, sentences, folded,
      match: folded.map((f) => words.map((w) => wordMatch(f, w))),
      bigrams: folded.map((f) => bigrams.map((b) => f.includes(b))),
    };
  });

  // Local IDF over all candidate sentences.
  let sentenceCount = 0;
  const wordDf = new Array<number>(words.length).fill(0);
  const bigramDf = new Array<number>(bigrams.length).fill(0);
  for (const c of candidates) {
    sentenceCount += c.sentences.length;
    for (const m of c.match) m.forEach((x, k) => (wordDf[k] += x === 1 ? 1 : 0));
    for (const b of c.bigrams) b.forEach((x, k) => (bigramDf[k] += x ? 1 : 0));
  }
  const idf = (df: number) => Math.log(1 + Math.max(1, sentenceCount) / (1 + df));
  const wordWeight = words.map((w, k) => w.weight * idf(wordDf[k]));
  const bigramWeight = bigrams.map((_, k) => idf(bigramDf[k]));
  const bigramTotal = bigramWeight.reduce((a, b) => a + b, 0) || 1;

  const topics = topicWords(candidates, words, docOf, fold);
  // A name none of whose character pairs occurs in any searched passage ("上海市" in a corpus about Beijing).
  const absentNames = words.filter((w) => w.entity && !candidates.some((c) => c.folded.some((f) => wordMatch(f, w) >= 0.2))).map((w) => w.text);
  const excerpts: Excerpt[] = [];
  for (const c of candidates) {
    const { text } = docOf(c.hit.ordinal);
    const topic = topics.get(c.docKey)!;
    const weights = wordWeight.map((w, k) => (topic[k] ? w * settings.topicWeight : w));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const retrieval = settings.retrievalWeight * (c.hit.fused / topFused);
    let best = -1;
    let bestScore = -Infinity;
    c.sentences.forEach((_, i) => {
      const wordCov = c.match[i].reduce((sum, x, k) => sum + x * weights[k], 0) / total;
      const bigramCov = c.bigrams[i].reduce((sum, x, k) => sum + (x ? bigramWeight[k] : 0), 0) / bigramTotal;
      const typeFit = typePattern && fitsType(c.folded[i], words, typePattern, reachOf(type)) ? settings.typeWeight : 0;
      const score = (0.6 * wordCov + 0.4 * bigramCov + retrieval + typeFit) * (c.hit.chunk.chrome ? CHROME_FACTOR : 1);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    if (best === -1) continue;
    const { list, first } = withNeighbours(text, c.hit.chunk, c.sentences, settings.maxChars);
    // For how-many, when and role questions, a neighbour holding a number, date or title is taken before any other.
    const holds = typeFitting(type)
      ? (k: number) => { const f = fold(text.slice(list[k].start, list[k].end)); return typePattern!.test(stripWords(f, words)); }
      : undefined;
    // A preceding sentence is worth reading first only if it shares a rare question word with the question.
    const related = (k: number) => {
      const f = fold(text.slice(list[k].start, list[k].end));
      return words.some((w) => !w.numeric && w.text.length >= 2 && (w.rarity ?? 1) >= RARE_WORD && f.includes(w.text));
    };
    const [lo, hi] = grow(text, list, first, first + c.sentences.length - 1, first + best, LEANS_LEFT.test(c.folded[best]) || CAUSE_QUESTION.test(foldedQuestion), settings, holds, related);
    const span = { start: list[lo].start, end: list[hi].end };
    const raw = text.slice(span.start, span.end);
    const folded = fold(raw);
    // Years and other long numbers must be in the passage ("2024年…" is not answered by a 2023 fact); short ones may be written in words.
    const plain = (folded + c.folded.join("")).replace(DIGIT_GROUPS, "");
    const missing = [...words.filter((w) => w.numeric && w.text.replace(".", "").length >= 3 && !plain.includes(w.text)).map((w) => w.text), ...absentNames];
    const typeFit = typeFitting(type) ? fitsType(folded, words, typePattern!, reachOf(type)) : undefined;
    excerpts.push({
      ...span, ordinal: c.hit.ordinal, coverage: rareCoverage(folded, words), score: bestScore, core: c.sentences[best], missing,
      ...(typeFit === undefined ? {} : { typeFit }),
    });
  }
  return excerpts.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal);
}

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
    if (i < folded.length && !SENTENCE_END.has(folded.charCodeAt(i))) continue;
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
// ends at STOPS or a newline, not at an ellipsis (see ELLIPSIS in lang/sentences.ts).
const SENTENCE_END = codeUnits(STOPS + "\n");
const CLAUSE_END = codeUnits(CLAUSE_ENDS);

/** How far (in clauses) a number may be from the question's words; dates and titles may be anywhere in the sentence. */
function reachOf(type: AnswerType): number {
  return type === "quantity" ? 1 : Infinity;
}

/** The text with the question's own words blanked out, so a type check sees only what the question does not already say. */
function stripWords(folded: string, words: QueryWord[]): string {
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

/**
 * Per document: which query words are its topic — in its title or lead sentence and
 * present in at least two of its candidate sentences.
 */
function topicWords(candidates: Candidate[], words: QueryWord[], docOf: (ordinal: number) => DocText, fold: Fold): Map<string, boolean[]> {
  const out = new Map<string, boolean[]>();
  const byDoc = new Map<string, Candidate[]>();
  for (const c of candidates) byDoc.set(c.docKey, [...(byDoc.get(c.docKey) ?? []), c]);
  for (const [key, list] of byDoc) {
    const doc = docOf(list[0].hit.ordinal);
    const lead = splitSentences(doc.text, 0, Math.min(doc.text.length, 1000)).find((x) => !isChromeLine(doc.text.slice(x.start, x.end)));
    const head = fold(`${doc.title ?? ""}\n${lead ? doc.text.slice(lead.start, lead.end) : ""}`);
    out.set(key, words.map((w, k) => {
      if (!head.includes(w.text)) return false;
      let count = 0;
      for (const c of list) for (const m of c.match) if (m[k] === 1) count++;
      return count >= 2;
    }));
  }
  return out;
}

/**
 * The chunk's sentences with the document's sentences just before and after the chunk
 * (an excerpt may cross a chunk boundary, e.g. to take in a heading), skipping page chrome.
 */
function withNeighbours(text: string, chunk: Span, sentences: Span[], reach: number): { list: Span[]; first: number } {
  const from = Math.max(0, chunk.start - reach);
  const to = Math.min(text.length, chunk.end + reach);
  const before = splitSentences(text, from, chunk.start);
  if (from > 0) before.shift(); // may start mid-sentence
  const after = splitSentences(text, chunk.end, to);
  if (to < text.length) after.pop(); // may end mid-sentence
  const usable = (s: Span) => !isChromeLine(text.slice(s.start, s.end));
  const left: Span[] = [];
  for (let i = before.length - 1; i >= 0 && usable(before[i]); i--) left.unshift(before[i]);
  const right: Span[] = [];
  for (const s of after) {
    if (!usable(s)) break;
    right.push(s);
  }
  return { list: [...left, ...sentences, ...right], first: left.length };
}

/**
 * Grows sentence i by whole neighbours to about minChars (leftwards first after a pronoun),
 * within maxChars, never to exactly the whole chunk [chunkFirst, chunkLast] of several sentences.
 */
function grow(
  text: string, sentences: Span[], chunkFirst: number, chunkLast: number, i: number, leansLeft: boolean, settings: EvidenceSettings,
  holds?: (k: number) => boolean,
  related?: (k: number) => boolean,
): [number, number] {
  let lo = i;
  let hi = i;
  const length = (a: number, b: number) => sentences[b].end - sentences[a].start;
  const whole = (a: number, b: number) => a === chunkFirst && b === chunkLast && chunkLast > chunkFirst;
  // Across a blank line only to or from a heading-like line (short, a line of its own, not ending a sentence: a heading, a
  // date or source line) and the paragraph next to it; otherwise an excerpt stays in its paragraph (a short sentence at the
  // end or start of a paragraph does not pull in the neighbouring paragraph).
  const heading = (k: number) => {
    const { start, end } = sentences[k];
    if (end - start > SHORT_LINE || /[。！？!?；;…][”’」』）)"']*$/.test(text.slice(start, end))) return false;
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const lineEnd = text.indexOf("\n", end);
    return text.slice(lineStart, start).trim() === "" && text.slice(end, lineEnd === -1 ? text.length : lineEnd).trim() === "";
  };
  const joined = (a: number, b: number) => !BLANK_LINE.test(text.slice(sentences[a].end, sentences[b].start)) || heading(a) || heading(b);
  const fits = (a: number, b: number) => length(a, b) <= settings.maxChars && !whole(a, b) && (a === lo ? joined(hi, b) : joined(a, lo));
  if (leansLeft && lo > 0 && fits(lo - 1, hi)) lo--;
  if (holds && !holds(i) && !(lo < i && holds(lo))) {
    if (hi + 1 < sentences.length && fits(lo, hi + 1) && holds(hi + 1)) hi++;
    else if (lo > 0 && fits(lo - 1, hi) && holds(lo - 1)) lo--;
  }
  while (length(lo, hi) < settings.minChars) {
    if (hi + 1 < sentences.length && fits(lo, hi + 1)) hi++;
    // Reading backwards puts an unrelated sentence before the answer: only for a fragment, or when the sentence leans left.
    else if (lo > 0 && fits(lo - 1, hi) && (leansLeft || length(lo, hi) < MIN_EXCERPT || related?.(lo - 1))) lo--;
    else break;
  }
  return [lo, hi];
}

/** The contiguous clauses of a long sentence that best cover the question, within maxChars. */
function trimToClauses(text: string, sentence: Span, words: QueryWord[], fold: Fold, maxChars: number): Span {
  const clauses = splitClauses(text, sentence);
  if (clauses.length <= 1) return { start: sentence.start, end: Math.min(sentence.end, safeEnd(text, sentence.start + maxChars)) };
  const covOf = (a: number, b: number) => coverage(fold(text.slice(clauses[a].start, clauses[b].end)), words);
  let bestIdx = 0;
  let bestCov = -1;
  clauses.forEach((_, i) => {
    const c = covOf(i, i);
    if (c > bestCov) {
      bestCov = c;
      bestIdx = i;
    }
  });
  let lo = bestIdx;
  let hi = bestIdx;
  let current = bestCov;
  for (;;) {
    const canLeft = lo > 0 && clauses[hi].end - clauses[lo - 1].start <= maxChars;
    const canRight = hi < clauses.length - 1 && clauses[hi + 1].end - clauses[lo].start <= maxChars;
    if (!canLeft && !canRight) break;
    const left = canLeft ? covOf(lo - 1, hi) : -1;
    const right = canRight ? covOf(lo, hi + 1) : -1;
    const gain = Math.max(left, right) - current;
    // Grow while it adds coverage, or while the excerpt is too short to read on its own; facts tend to follow their topic, so prefer the right.
    if (gain <= 0.005 && clauses[hi].end - clauses[lo].start >= MIN_EXCERPT) break;
    if (right >= left) hi++;
    else lo--;
    current = Math.max(current, Math.max(left, right));
  }
  const span = { start: clauses[lo].start, end: clauses[hi].end };
  return span.end - span.start > maxChars ? { start: span.start, end: safeEnd(text, span.start + maxChars) } : span;
}

/** An excerpt shorter than this reads as a fragment; clause trimming grows at least this far. */
const MIN_EXCERPT = 60;

function safeEnd(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}

// ---------------------------------------------------------------------------
// From retrieved chunks to the evidence an answerer is given

/** Chunks whose sentence spans are kept (about 1 KB each). */
const SENTENCE_CACHE_CHUNKS = 4096;

/** Sentences of a chunk, split once and kept for the most recently used chunks. */
export class SentenceCache {
  private readonly spans = new Map<number, readonly Span[]>();

  constructor(private readonly chunks: readonly Chunk[], private readonly capacity = SENTENCE_CACHE_CHUNKS) {}

  /** The sentences of chunk `ordinal`, whose document text is `text`; never mutate them. */
  sentences(ordinal: number, text: string): readonly Span[] {
    let spans = this.spans.get(ordinal);
    if (spans) {
      this.spans.delete(ordinal); // re-inserted below: Map order is recency
    } else {
      const chunk = this.chunks[ordinal];
      spans = splitSentences(text, chunk.start, chunk.end);
      if (this.spans.size >= this.capacity) this.spans.delete(this.spans.keys().next().value!);
    }
    this.spans.set(ordinal, spans);
    return spans;
  }
}

/** The best excerpt plus others that are nearly as good, from different places, up to k. */
export function supporting(excerpts: readonly Excerpt[], k: number, settings: EvidenceSettings = DEFAULT_EVIDENCE): Excerpt[] {
  const best = excerpts[0];
  const chosen: Excerpt[] = [best];
  for (const e of excerpts.slice(1)) {
    if (chosen.length >= k) break;
    if (e.coverage >= settings.minCoverage && e.score >= best.score * 0.6) chosen.push(e);
  }
  return chosen;
}

export interface SelectedEvidence {
  /** Whether the documents answer the question (the refusal gate, see `answers`). */
  found: boolean;
  /** Up to k pieces of evidence, best first, each citing its excerpt; empty when not found. */
  evidence: Evidence[];
}

/**
 * Evidence for a question from its retrieved chunks: the best excerpt of each
 * (selectEvidence, over cached sentence splits), the refusal gate, and the
 * supporting excerpts as cited evidence.
 */
export class EvidenceSelector {
  private readonly sentences: SentenceCache;

  constructor(
    private readonly index: Pick<LoadedIndex, "docs" | "chunks" | "chunkDoc">,
    private readonly citer: Citer,
    private readonly fold: Fold,
    private readonly settings: EvidenceSettings = DEFAULT_EVIDENCE,
  ) {
    this.sentences = new SentenceCache(index.chunks);
  }

  select(question: string, words: QueryWord[], retrieved: RetrievedChunk[], k: number): SelectedEvidence {
    const { index, settings } = this;
    const excerpts = selectEvidence(question, words, retrieved, (o) => index.docs[index.chunkDoc[o]], this.fold, settings,
      (hit, text) => this.sentences.sentences(hit.ordinal, text));
    if (!answers(excerpts[0], words, settings)) return { found: false, evidence: [] };
    const similarity = new Map(retrieved.map((r) => [r.ordinal, r.similarity]));
    return { found: true, evidence: supporting(excerpts, k, settings).map((e) => this.toEvidence(e, similarity.get(e.ordinal) ?? 0)) };
  }

  private toEvidence(e: Excerpt, similarity: number): Evidence {
    const chunk = this.index.chunks[e.ordinal];
    const score = round4(Math.min(1, 0.7 * e.coverage + 0.3 * Math.max(0, similarity)));
    return {
      citation: this.citer.cite(this.index.chunkDoc[e.ordinal], e.start, e.end, score, chunk.id),
      passage: chunk.text,
      passageStart: chunk.start,
      passageEnd: chunk.end,
      score: e.score,
    };
  }
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
