import { lineAt, lineStarts, paragraphBlocks } from "../chunk/chunker.js";
import type { StoredDoc } from "../index/records.js";
import { locatePage, sectionAt } from "../ingest/extract/types.js";
import { isChinese } from "../lang/script.js";
import { afterOpeningMarks } from "../lang/sentences.js";
import type { Chunk, Citation, Location, Passage } from "../types.js";

/**
 * The one place citations are made. Every citation, whether the extractive answer's
 * evidence excerpt or a span an LLM quoted, is an exact slice of its source text
 * (`citation.text === doc.text.slice(start, end)`) with its `Location`: source, offsets,
 * the line and paragraph of `start` numbered exactly as the chunker numbers chunks, and,
 * where the document has them, the page (PDF) and the nearest heading of `start`.
 *
 * A `Citer` is made from the loaded index before the engine; the engine cites its
 * evidence with it and hands it to the answerer with each request, so an answerer
 * built before the index (an app override, a test) cites through the same model.
 */

/** What a citer reads of an index: the documents, and the chunks for `passage`. */
export interface CitableIndex {
  docs: readonly StoredDoc[];
  chunks?: readonly Chunk[];
  /** chunkDoc[i] is the position in `docs` of chunks[i]'s source. */
  chunkDoc?: Uint32Array;
}

/**
 * A document's numbering: the offset where each line and each paragraph starts; a
 * position's number is found by binary search. Pages (`StoredDoc.pages`, the start
 * offset of each page) are one more list of starts; sections (`{start, heading}`) a
 * list of starts whose match names the heading.
 */
class Layout {
  readonly lines: Uint32Array;
  readonly paragraphs: Uint32Array;

  constructor(private readonly doc: StoredDoc) {
    this.lines = lineStarts(doc.text);
    this.paragraphs = Uint32Array.from(paragraphBlocks(doc.text).map((b) => b.start));
  }

  /** 1-based line and paragraph of an offset (paragraph 1 in a document with no paragraph). */
  at(offset: number): { line: number; paragraph: number } {
    return { line: lineAt(this.lines, offset), paragraph: this.paragraphs.length ? lineAt(this.paragraphs, offset) : 1 };
  }

  /** The page (PDF) and nearest heading of an offset, each only when the document has one: spread into a location, absent fields stay absent. */
  where(offset: number): { page?: number; section?: string } {
    const page = locatePage(this.doc.pages, offset);
    const section = sectionAt(this.doc.sections, offset)?.heading;
    return { ...(page !== undefined ? { page } : {}), ...(section ? { section } : {}) };
  }
}

export class Citer {
  /** Built on first use, kept for the life of the index (two small arrays per cited document). */
  private readonly layouts = new Map<number, Layout>();
  private bySource?: Map<string, number>;
  private byChunkId?: Map<string, number>;

  constructor(private readonly index: CitableIndex) {}

  /** Where [start, end) of a document (its position in the index or its source path) is; undefined for an unknown document or a span outside its text. */
  locate(doc: number | string, start: number, end = start): Location | undefined {
    return this.find(doc, start, end)?.location;
  }

  /**
   * The citation of [start, end) of a document: its location and exact text, with the score and chunk given; a span that
   * opens with clause marks (「，」) is cited from after them, so no quote starts with one. Throws for a span it cannot locate.
   */
  cite(doc: number | string, given: number, end: number, score: number, chunkId: string): Omit<Citation, "n"> {
    const whole = this.find(doc, given, end);
    if (!whole) throw new Error(`cannot cite ${typeof doc === "number" ? `document ${doc}` : doc} [${given}, ${end}): not a span of an indexed document`);
    const start = afterOpeningMarks(whole.text, given, end);
    const found = start === given ? whole : this.find(doc, start, end)!;
    const { source, line, paragraph, page, section } = found.location;
    return {
      source, start, end, line, paragraph, ...(page !== undefined ? { page } : {}), ...(section !== undefined ? { section } : {}),
      text: found.text.slice(start, end), score, chunkId,
    };
  }

  /** The ordinal of a cited chunk, or undefined for an unknown (stale or forged) id. */
  ordinalOf(chunkId: string): number | undefined {
    this.byChunkId ??= new Map((this.index.chunks ?? []).map((c, i) => [c.id, i]));
    return this.byChunkId.get(chunkId);
  }

  /** The passage around a cited span: its chunk, widened to the span; undefined when the chunk or span is unknown (a stale or forged reference). */
  passage(chunkId: string, start: number, end: number): Passage | undefined {
    const { chunks = [], chunkDoc, docs } = this.index;
    const ordinal = this.ordinalOf(chunkId);
    if (ordinal === undefined || !chunkDoc || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) return undefined;
    const chunk = chunks[ordinal];
    const docIndex = chunkDoc[ordinal];
    const doc = docs[docIndex];
    if (end > doc.text.length || start < chunk.start - 1000 || end > chunk.end + 1000) return undefined;
    const from = Math.min(chunk.start, start);
    const to = Math.max(chunk.end, end);
    return {
      source: chunk.source, title: doc.title, chunkId, start: from, end: to, line: chunk.line, paragraph: chunk.paragraph,
      ...this.layout(docIndex).where(start),
      text: doc.text.slice(from, to), highlightStart: start - from, highlightEnd: end - from,
    };
  }

  private find(doc: number | string, start: number, end: number): { location: Location; text: string } | undefined {
    const docIndex = this.docIndex(doc);
    if (docIndex === undefined) return undefined;
    const { source, text } = this.index.docs[docIndex];
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) return undefined;
    const layout = this.layout(docIndex);
    return { location: { source, start, end, ...layout.at(start), ...layout.where(start) }, text };
  }

  private docIndex(doc: number | string): number | undefined {
    if (typeof doc === "number") return Number.isInteger(doc) && doc >= 0 && doc < this.index.docs.length ? doc : undefined;
    this.bySource ??= new Map(this.index.docs.map((d, i) => [d.source, i]));
    return this.bySource.get(doc);
  }

  private layout(docIndex: number): Layout {
    let layout = this.layouts.get(docIndex);
    if (!layout) {
      layout = new Layout(this.index.docs[docIndex]);
      this.layouts.set(docIndex, layout);
    }
    return layout;
  }
}

/**
 * An excerpt as shown: an ellipsis on each side where it starts or ends inside a sentence too long to quote
 * whole (「……」 beside Chinese, " … " beside other text). The answer's quote and the terminal's and Telegram's
 * citations all mark it so; the citation's `text` and offsets stay the exact slice.
 */
export function markClipped(text: string, clipped: Citation["clipped"]): { text: string; before: string; after: string } {
  if (!clipped || (!clipped.start && !clipped.end)) return { text, before: "", after: "" };
  const chinese = isChinese(text);
  const mark = chinese ? "……" : "…";
  const before = clipped.start ? (chinese ? mark : `${mark} `) : "";
  const after = clipped.end ? (chinese ? mark : ` ${mark}`) : "";
  return { text: `${before}${text}${after}`, before, after };
}

/** The citation numbers an answer's text refers to with [n] markers: the rest of its citations are further reading. */
export function citedNumbers(answer: { answer: string }): Set<number> {
  return new Set([...answer.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
}
