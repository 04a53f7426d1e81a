/**
 * Questions about a document itself — when it was published, where it comes from, who wrote or edited it — answered
 * from its metadata lines (「2023-03-07 来源:教育部」, "Source: Reuters", 「(责任编辑:曹建)」), which no other sentence
 * states: the gate finds nothing of the question's words (发表, 文章) in them. Pure: the engine picks the document
 * (the one the conversation cites, else the corpus's only one) and cites the line.
 */

/** What a question asks about the document. */
export type DocumentField = "date" | "source" | "author";

/** The document as a question names it: 这篇文章, 本文, 该文档, "this article", "the document". */
const ZH_DOCUMENT = "(?:这篇|本篇|该篇|此篇|这份|本份|该份|这个|该)?(?:文章|文档|文件|报道|简报|稿件|新闻)|本文|该文|此文";
const EN_DOCUMENT = String.raw`(?:this|the) (?:article|document|report|story|piece|text|page|post)\b`;

const ASKED: ReadonlyArray<[DocumentField, RegExp]> = [
  ["date", new RegExp(`(?:${ZH_DOCUMENT})[^，。,；;？?]{0,6}?(?:发表|发布|刊登|刊发|发稿|出版|写于|成文)|(?:${ZH_DOCUMENT})的?(?:发表|发布|出版)?(?:日期|时间)`)],
  ["source", new RegExp(`(?:${ZH_DOCUMENT})的?(?:来源|出处)|(?:${ZH_DOCUMENT})(?:出自|来自|转载自)`)],
  ["author", new RegExp(`(?:${ZH_DOCUMENT})的?(?:作者|撰稿人|责任编辑|编辑)|谁写的?(?:${ZH_DOCUMENT})|(?:${ZH_DOCUMENT})(?:是)?(?:由)?谁(?:写|撰写|编辑)`)],
  ["date", new RegExp(`\\bwhen (?:was|is) ${EN_DOCUMENT} (?:published|posted|dated|released|written)|\\b(?:date|publication date) of ${EN_DOCUMENT}|\\b${EN_DOCUMENT}(?:'s)? (?:date|publication date)`)],
  ["source", new RegExp(`\\bsource of ${EN_DOCUMENT}|\\b${EN_DOCUMENT}(?:'s)? source|\\bwhere (?:does|did) ${EN_DOCUMENT} come from`)],
  ["author", new RegExp(`\\b(?:author|editor) of ${EN_DOCUMENT}|\\b${EN_DOCUMENT}(?:'s)? (?:author|editor)|\\bwho (?:wrote|edited) ${EN_DOCUMENT}`)],
];

/** Which field of the document a (folded) question asks for; undefined for a question about what the document says. */
export function documentFieldAsked(folded: string): DocumentField | undefined {
  return ASKED.find(([, pattern]) => pattern.test(folded))?.[0];
}

/** Characters of a document's head and tail searched for its metadata lines. */
const HEAD_CHARS = 800;
const TAIL_CHARS = 800;
/** A metadata line is short: a longer one is a sentence that happens to hold a date. */
const MAX_LINE_CHARS = 80;

const DATE = /(?:19|20)\d\d(?:-\d{1,2}-\d{1,2}|\/\d{1,2}\/\d{1,2}|\.\d{1,2}\.\d{1,2}|年\d{1,2}月\d{1,2}日)|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) (?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, (?:19|20)\d\d\b/;
/** A label and the value after it; a source's value ends before a web page's buttons (收藏, 分享, 打印) glued to it. */
const LABELLED: Readonly<Record<DocumentField, RegExp>> = {
  date: /(?:发布时间|发布日期|发表时间|日期|时间|Published|Posted|Date)\s*[:：]\s*/i,
  source: /(?:来源|出处|稿源|Source)\s*[:：]\s*([^\s|｜()（）]+?)(?:收藏|分享|打印|关闭)?(?=$|[\s|｜()（）])/i,
  author: /(?:作者|撰稿|撰文|责任编辑|编辑|记者|Author|Editor|Written by)\s*[:：]\s*([^\s|｜()（）]+(?: [A-Z][a-z]+){0,3})|^By ([A-Z][a-z]+(?: [A-Z][a-z.]*){1,3})/,
};

/** A metadata line of a document and the value asked, as offsets in its text. */
export interface FieldLine {
  start: number;
  end: number;
  value: { start: number; end: number };
}

/**
 * The line of the document's head (or tail, for an editor) that states the field, and the value in it: the date of a
 * dated line (「2023-03-07 来源:教育部收藏」 → 2023-03-07), a source or author after its label; undefined when none does.
 */
export function documentFieldLine(text: string, field: DocumentField): FieldLine | undefined {
  const head = linesIn(text, 0, Math.min(text.length, HEAD_CHARS));
  const tail = text.length > HEAD_CHARS ? linesIn(text, Math.max(HEAD_CHARS, text.length - TAIL_CHARS), text.length) : [];
  for (const [start, end] of [...head, ...tail]) {
    const line = text.slice(start, end);
    if (field === "date") {
      const label = LABELLED.date.exec(line);
      const date = DATE.exec(label ? line.slice(label.index + label[0].length) : line);
      if (!date || (!label && end - start > MAX_LINE_CHARS)) continue;
      const at = start + (label ? label.index + label[0].length : 0) + date.index;
      return { start, end, value: { start: at, end: at + date[0].length } };
    }
    const m = LABELLED[field].exec(line);
    const value = m?.[1] ?? m?.[2];
    if (!m || !value) continue;
    const at = start + m.index + m[0].indexOf(value);
    return { start, end, value: { start: at, end: at + value.length } };
  }
  return undefined;
}

/** The [start, end) of each non-blank line of text[from, to) without its surrounding spaces; a line the range cuts is left out. */
function linesIn(text: string, from: number, to: number): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  for (let at = from === 0 ? 0 : text.indexOf("\n", from - 1) + 1; at > 0 || (from === 0 && at === 0);) {
    const next = text.indexOf("\n", at);
    const end = next === -1 ? text.length : next;
    if (end > to) break;
    const raw = text.slice(at, end);
    const start = at + raw.length - raw.trimStart().length;
    const stop = at + raw.trimEnd().length;
    if (stop > start) lines.push([start, stop]);
    if (next === -1) break;
    at = next + 1;
  }
  return lines;
}
