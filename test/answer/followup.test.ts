import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { followUpContext, isElliptic } from "../../src/answer/followup.js";

describe("isElliptic", () => {
  for (const q of ["那2022年呢？", "那么上海呢", "还有别的吗？", "2022年呢？", "上海呢？", "为什么？", "怎么做的？", "And in 2022?", "What about Shanghai?", "how about them", "Why?", "2022?", "why is that?"]) {
    it(`treats 「${q}」 as a follow-up`, () => assert.equal(isElliptic(q), true));
  }
  for (const q of ["北京有多少所高校试点开设思政选修课？", "怀进鹏是谁？", "什么是大思政课？", "How many laboratories did the school open in 2023?", "Who is the minister of education?"]) {
    it(`treats 「${q}」 as self-contained`, () => assert.equal(isElliptic(q), false));
  }
});

describe("followUpContext", () => {
  it("returns the previous question only for an elliptic follow-up", () => {
    assert.equal(followUpContext("那2022年呢？", "北京2023年新增了多少基地？"), "北京2023年新增了多少基地？");
    assert.equal(followUpContext("上海有多少所中小学？", "北京2023年新增了多少基地？"), undefined);
    assert.equal(followUpContext("那2022年呢？", undefined), undefined);
    assert.equal(followUpContext("为什么？", "为什么？"), undefined, "not its own context");
  });
});
