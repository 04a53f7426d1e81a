import type { Answer, Citation } from "../types.js";
import type { Citer } from "./cite.js";

/** One retrieved passage as an answerer sees it: a chunk plus the evidence excerpt chosen inside it. */
export interface Evidence {
  /** Exact excerpt (a slice of the source text) and where it is. */
  citation: Omit<Citation, "n">;
  /** The whole chunk text the excerpt came from (for an LLM's context). */
  passage: string;
  /** Offsets of `passage` in the source text. */
  passageStart: number;
  passageEnd: number;
  /** Evidence score in [0, 1]. */
  score: number;
  /** When the excerpt is a table row: the cell under the column the question names (source offsets inside the citation). */
  cell?: { start: number; end: number };
  /** Which ends of the excerpt fall inside a sentence too long to quote whole (the answer marks them with an ellipsis). */
  clipped?: { start: boolean; end: boolean };
}

export interface AnswerRequest {
  question: string;
  /** Ranked evidence, best first; empty when nothing relevant was found. */
  evidence: Evidence[];
  /** The extractive answer, always computed: the fallback for any other answerer. */
  extractive: Answer;
  /** Cites the spans an answerer finds itself (an LLM's quotes), as the evidence was cited. */
  citer: Citer;
  signal?: AbortSignal;
  /** Called with partial text as an LLM streams (for Telegram's live edits). */
  onPartial?: (text: string) => void;
}

/** Turns evidence into an answer. The default is extractive; LLM answerers must verify their citations. */
export interface Answerer {
  readonly id: string;
  /** True when `answer` reports partial text through `onPartial`. */
  readonly streams?: boolean;
  answer(request: AnswerRequest): Promise<Answer>;
}

/** The model-free answerer: returns the extractive answer as is. */
export const extractiveAnswerer: Answerer = {
  id: "extractive",
  async answer(request) {
    return request.extractive;
  },
};
