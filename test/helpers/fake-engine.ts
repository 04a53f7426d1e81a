/**
 * An in-memory QaEngine over a few small Chinese documents, for bot tests.
 * Retrieval is bigram overlap at sentence level; citations are exact slices of
 * the document text; unrelated questions get found:false; passage() validates
 * chunk id and range like the real engine. Every ask() is recorded with the
 * options it received (context included) so tests can assert on follow-ups.
 */
import { createHash } from "node:crypto";
import { resolveFollowUp } from "../../src/answer/followup.js";
import { hanRuns } from "../../src/lang/script.js";
import type { Answer, AskOptions, Citation, Passage, QaEngine, SourceInfo } from "../../src/types.js";

export interface FakeDoc {
  source: string;
  /** Full text; the first line is the title, paragraphs are separated by blank lines. */
  text: string;
}

export const BEIJING: FakeDoc = {
  source: "beijing-2023.txt",
  text: [
    "北京市深入实施时代新人铸魂工程",
    "北京市认真学习贯彻党的二十大精神，聚焦立德树人根本任务，深入实施时代新人铸魂工程，努力培养堪当民族复兴重任的时代新人。",
    "北京市推动全市高校全覆盖开设思想概论必修课，26所高校试点开设思政选修课，切实提升思政课教学质量。",
    "2022年，北京市建设了100个大思政课实践教学基地。2023年，北京市新增50个大思政课实践教学基地。",
  ].join("\n\n"),
};

export const SHANGHAI: FakeDoc = {
  source: "shanghai-digital.txt",
  text: [
    "上海市教育数字化转型",
    "上海市推进教育数字化转型，建设了覆盖全市中小学的数字基座。",
    "全市共有1600所中小学接入数字基座，教师使用率超过90%。",
  ].join("\n\n"),
};

/** Corpus text full of HTML-significant characters, which must reach users verbatim. */
export const SYMBOLS: FakeDoc = {
  source: "symbols.txt",
  text: ["公式与符号 <说明> & 附录", "比较运算规则：写作 a < b 且 b > c，逻辑与运算写作 a && b，标签 <b>粗体</b> 与 &amp; 应原样显示。"].join("\n\n"),
};

export interface FakeEngineOptions {
  docs?: FakeDoc[];
  /** Citations per answer at most (default 3). */
  k?: number;
  /** Artificial latency per ask, in ms (default 0). */
  delayMs?: number;
  /** Throw this error for matching questions (an engine failure). */
  failOn?: (question: string) => Error | undefined;
  /**
   * A stuck engine: ask() waits for this promise, then answers; deaf to its signal throughout (with a promise
   * that never settles: an engine that never finishes).
   */
  hold?: Promise<unknown>;
  examples?: string[];
  /** Refusals carry the best-scoring sentence with any overlap as Answer.closest, like the real engine's hint. */
  closest?: boolean;
}

interface FakeChunk {
  id: string;
  source: string;
  title: string;
  start: number;
  end: number;
  line: number;
  paragraph: number;
  text: string;
}

export interface RecordedAsk {
  question: string;
  options?: AskOptions;
}

/** Han bigrams, Latin words and numbers: enough overlap signal for tests. */
function features(text: string): Set<string> {
  const out = new Set<string>();
  const han = hanRuns(text);
  for (const run of han) for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  for (const w of text.toLowerCase().match(/[a-z]{3,}|\d+/g) ?? []) out.add(w);
  return out;
}

export class FakeEngine implements QaEngine {
  readonly calls: RecordedAsk[] = [];
  /** Answers returned, in call order. */
  readonly answers: Answer[] = [];
  readonly passageCalls: { chunkId: string; start: number; end: number }[] = [];
  private readonly chunks: FakeChunk[] = [];
  private readonly docs: FakeDoc[];

  constructor(private readonly options: FakeEngineOptions = {}) {
    this.docs = [];
    for (const doc of options.docs ?? [BEIJING, SHANGHAI, SYMBOLS]) this.putDoc(doc);
  }

  /** Adds a document, or replaces the one with the same source (a library change, as a reload would show it). */
  putDoc(doc: FakeDoc): void {
    this.removeDoc(doc.source);
    this.docs.push(doc);
    const title = doc.text.split("\n")[0]!.trim() || doc.source;
    let paragraph = 0;
    for (const m of doc.text.matchAll(/[^\n]+(?:\n(?!\n)[^\n]*)*/g)) {
      paragraph++;
      const start = m.index;
      const end = start + m[0].length;
      const line = doc.text.slice(0, start).split("\n").length;
      const id = "c" + createHash("sha1").update(`${doc.source}:${start}:${end}`).digest("hex").slice(0, 12);
      this.chunks.push({ id, source: doc.source, title, start, end, line, paragraph, text: m[0] });
    }
  }

