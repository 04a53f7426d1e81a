import { isChromeLine } from "../chunk/chrome.js";
import { type Section, sectionAt } from "../ingest/extract/types.js";
import { ENGLISH_TYPE_PATTERNS, englishKind, hasEnglishWord, namesName, offersEnglish, questionNames, spellsOut, withoutDates } from "../lang/english.js";
import { chineseRuns, isChinese } from "../lang/script.js";
import { charClass, CLOSERS, RARE_STOPS, SENTENCE_ENDS, type Span, splitClauses, splitSentences } from "../lang/sentences.js";
import { STOP_CHARS } from "../lang/stopwords.js";
import type { RetrievedChunk } from "../retrieve/retriever.js";
import type { Fold } from "../search/fold.js";
import type { QueryWord } from "../search/analyzer.js";
import { answerType, type AnswerType, contentWords, fitsType, isYesNoQuestion, reachOf, stripWords, TYPE_PATTERNS, typeFitting } from "./answer-type.js";
import { columnCell, rowHeader } from "./table.js";

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
   * rareCoverage) the documents are taken not to answer — by the legacy gate only (answer/gate.ts). Set on a fixture since removed
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
  /** Query-word coverage of the excerpt (for an English question, with its document's title), each word weighted by its rarity in the index (what the refusal gate reads), 0..1. */
  coverage: number;
  /** Ranking score (local-IDF coverage, bigram coverage, retrieval score, answer-type fit). */
  score: number;
  /** The sentence (or clause run) the excerpt was grown from. */
  core: Span;
  /** For how-many, when and role questions: whether the excerpt offers a number, a date or a title next to the question's words (see fitsType). */
  typeFit?: boolean;
  /** Numbers of the question absent from the excerpt's passage, and names absent from every searched passage. */
  missing: string[];
  /** When the core is a table row: the cell under the column the question names (table.ts columnCell), source offsets. */
  cell?: Span;
  /**
   * Present when the excerpt starts or ends inside a sentence: a sentence too long to quote whole is quoted as its best run
   * of clauses (trimToClauses), which the answer marks with an ellipsis on that side. The offsets are exact either way.
   */
  clipped?: Clipped;
}

