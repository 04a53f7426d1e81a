import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { texts } from "../../src/telegram/i18n.js";
import { parseTelegramHtml } from "../helpers/fake-telegram.js";

describe("interface texts", () => {
  it("are valid Telegram HTML and escape what they interpolate", () => {
    for (const [lang, traditional] of [["zh", false], ["zh", true], ["en", false]] as const) {
      const t = texts(lang, traditional);
      for (const html of [
        t.start(["<b>?</b> & more"], "my_bot"),
        t.help("my_bot", 1000),
        t.askUsage("a<b"),
        t.emptyQuestion("x&y"),
        t.nonText("<tag>"),
        t.sourceItem(1, "T<1>", "s&s.txt", 2),
        t.stats({ uptime_s: 7385, updates: 9, questions: 5, answered: 3, not_found: 1, failed: 1, rate_limited: 0, busy: 0, refused: 2, passages: 4, inline_queries: 1, avg_answer_ms: 120, documents: 3, chunks: 1, mode: "polling" }),
        t.sourcesHeader(2),
        t.notFound("臺北有幾所大學？"),
        t.notFound("<b>?"),
        t.library.reading("a<b>.pdf"),
        t.library.added({ title: "T<1>", source: "uploads/a&b.pdf", pages: 3, chunks: 7, seconds: 1.25, example: "x<y?", replaced: false }),
        t.library.added({ title: "T", source: "uploads/t.txt", chunks: 1, seconds: 12, replaced: true }),
        t.library.tooBig(25.3),
        t.library.tooBig(),
        ...(["name", "unsupported", "encrypted", "empty", "unreadable", "exists", "unknown"] as const).map((r) => t.library.refused(r, "n<1>.pdf", "reason & <detail>")),
        t.library.exists("uploads/<a>.txt"),
        t.library.docsHeader(23, 2, 3),
        t.library.docItem(1, { source: "uploads/a&b.pdf", title: "<T>", chunks: 2, pages: 1, addedAt: "2026-12-07T05:00:00.000Z", addedBy: { id: 1, name: "<Ann>" } }),
        t.library.confirmRemove("<T>", "a&b.txt"),
        t.library.removing("<T>"),
        t.library.removed("<T>", "a&b.txt", 3, 0.4),
        t.library.removeUnknown("<x>"),
        t.library.removeAmbiguous("a&b", ["x/<a>", "y/a&b"]),
        t.library.removeUsage,
        t.library.lastDocument,
        t.library.addUsage,
      ]) {
        assert.doesNotThrow(() => parseTelegramHtml(html), html);
      }
    }
  });

  it("write to a Traditional-script user in Traditional script, leaving what they interpolate exactly as it is", () => {
    const t = texts("zh", true);
    const start = t.start(["北京有多少所高校？"], "my_bot");
    assert.match(start, /我根據已索引的文件回答問題/);
    assert.match(start, /北京有多少所高校？/, "a question drawn from the documents is quoted as the documents write it");
    assert.equal(t.library.exists("uploads/报告.pdf"), "文件庫裡已經有 <code>uploads/报告.pdf</code>。要用新檔案替換它嗎？");
    assert.equal(t.rateLimited(5), "提問有點頻繁，請 5 秒後再試。");
    assert.equal(texts("zh").rateLimited(5), "提问有点频繁，请 5 秒后再试。", "Simplified stays as written");
    assert.equal(t.notFound("火星上有没有水？").startsWith("🤷 文件中沒有找到"), true);
  });

  it("say where a citation is and head further reading in the terminal's words (lang/messages.ts), in the user's script", () => {
    const where = { paragraph: 2, line: 5, page: 3, section: "四、居民收入" };
    assert.equal(texts("zh", true).location(where), "第 3 頁 · 「四、居民收入」 · 第2段 · 第5行");
    assert.equal(texts("zh").location(where), "第 3 页 · 「四、居民收入」 · 第2段 · 第5行");
    assert.equal(texts("en").location(where), "p. 3 · § 四、居民收入 · paragraph 2, line 5");
    assert.equal(texts("zh", true).furtherReadingHeader, "🔎 延伸閱讀（回答中未引用）");
    assert.equal(texts("zh").furtherReadingHeader, "🔎 延伸阅读（回答中未引用）");
    assert.equal(texts("en").furtherReadingHeader, "🔎 Further reading (not cited in the answer)");
  });
});
