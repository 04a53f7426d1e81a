import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Update } from "grammy/types";
import { envelopeProblem, updateProblem } from "../../src/telegram/update-shape.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";

let fake: FakeTelegram;
before(async () => (fake = await FakeTelegram.start()));
after(() => fake.close());

/** A deep copy of `update` with `edit` applied, for building broken variants. */
function broken(update: Update, edit: (u: any) => void): unknown {
  const copy = structuredClone(update);
  edit(copy);
  return copy;
}

describe("envelopeProblem", () => {
  it("accepts any object with a non-negative integer update_id", () => {
    assert.equal(envelopeProblem({ update_id: 0 }), undefined);
    assert.equal(envelopeProblem({ update_id: 12, something_new: {} }), undefined);
  });

  it("names what makes a value no update at all", () => {
    assert.equal(envelopeProblem(null), "not a JSON object");
    assert.equal(envelopeProblem([{ update_id: 1 }]), "not a JSON object");
    assert.equal(envelopeProblem("update"), "not a JSON object");
    assert.equal(envelopeProblem({ message: {} }), "update_id is missing");
    assert.equal(envelopeProblem({ update_id: "1" }), "update_id is not a non-negative integer");
    assert.equal(envelopeProblem({ update_id: 1.5 }), "update_id is not a non-negative integer");
    assert.equal(envelopeProblem({ update_id: -1 }), "update_id is not a non-negative integer");
  });
});

describe("updateProblem", () => {
  it("accepts the updates Telegram sends: private and group text, replies, media, edits, buttons, inline queries", () => {
    const user = fake.user();
    const group = fake.groupChat();
    const question = fake.groupText(`@${fake.botInfo.username} 问题`, { chat: group, user });
    const updates: Update[] = [
      fake.privateText("你好"),
      fake.privateText("/ask 问题"),
      question,
      fake.groupText("回复", { chat: group, replyTo: question.message! }),
      fake.message({ chat: fake.privateChat(user), from: user, fields: { sticker: {} as never } }),
      fake.message({ chat: group, from: user, text: "hi", fields: { entities: [{ type: "text_mention", offset: 0, length: 2, user: fake.botInfo }] } }),
      fake.edited(question, "新问题"),
      fake.callback("p:abc:0:1:z", { message: question.message!, user }),
      fake.callback("p:abc:0:1:z", { user }),
      fake.inline("问题", { user }),
      { update_id: 1, my_chat_member: {} } as unknown as Update, // kinds the bot does not read are left alone
    ];
    for (const u of updates) assert.equal(updateProblem(u), undefined, JSON.stringify(u).slice(0, 120));
  });

  it("names the field that breaks each broken update, never its content", () => {
    const text = fake.privateText("秘密问题 secret question");
    const cases: [unknown, string][] = [
      [broken(text, (u) => delete u.message.chat), "message.chat is missing"],
      [broken(text, (u) => (u.message.chat = null)), "message.chat is not an object"],
      [broken(text, (u) => delete u.message.chat.type), "message.chat.type is not a string"],
      [broken(text, (u) => delete u.message.from), "message.from is missing"],
      [broken(text, (u) => (u.message.from = { first_name: "x" })), "message.from.id is not an integer"],
      [broken(text, (u) => delete u.message.message_id), "message.message_id is not an integer"],
      [broken(text, (u) => (u.message.text = 42)), "message.text is not a string"],
      [broken(text, (u) => (u.message.entities = [null])), "message.entities[0] is not an entity"],
      [broken(text, (u) => (u.message.entities = [{ type: "text_mention", offset: 0, length: 2 }])), "message.entities[0].user is missing"],
      [broken(text, (u) => (u.message.reply_to_message = "x")), "message.reply_to_message is not an object"],
      [broken(text, (u) => (u.message.reply_to_message = { message_id: 1 })), "message.reply_to_message.chat is missing"],
      [{ update_id: 5, edited_message: { message_id: 1, from: { id: 1 } } }, "edited_message.chat is missing"],
      [{ update_id: 5, callback_query: { id: "1", data: "x" } }, "callback_query.from is missing"],
      [{ update_id: 5, callback_query: { id: "1", from: { id: 1 }, message: { message_id: 1 } } }, "callback_query.message.chat is missing"],
      [{ update_id: 5, inline_query: { id: "1", from: { id: 1 } } }, "inline_query.query is not a string"],
      [{ update_id: 5, message: [] }, "message is not an object"],
    ];
    for (const [update, reason] of cases) {
      const problem = updateProblem(update);
      assert.equal(problem, reason);
      assert.ok(!problem!.includes("secret"));
    }
  });
});
