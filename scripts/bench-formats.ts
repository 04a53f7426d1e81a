/**
 * Format benchmark (issue 14): the same text must answer as well from a PDF or DOCX as from a .txt.
 *
 *   scripts/bench-formats [--articles 60] [--set cmrc2018_trial|DRCD_test] [--seed 14]
 *                         [--out .bench/formats.json] [--bench DIR] [--keep]
 *
 * Picks --articles articles (a `data[]` entry: its title and its paragraphs) from a public set in
 * ../shared/bench with a fixed seed, and renders each one three ways with
 * scripts/make-fixtures/render_articles.py: .txt, .pdf (A5, embedded CJK font, running header,
 * page footer, a narrow justified column so that sentences wrap across lines and pages) and .docx
 * (heading, paragraphs, header and footer). Each rendering is its own corpus: citebot builds a fresh
 * index of it in-process (model-free: hashing embedder, extractive answerer) and answers every
 * question of the chosen articles. Reported per format: answer-hit (a gold answer string in
 * `answer`), cite0-hit (in the first citation's text), cite0 source (the first citation is from
 * the question's article), refusals, inexact citations (`citation.text` must equal
 * `extracted.slice(start, end)`, both for the text stored in the index and for a fresh
 * `extractDocument` of the file), and for PDF the cited page: the renderer records the lines it
 * drew on every page, the page of a citation is where its first characters (whitespace removed)
 * were drawn, and that is compared with `citation.page` when citations carry one ("page field
 * absent" otherwise) and with the page the extractor's page starts give for `citation.start`.
 * Also PDF extraction speed (pages/s) over the rendered corpus.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../src/app.js";
import { parseConfig } from "../src/config/config.js";
import { DEFAULT_ENGINE, Engine } from "../src/engine.js";
import type { EvalItem } from "../src/eval/dataset.js";
import { type EvalRecord, score } from "../src/eval/run.js";
import { extractDocument, isSkip, locatePage, PdfWorkerHost } from "../src/ingest/extract/index.js";
import { createMemoryLogger } from "../src/log.js";
import { buildIndex } from "../src/pipeline/build.js";
import type { Answer, Citation } from "../src/types.js";
import { seededRandom } from "../test/helpers/random.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const FORMATS = ["txt", "pdf", "docx"] as const;
type Format = (typeof FORMATS)[number];
/** Characters of a citation (whitespace removed) looked up in the rendered pages. */
const PREFIX = 12;

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "60" },
    set: { type: "string", default: "cmrc2018_trial" },
    seed: { type: "string", default: "14" },
    out: { type: "string", default: path.join(repoRoot, ".bench", "formats.json") },
    bench: { type: "string" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  process.stdout.write("scripts/bench-formats [--articles 60] [--set cmrc2018_trial|DRCD_test] [--seed 14] [--out .bench/formats.json] [--bench DIR] [--keep]\n");
  process.exit(0);
}

const log = (line: string) => process.stderr.write(line + "\n");
const benchDir = path.resolve(values.bench ?? process.env.CITEBOT_BENCH_DIR ?? path.join(repoRoot, "..", "shared", "bench"));

interface Article {
  id: string;
  title: string;
  paragraphs: string[];
  items: EvalItem[];
}

interface Truth {
  pages: string[][];
  header?: string;
  footers?: string[];
  paragraphs: Array<[number, number]>;
}

interface PageCheck {
  /** PDF citations whose page could be told from the rendered pages. */
  located: number;
  /** Citations whose first characters were not found on any rendered page (or on several). */
  unlocated: number;
  /** Citations carrying `page`. */
  withPage: number;
  correct: number;
  wrong: Array<{ source: string; start: number; text: string; page: number; expected: number }>;
  unlocatedExamples: Array<{ source: string; start: number; text: string }>;
  /** The page the extractor's page starts give for citation.start (what `page` should be). */
  extractorCorrect: number;
}

interface FormatResult {
  format: Format;
  documents: number;
  chunks: number;
  questions: number;
  answerHit: number;
  cite0Hit: number;
  cite0Source: number;
  refusalRate: number;
  citations: number;
  inexact: number;
  inexactExamples: Array<{ source: string; start: number; end: number; text: string; actual: string; against: string }>;
  indexBuildMs: number;
  extractMs: number;
  pages?: number;
  pagesPerSecond?: number;
  pageCheck?: PageCheck;
  latencyMsMean: number;
}

