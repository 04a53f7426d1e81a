/**
 * The English part of the quality benchmark (issue 16): English questions over English text
 * (test/fixtures/quality/english, PSF-licensed Python documentation; the held-out
 * test/fixtures/quality/english-2, Debian's history and a puzzle manual; and the held-out
 * test/fixtures/quality/english-3, encyclopedic articles with two kinds of unanswerable question, and english-4 and
 * english-5, made the same way from Stellarium's sky culture descriptions and Freeciv's nation histories), and English questions
 * over the bundled Chinese corpus (test/fixtures/quality/cross-lingual.jsonl) and, held out, over eight CMRC 2018
 * articles (test/fixtures/quality/cross-lingual-2.jsonl, corpus in cross-lingual-2/; cross-lingual-dev, four other
 * articles, and cross-lingual-dev2, six more, for development), and Chinese questions over english-dev's corpus (development). Kept apart from
 * bench-quality.ts's Chinese sets and refusal protocol; bench-quality and bench-english both call it.
 */
import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { App } from "../../src/app.js";
import { DEFAULT_ENGINE, Engine } from "../../src/engine.js";
import type { LoadedIndex } from "../../src/index/types.js";
import { buildIndex } from "../../src/pipeline/build.js";
import type { Answer } from "../../src/types.js";

/** One fixture line: a question the corpus can or cannot answer (with gold strings when it can; an unanswerable one may say its kind). */
interface FixtureItem {
  q: string;
  answerable: boolean;
  answers?: string[];
  kind?: string;
}

async function readFixture(file: string): Promise<FixtureItem[]> {
  const raw = await fs.readFile(file, "utf8");
  return raw.split(/\r?\n/).filter((l) => l.trim()).map((line, i) => {
    const item = JSON.parse(line) as FixtureItem;
    if (typeof item.q !== "string" || typeof item.answerable !== "boolean") throw new Error(`${file} line ${i + 1}: expected {"q", "answerable", "answers"}`);
    return item;
  });
}

export interface EnglishReport {
  label: string;
  answerable: number;
  unanswerable: number;
  /** Answerable questions whose answer holds a gold string (whitespace runs compared as one space). */
  answerHit: number;
  /** Answerable questions answered "not found". */
  answerableRefused: number;
  /** Unanswerable questions answered "not found" (no fixture: NaN). */
  unanswerableRefused: number;
  /** Given answers whose first citation is a fragment: ends at , ; : or starts mid-sentence. */
  fragments: number;
  /** Given answers whose citations are not exact slices of the source text (must be 0; a row of one kind of unanswerable question: NaN). */
  inexactCitations: number;
  /** Questions on the wrong side, for reading. */
  wrong: Array<{ q: string; answerable: boolean; found: boolean; answer: string; kind?: string }>;
}

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
export const ENGLISH_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "english");
/** The held-out set: other prose (history, charter, game manuals), never tuned on. */
export const ENGLISH_HELD_OUT_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "english-2");
/** The encyclopedic set (held out until s13, tuned on since; its row keeps its label): one file per article; unanswerable questions about articles left out of the corpus and near-topic ones. */
export const ENGLISH_ENCYCLOPEDIC_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "english-3");
/** The second held-out encyclopedic set, made the same way from another source (sky culture descriptions). */
export const ENGLISH_SKY_CULTURES_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "english-4");
/** The third held-out encyclopedic set, made the same way from another source and genre (histories of peoples and states). */
export const ENGLISH_NATIONS_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "english-5");
/** Encyclopedic entries (FOLDOC), written for development after english-2: the kind of text (one article per file) the targets are judged on. */
export const ENGLISH_DEV_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "english-dev");
export const CROSS_LINGUAL_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "cross-lingual.jsonl");
/** The held-out cross-lingual set: English questions over eight CMRC 2018 articles, never tuned on. */
export const CROSS_LINGUAL_HELD_OUT_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "cross-lingual-2");
/** English questions over four other CMRC 2018 articles, for development. */
export const CROSS_LINGUAL_DEV_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "cross-lingual-dev");
/** English questions over six more CMRC 2018 articles, a second development set (session 13). */
export const CROSS_LINGUAL_DEV2_FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "cross-lingual-dev2");

/** English questions over the English fixture corpus. */
export async function englishRun(app: App): Promise<EnglishReport> {
  return fixtureRun(app, ENGLISH_FIXTURE, "English questions, English text");
}

/** English questions over the held-out English fixture corpus. */
export async function englishHeldOutRun(app: App): Promise<EnglishReport> {
  return fixtureRun(app, ENGLISH_HELD_OUT_FIXTURE, "English questions, English text (held out)");
}

