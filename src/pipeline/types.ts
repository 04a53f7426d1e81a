import type { Extract } from "../ingest/extract/index.js";
import type { CorpusReader } from "../ingest/load.js";
import type { Logger } from "../log.js";
import type { Analyzer } from "../search/analyzer.js";
import type { Embedder } from "../types.js";

/** What a build works with: the analyzer feeds BM25, the embedder the vectors. */
export interface BuildDeps {
  analyzer: Analyzer;
  embedder: Embedder;
  logger: Logger;
  /** Extracts a file the extraction cache lacks; default extractDocument (tests count calls through it). */
  extract?: Extract;
  /** Reads a listed corpus file (to hash or extract it); default readCorpusBytes (tests count reads through it). */
  read?: CorpusReader;
}

export interface BuildProgress {
  phase: "read" | "embed" | "graph" | "write";
  done: number;
  total: number;
}

export type OnProgress = (p: BuildProgress) => void;
