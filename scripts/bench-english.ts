/**
 * The English quality benchmark alone (the same numbers bench-quality prints, without the slow
 * Chinese sets):
 *
 *   scripts/bench-english [--out .bench/english.json] [--baseline OLD.json] [--wrong [--held-out]]
 *
 * --wrong lists the questions on the wrong side of the development sets only; the held-out sets' (english-4, english-5,
 * cross-lingual-2) are listed, and written to --out, only with --held-out too, so that tuning never reads them by accident.
 *
 * English questions over English text (answer-hit, refusal, fragment rate; the second set, english-2,
 * is held out: never tuned on; the third, english-3, encyclopedic articles, was held out until s13 (tuned on since), and the
 * fourth and fifth, english-4 (sky cultures) and english-5 (peoples and states), are held out; those three have a
 * row for each kind of unanswerable question: about articles left out of the corpus, near-topic) and English questions
 * over the bundled Chinese corpus (cross-lingual hits) and over eight CMRC 2018 articles (cross-lingual-2,
 * held out: never tuned on). Model-free and deterministic.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../src/app.js";
import { parseConfig } from "../src/config/config.js";
import { createMemoryLogger } from "../src/log.js";
import { crossLingualDev2Run, crossLingualDevRun, crossLingualZhDevRun, crossLingualHeldOutRun, crossLingualRun, type EnglishReport, englishDevRun, englishEncyclopedicRun, englishHeldOutRun, englishNationsRun, englishSkyCulturesRun, englishRun, englishTable } from "./quality/english.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const { values } = parseArgs({
  options: {
    out: { type: "string", default: path.join(repoRoot, ".bench", "english.json") },
    baseline: { type: "string" },
    wrong: { type: "boolean" },
    "held-out": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  process.stdout.write("scripts/bench-english [--out .bench/english.json] [--baseline OLD.json] [--wrong [--held-out]]\n");
  process.exit(0);
}

async function main(): Promise<void> {
  const logger = createMemoryLogger("warn");
  const app = createApp(parseConfig({ corpus: path.join(repoRoot, "corpus") }, {}, repoRoot), logger, () => undefined);
  const heldOut = new Set<EnglishReport>();
  const held = (rows: EnglishReport[]) => (rows.forEach((r) => heldOut.add(r)), rows);
  const reports = [await englishRun(app), await englishHeldOutRun(app), await englishDevRun(app), ...(await englishEncyclopedicRun(app)), ...held(await englishSkyCulturesRun(app)), ...held(await englishNationsRun(app)), await crossLingualRun(app), await crossLingualDevRun(app), await crossLingualDev2Run(app), await crossLingualZhDevRun(app), ...held(await crossLingualHeldOutRun(app))];
  const before = values.baseline ? (JSON.parse(await fs.readFile(values.baseline, "utf8")) as { english: EnglishReport[] }).english : [];
  process.stdout.write(englishTable(reports, before) + "\n");
  const shown = (r: EnglishReport) => values["held-out"] || !heldOut.has(r);
  if (values.wrong) {
    for (const r of reports.filter(shown)) for (const w of r.wrong) process.stdout.write(`- ${r.label}: ${w.answerable ? "refused" : `answered${w.kind ? ` (${w.kind})` : ""}`}: ${w.q}${w.found ? ` → ${w.answer}` : ""}\n`);
  }
  const out = path.resolve(values.out!);
  await fs.mkdir(path.dirname(out), { recursive: true });
  const written = reports.map((r) => (shown(r) ? r : { ...r, wrong: [] }));
  await fs.writeFile(out, JSON.stringify({ date: new Date().toISOString(), english: written }, null, 2) + "\n");
}

main().catch((error) => {
  process.stderr.write(`bench-english: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
