import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bidiSafe, jsonTerminalSafe, terminalLine, terminalText } from "../src/display-safe.js";

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join("");
const C1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)).join("");
const BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069";
/** Anything a terminal would act on, or that reorders text, other than a line break or a tab. */
const LIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe("terminalText", () => {
  it("shows escape sequences as inert text: ESC, BEL and CR as control pictures", () => {
    assert.equal(terminalText("a\x1b]0;pwned\x07b\x1b[2Jc\rd"), "a␛]0;pwned␇b␛[2Jc␍d");
  });

  it("keeps newlines and tabs, and reads CRLF as a line end", () => {
    assert.equal(terminalText("one\ttwo\r\nthree\nfour"), "one\ttwo\nthree\nfour");
  });

  it("leaves no C0 (but LF and TAB), C1, DEL or bidi control", () => {
    const out = terminalText(`x${C0}${C1}\x7f${BIDI}y`);
    assert.doesNotMatch(out, LIVE);
    assert.equal(out, `x${"␀␁␂␃␄␅␆␇␈"}\t\n${"␋␌␍␎␏␐␑␒␓␔␕␖␗␘␙␚␛␜␝␞␟"}${"\ufffd".repeat(0x20)}␡${"\ufffd".repeat(9)}y`);
  });

  it("leaves ordinary text alone, Chinese and emoji included", () => {
    const text = "北京市共有普通高校92所 — “quotes” 🤔\n第二行";
    assert.equal(terminalText(text), text);
  });
});

describe("terminalLine", () => {
  it("shows line breaks and tabs too, so a file name stays on its line", () => {
    assert.equal(terminalLine("evil\nname\r\n\t.txt"), "evil␊name␍␊␉.txt");
    assert.doesNotMatch(terminalLine(`x${C0}${C1}\x7f${BIDI}`), /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe("bidiSafe", () => {
  it("neutralises embedding, override and isolate controls, keeping the length", () => {
    const text = `abc\u202eexe.txt\u202c ${BIDI}`;
    const out = bidiSafe(text);
    assert.equal(out, `abc\ufffdexe.txt\ufffd ${"\ufffd".repeat(9)}`);
    assert.equal(out.length, text.length);
  });

  it("keeps the direction marks right-to-left text needs, and control characters (Telegram does not execute them)", () => {
    const text = "שלום\u200f abc\u200e \u061c\n\x1b";
    assert.equal(bidiSafe(text), text);
  });
});

describe("jsonTerminalSafe", () => {
  it("escapes C1 and bidi controls that JSON.stringify leaves raw, without changing the value", () => {
    const value = { msg: "csi\u009b2J osc\u009d0;x\u009c rlo\u202e del\x7f esc\x1b" };
    const json = jsonTerminalSafe(JSON.stringify(value));
    assert.doesNotMatch(json, LIVE);
    assert.deepEqual(JSON.parse(json), value);
  });
});
