import type { Embedder, LoadedIndex } from "../index/store.js";
import type { Analyzer, QueryWord } from "../search/analyzer.js";
import type { Chunk } from "../types.js";

export interface RetrieverSettings {
  /** Candidates taken from each of the lexical and vector lists before fusion. */
  candidates: number;
  /** Reciprocal-rank-fusion constant. */
  rrfK: number;
  /** Weight of the lexical list in the fusion (the vector list has 1 - this). */
  lexicalWeight: number;
}

export const DEFAULT_RETRIEVER: RetrieverSettings = { candidates: 40, rrfK: 60, lexicalWeight: 0.6 };

export interface RetrievedChunk {
  ordinal: number;
  chunk: Chunk;
  /** Fused rank score (bigger is better); only meaningful for ordering. */
  fused: number;
  /** Cosine similarity of the query and the chunk vector. */
  similarity: number;
}

export interface Query {
  question: string;
  /** Folded question (plus context) used for matching. */
  folded: string;
  words: QueryWord[];
  terms: string[];
  vector: number[];
}

/** Page chrome stays findable but ranks below real content. */
const CHROME_FACTOR = 0.25;

export class Retriever {
  constructor(
    private readonly index: LoadedIndex,
    private readonly analyzer: Analyzer,
    private readonly embedder: Embedder,
    private readonly settings: RetrieverSettings = DEFAULT_RETRIEVER,
  ) {}

  /** Analyses a question; a previous question as `context` contributes its words at half weight. */
  async analyse(question: string, context?: string): Promise<Query> {
    const words = this.analyzer.queryWords(question);
    if (context) {
      const own = new Set(words.map((w) => w.text));
      for (const w of this.analyzer.queryWords(context)) if (!own.has(w.text)) words.push({ ...w, weight: w.weight / 2 });
    }
    const text = context ? `${question} ${context}` : question;
    const folded = this.analyzer.fold(text);
    return { question, folded, words, terms: this.analyzer.terms(folded), vector: await this.embedder.embeddings.embedQuery(text) };
  }

  /** Hybrid retrieval: BM25 and vector lists fused by weighted reciprocal rank. */
  retrieve(query: Query, limit: number): RetrievedChunk[] {
    const { candidates, rrfK, lexicalWeight } = this.settings;
    const fused = new Map<number, number>();
    const lexical = this.index.bm25.search(query.terms, candidates);
    lexical.forEach((hit, rank) => fused.set(hit.doc, (fused.get(hit.doc) ?? 0) + lexicalWeight / (rrfK + rank + 1)));
    const vector = this.index.vectors.search(query.vector, candidates);
    const similarity = new Map<number, number>();
    vector.forEach((hit, rank) => {
      similarity.set(hit.ordinal, hit.similarity);
      fused.set(hit.ordinal, (fused.get(hit.ordinal) ?? 0) + (1 - lexicalWeight) / (rrfK + rank + 1));
    });
    const ranked: RetrievedChunk[] = [];
    for (const [ordinal, score] of fused) {
      const chunk = this.index.chunks[ordinal];
      ranked.push({
        ordinal,
        chunk,
        fused: chunk.chrome ? score * CHROME_FACTOR : score,
        similarity: similarity.get(ordinal) ?? this.index.vectors.similarity(query.vector, ordinal),
      });
    }
    return ranked.sort((a, b) => b.fused - a.fused || a.ordinal - b.ordinal).slice(0, limit);
  }
}
