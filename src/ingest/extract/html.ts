import { Parser } from "htmlparser2";
import { isCjk, lastChar, firstChar } from "./join.js";
import type { Section } from "./types.js";

/**
 * HTML → document text with a real parser (htmlparser2; entities decoded with the full
 * HTML table, `&euro;` → €). The text is what citations slice, so its shape is fixed:
 *
 * - block elements (p, div, h1–h6, li, table, section, nav, header, footer, ...) are
 *   paragraph boundaries: paragraphs are separated by one blank line ("\n\n");
 * - `<br>` is a line break inside a paragraph ("\n"); two in a row end the paragraph;
 * - a table is one paragraph with a row per line, cells separated by " | ";
 * - a list is one paragraph with an item per line, "• " (ul) or "1. " (ol) before each;
 * - whitespace runs (and &nbsp;) collapse to one space, lines are trimmed, and a source
 *   line break between two CJK characters disappears (as browsers lay out Chinese text);
 * - `<pre>` keeps its line breaks and indentation;
 * - script, style, noscript, template, svg, iframe, object, canvas, select are dropped, and so
 *   are cookie-consent banners (an element whose id or class names one: isConsentBanner) and
 *   navigation (`<nav>`, role="navigation"); in a header or footer (`<header>`, `<footer>`,
 *   role="banner" or "contentinfo") a paragraph that is a bar of links (a link-only list or line:
 *   `isLinkBar`) is dropped too; header/footer/aside are otherwise kept as paragraphs of their own
 *   (page chrome such as copyright lines is recognised later by src/chunk/chrome.ts). A list of
 *   links in the page's content (references, further reading) is content and stays.
 *
 * Headings h1–h6 become `sections`; `<title>` becomes `title`.
 */
export interface HtmlText {
  text: string;
  sections: Section[];
  title?: string;
}

const DROP = new Set(["script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "select", "datalist", "audio", "video", "map"]);
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "frameset", "header", "hgroup", "hr", "html", "legend", "listing", "main",
  "menu", "nav", "optgroup", "option", "p", "plaintext", "pre", "section", "summary", "xmp", "h1", "h2", "h3", "h4", "h5", "h6",
  "table", "tbody", "thead", "tfoot", "ul", "ol", "li", "tr",
]);
const HEADING = /^h([1-6])$/;
/** Ids and classes of cookie-consent banners (hand-made and the common consent managers'); a class such as "cookie-recipe" is no banner. */
const CONSENT_BANNER = [
  /(cookie|gdpr)[-_ ]?(consent|banner|notice|bar|popup|pop-up|modal|dialog|overlay|message|alert|law|prompt|wall|box|notification)/i,
  /consent[-_ ]?(banner|notice|bar|popup|modal|dialog|overlay|manager|wall|box)/i,
  /(banner|notice|popup|modal|dialog|overlay)[-_ ]?(cookie|consent|gdpr)/i,
  /onetrust|cookiebot|\bcc-window\b|truste-consent/i,
];

/** Whether an element is a cookie-consent banner, by its id or class: its text ("We use cookies… Accept all") is no part of the page's content. */
export function isConsentBanner(attribs: Record<string, string>): boolean {
  const names = `${attribs.id ?? ""} ${attribs.class ?? ""}`;
  return names.trim().length > 0 && CONSENT_BANNER.some((re) => re.test(names));
}
/** Whether an element is navigation: a menu or breadcrumbs, no part of the page's content. */
function isNavigation(name: string, attribs: Record<string, string>): boolean {
  return name === "nav" || /(?:^|\s)navigation(?:\s|$)/i.test(attribs.role ?? "");
}

/** Whether an element is the page's (or an article's) header or footer, where link bars are chrome. */
function isHeaderOrFooter(name: string, attribs: Record<string, string>): boolean {
  return name === "header" || name === "footer" || /(?:^|\s)(?:banner|contentinfo)(?:\s|$)/i.test(attribs.role ?? "");
}

/** The links of a paragraph: how many, their visible characters and the longest one's; and all its visible characters. */
interface LinkCount {
  links: number;
  linkChars: number;
  longest: number;
  chars: number;
}

