import { type Span, splitClauses, splitSentences } from "../chunk/sentences.js";
import type { RetrievedChunk } from "../retrieve/retriever.js";
import type { Fold } from "../search/fold.js";
import type { QueryWord } from "../search/analyzer.js";

export interface EvidenceSettings {
  /** Source characters an excerpt may use (the answer quotes at most about this much). */
  maxChars: number;
  /** Below this query-word coverage of the best excerpt, the documents are taken not to answer. */
  minCoverage: number;
  /** Retrieved chunks searched for evidence sentences. */
  chunksSearched: number;
}

export const DEFAULT_EVIDENCE: EvidenceSettings = { maxChars: 200, minCoverage: 0.5, chunksSearched: 8 };

export interface Excerpt extends Span {
  ordinal: number;
  /** Query-word coverage of the excerpt, 0..1. */
  coverage: number;
  /** Ranking score (coverage, retrieval rank, similarity, answer-type fit). */
  score: number;
}

export type AnswerType = "quantity" | "time" | "person" | "place" | "other";

export function answerType(question: string): AnswerType {
  if (/多少|几[个名所次年位项场天岁种家人万倍届期条座批]?|how many|how much|number of/i.test(question)) return "quantity";
  if (/哪一?年|什么时候|何时|哪天|几月|什么时间|日期|when\b|what year|which year/i.test(question)) return "time";
  if (/谁|哪位|什么人|\bwho\b|\bwhom\b/i.test(question)) return "person";
  if (/哪里|哪儿|何处|什么地方|在哪|\bwhere\b/i.test(question)) return "place";
  return "other";
}

const TYPE_PATTERNS: Record<AnswerType, RegExp | undefined> = {
  quantity: /\d|[一二三四五六七八九十百千万亿两][余多]?[个名所次年位项场天岁种家人万倍支届期条座批]/,
  time: /\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|世纪|年代|\b(1[5-9]|20)\d{2}\b/,
  person: /[先女]生|教授|主席|总统|书记|部长|院士|作家|之父|\b[A-Z][a-z]+ [A-Z][a-z]+/,
  place: /[省市县区州国岛山河湖港]|\bin [A-Z]/,
  other: undefined,
};

/** Weighted share of question words present in folded text; a missing CJK word earns half credit per matched bigram. */
export function coverage(foldedText: string, words: QueryWord[]): number {
  let total = 0;
  let got = 0;
  for (const w of words) {
    total += w.weight;
    if (foldedText.includes(w.text)) {
      got += w.weight;
      continue;
    }
    if (w.numeric || w.text.length < 3) continue;
    let bigrams = 0;
    let hits = 0;
    for (let i = 0; i + 1 < w.text.length; i++) {
      bigrams++;
      if (foldedText.includes(w.text.slice(i, i + 2))) hits++;
    }
    got += (w.weight * 0.5 * hits) / bigrams;
  }
  return total === 0 ? 0 : got / total;
}

/** An excerpt shorter than this reads as a fragment; clause trimming grows at least this far. */
const MIN_EXCERPT = 60;

interface DocText {
  text: string;
}

/**
 * Chooses the best excerpt in each retrieved chunk: a sentence, a two-sentence
 * window, or (for an over-long sentence) the run of clauses around the match,
 * never more than maxChars. Returns excerpts best first, one per chunk.
 */
export function selectEvidence(
  question: string,
  words: QueryWord[],
  retrieved: RetrievedChunk[],
  docOf: (ordinal: number) => DocText,
  fold: Fold,
  settings: EvidenceSettings = DEFAULT_EVIDENCE,
): Excerpt[] {
  const type = answerType(question);
  const typePattern = TYPE_PATTERNS[type];
  const excerpts: Excerpt[] = [];
  retrieved.slice(0, settings.chunksSearched).forEach((hit, rank) => {
    const { text } = docOf(hit.ordinal);
    const sentences = splitSentences(text, hit.chunk.start, hit.chunk.end);
    const folded = sentences.map((s) => fold(text.slice(s.start, s.end)));
    const covs = folded.map((f) => coverage(f, words));
    let best: Excerpt | undefined;
    const consider = (span: Span, cov: number) => {
      const typeFit = typePattern && typePattern.test(text.slice(span.start, span.end)) ? 0.08 : 0;
      const score = (0.8 * cov + 0.12 / (1 + rank) + 0.08 * Math.max(0, hit.similarity) + typeFit) * (hit.chunk.chrome ? 0.3 : 1);
      if (!best || score > best.score) best = { ...span, ordinal: hit.ordinal, coverage: cov, score };
    };
    sentences.forEach((s, i) => {
      const span = s.end - s.start > settings.maxChars ? trimToClauses(text, s, words, fold, settings.maxChars) : s;
      const cov = span === s ? covs[i] : coverage(fold(text.slice(span.start, span.end)), words);
      consider(span, cov);
      const next = sentences[i + 1];
      if (next && next.end - s.start <= settings.maxChars) {
        const joined = coverage(`${folded[i]}${folded[i + 1]}`, words);
        // A window must add real coverage to be worth its extra length.
        if (joined >= Math.max(covs[i], covs[i + 1]) + 0.12) consider({ start: s.start, end: next.end }, joined - 0.04);
      }
    });
    if (best) excerpts.push(best);
  });
  return excerpts.sort((a, b) => b.score - a.score || a.ordinal - b.ordinal);
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

function safeEnd(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}
