import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { indexTermRules, indexTerms, type TermAnalyzer } from "../../src/search/analyzer.js";
import { type TermRules, TermScanner, type TermSink, UnitClass } from "../../src/search/term-scan.js";
import { analyzer } from "../helpers/workspace.js";
import { analyzerTexts } from "../helpers/analyzer-texts.js";

interface Fed {
  term: string;
  key?: number;
}

/** What `scan` feeds, in order: CJK keys decoded back to their term. */
function fed(scan: TermAnalyzer["scan"], text: string): Fed[] {
  const out: Fed[] = [];
  const sink: TermSink = {
    cjk: (key, length) => out.push({ term: length === 1 ? String.fromCharCode(key) : String.fromCharCode(Math.floor(key / 65536), key % 65536), key }),
    other: (term) => out.push({ term }),
  };
  scan(text, sink);
  return out;
}

const IDENTITY = Uint16Array.from({ length: 0x10000 }, (_, c) => c);

describe("term scanning (the analyzer's scan)", () => {
  const an = analyzer();

  it("feeds exactly the analyzer's terms of the folded text, in order", () => {
    for (const text of analyzerTexts()) assert.deepEqual(fed(an.scan, text).map((f) => f.term), an.terms(an.fold(text)), JSON.stringify(text.slice(0, 40)));
  });

  it("feeds CJK unigrams and bigrams as keys and every other term as a string, whatever the text", () => {
    const cjk = /^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]{1,2}$/;
    for (const text of analyzerTexts()) {
      for (const { term, key } of fed(an.scan, text)) assert.equal(key !== undefined, cjk.test(term), term);
    }
  });

  it("declares what indexTerms does with every UTF-16 unit, alone and between neighbours", () => {
    const scanner = new TermScanner(IDENTITY, indexTermRules());
    const scan: TermAnalyzer["scan"] = (text, sink) => scanner.scan(text, sink);
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      // A lone high surrogate makes indexTerms skip the unit after it, even a CJK one: the scanner does not (below).
      const lone = c >= 0xd800 && c <= 0xdbff;
      for (const text of [ch, ch + ch + ch, `x${ch}x`, `1${ch}1`, `中${ch}中`, `的${ch}的`, `ab${ch}`, ...(lone ? [] : [`${ch}学`])]) {
        const got = fed(scan, text).map((f) => f.term);
        const want = indexTerms(text);
        if (got.length !== want.length || got.some((t, i) => t !== want[i])) assert.fail(`unit ${c.toString(16)} in ${JSON.stringify(text)}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
      }
    }
    // The one known difference (malformed text only; kept as it was when the scanner learnt its classes by probing).
    assert.deepEqual(indexTerms("\ud800学"), []);
    assert.deepEqual(fed(scan, "\ud800学").map((f) => f.term), ["学"]);
  });

  it("hands the text between CJK units to the segment terms, and a text of separators to nothing", () => {
    const segments: string[] = [];
    const classes = new Uint8Array(0x10000).fill(UnitClass.SEPARATOR);
    for (const ch of "ab.") classes[ch.charCodeAt(0)] = UnitClass.OTHER;
    classes["中".charCodeAt(0)] = UnitClass.CJK;
    classes["的".charCodeAt(0)] = UnitClass.CJK_BIGRAM_ONLY;
    const rules: TermRules = { classes, segmentTerms: (t) => (segments.push(t), [`<${t}>`]) };
    const scanner = new TermScanner(IDENTITY, rules);
    const scan: TermAnalyzer["scan"] = (text, sink) => scanner.scan(text, sink);
    assert.deepEqual(fed(scan, "a b中的中 ,; 的a.b").map((f) => f.term), ["<a b>", "中", "中的", "的中", "中", "<a.b>"]);
    assert.deepEqual(segments, ["a b", "a.b"]);
    assert.deepEqual(fed(scan, " ,; "), []);
    assert.equal(segments.length, 2);
  });

  it("folds by its table before scanning", () => {
    const upper = Uint16Array.from(IDENTITY);
    upper["A".charCodeAt(0)] = "a".charCodeAt(0);
    const scanner = new TermScanner(upper, { classes: new Uint8Array(0x10000), segmentTerms: (t) => [t] });
    assert.deepEqual(fed((text, sink) => scanner.scan(text, sink), "AbA"), [{ term: "aba" }]);
    assert.throws(() => new TermScanner(new Uint16Array(10), indexTermRules()), /65,536/);
  });
});
