import { ANSWER_SENTENCES, type Piece, sentencePieces, sentenceRules } from "../../lang/sentences.js";
import type { Fold } from "../../search/fold.js";
import type { Citation } from "../../types.js";
import type { Evidence } from "../answerer.js";
import type { Citer } from "../cite.js";
import { REFUSAL_TOKEN } from "./prompt.js";

/**
 * Verification of a generated answer against the passages it was given. Pure:
 * same text and evidence, same result.
 *
 * - Every `[n]` must name a passage that was provided (1..evidence.length);
 *   other markers are removed and counted.
 * - Every quoted span (「」 『』 “” "") must be found verbatim in a provided
 *   passage after folding (width, case, Traditional→Simplified, quotes) and with
 *   whitespace ignored. It becomes a citation whose offsets are mapped back to the
 *   source and cited by the Citer, so `citation.text` is an exact slice with its
 *   line and paragraph. A quote is looked up first in the passages its sentence
 *   cites, then in the others (re-attributed). A sentence with a quote found
 *   nowhere is dropped whole and counted.
 * - A sentence with neither a valid marker nor a verified quote is a claim
 *   without support: it is dropped and counted, unless a later sentence of the
 *   same line is cited (a marker at the end of a run of sentences) or it is a
 *   lead-in ending in a colon.
 * - Citations are renumbered 1..m in order of first use; a marker without a
 *   quote cites the passage's evidence excerpt.
 */

export interface VerifyOptions {
  fold: Fold;
  /** Cites verified quotes; it must know the evidence's documents (it throws for a span it cannot locate). */
  citer: Citer;
}

export interface VerifyReport {
  /** `[n]` markers naming no provided passage. */
  invalidMarkers: number;
  /** Quotes found in no provided passage (their sentences are dropped). */
  unverifiedQuotes: number;
  /** Sentences with no valid marker and no verified quote, dropped. */
  uncitedSentences: number;
  /** Sentences removed for any reason. */
  droppedSentences: number;
  /** Quotes found in another passage than the one their sentence cites, and cited there. */
  reattributedQuotes: number;
  /** Quotes verified verbatim. */
  verifiedQuotes: number;
}

export interface VerifiedAnswer {
  /** The model said the passages do not contain the answer. */
  refused: boolean;
  /** The answer with only verified sentences and renumbered markers. */
  answer: string;
  citations: Citation[];
  /** invalidMarkers + unverifiedQuotes + uncitedSentences: what `droppedCitations` reports. */
  dropped: number;
  report: VerifyReport;
}

const MARKER = /[[［【]\s*(?:(?:passage|source|doc(?:ument)?|段落|资料|文段|片段|来源|出处)\s*)?(\d{1,3}(?:\s*(?:[,，、;；]|[-–~～])\s*\d{1,3})*)\s*[\]］】]/giu;
const QUOTE_PAIRS: Record<string, string> = { "「": "」", "『": "』", "“": "”", '"': '"', "＂": "＂" };
const EDGE_PUNCT = /^[\s，。、；：！？,.;:!?·]+|[\s，。、；：！？,.;:!?·]+$/gu;

/** Removes reasoning blocks (<think>…</think>) some local models emit before the answer. */
export function stripReasoning(text: string): string {
  let out = text.replace(/<think>[\s\S]*?<\/think>/gi, "");
  const open = out.search(/<think>/i);
  if (open !== -1) out = out.slice(0, open);
  return out.trim();
}

/** True when the model answered with the refusal token. */
export function isRefusal(text: string): boolean {
  return text.toUpperCase().includes(REFUSAL_TOKEN);
}