/** A link bar's links are short (「首页」, "Contact us", 「联系我们」), and its text is almost all theirs. */
const LINK_BAR_MAX_LINK = 30;
const LINK_BAR_SHARE = 0.8;

/**
 * Whether a paragraph is a bar of links (a menu, a footer's "About · Privacy · Contact"): two or more
 * links, none long, holding at least 80% of its visible characters. A list of article titles has long
 * items; a paragraph with a link in it has more text than link.
 */
function isLinkBar(count: LinkCount): boolean {
  return count.links >= 2 && count.longest <= LINK_BAR_MAX_LINK && count.chars > 0 && count.linkChars >= LINK_BAR_SHARE * count.chars;
}

const visibleChars = (text: string) => text.replace(/\s+/g, "").length;

/** ASCII whitespace and no-break space: collapsible, as a browser shows it. */
const COLLAPSIBLE = /[ \t\n\r\f\u00a0]+/g;

interface Paragraph {
  lines: string[];
  line: string;
  heading?: number;
}

export function extractHtml(html: string): HtmlText {
  const out = new Output();
  let drop = 0;
  /** An open consent banner or navigation: its tag and how many elements of that name are open inside it. */
  let banner: { tag: string; depth: number } | undefined;
  /** Open headers and footers, as banner: their paragraphs' links are counted (isLinkBar). */
  const chrome: Array<{ tag: string; depth: number }> = [];
  /** Open links, and the visible characters of the one being read. */
  let linkDepth = 0;
  let linkChars = 0;
  let inTitle = false;
  let title = "";
  let pre = 0;
  /** Open lists: kind and next number. */
  const lists: Array<{ ordered: boolean; next: number }> = [];
  /** Open table rows: cells so far (the last one is being filled). */
  const rows: string[][] = [];
  let cellDepth = 0;
  /** Inside a cell of a row: text goes to the row, blocks are spaces. (A cell outside any row is ordinary text.) */
  const inCell = () => cellDepth > 0 && rows.length > 0;

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (banner) {
          if (name === banner.tag) banner.depth++;
          return;
        }
        if (drop > 0 || DROP.has(name)) {
          if (DROP.has(name)) drop++;
          return;
        }
        if (isConsentBanner(attribs) || isNavigation(name, attribs)) {
          banner = { tag: name, depth: 1 };
          if (BLOCK.has(name) && !inCell()) out.paragraphBreak();
          return;
        }
        const open = chrome[chrome.length - 1];
        if (open && name === open.tag) open.depth++;
        else if (isHeaderOrFooter(name, attribs)) {
          // The paragraph before it is the page's, judged as such.
          if (lists.length === 0 && !inCell()) out.paragraphBreak();
          chrome.push({ tag: name, depth: 1 });
          out.linkBarsDropped = true;
        }
        if (name === "title") {
          inTitle = true;
          return;
        }
        if (name === "a" && linkDepth++ === 0) linkChars = 0;
        if (inCell() && name !== "td" && name !== "th" && name !== "tr" && name !== "table") {
          if (BLOCK.has(name) || name === "br") out.cellSpace(rows);
          return;
        }
        switch (name) {
          case "br":
            out.lineBreak(true);
            return;
          case "pre":
          case "listing":
          case "xmp":
            out.paragraphBreak();
            pre++;
            return;
          case "ul":
          case "ol":
          case "menu":
          case "dir":
            if (lists.length === 0) out.paragraphBreak();
            else out.lineBreak();
            lists.push({ ordered: name === "ol", next: name === "ol" ? Math.max(0, parseInt(attribs.start ?? "1", 10) || 1) : 0 });
            return;
          case "li": {
            out.lineBreak();
            const list = lists[lists.length - 1];
            const indent = "  ".repeat(Math.max(0, lists.length - 1));
            if (!list) out.prefix = "• ";
            else if (list.ordered) out.prefix = `${indent}${list.next++}. `;
            else out.prefix = `${indent}• `;
            return;
          }
          case "table":
            out.paragraphBreak();
            return;
          case "tr":
            out.lineBreak();
            rows.push([]);
            return;
          case "td":
          case "th": {
            const row = rows[rows.length - 1];
            if (row) row.push("");
            else out.space(); // a cell outside any row: just a word boundary
            cellDepth++;
            return;
          }
        }
        const heading = HEADING.exec(name);
        if (heading) {
          out.paragraphBreak();
          out.heading = Number(heading[1]);
          return;
        }
        if (BLOCK.has(name)) {
          if (lists.length > 0 && name !== "li") out.lineBreak(); // <li><p>…</p></li>: lines of the list
          else out.paragraphBreak();
        }
      },
      onclosetag(name) {
        if (banner) {
          if (name === banner.tag && --banner.depth === 0) banner = undefined;
          return;
        }
        if (drop > 0) {
          if (DROP.has(name)) drop--;
          return;
        }
        if (name === "title") {
          inTitle = false;
          return;
        }
        const open = chrome[chrome.length - 1];
        if (open && name === open.tag && --open.depth === 0) {
          // Its last paragraph is judged inside it.
          if (lists.length === 0 && !inCell()) out.paragraphBreak();
          chrome.pop();
          out.linkBarsDropped = chrome.length > 0;
        }
        if (name === "a" && linkDepth > 0 && --linkDepth === 0) out.link(linkChars);
        if (name === "td" || name === "th") {
          if (cellDepth > 0) cellDepth--;
          return;
        }
        if (inCell() && name !== "tr" && name !== "table") return;
        switch (name) {
          case "pre":
          case "listing":
          case "xmp":
            if (pre > 0) pre--;
            out.paragraphBreak();
            return;
          case "ul":
          case "ol":
          case "menu":
          case "dir":
            lists.pop();
            if (lists.length === 0) out.paragraphBreak();
            else out.lineBreak();
            return;
          case "li":
            out.lineBreak();
            return;
          case "tr": {
            const row = rows.pop();
            cellDepth = 0;
            if (row && row.some((c) => c.trim().length > 0)) out.rawLine(row.map((c) => c.replace(COLLAPSIBLE, " ").trim()).join(" | "));
            return;
          }
          case "table":
            rows.length = 0;
            cellDepth = 0;
            out.paragraphBreak();
            return;
        }
        if (HEADING.test(name)) {
          out.paragraphBreak();
          return;
        }
        if (BLOCK.has(name)) {
          if (lists.length > 0) out.lineBreak();
          else out.paragraphBreak();
        }
      },
      ontext(data) {
        if (drop > 0 || banner) return;
        if (inTitle) {
          title += data;
          return;
        }
        if (inCell()) {
          const row = rows[rows.length - 1];
          if (row.length > 0) row[row.length - 1] += data;
          return;
        }
        if (linkDepth > 0) linkChars += visibleChars(data);
        if (pre > 0) out.preText(data);
        else out.text(data);
      },
    },
    { decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  const result = out.finish();
  const cleanTitle = title.replace(COLLAPSIBLE, " ").trim();
  return { ...result, ...(cleanTitle ? { title: cleanTitle.slice(0, 120) } : {}) };
}

