/**
 * citebot performance benchmark (issue 7): one command that measures citebot and
 * the alternatives in the same run on the same machine.
 *
 *   scripts/bench-perf [--sizes 5000,50000,200000] [--queries 300] [--out .bench/perf.json]
 *                      [--naive-max 50000] [--lexical-max 50000] [--sweep 20000] [--bot] [--keep]
 *                      [--incremental 200000|0] [--incremental-only]
 *
 * Corpora are built from the paragraphs of ../shared/bench (CMRC 2018 trial and
 * DRCD test; real text, recombined and repeated in varied order) at about the
 * given chunk counts. Every measurement runs in its own child process, so peak
 * RSS is per size and per pipeline. Prints markdown tables; writes all numbers
 * as JSON.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, promises as fs, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_HNSW } from "../src/index/graph.js";
import { benchDataDir, benchQuestions, generateCorpus, loadBenchSets } from "./perf/corpus.js";
import { type Latency, markdownTable, round } from "./perf/stats.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const dist = path.join(repoRoot, "dist");

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "5000,50000,200000" },
    queries: { type: "string", default: "300" },
    out: { type: "string", default: path.join(repoRoot, ".bench", "perf.json") },
    "naive-max": { type: "string", default: "50000" },
    "lexical-max": { type: "string", default: "5000" },
    sweep: { type: "string", default: "20000" },
    efs: { type: "string", default: "64,128,192,256,384" },
    bot: { type: "boolean", default: false },
    incremental: { type: "string", default: "200000" },
    "incremental-only": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log("usage: scripts/bench-perf [--sizes 5000,50000,200000] [--queries 300] [--out .bench/perf.json] [--naive-max 50000] [--lexical-max 50000] [--sweep 20000|0] [--efs 32,64,...] [--bot] [--keep] [--incremental SIZE|0] [--incremental-only]");
  process.exit(0);
}

const sizes = values.sizes!.split(",").map((s) => Number(s.trim())).filter((n) => n > 0);
const efs = values.efs!.split(",").map(Number);
const naiveMax = Number(values["naive-max"]);
const lexicalMax = Number(values["lexical-max"]);
const incrementalOnly = values["incremental-only"] === true;
const sweepCount = incrementalOnly ? 0 : Number(values.sweep);
const incrementalSize = Number(values.incremental);
const started = Date.now();
const log = (line: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);

/** Runs one child measurement; resolves with its JSON result. */
async function child(mode: string, args: string[], tmp: string): Promise<any> {
  const out = path.join(tmp, `${mode}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const script = path.join(dist, "scripts", "perf", "child.js");
  await new Promise<void>((resolve, reject) => {
    const proc = spawn(process.execPath, ["--expose-gc", script, mode, "--out", out, "--tmp", tmp, ...args], { stdio: ["ignore", "inherit", "inherit"] });
    proc.on("error", reject);
    proc.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${mode} child exited with code ${code}`))));
  });
  return JSON.parse(await fs.readFile(out, "utf8"));
}

/** Process start to first answer: the CLI, as a user runs it, against the built index. */
function coldStart(corpus: string, index: string, question: string, runs = 3) {
  const times: number[] = [];
  let found: boolean | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [path.join(dist, "src", "cli", "main.js"), "ask", "--json", "--corpus", corpus, "--index", index, question], {
      encoding: "utf8", env: { ...process.env, CITEBOT_LOG_LEVEL: "error" },
    });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`citebot ask failed: ${r.stderr}`);
    found = (JSON.parse(r.stdout.trim().split("\n").pop()!) as { found: boolean }).found;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: times.map((t) => round(t, 0)), medianMs: round(sorted[Math.floor(sorted.length / 2)], 0), found };
}

