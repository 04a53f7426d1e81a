/**
 * Pure rendering of answers and passages as Telegram HTML. Everything that
 * comes from users or documents goes through `escapeHtml`; excerpts stay
 * verbatim apart from the <b> highlighting and neutralised bidi controls.
 */
import { citedNumbers, markClipped } from "../answer/cite.js";
import { bidiSafe } from "../display-safe.js";
import { closestPassageLabel, type PassagePlace } from "../lang/messages.js";
import { isHanScript, scriptOf } from "../lang/script.js";
import { joinLines } from "../lang/sentences.js";
import { HIGHLIGHT_STOP_WORDS } from "../lang/stopwords.js";
import type { Answer, Citation, Passage } from "../types.js";
import { escapeHtml, splitHtml, MESSAGE_LIMIT } from "./html.js";
import { texts, type Lang } from "./i18n.js";

export type Range = readonly [start: number, end: number];

/**
 * Tokens: Han characters one by one, other runs of letters and digits as whole
 * words — what /(\p{Script=Han})|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu
 * matches, by a scan over code points whose classes come from those Unicode
 * properties (a table of the BMP built at load, about 4 ms; astral code points
 * are classified when met), since this runs for every citation of every answer
 * on the bot's thread.
 */
const WORD_RE = /^[\p{L}\p{N}]$/u;

interface Token {
  text: string;
  start: number;
  end: number;
  han: boolean;
}

const OTHER = 1;
const HAN = 2;
const WORD = 3;
/**
 * Class of each BMP code point, built once at load from the same Unicode properties as
 * `classify`: runs of letters/digits, then runs of Han over them (surrogates are OTHER).
 */
const BMP_CLASS: Uint8Array = (() => {
  const units = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) units[c] = c >= 0xd800 && c <= 0xdfff ? 0x20 : c;
  const all = new TextDecoder("utf-16le").decode(units);
  const table = new Uint8Array(0x10000).fill(OTHER);
  const mark = (re: RegExp, cls: number) => {
    for (let m; (m = re.exec(all)); ) table.fill(cls, m.index, re.lastIndex);
  };
  mark(/[\p{L}\p{N}]+/gu, WORD);
  mark(/\p{Script=Han}+/gu, HAN);
  return table;
})();

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return isHanScript(ch) ? HAN : WORD_RE.test(ch) ? WORD : OTHER;
}

function classOf(cp: number): number {
  return cp < 0x10000 ? BMP_CLASS[cp]! : classify(cp);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let wordStart = -1;
  const n = text.length;
  for (let i = 0; i < n; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const c = classOf(cp);
    if (c !== WORD && wordStart >= 0) {
      tokens.push({ text: text.slice(wordStart, i).toLowerCase(), start: wordStart, end: i, han: false });
      wordStart = -1;
    }
    if (c === HAN) tokens.push({ text: text.slice(i, i + width), start: i, end: i + width, han: true });
    else if (c === WORD && wordStart < 0) wordStart = i;
    i += width;
  }
  if (wordStart >= 0) tokens.push({ text: text.slice(wordStart).toLowerCase(), start: wordStart, end: n, han: false });
  return tokens;
}

/**
 * An answer's tokens by text, for `longestSharedRuns`. Made once per answer by its caller
 * (`answerMatcher`) and used for every citation of it.
 */
export interface AnswerTokens {
  readonly count: number;
  readonly positions: ReadonlyMap<string, readonly number[]>;
}
const NO_POSITIONS: readonly number[] = [];

export function answerTokens(answerText: string): AnswerTokens {
  const tokens = tokenize(answerText.replace(/\[\d+\]/g, " "));
  const positions = new Map<string, number[]>();
  tokens.forEach((t, j) => {
    const list = positions.get(t.text);
    if (list) list.push(j);
    else positions.set(t.text, [j]);
  });
  return { count: tokens.length, positions };
}

/** A matched run is worth bolding if it carries content: two Han characters, a number, or a non-trivial word. */
function meaningful(run: Token[]): boolean {
  let han = 0;
  for (const t of run) {
    if (t.han) han++;
    else if (/^\p{N}{2,}$/u.test(t.text)) return true;
    else if (t.text.length >= 3 && !HIGHLIGHT_STOP_WORDS.has(t.text)) return true;
  }
  return han >= 2;
}

