import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { Api } from "grammy";
import { createMemoryLogger } from "../../src/log.js";
import { createBot } from "../../src/telegram/bot.js";
import { StreamingReply } from "../../src/telegram/streaming.js";
import { FakeEngine } from "../helpers/fake-engine.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";
import { configFor } from "./harness.js";

const INTERVAL_MS = 50;
const KEYBOARD = { inline_keyboard: [[{ text: "📄 原文 1", callback_data: "p:1" }]] };

let fake: FakeTelegram | undefined;
afterEach(() => fake?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A reply to a fresh private question, through the bot's own API client (auto-retry and all). */
async function start(): Promise<{ fake: FakeTelegram; api: Api; chatId: number; question: number; reply: StreamingReply }> {
  const f = (fake = await FakeTelegram.start());
  const logger = createMemoryLogger("debug");
  const bot = createBot(configFor(f), { engine: new FakeEngine(), logger, botInfo: f.botInfo, networkRetryDelaysMs: [10] });
  const asking = f.privateText("问题").message!;
  const target = { chatId: asking.chat.id, replyTo: asking.message_id };
  return { fake: f, api: bot.api, chatId: asking.chat.id, question: asking.message_id, reply: new StreamingReply(bot.api, target, { intervalMs: INTERVAL_MS, logger }) };
}

const editCalls = (f: FakeTelegram) => f.callsOf("editMessageText");

describe("StreamingReply", () => {
  it("sends one message with the first text, replying to the question, then edits it with only the latest text once the interval is over", async () => {
    const { fake: f, reply, question } = await start();
    const started = Date.now();
    // All while the message is being sent: whatever the timing, the next edit is at least the interval later.
    reply.update("北京");
    reply.update("北京市共");
    reply.update("北京市共有 <92> 所");
    await f.waitFor(() => f.edits().length === 1);
    await reply.finish(["<b>最终</b>"]);

    const [sent] = f.sent();
    assert.equal(sent!.payload.text, "北京");
    assert.equal(sent!.payload.reply_parameters.message_id, question);
    const edits = editCalls(f);
    assert.deepEqual(edits.map((c) => c.plainText), ["北京市共有 <92> 所", "最终"], "text that arrived meanwhile was replaced, not queued");
    assert.ok(edits[0]!.at - started >= INTERVAL_MS, "the first edit waited the interval after the send");
    assert.equal(f.sent().length, 1);
  });

  it("never edits in text the message already shows", async () => {
    const { fake: f, reply } = await start();
    reply.update("北京");
    await f.waitFor(() => f.sent().length === 1);
    reply.update("  北京 \n");
    await sleep(INTERVAL_MS * 3);
    assert.equal(editCalls(f).length, 0);
    await reply.finish(["北京"]);
    assert.equal(editCalls(f).length, 0, "a final reply the message already shows needs no edit");
  });

  it("skips edits for a 429's retry_after instead of retrying them, and the final edit waits it out", async () => {
    const { fake: f, reply } = await start();
    reply.update("一");
    await f.waitFor(() => f.sent().length === 1);
    f.rateLimitNext("editMessageText", 1);
    reply.update("一二");
    await f.waitFor(() => editCalls(f).length === 1);
    reply.update("一二三");
    await reply.finish(["最终"], { keyboard: KEYBOARD });

    const [limited, final, ...more] = editCalls(f);
    assert.equal(limited!.error?.error_code, 429);
    assert.equal(limited!.payload.text, "一二");
    assert.equal(more.length, 0, "the throttled edit was not retried, and 一二三 was skipped");
    assert.equal(final!.plainText, "最终");
    assert.deepEqual(final!.payload.reply_markup, KEYBOARD);
    assert.ok(final!.at - limited!.at >= 1000, `final edit ${final!.at - limited!.at} ms after the 429 (retry_after 1 s)`);
  });

  it("skips an intermediate edit that fails with a server error, without retrying it", async () => {
    const { fake: f, reply } = await start();
    reply.update("一");
    await f.waitFor(() => f.sent().length === 1);
    f.serverErrorNext("editMessageText");
    reply.update("一二");
    await f.waitFor(() => editCalls(f).length === 1);
    await reply.finish(["最终"]);
    assert.deepEqual(editCalls(f).map((c) => [c.payload.text, c.ok]), [["一二", false], ["最终", true]]);
  });

  it("edits the first part of a long final reply into the message and sends the rest after it, the keyboard on the last", async () => {
    const { fake: f, reply } = await start();
    reply.update("部分");
    await f.waitFor(() => f.sent().length === 1);
    await reply.finish(["第一部分", "第二部分", "第三部分"], { keyboard: KEYBOARD });

    const [edit] = f.edits();
    assert.equal(edit!.plainText, "第一部分");
    assert.equal(edit!.payload.reply_markup, undefined);
    const [, second, third] = f.sent();
    assert.deepEqual([second!.plainText, third!.plainText], ["第二部分", "第三部分"]);
    assert.equal(second!.payload.reply_parameters, undefined, "only the streamed message replies to the question");
    assert.equal(second!.payload.reply_markup, undefined);
    assert.deepEqual(third!.payload.reply_markup, KEYBOARD);
  });

  it("sends the final reply as a normal reply when no partial text was shown", async () => {
    const { fake: f, reply, question } = await start();
    await reply.finish(["<b>答案</b>"], { keyboard: KEYBOARD });
    assert.equal(editCalls(f).length, 0);
    const [sent, ...rest] = f.sent();
    assert.equal(rest.length, 0);
    assert.equal(sent!.payload.reply_parameters.message_id, question);
    assert.deepEqual(sent!.payload.reply_markup, KEYBOARD);
  });

  it("treats Telegram's 400 \"message is not modified\" on the final edit as done", async () => {
    const { fake: f, reply } = await start();
    reply.update("部分");
    await f.waitFor(() => f.sent().length === 1);
    f.failNext("editMessageText", { error_code: 400, description: "Bad Request: message is not modified: specified new message content and reply markup are exactly the same" });
    await reply.finish(["最终"]);
    assert.equal(editCalls(f).length, 1);
    assert.equal(f.sent().length, 1, "no second reply");
  });

  it("edits in plain text when Telegram rejects the final reply's entities", async () => {
    const { fake: f, reply } = await start();
    reply.update("部分");
    await f.waitFor(() => f.sent().length === 1);
    f.failNext("editMessageText", { error_code: 400, description: "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0" });
    await reply.finish(["<b>最终</b> &amp; 引用"], { keyboard: KEYBOARD });
    const [, plain] = editCalls(f);
    assert.equal(plain!.payload.text, "最终 & 引用");
    assert.equal(plain!.payload.parse_mode, undefined);
    assert.deepEqual(plain!.payload.reply_markup, KEYBOARD);
  });

  it("sends the final reply anew when the streamed message was deleted meanwhile", async () => {
    const { fake: f, api, reply, chatId, question } = await start();
    reply.update("部分");
    await f.waitFor(() => f.sent().length === 1);
    await api.deleteMessage(chatId, f.botMessages(chatId)[0]!.message_id);
    await reply.finish(["最终"], { keyboard: KEYBOARD });
    const last = f.sent().at(-1)!;
    assert.equal(f.sent().length, 2);
    assert.equal(last.plainText, "最终");
    assert.equal(last.payload.reply_parameters.message_id, question);
    assert.deepEqual(last.payload.reply_markup, KEYBOARD);
  });

  it("gives up streaming when the message cannot be sent, and sends the final reply normally", async () => {
    const { fake: f, reply } = await start();
    f.failNext("sendMessage", { error_code: 400, description: "Bad Request: not enough rights to send text messages to the chat" });
    reply.update("部分");
    await f.waitFor(() => f.callsOf("sendMessage").length === 1);
    reply.update("部分更多");
    await reply.finish(["最终"]);
    assert.deepEqual(f.callsOf("sendMessage").map((c) => [c.payload.text, c.ok]), [["部分", false], ["最终", true]]);
    assert.equal(editCalls(f).length, 0);
  });

  it("cuts partial text that outgrows one message", async () => {
    const { fake: f, reply } = await start();
    reply.update("长".repeat(5000));
    await f.waitFor(() => f.sent().length === 1);
    const shown = f.sent()[0]!.plainText!;
    assert.equal(shown.length, 4096);
    assert.ok(shown.endsWith("…"));
    await reply.finish(["最终"]);
  });
});