async function main() {
  const sets = loadBenchSets(benchDataDir(repoRoot));
  const questions = benchQuestions(sets, Number(values.queries));
  const tmp = mkdtempSync(path.join(os.tmpdir(), "citebot-bench-"));
  const questionsFile = path.join(tmp, "questions.json");
  writeFileSync(questionsFile, JSON.stringify(questions));
  log(`temp dir ${tmp}; sizes ${sizes.join(", ")}; ${questions.length} questions`);
  const results: any = {
    startedAt: new Date(started).toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGb: round(os.totalmem() / 2 ** 30, 1), node: process.version, loadAvgAtStart: os.loadavg().map((x) => round(x, 2)) },
    command: `scripts/bench-perf ${process.argv.slice(2).join(" ")}`.trim(),
    hnsw: DEFAULT_HNSW,
    sizes: [] as any[],
  };
  try {
    let sweepIndex: string | undefined;
    for (const target of sizes) {
      const corpus = path.join(tmp, `corpus-${target}`);
      const index = path.join(tmp, `index-${target}`);
      log(`corpus ~${target} chunks …`);
      const generated = await generateCorpus(sets, corpus, target);
      const row: any = { target, corpus: { files: generated.files, chunks: generated.chunks, chars: generated.chars, utf8Bytes: generated.utf8Bytes } };
      log(`build (citebot) …`);
      row.build = await child("build", ["--corpus", corpus, "--index", index], tmp);
      log(`  ${row.build.chunks} chunks in ${(row.build.ms / 1000).toFixed(1)} s, ${row.build.mbPerSec} MB/s, peak RSS ${row.build.peakRssMb} MB`);
      if (target === incrementalSize) {
        log(`incremental: add / remove / segments / merge / full rebuild …`);
        row.incremental = await child("incremental", ["--corpus", corpus, "--index", index, "--questions", questionsFile], tmp);
        log(`  add 20 pages → answerable ${row.incremental.add.answerableMs} ms; remove ${row.incremental.remove.totalMs} ms; p95 ×${row.incremental.query.p95Ratio} at ${row.incremental.query.segments} segments`);
      }
      if (incrementalOnly) {
        results.sizes.push(row);
        continue;
      }
      log(`queries …`);
      row.query = await child("query", ["--corpus", corpus, "--index", index, "--questions", questionsFile, "--efs", JSON.stringify(efs)], tmp);
      log(`  retrieval p95 ${row.query.retrieval.p95} ms, answer p95 ${row.query.ask.p95} ms`);
      log(`cold start …`);
      row.coldStart = coldStart(corpus, index, questions[0]);
      if (target === sizes[sizes.length - 1]) {
        log(`BM25 over segments (1 big + 7 small, ~1 % deleted) against one merged index …`);
        row.segments = await child("segments", ["--index", index, "--questions", questionsFile], tmp);
        log(`  BM25 p95 ${row.segments.search.segments.p95} ms over segments, ${row.segments.search.rebuild.p95} ms merged`);
      }
      if (target <= lexicalMax) {
        log(`lexical side by side (MiniSearch) …`);
        row.lexical = await child("lexical", ["--index", index, "--corpus", corpus, "--questions", questionsFile], tmp);
      }
      if (target <= naiveMax) {
        log(`naive LangChain pipeline …`);
        row.naive = await child("naive", ["--corpus", corpus, "--index", path.join(tmp, `naive-${target}`), "--questions", questionsFile], tmp);
        row.naive.speedup = round(row.naive.ms / row.build.ms, 2);
        log(`  naive ${(row.naive.ms / 1000).toFixed(1)} s (${row.naive.speedup}x slower)`);
        await fs.rm(path.join(tmp, `naive-${target}`), { recursive: true, force: true });
      }
      if (sweepCount > 0 && row.build.chunks >= sweepCount && !sweepIndex) sweepIndex = index;
      results.sizes.push(row);
      if (!values.keep) await fs.rm(corpus, { recursive: true, force: true }).catch(() => undefined);
      if (!values.keep && index !== sweepIndex) await fs.rm(index, { recursive: true, force: true }).catch(() => undefined);
    }
    if (sweepIndex) {
      log(`HNSW parameter sweep on ${sweepCount} vectors …`);
      const configs = [{ m: 16, efConstruction: 64 }, { m: 16, efConstruction: 100 }, { m: 16, efConstruction: 200 }, { m: 24, efConstruction: 100 }];
      results.sweep = await child("sweep", ["--index", sweepIndex, "--questions", questionsFile, "--count", String(sweepCount), "--efs", JSON.stringify(efs), "--configs", JSON.stringify(configs)], tmp);
    }
    results.bot = incrementalOnly ? { skipped: "--incremental-only" } : await botSection();
  } finally {
    results.totalSeconds = round((Date.now() - started) / 1000, 0);
    await fs.mkdir(path.dirname(values.out!), { recursive: true });
    await fs.writeFile(values.out!, JSON.stringify(results, null, 2));
    if (!values.keep) await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
  console.log(report(results));
  log(`wrote ${path.relative(process.cwd(), values.out!)} (${results.totalSeconds} s)`);
}

