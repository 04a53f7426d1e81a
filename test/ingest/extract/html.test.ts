import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { extractHtml } from "../../../src/ingest/extract/html.js";
import { htmlToText } from "../../../src/ingest/html.js";
import { splitSentences } from "../../../src/lang/sentences.js";

const FORMATS = path.resolve(import.meta.dirname, "../../../../test/fixtures/formats");

describe("HTML extraction (htmlparser2, full entity table)", () => {
  const page = extractHtml(readFileSync(path.join(FORMATS, "page.html"), "utf8"));
  const paragraphs = page.text.split("\n\n");

  it("gives the fixture page as paragraphs, in order, with entities decoded and script/style/noscript and the breadcrumb <nav> dropped", () => {
    assert.deepEqual(paragraphs, [
      "示例博物馆",
      "票价调整通知",
      "自2024年5月1日起，成人票价调整为€25，儿童票价为€12.5。",
      "开放时间：每天9:00–17:00 （周一闭馆）",
      "咨询电话：010\u201112345678，AT&T 用户请拨分机 2。",
      "第一段没有结束标签",
      "第二段紧跟其后。",
      "注意事项",
      "• 请勿携带食品&饮料入馆。\n• 未知实体&unknown;保持原样。",
      "票种 | 价格\n成人 | €25\n儿童 | €12.5",
      "地址：示例市\n文化路1号",
      "  保留\n    缩进",
      "版权所有 © 2024 示例博物馆",
    ]);
    assert.equal(page.title, "票价调整通知 — 示例博物馆");
  });

  it("leaves cookie-consent banners out (by id or class, nested divs and all), keeps a recipe for cookies", () => {
    const html =
      '<body><div id="cookie-banner"><div class="inner"><p>We use cookies to improve your experience.</p><div><button>Accept all cookies</button></div></div></div>' +
      '<main><h1>Mars</h1><p>Mars has two moons.</p></main>' +
      '<section class="recipe cookie-recipe"><p>Bake the cookies for ten minutes.</p></section>' +
      '<div class="cc-window cc-banner" role="dialog">This website uses cookies. <a>Got it!</a></div>' +
      '<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk">Manage consent</div></div><p>End.</p></body>';
    assert.equal(extractHtml(html).text, "Mars\n\nMars has two moons.\n\nBake the cookies for ten minutes.\n\nEnd.");
  });

  it("leaves navigation out: <nav>, role=navigation, and bars of short links in a header or footer", () => {
    const html =
      '<body><header><div class="logo">示例博物馆</div><ul class="menu"><li><a href="/">首页</a></li><li><a href="/about">关于我们</a></li><li><a href="/visit">参观指南</a></li></ul></header>' +
      '<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav><div role="navigation"><a href="/a">上一篇</a> <a href="/b">下一篇</a></div>' +
      '<main><h1>票价</h1><p>成人票价为25元。</p></main>' +
      '<footer><p><a href="/privacy">隐私政策</a> · <a href="/contact">联系我们</a> · <a href="/map">网站地图</a></p><p>版权所有 © 2024 示例博物馆</p></footer></body>';
    assert.equal(extractHtml(html).text, "示例博物馆\n\n票价\n\n成人票价为25元。\n\n版权所有 © 2024 示例博物馆");
    // A header that is a consent banner is left out whole; the links after it are the page's again.
    const after = '<header id="cookie-banner"><a href="/ok">OK</a> <a href="/no">No</a></header><p><a href="/a">甲</a> <a href="/b">乙</a></p>';
    assert.equal(extractHtml(after).text, "甲 乙");
  });

  it("keeps lists that are content: links in the page's body, a footer's list of facts, a link inside a sentence", () => {
    const html =
      '<body><main><h1>票价</h1><p>成人票价为25元，详见<a href="/p">价格表</a>。</p><h2>延伸阅读</h2><ul><li><a href="/x">博物馆历史</a></li><li><a href="/y">馆藏精品</a></li></ul></main>' +
      '<footer><ul><li>地址：示例市文化路1号</li><li>电话：<a href="tel:01012345678">010-12345678</a></li></ul>' +
      '<ul><li><a href="/n1">示例博物馆新馆将于2025年春季对公众开放，届时将推出三个常设展览</a></li><li><a href="/n2">馆藏青铜器修复项目完成验收</a></li></ul></footer></body>';
    assert.equal(
      extractHtml(html).text,
      "票价\n\n成人票价为25元，详见价格表。\n\n延伸阅读\n\n• 博物馆历史\n• 馆藏精品\n\n• 地址：示例市文化路1号\n• 电话：010-12345678\n\n• 示例博物馆新馆将于2025年春季对公众开放，届时将推出三个常设展览\n• 馆藏青铜器修复项目完成验收",
    );
  });

  it("&euro; no longer leaves a ';' that ends a sentence", () => {
    const text = paragraphs[3];
    assert.deepEqual(splitSentences(text, 0, text.length).map((s) => text.slice(s.start, s.end)), [text]);
  });

  it("sections come from h1–h6, at the heading's offset", () => {
    assert.deepEqual(page.sections, [
      { start: page.text.indexOf("票价调整通知"), heading: "票价调整通知", level: 1 },
      { start: page.text.indexOf("注意事项"), heading: "注意事项", level: 2 },
    ]);
  });

  it("a block element always ends the paragraph before it (no leak from a previous <p>)", () => {
    assert.equal(htmlToText("<p>上一段。<div>下一段。</div>尾巴<p>再一段"), "上一段。\n\n下一段。\n\n尾巴\n\n再一段");
    assert.equal(htmlToText("<p>&nbsp;</p><p>正文</p><p>\u00a0\u00a0</p>"), "正文");
  });

  it("collapses whitespace like a browser; a source line break between Chinese characters disappears", () => {
    assert.equal(htmlToText("<p>第一行\n  第二行 English\nwords   and\ttabs</p>"), "第一行第二行 English words and tabs");
    assert.equal(htmlToText("<p>a<b>b</b>c <i> d </i> e</p>"), "abc d e");
  });

  it("<br> breaks a line, two end the paragraph; nested and ordered lists keep their items as lines", () => {
    assert.equal(htmlToText("<p>一<br>二<br><br>三</p>"), "一\n二\n\n三");
    assert.equal(htmlToText("<ol start=3><li><p>甲</p><ul><li>乙</li></ul></li><li>丙</li></ol>后文"), "3. 甲\n  • 乙\n4. 丙\n\n后文");
  });

  it("decodes named, numeric and legacy entities; unknown ones stay as written", () => {
    assert.equal(htmlToText("<p>&euro;&yen;&pound; &#x4E2D;&#25991; &copy &hellip; &frac12; &zzz; &amp;amp;</p>"), "€¥£ 中文 © … ½ &zzz; &amp;");
  });

  it("keeps the behaviour callers relied on: <title> out of the text, entities in titles", () => {
    const r = extractHtml("<html><head><title>A &amp; B</title><script>x</script></head><body><p>正文 &amp; 内容</p><style>p{}</style></body></html>");
    assert.equal(r.text, "正文 & 内容");
    assert.equal(r.title, "A & B");
    assert.equal(htmlToText("A &amp; B"), "A & B");
  });

  it("survives broken markup", () => {
    assert.equal(htmlToText("<div><p>未闭合<table><tr><td>格"), "未闭合\n\n格");
    assert.equal(htmlToText("<script>never closed <p>hidden"), "");
    assert.equal(htmlToText("<table><td>无行的<p>单元格</td></table>"), "无行的\n\n单元格");
    assert.equal(htmlToText(""), "");
  });
});
