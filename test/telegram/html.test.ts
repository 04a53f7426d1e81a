import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeHtml, htmlToPlain, splitHtml } from "../../src/telegram/html.js";
import { parseTelegramHtml } from "../helpers/fake-telegram.js";

describe("escapeHtml", () => {
  it("escapes <, >, & and quotes so Telegram shows them verbatim", () => {
    const raw = `a < b && c > d "q" &amp; <b>x</b>`;
    const escaped = escapeHtml(raw);
    assert.equal(escaped, "a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &amp;amp; &lt;b&gt;x&lt;/b&gt;");
    assert.equal(parseTelegramHtml(escaped), raw);
    assert.equal(htmlToPlain(escaped), raw);
  });

  it("neutralises bidi overrides and isolates, which could reorder what a reader sees", () => {
    assert.equal(escapeHtml("report\u202eexe.txt \u2066x\u2069 <"), "report\ufffdexe.txt \ufffdx\ufffd &lt;");
  });
});

describe("splitHtml", () => {
  const check = (parts: string[], limit: number) => {
    for (const p of parts) {
      assert.ok(p.length <= limit, `part of ${p.length} > ${limit}`);
      assert.doesNotThrow(() => parseTelegramHtml(p), p);
    }
  };

  it("leaves a short message alone", () => {
    assert.deepEqual(splitHtml("<b>hi</b>", 100), ["<b>hi</b>"]);
  });

  it("prefers paragraph boundaries", () => {
    const html = `${"甲".repeat(60)}。\n\n${"乙".repeat(60)}。`;
    const parts = splitHtml(html, 100);
    assert.deepEqual(parts, [`${"甲".repeat(60)}。\n\n`, `${"乙".repeat(60)}。`]);
  });

  it("cuts at sentence ends when there is no paragraph break", () => {
    const html = Array.from({ length: 20 }, (_, i) => `第${i}句话在这里结束。`).join("");
    const parts = splitHtml(html, 100);
    check(parts, 100);
    for (const p of parts.slice(0, -1)) assert.ok(p.endsWith("。"), p);
    assert.equal(parts.join(""), html);
  });

  it("closes and reopens tags (with attributes) across a cut, never cutting a tag or entity", () => {
    const body = Array.from({ length: 80 }, (_, i) => `句子${i}含有 &lt;符号&gt; &amp; <b>重点${i}</b>。`).join("");
    const html = `<b>标题</b>\n<blockquote expandable>${body}</blockquote>\n尾巴`;
    const parts = splitHtml(html, 300);
    assert.ok(parts.length > 5);
    check(parts, 300);
    assert.ok(parts[1]!.startsWith("<blockquote expandable>"), "quote reopened with its attribute");
    const visible = (t: string) => t.replace(/\s/g, "");
    assert.equal(visible(parts.map((p) => parseTelegramHtml(p)).join("")), visible(parseTelegramHtml(html)), "no text lost or duplicated");
  });

  it("hard-cuts text with no boundary at all, without splitting surrogate pairs", () => {
    const html = "😀".repeat(300);
    const parts = splitHtml(html, 101);
    check(parts, 101);
    assert.equal(parts.join(""), html);
    for (const p of parts) assert.ok(!/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(p));
  });

  it("counts the closing tags it must add, so no part ever exceeds the limit", () => {
    // Deterministic pseudo-random nested markup with few good boundaries.
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const chunks: string[] = [];
    for (let i = 0; i < 300; i++) {
      const word = "字".repeat(1 + rand(12)) + ["", "&amp;", "&lt;", "，", "。"][rand(5)];
      const r = rand(4);
      chunks.push(r === 0 ? `<b>${word}</b>` : r === 1 ? `<blockquote expandable><i>${word}<u>${word}</u></i></blockquote>` : r === 2 ? `<i><b>${word}</b>${word}</i>` : word);
    }
    const html = chunks.join("");
    for (const limit of [60, 64, 97, 128, 200, 333]) {
      const parts = splitHtml(html, limit);
      check(parts, limit);
      assert.equal(parts.map((p) => parseTelegramHtml(p)).join(""), parseTelegramHtml(html), `text preserved at limit ${limit}`);
    }
  });

  it("keeps every part of a 20 000-character message valid and within 4096", () => {
    const para = (i: number) => `<b>[${i}]</b> 文档 &amp; 标题\n<blockquote expandable>${"内容很长，需要分段。".repeat(250)}</blockquote>`;
    const html = Array.from({ length: 8 }, (_, i) => para(i)).join("\n\n");
    assert.ok(html.length > 20_000);
    const parts = splitHtml(html);
    check(parts, 4096);
    assert.ok(parts.length >= 5);
  });
});
