import type { LoadedIndex } from "../index/types.js";
import { type Span, splitSentences } from "../lang/sentences.js";
import type { RetrievedChunk } from "../retrieve/retriever.js";
import type { QueryWord } from "../search/analyzer.js";
import type { Fold } from "../search/fold.js";
import type { Chunk } from "../types.js";
import type { Evidence } from "./answerer.js";
import type { Citer } from "./cite.js";
import { answers, DEFAULT_EVIDENCE, type EvidenceSettings, type Excerpt, selectEvidence } from "./evidence.js";
import type { SubjectCheck } from "./subject.js";

/** From retrieved chunks to the evidence an answerer is given: excerpts (evidence.ts), the refusal gate, citations (cite.ts). */

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
  /** Not found because the best excerpt is about another subject than the one asked (src/answer/subject.ts): that excerpt, to offer as such. */
  other?: { asked: string; found: string; evidence: Evidence };
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

  /** `agree`: the subject-agreement hook (Subjects.agree), re-ordering and marking the excerpts before the gate. */
  select(question: string, words: QueryWord[], retrieved: RetrievedChunk[], k: number, agree?: (excerpts: Excerpt[]) => SubjectCheck): SelectedEvidence {
    const { index, settings } = this;
    const ranked = selectEvidence(question, words, retrieved, (o) => index.docs[index.chunkDoc[o]], this.fold, settings,
      (hit, text) => this.sentences.sentences(hit.ordinal, text));
    const subject = agree?.(ranked);
    const excerpts = subject ? subject.excerpts : ranked;
    const similarity = new Map(retrieved.map((r) => [r.ordinal, r.similarity]));
    if (!answers(excerpts[0], words, settings)) {
      // Offered only when it would answer but for the subject.
      const other = subject?.other && answers(ranked[0], words, settings) && { ...subject.other, evidence: this.toEvidence(excerpts[0], similarity.get(excerpts[0].ordinal) ?? 0) };
      return { found: false, evidence: [], ...(other ? { other } : {}) };
    }
    return { found: true, evidence: supporting(subject ? excerpts.slice(0, subject.agreeing) : excerpts, k, settings).map((e) => this.toEvidence(e, similarity.get(e.ordinal) ?? 0)) };
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
