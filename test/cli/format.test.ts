import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAnswer, formatSources } from "../../src/cli/format.js";
import type { Answer, Citation } from "../../src/types.js";

function citation(n: number, text: string, source = "doc.txt"): Citation {
  return { n, source, start: 10 * n, end: 10 * n + text.length, line: n, paragraph: n, text, score: 0.5, chunkId: `c${n}` };
}

const answer = (text: string, citations: Citation[]): Answer => ({ question: "q", found: true, answer: text, citations, mode: "extractive" });

describe("CLI answer rendering", () => {
  it("lists the cited citations first and the others under further reading", () => {
    const out = formatAnswer(answer("A[1] and C[3].", [citation(1, "one"), citation(2, "two"), citation(3, "three")]), new Map(), false);
    assert.equal(
      out,
      [
        "A[1] and C[3].",
        "", "[1] doc.txt · paragraph 1, line 1 (chars 10–13)", "    one",
        "", "[3] doc.txt · paragraph 3, line 3 (chars 30–35)", "    three",
        "", "Further reading (not cited in the answer):",
        "", "[2] doc.txt · paragraph 2, line 2 (chars 20–23)", "    two",
      ].join("\n"),
    );
  });

  it("shows the page and section of a citation, the page in the question's language, the heading on one safe line", () => {
    const c = { ...citation(1, "one", "r.pdf"), page: 3, section: "Income\x1b[31m\nand spending" };
    const en = formatAnswer({ ...answer("A[1]", [c]), question: "What was the income?" }, new Map(), false);
    assert.doesNotMatch(en, /\x1b/);
    assert.match(en.split("\n")[2], /^\[1\] r\.pdf · p\. 3 · § Income.+and spending · paragraph 1, line 1 \(chars 10–13\)$/);
    const zh = formatAnswer({ ...answer("A[1]", [{ ...c, section: "四、居民收入" }]), question: "收入是多少？" }, new Map(), false);
    assert.match(zh, /\[1\] r\.pdf · 第 3 页 · 「四、居民收入」 · paragraph 1, line 1/);
  });

  it("has no further reading when every citation is used", () => {
    const out = formatAnswer(answer("A[1] B[2]", [citation(1, "one"), citation(2, "two")]), new Map(), false);
    assert.doesNotMatch(out, /Further reading/);
  });

  it("in colour, the only escape sequences are its own bold and dim", () => {
    const hostile = citation(1, "x\x1b[2Jy\x9b31m", "a\x1b]0;t\x07.txt");
    const out = formatAnswer({ ...answer("x\x1b[2Jy[1]", [hostile, citation(2, "two")]), shortAnswer: "y\x1b[5m" }, new Map([[hostile.source, "T\x1b[8m\u202e"]]), true);
    const own = out.replace(/\x1b\[(1|2|22)m/g, "");
    assert.doesNotMatch(own, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    assert.match(own, /\[1\] a␛\]0;t␇\.txt · T␛\[8m\ufffd · /);
    assert.match(own, /→ y␛\[5m/);
  });

  it("shows source names and titles inert, one line each", () => {
    assert.equal(formatSources([{ source: "a\nb.txt", title: "T\x1b[2J", chunks: 2, chars: 30 }]), "a␊b.txt · T␛[2J · 2 chunks, 30 chars");
  });
});
