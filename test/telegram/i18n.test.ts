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
      ]) {
        assert.doesNotThrow(() => parseTelegramHtml(html), html);
      }
    }
  });
});
