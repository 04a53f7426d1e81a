import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { EvalSet } from "../../src/eval/dataset.js";
import { firstRelevantRank } from "../../src/eval/metrics.js";
import { type EvalRecord, type EvalReport, score, summarise } from "../../src/eval/run.js";
import { loadCorpus } from "../../src/ingest/load.js";
import type { Logger } from "../../src/log.js";

/**
 * The naive LangChain pipeline, as a reference beside citebot: the
 * RecursiveCharacterTextSplitter with its defaults (1000 characters, 200 overlap),
 * HNSWLib.fromDocuments with the given embeddings (our hashing embedder), and
 * the top chunk as both the answer and the first citation. No lexical index,
 * no folding, no evidence selection, no refusal.
 *
 * A benchmark baseline (scripts/bench-quality.ts): it imports the devDependency
 * @langchain/textsplitters, so it lives with the scripts, never in what `citebot` runs.
 */
export async function runNaiveEval(
  embeddings: EmbeddingsInterface,
  logger: Logger,
  options: { set: EvalSet; corpusDir?: string; limit?: number; details?: boolean },
): Promise<EvalReport> {
  const { set } = options;
  let texts: Array<{ source: string; text: string }>;
  if (set.kind === "squad") texts = (set.docs ?? []).map((d) => ({ source: d.name, text: d.text }));
  else {
    if (!options.corpusDir) throw new Error("the naive pipeline needs a corpus for JSON-lines questions");
    texts = (await loadCorpus(options.corpusDir, logger)).docs.map((d) => ({ source: d.source, text: d.text }));
  }
  const started = performance.now();
  const splitter = new RecursiveCharacterTextSplitter();
  const docs = await splitter.createDocuments(texts.map((t) => t.text), texts.map((t) => ({ source: t.source })));
  const store = await HNSWLib.fromDocuments(docs, embeddings);
  const indexBuildMs = performance.now() - started;
  const items = options.limit ? set.items.slice(0, options.limit) : set.items;
  const records: EvalRecord[] = [];
  for (const item of items) {
    const t0 = performance.now();
    const hits = await store.similaritySearch(item.question, 40);
    const ms = performance.now() - t0;
    const top = hits[0];
    let rank: number;
    if (item.goldDocs) {
      const sources: string[] = [];
      for (const h of hits) if (!sources.includes(h.metadata.source as string)) sources.push(h.metadata.source as string);
      const gold = new Set(item.goldDocs);
      rank = firstRelevantRank(sources.slice(0, 20), (s) => gold.has(s));
    } else rank = firstRelevantRank(hits.slice(0, 20), (h) => item.answers.some((a) => h.pageContent.includes(a)));
    const answer = top
      ? { found: true, answer: top.pageContent, citations: [{ text: top.pageContent }] as never }
      : { found: false, answer: "", citations: [] };
    records.push(score(item, answer, rank, ms));
  }
  return summarise(set.name, "naive LangChain", records, { documents: texts.length, chunks: docs.length, indexBuildMs }, options.details);
}
