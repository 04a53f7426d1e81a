import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chineseNumeral, measuresAgree, numeralValue } from "../../src/lang/numerals.js";

describe("Chinese numerals", () => {
  it("reads digits and Chinese numerals below ten thousand", () => {
    assert.equal(numeralValue("15"), 15);
    assert.equal(numeralValue("十五"), 15);
    assert.equal(numeralValue("二十三"), 23);
    assert.equal(numeralValue("一百零八"), 108);
    assert.equal(numeralValue("两千"), 2000);
    assert.equal(numeralValue("六"), 6);
  });

  it("reads nothing else as a number", () => {
    assert.equal(numeralValue(""), undefined);
    assert.equal(numeralValue("十五届"), undefined);
    assert.equal(numeralValue("一般"), undefined);
  });

  it("writes numbers below a hundred as a text writes them, larger ones as digits", () => {
    assert.deepEqual([1, 10, 15, 20, 23, 99].map(chineseNumeral), ["一", "十", "十五", "二十", "二十三", "九十九"]);
    assert.equal(chineseNumeral(108), "108");
    for (let n = 1; n < 100; n++) assert.equal(numeralValue(chineseNumeral(n)), n);
  });
});

describe("measure words", () => {
  it("agree when they count the same kind of thing, or one of them is 个", () => {
    assert.ok(measuresAgree("人", "名"));
    assert.ok(measuresAgree("名", "人"));
    assert.ok(measuresAgree("所", "家"));
    assert.ok(measuresAgree("件", "本"));
    assert.ok(measuresAgree("名", "个"));
    assert.ok(measuresAgree("个", "场"));
  });

  it("disagree across kinds and with measures of length, time or money", () => {
    assert.equal(measuresAgree("名", "场"), false);
    assert.equal(measuresAgree("所", "名"), false);
    assert.equal(measuresAgree("场", "件"), false);
    assert.equal(measuresAgree("名", "年"), false);
    assert.equal(measuresAgree("人", "元"), false);
  });

  it("leave a question counting with a measure of no kind to its units", () => {
    assert.ok(measuresAgree("米", "名"));
  });
});
