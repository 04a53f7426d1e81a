import type { Logger } from "../log.js";
import type { Analyzer } from "../search/analyzer.js";
import type { Embedder } from "../types.js";

/** What a build works with: the analyzer feeds BM25, the embedder the vectors. */
export interface BuildDeps {
  analyzer: Analyzer;
  embedder: Embedder;
  logger: Logger;
}

export interface BuildProgress {
  phase: "read" | "embed" | "graph" | "write";
  done: number;
  total: number;
}

export type OnProgress = (p: BuildProgress) => void;