/** English questions over the held-out encyclopedic corpus: the whole set, then a row for each kind of unanswerable question. */
export async function englishEncyclopedicRun(app: App): Promise<EnglishReport[]> {
  return kindedRun(app, ENGLISH_ENCYCLOPEDIC_FIXTURE, "English questions, English text (held out, encyclopedic)");
}

/** English questions over the second held-out encyclopedic corpus (sky cultures), with the same rows. */
export async function englishSkyCulturesRun(app: App): Promise<EnglishReport[]> {
  return kindedRun(app, ENGLISH_SKY_CULTURES_FIXTURE, "English questions, English text (held out, encyclopedic: sky cultures)");
}

/** English questions over the third held-out encyclopedic corpus (peoples and states), with the same rows. */
export async function englishNationsRun(app: App): Promise<EnglishReport[]> {
  return kindedRun(app, ENGLISH_NATIONS_FIXTURE, "English questions, English text (held out, encyclopedic: peoples and states)");
}

async function kindedRun(app: App, fixture: string, label: string): Promise<EnglishReport[]> {
  const items = await readFixture(path.join(fixture, "questions.jsonl"));
  const report = await withIndex(app, path.join(fixture, "corpus"), (index) => scoreItems(app, index, label, items));
  return [report, ...kindRows(report, items)];
}

/** Rows of the unanswerable questions of each kind (refusal only; the whole set's row has the rest). */
function kindRows(report: EnglishReport, items: FixtureItem[]): EnglishReport[] {
  const kinds = [...new Set(items.filter((i) => !i.answerable && i.kind).map((i) => i.kind!))];
  return kinds.map((kind) => {
    const n = items.filter((i) => !i.answerable && i.kind === kind).length;
    const answered = report.wrong.filter((w) => !w.answerable && w.kind === kind).length;
    return {
      label: `${report.label}: ${kind} unanswerable`, answerable: 0, unanswerable: n,
      answerHit: Number.NaN, answerableRefused: Number.NaN, unanswerableRefused: (n - answered) / n,
      fragments: Number.NaN, inexactCitations: Number.NaN, wrong: [],
    };
  });
}

async function fixtureRun(app: App, fixture: string, label: string, questions = "questions.jsonl"): Promise<EnglishReport> {
  const items = await readFixture(path.join(fixture, questions));
  return withIndex(app, path.join(fixture, "corpus"), (index) => scoreItems(app, index, label, items));
}

/** English questions over the encyclopedic development fixture. */
export async function englishDevRun(app: App): Promise<EnglishReport> {
  return fixtureRun(app, ENGLISH_DEV_FIXTURE, "English questions, encyclopedic text (dev)");
}

/** Chinese questions over the English development corpus (english-dev/questions-zh.jsonl, written in session 14; tuned on). */
export async function crossLingualZhDevRun(app: App): Promise<EnglishReport> {
  return fixtureRun(app, ENGLISH_DEV_FIXTURE, "Chinese questions, English text (dev)", "questions-zh.jsonl");
}

/** English questions over the bundled Chinese corpus. */
export async function crossLingualRun(app: App): Promise<EnglishReport> {
  const items = await readFixture(CROSS_LINGUAL_FIXTURE);
  return withIndex(app, app.config.paths.corpusDir, (index) => scoreItems(app, index, "English questions, Chinese corpus", items));
}

/** English questions over four other CMRC 2018 articles, written for developing the translation (tuned on). */
export async function crossLingualDevRun(app: App): Promise<EnglishReport> {
  return (await crossLingualSetRun(app, CROSS_LINGUAL_DEV_FIXTURE, "English questions, Chinese text (dev)"))[0];
}

/** English questions over six more CMRC 2018 articles, the second development set (tuned on). */
export async function crossLingualDev2Run(app: App): Promise<EnglishReport> {
  return (await crossLingualSetRun(app, CROSS_LINGUAL_DEV2_FIXTURE, "English questions, Chinese text (dev 2)"))[0];
}

/** English questions over the held-out Chinese corpus (CMRC 2018 articles), with a row for each kind of unanswerable question. */
export async function crossLingualHeldOutRun(app: App): Promise<EnglishReport[]> {
  return crossLingualSetRun(app, CROSS_LINGUAL_HELD_OUT_FIXTURE, "English questions, Chinese text (held out)");
}

/** `fixture`.jsonl's questions over `fixture`/corpus. */
async function crossLingualSetRun(app: App, fixture: string, label: string): Promise<EnglishReport[]> {
  const items = await readFixture(`${fixture}.jsonl`);
  const report = await withIndex(app, path.join(fixture, "corpus"), (index) => scoreItems(app, index, label, items));
  return [report, ...kindRows(report, items)];
}