/**
 * Bot end to end: scripts/load-bot (the real bot over the real Engine, a local fake
 * Bot API on 127.0.0.1, closed-loop users) with 50 chats asking at once.
 */
async function botSection() {
  if (!values.bot) return { skipped: "not requested (run with --bot)" };
  const script = path.join(dist, "scripts", "load-bot.js");
  if (!existsSync(script) || !existsSync(path.join(dist, "test", "helpers", "fake-telegram.js"))) {
    return { skipped: "scripts/load-bot or test/helpers/fake-telegram.ts (local fake Bot API) is missing" };
  }
  log("bot end to end (50 concurrent chats, local fake Bot API) …");
  const r = spawnSync(process.execPath, [script, "--chats", "50", "--concurrent-chats", "50", "--questions", "1000", "--json"], { encoding: "utf8", timeout: 90_000 });
  const line = r.stdout?.trim().split("\n").pop();
  if (!line) return { skipped: `load-bot produced no result (exit ${r.status}): ${r.stderr?.slice(-300)}` };
  return { chats: 50, exitCode: r.status, ...(JSON.parse(line) as object) };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const lat = (l: Latency) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`;
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

function report(r: any): string {
  const out: string[] = [];
  out.push(`## citebot performance — ${r.startedAt.slice(0, 10)}, ${r.machine.cpus} cores (${r.machine.cpu}), ${r.machine.memGb} GB, Node ${r.machine.node}`);
  out.push("");
  out.push(`Command: \`${r.command}\` (total ${r.totalSeconds} s; load average at start ${r.machine.loadAvgAtStart.join(", ")}). HNSW M=${r.hnsw.m}, efConstruction=${r.hnsw.efConstruction}, efSearch=${r.hnsw.efSearch}.`);
  out.push("");
  out.push("### Index build (one process per size; peak RSS of that process)");
  out.push("");
  out.push(markdownTable(
    ["chunks", "distinct (vector rows)", "text", "citebot", "MB/s", "chars/s", "chunks/s", "peak RSS", "naive LangChain", "naive chunks/s", "naive peak RSS", "citebot speed-up"],
    r.sizes.map((s: any) => [
      s.build.chunks, s.build.vectorRows, `${mb(s.build.utf8Bytes)} MB / ${(s.build.chars / 1e6).toFixed(1)} M chars`, `${(s.build.ms / 1000).toFixed(1)} s`, s.build.mbPerSec,
      s.build.charsPerSec.toLocaleString("en"), s.build.chunksPerSec.toLocaleString("en"), `${s.build.peakRssMb} MB`,
      s.naive ? `${(s.naive.ms / 1000).toFixed(1)} s` : "—", s.naive ? s.naive.chunksPerSec.toLocaleString("en") : "—", s.naive ? `${s.naive.peakRssMb} MB` : "—",
      s.naive ? `${s.naive.speedup}×` : "—",
    ]),
  ));
  out.push("");
  const live = r.sizes.filter((s: any) => s.incremental);
  if (live.length) {
    out.push("### Incremental index (a built index of one segment; add/remove = update published + new generation opened reusing the old segments + first retrieval)");
    out.push("");
    out.push(markdownTable(
      ["chunks", "add 20 pages → answerable", "(update / open / first query)", "remove it", "retrieval p95 at max segments / one segment (each query's fastest of 2 rounds)", "ratio", "9th add, with the merge it sets off", "full build", "peak RSS"],
      live.map((s: any) => {
        const i = s.incremental;
        return [
          i.chunks, `${(i.add.answerableMs / 1000).toFixed(2)} s (${i.add.chunks} chunks)`, `${i.add.updateMs} / ${i.add.openMs} / ${i.add.firstQueryMs} ms`,
          `${(i.remove.totalMs / 1000).toFixed(2)} s`, `${i.query.segmented.p95} / ${i.query.merged.p95} ms (${i.query.segments} segments)`, `${i.query.p95Ratio}×`,
          `${(i.ninth.updateMs / 1000).toFixed(2)} s${i.ninth.merged ? "" : " (no merge)"}`, `${(s.build.ms / 1000).toFixed(1)} s`, `${i.peakRssMb} MB`,
        ];
      }),
    ));
    out.push("");
  }
  if (!r.sizes.every((s: any) => s.query)) return out.join("\n");
  out.push("### Queries (warm process; ms p50 / p95 / p99)");
  out.push("");
  out.push(markdownTable(
    ["chunks", "retrieval", "full answer (Engine.ask)", "BM25 top-40", "HNSW top-40", "index load", "RSS loaded / peak", "cold start (CLI)", "answered"],
    r.sizes.map((s: any) => [
      s.build.chunks, lat(s.query.retrieval), lat(s.query.ask), lat(s.query.bm25), lat(s.query.vector), `${ms(s.query.openMs)} ms`,
      `${s.query.rssLoadedMb} / ${s.query.peakRssMb} MB`, `${(s.coldStart.medianMs / 1000).toFixed(2)} s`, s.query.foundRate,
    ]),
  ));
  out.push("");
  out.push(`### HNSW recall@10 against exact search (${r.sizes[0]?.query.recall?.[0]?.latency.n ?? "?"} real questions; HNSW search ms p50 / p95)`);
  out.push("");
  out.push(markdownTable(
    ["chunks", "shards", ...efs.map((e) => `ef ${e}`)],
    r.sizes.filter((s: any) => s.query.recall).map((s: any) => [
      s.build.chunks, s.query.shards, ...s.query.recall.map((x: any) => `${x.recall.toFixed(3)} (${ms(x.latency.p50)} / ${ms(x.latency.p95)})`),
    ]),
  ));
  if (r.sweep) {
    out.push("");
    out.push(`### HNSW parameter sweep (first ${r.sweep.count} chunks, ${r.sweep.vectorRows ?? r.sweep.count} distinct vectors, built as production builds them; recall@10 at each efSearch)`);
    out.push("");
    out.push(markdownTable(
      ["M", "efConstruction", "shards", "build wall / CPU", ...efs.map((e) => `ef ${e}`)],
      r.sweep.rows.map((row: any) => [
        row.m, row.efConstruction, row.shards, `${(row.buildMs / 1000).toFixed(1)} s / ${(row.buildCpuMs / 1000).toFixed(1)} s`,
        ...row.results.map((x: any) => `${x.recall.toFixed(3)} (${ms(x.latency.p50)})`),
      ]),
    ));
  }
  const lexical = r.sizes.filter((s: any) => s.lexical);
  if (lexical.length) {
    out.push("");
    out.push("### Lexical search side by side (same chunks, same analyzer terms; search ms p50 / p95 / p99 for the top 40)");
    out.push("");
    out.push(markdownTable(
      ["chunks", "citebot BM25 build", "citebot BM25 search", "MiniSearch build", "MiniSearch search", "same top-1"],
      lexical.map((s: any) => [
        s.lexical.chunks, `${(s.lexical.ours.buildMs / 1000).toFixed(2)} s`, lat(s.lexical.ours.search), `${(s.lexical.minisearch.buildMs / 1000).toFixed(2)} s`,
        lat(s.lexical.minisearch.search), s.lexical.sameTop1,
      ]),
    ));
  }
  const seg = r.sizes.find((s: any) => s.segments)?.segments;
  if (seg) {
    out.push("");
    out.push(`### BM25 over segments (live index): ${seg.chunks} chunks as segments of ${seg.segments.join(" + ")}, ${seg.deleted} deleted, against one merged index (search ms p50 / p95 / p99 for the top 40, each query's fastest of 3 interleaved rounds)`);
    out.push("");
    out.push(markdownTable(
      ["index", "BM25 search", "top-1 vs exhaustive", "top-40 overlap", "exact scores"],
      [
        ["built index (all chunks, today)", lat(seg.search.merged), "—", "—", "—"],
        ["rebuild over the live chunks (1 merged segment)", lat(seg.search.rebuild), seg.quality.rebuild.top1, seg.quality.rebuild.overlapTop40, seg.quality.rebuild.exactScores],
        [`${seg.segments.length} segments + tombstones`, lat(seg.search.segments), seg.quality.segments.top1, seg.quality.segments.overlapTop40, seg.quality.segments.exactScores],
      ],
    ));
    out.push("");
    const c = seg.construct;
    out.push(`Exhaustive top 40 identical to the rebuild's, to the bit: ${seg.quality.exhaustiveIdentical}. A generation costs ${c.ms} ms to set up (norms ${c.normsMs} ms; df corrections ${c.usPerDeleted} µs per deleted chunk from its terms, or ${c.walkMs} ms walking every posting instead); from the previous generation, one more deleted chunk costs ${c.oneMoreDeletedMs} ms.`);
  }
  out.push("");
  out.push("### Stored formats: JSON (citebot-index/1 + LangChain docstore.json) against binary (citebot-index/2 and later)");
  out.push("");
  out.push(markdownTable(
    ["chunks", "JSON docs + chunks + docstore", "JSON load", "binary docs + chunks (no docstore)", "binary load"],
    r.sizes.map((s: any) => {
      const f = s.query.formats;
      const json = Object.values(f.json.bytes as Record<string, number>).reduce((a, b) => a + b, 0);
      const bin = Object.values(f.binary.bytes as Record<string, number>).reduce((a, b) => a + b, 0);
      return [s.build.chunks, `${mb(json)} MB`, `${ms(f.json.loadMs)} ms`, `${mb(bin)} MB`, `${ms(f.binary.loadMs)} ms`];
    }),
  ));
  out.push("");
  out.push("### Targets");
  out.push("");
  out.push(markdownTable(["target", "measured", "met"], targets(r)));
  out.push("");
  if (r.bot?.latency_ms) {
    const l = r.bot.latency_ms;
    out.push(`Bot end to end (scripts/load-bot: 50 concurrent chats, local fake Bot API; update enqueued → reply received): p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms.`);
  } else out.push(`Bot end to end (50 concurrent chats through a local fake Bot API): not measured — ${r.bot?.skipped ?? "unknown"}.`);
  return out.join("\n");
}