/**
 * Ranges of `excerpt` that also occur in the answer (longest runs of shared
 * tokens, so 「思政选修课」 is one bold span), plus every occurrence of the short
 * answer. [n] markers in the answer are ignored. Ranges are sorted and merged.
 */
export function matchedRanges(excerpt: string, answerText: string | AnswerTokens, shortAnswer?: string): Range[] {
  const ranges: Range[] = [];
  const answer = typeof answerText === "string" ? answerTokens(answerText) : answerText;
  if (answer.count > 0) {
    const tokens = tokenize(excerpt);
    const longest = longestSharedRuns(tokens, answer);
    let i = 0;
    while (i < tokens.length) {
      const k = longest[i]!;
      if (k > 0 && meaningful(tokens.slice(i, i + k))) {
        ranges.push([tokens[i]!.start, tokens[i + k - 1]!.end]);
        i += k;
      } else {
        i += 1;
      }
    }
  }
  const needle = shortAnswer?.trim();
  if (needle) {
    for (let at = excerpt.indexOf(needle); at !== -1; at = excerpt.indexOf(needle, at + needle.length)) ranges.push([at, at + needle.length]);
  }
  return mergeRanges(ranges);
}

/**
 * For each excerpt token i, the length of the longest run of excerpt tokens
 * starting at i that occurs contiguously in the answer's tokens:
 * run(i, j) = same(i, j) ? 1 + run(i + 1, j + 1) : 0, maximised over j. Only the
 * answer positions holding excerpt token i are visited (rows are sparse, kept
 * in two stamped arrays), so this stays cheap: it runs for every citation of
 * every answer.
 */
function longestSharedRuns(tokens: readonly Token[], answer: AnswerTokens): Uint32Array {
  const { positions, count: m } = answer;
  // run values of rows i+1 (prev) and i (cur); a cell is valid only if its stamp is that row's i.
  let prev = new Uint32Array(m + 1);
  let prevStamp = new Int32Array(m + 1).fill(-1);
  let cur = new Uint32Array(m + 1);
  let curStamp = new Int32Array(m + 1).fill(-1);
  const longest = new Uint32Array(tokens.length);
  for (let i = tokens.length - 1; i >= 0; i--) {
    let best = 0;
    for (const j of positions.get(tokens[i]!.text) ?? NO_POSITIONS) {
      const run = 1 + (prevStamp[j + 1] === i + 1 ? prev[j + 1]! : 0);
      cur[j] = run;
      curStamp[j] = i;
      if (run > best) best = run;
    }
    longest[i] = best;
    [prev, cur] = [cur, prev];
    [prevStamp, curStamp] = [curStamp, prevStamp];
  }
  return longest;
}

export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Escapes `text` and wraps each range in <b>. Ranges must be sorted and disjoint. */
export function highlight(text: string, ranges: readonly Range[]): string {
  let out = "";
  let at = 0;
  for (const [s, e] of ranges) {
    const start = Math.max(s, at);
    const end = Math.min(e, text.length);
    if (end <= start) continue;
    out += escapeHtml(text.slice(at, start)) + "<b>" + escapeHtml(text.slice(start, end)) + "</b>";
    at = end;
  }
  return out + escapeHtml(text.slice(at));
}

/** Moves an index off the low half of a surrogate pair so a clip never splits a character. */
function safeIndex(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return i > 0 && i < text.length && code >= 0xdc00 && code <= 0xdfff ? i - 1 : i;
}

/**
 * Shortens `text` to about `max` characters around the first range (or the
 * start), marking cuts with "…", and shifts the ranges to match.
 */
export function clip(text: string, ranges: readonly Range[], max: number): { text: string; ranges: Range[] } {
  if (text.length <= max) return { text, ranges: [...ranges] };
  const focus = ranges[0] ?? ([0, 0] as const);
  const span = Math.min(max, Math.max(0, focus[1] - focus[0]));
  let start = safeIndex(text, Math.max(0, Math.min(focus[0] - Math.floor((max - span) / 3), text.length - max)));
  let end = safeIndex(text, Math.min(text.length, start + max));
  if (end <= start) end = Math.min(text.length, start + max);
  const head = start > 0 ? "…" : "";
  const tail = end < text.length ? "…" : "";
  const shifted: Range[] = [];
  for (const [s, e] of ranges) {
    const cs = Math.max(s, start);
    const ce = Math.min(e, end);
    if (ce > cs) shifted.push([cs - start + head.length, ce - start + head.length]);
  }
  start = Math.max(0, start);
  return { text: head + text.slice(start, end) + tail, ranges: shifted };
}

