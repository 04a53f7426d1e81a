/**
 * PDF extraction benchmark (issue 14): pages per second and peak RSS of extracting one long PDF
 * through the same path as indexing (extractDocument → the PDF worker thread → layout).
 *
 *   node dist/scripts/bench-extract.js [--pdf FILE] [--pages 300] [--runs 3] [--keep]
 *
 * Without --pdf, a PDF of --pages pages (wrapped Chinese paragraphs with an embedded CJK font,
 * running header and "Page N of M" footer) is made in a temporary folder by
 * scripts/make-fixtures/make-fixtures.sh (Debian's python3-reportlab, fonts-wqy-zenhei; the
 * script installs them with apt when missing). The first run includes starting the worker and
 * loading pdf.js; later runs show the steady state. Peak RSS is the whole process's (VmHWM),
 * worker thread included.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { extractDocument, isSkip, PdfWorkerHost } from "../src/ingest/extract/index.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");

const { values } = parseArgs({
  options: {
    pdf: { type: "string" },
    pages: { type: "string", default: "300" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log("usage: node dist/scripts/bench-extract.js [--pdf FILE] [--pages 300] [--runs 3] [--keep]");
  process.exit(0);
}

function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss / 1048576;
}

async function main(): Promise<void> {
  let file = values.pdf;
  let tmp: string | undefined;
  if (!file) {
    tmp = mkdtempSync(path.join(os.tmpdir(), "citebot-bench-extract-"));
    const made = spawnSync("bash", [path.join(repoRoot, "scripts/make-fixtures/make-fixtures.sh"), "--bench-pages", values.pages!, "--out", tmp], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (made.status !== 0) throw new Error(`making the benchmark PDF failed (exit ${made.status})`);
    file = made.stdout.trim().split("\n").pop()!;
  }
  const bytes = new Uint8Array(await fs.readFile(file));
  const runs = Math.max(1, Number(values.runs));
  let sampledPeak = 0;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss / 1048576)), 20);
  const results: Array<{ run: number; seconds: number; pages: number; pagesPerSecond: number; chars: number }> = [];
  // One PDF worker for every run, as a build uses: run 1 includes its start.
  const pdf = new PdfWorkerHost();
  try {
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      const result = await extractDocument(bytes, ".pdf", { ocr: "off", timeoutMs: 600_000, pdf });
      const seconds = (performance.now() - started) / 1000;
      if (isSkip(result)) throw new Error(`skipped: ${result.skipped}`);
      const pages = result.pages?.length ?? 0;
      results.push({ run, seconds: round(seconds), pages, pagesPerSecond: round(pages / seconds), chars: result.text.length });
      console.log(`run ${run}: ${pages} pages, ${result.text.length} chars in ${seconds.toFixed(2)} s = ${(pages / seconds).toFixed(1)} pages/s` +
        (run === 1 ? ` (includes starting the worker and loading pdf.js)${result.notes?.length ? `; ${result.notes.filter((n) => !n.startsWith("pdf.js")).join("; ")}` : ""}` : ""));
    }
  } finally {
    await pdf.close();
    clearInterval(sampler);
    if (tmp && !values.keep) await fs.rm(tmp, { recursive: true, force: true });
  }
  const steady = results.length > 1 ? results.slice(1) : results;
  const best = Math.max(...steady.map((r) => r.pagesPerSecond));
  const summary = { file: values.pdf ?? `generated ${values.pages}-page PDF`, bytes: bytes.length, runs: results, steadyPagesPerSecond: best, peakRssMb: round(Math.max(peakRssMb(), sampledPeak)) };
  console.log(`steady state: ${best.toFixed(1)} pages/s; peak RSS ${summary.peakRssMb.toFixed(0)} MB (whole process, worker included)`);
  console.log(JSON.stringify(summary));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
