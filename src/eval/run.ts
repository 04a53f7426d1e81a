import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { App } from "../app.js";
import { DEFAULT_ENGINE, Engine, type EngineSettings } from "../engine.js";
import type { IndexSettings, LoadedIndex } from "../index/types.js";
import { buildIndex } from "../pipeline/build.js";
import { Retriever } from "../retrieve/retriever.js";
import type { Answer } from "../types.js";
import type { EvalItem, EvalSet } from "./dataset.js";
import { exactMatch, f1Score, firstRelevantRank, percentile, type RankSummary, summariseRanks } from "./metrics.js";

/** How deep the ranked list of sources goes for Recall@20 and MRR@10. */
const RANK_DEPTH = 20;

export interface EvalOptions {
  set: EvalSet;
  /** Corpus for JSON-lines questions (SQuAD input brings its own documents). */
  corpusDir?: string;
  /** Citations per answer (default: the engine's). */
  k?: number;
  /** Only the first N questions. */
  limit?: number;
  /** Engine settings to evaluate (default DEFAULT_ENGINE with the app's k). */
  engine?: EngineSettings;
  /** Index settings (default the app's). */
  index?: IndexSettings;
  /** Keep per-question records in the report. */
  details?: boolean;
  /** Called after each question. */
  onProgress?: (done: number, total: number) => void;
  /** Stop early (the report covers the questions asked so far). */
  signal?: AbortSignal;
}

/** One question's outcome. */
export interface EvalRecord {
  id: string;
  question: string;
  answers: string[];
  /** 1-based rank of the first relevant source (0 = not in the top 20). */
  rank: number;
  found: boolean;
  answer: string;
  /** Source of the first citation. */
  cited?: string;
  answerHit: boolean;
  cite0Hit: boolean;
  shortAnswer?: string;
  em: number;
  f1: number;
  ms: number;
}

export interface EvalReport {
  name: string;
  system: string;
  questions: number;
  documents: number;
  chunks: number;
  /** Source retrieval: the document with the gold context (SQuAD), or a chunk containing a gold answer (JSON lines). */
  retrieval: RankSummary;
  /** Share of questions whose `answer` contains a gold answer string. */
  answerHit: number;
  /** Share whose first citation text contains a gold answer string. */
  cite0Hit: number;
  shortAnswer: {
    /** Share of questions that got a shortAnswer. */
    given: number;
    /** CMRC 2018 EM and F1 over all questions (no shortAnswer scores 0). */
    em: number;
    f1: number;
    /** EM and F1 over the questions that got one. */
    emGiven: number;
    f1Given: number;
  };
  /** Share of questions answered "not found". */
  refusalRate: number;
  /**
   * Questions the set gives no answer for (JSON lines with `"answers": []`, SQuAD 2.0's `is_impossible`): how many, and
   * the share refused. Only when the set has some; every other figure is over the answerable questions alone.
   */
  unanswerable?: { questions: number; refused: number };
  /** Source characters quoted in `answer` (citation markers removed). */
  answerChars: { mean: number; p95: number; max: number };
  indexBuildMs: number;
  latencyMs: { p50: number; p95: number; mean: number };
  records?: EvalRecord[];
}

/** A temporary directory removed by the returned cleanup. */
async function scratch(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Writes SQuAD contexts as one document each into `dir`. */
export async function writeContexts(set: EvalSet, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const doc of set.docs ?? []) await fs.writeFile(path.join(dir, doc.name), doc.text);
}

/**
 * Runs a question set through citebot in-process: builds a fresh index in a
 * temporary directory (of the SQuAD contexts, or of --corpus for JSON lines),
 * asks every question and scores retrieval, answers and short answers.
 */
export async function runEval(app: App, options: EvalOptions): Promise<EvalReport> {
  const { set } = options;
  const tmp = await scratch("citebot-eval-");
  try {
    let corpusDir = options.corpusDir ?? app.config.paths.corpusDir;
    if (set.kind === "squad") {
      corpusDir = path.join(tmp.dir, "corpus");
      await writeContexts(set, corpusDir);
    }
    const indexSettings = options.index ?? app.config.index;
    const started = performance.now();
    const index = await buildIndex(corpusDir, path.join(tmp.dir, "index"), indexSettings, { analyzer: app.analyzer, embedder: app.embedder, logger: app.logger });
    const indexBuildMs = performance.now() - started;
    const settings = options.engine ?? { ...DEFAULT_ENGINE, k: app.config.engine.k };
    const engine = new Engine({ index, analyzer: app.analyzer, embedder: app.embedder, answerer: app.answerer, logger: app.logger }, settings);
    const ranker = sourceRanker(app, index, settings);
    const items = options.limit ? set.items.slice(0, options.limit) : set.items;
    const records: EvalRecord[] = [];
    for (const item of items) {
      if (options.signal?.aborted) break;
      const t0 = performance.now();
      const answer = await engine.ask(item.question, { k: options.k });
      const ms = performance.now() - t0;
      const rank = await ranker(item);
      records.push(score(item, answer, rank, ms));
      options.onProgress?.(records.length, items.length);
    }
    return summarise(set.name, "citebot", records, { documents: index.docs.length, chunks: index.chunks.length, indexBuildMs }, options.details);
  } finally {
    await tmp.remove();
  }
}

