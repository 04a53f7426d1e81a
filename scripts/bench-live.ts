/**
 * Memory and swap latency of the live index (issue 15): a LiveEngine answers questions
 * without pause while another process publishes N new generations of a small index
 * (each adds one document and removes the one added before, as `citebot index` after a
 * change would). Prints RSS and V8 heap (after a GC when run with --expose-gc, as the
 * wrapper does) every 10 generations, their growth, and the swap latency: from the
 * publisher's manifest rename to the live engine answering on the new generation (the
 * publisher's clock and ours are the same machine's).
 *
 *   scripts/bench-live [--updates 100] [--docs 30] [--json]
 *
 * The publisher is a child process, so this process's memory is the live engine's alone.
 * Exit code 1 when a question failed or a new document was not answerable after its switch.
 */
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildAppIndex, createApp } from "../src/app.js";
import { parseConfig } from "../src/config/config.js";
import { openLive } from "../src/live/live.js";
import type { SwitchEvent } from "../src/live/live-engine.js";
import { createLogger } from "../src/log.js";
import { latency, markdownTable, round } from "./perf/stats.js";

const { values } = parseArgs({
  options: {
    updates: { type: "string", default: "100" },
    docs: { type: "string", default: "30" },
    json: { type: "boolean", default: false },
    publisher: { type: "string" },
  },
});

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The document step `i` adds: one fact nothing else in the corpus states. */
function stepDoc(i: number): { name: string; text: string; question: string } {
  const lab = `第${i}号观测站`;
  return {
    name: `update-${i}.txt`,
    text: `${lab}简报\n\n${lab}今年共记录到${100 + i}次流星雨，负责人是研究员甲${i}。\n`,
    question: `${lab}今年共记录到多少次流星雨？`,
  };
}

function app(corpus: string, index: string) {
  return createApp(parseConfig({ corpus, index }, {}), createLogger({ level: "silent" }), () => {});
}

/** Publisher (child process): for each message, changes the corpus, builds and publishes, and replies when the manifest is in place. */
async function publisher(dir: string): Promise<void> {
  const corpus = path.join(dir, "corpus");
  const index = path.join(dir, "embeddings");
  const builder = app(corpus, index);
  process.on("message", async (step: number) => {
    const doc = stepDoc(step);
    await fs.writeFile(path.join(corpus, doc.name), doc.text);
    await fs.rm(path.join(corpus, stepDoc(step - 1).name), { force: true });
    const started = performance.now();
    const built = await buildAppIndex(builder);
    process.send!({ step, build: built.manifest.build, publishedAt: Date.now(), buildMs: round(performance.now() - started, 1) });
  });
  process.send!("ready");
}

function memory() {
  globalThis.gc?.();
  const m = process.memoryUsage();
  const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
}