async function withIndex<T>(app: App, corpus: string, run: (index: LoadedIndex) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "citebot-english-"));
  try {
    return await run(await buildIndex(corpus, dir, app.config.index, { analyzer: app.analyzer, embedder: app.embedder, logger: app.logger }));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function scoreItems(app: App, index: LoadedIndex, label: string, items: FixtureItem[]): Promise<EnglishReport> {
  const engine = new Engine({ index, analyzer: app.analyzer, embedder: app.embedder, logger: app.logger }, DEFAULT_ENGINE);
  const textOf = new Map(index.docs.map((d) => [d.source, d.text]));
  let hits = 0;
  let refusedAnswerable = 0;
  let refusedUnanswerable = 0;
  let given = 0;
  let fragments = 0;
  let inexact = 0;
  const wrong: EnglishReport["wrong"] = [];
  for (const item of items) {
    const answer = await engine.ask(item.q);
    if (answer.found) {
      given++;
      if (answer.citations.some((c) => textOf.get(c.source)?.slice(c.start, c.end) !== c.text)) inexact++;
      const first = answer.citations[0];
      if (first && isFragment(textOf.get(first.source) ?? "", first.start, first.end)) fragments++;
    }
    if (item.answerable) {
      if (!answer.found) refusedAnswerable++;
      else if (holdsGold(answer, item.answers ?? [])) hits++;
    } else if (!answer.found) refusedUnanswerable++;
    if (answer.found !== item.answerable) wrong.push({ q: item.q, answerable: item.answerable, found: answer.found, answer: answer.answer.slice(0, 160), ...(item.kind ? { kind: item.kind } : {}) });
  }
  const answerable = items.filter((i) => i.answerable).length;
  const unanswerable = items.length - answerable;
  return {
    label, answerable, unanswerable,
    answerHit: answerable ? hits / answerable : 0,
    answerableRefused: answerable ? refusedAnswerable / answerable : 0,
    unanswerableRefused: unanswerable ? refusedUnanswerable / unanswerable : Number.NaN,
    fragments: given ? fragments / given : 0,
    inexactCitations: inexact,
    wrong,
  };
}

const space = (s: string) => s.replace(/\s+/g, " ");

/** Whether the answer text holds a gold string; hard-wrapped English text breaks lines inside answers, so whitespace runs compare as one space. */
export function holdsGold(answer: Pick<Answer, "answer">, golds: readonly string[]): boolean {
  const text = space(answer.answer);
  return golds.some((g) => text.includes(space(g)));
}

/**
 * A fragment: the excerpt ends at a clause mark (, ; : and their full-width forms) with its
 * paragraph going on after it (a colon that closes a paragraph before a list or code block ends a
 * sentence), or starts mid-sentence (with a lower-case letter, or right after a letter, digit or
 * clause mark of the same paragraph).
 */
export function isFragment(text: string, start: number, end: number): boolean {
  const excerpt = text.slice(start, end).trimEnd().replace(/["'”’」』)）\]]+$/, "");
  if (/[,;:，；：、]$/.test(excerpt) && !/^[ \t]*(?:\r?\n[ \t]*\r?\n|$)/.test(text.slice(end))) return true;
  if (/^[a-z]/.test(text.slice(start, end))) return true;
  let k = start - 1;
  while (k >= 0 && (text[k] === " " || text[k] === "\t")) k--;
  return k >= 0 && /[\p{L}\p{N},;:，；：、]/u.test(text[k]);
}

/** The reports as a markdown table, before → after when a baseline is given. */
export function englishTable(reports: EnglishReport[], before: EnglishReport[] = []): string {
  const rows = [
    "| set | answerable / unanswerable | answer-hit | answerable refused | unanswerable refused | fragments | inexact citations |",
    "|---|---|---|---|---|---|---|",
  ];
  // A baseline read back from JSON holds null where a row had NaN.
  const f = (x: number | null) => (x === null || Number.isNaN(x) ? "–" : x.toFixed(3));
  const f0 = (x: number) => (Number.isNaN(x) ? "–" : String(x));
  for (const r of reports) {
    const old = before.find((b) => b.label === r.label);
    const pair = (k: "answerHit" | "answerableRefused" | "unanswerableRefused" | "fragments") => (old ? `${f(old[k])} → ${f(r[k])}` : f(r[k]));
    rows.push(`| ${r.label} | ${r.answerable} / ${r.unanswerable} | ${pair("answerHit")} | ${pair("answerableRefused")} | ${pair("unanswerableRefused")} | ${pair("fragments")} | ${f0(r.inexactCitations)} |`);
  }
  return rows.join("\n");
}
