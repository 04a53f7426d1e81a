import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { Chat } from "grammy/types";
import { sendHtml, TYPING_DELAY_MS } from "../../src/telegram/reply.js";
import { setup, type Harness } from "./harness.js";

let h: Harness;
afterEach(() => h?.close());

describe("sendHtml", () => {
  it("replies with the first part, puts the keyboard on the last, and disables link previews", async () => {
    h = await setup();
    const update = h.fake.privateText("hi");
    const chatId = update.message!.chat.id;
    const keyboard = { inline_keyboard: [[{ text: "x", callback_data: "p:a:0:1:e" }]] };
    await sendHtml(h.bot.api, { chatId, replyTo: update.message!.message_id }, ["<b>one</b>", "two", "three"], { keyboard });
    const [a, b, c] = h.fake.sent();
    assert.deepEqual(a!.payload.reply_parameters, { message_id: update.message!.message_id, allow_sending_without_reply: true });
    assert.equal(b!.payload.reply_parameters, undefined);
    assert.equal(a!.payload.reply_markup, undefined);
    assert.deepEqual(c!.payload.reply_markup, keyboard);
    for (const call of [a, b, c]) assert.deepEqual(call!.payload.link_preview_options, { is_disabled: true });
  });

  it("rethrows errors other than rejected entities", async () => {
    h = await setup();
    const update = h.fake.privateText("hi");
    h.fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await assert.rejects(sendHtml(h.bot.api, { chatId: update.message!.chat.id }, ["x"]), /403|blocked/);
  });
});

describe("forum topics", () => {
  it("answers and shows typing inside the topic the question was asked in", async () => {
    h = await setup();
    const chat = { ...(h.fake.groupChat(undefined, "supergroup") as Chat.SupergroupChat), is_forum: true as const };
    const text = `/ask 北京有多少所高校试点开设思政选修课？`;
    await h.handle(h.fake.message({ chat, from: h.fake.user(), text, fields: { is_topic_message: true, message_thread_id: 77 } }));
    assert.equal(h.fake.callsOf("sendChatAction")[0]!.payload.message_thread_id, 77);
    assert.equal(h.fake.sent()[0]!.payload.message_thread_id, 77);
  });

  it("does not pass a thread id for a reply thread outside forums", async () => {
    h = await setup();
    const chat = h.fake.groupChat();
    await h.handle(h.fake.message({ chat, from: h.fake.user(), text: "/ask 北京有多少所高校？", fields: { message_thread_id: 5 } }));
    assert.equal(h.fake.callsOf("sendChatAction")[0]!.payload.message_thread_id, undefined);
    assert.equal(h.fake.sent()[0]!.payload.message_thread_id, undefined);
  });
});

describe("typing indicator", () => {
  it("is shown only when an answer takes longer than the typing delay (500 ms by default), and before the answer", async () => {
    assert.equal(TYPING_DELAY_MS, 500);
    const { createMemoryLogger } = await import("../../src/log.js");
    const { createBot } = await import("../../src/telegram/bot.js");
    const { FakeEngine } = await import("../helpers/fake-engine.js");
    h = await setup();
    const question = "北京有多少所高校试点开设思政选修课？";
    const fast = createBot(h.config, { engine: new FakeEngine(), logger: createMemoryLogger(), botInfo: h.fake.botInfo, typingDelayMs: 100 });
    await fast.handleUpdate(h.fake.privateText(question));
    assert.equal(h.fake.sent().length, 1);
    assert.deepEqual(h.fake.callsOf("sendChatAction"), [], "a fast answer costs no extra call");

    const slow = createBot(h.config, { engine: new FakeEngine({ delayMs: 250 }), logger: createMemoryLogger(), botInfo: h.fake.botInfo, typingDelayMs: 100 });
    await slow.handleUpdate(h.fake.privateText(question));
    const [typing] = h.fake.callsOf("sendChatAction");
    assert.equal(typing?.payload.action, "typing");
    assert.ok(typing!.at < h.fake.sent()[1]!.at, "typing came before the answer");
  });
});
