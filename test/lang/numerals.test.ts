import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chineseNumeral, numeralValue } from "../../src/lang/numerals.js";

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
