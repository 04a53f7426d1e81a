import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Message, UserFromGetMe } from "grammy/types";
import { classifyMessage } from "../../src/telegram/addressing.js";

const me = { id: 42, is_bot: true, first_name: "Bot", username: "Cite_Bot" } as UserFromGetMe;
const group = { id: -1, type: "supergroup", title: "g" } as const;
const priv = { id: 7, type: "private", first_name: "u" } as const;
const msg = (fields: Partial<Message> & Record<string, unknown>): Message => ({ message_id: 1, date: 0, chat: group, from: { id: 7, is_bot: false, first_name: "u" }, ...fields }) as Message;

describe("classifyMessage", () => {
  it("treats any private text as a question", () => {
    assert.deepEqual(classifyMessage(msg({ chat: priv, text: "  你好？ " }), me), { kind: "question", text: "你好？" });
  });

  it("reads a private message of the bot's @mention alone, or of invisible characters alone, as an empty question", () => {
    const mention = { type: "mention", offset: 0, length: 9 } as const;
    assert.deepEqual(classifyMessage(msg({ chat: priv, text: "@cite_bot", entities: [mention] }), me), { kind: "question", text: "" });
    assert.deepEqual(classifyMessage(msg({ chat: priv, text: "@cite_bot 北京有多少所高校？\n第二行", entities: [mention] }), me), { kind: "question", text: "北京有多少所高校？\n第二行" });
    assert.deepEqual(classifyMessage(msg({ chat: priv, text: "\u200b\u200d " }), me), { kind: "question", text: "" });
    assert.deepEqual(classifyMessage(msg({ text: "@cite_bot \u200b", entities: [mention] }), me), { kind: "question", text: "" });
  });

  it("ignores unaddressed group text", () => {
    assert.deepEqual(classifyMessage(msg({ text: "hello" }), me), { kind: "ignore" });
  });

  it("strips a case-insensitive @mention of the bot", () => {
    const text = "请问 @cite_bot 北京有多少所高校？";
    assert.deepEqual(classifyMessage(msg({ text, entities: [{ type: "mention", offset: 3, length: 9 }] }), me), { kind: "question", text: "请问 北京有多少所高校？" });
  });

  it("accepts a text mention of the bot's user", () => {
    const text = "Bot what is this?";
    const m = msg({ text, entities: [{ type: "text_mention", offset: 0, length: 3, user: { id: 42, is_bot: true, first_name: "Bot" } }] });
    assert.deepEqual(classifyMessage(m, me), { kind: "question", text: "what is this?" });
  });

  it("accepts a reply to the bot, but not a forum topic's creation message", () => {
    const botMsg = msg({ from: { id: 42, is_bot: true, first_name: "Bot" }, text: "answer" });
    assert.equal(classifyMessage(msg({ text: "why?", reply_to_message: botMsg as any }), me).kind, "question");
    const topic = msg({ from: { id: 42, is_bot: true, first_name: "Bot" }, forum_topic_created: { name: "t", icon_color: 1 } });
    assert.equal(classifyMessage(msg({ text: "why?", reply_to_message: topic as any }), me).kind, "ignore");
  });

  it("parses commands, ignoring those for other bots", () => {
    assert.deepEqual(classifyMessage(msg({ text: "/Ask@cite_bot 问题", entities: [{ type: "bot_command", offset: 0, length: 13 }] }), me), {
      kind: "command",
      name: "ask",
      args: "问题",
      explicit: true,
    });
    assert.deepEqual(classifyMessage(msg({ text: "/ask@other_bot x", entities: [{ type: "bot_command", offset: 0, length: 14 }] }), me), { kind: "ignore" });
  });

  it("asks a photo's or file's caption, in private or when addressed, and keeps voice and commands in captions as media", () => {
    const photo = { photo: [{ file_id: "p", file_unique_id: "p", width: 9, height: 9 }] };
    assert.deepEqual(classifyMessage(msg({ chat: priv, ...photo, caption: "  多少名师生？ " }), me), { kind: "question", text: "多少名师生？" });
    assert.deepEqual(classifyMessage(msg({ ...photo, caption: "@cite_bot 多少名\n师生？", caption_entities: [{ type: "mention", offset: 0, length: 9 }] }), me), { kind: "question", text: "多少名 师生？" });
    assert.equal(classifyMessage(msg({ ...photo, caption: "多少名师生？" }), me).kind, "ignore");
    assert.equal(classifyMessage(msg({ chat: priv, voice: {} as any, caption: "多少名师生？" }), me).kind, "media");
    assert.equal(classifyMessage(msg({ chat: priv, ...photo, caption: "/ask 多少", caption_entities: [{ type: "bot_command", offset: 0, length: 4 }] }), me).kind, "media");
  });

  it("recognises media, in private or when addressed", () => {
    assert.equal(classifyMessage(msg({ chat: priv, sticker: {} as any }), me).kind, "media");
    assert.equal(classifyMessage(msg({ sticker: {} as any }), me).kind, "ignore");
    assert.equal(classifyMessage(msg({ chat: priv, pinned_message: {} as any }), me).kind, "ignore");
  });
});
