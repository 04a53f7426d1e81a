import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLogger } from "../src/log.js";

const HOSTILE = "bad\x1b]0;pwned\x07\nname\u009b2J\u202e.txt";

describe("logger", () => {
  it("pretty mode: a warning quoting a hostile file name stays one line with no live control character", () => {
    const lines: string[] = [];
    createLogger({ pretty: true, write: (l) => lines.push(l) }).warn("skipped corpus file", { source: HOSTILE, reason: "binary\rfile" });
    assert.equal(lines.length, 1);
    assert.equal(lines[0], "warn: skipped corpus file source=bad␛]0;pwned␇␊name\ufffd2J\ufffd.txt reason=binary␍file");
  });

  it("JSON mode: the same value, with C1 and bidi controls escaped", () => {
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l) }).warn(HOSTILE, { source: HOSTILE });
    assert.doesNotMatch(lines[0]!, /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    const parsed = JSON.parse(lines[0]!);
    assert.equal(parsed.msg, HOSTILE);
    assert.equal(parsed.source, HOSTILE);
  });

  it("still redacts secrets", () => {
    const lines: string[] = [];
    createLogger({ pretty: true, secrets: ["123456:SECRET"], write: (l) => lines.push(l) }).info("token 123456:SECRET\x1b");
    assert.equal(lines[0], "info: token ***␛");
  });
});
