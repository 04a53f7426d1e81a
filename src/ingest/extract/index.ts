import { decodeBytes } from "../decode.js";
import { extractHtml } from "./html.js";
import { frontMatter, markdownSections } from "./markdown.js";
import { type ExtractOptions, extractPdf } from "./pdf.js";
import type { ExtractResult } from "./types.js";

export { isSkip, locatePage, sectionAt } from "./types.js";
export { PdfWorkerHost } from "./pdf.js";
export type { ExtractOptions } from "./pdf.js";
export type { ExtractedDoc, ExtractResult, ExtractSkip, Section } from "./types.js";

/**
 * The extraction layer: file bytes + extension → the document text that citations slice, with
 * page starts (PDF), headings (DOCX, HTML, EPUB, Markdown, PDF) and warnings; or a reason the
 * file is skipped. Plain text (CSV and TSV too: a row per line, which the table answers read) and Markdown are
 * the decoded file, byte for byte.
 */
export const TEXT_EXTENSIONS = [".txt", ".md", ".markdown", ".csv", ".tsv"] as const;
/** Text files read with Markdown's headings and front matter; the other text extensions are read as plain text. */
const MARKDOWN_EXTENSIONS = [".md", ".markdown"] as const;
export const HTML_EXTENSIONS = [".html", ".htm", ".xhtml"] as const;
export const DOCUMENT_EXTENSIONS = [".pdf", ".docx", ".epub"] as const;
/** Old binary Office/WPS formats: listed so that they are reported with advice, not read. */
export const LEGACY_EXTENSIONS = [".doc", ".dot", ".wps", ".wpt", ".ppt", ".pps", ".pot", ".dps", ".xls", ".et"] as const;

export const LEGACY_REASON = "legacy Word/WPS/PowerPoint format: save it as .docx or .pdf";

/**
 * Version of what the extractors make of a file's bytes. Raise it whenever a change to any
 * extractor changes its text, pages or sections for the same bytes: cached extractions
 * (src/pipeline/extraction-cache.ts) are keyed by it, so the next build re-extracts. 3: a PDF cut short is read as
 * far as it goes (a file skipped before is read again); 4: HTML navigation is left out (EPUB chapters).
 */
export const EXTRACTION_VERSION = 4;

/** The signature of `extractDocument`, for callers that cache or count extractions. */
export type Extract = (bytes: Uint8Array, ext: string, options?: ExtractOptions) => Promise<ExtractResult>;

const includes = (list: readonly string[], ext: string) => list.includes(ext);

export async function extractDocument(bytes: Uint8Array, ext: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  const e = ext.toLowerCase();
  if (includes(TEXT_EXTENSIONS, e) || includes(HTML_EXTENSIONS, e)) {
    const decoded = decodeBytes(bytes);
    if (!decoded) return { skipped: "binary or undecodable (not UTF-8, UTF-16, GB18030 or Big5)" };
    const warnings = decoded.encoding === "utf-8-lossy" ? ["invalid UTF-8 sequences replaced by U+FFFD; the rest is indexed"] : [];
    if (includes(HTML_EXTENSIONS, e)) {
      const html = extractHtml(decoded.text);
      return { text: html.text, sections: html.sections, warnings, encoding: decoded.encoding, ...(html.title ? { title: html.title } : {}) };
    }
    if (!includes(MARKDOWN_EXTENSIONS, e)) return { text: decoded.text, sections: [], warnings, encoding: decoded.encoding };
    // A title in the front matter, else (the front matter's lines are no title) the first heading.
    const front = frontMatter(decoded.text);
    const sections = markdownSections(decoded.text);
    const title = front && (front.title ?? sections[0]?.heading);
    return { text: decoded.text, sections, warnings, encoding: decoded.encoding, ...(title ? { title } : {}) };
  }
  switch (e) {
    case ".pdf":
      return extractPdf(bytes, options);
    // Imported when a file needs them: mammoth and JSZip take ~0.1 s to load, a plain-text corpus never uses them.
    case ".docx":
      return (await import("./docx.js")).extractDocx(bytes);
    case ".epub":
      return (await import("./epub.js")).extractEpub(bytes);
  }
  if (includes(LEGACY_EXTENSIONS, e)) return { skipped: LEGACY_REASON };
  return { skipped: `unsupported file type ${e || "(no extension)"}` };
}
