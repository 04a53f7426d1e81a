import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clip, emphasis, formatAnswer, formatPartialAnswer, formatPassage, highlight, matchedRanges, preview } from "../../src/telegram/format.js";
import type { Answer, Citation, Passage } from "../../src/types.js";
import { parseTelegramHtml } from "../helpers/fake-telegram.js";

const citation = (over: Partial<Citation> = {}): Citation => ({
  n: 1,
  source: "doc.txt",
  start: 0,
  end: 10,
  line: 3,
  paragraph: 2,
  text: "26所高校试点开设思政选修课",
  score: 0.9,
  chunkId: "c1",
  ...over,
});

const answer = (over: Partial<Answer> = {}): Answer => ({
  question: "多少所高校开设思政选修课？",
  found: true,
  answer: "共有26所高校试点开设思政选修课。[1]",
  citations: [citation()],
  ...over,
});

describe("matchedRanges", () => {
  it("finds the longest shared runs and ignores [n] markers and single characters", () => {
    const text = "北京市推动高校开设思政选修课";
    const ranges = matchedRanges(text, "开设思政选修课[1]，市");
    assert.deepEqual(ranges.map(([s, e]) => text.slice(s, e)), ["开设思政选修课"]);
  });

  it("matches English words case-insensitively, but never a lone stop word", () => {
    const text = "The School opened 12 laboratories in the city";
    const ranges = matchedRanges(text, "the school opened labs in 2023; the city");
    assert.deepEqual(ranges.map(([s, e]) => text.slice(s, e)), ["The School opened", "the city"]);
    assert.deepEqual(matchedRanges("in the and", "in the and"), []);
  });

  it("always includes the short answer", () => {
    const text = "其中26所高校试点";
    assert.deepEqual(matchedRanges(text, "", "26所").map(([s, e]) => text.slice(s, e)), ["26所"]);
  });
});

describe("emphasis", () => {
  it("uses the question's words when the answer is the whole excerpt", () => {
    const text = "北京市推动全市高校全覆盖开设思想概论必修课";
    const ranges = emphasis(text, { answer: text + "[1]", question: "北京哪些高校开设必修课？" });
    assert.deepEqual(ranges.map(([s, e]) => text.slice(s, e)), ["北京", "高校", "开设", "必修课"]);
  });
});

describe("highlight and clip", () => {
  it("escapes everything and wraps ranges in <b>", () => {
    assert.equal(highlight("a<b & c>d", [[2, 5]]), "a&lt;<b>b &amp;</b> c&gt;d");
  });

  it("clips long text around the first range with ellipses", () => {
    const text = "甲".repeat(100) + "目标" + "乙".repeat(100);
    const out = clip(text, [[100, 102]], 50);
    assert.ok(out.text.startsWith("…") && out.text.endsWith("…"));
    assert.equal(out.text.slice(out.ranges[0]![0], out.ranges[0]![1]), "目标");
  });
});