  removeDoc(source: string): void {
    const at = this.docs.findIndex((d) => d.source === source);
    if (at >= 0) this.docs.splice(at, 1);
    for (let i = this.chunks.length - 1; i >= 0; i--) if (this.chunks[i]!.source === source) this.chunks.splice(i, 1);
  }

  /** The contexts passed to ask(), in call order. */
  get contexts(): AskOptions["context"][] {
    return this.calls.map((c) => c.options?.context);
  }

  /** The question of each context passed to ask() (a string context is one), in call order. */
  get contextQuestions(): Array<string | undefined> {
    return this.contexts.map((c) => (typeof c === "string" ? c : c?.question));
  }

  async ask(question: string, options?: AskOptions): Promise<Answer> {
    const answer = await this.answer(question, options);
    this.answers.push(answer);
    return answer;
  }

  private async answer(question: string, options?: AskOptions): Promise<Answer> {
    this.calls.push({ question, options });
    if (this.options.hold) await this.options.hold;
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    if (!this.options.hold) options?.signal?.throwIfAborted();
    const failure = this.options.failOn?.(question);
    if (failure) throw failure;

    // The fake decides follow-ups with the real rule (no names, no tags: ellipsis and pronouns only) and "merges" one
    // by adding the context question's words to the query.
    const turn = options?.context === undefined ? undefined : resolveFollowUp(question, options.context, { namesSubject: false, tags: [] });
    const query = features(turn ? `${question} ${turn.question}` : question);
    const own = features(question);
    const scored: { chunk: FakeChunk; start: number; end: number; score: number }[] = [];
    for (const chunk of this.chunks) {
      for (const m of chunk.text.matchAll(/[^。！？!?]+[。！？!?]?/g)) {
        const sentence = m[0];
        const f = features(sentence);
        let score = 0;
        for (const x of query) if (f.has(x)) score += own.has(x) ? 3 : 1;
        const lead = sentence.length - sentence.trimStart().length;
        const start = chunk.start + m.index + lead;
        scored.push({ chunk, start, end: chunk.start + m.index + sentence.trimEnd().length, score });
      }
    }
    scored.sort((a, b) => b.score - a.score || a.start - b.start);
    const best: typeof scored = [];
    for (const s of scored) {
      if (s.score < 5 || best.length >= (this.options.k ?? 3)) break;
      if (!best.some((b) => b.chunk.id === s.chunk.id)) best.push(s);
    }
    const followUp = turn ? { followUp: true } : {};
    const cite = (b: (typeof scored)[number], n: number): Citation => {
      const doc = this.docs.find((d) => d.source === b.chunk.source)!;
      return {
        n,
        source: b.chunk.source,
        start: b.start,
        end: b.end,
        line: doc.text.slice(0, b.start).split("\n").length,
        paragraph: b.chunk.paragraph,
        text: doc.text.slice(b.start, b.end),
        score: Math.min(1, b.score / 20),
        chunkId: b.chunk.id,
      };
    };
    if (best.length === 0) {
      const near = this.options.closest && scored[0] && scored[0].score > 0 ? cite(scored[0], 0) : undefined;
      const closest = near && (({ n: _, ...rest }) => rest)(near);
      return { question, found: false, answer: "", citations: [], mode: "extractive", ...(closest ? { closest } : {}), ...followUp };
    }

    const citations: Citation[] = best.map((b, i) => cite(b, i + 1));
    const answer = citations.map((c) => `${c.text}[${c.n}]`).join("");
    const short = /多少|几/.test(question) ? /\d+(?:所|个|门|%)/.exec(citations[0]!.text)?.[0] : undefined;
    return { question, found: true, answer, citations, mode: "extractive", ...(short ? { shortAnswer: short } : {}), ...followUp };
  }

  sources(): SourceInfo[] {
    return this.docs.map((d) => ({
      source: d.source,
      title: d.text.split("\n")[0]!.trim() || d.source,
      chunks: this.chunks.filter((c) => c.source === d.source).length,
      chars: d.text.length,
    }));
  }

  passage(chunkId: string, start: number, end: number): Passage | undefined {
    this.passageCalls.push({ chunkId, start, end });
    const chunk = this.chunks.find((c) => c.id === chunkId);
    if (!chunk || !(start >= chunk.start && end <= chunk.end && start < end)) return undefined;
    return {
      source: chunk.source,
      title: chunk.title,
      chunkId,
      start: chunk.start,
      end: chunk.end,
      line: chunk.line,
      paragraph: chunk.paragraph,
      text: chunk.text,
      highlightStart: start - chunk.start,
      highlightEnd: end - chunk.start,
    };
  }

  exampleQuestions(count: number): string[] {
    return (this.options.examples ?? ["北京有多少所高校试点开设思政选修课？", "上海有多少所中小学接入数字基座？", "北京市2023年新增了多少个实践教学基地？"]).slice(0, count);
  }
}

export function createFakeEngine(options?: FakeEngineOptions): FakeEngine {
  return new FakeEngine(options);
}
