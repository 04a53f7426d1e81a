import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OFFICE_NOUN, officeOf } from "../../src/lang/offices.js";

describe("office nouns", () => {
  it("reads a word that is an office, with a rank before it, as that office", () => {
    assert.equal(officeOf("校长"), "校长");
    assert.equal(officeOf("副校长"), "校长");
    assert.equal(officeOf("董事长"), "董事长");
    assert.equal(officeOf("总书记"), undefined, "总 is part of another office's name, not a rank");
  });

  it("reads no word that only holds an office's characters", () => {
    assert.equal(officeOf("校长室"), undefined);
    assert.equal(officeOf("学生"), undefined);
    assert.ok(OFFICE_NOUN.test("部长怀进鹏出席会议"));
  });
});