/** Longest excerpt shown per citation; the full passage is one button away. */
export const EXCERPT_MAX_CHARS = 1500;
/** Longest passage shown for a citation button, so it fits one message. */
export const PASSAGE_MAX_CHARS = 3000;

export interface CitationButton {
  n: number;
  label: string;
}

export interface FormattedAnswer {
  /** The reply as HTML parts, each at most 4096 characters and balanced. */
  parts: string[];
  /** One button per citation, in order (callback data is added by the caller). */
  buttons: CitationButton[];
}

export interface FormatOptions {
  lang: Lang;
  /** Interface texts in Traditional script (default false; the quoted text is never converted). */
  traditional?: boolean;
  /** Document titles by source path; the path is shown when a title is unknown. */
  titles?: ReadonlyMap<string, string>;
  limit?: number;
}

/** The answer body: the answer with [n] markers and the short answer in bold (prepended if the answer does not contain it). */
export function formatAnswerBody(answer: Answer, lang: Lang, traditional = false): string {
  // A greeting, thanks or "help" is answered with what the bot does and what to ask (lang/messages.ts smallTalkText), not "not found".
  if (answer.smallTalk) return escapeHtml(answer.answer);
  if (!answer.found) return texts(lang, traditional).notFound(answer.question);
  const text = answer.answer.trim();
  // The answer quotes its excerpt as read across hard wraps; a short answer across one holds its line break (exact source text).
  const short = answer.shortAnswer && joinLines(answer.shortAnswer, text).trim();
  const ranges = short ? matchedRanges(text, "", short) : [];
  const body = highlight(text, ranges);
  return short && ranges.length === 0 ? `<b>${escapeHtml(short)}</b>\n\n${body}` : body;
}

/** The answer so far while an LLM writes it: escaped, and cut to fit one message (only the final reply is split). */
export function formatPartialAnswer(text: string, limit = MESSAGE_LIMIT): string {
  const visible = text.trim();
  return escapeHtml(visible.length <= limit ? visible : visible.slice(0, safeIndex(visible, limit - 1)) + "…");
}

/** Above this share of an excerpt, bold stops helping the eye. */
const MAX_BOLD_SHARE = 0.6;

/**
 * What to bold in an excerpt: the words it shares with the answer. An
 * extractive answer often *is* the excerpt, and bolding all of it says
 * nothing, so then the question's words are bolded instead. The short answer
 * is always bold.
 */
export function emphasis(excerpt: string, answer: Pick<Answer, "answer" | "question" | "shortAnswer">): Range[] {
  return answerMatcher(answer)(excerpt);
}

/** `emphasis` for the excerpts of one answer: its tokens (and the question's, when needed) are made once. */
export type Matcher = (excerpt: string) => Range[];

export function answerMatcher(answer: Pick<Answer, "answer" | "question" | "shortAnswer">): Matcher {
  const answerTokensOnce = answerTokens(answer.answer);
  let questionTokens: AnswerTokens | undefined;
  return (excerpt) => {
    const fromAnswer = matchedRanges(excerpt, answerTokensOnce, answer.shortAnswer);
    const visible = excerpt.replace(/\s/g, "").length || 1;
    const bold = fromAnswer.reduce((n, [s, e]) => n + excerpt.slice(s, e).replace(/\s/g, "").length, 0);
    if (bold / visible <= MAX_BOLD_SHARE || !answer.question) return fromAnswer;
    return matchedRanges(excerpt, (questionTokens ??= answerTokens(answer.question)), answer.shortAnswer);
  };
}

/** One numbered citation: [n] title · location, then the excerpt in an expandable quote with matched words in bold. */
export function formatCitation(citation: Citation, answer: Answer, options: FormatOptions, matcher: Matcher = answerMatcher(answer)): string {
  return `<b>[${citation.n}]</b> ${citedExcerpt(citation, options, matcher)}`;
}

