import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { App } from "../app.js";
import { DEFAULT_ENGINE, Engine, type EngineSettings } from "../engine.js";
import { AppError } from "../errors.js";
import { buildIndex } from "../pipeline/build.js";
import type { Answer } from "../types.js";
import { DOCUMENT_RULES, sentencePieces } from "../lang/sentences.js";
import { seededRandom, shuffled } from "../util/random.js";
import type { EvalItem, EvalSet } from "./dataset.js";

/**
 * The hold-out refusal protocol (issue 16). A SQuAD-style set becomes one file per article;
 * a seeded random share of the articles is left out of the corpus and their questions are
 * asked anyway — all but those whose gold answer still occurs in the remaining text — so
 * every one of them should be refused. The present articles' questions measure false
 * refusals and answer-hit. Unlike a fixture written from one document, the unanswerable
 * questions are real questions about real articles the corpus happens not to hold, many of
 * them sharing words with it.
 */

export interface HoldoutOptions {
  set: EvalSet;
  /** Share of articles left out, 0 < share < 1 (the protocol: 0.2). */
  share: number;
  /** Seed of the article shuffle. */
  seed: number;
  /** Engine settings to compare on the same index, e.g. the legacy gate and the current one (default: DEFAULT_ENGINE alone). */
  engines?: Array<{ label: string; settings: EngineSettings }>;
  k?: number;
  /** Keep per-question records in the report. */
  details?: boolean;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface HoldoutRecord {
  id: string;
  question: string;
  answers: string[];
  /** Whether the question's article is in the corpus. */
  present: boolean;
  found: boolean;
  answer: string;
  answerHit: boolean;
  shortAnswer?: string;
}

/** One engine's outcome on the split. */
export interface HoldoutRun {
  label: string;
  /** Share of the asked held-out questions answered "not found" (the target: ≥ 0.90). */
  heldOutRefused: number;
  /** Share of present articles' questions answered "not found" (the target: ≤ 0.02). */
  falseRefusals: number;
  /** Share of present articles' questions whose `answer` contains a gold answer string. */
  answerHit: number;
  /** Citations checked, and those whose text is not exactly the cited slice of the article (must be 0). */
  citations: number;
  inexact: number;
  latencyMsMean: number;
  records?: HoldoutRecord[];
}

export interface HoldoutReport {
  name: string;
  seed: number;
  share: number;
  articles: { present: number; heldOut: number };
  /** Questions of held-out articles asked, and those dropped because a gold answer string occurs in the remaining corpus. */
  heldOutAsked: number;
  heldOutDropped: number;
  presentAsked: number;
  indexBuildMs: number;
  /** Wall time of the whole run (split, build and every engine's questions). */
  ms: number;
  runs: HoldoutRun[];
}

export interface HoldoutSplit {
  /** Present articles as files: name → text (title, blank line, paragraphs separated by blank lines). */
  files: Map<string, string>;
  heldOutArticles: number;
  /** Questions of held-out articles whose gold answers the present files do not contain. */
  heldOut: EvalItem[];
  /** Questions of held-out articles dropped because a gold answer occurs in a present file. */
  dropped: number;
  present: EvalItem[];
}

/** The seeded split of a SQuAD-style set's articles (pure: the same seed gives the same split). */
export function holdoutSplit(set: EvalSet, share: number, seed: number): HoldoutSplit {
  if (!set.articles || !set.docs) {
    throw new AppError("EVAL_INPUT_INVALID", `${set.name}: the hold-out protocol needs SQuAD-style input (articles with paragraphs)`, { hint: "citebot eval --qa cmrc2018_trial.json --holdout 0.2" });
  }
  const text = new Map(set.docs.map((d) => [d.name, d.text]));
  const order = shuffled(set.articles.map((_, i) => i), seededRandom(seed));
  const heldOutCount = Math.min(set.articles.length - 1, Math.max(1, Math.round(share * set.articles.length)));
  const heldOutIdx = new Set(order.slice(0, heldOutCount));
  const files = new Map<string, string>();
  const fileOfDoc = new Map<string, string>();
  set.articles.forEach((article, i) => {
    if (heldOutIdx.has(i)) return;
    const name = `a${String(i + 1).padStart(5, "0")}.txt`;
    const body = article.docs.map((d) => text.get(d)!.trim()).join("\n\n");
    files.set(name, article.title ? `${article.title}\n\n${body}\n` : `${body}\n`);
    for (const d of article.docs) fileOfDoc.set(d, name);
  });
  const corpusText = [...files.values()].join("\n");
  const heldOut: EvalItem[] = [];
  const present: EvalItem[] = [];
  let dropped = 0;
  for (const item of set.items) {
    const gold = (item.goldDocs ?? []).map((d) => fileOfDoc.get(d)).filter((f): f is string => f !== undefined);
    if (gold.length) present.push({ ...item, goldDocs: gold });
    else if (item.answers.some((a) => corpusText.includes(a))) dropped++;
    else heldOut.push(item);
  }
  return { files, heldOutArticles: heldOutCount, heldOut, dropped, present };
}

/**
 * The near-topic variant of the protocol (the hard case of issue 16: the corpus is about the question's subject, but
 * silent on what it asks). In a seeded share of the present articles, the sentence holding one question's gold answer
 * is taken out; that article's questions whose gold answers then occur nowhere in the corpus are asked, and every one
 * of them should be refused. The article itself stays (its title, its other sentences), unlike the held-out articles.
 * A paraphrase elsewhere in the article may still answer a few of them, so this reads a bound, not an exact rate.
 */
export interface SilentSplit {
  files: Map<string, string>;
  /** Articles that lost a sentence. */
  articles: number;
  /** Their questions whose gold answers the corpus no longer contains. */
  silent: EvalItem[];
}

export function silentSplit(set: EvalSet, share: number, seed: number, silentShare: number): SilentSplit {
  const split = holdoutSplit(set, share, seed);
  const files = new Map(split.files);
  const byFile = new Map<string, EvalItem[]>();
  for (const item of split.present) {
    const file = item.goldDocs![0];
    byFile.set(file, [...(byFile.get(file) ?? []), item]);
  }
  // Its own stream: the article split stays that of holdoutSplit with the same seed.
  const random = seededRandom(seed * 7919 + 17);
  const touched = new Set<string>();
  for (const [file, items] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (random() >= silentShare) continue;
    const item = items[Math.floor(random() * items.length)];
    const text = files.get(file)!;
    const bodyStart = text.indexOf("\n\n") + 2;
    const at = text.indexOf(item.answers[0] ?? "", bodyStart);
    if (!item.answers[0] || at < bodyStart) continue;
    let offset = 0;
    for (const piece of sentencePieces(text, DOCUMENT_RULES)) {
      const end = offset + piece.text.length;
      if (piece.kind === "sentence" && offset <= at && at < end) {
        files.set(file, text.slice(0, offset) + text.slice(end));
        touched.add(file);
        break;
      }
      offset = end;
    }
  }
  const corpusText = [...files.values()].join("\n");
  const silent = split.present.filter((item) => touched.has(item.goldDocs![0]) && !item.answers.some((a) => corpusText.includes(a)));
  return { files, articles: touched.size, silent };
}

export interface SilentReport {
  name: string;
  seed: number;
  articles: number;
  asked: number;
  runs: Array<{ label: string; refused: number; citations: number; inexact: number }>;
}

/** Builds the index of silentSplit's corpus and asks its silent questions, once per engine. */
export async function runSilent(app: App, options: Omit<HoldoutOptions, "details" | "onProgress" | "signal"> & { silentShare: number }): Promise<SilentReport> {
  const { set, share, seed } = options;
  const split = silentSplit(set, share, seed, options.silentShare);
  const engines = options.engines ?? [{ label: "citebot", settings: { ...DEFAULT_ENGINE, k: app.config.engine.k } }];
  return withIndex(app, split.files, async (index) => {
    const runs: SilentReport["runs"] = [];
    for (const { label, settings } of engines) {
      const engine = new Engine({ index, analyzer: app.analyzer, embedder: app.embedder, logger: app.logger }, settings);
      let refused = 0;
      let citations = 0;
      let inexact = 0;
      for (const item of split.silent) {
        const answer = await engine.ask(item.question, { k: options.k });
        if (!answer.found) refused++;
        for (const c of answer.citations) {
          citations++;
          if (split.files.get(c.source)?.slice(c.start, c.end) !== c.text) inexact++;
        }
      }
      runs.push({ label, refused: split.silent.length ? refused / split.silent.length : 0, citations, inexact });
    }
    return { name: set.name, seed, articles: split.articles, asked: split.silent.length, runs };
  });
}

/** Writes `files` as a corpus in a temporary directory, builds its index and hands it to `use`; the directory is removed after. */
async function withIndex<T>(app: App, files: ReadonlyMap<string, string>, use: (index: Awaited<ReturnType<typeof buildIndex>>, buildMs: number) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "citebot-holdout-"));
  try {
    const corpusDir = path.join(dir, "corpus");
    await fs.mkdir(corpusDir);
    for (const [name, text] of files) await fs.writeFile(path.join(corpusDir, name), text);
    const started = performance.now();
    const index = await buildIndex(corpusDir, path.join(dir, "index"), app.config.index, { analyzer: app.analyzer, embedder: app.embedder, logger: app.logger });
    return await use(index, performance.now() - started);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Builds an index of the present articles in a temporary directory and asks both groups of questions, once per engine. */
export async function runHoldout(app: App, options: HoldoutOptions): Promise<HoldoutReport> {
  const { set, share, seed } = options;
  const t0 = performance.now();
  const split = holdoutSplit(set, share, seed);
  return withIndex(app, split.files, async (index, indexBuildMs) => {
    const engines = options.engines ?? [{ label: "citebot", settings: { ...DEFAULT_ENGINE, k: app.config.engine.k } }];
    const questions: Array<[EvalItem, boolean]> = [...split.heldOut.map((i): [EvalItem, boolean] => [i, false]), ...split.present.map((i): [EvalItem, boolean] => [i, true])];
    const total = questions.length * engines.length;
    let done = 0;
    const runs: HoldoutRun[] = [];
    for (const { label, settings } of engines) {
      const engine = new Engine({ index, analyzer: app.analyzer, embedder: app.embedder, logger: app.logger }, settings);
      const records: HoldoutRecord[] = [];
      let citations = 0;
      let inexact = 0;
      const asked = performance.now();
      for (const [item, present] of questions) {
        if (options.signal?.aborted) break;
        const answer: Answer = await engine.ask(item.question, { k: options.k });
        for (const c of answer.citations) {
          citations++;
          if (split.files.get(c.source)?.slice(c.start, c.end) !== c.text) inexact++;
        }
        records.push({
          id: item.id, question: item.question, answers: item.answers, present, found: answer.found, answer: answer.answer,
          answerHit: answer.found && item.answers.some((a) => answer.answer.includes(a)),
          ...(answer.shortAnswer !== undefined ? { shortAnswer: answer.shortAnswer } : {}),
        });
        options.onProgress?.(++done, total);
      }
      const held = records.filter((r) => !r.present);
      const pres = records.filter((r) => r.present);
      runs.push({
        label,
        heldOutRefused: shareOf(held, (r) => !r.found),
        falseRefusals: shareOf(pres, (r) => !r.found),
        answerHit: shareOf(pres, (r) => r.answerHit),
        citations, inexact,
        latencyMsMean: records.length ? (performance.now() - asked) / records.length : 0,
        ...(options.details ? { records } : {}),
      });
    }
    return {
      name: set.name, seed, share,
      articles: { present: split.files.size, heldOut: split.heldOutArticles },
      heldOutAsked: split.heldOut.length, heldOutDropped: split.dropped, presentAsked: split.present.length,
      indexBuildMs, ms: performance.now() - t0, runs,
    };
  });
}

function shareOf<T>(items: T[], f: (x: T) => boolean): number {
  return items.length ? items.filter(f).length / items.length : 0;
}

/** The legacy gate and the current one, on the same split and index: before and after issue 16 side by side. */
export function gateComparison(base: EngineSettings): Array<{ label: string; settings: EngineSettings }> {
  return [
    { label: "before (legacy gate)", settings: { ...base, gate: { ...base.gate, kind: "legacy" } } },
    { label: "after", settings: base },
  ];
}

/** A terminal table: one column per engine. */
export function formatHoldout(r: HoldoutReport): string {
  const rows: Array<[string, ...string[]]> = [
    ["held-out unanswerable refused", ...r.runs.map((x) => x.heldOutRefused.toFixed(3))],
    ["false refusals (present articles)", ...r.runs.map((x) => x.falseRefusals.toFixed(3))],
    ["answer-hit (present articles)", ...r.runs.map((x) => x.answerHit.toFixed(3))],
    ["inexact citations", ...r.runs.map((x) => `${x.inexact} of ${x.citations}`)],
    ["mean ms per question", ...r.runs.map((x) => x.latencyMsMean.toFixed(1))],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const cols = r.runs.map((x, i) => Math.max(x.label.length, ...rows.map((row) => row[i + 1].length)));
  const line = (k: string, vs: string[]) => `  ${k.padEnd(width)}  ${vs.map((v, i) => v.padStart(cols[i])).join("  ")}`;
  return [
    `hold-out refusal on ${r.name}: ${r.articles.heldOut} of ${r.articles.present + r.articles.heldOut} articles left out (share ${r.share}, seed ${r.seed}); ` +
      `${r.heldOutAsked} of their questions asked (${r.heldOutDropped} dropped: gold answer still in the corpus), ${r.presentAsked} present-article questions`,
    line("", r.runs.map((x) => x.label)),
    ...rows.map(([k, ...vs]) => line(k, vs)),
    `  index build ${(r.indexBuildMs / 1000).toFixed(2)} s, whole run ${(r.ms / 1000).toFixed(1)} s`,
  ].join("\n");
}
