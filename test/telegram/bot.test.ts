import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { AskOptions } from "../../src/types.js";
import { FakeEngine } from "../helpers/fake-engine.js";
import { setup, type Harness } from "./harness.js";

let h: Harness;
afterEach(() => h?.close());

const Q = "北京有多少所高校试点开设思政选修课？";

describe("allowlist", () => {
  it("refuses others once, politely, without asking the engine", async () => {
    h = await setup({ env: { CITEBOT_ALLOWED_IDS: "1001" } });
    const stranger = h.fake.user({ languageCode: "en" });
    await h.handle(h.fake.privateText(Q, { user: stranger }));
    await h.handle(h.fake.privateText(Q, { user: stranger }));
    assert.equal(h.engine.calls.length, 0);
    const sends = h.fake.sent();
    assert.equal(sends.length, 1, "one refusal, not one per message");
    assert.match(sends[0]!.payload.text, /只对授权的用户和群组开放/);
    assert.deepEqual(h.fake.callsOf("sendChatAction"), []);
  });

  it("serves allowed users, allowed chats and admins", async () => {
    h = await setup({ env: { CITEBOT_ALLOWED_IDS: "1001,-100500", CITEBOT_ADMIN_IDS: "1002" } });
    await h.handle(h.fake.privateText(Q, { user: h.fake.user({ id: 1001 }) }));
    await h.handle(h.fake.privateText(Q, { user: h.fake.user({ id: 1002 }) }));
    await h.handle(h.fake.groupText(`/ask ${Q}`, { chat: h.fake.groupChat(-100500) }));
    assert.equal(h.engine.calls.length, 3);
  });

  it("stays silent in a group when not addressed, and toasts refused button presses and inline queries", async () => {
    h = await setup({ env: { CITEBOT_ALLOWED_IDS: "1001" } });
    await h.handle(h.fake.groupText(Q));
    assert.deepEqual(h.fake.outgoing(), []);
    await h.handle(h.fake.callback("p:abc:0:1:z"));
    await h.handle(h.fake.inline(Q));
    assert.match(h.fake.callsOf("answerCallbackQuery")[0]!.payload.text, /授权/);
    assert.deepEqual(h.fake.callsOf("answerInlineQuery")[0]!.payload.results, []);
    assert.equal(h.engine.calls.length, 0);
  });

  it("toasts a refused button press in Traditional script to a zh-TW client", async () => {
    h = await setup({ env: { CITEBOT_ALLOWED_IDS: "1001" } });
    await h.handle(h.fake.callback("p:abc:0:1:z", { user: h.fake.user({ languageCode: "zh-TW" }) }));
    assert.match(h.fake.callsOf("answerCallbackQuery")[0]!.payload.text, /授權/);
  });
});

describe("error boundary and logging", () => {
  it("an exception in one update does not stop the others, and is logged with the update id", async () => {
    h = await setup();
    const chat = h.fake.groupChat();
    const first = h.fake.groupText(`/ask ${Q}`, { chat });
    // Break the /sources handler for one update: the engine's sources() throws.
    const realSources = h.engine.sources.bind(h.engine);
    h.engine.sources = () => {
      throw new Error("sources exploded");
    };
    await h.handle(h.fake.privateText("/sources"));
    h.engine.sources = realSources;
    await h.handle(first);
    assert.ok(h.fake.sent(chat.id).some((c) => /26所/.test(c.payload.text)));
    const line = h.logs.find((l) => l.includes("update failed"));
    assert.ok(line, "error logged");
    assert.match(line!, /"update_id":\d+/);
    assert.match(line!, /sources exploded/);
    assert.match(line!, /"layer":"internal"/);
    assert.match(h.fake.sent()[0]!.payload.text, /出错了|went wrong/, "the user is told");
  });

  it("logs Telegram API errors by layer with method and code", async () => {
    h = await setup();
    h.fake.failNext("sendMessage", { error_code: 400, description: "Bad Request: chat not found" });
    await h.handle(h.fake.privateText(Q));
    const line = h.logs.find((l) => l.includes("update failed"));
    assert.match(line!, /"layer":"telegram","method":"sendMessage","error_code":400/);
  });

  it("never logs the token or the question text at info level", async () => {
    h = await setup({ engine: { failOn: (q) => (q.includes("失败") ? new Error("engine down") : undefined) } });
    await h.handle(h.fake.privateText(Q));
    await h.handle(h.fake.privateText("让它失败的问题是什么？"));
    h.fake.failNext("sendMessage", { error_code: 400, description: "Bad Request: chat not found" });
    await h.handle(h.fake.privateText(Q));
    await h.handle(h.fake.callback("forged"));
    assert.ok(h.logs.length > 5);
    for (const line of h.logs) {
      assert.ok(!line.includes(h.fake.token), `token leaked: ${line}`);
      assert.ok(!line.includes(h.fake.token.split(":")[1]!), `token secret leaked: ${line}`);
      if (!line.includes('"level":"debug"')) assert.ok(!line.includes("思政选修课"), `question text at info: ${line}`);
    }
  });

  it("keeps network failures bounded and token-free", async () => {
    const { FakeTelegram } = await import("../helpers/fake-telegram.js");
    const { createMemoryLogger } = await import("../../src/log.js");
    const { createBot } = await import("../../src/telegram/bot.js");
    const { FakeEngine } = await import("../helpers/fake-engine.js");
    const { configFor } = await import("./harness.js");
    const fake = await FakeTelegram.start();
    const config = configFor(fake);
    const update = fake.privateText(Q);
    await fake.close(); // nothing listens any more: every call is a network error
    const logger = createMemoryLogger("debug");
    const bot = createBot(config, { engine: new FakeEngine(), logger, botInfo: fake.botInfo, networkRetryDelaysMs: [10, 10] });
    await bot.handleUpdate(update);
    const failure = logger.lines.find((l) => l.includes("update failed"));
    assert.match(failure!, /"layer":"network"/);
    assert.ok(logger.lines.every((l) => !l.includes(fake.token.split(":")[1]!)));
  });
});

