import mammoth from "mammoth";
import { extractHtml } from "./html.js";
import type { ExtractResult } from "./types.js";
import { openZip } from "./zip.js";

/**
 * Word .docx (also WPS documents saved as .docx) through mammoth: the document body becomes
 * HTML (headings from the Heading styles, lists, tables), then the HTML extractor makes the
 * text, so headings, lists and tables (a row per line, cells joined by " | ") look the same
 * as in web pages. Page headers and footers, comments and images are not part of the body.
 */
/** Besides mammoth's defaults (the English built-in style names): Chinese style names (WPS, localized templates) and the title styles. */
const STYLE_MAP = [
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  "p[style-name='副标题'] => h2:fresh",
];

export async function extractDocx(bytes: Uint8Array): Promise<ExtractResult> {
  const zip = await openZip(bytes, "Word .docx");
  if ("skipped" in zip) return zip;
  if (!zip.file("word/document.xml")) return { skipped: "not a Word .docx file (no word/document.xml inside)" };
  let html: string;
  const notes: string[] = [];
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { externalFileAccess: false, ignoreEmptyParagraphs: true, styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
    );
    // Footnotes and endnotes come as a list at the end, each with a "↑" link back to its marker: an arrow, not text.
    html = result.value.replace(/\s*<a href="#(?:footnote|endnote)-ref-[^"]*">↑<\/a>/g, "");
    for (const m of result.messages.slice(0, 20)) notes.push(`mammoth ${m.type}: ${m.message}`);
  } catch (error) {
    return { skipped: `cannot read Word .docx (${String((error as Error).message ?? error).slice(0, 160)})` };
  }
  const { text, sections } = extractHtml(html);
  return { text, sections, warnings: [], notes, encoding: "docx" };
}
