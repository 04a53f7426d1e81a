/**
 * The small-corpus benchmark's corpus (issue 15): about 850 short documents,
 * about 0.5 MB in all, the size most users have. Every document is a run of
 * whole sentences (about 200 characters) cut from one paragraph of the public
 * sets in ../shared/bench (CMRC 2018 trial, Simplified; DRCD test, Traditional),
 * titled with its article, taken from the two sets in turn in a seeded order.
 * The sets are CC BY-SA, so the corpus is written at bench time, never committed.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { splitSentences } from "../../src/lang/sentences.js";
import { seededRandom } from "../../test/helpers/random.js";
import { type BenchSet, shuffle } from "./corpus.js";

export interface SmallCorpusOptions {
  /** Documents to write. */
  documents: number;
  /** A document ends at the first sentence end at or after this many characters. */
  targetChars: number;
  seed: number;
}

export const DEFAULT_SMALL_CORPUS: SmallCorpusOptions = { documents: 850, targetChars: 190, seed: 15 };

export interface SmallCorpus {
  dir: string;
  files: number;
  chars: number;
  utf8Bytes: number;
}

/** Cuts a paragraph into pieces of whole sentences of at least `targetChars` (the last piece may be shorter and is kept if at least half that). */
export function sentencePieces(text: string, targetChars: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const span of splitSentences(text)) {
    if (span.end - start >= targetChars) {
      pieces.push(text.slice(start, span.end).trim());
      start = span.end;
    }
  }
  const rest = text.slice(start).trim();
  if (rest.length >= targetChars / 2) pieces.push(rest);
  return pieces;
}

export async function writeSmallCorpus(sets: BenchSet[], dir: string, options: SmallCorpusOptions = DEFAULT_SMALL_CORPUS): Promise<SmallCorpus> {
  const random = seededRandom(options.seed);
  const queues = sets.map((set) => shuffle(set.paragraphs, random)
    .flatMap((p) => sentencePieces(p.text, options.targetChars).map((text) => ({ title: p.title, text }))));
  await fs.mkdir(dir, { recursive: true });
  let chars = 0;
  let utf8Bytes = 0;
  let files = 0;
  for (let turn = 0; files < options.documents; turn++) {
    const queue = queues[turn % queues.length];
    const piece = queue[Math.floor(turn / queues.length)];
    if (!piece) {
      if (queues.every((q) => Math.floor(turn / queues.length) >= q.length)) break;
      continue;
    }
    const text = `${piece.title}\n\n${piece.text}\n`;
    const bytes = Buffer.from(text, "utf8");
    // Ten documents a folder, as people file things.
    const source = path.join(`d${String(Math.floor(files / 10)).padStart(3, "0")}`, `doc-${String(files).padStart(4, "0")}.txt`);
    await fs.mkdir(path.join(dir, path.dirname(source)), { recursive: true });
    await fs.writeFile(path.join(dir, source), bytes);
    chars += text.length;
    utf8Bytes += bytes.length;
    files++;
  }
  return { dir, files, chars, utf8Bytes };
}
