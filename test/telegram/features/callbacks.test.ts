import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { SYMBOLS } from "../../helpers/fake-engine.js";
import { parseTelegramHtml } from "../../helpers/fake-telegram.js";
import { setup, type Harness } from "../harness.js";

let h: Harness;
afterEach(() => h?.close());

const Q = "北京有多少所高校试点开设思政选修课？";

async function askAndGetAnswer(harness: Harness, question = Q) {
  const user = harness.fake.user({ languageCode: "zh" });
  await harness.handle(harness.fake.privateText(question, { user }));
  const answer = harness.fake.botMessages(user.id).at(-1)!;
  const buttons = (answer as { reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] } }).reply_markup!.inline_keyboard.flat();
  return { user, answer, buttons };
}

describe("citation buttons", () => {
  it("show the whole passage with the cited span in bold, as a reply to the answer", async () => {
    h = await setup();
    const { user, answer, buttons } = await askAndGetAnswer(h);
    h.fake.clearCalls();
    await h.handle(h.fake.callback(buttons[0]!.callback_data, { message: answer, user }));

    const ack = h.fake.callsOf("answerCallbackQuery");
    assert.equal(ack.length, 1);
    assert.equal(ack[0]!.ok, true);
    assert.equal(ack[0]!.payload.text, undefined, "no toast on success");
    const [passage] = h.fake.sent();
    assert.equal(passage!.payload.reply_parameters.message_id, answer.message_id);
    assert.match(passage!.payload.text, /📄 <b>北京市深入实施时代新人铸魂工程/);
    assert.match(passage!.payload.text, /<blockquote><b>北京市推动全市高校全覆盖开设思想概论必修课，26所高校试点开设思政选修课，切实提升思政课教学质量。<\/b><\/blockquote>/);
    const cited = h.engine.answers[0]!.citations[0]!;
    assert.deepEqual(h.engine.passageCalls.at(-1), { chunkId: cited.chunkId, start: cited.start, end: cited.end });
  });

  it("label the passage's page in the presser's script: 第 2 頁 for a zh-TW client", async () => {
    h = await setup();
    const passage = h.engine.passage.bind(h.engine);
    h.engine.passage = (chunkId, start, end) => {
      const found = passage(chunkId, start, end);
      return found && { ...found, page: 2 };
    };
    const user = h.fake.user({ languageCode: "zh-TW" });
    await h.handle(h.fake.privateText(Q, { user }));
    const answer = h.fake.botMessages(user.id).at(-1)!;
    const [button] = (answer as { reply_markup?: { inline_keyboard: { callback_data: string }[][] } }).reply_markup!.inline_keyboard.flat();
    await h.handle(h.fake.callback(button!.callback_data, { message: answer, user }));
    assert.match(h.fake.sent().at(-1)!.payload.text, /· 第 2 頁 · 第\d+段/);
  });

  it("highlight only the cited sentence within a longer passage", async () => {
    h = await setup();
    const { user, answer, buttons } = await askAndGetAnswer(h, "北京2022年建设了多少个实践教学基地？");
    await h.handle(h.fake.callback(buttons[0]!.callback_data, { message: answer, user }));
    const text = h.fake.sent().at(-1)!.payload.text as string;
    assert.match(text, /<b>2022年，北京市建设了100个大思政课实践教学基地。<\/b>2023年/);
  });

  it("escape passage text from the corpus", async () => {
    h = await setup({ engine: { docs: [SYMBOLS] } });
    const { user, answer, buttons } = await askAndGetAnswer(h, "比较运算规则中逻辑与运算怎么写？");
    await h.handle(h.fake.callback(buttons[0]!.callback_data, { message: answer, user }));
    const call = h.fake.sent().at(-1)!;
    assert.doesNotThrow(() => parseTelegramHtml(call.payload.text));
    assert.match(call.plainText!, /a < b 且 b > c，逻辑与运算写作 a && b，标签 <b>粗体<\/b> 与 &amp; 应原样显示/);
  });

  it("answer forged callback data with a polite toast and no message", async () => {
    h = await setup();
    const { user, answer } = await askAndGetAnswer(h);
    h.fake.clearCalls();
    for (const data of ["p:nonexistent:0:a:z", "p:../../etc:0:1:z", "garbage", "p:c123:zz:1:z", "r:999:e", "x".repeat(64)]) {
      await h.handle(h.fake.callback(data, { message: answer, user }));
    }
    const acks = h.fake.callsOf("answerCallbackQuery");
    assert.equal(acks.length, 6);
    for (const ack of acks) {
      assert.ok(ack.ok);
      assert.match(ack.payload.text, /引用已失效|citation has expired/);
    }
    assert.equal(h.fake.sent().length, 0);
  });

  it("answer a stale reference (valid chunk, range outside it) with the toast in the answer's language", async () => {
    h = await setup();
    const { user, answer, buttons } = await askAndGetAnswer(h);
    const [, chunk] = buttons[0]!.callback_data.split(":");
    await h.handle(h.fake.callback(`p:${chunk}:0:zzzz:e`, { message: answer, user }));
    assert.match(h.fake.callsOf("answerCallbackQuery").at(-1)!.payload.text, /This citation has expired/);
  });

  it("on an inline-mode message show the cited text as an alert", async () => {
    h = await setup();
    const { user, buttons } = await askAndGetAnswer(h);
    await h.handle(h.fake.callback(buttons[0]!.callback_data, { user }));
    const ack = h.fake.callsOf("answerCallbackQuery").at(-1)!;
    assert.equal(ack.payload.show_alert, true);
    assert.ok(ack.payload.text.length <= 200);
    assert.match(ack.payload.text, /26所高校/);
  });
});