describe("a group upgraded to a supergroup", () => {
  it("gets the answer in the supergroup when its old id is refused with migrate_to_chat_id", async () => {
    h = await setup();
    const group = h.fake.groupChat(-4001, "group");
    const supergroup = h.fake.groupChat(-1004001, "supergroup");
    h.fake.failNext("sendMessage", { error_code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", parameters: { migrate_to_chat_id: supergroup.id } });
    await h.handle(h.fake.groupText(`/ask ${Q}`, { chat: group }));
    const [answer] = h.fake.sent(supergroup.id);
    assert.match(answer!.payload.text, /26所/);
    assert.ok(!h.logs.some((l) => /"level":"(warn|error)"/.test(l)), h.logs.join("\n"));
    assert.ok(h.logs.some((l) => l.includes("group upgraded to a supergroup") && l.includes(`"migrate_to_chat_id":${supergroup.id}`)));
  });
});

describe("chats the bot can no longer reach", () => {
  const UNREACHABLE = ["Forbidden: bot was blocked by the user", "Forbidden: user is deactivated", "Forbidden: bot was kicked from the group chat"];
  /** A group that mutes the bot refuses with a 400. */
  const MUTED = ["Bad Request: not enough rights to send text messages to the chat", "Bad Request: CHAT_WRITE_FORBIDDEN"];

  /** Lines of `logs` that mention `description`, at any level. */
  const linesAbout = (description: string) => h.logs.filter((l) => l.includes(description));

  for (const [code, description] of [...UNREACHABLE.map((d) => [403, d] as const), ...MUTED.map((d) => [400, d] as const)]) {
    it(`${code} "${description}": one info line with chat id and code, no error, and no apology sent`, async () => {
      h = await setup();
      const update = code === 400 || description.includes("group") ? h.fake.groupText(`/ask ${Q}`) : h.fake.privateText(Q);
      const chatId = update.message!.chat.id;
      h.fake.failNext("sendMessage", { error_code: code, description });
      await h.handle(update);
      assert.equal(h.fake.callsOf("sendMessage").length, 1, "the refused answer only: no apology attempted");
      const lines = linesAbout(description);
      assert.equal(lines.length, 1, lines.join("\n"));
      assert.match(lines[0]!, /"level":"info"/);
      assert.match(lines[0]!, new RegExp(`"chat_id":${chatId}\\b`));
      assert.match(lines[0]!, new RegExp(`"error_code":${code}`));
      assert.ok(!lines[0]!.includes("思政选修课"), "never the user's message");
      assert.ok(!h.logs.some((l) => l.includes('"level":"error"')), h.logs.join("\n"));
    });
  }

  it("a streamed answer whose first message is refused is not sent again at the end", async () => {
    const engine = new FakeEngine();
    const ask = engine.ask.bind(engine);
    Object.assign(engine, {
      streaming: true,
      ask: async (question: string, options?: AskOptions) => {
        options?.onPartial?.("北京有26所高校");
        await new Promise((resolve) => setTimeout(resolve, 50));
        return ask(question, options);
      },
    });
    h = await setup({ engine, env: { CITEBOT_STREAM_EDIT_MS: "1000" } });
    h.fake.failNext("sendMessage", { error_code: 403, description: UNREACHABLE[0]! });
    await h.handle(h.fake.privateText(Q));
    assert.equal(h.fake.callsOf("sendMessage").length, 1, "neither the final answer nor an apology is attempted");
    assert.equal(linesAbout(UNREACHABLE[0]!).filter((l) => !l.includes('"level":"debug"')).length, 1);
  });
});

describe("malformed updates", () => {
  it("a message without chat or sender reaches no handler: dropped with a warning naming the field, not the text", async () => {
    h = await setup();
    const good = h.fake.privateText("秘密问题：北京有多少所高校？");
    const noChat = structuredClone(good) as any;
    delete noChat.message.chat;
    const noSender = structuredClone(good) as any;
    delete noSender.message.from;
    await h.handle(noChat);
    await h.handle(noSender);
    assert.equal(h.engine.calls.length, 0);
    assert.deepEqual(h.fake.outgoing(), []);
    const dropped = h.logs.filter((l) => l.includes("malformed update dropped"));
    assert.equal(dropped.length, 2);
    assert.match(dropped[0]!, /"level":"warn".*"reason":"message.chat is missing"/);
    assert.match(dropped[1]!, /"reason":"message.from is missing"/);
    assert.ok(h.logs.every((l) => !l.includes("秘密问题")), "the content is not logged");
    assert.ok(!h.logs.some((l) => l.includes('"level":"error"')), "nothing threw");
    await h.handle(good);
    assert.equal(h.engine.calls.length, 1, "well-formed updates are still answered");
  });
});
