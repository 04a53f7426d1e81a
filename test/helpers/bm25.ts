import { readFileSync } from "node:fs";
import { type ScoredDoc } from "../../src/search/bm25.js";
import { type Bm25Params, DEFAULT_BM25 } from "../../src/search/bm25-options.js";
import { seededRandom } from "./random.js";
import { BUNDLED_DOC } from "./workspace.js";

/** The plain exhaustive BM25 (a dense float32 accumulator, every document sorted): the reference for search. */
export function referenceBm25(termLists: string[][], { k1, b }: Bm25Params = DEFAULT_BM25): (query: string[], k: number) => ScoredDoc[] {
  const n = termLists.length;
  const postings = new Map<string, Array<[number, number]>>();
  termLists.forEach((terms, doc) => {
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, f] of counts) {
      if (!postings.has(t)) postings.set(t, []);
      postings.get(t)!.push([doc, f]);
    }
  });
  const avg = termLists.reduce((a, t) => a + t.length, 0) / n;
  return (query, k) => {
    const qtf = new Map<string, number>();
    for (const t of query) if (postings.has(t)) qtf.set(t, (qtf.get(t) ?? 0) + 1);
    const scores = new Float32Array(n);
    const touched = new Set<number>();
    for (const [term, count] of qtf) {
      const list = postings.get(term)!;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5)) * count;
      for (const [doc, f] of list) {
        const norm = k1 * (1 - b + (b * termLists[doc].length) / avg);
        scores[doc] += (idf * f * (k1 + 1)) / (f + norm);
        touched.add(doc);
      }
    }
    return [...touched].map((doc) => ({ doc, score: scores[doc] })).sort((x, y) => y.score - x.score || x.doc - y.doc).slice(0, k);
  };
}

/** Chunks recombined from the bundled document's sentences (so many exact duplicates and ties), plus some English. */
export function bm25Corpus(count: number, seed = 1): string[] {
  const sentences = readFileSync(BUNDLED_DOC, "utf8").split(/(?<=[。！？\n])/).map((s) => s.trim()).filter(Boolean);
  const english = "The school district opened 12 new schools in 2023 and hired 3.5 thousand teachers for students".split(" ");
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const parts: string[] = [];
    const len = 1 + Math.floor(random() * 5);
    for (let j = 0; j < len; j++) parts.push(sentences[Math.floor(random() * sentences.length)]);
    if (i % 7 === 0) parts.push(english.filter(() => random() < 0.4).join(" "));
    return parts.join("");
  });
}

/** Scores equal up to float32 rounding (sums taken in another order). */
export function closeScore(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
}
