import { type Answerer, type Evidence, extractiveAnswerer } from "./answer/answerer.js";
import { Citer } from "./answer/cite.js";
import { answers, DEFAULT_EVIDENCE, type EvidenceSettings, type Excerpt, selectEvidence } from "./answer/evidence.js";
import { shortAnswerSpan } from "./answer/short-answer.js";
import { type Span, splitSentences } from "./chunk/sentences.js";
import { UsageError } from "./errors.js";
import { exampleQuestions } from "./examples.js";
import type { LoadedIndex } from "./index/types.js";
import type { Logger } from "./log.js";
import { notFoundText } from "./messages.js";
import { Retriever, type RetrieverSettings, DEFAULT_RETRIEVER } from "./retrieve/retriever.js";
import type { Analyzer } from "./search/analyzer.js";
import type { Answer, AskOptions, Citation, Embedder, Passage, QaEngine, SourceInfo } from "./types.js";

export interface EngineSettings {
  /** Citations per answer (and passages considered), default 3. */
  k: number;
  /** Longest question accepted, in characters. */
  maxQuestionChars: number;
  evidence: EvidenceSettings;
  retriever: RetrieverSettings;
}

export const DEFAULT_ENGINE: EngineSettings = { k: 3, maxQuestionChars: 2000, evidence: DEFAULT_EVIDENCE, retriever: DEFAULT_RETRIEVER };

export interface EngineDeps {
  index: LoadedIndex;
  analyzer: Analyzer;
  embedder: Embedder;
  answerer?: Answerer;
  logger: Logger;
  /** Makes every citation (the evidence's and the answerer's); one over `index` when not given. */
  citer?: Citer;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Chunks whose sentence spans are kept (about 1 KB each). */
const SENTENCE_CACHE_CHUNKS = 4096;

export function isChinese(text: string): boolean {
  return CJK.test(text);
}

/** The question-answering core shared by the CLI, the Telegram bot and eval. */
export class Engine implements QaEngine {
  readonly streaming: boolean;
  private readonly retriever: Retriever;
  private readonly citer: Citer;
  private examples?: string[];
  private readonly sentenceCache = new Map<number, readonly Span[]>();

  constructor(private readonly deps: EngineDeps, private readonly settings: EngineSettings = DEFAULT_ENGINE) {
    this.retriever = new Retriever(deps.index, deps.analyzer, deps.embedder, settings.retriever, (error) =>
      deps.logger.warn("query embedding failed; answering from the lexical index alone", { error }),
    );
    this.citer = deps.citer ?? new Citer(deps.index);
    this.streaming = deps.answerer?.streams === true;
  }

  get index(): LoadedIndex {
    return this.deps.index;
  }

  async ask(rawQuestion: string, options: AskOptions = {}): Promise<Answer> {
    const question = rawQuestion.trim();
    if (!question) throw new UsageError("the question is empty", { code: "QUESTION_EMPTY", hint: 'ask something, e.g. citebot ask "…？"' });
    const max = this.settings.maxQuestionChars;
    if (question.length > max) {
      throw new UsageError(`the question has ${question.length} characters; the limit is ${max}`, { code: "QUESTION_TOO_LONG", hint: `shorten it to at most ${max} characters` });
    }
    const started = performance.now();
    const k = Math.max(1, Math.min(options.k ?? this.settings.k, 20));
    const query = await this.retriever.analyse(question, options.context?.trim() || undefined);
    const retrieved = await this.retriever.retrieve(query, Math.max(this.settings.evidence.chunksSearched, k));
    const { index, analyzer } = this.deps;
    const excerpts = selectEvidence(question, query.words, retrieved, (o) => index.docs[index.chunkDoc[o]], analyzer.fold, this.settings.evidence,
      (hit, text) => this.chunkSentences(hit.ordinal, text));
    const best = excerpts[0];
    const found = answers(best, query.words, this.settings.evidence);
    const similarity = new Map(retrieved.map((r) => [r.ordinal, r.similarity]));
    const evidence = found ? this.supporting(excerpts, k).map((e) => this.toEvidence(e, similarity.get(e.ordinal) ?? 0)) : [];
    const extractive = this.extractiveAnswer(question, evidence);
    const answerer = this.deps.answerer ?? extractiveAnswerer;
    const answer = found ? await answerer.answer({ question, evidence, extractive, citer: this.citer, signal: options.signal, onPartial: options.onPartial }) : extractive;
    this.deps.logger.debug("answered", { found: answer.found, citations: answer.citations.length, ms: Math.round(performance.now() - started) });
    return answer;
  }

  /** Sentences of a chunk, split once and kept for the most recently used chunks. */
  private chunkSentences(ordinal: number, text: string): readonly Span[] {
    let spans = this.sentenceCache.get(ordinal);
    if (spans) {
      this.sentenceCache.delete(ordinal); // re-inserted below: Map order is recency
    } else {
      const chunk = this.deps.index.chunks[ordinal];
      spans = splitSentences(text, chunk.start, chunk.end);
      if (this.sentenceCache.size >= SENTENCE_CACHE_CHUNKS) this.sentenceCache.delete(this.sentenceCache.keys().next().value!);
    }
    this.sentenceCache.set(ordinal, spans);
    return spans;
  }

  /** The best excerpt plus others that are nearly as good, from different places, up to k. */
  private supporting(excerpts: Excerpt[], k: number): Excerpt[] {
    const best = excerpts[0];
    const chosen: Excerpt[] = [best];
    for (const e of excerpts.slice(1)) {
      if (chosen.length >= k) break;
      if (e.coverage >= this.settings.evidence.minCoverage && e.score >= best.score * 0.6) chosen.push(e);
    }
    return chosen;
  }

  private toEvidence(e: Excerpt, similarity: number): Evidence {
    const { index } = this.deps;
    const chunk = index.chunks[e.ordinal];
    const score = round(Math.min(1, 0.7 * e.coverage + 0.3 * Math.max(0, similarity)));
    return {
      citation: this.citer.cite(index.chunkDoc[e.ordinal], e.start, e.end, score, chunk.id),
      passage: chunk.text,
      passageStart: chunk.start,
      passageEnd: chunk.end,
      score: e.score,
    };
  }

  /** Quotes the best excerpt, and a second one when it is nearly as good and the answer stays short. */
  private extractiveAnswer(question: string, evidence: Evidence[]): Answer {
    if (evidence.length === 0) return { question, found: false, answer: notFoundText(question), citations: [], mode: "extractive" };
    const citations: Citation[] = evidence.map((e, i) => ({ n: i + 1, ...e.citation }));
    let answer = `${citations[0].text}[1]`;
    const second = citations[1];
    if (second && evidence[1].score >= evidence[0].score * 0.9 && citations[0].text.length + second.text.length <= this.settings.evidence.maxChars) {
      answer += `${isChinese(question) ? "" : " "}${second.text}[2]`;
    }
    const span = shortAnswerSpan(question, citations[0].text, this.deps.analyzer.fold);
    const shortAnswer = span && citations[0].text.slice(span.start, span.end);
    return { question, found: true, answer, citations, ...(shortAnswer ? { shortAnswer } : {}), mode: "extractive" };
  }

  sources(): SourceInfo[] {
    return this.deps.index.manifest.files.map((f) => ({ source: f.source, title: f.title, chunks: f.chunks, chars: f.chars }));
  }

  passage(chunkId: string, start: number, end: number): Passage | undefined {
    return this.citer.passage(chunkId, start, end);
  }

  exampleQuestions(count: number): string[] {
    this.examples ??= exampleQuestions(this.deps.index.chunks);
    return this.examples.slice(0, count);
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
