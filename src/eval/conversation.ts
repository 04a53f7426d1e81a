/**
 * The conversation protocols of `citebot eval --protocol followup|subject` and scripts/bench-quality
 * (issue 18), over SQuAD-style sets whose articles have titles (CMRC 2018, DRCD).
 *
 * Follow-up: pairs of questions on the same paragraph whose second names the article's title; the
 * second is rewritten with the title replaced by a pronoun (他 for a person's name by jieba, else 它)
 * or dropped (alternately). Scored by answer-hit: the original second question alone, (a) the
 * rewrite alone, (b) the rewrite after the first question in one conversation, and (c) the original
 * second question after an unrelated question (another pair's first) — what a stand-alone question
 * loses to the conversation.
 *
 * Subject: a question naming its article's title T whose answer sentence S also names T; S with T
 * replaced by another article's title T2 is appended to a paragraph of that article, and removed
 * from T's paragraph ("absent") or kept ("parallel"). A wrong-subject answer cites the T2 paragraph
 * as found. Absent cases should be not found (or offered as about T2); parallel ones answered from T.
 *
 * Every document is written as `title\n\ncontext`, so the index knows the titles. Articles are split
 * by position into a dev half (even) for tuning and a held-out half (odd) for reporting.
 */
import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { App } from "../app.js";
import { Engine, type EngineSettings, DEFAULT_ENGINE } from "../engine.js";
import { AppError } from "../errors.js";
import { splitSentences } from "../lang/sentences.js";
import { buildIndex } from "../pipeline/build.js";
import type { Answer, AskOptions, ConversationTurn } from "../types.js";
import { followUpContext, nextTurn } from "../answer/followup.js";

export type Protocol = "followup" | "subject";
export type Split = "dev" | "heldout" | "all";

interface Qa { id: string; question: string; answers: string[] }
interface Paragraph { title: string; article: number; name: string; context: string; qas: Qa[] }

/** How a conversation passes its earlier turn: the product's rule by default; the protocol can be run with another for a baseline. */
export type Converse = (question: string, previous: ConversationTurn | undefined) => AskOptions["context"];

export interface ConversationOptions {
  protocol: Protocol;
  split?: Split;
  /** At most this many cases. */
  limit?: number;
  engine?: EngineSettings;
  converse?: Converse;
}

export interface FollowUpReport {
  protocol: "followup";
  name: string;
  split: Split;
  pairs: number;
  /** Answer-hit of the original second question, (a) the rewrite alone, (b) the rewrite after the first, (c) the original after an unrelated question. */
  original: number;
  alone: number;
  conversation: number;
  afterUnrelated: number;
}

export interface SubjectReport {
  protocol: "subject";
  name: string;
  split: Split;
  cases: number;
  /** Share of "parallel" cases (both subjects hold the fact) answered from the other subject's document. */
  parallelWrong: number;
  /** Share of parallel cases answered with a gold answer from the asked subject's document. */
  parallelRight: number;
  /** Share of "absent" cases (only the other subject holds it) answered (found) from the other subject's document. */
  absentWrong: number;
  /** Share of absent cases offered as about the other subject (Answer.otherSubject). */
  absentOffered: number;
}

function invalid(message: string): AppError {
  return new AppError("EVAL_INPUT_INVALID", message, { hint: "--protocol needs SQuAD-style JSON with data[].title (CMRC 2018, DRCD)" });
}

/** Paragraphs with their article's title, numbered as documents. */
export function readArticles(raw: string, name: string): Paragraph[] {
  let json: { data?: Array<{ title?: unknown; paragraphs?: Array<{ context?: unknown; qas?: Array<{ id?: unknown; question?: unknown; answers?: Array<{ text?: unknown }> }> }> }> };
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, ""));
  } catch {
    throw invalid(`${name}: not a JSON document`);
  }
  if (!Array.isArray(json.data)) throw invalid(`${name}: no data[]`);
  const out: Paragraph[] = [];
  json.data.forEach((article, a) => {
    const title = typeof article.title === "string" ? article.title.trim() : "";
    for (const p of article.paragraphs ?? []) {
      if (!title || typeof p.context !== "string" || !p.context.trim()) continue;
      const qas = (p.qas ?? []).flatMap((q, i) => {
        const answers = [...new Set((q.answers ?? []).map((x) => x.text).filter((t): t is string => typeof t === "string" && t.trim() !== ""))];
        return typeof q.question === "string" && q.question.trim() && answers.length ? [{ id: String(q.id ?? `${out.length}-${i}`), question: q.question.trim(), answers }] : [];
      });
      out.push({ title, article: a, name: `p${String(out.length + 1).padStart(5, "0")}.txt`, context: p.context, qas });
    }
  });
  if (out.length === 0) throw invalid(`${name}: no titled paragraphs`);
  return out;
}