describe("formatAnswer", () => {
  it("renders the answer, numbered citations with title and location, quoted excerpts, and button labels", () => {
    const { parts, buttons } = formatAnswer(answer({ shortAnswer: "26所" }), { lang: "zh", titles: new Map([["doc.txt", "北京 <教育>"]]) });
    assert.equal(parts.length, 1);
    const html = parts[0]!;
    assert.doesNotThrow(() => parseTelegramHtml(html));
    assert.match(html, /^共有<b>26所<\/b>高校试点开设思政选修课。\[1\]/);
    assert.match(html, /<b>\[1\]<\/b> 北京 &lt;教育&gt; <i>\(doc\.txt\)<\/i> · 第2段 · 第3行/);
    assert.match(html, /<blockquote expandable>.*<b>.*26所.*<\/b>.*<\/blockquote>/);
    assert.deepEqual(buttons, [{ n: 1, label: "📄 原文 1" }]);
  });

  it("lists the citations the answer does not refer to under further reading, as the terminal does", () => {
    const second = citation({ n: 2, text: "北京市还建立了思政课实践基地", start: 20, end: 34 });
    const { parts, buttons } = formatAnswer(answer({ citations: [citation(), second] }), { lang: "zh" });
    const html = parts.join("");
    assert.doesNotThrow(() => parseTelegramHtml(html));
    assert.match(html, /<b>📚 引用<\/b>\n<b>\[1\]<\/b>[^]*<b>🔎 延伸阅读（回答中未引用）<\/b>\n<b>\[2\]<\/b>/);
    assert.deepEqual(buttons.map((b) => b.n), [1, 2], "every citation keeps its passage button");
    const both = formatAnswer(answer({ answer: "共有26所高校试点开设思政选修课。[1][2]", citations: [citation(), second] }), { lang: "zh" }).parts.join("");
    assert.doesNotMatch(both, /延伸阅读/);
  });

  it("puts a short answer that is not in the answer text on its own line", () => {
    const { parts } = formatAnswer(answer({ shortAnswer: "二十六所" }), { lang: "en" });
    assert.match(parts[0]!, /^<b>二十六所<\/b>\n\n/);
  });

  it("bolds a short answer across a hard wrap where the answer, read across it, says it", () => {
    const text = "grew to 21,000 kilo-\nmetres of track";
    const wrapped = answer({ question: "How long was the network?", answer: "It grew to 21,000 kilometres of track.[1]", citations: [citation({ text })], shortAnswer: "21,000 kilo-\nmetres" });
    const html = formatAnswer(wrapped, { lang: "en" }).parts[0]!;
    assert.match(html, /^It grew to <b>21,000 kilometres<\/b> of track\.\[1\]/);
    assert.match(html, /<blockquote expandable>grew to <b>21,000 kilo-\nmetres<\/b> of track<\/blockquote>/);
  });

  it("marks a citation cut inside a long sentence with the answer's ellipsis, its bold still on the right words", () => {
    const cut = answer({ answer: "……26所高校试点开设思政选修课[1]", citations: [citation({ clipped: { start: true, end: true } })], shortAnswer: "26所" });
    const html = formatAnswer(cut, { lang: "zh" }).parts[0]!;
    assert.match(html, /<blockquote expandable>……<b>26所高校<\/b>试点<b>开设思政选修课<\/b>……<\/blockquote>/);
  });

  it("renders not-found without citations or buttons", () => {
    const out = formatAnswer(answer({ found: false, answer: "", citations: [citation()] }), { lang: "en" });
    assert.match(out.parts[0]!, /The documents do not answer this question\. Try rephrasing/);
    assert.deepEqual(out.buttons, []);
  });

  it("shows a refusal's closest passage after the reply, under its hint label, cited like a citation but without [n] or a button", () => {
    const { n: _, ...closest } = citation({ source: "bj.txt", text: "北京市推动高校开设思政选修课 <b>" });
    const out = formatAnswer(answer({ question: "火星上有没有思政选修课？", found: false, answer: "", citations: [], closest }), {
      lang: "zh",
      titles: new Map([["bj.txt", "北京报告"]]),
    });
    const html = out.parts.join("");
    assert.ok(html.startsWith("🤷 文档中没有找到"), "the refusal comes first");
    assert.match(html, /\n\n<i>最接近的段落（并非答案）：<\/i>\n北京报告 <i>\(bj\.txt\)<\/i> · 第2段 · 第3行\n<blockquote expandable>/);
    assert.match(html, /<b>[^<]*思政选修课<\/b> &lt;b&gt;<\/blockquote>$/, "the question's words in bold, the excerpt escaped");
    assert.doesNotMatch(html, /\[\d\]/);
    assert.deepEqual(out.buttons, []);
    parseTelegramHtml(html);
  });

  it("labels the closest passage in the question's script and language", () => {
    const { n: _, ...closest } = citation();
    const label = (question: string, lang: "zh" | "en") => formatAnswer(answer({ question, found: false, answer: "", citations: [], closest }), { lang }).parts.join("");
    assert.match(label("臺北有幾所大學？", "zh"), /<i>最接近的段落（並非答案）：<\/i>/);
    assert.match(label("How many universities are in Taipei?", "en"), /<i>Closest passage \(not an answer\):<\/i>\ndoc\.txt · paragraph 2, line 3\n/);
  });

  it("renders the not-found reply in the question's script", () => {
    const reply = (question: string) => formatAnswer(answer({ question, found: false, answer: "", citations: [] }), { lang: "zh" }).parts[0];
    assert.equal(reply("臺北有幾所大學？"), "🤷 文件中沒有找到能回答這個問題的內容。可以換個說法試試，或用 /sources 查看有哪些文件。");
    assert.equal(reply("台北有几所大学？"), "🤷 文档中没有找到能回答这个问题的内容。可以换个说法试试，或用 /sources 查看有哪些文档。");
  });

  it("neutralises bidi overrides and isolates in the answer, excerpts, titles and sources, bold on the same words", () => {
    const render = (mark: (s: string) => string) => {
      const text = mark("26所<R>高校试点<I>开设思政选修课");
      const source = mark("a<R>txt.exe");
      return formatAnswer(answer({ answer: `共有${text}。[1]`, citations: [citation({ text, source })] }), { lang: "zh", titles: new Map([[source, mark("标题<I>")]]) }).parts.join("");
    };
    const out = render((s) => s.replace("<R>", "\u202e").replace("<I>", "\u2066"));
    assert.doesNotMatch(out, /[\u202a-\u202e\u2066-\u2069]/);
    assert.equal(out, render((s) => s.replace(/<R>|<I>/g, "\ufffd")));
    assert.match(out, /<b>\[1\]<\/b> 标题\ufffd <i>\(a\ufffdtxt\.exe\)<\/i>/);
  });

  it("splits a long answer into valid parts within the limit", () => {
    const long = "很长的句子，".repeat(400) + "。";
    const a = answer({ answer: long + "[1][2][3]", citations: [1, 2, 3].map((n) => citation({ n, text: long })) });
    const { parts } = formatAnswer(a, { lang: "zh" });
    assert.ok(parts.length > 1);
    for (const p of parts) {
      assert.ok(p.length <= 4096);
      parseTelegramHtml(p);
    }
  });
});

