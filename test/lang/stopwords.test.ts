import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isElliptic } from "../../src/answer/followup.js";
import { FOLLOW_UP_FUNCTION_WORDS_EN, FOLLOW_UP_FUNCTION_WORDS_ZH, HIGHLIGHT_STOP_WORDS, STOP_CHARS, STOP_WORDS } from "../../src/lang/stopwords.js";

describe("stopword lists", () => {
  it("keep the characters the analyzer and evidence scoring both dropped", () => {
    assert.deepEqual(STOP_CHARS, new Set("的了是在和与及等也都而或之为以于对将把被从着过吗呢吧啊呀么其这那此该有个一中上下"));
    for (const w of ["的", "什么时候", "哪一年", "how", "the"]) assert.ok(STOP_WORDS.has(w), w);
    for (const w of ["北京", "高校", "school"]) assert.ok(!STOP_WORDS.has(w), w);
  });

  it("keep the follow-up alternation in its order (a word before every shorter word it begins with)", () => {
    assert.equal(
      FOLLOW_UP_FUNCTION_WORDS_ZH.join("|"),
      /为什么|为何|怎么样|怎么|怎样|如何|什么|哪里|哪些|哪个|哪|多少|是否|是不是|有没有|请问|这个|那个|这些|那些|他们|她们|它们|我们|你们|呢|吗|吧|啊|呀|的|了|是|有|在|和|与|及|谁|几|这|那|它|他|她|其|该|此|个|些|也|都|还|又|就|会|能|要|说|做|吗/u.source,
    );
    FOLLOW_UP_FUNCTION_WORDS_ZH.forEach((w, i) => {
      for (const later of FOLLOW_UP_FUNCTION_WORDS_ZH.slice(i + 1)) assert.ok(!(later.length > w.length && later.startsWith(w)), `${later} after ${w}`);
    });
    assert.equal(isElliptic("为什么？"), true);
    assert.ok(FOLLOW_UP_FUNCTION_WORDS_EN.has("tell") && !FOLLOW_UP_FUNCTION_WORDS_EN.has("school"));
  });

  it("keep the highlighting list to words of three or more letters", () => {
    assert.equal(HIGHLIGHT_STOP_WORDS.size, 31);
    for (const w of HIGHLIGHT_STOP_WORDS) assert.ok(w.length >= 3, w);
  });
});
