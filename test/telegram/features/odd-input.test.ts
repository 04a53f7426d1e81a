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

  it("answers a photo whose caption mentions the bot in a group with the hint", async () => {
    h = await setup();
    const caption = `@${h.fake.botInfo.username} 这是什么？`;
    await h.handle(h.fake.message({ chat: h.fake.groupChat(), from: h.fake.user({ languageCode: "en" }), fields: { ...MEDIA.photo, caption, caption_entities: h.fake.entitiesFor(caption) } }));
    assert.match(h.fake.sent()[0]!.payload.text, /I can only answer text questions/);
    assert.equal(h.engine.calls.length, 0);
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