describe("formatPartialAnswer", () => {
  it("shows the text so far verbatim, trimmed", () => {
    assert.equal(formatPartialAnswer("  a < b & 「引文」[1]\n"), "a &lt; b &amp; 「引文」[1]");
    assert.equal(formatPartialAnswer(" \n "), "");
  });

  it("cuts text that outgrows one message, never inside a character", () => {
    assert.equal(formatPartialAnswer("x" + "😀".repeat(10), 6), "x😀😀…");
    assert.equal(formatPartialAnswer("x" + "😀".repeat(10), 5), "x😀…", "the cut would split the second 😀");
    assert.equal(parseTelegramHtml(formatPartialAnswer("&".repeat(5000))).length, 4096);
  });
});

describe("formatPassage", () => {
  const passage: Passage = {
    source: "doc.txt",
    title: "标题 & 副标题",
    chunkId: "c1",
    start: 0,
    end: 20,
    line: 5,
    paragraph: 3,
    text: "前文。被引用的<句子>。后文。",
    highlightStart: 3,
    highlightEnd: 11,
  };

  it("shows the passage with the cited span in bold", () => {
    const [html, ...rest] = formatPassage(passage, "zh");
    assert.equal(rest.length, 0);
    assert.equal(html, "📄 <b>标题 &amp; 副标题 <i>(doc.txt)</i></b> · 第3段 · 第5行\n<blockquote>前文。<b>被引用的&lt;句子&gt;</b>。后文。</blockquote>");
  });

  it("clips a very long passage around the highlight so it fits one message", () => {
    const text = "前".repeat(5000) + "核心句。" + "后".repeat(5000);
    const parts = formatPassage({ ...passage, text, highlightStart: 5000, highlightEnd: 5004 }, "en");
    assert.equal(parts.length, 1);
    assert.match(parts[0]!, /<b>核心句。<\/b>/);
    assert.match(parts[0]!, /paragraph 3, line 5/);
  });
});

describe("page and section", () => {
  it("citations show the page and section in the reply's language, the heading escaped", () => {
    const zh = formatAnswer(answer({ citations: [citation({ page: 3, section: "四、居民<收入>" })] }), { lang: "zh" }).parts.join("");
    assert.match(zh, /第 3 页 · 「四、居民&lt;收入&gt;」 · 第2段 · 第3行/);
    const en = formatAnswer(answer({ citations: [citation({ page: 3, section: "Income" })] }), { lang: "en" }).parts.join("");
    assert.match(en, /p\. 3 · § Income · paragraph 2, line 3/);
    const plain = formatAnswer(answer(), { lang: "en" }).parts.join("");
    assert.doesNotMatch(plain, /p\. |§/);
  });

  it("a section that is the document's title (a Markdown file's first heading) is said once, as the title", () => {
    const md = citation({ source: "mars.md", section: "火星 简介" });
    const zh = formatAnswer(answer({ citations: [md] }), { lang: "zh", titles: new Map([["mars.md", "火星  简介"]]) }).parts.join("");
    assert.match(zh, /<b>\[1\]<\/b> 火星  简介 <i>\(mars\.md\)<\/i> · 第2段 · 第3行\n/);
    const passage: Passage = { source: "mars.md", title: "火星简介", chunkId: "c", start: 0, end: 4, line: 3, paragraph: 2, section: "火星简介", text: "火星有两颗卫星。", highlightStart: 0, highlightEnd: 4 };
    assert.match(formatPassage(passage, "zh")[0]!, /^📄 <b>火星简介 <i>\(mars\.md\)<\/i><\/b> · 第2段 · 第3行\n/);
    const other = formatAnswer(answer({ citations: [{ ...md, section: "轨道" }] }), { lang: "zh", titles: new Map([["mars.md", "火星简介"]]) }).parts.join("");
    assert.match(other, /· 「轨道」 · 第2段/);
  });

  it("the 原文 passage view shows its page and section, a long heading clipped to one line", () => {
    const passage: Passage = { source: "r.pdf", title: "报告", chunkId: "c", start: 0, end: 8, line: 1, paragraph: 1, page: 2, section: "二、工业\n生产", text: "工业生产稳定增长。", highlightStart: 0, highlightEnd: 4 };
    const [html] = formatPassage(passage, "zh");
    assert.match(html!, /^📄 <b>报告 <i>\(r\.pdf\)<\/i><\/b> · 第 2 页 · 「二、工业 生产」 · 第1段 · 第1行\n/);
    const long = formatPassage({ ...passage, section: "长".repeat(200) }, "en")[0]!;
    assert.match(long, /§ 长{59}… · paragraph 1, line 1/);
    parseTelegramHtml(long);
  });
});

describe("preview", () => {
  it("is one plain line with bidi controls neutralised", () => {
    assert.equal(preview("abc\u202edef\n\nghi", 50), "abc\ufffddef ghi");
  });
});
