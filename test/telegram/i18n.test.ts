import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { texts } from "../../src/telegram/i18n.js";
import { parseTelegramHtml } from "../helpers/fake-telegram.js";

describe("interface texts", () => {
  it("are valid Telegram HTML and escape what they interpolate", () => {
    for (const lang of ["zh", "en"] as const) {
      const t = texts(lang);
      for (const html of [
        t.start(["<b>?</b> & more"], "my_bot"),
        t.help("my_bot", 1000),
        t.askUsage("a<b"),
        t.emptyQuestion("x&y"),
        t.nonText("<tag>"),
        t.sourceItem(1, "T<1>", "s&s.txt", 2),
        t.stats({ "a<b": "c&d" }),
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
});