/** Least-squares slope of `ys` per step of `xs`. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den ? num / den : 0;
}

async function main(): Promise<number> {
  const updates = Number(values.updates);
  const docs = Number(values.docs);
  const dir = mkdtempSync(path.join(os.tmpdir(), "citebot-bench-live-"));
  try {
    const corpus = path.join(dir, "corpus");
    const index = path.join(dir, "embeddings");
    await fs.mkdir(corpus);
    // A small corpus: the bundled document's paragraphs, dealt round-robin into `docs` files.
    const paragraphs = readFileSync(path.join(ROOT, "corpus/beijing-education-2023.txt"), "utf8").split(/\n\s*\n/).filter((p) => p.trim());
    for (let d = 0; d < docs; d++) {
      const body = paragraphs.filter((_, i) => i % docs === d % paragraphs.length || (i + d) % 7 === 0);
      writeFileSync(path.join(corpus, `doc-${d}.txt`), `文档${d}\n\n${body.join("\n\n")}\n`);
    }
    const live = await openLive(app(corpus, index), { watchCorpus: false });
    const engine = live.engine;
    const child = fork(import.meta.filename, ["--publisher", dir], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    await new Promise<void>((resolve) => child.once("message", () => resolve()));

    let stop = false;
    let asked = 0;
    let failed = 0;
    const asker = (async () => {
      const questions = ["红色“1+1”党支部共建活动组织了多少个学生党支部？", "北京市有多少所高校？", "思政课实践教学基地有多少个？"];
      while (!stop) {
        try {
          await engine.ask(questions[asked % questions.length]!);
        } catch {
          failed++;
        }
        asked++;
        await new Promise((r) => setImmediate(r));
      }
    })();

    const switches = new Map<string, number>();
    let waiting: { build: string; resolve: () => void } | undefined;
    engine.onSwitch((event: SwitchEvent) => {
      switches.set(event.build, Date.now());
      if (waiting?.build === event.build) waiting.resolve();
    });
    const swapMs: number[] = [];
    const buildMs: number[] = [];
    const samples: Array<{ updates: number } & ReturnType<typeof memory>> = [{ updates: 0, ...memory() }];
    let unanswered = 0;
    for (let step = 1; step <= updates; step++) {
      const published = await new Promise<{ build: string; publishedAt: number; buildMs: number }>((resolve) => {
        child.once("message", (m) => resolve(m as { build: string; publishedAt: number; buildMs: number }));
        child.send(step);
      });
      if (!switches.has(published.build)) await new Promise<void>((resolve) => (waiting = { build: published.build, resolve }));
      swapMs.push(switches.get(published.build)! - published.publishedAt);
      buildMs.push(published.buildMs);
      const answer = await engine.ask(stepDoc(step).question);
      if (answer.citations[0]?.source !== stepDoc(step).name) unanswered++;
      if (step % 10 === 0) {
        samples.push({ updates: step, ...memory() });
        if (!values.json) {
          const s = samples.at(-1)!;
          console.error(`${step} generations: rss ${s.rss} MB, heap ${s.heapUsed} MB, external ${s.external} MB; ${asked} questions so far`);
        }
      }
    }
    stop = true;
    await asker;
    child.kill();
    await live.close();

    // From the 10th generation on: the first ones include warm-up (JIT, caches, the first swap's allocations).
    const steady = samples.filter((s) => s.updates >= 10);
    const trend = (key: "rss" | "heapUsed") => round(slope(steady.map((s) => s.updates), steady.map((s) => s[key])) * 100, 1);
    const result = {
      updates,
      docs,
      gc: typeof globalThis.gc === "function",
      questions: asked,
      failedQuestions: failed,
      newDocumentNotAnswered: unanswered,
      swapMs: latency(swapMs),
      publisherBuildMs: latency(buildMs),
      memory: samples,
      growth: {
        rssMb: round(samples.at(-1)!.rss - samples[1]!.rss, 1),
        heapMb: round(samples.at(-1)!.heapUsed - samples[1]!.heapUsed, 1),
        rssTrendMbPer100: trend("rss"),
        heapTrendMbPer100: trend("heapUsed"),
      },
    };
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(markdownTable(["generations", "RSS MB", "heap MB", "external MB"], samples.map((s) => [s.updates, s.rss, s.heapUsed, s.external])));
      console.log(`\ngrowth from 10 to ${updates} generations: RSS ${result.growth.rssMb} MB, heap ${result.growth.heapMb} MB; least-squares trend per 100 generations: RSS ${result.growth.rssTrendMbPer100} MB, heap ${result.growth.heapTrendMbPer100} MB${result.gc ? "" : " (no --expose-gc: figures include garbage)"}`);
      console.log(`swap latency (publish → answering on the new generation): p50 ${result.swapMs.p50} ms, p95 ${result.swapMs.p95} ms, max ${result.swapMs.max} ms; publisher's build p50 ${result.publisherBuildMs.p50} ms`);
      console.log(`${asked} questions answered during the run, ${failed} failed; new document not answerable after its switch: ${unanswered} of ${updates}`);
    }
    return failed === 0 && unanswered === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.publisher) await publisher(values.publisher);
else process.exitCode = await main();
