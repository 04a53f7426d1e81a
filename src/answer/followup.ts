/**
 * Follow-up questions: when a question leans on the conversation, and what the earlier
 * turn then contributes. The CLI chat, the batch (`"conversation"` lines) and the Telegram
 * bot all call followUpContext / nextTurn; the engine calls resolveFollowUp and
 * preferCited, so there is one rule wherever a question is asked.
 *
 * Callers carry the conversation (followUpContext, nextTurn); the engine decides per question
 * (resolveFollowUp) whether it leans on it: when it is elliptic (isElliptic), or — unless it
 * names a subject of its own (src/answer/subject.ts; 「范廷颂在他的晚年…」 stands alone) — when
 * it refers back with a pronoun (refersBack: 它/他/她/其/该/这, Traditional 牠/該/這, English
 * it/they/he/she…) or leaves its subject out (lacksSubject: 「持续了多少年？」). A follow-up is
 * retrieved with the earlier question's words, but its evidence is ranked by its own words and the
 * conversation's subject only (followUpEvidenceWords).
 *
 * A question is elliptic when ANY of:
 *  1. it starts with a continuation word: 那 / 那么 / 还有 / 另外 / 而 / 其他,
 *     or "and", "what about", "how about", "what of", "same for", "also";
 *  2. it is a Chinese 「…呢？」 question of at most 12 characters (「2022年呢？」);
 *  3. it is short: at most 4 Han characters, or at most 2 Latin words;
 *  4. it lacks content words: after dropping question words, particles and
 *     pronouns, fewer than 2 Han characters and no word of 3+ letters or number remain
 *     (「为什么？」, "why is that?").
 * A self-contained question (e.g. 「北京有多少所高校开设了思政课？」) is sent alone.
 */

import { countHan, hasCjk } from "../lang/script.js";
import { FOLLOW_UP_FUNCTION_WORDS_EN, FOLLOW_UP_FUNCTION_WORDS_ZH } from "../lang/stopwords.js";
import type { RetrievedChunk } from "../retrieve/retriever.js";
import type { QueryWord } from "../search/analyzer.js";
import type { Answer, Chunk, ConversationTurn } from "../types.js";

const ZH_CONTINUATION = /^(那么|那麼|那|还有|還有|另外|而|其他|其它|以及)/u;
const EN_CONTINUATION = /^(and|what about|how about|what of|same for|also|then what)\b/i;
/** Chinese function words removed before judging whether content remains (the list's order is the match order). */
const ZH_FUNCTION = new RegExp(FOLLOW_UP_FUNCTION_WORDS_ZH.join("|"), "gu");

const PUNCTUATION = /[\s\p{P}\p{S}]+/gu;

/**
 * Pronouns that point back, Simplified and Traditional: 它/牠/他/她 (not in 其他/其它/吉他), 其 as "its"
 * (not 其中/其实/其余/其次/尤其/极其/与其), 该/該 before a noun (not 应该), 这/這/此 before a noun or measure word.
 */
const ZH_PRONOUN = /(?<![其吉])[他她它牠祂]|(?<![尤极極与與])其(?![中他它實实余餘次])|(?<![应應])[该該](?=\p{Script=Han})|[这這](?=\p{Script=Han})|(?<![因如从從彼])此(?=[人书書地事项項次])/u;
const EN_PRONOUN = /\b(it|its|they|them|their|he|him|his|she|her)\b/i;

export function isElliptic(question: string): boolean {
  const q = question.trim();
  if (!q) return false;
  if (ZH_CONTINUATION.test(q) || EN_CONTINUATION.test(q)) return true;

  const bare = q.replace(PUNCTUATION, "");
  const hanCount = countHan(bare);
  const words = q.toLowerCase().match(/[a-z]+|\d+/g) ?? [];

  if (/呢[\s\p{P}]*$/u.test(q) && bare.length <= 12) return true;
  if (hanCount > 0 ? hanCount <= 4 && words.length <= 1 : words.length <= 2) return true;

  const hanContent = countHan(bare.replace(ZH_FUNCTION, ""));
  const wordContent = words.filter((w) => /^\d+$/.test(w) || (w.length >= 3 && !FOLLOW_UP_FUNCTION_WORDS_EN.has(w))).length;
  return hanContent < 2 && wordContent === 0;
}

