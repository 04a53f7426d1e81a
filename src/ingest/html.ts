/**
 * Extract readable text from HTML without a DOM: drops script/style/noscript/template
 * and comments, turns block elements into paragraph breaks, decodes entities.
 * The result *is* the document text that citations slice (an HTML source is cited
 * by its extracted text, not its markup).
 */
const DROP = /<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
const BLOCK = /<\/?(p|div|section|article|header|footer|nav|aside|main|h[1-6]|li|ul|ol|table|tr|blockquote|pre|br|hr|title|dd|dt|figure|figcaption)\b[^>]*>/gi;
const CELL = /<\/?(td|th)\b[^>]*>/gi;
const TAG = /<[^>]+>/g;

const NAMED: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ldquo: "“", rdquo: "”",
  lsquo: "‘", rsquo: "’", mdash: "—", ndash: "–", hellip: "…", middot: "·", copy: "©", reg: "®", times: "×",
};

export function htmlToText(html: string): string {
  const text = html
    .replace(COMMENT, "")
    .replace(DROP, "")
    .replace(BLOCK, "\n\n")
    .replace(CELL, " ")
    .replace(TAG, "");
  return decodeEntities(text)
    .replace(/[ \t\r\f\v]*\n[ \t\r\f\v]*/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}