/** Which ends of an excerpt fall inside a sentence. */
export interface Clipped {
  start: boolean;
  end: boolean;
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

/**
 * How much of a question word a folded text holds: 1 when whole, else partial credit for its bigrams
 * (3+ chars) or its characters; the best of its forms when it has alternatives (a translated word).
 * An English word is found at the start of a word (lang/english.ts hasEnglishWord).
 */
export function wordMatch(foldedText: string, word: QueryWord): number {
  if (!word.alternatives) return formMatch(foldedText, word);
  let best = formMatch(foldedText, word);
  for (const text of word.alternatives) if (best < 1) best = Math.max(best, formMatch(foldedText, { ...word, text }));
  return best;
}

function formMatch(foldedText: string, word: QueryWord): number {
  if (LATIN_WORD.test(word.text)) return hasEnglishWord(foldedText, word.text) ? 1 : 0;
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

/** Question words (what, who, how many …) are removed before taking the question's character bigrams (and its pieces, gate.ts). */
export const QUESTION_WORDS = /什么|甚么|多少|哪一|哪些|哪个|哪位|哪里|哪儿|哪|谁|几|怎么|怎样|如何|为什么|为何|是否|是不是|何时|何地|何|吗|呢/g;

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

/**
 * Score bonus for a sentence writing out the acronym a what-does-it-stand-for question asks about (as much as covering
 * every question word): as the type bonus alone it lost to sentences of better-ranked chunks naming the acronym ("the
 * standard plural of VAX was 'vaxen'" over "[from Virtual Address eXtension]").
 */
const SPELLED_WEIGHT = 1;

/** A stemmed English word (the analyzer's Latin words); numbers and Chinese words match as substrings. */
const LATIN_WORD = /^[a-z][a-z\u00c0-\u024f]*$/;

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
/** An English question asking why (by its first word: "Who wrote \"Why Pascal is Not …\"?" asks who). */
const WHY_EN = /^\W*why\b/i;

/** A sentence opening with a pronoun or connective (他, 此后; This, He, With this) leans on the sentence before it. */
/** An anaphor inside a sentence that names what an earlier sentence said (「…由此被送进」, 「天主教会称之为…」). */
const REFERS_BACK = /由此|称之为|称其为|誉之为|视之为|对此|为此/;
const LEANS_LEFT = /^[「“"'（(《]?(他|她|它|其|该|此|这|故|因此|因而|所以|但|而|并|同时|之后|后来|随后|此后|当时|不过|另外|此外|然而|于是|由于|亦|也|又|再|曾|则|即|同年|翌年|次年|当年|是年|\d{1,2}\s*月|[，,、])|^["'“(]?(?:this|these|those|he|she|they|his|her|their|its|with this|in this)\b/;

/**
 * An English sentence naming its subject by a pronoun or "this …" ("This release introduced …", "It is quite possibly the
 * most bug-ridden …"): what it is about stands in the sentence before, which the answer needs.
 */
const ANAPHOR_EN = /^["'“(]?(?:this|these|those|it|he|she|they|his|her|their|its|(?:with|in|for|by|after|at|from) (?:this|these|that|it)|this is)\b/;
/** ANAPHOR_EN as written (unfolded), for a line of the text. */
const ANAPHOR_LINE = new RegExp(ANAPHOR_EN.source, "i");

/** A paragraph's opening naming its subject by a definite noun ("The release was frozen on June 30, 2012"). */
const DEFINITE_EN = /^the (?:new |same )?[a-z]+ (?:was|were|is|are|has|had)\b/;

/** Whether an English sentence (folded) names its subject by a pronoun, "this …" or, opening a paragraph, "the …". */
function refersBack(folded: string): boolean {
  return ANAPHOR_EN.test(folded) || DEFINITE_EN.test(folded);
}

/**
 * The paragraph before the one that `start` opens, when it is one sentence (a lead line: "Debian 7.0 Wheezy (May 2013): named
 * for the rubber toy penguin …" before "The release was frozen on June 30, 2012 …"); undefined when `start` opens no
 * paragraph, or the paragraph before is longer, a heading or missing.
 */
function leadLineBefore(text: string, start: number): Span | undefined {
  const before = text.slice(Math.max(0, start - 40), start);
  const gap = PARAGRAPH_GAP.exec(before);
  if (!gap || before.slice(0, gap.index).trim() === "") return undefined;
  const end = start - before.length + gap.index;
  const from = Math.max(0, end - SENTENCE_REACH);
  let paragraph = from;
  for (const m of text.slice(from, end).matchAll(BLANK_LINES)) paragraph = from + m.index! + m[0].length;
  const spans = splitSentences(text, paragraph, end);
  if (spans.length !== 1 || isHeading(text, spans[0])) return undefined;
  return spans[0];
}

/** A blank line and the indent after it, at the end of a text: what stands between a paragraph and the next. */
const PARAGRAPH_GAP = /\n[ \t\u00a0]*\r?\n[ \t\u00a0\r\n]*$/;

interface DocText {
  text: string;
  title?: string;
  sections?: readonly Section[];
}

interface Candidate {
  hit: RetrievedChunk;
  docKey: string;
  /** The chunk's sentences, an over-long one as its best run of clauses. */
  sentences: Span[];
  /** The chunk's whole sentences (a chunk edge inside a sentence widened to the document's sentence). */
  whole: readonly Span[];
  folded: string[];
  /** headers[s]: the header row of the table sentence s is a row of (table.ts rowHeader), whose words count as the row's. */
  headers: (Span | undefined)[];
  /** spelled[s]: whether sentence s writes out an acronym of a what-does-it-stand-for question ("[Request For Comment]" for RFC). */
  spelled: boolean[];
  /** match[s][k]: how much of query word k sentence s holds (with its table header, and an English sentence with its subject). */
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
  /**
   * What the question requires a sentence to speak of (a day it names relative to today, answer/relative-day.ts), on folded
   * text: a chunk's best sentence is one that does, when it has any.
   */
  required?: (folded: string) => boolean,
): Excerpt[] {
  const foldedQuestion = fold(question);
  const type = answerType(foldedQuestion);
  const yesNo = isYesNoQuestion(foldedQuestion);
  words = contentWords(words, foldedQuestion);
  // "What does RFC stand for?" asks about RFC: "stand for" frames the question ("standards" is no answer to it).
  if (!isChinese(question) && STANDS_FOR.test(question)) words = words.filter((w) => !STANDS_FOR_WORDS.has(w.text));
  const check = typeCheck(question, type, words);
  const english = !isChinese(question);
  const bigrams = questionBigrams(foldedQuestion);
  const hits = retrieved.slice(0, settings.chunksSearched);
  const topFused = hits[0]?.fused || 1;

  // What an acronym stands for is its words written out: a sentence that writes out the question's acronym offers that kind of answer.
  // (As a match of the acronym's word for every question, the spelled-out words outranked sentences naming it: held out 0.667 → 0.658.)
  const acronyms = english && STANDS_FOR.test(question) ? questionNames(question).flatMap((n) => n.split(/\s+/)).filter((t) => /^\p{Lu}{2,}$/u.test(t)) : [];
  const candidates: Candidate[] = hits.map((hit) => {
    const { text } = docOf(hit.ordinal);
    const whole = wholeSentences(text, sentencesOf(hit, text), hit.chunk);
    const sentences = whole.map((s) =>
      s.end - s.start > longest(text, s, settings.maxChars) ? trimToClauses(text, s, words, fold, longest(text, s, settings.maxChars), hit.chunk) : s,
    );
    const folded = sentences.map((s) => fold(text.slice(s.start, s.end)));
    // A table row is read with its header, which names what its cells are: "capital" is said of 「Norway,Oslo,5500000」 by
    // 「name,capital,population」, so the row, not the header alone, holds both words of "What is the capital of Norway?".
    const headers = sentences.map((s) => rowHeader(text, s.start, hit.chunk.source));
    const heads = headers.map((h) => (h ? fold(text.slice(h.start, h.end)) : ""));
    // An English entry's sentences leave out their headword: the article's title and the section's heading are their subject.
    // A paragraph opening with "This release …" or "The release was frozen …" after a lead line is about what the lead line names.
    const subjects = english ? sentences.map((s, i) => {
      const lead = refersBack(folded[i]) ? leadLineBefore(text, s.start) : undefined;
      return fold(`${impliedSubject(docOf(hit.ordinal), s.start)}${lead ? `\n${text.slice(lead.start, lead.end)}` : ""}`);
    }) : [];
    return {
      hit, docKey: hit.chunk.source, sentences, whole, folded, headers,
      spelled: sentences.map((s) => acronyms.some((a) => spellsOut(text.slice(s.start, s.end), a))),
      match: folded.map((f, i) => words.map((w) => Math.max(wordMatch(f, w), heads[i] ? wordMatch(heads[i], w) : 0, english ? wordMatch(subjects[i], w) : 0))),
      bigrams: folded.map((f, i) => bigrams.map((b) => f.includes(b) || (heads[i] !== "" && heads[i].includes(b)) || (english && subjects[i].includes(b)))),
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
  // An English question's names likewise ("Who designed Prolog?" over documents that never name Prolog; "BASIC" is not "the basics").
  // Looked for in the passage, the text before it and the document's head, where prose names its subject once.
  if (english) {
    const around = candidates.map((c) => {
      const doc = docOf(c.hit.ordinal);
      return `${doc.title ?? ""}\n${doc.text.slice(0, NAME_LEAD)}\n${doc.text.slice(Math.max(NAME_LEAD, c.hit.chunk.start - NAME_LEAD), c.hit.chunk.end)}`;
    });
    absentNames.push(...questionNames(question).filter((n) => !around.some((t) => namesName(t, n))));
  }
  const versions = english ? versionNumbers(question) : new Set<string>();
  const excerpts: Excerpt[] = [];
  /** The header row over each excerpt's core, when it is a table row. */
  const headerOf = new Map<Excerpt, Span>();
  for (const c of candidates) {
    const { text } = docOf(c.hit.ordinal);
    const topic = topics.get(c.docKey)!;
    const weights = wordWeight.map((w, k) => (topic[k] ? w * settings.topicWeight : w));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const retrieval = settings.retrievalWeight * (c.hit.fused / topFused);
    // The title is quoted only for a question about it; a heading only when it says more than the question's words
    // (「教育部简报〔2023〕第1期」, 「(责任编辑:曹建)」 are lines of their own, and answers; 「Soft Keywords」 is not), or
    // confirms a yes/no question that says all it says (「责任编辑是曹建吗？」).
    const title = docOf(c.hit.ordinal).title;
    const headings = c.sentences.map((s) => isHeading(text, s));
    const scores = c.sentences.map((s, i) => {
      if (isTitle(text, s, title) ? !TITLE_QUESTION.test(foldedQuestion) : headings[i] && !yesNo && !saysMore(c.folded[i], words)) return -Infinity;
      const wordCov = c.match[i].reduce((sum, x, k) => sum + x * weights[k], 0) / total;
      const bigramCov = c.bigrams[i].reduce((sum, x, k) => sum + (x ? bigramWeight[k] : 0), 0) / bigramTotal;
      // A sentence writing out the acronym asked about is the answer to what it stands for, wherever retrieval ranked its chunk.
      const typeFit = c.spelled[i] ? SPELLED_WEIGHT : check?.fits(text.slice(c.sentences[i].start, c.sentences[i].end), c.folded[i]) ? settings.typeWeight : 0;
      const near = english ? settings.typeWeight * proximity(c.folded[i], words, c.match[i]) : 0;
      return (0.6 * wordCov + 0.4 * bigramCov + retrieval + typeFit + near) * (c.hit.chunk.chrome ? CHROME_FACTOR : 1);
    });
    const speaks = required ? c.folded.map((f, i) => scores[i] > -Infinity && required(f)) : [];
    const eligible = (i: number) => !speaks.includes(true) || speaks[i];
    let best = -1;
    scores.forEach((score, i) => {
      if (score > -Infinity && eligible(i) && (best === -1 || score > scores[best])) best = i;
    });
    if (best === -1) continue;
    if (headings[best] && !isTitle(text, c.sentences[best], title)) best = underHeading(c, best, headings, scores, words) ?? best;
    const bestScore = scores[best];
    const region = { start: c.whole[0].start, end: c.whole[c.whole.length - 1].end };
    const { list, first } = withNeighbours(text, region, c.sentences, settings.maxChars);
    // For how-many, when and role questions, a neighbour holding a number, date or title is taken before any other.
    const holds = check?.gate
      ? (k: number) => { const raw = text.slice(list[k].start, list[k].end); return check.holds(raw, fold(raw)); }
      : undefined;
    // A preceding sentence is worth reading first only if it shares a rare question word with the question.
    const related = (k: number) => {
      const f = fold(text.slice(list[k].start, list[k].end));
      return words.some((w) => !w.numeric && w.text.length >= 2 && (w.rarity ?? 1) >= RARE_WORD && f.includes(w.text));
    };
    const [lo, hi] = grow(text, list, first, first + c.sentences.length - 1, first + best, LEANS_LEFT.test(c.folded[best]) || REFERS_BACK.test(c.folded[best]) || (!english && CAUSE_QUESTION.test(foldedQuestion)), settings, {
      holds, related, singleNewlines: singleNewlineParagraphs(docOf(c.hit.ordinal)), title: docOf(c.hit.ordinal).title, wholeChunk: english, ...(english && WHY_EN.test(question) ? { reach: LONG_SENTENCE * settings.maxChars } : {}),
      antecedent: english && (ANAPHOR_EN.test(c.folded[best]) || (refersBack(c.folded[best]) && leadLineBefore(text, c.sentences[best].start) !== undefined)),
    });
    const span = { start: list[lo].start, end: list[hi].end };
    // Neighbours are whole sentences; the chunk's own may be clause runs of a longer one.
    const own = (k: number) => (k >= first && k < first + c.sentences.length ? k - first : -1);
    const clipped = {
      start: own(lo) !== -1 && c.sentences[own(lo)].start > c.whole[own(lo)].start,
      end: own(hi) !== -1 && c.sentences[own(hi)].end < c.whole[own(hi)].end,
    };
    const raw = text.slice(span.start, span.end);
    const folded = fold(raw);
    // Years and other long numbers must be in the passage ("2024年…" is not answered by a 2023 fact); short ones may be written in words.
    // A table row's header names what its cells are (「2024年」 over 「| 员工人数 | 1200人 | 1350人 |」): part of its passage.
    const table = columnCell(text, c.sentences[best].start, foldedQuestion, fold);
    const cell = table && table.cell.start >= span.start && table.cell.end <= span.end ? table.cell : undefined;
    const header = cell ? fold(text.slice(table!.header.start, table!.header.end)) : "";
    const plain = (folded + c.folded.join("") + header).replace(DIGIT_GROUPS, "");
    // A version is named once, where its paragraph starts ("Debian 3.1 Sarge (6 June 2005): … This release features a new installer").
    const versionContext = () => `${plain}\n${fold(paragraphOf(text, span))}`;
    const missing = [
      ...words.filter((w) => w.numeric && (w.text.replace(".", "").length >= 3 ? !plain.includes(w.text) : versions.has(w.text) && !wholeNumber(w.text).test(versionContext()))).map((w) => w.text),
      ...absentNames,
    ];
    const typeFit = check?.gate ? check.fits(raw, folded) : undefined;
    // English prose names an article's subject in its title and goes on with she, it or this: the title's words count as the
    // excerpt's for coverage ("She wrote the first program …" in "Ada Lovelace"). Measured (bench-english): answer-hit first set
    // 0.853 → 0.860, held out 0.650 → 0.675, dev 0.951 → 0.976; dev unanswerable refused 0.800 → 0.767.
    const excerpt: Excerpt = {
      ...span, ordinal: c.hit.ordinal, coverage: rareCoverage(english ? `${folded}\n${fold(impliedSubject(docOf(c.hit.ordinal), c.sentences[best].start))}` : folded, words), score: bestScore, core: c.sentences[best], missing,
      ...(typeFit === undefined ? {} : { typeFit }), ...(cell ? { cell } : {}),
      ...(clipped.start || clipped.end ? { clipped } : {}),
    };
    excerpts.push(excerpt);
    if (c.headers[best]) headerOf.set(excerpt, c.headers[best]!);
  }
  // Two chunks holding one long sentence (the chunker cut it) may yield the same excerpt: it is quoted once.
  const seen = new Set<string>();
  const sources = new Map(hits.map((h) => [h.ordinal, h.chunk.source]));
  // A table's header holds no value of its own: beside a row of its table, which is read with it, it is not quoted.
  const quotedHeaders = [...headerOf].map(([e, h]) => ({ source: sources.get(e.ordinal), ...h }));
  const isQuotedHeader = (e: Excerpt) => quotedHeaders.some((h) => h.source === sources.get(e.ordinal) && e.core.start >= h.start && e.core.end <= h.end);
  return excerpts.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal).filter((e) => {
    const key = `${sources.get(e.ordinal)}\u0000${e.start}\u0000${e.end}`;
    if (seen.has(key) || isQuotedHeader(e)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A heading names its section's topic and the paragraph under it says what there is to say («票价调整» then
 * 「自3月1日起，地铁起步票价由2元调整为3元…」): when the best sentence is a heading, the best-scoring sentence of
 * its section that holds one of the question's words the heading holds answers instead. A heading stays the answer
 * when nothing under it shares its words (「教育部简报〔2023〕第1期」 over a paragraph about something else).
 */
function underHeading(c: Candidate, heading: number, headings: boolean[], scores: number[], words: QueryWord[]): number | undefined {
  // The words the lines write themselves (not an English sentence's subject, which its section's lines share).
  const says = (i: number, k: number) => wordMatch(c.folded[i], words[k]) === 1;
  const shared = words.flatMap((_, k) => (says(heading, k) ? [k] : []));
  let best: number | undefined;
  for (let i = heading + 1; i < c.sentences.length && !headings[i]; i++) {
    if (scores[i] === -Infinity || !shared.some((k) => says(i, k))) continue;
    if (best === undefined || scores[i] > scores[best]) best = i;
  }
  return best;
}

/**
 * The numbers of an English question that name a version or a model ("Debian 12", "Python 2", "version 1.5"): never
 * written in words, so the passage must hold them as they are, however short. Other short numbers may be spelt out.
 */
function versionNumbers(question: string): Set<string> {
  const out = new Set<string>();
  for (const m of question.matchAll(/\b[A-Z][A-Za-z]*\s+(\d+(?:\.\d+)*)\b|\b(\d+\.\d+(?:\.\d+)*)\b/g)) out.add(m[1] ?? m[2]);
  return out;
}

/** The paragraph (between blank lines, within SENTENCE_REACH) holding a span. */
function paragraphOf(text: string, span: Span): string {
  const reach = Math.max(0, span.start - SENTENCE_REACH);
  let from = reach;
  for (const m of text.slice(reach, span.start).matchAll(BLANK_LINES)) from = reach + m.index! + m[0].length;
  const to = Math.min(text.length, span.end + SENTENCE_REACH);
  const next = BLANK_LINE.exec(text.slice(span.end, to));
  return text.slice(from, next ? span.end + next.index : to);
}

/** A number standing alone in folded text: "9" in "debian 9 stretch", not in "1993" or "9.1". */
function wholeNumber(n: string): RegExp {
  return new RegExp(`(?<![\\d.])${n.replace(/\./g, "\\.")}(?![\\d]|\\.\\d)`);
}

/**
 * What an English sentence of a document is about without naming it: the document's title and the heading of the section it
 * stands in (a dictionary entry's "A computer language designed by Don Woods" under "intercal"; "Discovered in 1868 by Lockyer"
 * under "## Helium").
 */
function impliedSubject(doc: DocText, at: number): string {
  const heading = sectionAt(doc.sections, at)?.heading;
  return [doc.title ?? "", heading && heading !== doc.title ? heading : ""].join("\n");
}

/** Characters of a document's head, and before a passage, where an English question's name may stand instead of the passage. */
const NAME_LEAD = 500;

/** An English question asking what an acronym stands for. */
const STANDS_FOR = /\b(?:stand|stands|stood) for\b|\bshort for\b|\babbreviat|\bacronym\b/i;
/** The words that frame such a question, as the analyzer stems them. */
const STANDS_FOR_WORDS: ReadonlySet<string> = new Set(["stand", "stood", "short", "abbreviat", "abbreviation", "acronym"]);

/** Characters within which an English question's words make one phrase ("Python was created" for "who created Python"). */
const NEAR_WINDOW = 40;

/**
 * How close together a sentence holds the question's words, 0..1: NEAR_WINDOW over the shortest
 * stretch holding the first occurrence of each whole word it matches (1 when within it; 0 with fewer
 * than two). English sentences are long and state many things; the answer is where the question's words
 * stand together.
 */
function proximity(folded: string, words: QueryWord[], match: number[]): number {
  const at: Array<[number, number]> = [];
  words.forEach((w, k) => {
    if (match[k] !== 1) return;
    const i = folded.indexOf(w.text);
    if (i !== -1) at.push([i, i + w.text.length]);
  });
  if (at.length < 2) return 0;
  const span = Math.max(...at.map((x) => x[1])) - Math.min(...at.map((x) => x[0]));
  return Math.min(1, NEAR_WINDOW / Math.max(1, span));
}

/** How a question's kind of answer (answer-type.ts) is looked for in a sentence or an excerpt. */
interface TypeCheck {
  /** Whether an excerpt must offer the kind of answer to be evidence at all (the refusal gate reads `typeFit`). */
  gate: boolean;
  /** Whether the text offers the answer next to the question's words (raw text and its fold, same offsets). */
  fits(raw: string, folded: string): boolean;
  /** Whether the text offers the kind of answer anywhere beyond the question's words. */
  holds(raw: string, folded: string): boolean;
}

/** An English question asking a length of time. */
const HOW_LONG = /\bhow long\b/i;

const ENGLISH_KINDS: ReadonlySet<AnswerType> = new Set(["quantity", "time", "person", "place"]);

/**
 * The type check for a question. Chinese (and translated) questions: answer-type.ts's patterns,
 * a gate for how-many, when and role questions. English questions: lang/english.ts's patterns
 * (counting words, conditions for "when", capitalised names), a gate for how many, when, who and
 * where, read on the original text where capitals matter.
 */
function typeCheck(question: string, type: AnswerType, words: QueryWord[]): TypeCheck | undefined {
  if (!isChinese(question) && ENGLISH_KINDS.has(type)) {
    const kind = englishKind(question, type as "quantity" | "time" | "person" | "place");
    // Counts and times next to the question's words (fitsType's clause reach); names and sums anywhere beyond them.
    const anywhere = (raw: string, folded: string) => offersEnglish(kind, blankLike(raw, stripWords(folded, words)), stripWords(folded, words));
    if (kind === "quantity" || kind === "time") {
      const pattern = ENGLISH_TYPE_PATTERNS[kind];
      // A year or a day of the month is no count — but may bound a length of time ("How long was Martin Michlmayr the leader?":
      // "from March 2003 until March 2005").
      const counted = kind === "quantity" && !HOW_LONG.test(question) ? withoutDates : (folded: string) => folded;
      return { gate: true, fits: (_, folded) => fitsType(counted(folded), words, pattern, reachOf(type)), holds: anywhere };
    }
    return { gate: true, fits: anywhere, holds: anywhere };
  }
  const pattern = TYPE_PATTERNS[type];
  if (!pattern) return undefined;
  return {
    gate: typeFitting(type),
    fits: (_, folded) => fitsType(folded, words, pattern, reachOf(type)),
    holds: (_, folded) => pattern.test(stripWords(folded, words)),
  };
}

/** The raw text with the characters blanked where `stripped` (its fold with the question's words blanked) is blank. */
function blankLike(raw: string, stripped: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) out += stripped[i] === " " && raw[i] !== " " ? " " : raw[i];
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

/** How far around a chunk edge the document is read for the sentence the chunker cut there (a longer one stays cut at this reach). */
const SENTENCE_REACH = 2000;

/** What may stand between a sentence's end and the chunk edge after it: closers and whitespace. */
const ENDS_SENTENCE = new RegExp(`[${charClass(SENTENCE_ENDS + RARE_STOPS)}.][${charClass(CLOSERS.document)}]*\\s*$`);

/**
 * The chunk's sentences with the first and last widened to the document's whole sentences. The chunker cuts a
 * sentence longer than its chunks at a clause mark or a space (src/chunk/chunker.ts), so a chunk may open or
 * end inside one; an excerpt starts and ends where the document's sentences do. A copy only when widened.
 */
function wholeSentences(text: string, spans: readonly Span[], chunk: Span): readonly Span[] {
  if (spans.length === 0) return spans;
  const last = spans.length - 1;
  const startsInside = chunk.start > 0 && !ENDS_SENTENCE.test(text.slice(Math.max(0, chunk.start - 8), chunk.start));
  const endsInside = chunk.end < text.length && !ENDS_SENTENCE.test(text.slice(spans[last].start, spans[last].end));
  const first = startsInside ? sentenceAround(text, spans[0].start) : spans[0];
  const end = endsInside ? sentenceAround(text, spans[last].end - 1) : spans[last];
  if (first.start === spans[0].start && end.end === spans[last].end) return spans;
  const out = [...spans];
  out[0] = { start: first.start, end: out[0].end };
  out[last] = { start: out[last].start, end: end.end };
  return out;
}

/** The document's sentence holding offset `at`, read within its paragraph (blank lines) and SENTENCE_REACH. */
function sentenceAround(text: string, at: number): Span {
  const reach = Math.max(0, at - SENTENCE_REACH);
  let from = reach;
  for (const m of text.slice(reach, at).matchAll(BLANK_LINES)) from = reach + m.index! + m[0].length;
  let to = Math.min(text.length, at + SENTENCE_REACH);
  const next = BLANK_LINE.exec(text.slice(at, to));
  if (next) to = at + next.index;
  return splitSentences(text, from, to).find((s) => s.start <= at && at < s.end) ?? { start: at, end: at + 1 };
}

const BLANK_LINES = new RegExp(BLANK_LINE.source, "g");

/**
 * The chunk's sentences with the document's sentences just before and after the chunk
 * (an excerpt may cross a chunk boundary within a paragraph), skipping page chrome.
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

interface GrowOptions {
  /** For how-many, when and role questions: whether sentence k offers a number, a date or a title. */
  holds?: (k: number) => boolean;
  /** Whether the sentence before shares a rare word with the question. */
  related?: (k: number) => boolean;
  /** The document has no blank lines: each line is a paragraph (common in Chinese .txt). */
  singleNewlines: boolean;
  title?: string;
  /**
   * The excerpt may be its whole chunk (English questions): an English paragraph of two short sentences is often one chunk, and
   * the second says what the first introduces ("Beware of setting the mine count too high. At very high densities, the program
   * may spend forever searching …"; "… positional-only parameters. See PEP 570 for details."). Measured (bench-english, dev):
   * answer-hit first set 0.873 → 0.893, english-2 0.742 → 0.767, the others and every refusal unchanged. Before, only a
   * neighbour offering the kind of answer asked could make it the whole chunk.
   */
  wholeChunk?: boolean;
  /**
   * How long the excerpt may grow to, when not maxChars: an English why-question's, LONG_SENTENCE times maxChars. English states
   * a fact and then its reason ("… the ar format was adopted. The key value of this change is that …"; "… distributions have
   * attracted little attention from developers. There is a simple reason for this: …"), and an English sentence is often
   * longer than maxChars leaves for the next. Such an excerpt grows rightwards first (a Chinese why-question's reads the
   * sentence before first: the cause tends to come before). Measured (bench-english, dev): english-2 answer-hit 0.767 → 0.783,
   * every other dev figure unchanged; growing rightwards first alone changed nothing, nor did the reach for every English question
   * (it cost answers elsewhere: english-3 0.864 → 0.858 at 1.5 times maxChars).
   */
  reach?: number;
  /**
   * Sentence i names its subject by a pronoun (ANAPHOR_EN): the sentence before it is taken first, up to LONG_SENTENCE
   * times maxChars, and — when sentence i opens its paragraph and the paragraph before is that one sentence, a lead line
   * ("Debian 8 Jessie (April 2015): named for …" before "This release introduced …") — across the blank line.
   */
  antecedent?: boolean;
}

/**
 * Grows sentence i by whole neighbours to about minChars (leftwards first after a pronoun),
 * within maxChars, never to exactly the whole chunk [chunkFirst, chunkLast] of several sentences (unless `wholeChunk`),
 * never across a paragraph boundary (a blank line; a newline where every line is a paragraph) and
 * never onto a heading or the title: an excerpt is whole sentences of one paragraph.
 */
function grow(
  text: string, sentences: Span[], chunkFirst: number, chunkLast: number, i: number, leansLeft: boolean, settings: EvidenceSettings,
  { holds, related, singleNewlines, title, wholeChunk, antecedent, reach }: GrowOptions,
): [number, number] {
  let lo = i;
  let hi = i;
  const length = (a: number, b: number) => sentences[b].end - sentences[a].start;
  const whole = (a: number, b: number) => !wholeChunk && a === chunkFirst && b === chunkLast && chunkLast > chunkFirst;
  // Sentences a and a + 1 are in the same paragraph. Where every line is one, a line opening with a pronoun still goes on
  // from the line before: a text written a sentence a line ("A new makerspace opened in 2021.\nIt offers 3D printers …").
  const joined = (a: number) => {
    const gap = text.slice(sentences[a].end, sentences[a + 1].start);
    return !BLANK_LINE.test(gap) && !(singleNewlines && gap.includes("\n") && !ANAPHOR_LINE.test(text.slice(sentences[a + 1].start, sentences[a + 1].end)));
  };
  const usable = (k: number) => !isHeading(text, sentences[k], title);
  const fits = (a: number, b: number) =>
    length(a, b) <= (reach ?? settings.maxChars) && !whole(a, b) && (a === lo ? joined(hi) && usable(b) : joined(a) && usable(a));
  if (antecedent && lo > 0 && usable(lo - 1) && length(lo - 1, hi) <= LONG_SENTENCE * settings.maxChars
    && (joined(lo - 1) || ((lo < 2 || !joined(lo - 2)) && PARAGRAPH_GAP.test(text.slice(sentences[lo - 1].end, sentences[lo].start))))
    && !/^[a-z]/.test(text.slice(sentences[lo - 1].start, sentences[lo - 1].start + 1))) lo--;
  // A neighbour that opens in lower case is the tail of a sentence cut at a chunk edge: not read first for a pronoun.
  if (leansLeft && lo > 0 && fits(lo - 1, hi) && !/^[a-z]/.test(text.slice(sentences[lo - 1].start, sentences[lo - 1].start + 1))) lo--;
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

/** Whether the document has no blank line (so each line is a paragraph), computed once per document text. */
const singleNewlineCache = new WeakMap<DocText, boolean>();
function singleNewlineParagraphs(doc: DocText): boolean {
  let known = singleNewlineCache.get(doc);
  if (known === undefined) singleNewlineCache.set(doc, (known = !BLANK_LINE.test(doc.text)));
  return known;
}

const SENTENCE_CLOSED = /[。！？!?；;…．.][”’」』）)"'*]*$/;

/** A question about the document's title. */
const TITLE_QUESTION = /\btitle\b|\bheading\b|\bcalled\b|标题|题目|題目|篇名|文章名|叫什么/;

/**
 * The title, or its subtitle: the line right under the title that opens with a dash (「——2023年全国教育工作会议经验交流之一」),
 * which says what the article is, not what it says.
 */
function isTitle(text: string, span: Span, title?: string): boolean {
  if (!title) return false;
  const line = text.slice(span.start, span.end).trim();
  if (line === title.trim()) return true;
  if (!SUBTITLE_DASH.test(line)) return false;
  const above = text.slice(0, span.start).trimEnd();
  return above.slice(above.lastIndexOf("\n") + 1).trim() === title.trim();
}

/** What opens a subtitle: an em or en dash (——, —, –) or two hyphens. */
const SUBTITLE_DASH = /^(?:[—–]|--)/;

/** Whether a (folded) line holds letters, digits or characters beyond the question's words (at least two). */
function saysMore(folded: string, words: QueryWord[]): boolean {
  let n = 0;
  for (const ch of stripWords(folded, words)) if (/[\p{L}\p{N}]/u.test(ch) && !STOP_CHARS.has(ch) && ++n >= 2) return true;
  return false;
}

/**
 * A heading: the title, or a short line of its own that does not end a sentence (a section heading,
 * a date or source line, an underline of ***). Such a line is never grown onto and not quoted as
 * an answer beside sentences of the chunk's own.
 */
export function isHeading(text: string, span: Span, title?: string): boolean {
  const line = text.slice(span.start, span.end);
  if (isTitle(text, span, title)) return true;
  if (span.end - span.start > SHORT_LINE || SENTENCE_CLOSED.test(line)) return false;
  const lineStart = text.lastIndexOf("\n", span.start - 1) + 1;
  const lineEnd = text.indexOf("\n", span.end);
  return text.slice(lineStart, span.start).trim() === "" && text.slice(span.end, lineEnd === -1 ? text.length : lineEnd).trim() === "";
}

/**
 * The contiguous clauses of a long sentence that best cover the question, within maxChars: grown from the best
 * clause inside the chunk (a sentence the chunker cut is read whole, but the chunk is what retrieval found).
 */
function trimToClauses(text: string, sentence: Span, words: QueryWord[], fold: Fold, maxChars: number, chunk: Span): Span {
  const clauses = splitClauses(text, sentence, !isChinese(text.slice(sentence.start, Math.min(sentence.end, sentence.start + 200))));
  if (clauses.length <= 1) {
    const start = Math.max(sentence.start, chunk.start);
    return { start, end: sentence.end - start <= maxChars ? sentence.end : wordEnd(text, start, start + maxChars) };
  }
  const covOf = (a: number, b: number) => coverage(fold(text.slice(clauses[a].start, clauses[b].end)), words);
  let bestIdx = 0;
  let bestCov = -1;
  clauses.forEach((clause, i) => {
    if (clause.end <= chunk.start || clause.start >= chunk.end) return;
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
  // A label without what it introduces ("allocated as follows:", 「如下：」) or a fragment, beside a clause too long to add
  // whole, takes that clause's opening up to maxChars: a quote cut short (marked …) says something, the label alone nothing.
  if (hi < clauses.length - 1 && (INTRODUCES.test(text.slice(clauses[lo].start, clauses[hi].end)) || clauses[hi].end - clauses[lo].start < MIN_EXCERPT)) hi++;
  let start = clauses[lo].start;
  while (start < clauses[hi].end && /\s/.test(text[start])) start++;
  return clauses[hi].end - start > maxChars ? { start, end: wordEnd(text, start, start + maxChars) } : { start, end: clauses[hi].end };
}

/** Where to cut text that runs past `limit` without a clause mark: after the last space in its second half (a whole word), else at the limit. */
function wordEnd(text: string, start: number, limit: number): number {
  if (limit >= text.length || /\s/.test(text[limit])) return limit;
  const space = text.lastIndexOf(" ", limit);
  if (space > start + (limit - start) / 2) {
    let end = space;
    while (end > start && /\s/.test(text[end - 1])) end--;
    return end;
  }
  return safeEnd(text, limit);
}

/** An excerpt shorter than this reads as a fragment; clause trimming grows at least this far. */
const MIN_EXCERPT = 60;

/** A clause run ending with a colon introduces what follows it. */
const INTRODUCES = /[:：]\s*$/;

/**
 * Excerpts are whole sentences. An English sentence longer than maxChars is still quoted whole when
 * it is at most this many times maxChars; only a longer one (a list run together, a run-on paragraph
 * without stops) is cut to its best run of clauses within maxChars. A Chinese sentence longer than
 * maxChars is cut to its best run of clauses (、/，-separated runs of facts, where a clause run
 * reads whole): quoting such sentences whole lost CMRC 2018 answers whose fact lies past maxChars.
 */
const LONG_SENTENCE = 2;

/** The longest a sentence may be and still be quoted whole. */
function longest(text: string, s: Span, maxChars: number): number {
  return isChinese(text.slice(s.start, Math.min(s.end, s.start + 200))) ? maxChars : LONG_SENTENCE * maxChars;
}

function safeEnd(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}