interface SquadJson {
  data: Array<{ title?: string; paragraphs?: Array<{ context?: string; qas?: Array<{ id?: unknown; question?: string; answers?: Array<{ text?: string }> }> }> }>;
}

async function pickArticles(file: string, n: number, seed: number): Promise<Article[]> {
  const json = JSON.parse((await fs.readFile(file, "utf8")).replace(/^\uFEFF/, "")) as SquadJson;
  const all = json.data.filter((a) => (a.paragraphs ?? []).some((p) => typeof p.context === "string" && p.context.trim()));
  const order = all.map((_, i) => i);
  const random = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, n).sort((a, b) => a - b).map((k, i) => {
    const a = all[k];
    const id = `a${String(i + 1).padStart(3, "0")}`;
    const paragraphs = (a.paragraphs ?? []).filter((p) => typeof p.context === "string" && p.context.trim());
    const items: EvalItem[] = [];
    for (const p of paragraphs) {
      for (const qa of p.qas ?? []) {
        if (typeof qa.question !== "string" || !qa.question.trim()) continue;
        const answers = [...new Set((qa.answers ?? []).map((x) => x.text).filter((t): t is string => typeof t === "string" && t.trim() !== ""))];
        if (answers.length) items.push({ id: String(qa.id ?? `${id}-q${items.length + 1}`), question: qa.question.trim(), answers, goldDocs: [id] });
      }
    }
    return { id, title: (a.title ?? "").trim() || id, paragraphs: paragraphs.map((p) => p.context!.trim()), items };
  });
}

const squash = (s: string) => s.replace(/\s+/g, "");

/**
 * The 1-based page on which `text` (whitespace removed) starts in the rendered pages; undefined when
 * not found there exactly once. Looked up in the body lines first, then in the pages with their
 * header and footer (a one-page PDF keeps its header: nothing repeats for the extractor to drop).
 */
function truthPage(truth: Truth, text: string): number | undefined {
  return pageIn(truth.pages.map((lines) => squash(lines.join(""))), text)
    ?? pageIn(truth.pages.map((lines, i) => squash((truth.header ?? "") + lines.join("") + (truth.footers?.[i] ?? ""))), text);
}

function pageIn(pages: string[], text: string): number | undefined {
  const all = pages.join("");
  const starts: number[] = [];
  let at = 0;
  for (const p of pages) {
    starts.push(at);
    at += p.length;
  }
  const whole = squash(text);
  for (let len = Math.min(PREFIX, whole.length); len <= whole.length && len > 0; len = len < whole.length ? Math.min(whole.length, len * 2) : len + 1) {
    const needle = whole.slice(0, len);
    const first = all.indexOf(needle);
    if (first < 0) return undefined;
    const pageOf = (offset: number) => starts.filter((s) => s <= offset).length;
    const hits = new Set<number>();
    for (let i = first; i >= 0; i = all.indexOf(needle, i + 1)) hits.add(pageOf(i));
    if (hits.size === 1) return [...hits][0];
    if (len === whole.length) return undefined;
  }
  return undefined;
}

