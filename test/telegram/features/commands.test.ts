import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { createMemoryLogger } from "../../../src/log.js";
import { registerCommandMenus } from "../../../src/telegram/features/commands.js";
import { FakeEngine } from "../../helpers/fake-engine.js";
import { setup, type Harness } from "../harness.js";

let h: Harness;
afterEach(() => h?.close());

describe("commands", () => {
  it("/start explains the bot and suggests example questions from the documents", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("/start", { languageCode: "zh-hans" }));
    const text = h.fake.sent()[0]!.payload.text as string;
    assert.match(text, /编号引用/);
    assert.match(text, /• 北京有多少所高校试点开设思政选修课？/);
    assert.match(text, new RegExp(`@${h.fake.botInfo.username}`));
    assert.equal(h.engine.calls.length, 0);
  });

  it("/start speaks Traditional Chinese to a zh-TW client, quoting the examples as the documents write them", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("/start", { languageCode: "zh-TW" }));
    const text = h.fake.sent()[0]!.payload.text as string;
    assert.match(text, /編號引用/);
    assert.match(text, /• 北京有多少所高校试点开设思政选修课？/);
  });

  it("/start speaks English to an English client", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("/start", { languageCode: "en" }));
    assert.match(h.fake.sent()[0]!.payload.text, /I answer questions from the indexed documents/);
  });

  it("/start still works when the engine cannot suggest examples", async () => {
    const engine = new FakeEngine();
    engine.exampleQuestions = () => {
      throw new Error("no index");
    };
    h = await setup({ engine });
    await h.handle(h.fake.privateText("/start"));
    assert.equal(h.fake.sent().length, 1);
  });

  it("/help explains private chats, groups, inline mode and buttons", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("/help", { languageCode: "en" }));
    const text = h.fake.sent()[0]!.payload.text as string;
    for (const part of ["Private chat", "Groups", "Source n", "/sources", "1000 characters"]) assert.ok(text.includes(part), part);
  });

  it("/sources lists the indexed documents with chunk counts, escaped", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("/sources", { languageCode: "zh" }));
    const text = h.fake.sent()[0]!.payload.text as string;
    assert.match(text, /已索引 3 份文档/);
    assert.match(text, /1\. <b>北京市深入实施时代新人铸魂工程<\/b>（<code>beijing-2023\.txt<\/code>）· 4 个片段/);
    assert.match(text, /公式与符号 &lt;说明&gt; &amp; 附录/);
  });

  it("/sources says so when nothing is indexed", async () => {
    h = await setup({ engine: { docs: [] } });
    await h.handle(h.fake.privateText("/sources", { languageCode: "en" }));
    assert.match(h.fake.sent()[0]!.payload.text, /No documents are indexed yet/);
  });

  it("commands work in groups, and /cmd@otherbot is left alone", async () => {
    h = await setup();
    const chat = h.fake.groupChat();
    await h.handle(h.fake.groupText(`/help@${h.fake.botInfo.username}`, { chat }));
    await h.handle(h.fake.groupText("/help@some_other_bot", { chat }));
    assert.equal(h.fake.sent(chat.id).length, 1);
  });

  it("an unknown command in a private chat points to /help", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("/frobnicate", { languageCode: "en" }));
    assert.match(h.fake.sent()[0]!.payload.text, /Send \/help/);
    assert.equal(h.engine.calls.length, 0);
  });

  it("an unknown command in a group is ignored unless addressed to the bot", async () => {
    h = await setup();
    const chat = h.fake.groupChat();
    await h.handle(h.fake.groupText("/frobnicate", { chat }));
    assert.equal(h.fake.sent(chat.id).length, 0);
    await h.handle(h.fake.groupText(`/frobnicate@${h.fake.botInfo.username}`, { chat }));
    assert.equal(h.fake.sent(chat.id).length, 1);
  });
});