/** Whether the question refers back with a pronoun (「它持续了多少年？」, "When was it founded?"). */
export function refersBack(question: string): boolean {
  return ZH_PRONOUN.test(question) || EN_PRONOUN.test(question);
}

/** A question opening with a verb, adverb, preposition or particle has left its subject out (「在哪一年获得诺贝尔奖？」). */
const PREDICATE_TAG = /^(v|vd|vg|vi|vq|d|ad|p|u[a-z]*)$/;
/** Words that can be a question's own subject: nouns, verbal nouns, abbreviations, names, Latin words, numbers. */
const SUBJECT_TAG = /^(n[a-z]*|vn|j|eng|m)$/;

/** Words of a time adverbial that may open a question before its predicate, besides numbers, measure and time words (jieba m, q, t). */
const TIME_WORD = /^(何时|几时|时|时候|之时|后|以后|之后|前|以前|之前|期间|年间|时期|当时)$/;

/**
 * Whether a question's words open with its predicate: the first word, after a time adverbial (「2007年，被指控的罪名有哪些？」,
 * 「23岁时做了什么？」, 「什么时候正式结束运动生涯？」), is a verb, adverb, preposition or particle.
 */
function opensWithPredicate(words: ReadonlyArray<{ word: string; tag: string }>): boolean {
  const adverbial = (k: number): boolean =>
    k < words.length && (/^[mqt]$/.test(words[k].tag) || TIME_WORD.test(words[k].word) || (words[k].word === "什么" && TIME_WORD.test(words[k + 1]?.word ?? "")));
  let i = 0;
  while (adverbial(i)) i++;
  return i < words.length && PREDICATE_TAG.test(words[i].tag);
}

/** Whether a Chinese question has no subject of its own, from jieba's tags (Analyzer.tag): it opens with a predicate, or has no noun at all. */
export function lacksSubject(tags: ReadonlyArray<{ word: string; tag: string }>): boolean {
  const words = tags.filter((t) => /[\p{L}\p{N}]/u.test(t.word) && !(t.tag === "m" && !/\d/.test(t.word)));
  if (words.length === 0 || !hasCjk(words.map((w) => w.word).join(""))) return false;
  if (opensWithPredicate(words)) return true;
  // jieba tags an unknown word x: a CJK one of 2+ characters is taken as a name. One noun alone is an attribute (「出生地在哪里？」).
  return words.filter((w) => SUBJECT_TAG.test(w.tag) || (w.tag === "x" && w.word.length >= 2)).length <= 1;
}

function asTurn(previous: ConversationTurn | string | undefined): ConversationTurn | undefined {
  if (previous === undefined) return undefined;
  return typeof previous === "string" ? { question: previous } : previous;
}

/** The earlier turn to pass with `question` (AskOptions.context): the conversation so far, unless it is this very question. */
export function followUpContext(question: string, previous: ConversationTurn | string | undefined): ConversationTurn | undefined {
  const turn = asTurn(previous);
  if (!turn || !turn.question.trim() || turn.question.trim() === question.trim()) return undefined;
  return turn;
}

/**
 * The turn a later follow-up leans on after `answer`: a follow-up (answer.followUp) keeps its chain's subject question and
 * moves to the passages just cited (or keeps the earlier ones when it found nothing); a stand-alone question starts a new chain.
 */
export function nextTurn(question: string, context: ConversationTurn | undefined, answer: Pick<Answer, "found" | "citations" | "followUp">): ConversationTurn {
  const cited = answer.found ? answer.citations.map((c) => ({ chunkId: c.chunkId, source: c.source })) : [];
  if (!context || !answer.followUp) return { question, citations: cited };
  return { question: context.question, citations: cited.length ? cited : context.citations ?? [] };
}

/** What the engine knows of a question beyond its text. */
export interface QuestionShape {
  /** It names a subject (src/answer/subject.ts Subjects.named). */
  namesSubject: boolean;
  /** jieba's tags of the question (Analyzer.tag). */
  tags: ReadonlyArray<{ word: string; tag: string }>;
}