async function runFormat(app: ReturnType<typeof createApp>, format: Format, root: string, articles: Article[]): Promise<FormatResult> {
  const corpus = path.join(root, format);
  const files = (await fs.readdir(corpus)).filter((f) => f.endsWith(`.${format}`)).sort();

  // The extraction pass: the text every citation must slice, page starts, and the speed.
  const extracted = new Map<string, { text: string; pages?: number[] }>();
  let pages = 0;
  const t0 = performance.now();
  // One PDF worker for the whole pass, as a build uses.
  const pdf = new PdfWorkerHost();
  try {
    for (const f of files) {
      const result = await extractDocument(new Uint8Array(await fs.readFile(path.join(corpus, f))), `.${format}`, { ocr: "off", pdf });
      if (isSkip(result)) throw new Error(`${format}/${f} skipped: ${result.skipped}`);
      extracted.set(f, { text: result.text, pages: result.pages });
      pages += result.pages?.length ?? 0;
    }
  } finally {
    await pdf.close();
  }
  const extractMs = performance.now() - t0;

  const indexDir = path.join(root, `index-${format}`);
  const t1 = performance.now();
  const index = await buildIndex(corpus, indexDir, app.config.index, { analyzer: app.analyzer, embedder: app.embedder, logger: app.logger });
  const indexBuildMs = performance.now() - t1;
  const stored = new Map(index.docs.map((d) => [d.source, d.text]));
  const engine = new Engine({ index, analyzer: app.analyzer, embedder: app.embedder, answerer: app.answerer, logger: app.logger }, { ...DEFAULT_ENGINE, k: app.config.engine.k });

  const truths = new Map<string, Truth>();
  if (format === "pdf") {
    for (const a of articles) truths.set(`${a.id}.pdf`, JSON.parse(await fs.readFile(path.join(root, "truth", `${a.id}.json`), "utf8")) as Truth);
  }

  const records: EvalRecord[] = [];
  let cite0Source = 0;
  let citations = 0;
  let inexact = 0;
  const inexactExamples: FormatResult["inexactExamples"] = [];
  const check: PageCheck = { located: 0, unlocated: 0, withPage: 0, correct: 0, wrong: [], unlocatedExamples: [], extractorCorrect: 0 };
  const total = articles.reduce((s, a) => s + a.items.length, 0);
  for (const a of articles) {
    for (const item of a.items) {
      const started = performance.now();
      const answer: Answer = await engine.ask(item.question);
      records.push(score(item, answer, 0, performance.now() - started));
      if (answer.found && answer.citations[0] && path.basename(answer.citations[0].source).startsWith(`${a.id}.`)) cite0Source++;
      for (const c of answer.citations) {
        citations++;
        const name = path.basename(c.source);
        for (const [against, text] of [["index", stored.get(c.source)], ["extractDocument", extracted.get(name)?.text]] as const) {
          const actual = text?.slice(c.start, c.end);
          if (actual !== c.text) {
            inexact++;
            if (inexactExamples.length < 10) inexactExamples.push({ source: c.source, start: c.start, end: c.end, text: c.text, actual: actual ?? "(document not found)", against });
            break;
          }
        }
        if (format === "pdf") checkPage(check, c, truths.get(name), extracted.get(name)?.pages);
      }
      if (records.length % 50 === 0) log(`  ${format}: ${records.length}/${total}`);
    }
  }
  const n = records.length || 1;
  return {
    format,
    documents: index.docs.length,
    chunks: index.chunks.length,
    questions: records.length,
    answerHit: records.filter((r) => r.answerHit).length / n,
    cite0Hit: records.filter((r) => r.cite0Hit).length / n,
    cite0Source: cite0Source / n,
    refusalRate: records.filter((r) => !r.found).length / n,
    citations,
    inexact,
    inexactExamples,
    indexBuildMs: Math.round(indexBuildMs),
    extractMs: Math.round(extractMs),
    ...(format === "pdf" ? { pages, pagesPerSecond: Math.round((pages / (extractMs / 1000)) * 10) / 10, pageCheck: check } : {}),
    latencyMsMean: Math.round((records.reduce((s, r) => s + r.ms, 0) / n) * 10) / 10,
    // kept for the txt/pdf/docx comparison below, dropped before writing JSON
    ...({ records } as object),
  } as FormatResult;
}

function checkPage(check: PageCheck, c: Citation, truth: Truth | undefined, starts: number[] | undefined): void {
  const expected = truth ? truthPage(truth, c.text) : undefined;
  if (expected === undefined) {
    check.unlocated++;
    if (check.unlocatedExamples.length < 10) check.unlocatedExamples.push({ source: c.source, start: c.start, text: c.text.slice(0, 40) });
    return;
  }
  check.located++;
  if (locatePage(starts, c.start) === expected) check.extractorCorrect++;
  const page = (c as Citation & { page?: unknown }).page;
  if (typeof page !== "number") return;
  check.withPage++;
  if (page === expected) check.correct++;
  else if (check.wrong.length < 10) check.wrong.push({ source: c.source, start: c.start, text: c.text.slice(0, 40), page, expected });
}

const pct = (x: number) => x.toFixed(3);

