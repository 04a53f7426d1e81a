import { type Answerer, type Evidence, extractiveAnswerer } from "./answer/answerer.js";
import { answers, DEFAULT_EVIDENCE, type EvidenceSettings, type Excerpt, selectEvidence } from "./answer/evidence.js";
import { shortAnswerSpan } from "./answer/short-answer.js";
import { lineAt, lineStarts, paragraphBlocks } from "./chunk/chunker.js";
import { UsageError } from "./errors.js";
import type { LoadedIndex } from "./index/types.js";
import type { Logger } from "./log.js";
import { exampleQuestion, notFoundText } from "./lang/messages.js";
import { isChinese } from "./lang/script.js";
import { type Span, splitSentences } from "./lang/sentences.js";
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
}

/** Chunks whose sentence spans are kept (about 1 KB each). */
const SENTENCE_CACHE_CHUNKS = 4096;

/** The question-answering core shared by the CLI, the Telegram bot and eval. */
export class Engine implements QaEngine {
  readonly streaming: boolean;
  private readonly retriever: Retriever;
  private readonly byId = new Map<string, number>();
  private examples?: string[];
  private docBySource?: Map<string, number>;
  private readonly layouts = new Map<number, { lines: Uint32Array; paragraphs: Uint32Array }>();
  private readonly sentenceCache = new Map<number, readonly Span[]>();

  constructor(private readonly deps: EngineDeps, private readonly settings: EngineSettings = DEFAULT_ENGINE) {
    this.retriever = new Retriever(deps.index, deps.analyzer, deps.embedder, settings.retriever, (error) =>
      deps.logger.warn("query embedding failed; answering from the lexical index alone", { error }),
    );
    deps.index.chunks.forEach((c, i) => this.byId.set(c.id, i));
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
    const answer = found ? await answerer.answer({ question, evidence, extractive, signal: options.signal, onPartial: options.onPartial }) : extractive;
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
    const doc = index.docs[index.chunkDoc[e.ordinal]];
    const { line, paragraph } = this.locate(index.chunkDoc[e.ordinal], e.start);
    return {
      citation: {
        source: chunk.source, start: e.start, end: e.end, line, paragraph,
        text: doc.text.slice(e.start, e.end), score: round(Math.min(1, 0.7 * e.coverage + 0.3 * Math.max(0, similarity))), chunkId: chunk.id,
      },
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

  /** 1-based line and paragraph of an offset, numbered exactly as the chunker numbers them (binary search over starts). */
  private locate(docIndex: number, offset: number): { line: number; paragraph: number } {
    let layout = this.layouts.get(docIndex);
    if (!layout) {
      const { text } = this.deps.index.docs[docIndex];
      layout = { lines: lineStarts(text), paragraphs: Uint32Array.from(paragraphBlocks(text).map((b) => b.start)) };
      this.layouts.set(docIndex, layout);
    }
    return { line: lineAt(layout.lines, offset), paragraph: layout.paragraphs.length ? lineAt(layout.paragraphs, offset) : 1 };
  }

  /** Line and paragraph of an offset in a source, for answerers that cite spans they found themselves. */
  locateInSource(source: string, offset: number): { line: number; paragraph: number } | undefined {
    this.docBySource ??= new Map(this.deps.index.docs.map((d, i) => [d.source, i]));
    const docIndex = this.docBySource.get(source);
    if (docIndex === undefined || offset < 0 || offset > this.deps.index.docs[docIndex].text.length) return undefined;
    return this.locate(docIndex, offset);
  }

  sources(): SourceInfo[] {
    return this.deps.index.manifest.files.map((f) => ({ source: f.source, title: f.title, chunks: f.chunks, chars: f.chars }));
  }

  passage(chunkId: string, start: number, end: number): Passage | undefined {
    const ordinal = this.byId.get(chunkId);
    if (ordinal === undefined || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) return undefined;
    const { index } = this.deps;
    const chunk = index.chunks[ordinal];
    const doc = index.docs[index.chunkDoc[ordinal]];
    if (end > doc.text.length || start < chunk.start - 1000 || end > chunk.end + 1000) return undefined;
    const from = Math.min(chunk.start, start);
    const to = Math.max(chunk.end, end);
    return {
      source: chunk.source, title: doc.title, chunkId, start: from, end: to, line: chunk.line, paragraph: chunk.paragraph,
      text: doc.text.slice(from, to), highlightStart: start - from, highlightEnd: end - from,
    };
  }

  /** Questions built from section topics (the clause that opens a paragraph), kept only if the engine answers them. */
  exampleQuestions(count: number): string[] {
    if (!this.examples) {
      const candidates: string[] = [];
      const { index } = this.deps;
      for (const chunk of index.chunks) {
        if (chunk.chrome || candidates.length >= 40) continue;
        const first = splitSentences(chunk.text)[0];
        if (!first) continue;
        const sentence = chunk.text.slice(first.start, first.end);
        const topic = /^([^，,。：:；;]{4,16})[，,：:]/.exec(sentence)?.[1];
        if (!topic) continue;
        candidates.push(exampleQuestion(topic));
      }
      this.examples = [...new Set(candidates)];
    }
    return this.examples.slice(0, count);
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