function targets(r: any): Array<Array<string>> {
  const rows: string[][] = [];
  const largest = r.sizes[r.sizes.length - 1];
  if (!largest) return rows;
  const n = largest.build.chunks;
  const check = (ok: boolean) => (ok ? "yes" : "**no**");
  rows.push([`full answer p95 ≤ 10 ms (${n} chunks)`, `${ms(largest.query.ask.p95)} ms`, check(largest.query.ask.p95 <= 10)]);
  rows.push([`retrieval p95 ≤ 3 ms (${n} chunks)`, `${ms(largest.query.retrieval.p95)} ms`, check(largest.query.retrieval.p95 <= 3)]);
  const slowest = Math.min(...r.sizes.map((s: any) => s.build.mbPerSec));
  rows.push(["index build ≥ 1 MB/s of Chinese text (UTF-8), every size", `${slowest} MB/s (slowest size)`, check(slowest >= 1)]);
  const compared = r.sizes.filter((s: any) => s.naive);
  if (compared.length) {
    const worst = Math.min(...compared.map((s: any) => s.naive.speedup));
    rows.push(["build ≥ 3× faster than naive LangChain", compared.map((s: any) => `${s.naive.speedup}× at ${s.build.chunks}`).join(", "), check(worst >= 3)]);
  }
  const ef = largest.query.efSearch;
  const recall = (s: any) => s.query.recall?.find((x: any) => x.ef === ef)?.recall;
  const recalls = r.sizes.map((s: any) => recall(s)).filter((x: any) => x !== undefined);
  if (recalls.length) rows.push([`HNSW recall@10 ≥ 0.98 at efSearch ${ef}`, r.sizes.map((s: any) => `${recall(s)} at ${s.build.chunks}`).join(", "), check(Math.min(...recalls) >= 0.98)]);
  if (largest.segments) {
    const { segments: seg, rebuild } = largest.segments.search;
    const worst = round(seg.p95 / rebuild.p95, 2);
    rows.push([`BM25 p95 over ${largest.segments.segments.length} segments (~1 % deleted) ≤ 1.2× one merged index`, `${ms(seg.p95)} ms vs ${ms(rebuild.p95)} ms (${worst}×)`, check(worst <= 1.2)]);
  }
  rows.push([`peak RSS ≤ 2 GB indexing ${n} chunks`, `${largest.build.peakRssMb} MB`, check(largest.build.peakRssMb <= 2048)]);
  rows.push([`cold start ≤ 3 s (${n} chunks)`, `${(largest.coldStart.medianMs / 1000).toFixed(2)} s`, check(largest.coldStart.medianMs <= 3000)]);
  if (r.bot?.latency_ms) rows.push(["bot p95 ≤ 100 ms at 50 concurrent chats", `${r.bot.latency_ms.p95} ms`, check(r.bot.latency_ms.p95 <= 100)]);
  return rows;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
