/**
 * English short answers by kind (issue 16 §3): asks every question of test/fixtures/quality/short-en-dev over its corpus and
 * prints how many got a `shortAnswer`, how many of those are of the kind asked (an age for how old, a duration for how long,
 * a date for when …) and how many hold the gold span. Model-free and deterministic; a development set (tuned on).
 *
 *   node dist/scripts/bench-short-en.js [--wrong]
 */
import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../src/app.js";
import { parseConfig } from "../src/config/config.js";
import { DEFAULT_ENGINE, Engine } from "../src/engine.js";
import { createMemoryLogger } from "../src/log.js";
import { buildIndex } from "../src/pipeline/build.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const FIXTURE = path.join(repoRoot, "test", "fixtures", "quality", "short-en-dev");
const { values } = parseArgs({ options: { wrong: { type: "boolean" } } });

const COUNT = "\\d[\\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred";
/** What a short answer of each kind looks like, judged apart from the code under test. */
const KIND: Readonly<Record<string, RegExp>> = {
  age: new RegExp(`^(?:aged?\\s+)?(?:${COUNT})(?:\\s*(?:to|-|–)\\s*(?:${COUNT}))?(?:\\s*years?\\s*old|-year-old)?$`, "i"),
  duration: new RegExp(`^(?:${COUNT})\\s*(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries)$`, "i"),
  length: new RegExp(`^(?:${COUNT})\\s*(?:metres|meters|km|kilometres|miles|feet|m)$`, "i"),
  time: /\b(?:1\d{3}|20\d{2})\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b|\b(?:spring|summer|autumn|fall|winter)\b/i,
  count: new RegExp(`^(?:${COUNT})(?:\\s+\\p{L}+)?$`, "iu"),
  money: /^[$€£]\s?\d[\d,.]*$/,
};

interface Item { q: string; kind: string; answers: string[] }

async function main(): Promise<void> {
  const items = (await fs.readFile(path.join(FIXTURE, "questions.jsonl"), "utf8")).split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Item);
  const app = createApp(parseConfig({ corpus: path.join(FIXTURE, "corpus") }, {}, repoRoot), createMemoryLogger("warn"), () => undefined);
  const dir = mkdtempSync(path.join(os.tmpdir(), "citebot-short-en-"));
  try {
    const index = await buildIndex(path.join(FIXTURE, "corpus"), dir, app.config.index, { analyzer: app.analyzer, embedder: app.embedder, logger: app.logger });
    const engine = new Engine({ index, analyzer: app.analyzer, embedder: app.embedder, logger: app.logger }, DEFAULT_ENGINE);
    let found = 0, given = 0, kindRight = 0, hits = 0;
    const wrong: string[] = [];
    for (const item of items) {
      const answer = await engine.ask(item.q);
      if (answer.found) found++;
      const short = answer.shortAnswer?.replace(/\s+/g, " ").trim();
      const right = short !== undefined && KIND[item.kind].test(short);
      const hit = short !== undefined && item.answers.some((a) => short.includes(a));
      if (short !== undefined) given++;
      if (right) kindRight++;
      if (hit) hits++;
      if (!hit) wrong.push(`- ${item.kind}: ${item.q} → ${short ?? (answer.found ? "(no short answer)" : "(not found)")}`);
    }
    const n = items.length;
    const f = (x: number) => (x / n).toFixed(3);
    process.stdout.write(`| set | questions | found | shortAnswer given | of the kind asked | holds the gold span |\n|---|---|---|---|---|---|\n`);
    process.stdout.write(`| English short answers (short-en-dev) | ${n} | ${f(found)} | ${f(given)} | ${f(kindRight)} | ${f(hits)} |\n`);
    if (values.wrong) process.stdout.write(wrong.join("\n") + "\n");
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench-short-en: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