/**
 * The engine's decision for an ask with `context`: the turn to use, or undefined when the question stands alone.
 * An elliptic question always leans; one with a pronoun or without a subject leans unless it names a subject of its own.
 */
export function resolveFollowUp(question: string, context: ConversationTurn | string | undefined, shape: QuestionShape): ConversationTurn | undefined {
  const turn = followUpContext(question, context);
  if (!turn) return undefined;
  if (isElliptic(question)) return turn;
  return !shape.namesSubject && (refersBack(question) || lacksSubject(shape.tags)) ? turn : undefined;
}

export interface FollowUpSettings {
  /** Chunks retrieved for a follow-up before the preference re-ranks them (the question alone may rank the cited document low). */
  candidates: number;
  /** Added to the fused retrieval score (about 0..1.2) of a chunk of a document the previous answer cited. */
  documentBonus: number;
  /** Added on top for a chunk the previous answer cited. */
  passageBonus: number;
  /**
   * Weight of the earlier question's words, relative to the half weight the retriever gives them, when the previous
   * answer's citations are known: those passages carry the subject, and its words would pull the answer back to the earlier fact.
   */
  contextWeight: number;
  /** Chunks on either side of a cited one, in its document, that are searched even when the question alone does not retrieve them. */
  neighbours: number;
}

export const DEFAULT_FOLLOW_UP: FollowUpSettings = { candidates: 40, documentBonus: 1, passageBonus: 0.2, contextWeight: 0.5, neighbours: 2 };

/** Names, abbreviations, Latin and unknown words (jieba's tags): a topic of its own, unlike 地方 or 时间. */
const NAME_TAG = /^(nr|ns|nt|nz|j|eng|x)$/;

/** The question's own topics: names and other words tagged NAME_TAG, of 2+ characters, folded. */
export function topicWords(tags: ReadonlyArray<{ word: string; tag: string }>): string[] {
  return tags.filter((t) => t.word.length >= 2 && NAME_TAG.test(t.tag)).map((t) => t.word);
}

/** Where the conversation's cited passages are: chunk ordinals by id, chunk texts, the fold. */
export interface CitedIndex {
  chunks: readonly Chunk[];
  ordinalOf: (chunkId: string) => number | undefined;
  fold: (text: string) => string;
}

/**
 * Whether a follow-up moves on to a topic of its own that the passages just cited lack (「那冬奥会呢？」 after a
 * question about 红色“1+1”): it is then asked without the earlier question's words, which would pull it back.
 */
export function movesOn(turn: ConversationTurn, topics: readonly string[], index: CitedIndex): boolean {
  if (topics.length === 0) return false;
  const cited = (turn.citations ?? []).map((c) => index.ordinalOf(c.chunkId)).filter((o): o is number => o !== undefined);
  const text = index.fold(cited.map((o) => index.chunks[o].text).join("\n"));
  return topics.some((t) => !text.includes(t));
}

/**
 * Retrieved chunks re-ranked for a follow-up: the documents the previous answer cited come first when
 * they match at all, and the passages it cited above them (a cited passage the query missed is added) —
 * unless the question moves on (movesOn), when only the documents are preferred.
 */
export function preferCited(
  retrieved: readonly RetrievedChunk[],
  turn: ConversationTurn,
  index: CitedIndex,
  moved: boolean,
  limit: number,
  settings: FollowUpSettings = DEFAULT_FOLLOW_UP,
): RetrievedChunk[] {
  const cited = turn.citations ?? [];
  if (cited.length === 0) return retrieved.slice(0, limit);
  const sources = new Set(cited.map((c) => c.source));
  const ordinals = cited.map((c) => index.ordinalOf(c.chunkId)).filter((o): o is number => o !== undefined);
  const passages = new Set(moved ? [] : ordinals);
  const list = [...retrieved];
  const present = new Set(list.map((r) => r.ordinal));
  const add = (ordinal: number) => {
    if (present.has(ordinal)) return;
    present.add(ordinal);
    list.push({ ordinal, chunk: index.chunks[ordinal], fused: 0, similarity: 0 });
  };
  // A document's chunks are consecutive ordinals.
  for (const o of ordinals) {
    for (let d = -settings.neighbours; d <= settings.neighbours; d++) {
      const n = o + d;
      if (n >= 0 && n < index.chunks.length && index.chunks[n].source === index.chunks[o].source) add(n);
    }
  }
  const bonus = (r: RetrievedChunk) => (sources.has(r.chunk.source) ? settings.documentBonus : 0) + (passages.has(r.ordinal) ? settings.passageBonus : 0);
  return list
    .map((r) => ({ ...r, fused: r.fused + bonus(r) }))
    .sort((a, b) => b.fused - a.fused || a.ordinal - b.ordinal)
    .slice(0, limit);
}

