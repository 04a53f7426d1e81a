/**
 * Pure helpers for Telegram's HTML parse mode: escaping, converting to plain
 * text, and splitting long messages into parts that are each valid HTML.
 */
import { bidiSafe } from "../display-safe.js";
import { CLAUSE_ENDS, SENTENCE_ENDS } from "../lang/sentences.js";

/** Telegram's limit for a message text (characters after entity parsing). */
export const MESSAGE_LIMIT = 4096;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Escapes text from users or documents so Telegram shows it as written, bidi controls neutralised (they could reorder what is shown). */
export function escapeHtml(text: string): string {
  return bidiSafe(text).replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/** The text Telegram would display for `html`: tags dropped, entities decoded. */
export function htmlToPlain(html: string): string {
  return html.replace(/<[^>]*>/g, "").replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot);/gi, (_m, body: string) => decodeEntity(body));
}

function decodeEntity(body: string): string {
  const lower = body.toLowerCase();
  if (lower === "lt") return "<";
  if (lower === "gt") return ">";
  if (lower === "amp") return "&";
  if (lower === "quot") return '"';
  const code = lower.startsWith("#x") ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
  return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : "";
}

type Atom =
  | { kind: "text"; raw: string; char: string }
  | { kind: "open"; raw: string; name: string }
  | { kind: "close"; raw: string; name: string };

/** Splits trusted, well-formed HTML into atoms: tags, entities and single code points. */
function atomize(html: string): Atom[] {
  const atoms: Atom[] = [];
  const re = /<\/?([a-z][a-z0-9-]*)[^>]*>|&(?:#x[0-9a-f]+|#\d+|[a-z]+);|[\s\S]/giu;
  for (const m of html.matchAll(re)) {
    const raw = m[0];
    if (raw.length > 1 && raw.startsWith("</")) atoms.push({ kind: "close", raw, name: m[1]!.toLowerCase() });
    else if (raw.length > 1 && raw.startsWith("<")) atoms.push({ kind: "open", raw, name: m[1]!.toLowerCase() });
    else if (raw.length > 1 && raw.startsWith("&")) atoms.push({ kind: "text", raw, char: htmlToPlain(raw) });
    else atoms.push({ kind: "text", raw, char: raw });
  }
  return atoms;
}

const SENTENCE_END: ReadonlySet<string> = new Set(SENTENCE_ENDS);
const CLAUSE_END: ReadonlySet<string> = new Set(CLAUSE_ENDS);

/** How good a place to cut the text after `prev2 prev1` is: paragraph > line > sentence > clause > space > anywhere. */
function boundaryScore(prev2: string, prev1: string): number {
  if (prev1 === "\n") return prev2 === "\n" ? 5 : 4;
  if (SENTENCE_END.has(prev1)) return 3;
  if (prev2 === "." && /\s/.test(prev1)) return 3;
  if (CLAUSE_END.has(prev1)) return 2;
  if (/\s/.test(prev1)) return 1;
  return 0;
}

const closeTag = (open: { name: string }) => `</${open.name}>`;

/**
 * Splits HTML into parts of at most `limit` characters of markup (which also
 * bounds the displayed length). Parts are cut at the best boundary available
 * (paragraph, line, sentence, clause, space), never inside a tag or an entity:
 * tags open at a cut are closed at the end of one part and reopened, with their
 * attributes, at the start of the next, so every part is balanced on its own.
 */
export function splitHtml(html: string, limit = MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return html.trim() ? [html] : [];
  const atoms = atomize(html);
  const parts: string[] = [];
  let stack: Extract<Atom, { kind: "open" }>[] = [];
  let i = 0;
  while (i < atoms.length) {
    // A new part does not start with blank lines (unless inside <pre>, where whitespace is content).
    while (i < atoms.length && atoms[i]!.kind === "text" && /^\s$/.test((atoms[i] as { char: string }).char) && !stack.some((t) => t.name === "pre")) i++;
    if (i >= atoms.length) break;

    const prefix = stack.map((t) => t.raw).join("");
    let length = prefix.length;
    let closing = stack.reduce((n, t) => n + closeTag(t).length, 0);
    let current = [...stack];
    let prev1 = "";
    let prev2 = "";
    let j = i;
    // Candidate cuts: index of the first atom of the next part, its score, and the stack there.
    const candidates: { at: number; score: number; length: number; stack: typeof stack }[] = [];
    while (j < atoms.length) {
      const atom = atoms[j]!;
      let next = current;
      let nextClosing = closing;
      if (atom.kind === "open") {
        next = [...current, atom];
        nextClosing += closeTag(atom).length;
      } else if (atom.kind === "close") {
        next = current.slice(0, -1);
        nextClosing -= closeTag(atom).length;
      }
      if (length + atom.raw.length + nextClosing > limit) break;
      length += atom.raw.length;
      closing = nextClosing;
      current = next;
      if (atom.kind === "text") {
        prev2 = prev1;
        prev1 = atom.char;
      }
      j++;
      // Never end a part right after an opening tag, nor start one with a closing tag.
      if (j < atoms.length && atom.kind !== "open" && atoms[j]!.kind !== "close") {
        const depthBonus = current.length === 0 ? 1 : 0;
        candidates.push({ at: j, score: boundaryScore(prev2, prev1) * 2 + depthBonus, length, stack: current });
      }
    }
    if (j >= atoms.length) {
      parts.push(prefix + atoms.slice(i).map((a) => a.raw).join("") + [...current].reverse().map(closeTag).join(""));
      break;
    }
    // Prefer the best boundary in the second half of the window so parts stay reasonably full.
    const full = candidates.filter((c) => c.length >= limit / 2);
    const pool = full.length > 0 ? full : candidates;
    let cut = pool[0];
    for (const c of pool) if (!cut || c.score >= cut.score) cut = c;
    if (!cut) throw new Error(`splitHtml: cannot fit markup into ${limit} characters`);
    parts.push(prefix + atoms.slice(i, cut.at).map((a) => a.raw).join("") + [...cut.stack].reverse().map(closeTag).join(""));
    stack = cut.stack;
    i = cut.at;
  }
  return parts.filter((p) => htmlToPlain(p).trim().length > 0);
}