async function main(): Promise<void> {
  const setFile = path.join(benchDir, `${values.set}.json`);
  if (!existsSync(setFile)) {
    log(`bench-formats: ${setFile} not found (pass --set cmrc2018_trial|DRCD_test, --bench DIR or set CITEBOT_BENCH_DIR)`);
    process.exit(1);
  }
  const n = Number(values.articles);
  const articles = await pickArticles(setFile, n, Number(values.seed));
  const questions = articles.reduce((s, a) => s + a.items.length, 0);
  log(`${values.set}: ${articles.length} articles, ${articles.reduce((s, a) => s + a.paragraphs.length, 0)} paragraphs, ${questions} questions (seed ${values.seed})`);

  const root = mkdtempSync(path.join(os.tmpdir(), "citebot-bench-formats-"));
  try {
    await fs.writeFile(path.join(root, "articles.json"), JSON.stringify(articles.map(({ id, title, paragraphs }) => ({ id, title, paragraphs }))));
    const t0 = performance.now();
    const made = spawnSync("/usr/bin/python3", [path.join(repoRoot, "scripts/make-fixtures/render_articles.py"), "--in", path.join(root, "articles.json"), "--out", root], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (made.status !== 0) throw new Error(`rendering failed (exit ${made.status}); run scripts/bench-formats, which installs python3-reportlab, python3-docx and fonts-wqy-zenhei`);
    const rendered = JSON.parse(made.stdout.trim().split("\n").pop()!) as { articles: number; pdfPages: number };
    const multiPage = (await Promise.all(articles.map(async (a) => (JSON.parse(await fs.readFile(path.join(root, "truth", `${a.id}.json`), "utf8")) as Truth).pages.length))).filter((p) => p >= 2).length;
    log(`rendered in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${rendered.pdfPages} PDF pages, ${multiPage} of ${articles.length} articles on 2 pages or more (${root})`);

    const logger = createMemoryLogger("warn");
    const config = parseConfig({ corpus: path.join(root, "txt") }, {}, repoRoot);
    const app = createApp(config, logger, () => undefined);
    const results: Array<FormatResult & { records?: EvalRecord[] }> = [];
    for (const format of FORMATS) {
      log(`${format}: extracting, indexing, asking …`);
      results.push(await runFormat(app, format, root, articles));
    }

    const txt = results[0];
    const table = [
      "| format | questions | answer-hit | Δ vs txt | cite0-hit | cite0 from the article | refusals | inexact citations | pages correct |",
      "|---|---|---|---|---|---|---|---|---|",
      ...results.map((r) => {
        const delta = r.format === "txt" ? "—" : `${r.answerHit - txt.answerHit >= 0 ? "+" : ""}${(r.answerHit - txt.answerHit).toFixed(3)}`;
        let pages = "—";
        if (r.pageCheck) {
          const c = r.pageCheck;
          pages = c.withPage ? `${c.correct}/${c.withPage}` : `page field absent (extractor page map: ${c.extractorCorrect}/${c.located})`;
          if (c.unlocated) pages += `; ${c.unlocated} not located`;
        }
        return `| ${r.format} | ${r.questions} | ${pct(r.answerHit)} | ${delta} | ${pct(r.cite0Hit)} | ${pct(r.cite0Source)} | ${pct(r.refusalRate)} | ${r.inexact} of ${r.citations} | ${pages} |`;
      }),
    ];
    const pdf = results.find((r) => r.format === "pdf")!;
    const lines = [
      `### ${values.set}: ${articles.length} articles, ${questions} questions, seed ${values.seed}`,
      "",
      ...table,
      "",
      `PDF: ${pdf.pages} pages (${multiPage} of ${articles.length} articles on 2+ pages), extracted at ${pdf.pagesPerSecond} pages/s (${(pdf.extractMs / 1000).toFixed(1)} s, one file at a time, in-process).`,
    ];
    // Questions that the .txt answers and another rendering does not, and the reverse.
    const diffs: Record<string, { lost: string[]; gained: string[] }> = {};
    for (const r of results.slice(1)) {
      const lost: string[] = [];
      const gained: string[] = [];
      r.records!.forEach((rec, i) => {
        const base = txt.records![i];
        if (base.answerHit && !rec.answerHit) lost.push(`${rec.id} ${rec.question} → ${rec.answers[0]}`);
        if (!base.answerHit && rec.answerHit) gained.push(`${rec.id} ${rec.question} → ${rec.answers[0]}`);
      });
      diffs[r.format] = { lost, gained };
      lines.push(`${r.format} vs txt: ${lost.length} questions lost, ${gained.length} gained.`);
    }
    process.stdout.write(lines.join("\n") + "\n");

    const out = path.resolve(values.out!);
    await fs.mkdir(path.dirname(out), { recursive: true });
    const json = {
      date: new Date().toISOString(), node: process.version, set: values.set, seed: Number(values.seed),
      articles: articles.length, questions, pdfPages: rendered.pdfPages, multiPageArticles: multiPage,
      results: results.map(({ records: _records, ...r }) => r), diffs, table: table.join("\n"),
    };
    await fs.writeFile(out, JSON.stringify(json, null, 2) + "\n");
    log(`wrote ${path.relative(process.cwd(), out) || out}`);
  } finally {
    if (values.keep) log(`kept ${root}`);
    else await fs.rm(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench-formats: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