/** Builds the text paragraph by paragraph, recording heading offsets. */
class Output {
  private parts: string[] = [];
  private length = 0;
  private sections: Section[] = [];
  private para: Paragraph = { lines: [], line: "" };
  /** Whitespace seen since the last text: " " between words, dropped at a line start/end; "\n" marks a source line break (dropped between CJK). */
  private pendingSpace: "" | " " | "\n" = "";
  /** Text put before the next text of the current line (list markers). */
  prefix = "";
  heading: number | undefined;
  /** Inside a header or footer: a paragraph that is a bar of links is left out. */
  linkBarsDropped = false;
  private links: LinkCount = { links: 0, linkChars: 0, longest: 0, chars: 0 };

  /** A link of `chars` visible characters ended in the current paragraph. */
  link(chars: number): void {
    this.links.links++;
    this.links.linkChars += chars;
    this.links.longest = Math.max(this.links.longest, chars);
  }

  text(data: string): void {
    const collapsed = data.replace(COLLAPSIBLE, (ws) => (ws.includes("\n") || ws.includes("\r") ? "\n" : " "));
    let start = 0;
    let end = collapsed.length;
    if (collapsed[0] === " " || collapsed[0] === "\n") {
      this.pendingSpace = this.pendingSpace === " " || collapsed[0] === " " ? " " : "\n";
      start = 1;
    }
    let trailing: "" | " " | "\n" = "";
    if (end > start && (collapsed[end - 1] === " " || collapsed[end - 1] === "\n")) {
      trailing = collapsed[end - 1] as " " | "\n";
      end--;
    }
    if (end > start) {
      const body = collapsed.slice(start, end).replace(/([^\n])\n([^\n])/g, (_, a: string, b: string) => (isCjk(a) && isCjk(b) ? a + b : `${a} ${b}`)).replace(/\n/g, " ");
      this.append(body);
    }
    if (trailing) this.pendingSpace = this.pendingSpace === " " || trailing === " " ? " " : trailing;
  }