describe("command menus", () => {
  it("registers the commands in English (default) and Chinese (zh)", async () => {
    h = await setup();
    const logger = createMemoryLogger();
    await registerCommandMenus(h.bot.api, h.config, logger);
    const en = h.fake.commands.get('{"type":"default"}|');
    const zh = h.fake.commands.get('{"type":"default"}|zh');
    assert.deepEqual(en?.map((c) => c.command).sort(), ["ask", "docs", "help", "sources", "start"]);
    assert.deepEqual(zh?.map((c) => c.command).sort(), ["ask", "docs", "help", "sources", "start"]);
    assert.match(zh!.find((c) => c.command === "ask")!.description, /提问/);
    assert.match(en!.find((c) => c.command === "ask")!.description, /Ask/);
  });

  it("adds /add, /remove and /stats to each admin's private menu, and survives an admin the bot cannot reach", async () => {
    h = await setup({ env: { CITEBOT_ADMIN_IDS: "4242, 999" } });
    h.fake.privateChat(h.fake.user({ id: 4242 }));
    const logger = createMemoryLogger();
    await registerCommandMenus(h.bot.api, h.config, logger);
    const admin = h.fake.commands.get('{"type":"chat","chat_id":4242}|zh');
    assert.deepEqual(admin?.map((c) => c.command).filter((c) => ["add", "remove", "stats"].includes(c)), ["add", "remove", "stats"]);
    assert.ok(logger.lines.some((l) => l.includes("setMyCommands failed") && l.includes("chat not found")));
  });
});

describe("Traditional-script command menus", () => {
  const menu = (chatId: number, lang = "") => h.fake.commands.get(`{"type":"chat","chat_id":${chatId}}|${lang}`);

  it("a zh-TW or zh-HK user's private chat gets the menu in Traditional script, once", async () => {
    h = await setup();
    for (const code of ["zh-TW", "zh-hk"]) {
      const user = h.fake.user({ languageCode: code });
      await h.handle(h.fake.privateText("/start", { user }));
      await h.handle(h.fake.privateText("/help", { user }));
      await h.fake.waitFor(() => menu(user.id) !== undefined);
      assert.equal(menu(user.id)!.find((c) => c.command === "sources")!.description, "已索引的文件");
      assert.equal(menu(user.id)!.find((c) => c.command === "help")!.description, "使用說明");
      assert.deepEqual(menu(user.id)!.map((c) => c.command), ["ask", "sources", "docs", "help", "start"]);
    }
    assert.equal(h.fake.callsOf("setMyCommands").length, 2, "one registration per chat");
  });

  it("a Simplified or English user, and a group, keep the menus registered at start", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("/start", { languageCode: "zh-hans" }));
    await h.handle(h.fake.privateText("/start", { languageCode: "en" }));
    const tw = h.fake.user({ languageCode: "zh-TW" });
    await h.handle(h.fake.groupText("/help", { user: tw }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(h.fake.callsOf("setMyCommands").length, 0);
  });

  it("an admin's Traditional menu keeps /add, /remove and /stats, and also replaces the Simplified admin menu", async () => {
    h = await setup({ env: { CITEBOT_ADMIN_IDS: "4242" } });
    const admin = h.fake.user({ id: 4242, languageCode: "zh-Hant" });
    await h.handle(h.fake.privateText("/help", { user: admin }));
    await h.fake.waitFor(() => menu(4242) !== undefined && menu(4242, "zh") !== undefined);
    for (const lang of ["", "zh"]) {
      assert.deepEqual(menu(4242, lang)!.map((c) => c.command), ["ask", "sources", "docs", "help", "start", "add", "remove", "stats"]);
      assert.equal(menu(4242, lang)!.find((c) => c.command === "stats")!.description, "執行狀態（管理員）");
    }
  });
});

describe("deep links", () => {
  it("/start help (from the inline-mode button) shows the help", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("/start help", { languageCode: "en" }));
    assert.match(h.fake.sent()[0]!.payload.text, /How to use/);
  });
});
