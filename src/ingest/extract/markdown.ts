import type { Section } from "./types.js";

/**
 * YAML front matter (Jekyll, Hugo, Obsidian …): a first line `---`, `key: value` lines, a line `---` or `...`. It is
 * indexed as written, but holds no heading (its closing `---` would underline the line above it as a setext heading),
 * and its `title:` is the document's title. `end` is the offset just after it.
 */
export function frontMatter(text: string): { end: number; title?: string } | undefined {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m || !/^[\w-]+:/m.test(m[1]!)) return undefined;
  const title = /^title:[ \t]*(.*?)[ \t]*\r?$/m.exec(m[1]!)?.[1]!.replace(/^(["'])(.*)\1$/, "$2").trim();
  return { end: m[0].length, ...(title ? { title } : {}) };
}

/**
 * Headings of a Markdown text, which is indexed as written (byte-for-byte the decoded file):
 * ATX ("# Title", "## Part ##") and setext (a line underlined with === or ---) headings,
 * outside fenced code blocks and front matter. `start` is the offset of the heading's first line.
 */
export function markdownSections(text: string): Section[] {
  const sections: Section[] = [];
  let fence: string | undefined;
  let pos = frontMatter(text)?.end ?? 0;
  let previous: { start: number; line: string } | undefined;
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end).replace(/\r$/, "");
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && line.trim() === fenceMatch[1]) fence = undefined;
      previous = undefined;
    } else if (fenceMatch) {
      fence = fenceMatch[1];
      previous = undefined;
    } else {
      const atx = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
      const setext = /^ {0,3}(=+|-+)[ \t]*$/.exec(line);
      if (atx && (atx[2] ?? "").trim()) {
        sections.push({ start: pos, heading: atx[2].trim(), level: atx[1].length });
        previous = undefined;
      } else if (setext && previous && !/^ {0,3}([-*_+>]|\d+[.)])(\s|$)/.test(previous.line)) {
        sections.push({ start: previous.start, heading: previous.line.trim(), level: setext[1][0] === "=" ? 1 : 2 });
        previous = undefined;
      } else {
        previous = line.trim().length > 0 && !/^ {4}/.test(line) ? { start: pos, line } : undefined;
      }
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  return sections;
}