export function verifyAnswer(raw: string, evidence: readonly Evidence[], options: VerifyOptions): VerifiedAnswer {
  const report: VerifyReport = { invalidMarkers: 0, unverifiedQuotes: 0, uncitedSentences: 0, droppedSentences: 0, reattributedQuotes: 0, verifiedQuotes: 0 };
  const text = stripReasoning(raw);
  if (isRefusal(text)) return { refused: true, answer: "", citations: [], dropped: 0, report };

  const passages = evidence.map((e) => preparePassage(e.passage, options.fold));
  const pieces = splitAnswer(text);
  type Plan = { piece: Piece; status: "kept" | "dropped" | "uncited"; render?: (number: (key: string) => number) => string };
  const plans: Plan[] = [];
  const citationsByKey = new Map<string, Omit<Citation, "n">>();

  for (const piece of pieces) {
    if (piece.kind === "gap") continue;
    const sentence = piece.text;
    const quotes = findQuotes(sentence);
    const markers = findMarkers(sentence);
    const valid: number[] = [];
    let invalid = 0;
    for (const m of markers) {
      for (const n of m.numbers) {
        if (n >= 1 && n <= evidence.length) {
          if (!valid.includes(n - 1)) valid.push(n - 1);
        } else invalid++;
      }
    }
    // Verify quotes: cited passages first, then the others.
    const order = [...valid, ...evidence.map((_, i) => i).filter((i) => !valid.includes(i))];
    const verified: Array<{ quote: Quote; passage: number; key: string }> = [];
    let unverified = 0;
    for (const quote of quotes) {
      const pieces = quotePieces(quote.content, options.fold);
      if (!pieces) continue; // too short to be a quotation (a quoted term)
      let hit: { passage: number; start: number; end: number } | undefined;
      for (const p of order) {
        const span = matchPieces(passages[p], pieces);
        if (span) {
          hit = { passage: p, ...span };
          break;
        }
      }
      if (!hit) {
        unverified++;
        continue;
      }
      if (valid.length && !valid.includes(hit.passage)) report.reattributedQuotes++;
      const citation = spanCitation(evidence[hit.passage], hit.start, hit.end, options.citer);
      const key = citationKey(hit.passage, citation);
      citationsByKey.set(key, citation);
      verified.push({ quote, passage: hit.passage, key });
    }
    report.verifiedQuotes += verified.length;

    if (unverified > 0) {
      report.unverifiedQuotes += unverified;
      report.invalidMarkers += invalid;
      plans.push({ piece, status: "dropped" });
      continue;
    }
    if (valid.length === 0 && verified.length === 0) {
      if (invalid > 0) {
        report.invalidMarkers += invalid;
        plans.push({ piece, status: "dropped" });
      } else plans.push({ piece, status: "uncited" });
      continue;
    }
    report.invalidMarkers += invalid;
    // Edits: marker groups become renumbered markers; quotes from passages the sentence does not cite get a marker after them.
    const edits: Array<{ start: number; end: number; keys: string[] }> = [];
    for (const m of markers) {
      const keys: string[] = [];
      for (const n of m.numbers) {
        const p = n - 1;
        if (p < 0 || p >= evidence.length) continue;
        const fromQuotes = verified.filter((v) => v.passage === p).map((v) => v.key);
        if (fromQuotes.length) keys.push(...fromQuotes);
        else {
          const citation = excerptCitation(evidence[p]);
          const key = citationKey(p, citation);
          if (!citationsByKey.has(key)) citationsByKey.set(key, citation);
          keys.push(key);
        }
      }
      edits.push({ start: m.start, end: m.end, keys: [...new Set(keys)] });
    }
    for (const v of verified) {
      if (!valid.includes(v.passage)) edits.push({ start: v.quote.end, end: v.quote.end, keys: [v.key] });
    }
    edits.sort((a, b) => a.start - b.start || a.end - b.end);
    plans.push({
      piece,
      status: "kept",
      render: (number) => {
        let out = "";
        let pos = 0;
        for (const edit of edits) {
          out += sentence.slice(pos, edit.start) + edit.keys.map((k) => `[${number(k)}]`).join("");
          pos = edit.end;
        }
        return (out + sentence.slice(pos)).replace(/(\[\d+\])(\s*\1)+/g, "$1");
      },
    });
  }

  // Uncited sentences survive only as part of a cited run on the same line, or as a lead-in ("…如下：").
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i];
    if (plan.status !== "uncited") continue;
    const laterKept = plans.slice(i + 1).filter((p) => p.status === "kept");
    const sameLineKept = laterKept.some((p) => p.piece.line === plan.piece.line);
    const leadIn = /[:：]\s*$/.test(plan.piece.text) && laterKept.length > 0;
    if (sameLineKept || leadIn) plan.status = "kept";
    else if (!/[\p{L}\p{N}]/u.test(plan.piece.text)) plan.status = "dropped"; // decoration, not a claim
    else {
      plan.status = "dropped";
      report.uncitedSentences++;
    }
  }

  // Assemble, numbering citations in order of first use.
  const numbers = new Map<string, number>();
  const citations: Citation[] = [];
  const number = (key: string): number => {
    let n = numbers.get(key);
    if (n === undefined) {
      n = citations.length + 1;
      numbers.set(key, n);
      citations.push({ n, ...citationsByKey.get(key)! });
    }
    return n;
  };
  const byPiece = new Map(plans.map((p) => [p.piece, p]));
  let out = "";
  for (const piece of pieces) {
    if (piece.kind === "gap") {
      out += piece.text;
      continue;
    }
    const plan = byPiece.get(piece)!;
    if (plan.status === "dropped") {
      report.droppedSentences++;
      continue;
    }
    out += plan.render ? plan.render(number) : piece.text;
  }
  const answer = tidy(out);
  return { refused: false, answer, citations, dropped: report.invalidMarkers + report.unverifiedQuotes + report.uncitedSentences, report };
}

// ---------------------------------------------------------------------------
// Sentences

/**
 * Answer sentences (lang/sentences.ts ANSWER_SENTENCES): a quote closed on its line is not cut
 * inside, and citation markers after a sentence's end (after spaces, tabs or ideographic spaces)
 * stay with it.
 */