const inSplit = (split: Split, article: number) => split === "all" || (split === "dev") === (article % 2 === 0);
const hit = (answer: Answer, answers: string[]) => answer.found && answers.some((a) => answer.answer.includes(a));

/** The second question rewritten: the title replaced by a pronoun, or dropped (with a particle left dangling). */
export function rewrite(question: string, title: string, pronoun: string | undefined): string {
  if (pronoun) return question.split(title).join(pronoun);
  return question.split(title).join("").replace(/^[的之，,、\s]+/u, "").trim();
}

async function withIndex<T>(app: App, docs: Array<{ name: string; text: string }>, settings: EngineSettings, use: (engine: Engine) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "citebot-conv-"));
  try {
    const corpus = path.join(dir, "corpus");
    await fs.mkdir(corpus);
    for (const d of docs) await fs.writeFile(path.join(corpus, d.name), d.text);
    const index = await buildIndex(corpus, path.join(dir, "index"), app.config.index, { analyzer: app.analyzer, embedder: app.embedder, logger: app.logger });
    return await use(new Engine({ index, analyzer: app.analyzer, embedder: app.embedder, answerer: app.answerer, logger: app.logger }, settings));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const productConverse: Converse = (question, previous) => followUpContext(question, previous);

export async function runFollowUpProtocol(app: App, paragraphs: Paragraph[], name: string, options: ConversationOptions): Promise<FollowUpReport> {
  const split = options.split ?? "heldout";
  const converse = options.converse ?? productConverse;
  const pairs: Array<{ first: Qa; second: Qa; rewritten: string }> = [];
  for (const p of paragraphs) {
    if (!inSplit(split, p.article) || p.qas.length < 2 || p.title.length < 2) continue;
    for (const second of p.qas) {
      if (!second.question.includes(p.title)) continue;
      const first = p.qas.find((q) => q !== second && !q.question.includes(p.title)) ?? p.qas.find((q) => q !== second)!;
      const person = app.analyzer.tag(p.title).some((t) => t.tag === "nr");
      const pronoun = pairs.length % 2 === 0 ? (person ? "他" : "它") : undefined;
      const rewritten = rewrite(second.question, p.title, pronoun);
      if (rewritten.length >= 2) pairs.push({ first, second, rewritten });
    }
  }
  const cases = options.limit ? pairs.slice(0, options.limit) : pairs;
  const docs = paragraphs.map((p) => ({ name: p.name, text: `${p.title}\n\n${p.context}` }));
  return withIndex(app, docs, options.engine ?? DEFAULT_ENGINE, async (engine) => {
    const turnAfter = async (q: string): Promise<ConversationTurn> => nextTurn(q, undefined, await engine.ask(q));
    const ask = (q: string, previous: ConversationTurn) => {
      const context = converse(q, previous);
      return engine.ask(q, context === undefined ? {} : { context });
    };
    let original = 0, alone = 0, conversation = 0, afterUnrelated = 0;
    for (const [i, c] of cases.entries()) {
      const first = await turnAfter(c.first.question);
      if (hit(await engine.ask(c.second.question), c.second.answers)) original++;
      if (hit(await engine.ask(c.rewritten), c.second.answers)) alone++;
      if (hit(await ask(c.rewritten, first), c.second.answers)) conversation++;
      const unrelated = await turnAfter(cases[(i + Math.ceil(cases.length / 2)) % cases.length].first.question);
      if (hit(await ask(c.second.question, unrelated), c.second.answers)) afterUnrelated++;
    }
    const n = cases.length || 1;
    return { protocol: "followup", name, split, pairs: cases.length, original: original / n, alone: alone / n, conversation: conversation / n, afterUnrelated: afterUnrelated / n };
  });
}

export async function runSubjectProtocol(app: App, paragraphs: Paragraph[], name: string, options: ConversationOptions): Promise<SubjectReport> {
  const split = options.split ?? "heldout";
  const texts = paragraphs.map((p) => p.context);
  const appended = new Map<number, string[]>();
  const removed = new Map<number, Array<{ start: number; end: number }>>();
  const cases: Array<{ qa: Qa; own: number; other: number; kind: "parallel" | "absent" }> = [];
  const used = new Set<number>();
  for (const [i, p] of paragraphs.entries()) {
    if (!inSplit(split, p.article) || p.title.length < 2 || used.has(i)) continue;
    for (const qa of p.qas) {
      if (!qa.question.includes(p.title)) continue;
      const sentence = splitSentences(p.context, 0, p.context.length).find((s) => {
        const text = p.context.slice(s.start, s.end);
        return text.includes(p.title) && qa.answers.some((a) => text.includes(a));
      });
      if (!sentence) continue;
      // The other subject: the next article (in the same split) with a different title and a paragraph not used yet.
      let j = i + 1;
      while (j < paragraphs.length && (paragraphs[j].title === p.title || used.has(j) || !inSplit(split, paragraphs[j].article) || paragraphs[j].title.length < 2 || p.context.includes(paragraphs[j].title))) j++;
      if (j >= paragraphs.length) continue;
      const other = paragraphs[j];
      const swapped = p.context.slice(sentence.start, sentence.end).split(p.title).join(other.title);
      appended.set(j, [...(appended.get(j) ?? []), swapped]);
      const kind = cases.length % 2 === 0 ? "parallel" : "absent";
      if (kind === "absent") removed.set(i, [...(removed.get(i) ?? []), sentence]);
      cases.push({ qa, own: i, other: j, kind });
      used.add(i);
      used.add(j);
      break;
    }
    if (options.limit && cases.length >= options.limit) break;
  }
  const docs = paragraphs.map((p, i) => {
    let text = texts[i];
    for (const s of [...(removed.get(i) ?? [])].sort((a, b) => b.start - a.start)) text = text.slice(0, s.start) + text.slice(s.end);
    const extra = appended.get(i) ?? [];
    return { name: p.name, text: `${p.title}\n\n${text}${extra.length ? "\n" + extra.join("") : ""}` };
  });
  return withIndex(app, docs, options.engine ?? DEFAULT_ENGINE, async (engine) => {
    let parallelWrong = 0, parallelRight = 0, absentWrong = 0, absentOffered = 0, parallel = 0, absent = 0;
    for (const c of cases) {
      const answer = await engine.ask(c.qa.question);
      const cited = answer.citations[0]?.source;
      if (c.kind === "parallel") {
        parallel++;
        if (answer.found && cited === paragraphs[c.other].name) parallelWrong++;
        if (hit(answer, c.qa.answers) && cited === paragraphs[c.own].name) parallelRight++;
      } else {
        absent++;
        if (answer.found && cited === paragraphs[c.other].name) absentWrong++;
        if (answer.otherSubject?.citations[0]?.source === paragraphs[c.other].name) absentOffered++;
      }
    }
    const share = (x: number, n: number) => (n ? x / n : 0);
    return {
      protocol: "subject", name, split, cases: cases.length,
      parallelWrong: share(parallelWrong, parallel), parallelRight: share(parallelRight, parallel),
      absentWrong: share(absentWrong, absent), absentOffered: share(absentOffered, absent),
    };
  });
}

/** Runs one protocol on a SQuAD-style file. */
export async function runConversationProtocol(app: App, file: string, options: ConversationOptions): Promise<FollowUpReport | SubjectReport> {
  let raw: string;
  try {
    raw = await fs.readFile(file, "utf8");
  } catch (error) {
    throw invalid(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const name = path.basename(file);
  const paragraphs = readArticles(raw, name);
  return options.protocol === "followup" ? runFollowUpProtocol(app, paragraphs, name, options) : runSubjectProtocol(app, paragraphs, name, options);
}

/** A report as text: one line per figure. */
export function formatConversationReport(report: FollowUpReport | SubjectReport): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const head = `${report.name} (${report.split}), ${report.protocol} protocol`;
  if (report.protocol === "followup") {
    return [`${head}: ${report.pairs} pairs, answer-hit`,
      `  original second question       ${pct(report.original)}`,
      `  (a) rewritten, alone           ${pct(report.alone)}`,
      `  (b) rewritten, after the first ${pct(report.conversation)}`,
      `  (c) original, after unrelated  ${pct(report.afterUnrelated)}`].join("\n");
  }
  return [`${head}: ${report.cases} cases`,
    `  parallel: wrong subject ${pct(report.parallelWrong)}, right answer from the right document ${pct(report.parallelRight)}`,
    `  absent:   answered from the other subject ${pct(report.absentWrong)}, offered as about it ${pct(report.absentOffered)}`].join("\n");
}
