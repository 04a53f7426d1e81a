import type { Embeddings } from "@langchain/core/embeddings";

/** A decoded corpus file. `text` is the decoded file text with any BOM removed; every offset in the system indexes into it. */
export interface SourceDoc {
  /** Path relative to the corpus directory, with forward slashes. */
  source: string;
  /** Human title: first heading-like line, else the file name. */
  title: string;
  text: string;
  /** sha256 of the raw file bytes. */
  hash: string;
  /** How the bytes were decoded (utf-8, utf-16le, gb18030, ...), or the format they were extracted from (pdf, pdf+ocr, docx, epub). */
  encoding: string;
  /** PDF: start offset in `text` of each page, ascending (page n starts at pages[n - 1]); see locatePage in src/ingest/extract. */
  pages?: number[];
  /** Headings (DOCX, HTML, EPUB, Markdown, PDF), ascending by `start` (offset of the heading in `text`); see sectionAt in src/ingest/extract. */
  sections?: Array<{ start: number; heading: string; level: number }>;
}

export interface ChunkerSettings {
  /** Chunks are packed from whole sentences up to this many characters. */
  maxChars: number;
  /** A paragraph shorter than this is packed together with its neighbours (same section). */
  minChars: number;
}

/** A contiguous span of a source document: the unit of retrieval. */
export interface Chunk {
  /** Stable id: hash of source + offsets + text. */
  id: string;
  source: string;
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based paragraph number of `start`. */
  paragraph: number;
  /** Exact slice `doc.text.slice(start, end)`. */
  text: string;
  /** True for page chrome (breadcrumbs, licence numbers, copyright footers): indexed, but ranked below real content. */
  chrome?: boolean;
}

/** What identifies an embedder's vectors: recorded in the manifest, checked when the index is opened. */
export interface EmbedderInfo {
  id: string;
  provider: string;
  model?: string;
  dimensions: number;
}

/** The embedder as the index sees it: LangChain Embeddings plus what the manifest records. */
export interface Embedder {
  info: EmbedderInfo;
  embeddings: Embeddings;
}

/**
 * Where a span of a source is: the location every citation carries (src/answer/cite.ts
 * makes them). Documents with pages or sections will add `page` and `section` here.
 */
export interface Location {
  /** Path relative to the corpus directory. */
  source: string;
  /** Offsets into the decoded source text (`SourceDoc.text`), end exclusive. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based paragraph of `start`, numbered as the chunker numbers them (`Chunk.paragraph`). */
  paragraph: number;
  /** PDF: 1-based page on which `start` lies; absent for other formats. */
  page?: number;
  /** The nearest heading at or before `start` (DOCX, HTML, EPUB, Markdown, PDF); absent when there is none. */
  section?: string;
}

export interface Citation extends Location {
  n: number;
  /** Exact slice of the decoded source text. */
  text: string;
  /** Similarity in [0, 1]; higher is closer. */
  score: number;
  /** The chunk the excerpt came from (for "open the full passage"). */
  chunkId: string;
  /**
   * Which ends of the excerpt fall inside a sentence too long to quote whole (quoted as its best run of clauses):
   * the answer and every display mark them with an ellipsis (`markClipped`); `text` stays the exact slice.
   */
  clipped?: { start: boolean; end: boolean };
}

export interface Answer {
  id?: string;
  question: string;
  found: boolean;
  answer: string;
  citations: Citation[];
  /** A short factoid span (exact source text) when a confident one exists. */
  shortAnswer?: string;
  mode?: "llm" | "extractive";
  droppedCitations?: number;
  /** Only when `found` is false: the passage that came closest, as a hint — never an answer, and not among `citations`. */
  closest?: Omit<Citation, "n">;
  /**
   * With found = false: the question names a subject (`asked`) and the documents only say this about
   * another one (`subject`); `citations` is that excerpt (src/answer/subject.ts).
   */
  otherSubject?: { asked: string; subject: string; citations: Citation[] };
  /** True when the question was taken as a follow-up of the conversation passed as AskOptions.context. */
  followUp?: boolean;
  /**
   * With found = false: the message is no question but a greeting, thanks or a request for help (lang/small-talk.ts);
   * `answer` says what the bot does, with example questions, and no document was searched.
   */
  smallTalk?: SmallTalk;
}

/** A message that asks the documents nothing: a greeting, thanks, or a request for help with the bot. */
export type SmallTalk = "greeting" | "thanks" | "help";

/** A whole passage around a citation, for display. */
export interface Passage {
  source: string;
  title: string;
  chunkId: string;
  start: number;
  end: number;
  line: number;
  paragraph: number;
  /** PDF: the page on which the cited span (the highlight) starts; absent for other formats. */
  page?: number;
  /** The nearest heading at or before the cited span; absent when there is none. */
  section?: string;
  text: string;
  /** Highlight range inside `text` (relative offsets). */
  highlightStart: number;
  highlightEnd: number;
}

export interface SourceInfo {
  source: string;
  title: string;
  chunks: number;
  chars: number;
}

/** The earlier turn a follow-up leans on (src/answer/followup.ts decides when a question does). */
export interface ConversationTurn {
  /** The question that named the subject (for a chain of follow-ups, the first of the chain). */
  question: string;
  /** Where the previous answer's citations came from: a follow-up prefers these passages, then their documents. */
  citations?: Array<{ chunkId: string; source: string }>;
}

export interface AskOptions {
  /** Number of passages to retrieve (default from config). */
  k?: number;
  /** The earlier turn of the same conversation, used to resolve follow-ups (a string is a previous question without citations). */
  context?: string | ConversationTurn;
  signal?: AbortSignal;
  /** Called with partial answer text while an LLM streams (Telegram edits its reply with it). */
  onPartial?: (text: string) => void;
}

/** What every interface (CLI, Telegram, eval) needs from the engine. */
export interface QaEngine {
  /** True when `ask` may report partial text through `onPartial` (an LLM writes the answer); callers set up streaming only then. */
  readonly streaming?: boolean;
  ask(question: string, options?: AskOptions): Promise<Answer>;
  sources(): SourceInfo[];
  /** The passage around a cited span; undefined when the chunk or span is unknown (stale or forged reference). */
  passage(chunkId: string, start: number, end: number): Passage | undefined;
  /** A few questions a user could ask, drawn from the indexed documents. */
  exampleQuestions(count: number): string[];
}