const ANSWER_RULES = sentenceRules({
  ...ANSWER_SENTENCES,
  quotes: QUOTE_PAIRS,
  trailing: (text, at, to) => {
    let s = at;
    while (s < to && (text[s] === " " || text[s] === "\t" || text[s] === "\u3000")) s++;
    MARKER.lastIndex = s;
    const m = MARKER.exec(text);
    return m && m.index === s ? s + m[0].length : -1;
  },
});

/** Splits answer text into sentences and the whitespace between them; markers after a sentence end stay with it. */
export function splitAnswer(text: string): Piece[] {
  return sentencePieces(text, ANSWER_RULES);
}

/** Removes what dropping left behind: trailing spaces, empty bullets, runs of blank lines. */
function tidy(text: string): string {
  return text
    .split("\n")
    .map((l) => l.replace(/(\S)[ \t]{2,}/g, "$1 ").trimEnd())
    .filter((l, i, all) => !/^\s*(?:[-*•]|\d{1,2}[.)、])?\s*$/.test(l) || (l === "" && i > 0 && all[i - 1] !== ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// ---------------------------------------------------------------------------
// Markers and quotes

interface Marker {
  start: number;
  end: number;
  numbers: number[];
}

interface Quote {
  /** Offsets in the sentence: `start` at the opening mark, `end` after the closing mark. */
  start: number;
  end: number;
  content: string;
}

export function findQuotes(sentence: string): Quote[] {
  const quotes: Quote[] = [];
  for (let i = 0; i < sentence.length; i++) {
    const closer = QUOTE_PAIRS[sentence[i]];
    if (!closer) continue;
    const close = sentence.indexOf(closer, i + 1);
    if (close === -1) continue;
    quotes.push({ start: i, end: close + 1, content: sentence.slice(i + 1, close) });
    i = close;
  }
  return quotes;
}

/** Every marker group of a sentence, including one a model put inside a quote. */
function findMarkers(sentence: string): Marker[] {
  const markers: Marker[] = [];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(sentence); m; m = MARKER.exec(sentence)) {
    markers.push({ start: m.index, end: m.index + m[0].length, numbers: parseNumbers(m[1]) });
  }
  return markers;
}

function parseNumbers(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(/\s*[,，、;；]\s*/)) {
    const range = /^(\d+)\s*[-–~～]\s*(\d+)$/.exec(part);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (b >= a && b - a < 20) for (let x = a; x <= b; x++) out.push(x);
      else out.push(a, b);
    } else if (/^\d+$/.test(part)) out.push(Number(part));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Matching quotes in passages

interface PreparedPassage {
  /** Folded text with whitespace removed. */
  compact: string;
  /** map[i] = offset in the passage of compact[i]. */
  map: Int32Array;
}

function preparePassage(passage: string, fold: Fold): PreparedPassage {
  const folded = fold(passage);
  const map = new Int32Array(folded.length);
  let compact = "";
  let k = 0;
  for (let i = 0; i < folded.length; i++) {
    if (isSpace(folded.charCodeAt(i))) continue;
    compact += folded[i];
    map[k++] = i;
  }
  return { compact, map: map.subarray(0, k) };
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function compactFold(text: string, fold: Fold): string {
  const folded = fold(text);
  let out = "";
  for (let i = 0; i < folded.length; i++) if (!isSpace(folded.charCodeAt(i))) out += folded[i];
  return out;
}

/** A quote's pieces (split at ellipses), folded and compacted; undefined when it is too short to be a quotation. */
function quotePieces(content: string, fold: Fold): string[] | undefined {
  const pieces = content
    .replace(MARKER, "")
    .split(/…+|\.{3,}|⋯+/)
    .map((p) => compactFold(p.replace(EDGE_PUNCT, ""), fold))
    .filter((p) => p.length > 0);
  const total = pieces.reduce((sum, p) => sum + p.length, 0);
  return total >= 2 ? pieces : undefined;
}

/** Finds the pieces in order; returns passage offsets [start, end) of the whole span. */
function matchPieces(passage: PreparedPassage, pieces: readonly string[]): { start: number; end: number } | undefined {
  let from = 0;
  let first = -1;
  let lastEnd = -1;
  for (const piece of pieces) {
    const at = passage.compact.indexOf(piece, from);
    if (at === -1) return undefined;
    if (first === -1) first = at;
    lastEnd = at + piece.length;
    from = lastEnd;
  }
  return { start: passage.map[first], end: passage.map[lastEnd - 1] + 1 };
}

// ---------------------------------------------------------------------------
// Citations

function citationKey(passage: number, c: Omit<Citation, "n">): string {
  return `${passage}:${c.start}:${c.end}`;
}

function excerptCitation(e: Evidence): Omit<Citation, "n"> {
  const { source, start, end, line, paragraph, text, score, chunkId } = e.citation;
  return { source, start, end, line, paragraph, text, score, chunkId };
}

/** A citation for passage offsets [s, e): an exact slice of the source, with line and paragraph. */
export function spanCitation(e: Evidence, s: number, end: number, citer: Citer): Omit<Citation, "n"> {
  return citer.cite(e.citation.source, e.passageStart + s, e.passageStart + end, e.citation.score, e.citation.chunkId);
}
