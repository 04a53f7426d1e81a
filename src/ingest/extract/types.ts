/**
 * What a format extractor gives back. `text` is the document text that every citation
 * slices (`text.slice(start, end)`), so it must be the same for the same bytes, always.
 */
export interface ExtractedDoc {
  text: string;
  /** Start offset in `text` of each page, ascending (PDF): page n (1-based) starts at pages[n - 1]. A page without text starts where the next text starts. */
  pages?: number[];
  /** Headings in text order: `start` is the offset of the heading line in `text` (DOCX, HTML, EPUB, Markdown; PDF: larger-font lines). */
  sections?: Section[];
  /** Things the user should know about this file (indexed anyway): OCR used, layout unclear, pages left out. */
  warnings: string[];
  /** Diagnostics for debug logs: running headers removed, library messages. */
  notes?: string[];
  /** From the format's own title (HTML <title>, EPUB dc:title); absent when the format has none. */
  title?: string;
  /** How the bytes were read: a text encoding (utf-8, gb18030, ...) or the format (pdf, docx, epub). */
  encoding: string;
}

export interface Section {
  start: number;
  heading: string;
  /** 1 for h1 / "#"; PDF headings are level 1. */
  level: number;
}

/** The file is not indexed; `skipped` says why, in words for the user. */
export interface ExtractSkip {
  skipped: string;
}

export type ExtractResult = ExtractedDoc | ExtractSkip;

export function isSkip(result: ExtractResult): result is ExtractSkip {
  return "skipped" in result;
}

/** 1-based page on which `offset` lies; undefined without page data. */
export function locatePage(pages: readonly number[] | undefined, offset: number): number | undefined {
  if (!pages || pages.length === 0) return undefined;
  const i = lastAtOrBefore(pages.length, (k) => pages[k], offset);
  return i < 0 ? 1 : i + 1;
}

/** The nearest heading at or before `offset`; undefined before the first heading or without sections. */
export function sectionAt(sections: readonly Section[] | undefined, offset: number): Section | undefined {
  if (!sections || sections.length === 0) return undefined;
  const i = lastAtOrBefore(sections.length, (k) => sections[k].start, offset);
  return i < 0 ? undefined : sections[i];
}

/** Index of the last element whose key is ≤ target (keys ascending), or -1. */
function lastAtOrBefore(length: number, key: (i: number) => number, target: number): number {
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(mid) <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