  preText(data: string): void {
    this.links.chars += visibleChars(data);
    const lines = data.replace(/\r\n?/g, "\n").split("\n");
    lines.forEach((line, i) => {
      if (i > 0) this.lineBreak(true);
      if (line.length > 0) {
        this.flushPrefix();
        this.para.line += line.replace(/\u00a0/g, " ");
      }
    });
  }

  /** A word boundary (table cell outside a row). */
  space(): void {
    if (this.para.line.length > 0) this.pendingSpace = " ";
  }

  /** Block element inside a table cell: a space between the cell's words. */
  cellSpace(rows: string[][]): void {
    const row = rows[rows.length - 1];
    if (row && row.length > 0) row[row.length - 1] += " ";
  }

  rawLine(line: string): void {
    this.lineBreak();
    this.para.lines.push(line);
  }

  /** Ends the current line; an empty line is kept only for an explicit break (`<br>`, a newline in `<pre>`). */
  lineBreak(explicit = false): void {
    if (!explicit && this.para.line.length === 0) return;
    this.para.lines.push(this.para.line);
    this.para.line = "";
    this.pendingSpace = "";
    this.prefix = "";
  }

  paragraphBreak(): void {
    this.lineBreak(this.para.line.length > 0);
    if (this.linkBarsDropped && isLinkBar(this.links)) this.para.lines = [];
    this.links = { links: 0, linkChars: 0, longest: 0, chars: 0 };
    // blank lines inside (from <br><br>) split the paragraph
    let group: string[] = [];
    const groups: string[][] = [];
    for (const raw of this.para.lines) {
      const line = this.isPre(raw) ? raw.trimEnd() : raw.trim();
      if (line.trim().length === 0) {
        if (group.length > 0) groups.push(group);
        group = [];
      } else group.push(line);
    }
    if (group.length > 0) groups.push(group);
    for (const lines of groups) this.emit(lines.join("\n"), this.heading);
    this.para = { lines: [], line: "" };
    this.heading = undefined;
    this.pendingSpace = "";
    this.prefix = "";
  }

  finish(): { text: string; sections: Section[] } {
    this.paragraphBreak();
    return { text: this.parts.join(""), sections: this.sections };
  }

  private isPre(line: string): boolean {
    return /^\s/.test(line) && line.trim().length > 0;
  }

  private append(body: string): void {
    this.links.chars += visibleChars(body);
    if (this.pendingSpace && this.para.line.length > 0) {
      const a = lastChar(this.para.line);
      const b = firstChar(body);
      if (!(this.pendingSpace === "\n" && isCjk(a) && isCjk(b))) this.para.line += " ";
    }
    this.pendingSpace = "";
    this.flushPrefix();
    this.para.line += body;
  }

  private flushPrefix(): void {
    if (this.prefix && this.para.line.length === 0) this.para.line = this.prefix;
    this.prefix = "";
  }

  private emit(paragraph: string, heading: number | undefined): void {
    if (this.length > 0) this.push("\n\n");
    if (heading !== undefined) this.sections.push({ start: this.length, heading: paragraph.replace(/\s+/g, " ").slice(0, 200), level: heading });
    this.push(paragraph);
  }

  private push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
}
