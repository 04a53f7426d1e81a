import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { parseTelegramHtml } from "../../helpers/fake-telegram.js";
import { setup, type Harness } from "../harness.js";

let h: Harness;
afterEach(() => h?.close());

describe("inline mode", () => {
  it("offers up to three cited excerpts as articles", async () => {
    h = await setup();
    await h.handle(h.fake.inline("北京2022年建设了多少个实践教学基地？"));
    const [call] = h.fake.callsOf("answerInlineQuery");
    assert.ok(call?.ok, JSON.stringify(call?.error));
    const results = call!.payload.results as any[];
    assert.ok(results.length >= 1 && results.length <= 3);
    assert.equal(new Set(results.map((r) => r.id)).size, results.length);
    for (const r of results) {
      assert.equal(r.type, "article");
      assert.match(r.title, /^\[\d\] /);
      assert.equal(r.input_message_content.parse_mode, "HTML");
      assert.ok(r.input_message_content.message_text.length <= 4096);
      assert.doesNotThrow(() => parseTelegramHtml(r.input_message_content.message_text));
    }
    assert.match(results[0].input_message_content.message_text, /<blockquote expandable>/);
    assert.match(results[0].description, /2022年，北京市建设了100个大思政课实践教学基地/);
    assert.equal(typeof call!.payload.cache_time, "number");
  });

  it("never offers more than three articles, however many citations there are", async () => {
    h = await setup({ engine: { k: 5, docs: Array.from({ length: 5 }, (_, i) => ({ source: `d${i}.txt`, text: `标题${i}\n\n实践教学基地第${i}批建设完成。` })) } });
    await h.handle(h.fake.inline("实践教学基地建设完成了吗？"));
    assert.equal(h.engine.answers[0]!.citations.length, 5);
    assert.equal(h.fake.callsOf("answerInlineQuery")[0]!.payload.results.length, 3);
  });

  it("returns no results but a button into the chat when nothing is found", async () => {
    h = await setup();
    await h.handle(h.fake.inline("What is the capital of France?"));
    const [call] = h.fake.callsOf("answerInlineQuery");
    assert.deepEqual(call!.payload.results, []);
    assert.equal(call!.payload.button.text, "No cited answer found");
    assert.equal(call!.payload.button.start_parameter, "help");
  });

  it("says nothing was found in the query's script: Traditional for Traditional, Simplified for Simplified", async () => {
    h = await setup();
    const button = async (query: string, languageCode?: string) => {
      h.fake.clearCalls();
      await h.handle(h.fake.inline(query, { user: h.fake.user({ id: 7001, ...(languageCode ? { languageCode } : {}) }) }));
      return h.fake.callsOf("answerInlineQuery")[0]!.payload.button.text as string;
    };
    assert.equal(await button("火星上有沒有水？"), "沒有找到帶引用的答案");
    assert.equal(await button("火星上有没有水？"), "没有找到带引用的答案");
    assert.equal(await button("Is there water on Mars?", "zh-hans"), "No cited answer found");
  });

  it("answers an empty query without asking the engine", async () => {
    h = await setup();
    await h.handle(h.fake.inline("  "));
    assert.equal(h.engine.calls.length, 0);
    assert.deepEqual(h.fake.callsOf("answerInlineQuery")[0]!.payload.results, []);
  });

  it("answers with an empty list when the engine fails", async () => {
    h = await setup({ engine: { failOn: () => new Error("boom") } });
    await h.handle(h.fake.inline("北京有多少所高校？"));
    const [call] = h.fake.callsOf("answerInlineQuery");
    assert.ok(call!.ok);
    assert.deepEqual(call!.payload.results, []);
  });

  it("is rate limited per user", async () => {
    h = await setup({ env: { CITEBOT_RATE_LIMIT: "1" } });
    const user = h.fake.user();
    await h.handle(h.fake.inline("北京有多少所高校？", { user }));
    await h.handle(h.fake.inline("北京有多少所高校试点？", { user }));
    assert.equal(h.engine.calls.length, 1);
    const second = h.fake.callsOf("answerInlineQuery")[1]!;
    assert.ok(second.ok);
    assert.equal(second.payload.is_personal, true);
  });
});
