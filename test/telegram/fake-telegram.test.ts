/** The fake Bot API must be at least as strict as Telegram, or the bot tests prove nothing. */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { Api, GrammyError, HttpError } from "grammy";
import { FakeTelegram, parseTelegramHtml } from "../helpers/fake-telegram.js";

let fake: FakeTelegram;
afterEach(() => fake?.close());

describe("fake Telegram HTML validation", () => {
  it("accepts Telegram's tags and decodes entities", () => {
    assert.equal(parseTelegramHtml('<b>a</b> <i>b</i> <blockquote expandable>c &lt;&gt;&amp;&quot;&#26366;</blockquote> <a href="https://x">d</a> <pre><code class="language-ts">e</code></pre> <span class="tg-spoiler">f</span>'), 'a b c <>&"曾 d e f');
  });

  for (const [html, why] of [
    ["<b>open", /Can't find end tag/],
    ["<b><i>x</b></i>", /Unmatched end tag/],
    ["<br>", /Unsupported start tag "br"/],
    ["<div>x</div>", /Unsupported start tag "div"/],
    ["a & b", /Unescaped &/],
    ["a > b", /Unescaped >/],
    ["<blockquote><blockquote>x</blockquote></blockquote>", /can't be nested/],
    ['<b class="x">y</b>', /Unsupported attribute/],
    ["<span>x</span>", /tg-spoiler/],
    ["</b>", /Unexpected end tag/],
  ] as const) {
    it(`rejects ${html}`, () => assert.throws(() => parseTelegramHtml(html), why));
  }
});

describe("fake Telegram API checks", () => {
  async function api() {
    fake = await FakeTelegram.start();
    return new Api(fake.token, { apiRoot: fake.apiRoot });
  }

  it("rejects overlong and empty messages, unknown chats and unknown parameters", async () => {
    const a = await api();
    const chat = fake.privateChat(fake.user()).id;
    await assert.rejects(a.sendMessage(chat, "x".repeat(4097)), /message is too long/);
    await assert.rejects(a.sendMessage(chat, "<b> </b>", { parse_mode: "HTML" }), /message text is empty/);
    await assert.rejects(a.sendMessage(999_999, "x"), /chat not found/);
    await assert.rejects(a.sendMessage(chat, "x", { reply_to_message_id: 1 } as never), /unexpected parameter "reply_to_message_id"/);
    await assert.rejects(a.sendMessage(chat, "x", { reply_parameters: { message_id: 12345 } }), /message to be replied not found/);
    await a.sendMessage(chat, "x".repeat(4096));
  });

  it("rejects callback data over 64 bytes and answers to unknown or already answered queries", async () => {
    const a = await api();
    const chat = fake.privateChat(fake.user()).id;
    await assert.rejects(a.sendMessage(chat, "x", { reply_markup: { inline_keyboard: [[{ text: "b", callback_data: "é".repeat(33) }]] } }), /BUTTON_DATA_INVALID/);
    const update = fake.callback("data");
    await a.answerCallbackQuery(update.callback_query!.id);
    await assert.rejects(a.answerCallbackQuery(update.callback_query!.id), /query is too old/);
    await assert.rejects(a.answerCallbackQuery("nope"), /query is too old/);
  });

  it("validates setMyCommands and inline answers", async () => {
    const a = await api();
    await assert.rejects(a.setMyCommands([{ command: "Bad-Name", description: "x" }]), /BOT_COMMAND_INVALID/);
    await assert.rejects(a.setMyCommands([{ command: "ok", description: "x" }], { language_code: "chinese" as never }), /invalid language code/);
    const q = fake.inline("q").inline_query!.id;
    const article = { type: "article" as const, id: "1", title: "t", input_message_content: { message_text: "<b>x", parse_mode: "HTML" as const } };
    await assert.rejects(a.answerInlineQuery(q, [article]), /can't parse entities/);
  });

  it("edits only the bot's own messages in their chat, refuses an edit that changes nothing, and drops a keyboard the edit leaves out", async () => {
    const a = await api();
    const user = fake.user();
    const chat = fake.privateChat(user).id;
    const other = fake.privateChat(fake.user()).id;
    const keyboard = { inline_keyboard: [[{ text: "b", callback_data: "d" }]] };
    const sent = await a.sendMessage(chat, "<b>one</b>", { parse_mode: "HTML" });
    await assert.rejects(a.editMessageText(chat, 999, "x"), /message to edit not found/);
    await assert.rejects(a.editMessageText(other, sent.message_id, "x"), /message to edit not found/);
    const asking = fake.privateText("question", { user }).message!;
    await assert.rejects(a.editMessageText(chat, asking.message_id, "x"), /message can't be edited/);
    await assert.rejects(a.editMessageText(chat, sent.message_id, "one"), /message is not modified/);
    await assert.rejects(a.editMessageText(chat, sent.message_id, "two", { link_preview_options: { is_disabled: "yes" as never } }), /is_disabled must be a boolean/);

    await a.editMessageText(chat, sent.message_id, "one", { reply_markup: keyboard });
    assert.deepEqual(fake.botMessages(chat).find((m) => m.message_id === sent.message_id)?.reply_markup, keyboard);
    await assert.rejects(a.editMessageText(chat, sent.message_id, "one", { reply_markup: keyboard }), /message is not modified/);
    await a.editMessageText(chat, sent.message_id, "two");
    const edited = fake.botMessages(chat).find((m) => m.message_id === sent.message_id)!;
    assert.equal(edited.text, "two");
    assert.equal(edited.reply_markup, undefined);
    assert.deepEqual(fake.edits(chat).map((c) => c.plainText), ["one", "two"]);
  });

  it("serves getUpdates with offset confirmation, and injects errors as asked", async () => {
    const a = await api();
    const u1 = fake.privateText("1");
    const u2 = fake.privateText("2");
    fake.enqueue(u1, u2);
    assert.deepEqual((await a.getUpdates({ offset: 0 })).map((u) => u.update_id), [u1.update_id, u2.update_id]);
    assert.deepEqual((await a.getUpdates({ offset: u2.update_id })).map((u) => u.update_id), [u2.update_id]);
    assert.equal(fake.offset, u2.update_id);
    fake.rateLimitNext("getMe", 3);
    await assert.rejects(a.getMe(), (e: GrammyError) => e.error_code === 429 && e.parameters.retry_after === 3);
    assert.equal((await a.getMe()).username, fake.botInfo.username);
  });
});

describe("fake Telegram fault injection", () => {
  async function api() {
    fake = await FakeTelegram.start();
    return new Api(fake.token, { apiRoot: fake.apiRoot });
  }

  it("resets a connection before processing (nothing happened) or after (the message exists, the response is lost)", async () => {
    const a = await api();
    const chat = fake.privateChat(fake.user()).id;
    fake.resetNext("sendMessage", 1, "before");
    await assert.rejects(a.sendMessage(chat, "one"), HttpError);
    assert.equal(fake.sent().length, 0);
    fake.resetNext("sendMessage", 1, "after");
    await assert.rejects(a.sendMessage(chat, "two"), HttpError);
    assert.equal(fake.sent().length, 1, "processed although the caller saw an error");
    assert.deepEqual([fake.faults.resets, fake.faults.resetsAfter], [1, 1]);
    await a.sendMessage(chat, "three");
  });

  it("delays responses, floods with 429s for a while, and draws repeatable chaos", async () => {
    const a = await api();
    fake.delayNext("getMe", 80);
    let started = Date.now();
    await a.getMe();
    assert.ok(Date.now() - started >= 75);
    fake.latencyMs = 30;
    started = Date.now();
    await a.getMe();
    assert.ok(Date.now() - started >= 25);
    fake.latencyMs = 0;

    fake.floodFor(100, 2, ["getMe"]);
    await assert.rejects(a.getMe(), (e: GrammyError) => e.error_code === 429 && e.parameters.retry_after === 2);
    await new Promise((r) => setTimeout(r, 110));
    await a.getMe();

    const outcomes = async (seed: number) => {
      fake.chaos({ seed, methods: ["getWebhookInfo"], rateLimit: 0.3, serverError: 0.3 });
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) codes.push(await a.getWebhookInfo().then(() => 200, (e: GrammyError) => e.error_code));
      fake.chaos(undefined);
      return codes;
    };
    const first = await outcomes(3);
    assert.deepEqual(await outcomes(3), first, "same seed, same faults");
    assert.ok(first.includes(429) && first.includes(502) && first.includes(200));
  });

  it("counts replies per asking message", async () => {
    const a = await api();
    const [u1, u2, u3] = [fake.privateText("q1"), fake.privateText("q2"), fake.privateText("q3")];
    const reply = (u: typeof u1) => a.sendMessage(u.message!.chat.id, "answer", { reply_parameters: { message_id: u.message!.message_id } });
    await reply(u1);
    await reply(u2);
    await reply(u2);
    await a.sendMessage(u3.message!.chat.id, "not a reply");
    const report = fake.deliveryReport([u1, u2, u3]);
    assert.deepEqual(report, { questions: 3, once: 1, lost: 1, duplicated: 1, lostIds: [u3.update_id], duplicatedIds: [u2.update_id] });
    assert.equal(fake.repliesTo(u2.message!.chat.id, u2.message!.message_id).length, 2);
  });
});

