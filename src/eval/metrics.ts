/**
 * Metrics for `citebot eval`. EM and F1 follow the CMRC 2018 official evaluation
 * script (cmrc2018_evaluate.py): lower-case and trim; drop the listed punctuation;
 * split CJK characters (and punctuation) one per segment and tokenise other runs
 * into words; F1 is over the longest common *contiguous* run of segments; EM compares
 * the punctuation-free strings. A missing prediction scores 0 on both.
 */
import { isCmrcHan } from "../lang/script.js";

/** The punctuation list of cmrc2018_evaluate.py (its multi-character "……" never matches a single character there either). */
const SP_CHAR = new Set(["-", ":", "_", "*", "^", "/", "\\", "~", "`", "+", "=", "，", "。", "：", "？", "！", "“", "”", "；", "’", "《", "》", "·", "、", "「", "」", "（", "）", "－", "～", "『", "』"]);

/** nltk.word_tokenize, closely enough for short non-CJK runs: words, numbers (with inner . or ,) and single punctuation marks. */
function wordTokenize(text: string): string[] {
  return text.match(/[\p{L}\p{M}\p{N}]+(?:[.,'][\p{L}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu) ?? [];
}

export function mixedSegmentation(input: string, removePunctuation = false): string[] {
  const text = input.toLowerCase().trim();
  const out: string[] = [];
  let run = "";
  for (const ch of text) {
    if (removePunctuation && SP_CHAR.has(ch)) continue;
    if (isCmrcHan(ch) || SP_CHAR.has(ch)) {
      if (run) out.push(...wordTokenize(run));
      run = "";
      out.push(ch);
    } else run += ch;
  }
  if (run) out.push(...wordTokenize(run));
  return out;
}

export function removePunctuation(input: string): string {
  let out = "";
  for (const ch of input.toLowerCase().trim()) if (!SP_CHAR.has(ch)) out += ch;
  return out;
}

/** Length of the longest common contiguous run of two segment lists. */
function lcsLength(a: string[], b: string[]): number {
  let best = 0;
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      cur[j + 1] = a[i] === b[j] ? prev[j] + 1 : 0;
      if (cur[j + 1] > best) best = cur[j + 1];
    }
    [prev, cur] = [cur, prev];
    cur.fill(0);
  }
  return best;
}

/** CMRC 2018 F1: the best over the gold answers. */
export function f1Score(answers: string[], prediction: string | undefined): number {
  if (prediction === undefined) return 0;
  const pred = mixedSegmentation(prediction, true);
  let best = 0;
  for (const answer of answers) {
    const gold = mixedSegmentation(answer, true);
    const common = lcsLength(gold, pred);
    if (common === 0) continue;
    const precision = common / pred.length;
    const recall = common / gold.length;
    best = Math.max(best, (2 * precision * recall) / (precision + recall));
  }
  return best;
}

/** CMRC 2018 EM: 1 when the prediction equals a gold answer after normalisation. */
export function exactMatch(answers: string[], prediction: string | undefined): number {
  if (prediction === undefined) return 0;
  const pred = removePunctuation(prediction);
  return answers.some((a) => removePunctuation(a) === pred) ? 1 : 0;
}

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** 1-based rank of the first relevant item, or 0 when none is relevant. */
export function firstRelevantRank<T>(ranked: T[], relevant: (item: T) => boolean): number {
  const i = ranked.findIndex(relevant);
  return i === -1 ? 0 : i + 1;
}

export interface RankSummary {
  recallAt1: number;
  recallAt5: number;
  recallAt20: number;
  mrrAt10: number;
}

/** Recall@1/5/20 and MRR@10 from the 1-based rank of the first relevant result per question (0 = not found). */
export function summariseRanks(ranks: number[]): RankSummary {
  const n = ranks.length || 1;
  const within = (k: number) => ranks.filter((r) => r > 0 && r <= k).length / n;
  const mrr = ranks.reduce((sum, r) => sum + (r > 0 && r <= 10 ? 1 / r : 0), 0) / n;
  return { recallAt1: within(1), recallAt5: within(5), recallAt20: within(20), mrrAt10: mrr };
}