/**
 * The words a follow-up's evidence is ranked and judged by (its retrieval keeps all of the earlier question's words, which
 * find the document): its own words and the conversation's subject. The subject is what the earlier question named — its
 * names (QueryWord.entity) and the words of its subject phrase (`earlierSubject`, folded: subjectPhrase), numbers aside —
 * and the title of the document its answer cited (`title`, Engine), at least at the title words' own weight. The earlier
 * question's other words asked for the earlier fact: ranking sentences by them quoted the earlier answer again
 * (「它是哪个地方的足球俱乐部？」 after 「地球体育场能容纳多少名观众？」 was answered with the stadium's seats; README, issue 18).
 */
export function followUpEvidenceWords(words: readonly QueryWord[], own: readonly QueryWord[], earlierSubject: string, title: readonly QueryWord[]): QueryWord[] {
  const mine = new Set(own.map((w) => w.text));
  const kept = words.filter((w) => mine.has(w.text) || w.entity || (!w.numeric && earlierSubject.includes(w.text)));
  const at = new Map(kept.map((w, i) => [w.text, i]));
  for (const w of title) {
    const i = at.get(w.text);
    if (i === undefined) {
      at.set(w.text, kept.length);
      kept.push(w);
    } else if (!mine.has(w.text)) {
      kept[i] = { ...kept[i], weight: Math.max(kept[i].weight, w.weight) };
    }
  }
  return kept;
}

/** A pronoun for a person: 他/她 (not 其他, 吉他, nor the plural 他们), he/him/his/she/her. */
const PERSONAL_PRONOUN = /(?<![其吉])[他她](?![们們])|\b(?:he|him|his|she|her)\b/i;

/**
 * Whether a follow-up asks about the person the earlier question named: it says 他/她 (he, she) and the earlier
 * question's subject holds a name — tagged nr by jieba, or an unknown CJK word of 2+ characters (jieba does not know
 * 怀进鹏). The conversation's subject is then that person, not the cited document's title (whose nouns, 「北京市…工程」,
 * would rank the document's lead above the sentence naming the person).
 */
export function asksAboutNamedPerson(question: string, earlierTags: ReadonlyArray<{ word: string; tag: string }>): boolean {
  if (!PERSONAL_PRONOUN.test(question)) return false;
  const end = earlierTags.findIndex((t) => PREDICATE_TAG.test(t.tag));
  return earlierTags.slice(0, end === -1 ? earlierTags.length : end).some((t) => t.tag === "nr" || (t.tag === "x" && t.word.length >= 2 && hasCjk(t.word)));
}

/** The words before a question's first predicate (PREDICATE_TAG), joined: its subject (「红色“1+1”党支部」 of 「红色“1+1”党支部共建活动组织了多少个学生党支部？」). */
export function subjectPhrase(tags: ReadonlyArray<{ word: string; tag: string }>): string {
  const end = tags.findIndex((t) => PREDICATE_TAG.test(t.tag));
  return tags.slice(0, end === -1 ? tags.length : end).map((t) => t.word).join("");
}

/** Scales the weight of the query words that came from the earlier question (not among the question's own words). */
export function scaleContextWords(words: QueryWord[], own: readonly QueryWord[], factor: number): void {
  const mine = new Set(own.map((w) => w.text));
  for (const w of words) if (!mine.has(w.text)) w.weight *= factor;
}