/** Title · location, then the excerpt in an expandable quote with `matcher`'s ranges in bold: the body of every cited excerpt. */
function citedExcerpt(citation: Omit<Citation, "n">, options: FormatOptions, matcher: Matcher): string {
  const t = texts(options.lang, options.traditional);
  const title = options.titles?.get(citation.source) ?? citation.source;
  const where = `${escapeHtml(title)}` + (title !== citation.source ? ` <i>(${escapeHtml(citation.source)})</i>` : "");
  // The excerpt marked as the answer quotes it (an ellipsis where it cuts a long sentence), the bold shifted past the mark.
  const marked = markClipped(citation.text, citation.clipped);
  const ranges = matcher(citation.text).map(([start, end]): Range => [start + marked.before.length, end + marked.before.length]);
  const excerpt = clip(marked.text, ranges, EXCERPT_MAX_CHARS);
  return (
    `${where} · ${escapeHtml(t.location(placeUnderTitle(citation, title)))}\n` +
    `<blockquote expandable>${highlight(excerpt.text.trim() ? excerpt.text : "…", excerpt.ranges)}</blockquote>`
  );
}

/** A section that is the title (a Markdown file's first heading) is said once, as the title. */
function placeUnderTitle<P extends PassagePlace>(place: P, title: string): P {
  const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
  return place.section !== undefined && oneLine(place.section) === oneLine(title) ? { ...place, section: undefined } : place;
}

/**
 * A refused answer's closest passage, under its own label so it reads as a hint and never as the
 * answer: no [n] (it is not a citation of anything said) and the question's words in bold.
 */
export function formatClosest(answer: Answer, options: FormatOptions): string {
  if (answer.found || !answer.closest) return "";
  const questionTokens = answerTokens(answer.question);
  const body = citedExcerpt(answer.closest, options, (excerpt) => matchedRanges(excerpt, questionTokens));
  return `<i>${escapeHtml(closestPassageLabel(scriptOf(answer.question)))}</i>\n${body}`;
}

/**
 * The full reply for an answer: body, then the numbered citations, split into
 * parts of at most `limit` characters at paragraph/sentence boundaries.
 */
export function formatAnswer(answer: Answer, options: FormatOptions): FormattedAnswer {
  const t = texts(options.lang, options.traditional);
  const citations = answer.found ? answer.citations : [];
  let html = formatAnswerBody(answer, options.lang, options.traditional);
  if (citations.length > 0) {
    const matcher = answerMatcher(answer);
    // As in the terminal: the citations the answer refers to, then the rest as further reading (an answer without markers uses all).
    const cited = citedNumbers(answer);
    const used = citations.filter((c) => cited.size === 0 || cited.has(c.n));
    const further = citations.filter((c) => !used.includes(c));
    html += `\n\n<b>${escapeHtml(t.citationsHeader)}</b>\n` + used.map((c) => formatCitation(c, answer, options, matcher)).join("\n\n");
    if (further.length) html += `\n\n<b>${escapeHtml(t.furtherReadingHeader)}</b>\n` + further.map((c) => formatCitation(c, answer, options, matcher)).join("\n\n");
  }
  const closest = formatClosest(answer, options);
  if (closest) html += `\n\n${closest}`;
  return {
    parts: splitHtml(html, options.limit ?? MESSAGE_LIMIT),
    buttons: citations.map((c) => ({ n: c.n, label: t.sourceButton(c.n) })),
  };
}

/** The whole passage around a citation with the cited span in bold, clipped to fit one message. */
export function formatPassage(passage: Passage, lang: Lang, limit = MESSAGE_LIMIT, traditional = false): string[] {
  const t = texts(lang, traditional);
  const span: Range[] = passage.highlightEnd > passage.highlightStart ? [[passage.highlightStart, passage.highlightEnd]] : [];
  const clipped = clip(passage.text, span, PASSAGE_MAX_CHARS);
  const where = escapeHtml(passage.title) + (passage.title !== passage.source ? ` <i>(${escapeHtml(passage.source)})</i>` : "");
  const html = `📄 <b>${where}</b> · ${escapeHtml(t.location(placeUnderTitle(passage, passage.title)))}\n<blockquote>${highlight(clipped.text, clipped.ranges)}</blockquote>`;
  return splitHtml(html, limit);
}

/** One-line plain preview of an excerpt for inline results and toasts (plain text: no escapeHtml, so bidi controls are neutralised here). */
export function preview(text: string, max: number): string {
  const flat = bidiSafe(text).replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  return flat.slice(0, safeIndex(flat, max - 1)) + "…";
}
