import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { Message } from "grammy/types";
import { setup, type Harness } from "../harness.js";

let h: Harness;
afterEach(() => h?.close());

const MEDIA: Record<string, Partial<Message> & Record<string, unknown>> = {
  sticker: { sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } as any },
  photo: { photo: [{ file_id: "p", file_unique_id: "p", width: 90, height: 90 }] },
  voice: { voice: { file_id: "v", file_unique_id: "v", duration: 3 } },
  location: { location: { latitude: 39.9, longitude: 116.4 } },
  document: { document: { file_id: "d", file_unique_id: "d", file_name: "notes.pdf" } },
};

describe("odd input", () => {
  for (const [kind, fields] of Object.entries(MEDIA)) {
    it(`replies to a ${kind} with a short hint and no engine call`, async () => {
      h = await setup();
      const user = h.fake.user({ languageCode: "zh-hans" });
      const update = h.fake.message({ chat: h.fake.privateChat(user), from: user, fields });
      await h.handle(update);
      const [reply] = h.fake.sent();
      assert.match(reply!.payload.text, /我只能回答文字问题/);
      assert.equal(reply!.payload.reply_parameters.message_id, update.message!.message_id);
      assert.equal(h.engine.calls.length, 0);
    });
  }

  it("asks a photo's or file's caption as a question in a private chat, as if it were typed", async () => {
    h = await setup();
    const user = h.fake.user({ languageCode: "zh-hans" });
    for (const fields of [MEDIA.photo, MEDIA.document, { video: { file_id: "m", file_unique_id: "m", width: 9, height: 9, duration: 1 } }]) {
      await h.handle(h.fake.message({ chat: h.fake.privateChat(user), from: user, fields: { ...fields, caption: "宣讲活动覆盖了多少名师生？" } }));
    }
    assert.deepEqual(h.engine.calls.map((c) => c.question), ["宣讲活动覆盖了多少名师生？", "宣讲活动覆盖了多少名师生？", "宣讲活动覆盖了多少名师生？"]);
    assert.ok(h.fake.sent().every((c) => !/我只能回答文字问题/.test(c.payload.text)), "no hint");
  });

  it("in a group, asks a captioned photo only when the caption mentions the bot or the photo replies to it, the mention taken out", async () => {
    h = await setup();
    const group = h.fake.groupChat();
    const caption = `@${h.fake.botInfo.username} 这是什么？`;
    await h.handle(h.fake.message({ chat: group, from: h.fake.user({ languageCode: "en" }), fields: { ...MEDIA.photo, caption, caption_entities: h.fake.entitiesFor(caption) } }));
    await h.handle(h.fake.message({ chat: group, from: h.fake.user(), fields: { ...MEDIA.photo, caption: "这是什么？" } }));
    assert.deepEqual(h.engine.calls.map((c) => c.question), ["这是什么？"], "a photo shared with the group is not ours");
    const answer = h.fake.botMessages(group.id).at(-1)!;
    await h.handle(h.fake.message({ chat: group, from: h.fake.user(), fields: { ...MEDIA.photo, caption: "那2022年呢？", reply_to_message: answer as any } }));
    assert.deepEqual(h.engine.calls.map((c) => c.question), ["这是什么？", "那2022年呢？"]);
  });

  it("keeps the hint for voice, stickers, captions that ask nothing (only the mention, a command) and a group photo that mentions the bot without words", async () => {
    h = await setup();
    const user = h.fake.user({ languageCode: "en" });
    const mention = `@${h.fake.botInfo.username}`;
    await h.handle(h.fake.message({ chat: h.fake.privateChat(user), from: user, fields: { ...MEDIA.voice, caption: "how many teachers?" } }));
    await h.handle(h.fake.message({ chat: h.fake.privateChat(user), from: user, fields: { ...MEDIA.photo, caption: "/start", caption_entities: h.fake.entitiesFor("/start") } }));
    await h.handle(h.fake.message({ chat: h.fake.privateChat(user), from: user, fields: { ...MEDIA.photo, caption: " \u200b " } }));
    await h.handle(h.fake.message({ chat: h.fake.groupChat(), from: user, fields: { ...MEDIA.photo, caption: mention, caption_entities: h.fake.entitiesFor(mention) } }));
    assert.equal(h.engine.calls.length, 0);
    const hints = h.fake.sent().map((c) => c.payload.text as string);
    assert.equal(hints.length, 4);
    for (const hint of hints) assert.match(hint, /I can only answer text questions/);
  });

  it("stays silent about media in a group unless addressed", async () => {
    h = await setup();
    await h.handle(h.fake.message({ chat: h.fake.groupChat(), from: h.fake.user(), fields: MEDIA.sticker! }));
    assert.deepEqual(h.fake.outgoing(), []);
  });

  it("ignores service messages", async () => {
    h = await setup();
    const user = h.fake.user();
    await h.handle(h.fake.message({ chat: h.fake.privateChat(user), from: user, fields: { write_access_allowed: {} } as any }));
    assert.deepEqual(h.fake.outgoing(), []);
  });
});
