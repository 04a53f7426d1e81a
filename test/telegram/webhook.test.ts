import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { secretMatches } from "../../src/telegram/webhook.js";

describe("secretMatches", () => {
  it("accepts only the exact secret from a single header", () => {
    assert.equal(secretMatches("abc_123", "abc_123"), true);
    assert.equal(secretMatches("abc_123", "abc_124"), false);
    assert.equal(secretMatches("abc_123", "abc_1234"), false);
    assert.equal(secretMatches("abc_123", ""), false);
    assert.equal(secretMatches("abc_123", undefined), false);
    assert.equal(secretMatches("abc_123", ["abc_123", "x"]), false);
  });
});
