/**
 * The small-corpus benchmark (issue 15): a full `citebot index` of about 850 short
 * documents (about 0.5 MB) against a plain single-threaded Python BM25 build of the
 * same files (scripts/baselines/bm25_build.py), both timed as whole commands, in
 * turn (A B A B …) after one warm-up each, with the ratio taken pair by pair.
 *
 *   scripts/bench-small [--runs 7] [--out .bench/small.json] [--corpus DIR] [--write-corpus DIR] [--keep]
 *
 * The corpus is written from ../shared/bench into a temporary folder (scripts/perf/small-corpus.ts);
 * `--corpus DIR` times an existing folder instead, `--write-corpus DIR` only writes it.
 * Every citebot run indexes into a fresh folder, so it is a full build whether or not the
 * CLI has `--full` (it is passed when `citebot index --help` lists it).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, promises as fs, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchDataDir, loadBenchSets } from "./perf/corpus.js";
import { writeSmallCorpus } from "./perf/small-corpus.js";
import { markdownTable, round } from "./perf/stats.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const mainJs = path.join(repoRoot, "dist", "src", "cli", "main.js");
const reference = path.join(repoRoot, "scripts", "baselines", "bm25_build.py");

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    out: { type: "string", default: path.join(repoRoot, ".bench", "small.json") },
    corpus: { type: "string" },
    "write-corpus": { type: "string" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: scripts/bench-small [--runs 7] [--out .bench/small.json] [--corpus DIR] [--write-corpus DIR] [--keep]");
  process.exit(0);
}

interface Run {
  wallMs: number;
  cpuMs?: number;
  peakRssMb?: number;
}

const TIME = "/usr/bin/time";
const hasTime = existsSync(TIME);

/** Runs a command to completion; wall time measured here, CPU and peak RSS from GNU time when it is installed. */
async function timed(argv: string[], env: NodeJS.ProcessEnv, tmp: string): Promise<Run> {
  const report = path.join(tmp, `time-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const command = hasTime ? [TIME, "-f", "%U %S %M", "-o", report, ...argv] : argv;
  let stderr = "";
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const proc = spawn(command[0], command.slice(1), { env, stdio: ["ignore", "ignore", "pipe"] });
    proc.stderr.on("data", (d: Buffer) => (stderr += d));
    proc.on("error", reject);
    proc.on("exit", resolve);
  });
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${argv.join(" ")} exited with ${code}: ${stderr.trim()}`);
  if (!hasTime) return { wallMs };
  const [user, sys, rssKb] = readFileSync(report, "utf8").trim().split("\n").pop()!.split(/\s+/).map(Number);
  return { wallMs, cpuMs: (user + sys) * 1000, peakRssMb: Math.round(rssKb / 1024) };
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { min: round(s[0], 3), median: round(s[Math.floor((s.length - 1) / 2)], 3), max: round(s[s.length - 1], 3) };
}

async function main() {
  const runs = Math.max(1, Number(values.runs));
  const tmp = mkdtempSync(path.join(os.tmpdir(), "citebot-small-"));
  let corpusDir = values.corpus ?? values["write-corpus"] ?? path.join(tmp, "corpus");
  let corpusInfo: { files: number; utf8Bytes: number } | undefined;
  if (!values.corpus) {
    const sets = loadBenchSets(benchDataDir(repoRoot));
    const written = await writeSmallCorpus(sets, corpusDir);
    corpusInfo = { files: written.files, utf8Bytes: written.utf8Bytes };
    process.stderr.write(`corpus: ${written.files} documents, ${(written.utf8Bytes / 1e6).toFixed(2)} MB (${written.chars} characters) in ${corpusDir}\n`);
    if (values["write-corpus"]) return;
  }
  corpusDir = path.resolve(corpusDir);

  if (!existsSync(mainJs)) throw new Error(`${mainJs} not found: run npx tsc -p . first`);
  const help = spawnSync(process.execPath, [mainJs, "index", "--help"], { encoding: "utf8" });
  const full = /--full\b/.test(help.stdout) ? ["--full"] : [];
  const env = { ...process.env, CITEBOT_LOG_LEVEL: "warn" };
  let n = 0;
  const citebot = () => {
    const index = path.join(tmp, `index-${n++}`);
    return [process.execPath, mainJs, "index", ...full, "--corpus", corpusDir, "--index", index];
  };
  const python = () => ["python3", reference, corpusDir, path.join(tmp, `bm25-${n++}.pickle`)];
  process.stderr.write(`citebot: node dist/src/cli/main.js ${["index", ...full].join(" ")} --corpus CORPUS --index FRESH_DIR\nreference: python3 scripts/baselines/bm25_build.py CORPUS OUT\n`);

  await timed(citebot(), env, tmp); // warm-up: the page cache, Node's compile cache
  await timed(python(), env, tmp);
  const a: Run[] = [];
  const b: Run[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await timed(citebot(), env, tmp));
    b.push(await timed(python(), env, tmp));
    process.stderr.write(`run ${i + 1}/${runs}: citebot ${a[i].wallMs.toFixed(0)} ms, reference ${b[i].wallMs.toFixed(0)} ms\n`);
  }
  const result = {
    corpus: corpusInfo ?? { dir: corpusDir },
    runs,
    fullFlag: full.length > 0,
    citebot: { wallMs: summary(a.map((r) => r.wallMs)), ...(hasTime ? { cpuMs: summary(a.map((r) => r.cpuMs!)), peakRssMb: summary(a.map((r) => r.peakRssMb!)) } : {}) },
    reference: { wallMs: summary(b.map((r) => r.wallMs)), ...(hasTime ? { cpuMs: summary(b.map((r) => r.cpuMs!)), peakRssMb: summary(b.map((r) => r.peakRssMb!)) } : {}) },
    ratioWall: summary(a.map((r, i) => r.wallMs / b[i].wallMs)),
    ...(hasTime ? { ratioCpu: summary(a.map((r, i) => r.cpuMs! / b[i].cpuMs!)) } : {}),
  };
  const row = (name: string, r: typeof result.citebot) => [name, `${r.wallMs.min.toFixed(0)} / ${r.wallMs.median.toFixed(0)}`,
    r.cpuMs ? `${r.cpuMs.min.toFixed(0)} / ${r.cpuMs.median.toFixed(0)}` : "—", r.peakRssMb ? String(r.peakRssMb.median) : "—"];
  console.log(markdownTable(["", "wall ms (min / median)", "CPU ms (min / median)", "peak RSS MB"], [row("citebot index", result.citebot), row("Python BM25 reference", result.reference)]));
  console.log(`\nratio citebot / reference, pair by pair: wall ${result.ratioWall.median.toFixed(2)}× median (${result.ratioWall.min.toFixed(2)}–${result.ratioWall.max.toFixed(2)})` +
    (result.ratioCpu ? `, CPU ${result.ratioCpu.median.toFixed(2)}× median` : "") + `; target ≤ 2×`);
  await fs.mkdir(path.dirname(values.out!), { recursive: true });
  await fs.writeFile(values.out!, JSON.stringify(result, null, 2) + "\n");
  if (!values.keep) rmSync(tmp, { recursive: true, force: true });
  else process.stderr.write(`kept ${tmp}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench-small: ${(error as Error).message}\n`);
  process.exit(1);
});