/** Ranks sources with the engine's own retriever settings: distinct documents for SQuAD input, chunks for JSON lines. */
function sourceRanker(app: App, index: LoadedIndex, settings: EngineSettings): (item: EvalItem) => Promise<number> {
  const retriever = new Retriever(index, app.analyzer, app.embedder, settings.retriever);
  return async (item) => {
    if (item.answers.length === 0) return 0;
    const query = await retriever.analyse(item.question);
    const hits = await retriever.retrieve(query, Number.MAX_SAFE_INTEGER);
    if (item.goldDocs) {
      const sources: string[] = [];
      for (const hit of hits) {
        if (!sources.includes(hit.chunk.source)) sources.push(hit.chunk.source);
        if (sources.length >= RANK_DEPTH) break;
      }
      const gold = new Set(item.goldDocs);
      return firstRelevantRank(sources, (s) => gold.has(s));
    }
    return firstRelevantRank(hits.slice(0, RANK_DEPTH), (h) => item.answers.some((a) => h.chunk.text.includes(a)));
  };
}

export function score(item: EvalItem, answer: Pick<Answer, "found" | "answer" | "citations" | "shortAnswer">, rank: number, ms: number): EvalRecord {
  const contains = (text: string | undefined) => text !== undefined && item.answers.some((a) => text.includes(a));
  return {
    id: item.id,
    question: item.question,
    answers: item.answers,
    rank,
    found: answer.found,
    answer: answer.answer,
    ...(answer.citations[0] ? { cited: answer.citations[0].source } : {}),
    answerHit: answer.found && contains(answer.answer),
    cite0Hit: answer.found && contains(answer.citations[0]?.text),
    ...(answer.shortAnswer !== undefined ? { shortAnswer: answer.shortAnswer } : {}),
    em: exactMatch(item.answers, answer.shortAnswer),
    f1: f1Score(item.answers, answer.shortAnswer),
    ms,
  };
}

/** Source characters of an answer: the text without [n] markers. */
export function answerLength(answer: string): number {
  return answer.replace(/\[\d+\]/g, "").length;
}

export function summarise(
  name: string,
  system: string,
  all: EvalRecord[],
  meta: { documents: number; chunks: number; indexBuildMs: number },
  details = false,
): EvalReport {
  const unanswerable = all.filter((r) => r.answers.length === 0);
  const records = unanswerable.length ? all.filter((r) => r.answers.length > 0) : all;
  const n = records.length || 1;
  const share = (f: (r: EvalRecord) => boolean) => records.filter(f).length / n;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const given = records.filter((r) => r.shortAnswer !== undefined);
  const lengths = records.filter((r) => r.found).map((r) => answerLength(r.answer));
  const latencies = all.map((r) => r.ms);
  return {
    name,
    system,
    questions: records.length,
    documents: meta.documents,
    chunks: meta.chunks,
    retrieval: summariseRanks(records.map((r) => r.rank)),
    answerHit: share((r) => r.answerHit),
    cite0Hit: share((r) => r.cite0Hit),
    shortAnswer: {
      given: given.length / n,
      em: records.reduce((s, r) => s + r.em, 0) / n,
      f1: records.reduce((s, r) => s + r.f1, 0) / n,
      emGiven: mean(given.map((r) => r.em)),
      f1Given: mean(given.map((r) => r.f1)),
    },
    refusalRate: share((r) => !r.found),
    ...(unanswerable.length ? { unanswerable: { questions: unanswerable.length, refused: unanswerable.filter((r) => !r.found).length / unanswerable.length } } : {}),
    answerChars: { mean: mean(lengths), p95: percentile(lengths, 95), max: lengths.length ? Math.max(...lengths) : 0 },
    indexBuildMs: meta.indexBuildMs,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), mean: mean(latencies) },
    ...(details ? { records: all } : {}),
  };
}
