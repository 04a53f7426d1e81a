/**
 * Benchmark corpora built from the real paragraphs of ../shared/bench (CMRC 2018
 * trial, DRCD test): every sentence is real text; paragraphs are recombined
 * (sentences rotated, a sentence borrowed from another paragraph) and repeated
 * in a different order each pass until the corpus reaches the wanted chunk count.
 */
import { existsSync, promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { chunkDocument, DEFAULT_CHUNKER } from "../../src/chunk/chunker.js";
import { splitSentences } from "../../src/lang/sentences.js";
import { seededRandom } from "../../test/helpers/random.js";

export interface BenchSet {
  name: string;
  paragraphs: Array<{ title: string; text: string }>;
  questions: string[];
}

/** ../shared/bench, resolved from the repository root (dist/scripts/perf → repo root). */
export function benchDataDir(repoRoot: string): string {
  return path.resolve(repoRoot, "..", "shared", "bench");
}

export const BENCH_FILES = ["cmrc2018_trial.json", "DRCD_test.json"] as const;

interface SquadJson {
  data: Array<{ title?: string; paragraphs: Array<{ context: string; qas: Array<{ question: string }> }> }>;
}

export function loadBenchSets(dataDir: string): BenchSet[] {
  return BENCH_FILES.map((file) => {
    const full = path.join(dataDir, file);
    if (!existsSync(full)) throw new Error(`benchmark data not found: ${full} (expected ../shared/bench beside the repository)`);
    const json = JSON.parse(readFileSync(full, "utf8")) as SquadJson;
    const paragraphs: BenchSet["paragraphs"] = [];
    const questions: string[] = [];
    for (const article of json.data) {
      for (const p of article.paragraphs) {
        paragraphs.push({ title: article.title ?? file, text: p.context.replace(/\s*\n\s*/g, " ").trim() });
        for (const qa of p.qas) questions.push(qa.question);
      }
    }
    return { name: file.replace(/\.json$/, ""), paragraphs, questions };
  });
}


export function shuffle<T>(items: T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export interface GeneratedCorpus {
  dir: string;
  files: number;
  chunks: number;
  chars: number;
  utf8Bytes: number;
}

const PARAGRAPHS_PER_FILE = 24;

/**
 * Writes files of about PARAGRAPHS_PER_FILE paragraphs each into `dir` until the
 * default chunker would cut at least `targetChunks` chunks from them.
 */
export async function generateCorpus(sets: BenchSet[], dir: string, targetChunks: number, seed = 7): Promise<GeneratedCorpus> {
  await fs.mkdir(dir, { recursive: true });
  const random = seededRandom(seed);
  const pool = sets.flatMap((s) => s.paragraphs.map((p) => ({ ...p, sentences: sentencesOf(p.text) })));
  let chunks = 0;
  let chars = 0;
  let utf8Bytes = 0;
  let files = 0;
  for (let pass = 0; chunks < targetChunks; pass++) {
    const order = shuffle(pool, random);
    for (let at = 0; at < order.length && chunks < targetChunks; at += PARAGRAPHS_PER_FILE) {
      const group = order.slice(at, at + PARAGRAPHS_PER_FILE);
      const body = group.map((p) => {
        if (pass === 0) return p.text;
        const rotated = rotate(p.sentences, pass % Math.max(1, p.sentences.length));
        if (random() < 0.6) {
          const other = pool[Math.floor(random() * pool.length)].sentences;
          rotated.splice(Math.floor(random() * (rotated.length + 1)), 0, other[Math.floor(random() * other.length)]);
        }
        return rotated.join("");
      });
      const text = `${group[0].title}（第${pass + 1}辑）\n\n${body.join("\n\n")}\n`;
      const source = `p${String(pass).padStart(3, "0")}/f${String(files).padStart(6, "0")}.txt`;
      chunks += chunkDocument({ source, title: "", text, hash: "", encoding: "utf-8" }, DEFAULT_CHUNKER).length;
      chars += text.length;
      const bytes = Buffer.from(text, "utf8");
      utf8Bytes += bytes.length;
      await fs.mkdir(path.join(dir, path.dirname(source)), { recursive: true });
      await fs.writeFile(path.join(dir, source), bytes);
      files++;
    }
  }
  return { dir, files, chunks, chars, utf8Bytes };
}

function sentencesOf(text: string): string[] {
  const spans = splitSentences(text);
  return spans.length ? spans.map((s) => text.slice(s.start, s.end)) : [text];
}

function rotate<T>(items: T[], by: number): T[] {
  return [...items.slice(by), ...items.slice(0, by)];
}

/** Questions of all sets, interleaved and shuffled with a fixed seed. */
export function benchQuestions(sets: BenchSet[], count: number, seed = 11): string[] {
  return shuffle(sets.flatMap((s) => s.questions.map((q) => q.trim()).filter(Boolean)), seededRandom(seed)).slice(0, count);
}
