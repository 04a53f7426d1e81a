import { extractHtml } from "./extract/html.js";

/**
 * Extract readable text from HTML: drops script/style/noscript/template/svg and comments,
 * turns block elements into paragraph breaks, decodes entities (full HTML table).
 * The result *is* the document text that citations slice (an HTML source is cited
 * by its extracted text, not its markup). See src/ingest/extract/html.ts.
 */
export function htmlToText(html: string): string {
  return extractHtml(html).text;
}
