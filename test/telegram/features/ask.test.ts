import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { createApp, openEngine } from "../../../src/app.js";
import { parseConfig } from "../../../src/config/config.js";
import type { Engine } from "../../../src/engine.js";
import { AppError } from "../../../src/errors.js";
import { createMemoryLogger } from "../../../src/log.js";
import { memoryState } from "../../../src/state/memory.js";
import { redisState } from "../../../src/state/redis.js";
import type { BotState } from "../../../src/state/types.js";
import { createBot, type BotContext } from "../../../src/telegram/bot.js";
import type { ChatSession } from "../../../src/telegram/context.js";
import type { QaEngine } from "../../../src/types.js";
import { BEIJING, FakeEngine, SYMBOLS } from "../../helpers/fake-engine.js";
import { type FakeModelServer, type Fault, startFakeModelServer } from "../../helpers/fake-model-servers.js";
import { FakeTelegram, parseTelegramHtml } from "../../helpers/fake-telegram.js";
import { testRedisUrl, uniquePrefix } from "../../helpers/services.js";
import { analyzer, BUNDLED_CORPUS, tempDir, workspace } from "../../helpers/workspace.js";
import { configFor, setup, type Harness } from "../harness.js";

let h: Harness;
afterEach(() => h?.close());

const Q = "北京有多少所高校试点开设思政选修课？";

describe("asking in a private chat", () => {
  it("answers a question with [n] markers, numbered citations, excerpts and one button per citation", async () => {
    h = await setup();
    const update = h.fake.privateText(Q);
    await h.handle(update);

    const [reply, ...rest] = h.fake.sent();
    assert.equal(rest.length, 0);
    assert.ok(reply);
    const p = reply.payload;
    assert.equal(p.parse_mode, "HTML");
    assert.deepEqual(p.link_preview_options, { is_disabled: true });
    assert.equal(p.reply_parameters.message_id, update.message!.message_id);
    assert.match(p.text, /\[1\]/);
    assert.match(p.text, /<blockquote expandable>/);
    assert.match(p.text, /北京市深入实施时代新人铸魂工程/, "document title shown");
    assert.match(p.text, /第3段 · 第5行/, "paragraph and line shown");
    assert.match(p.text, /<b>26所<\/b>/, "short answer in bold");
    assert.match(p.text, /<b>[^<]*思政选修课[^<]*<\/b>/, "matched words in bold inside the excerpt");
    const buttons = p.reply_markup.inline_keyboard.flat();
    assert.equal(buttons.length, h.engine.answers[0]!.citations.length);
    assert.deepEqual(buttons.map((b: { text: string }) => b.text).slice(0, 1), ["📄 原文 1"]);
    for (const b of buttons) assert.ok(Buffer.byteLength(b.callback_data) <= 64);
    assert.equal(h.fake.callsOf("sendChatAction")[0]?.payload.action, "typing");
  });

  it("uses English interface text for an English question", async () => {
    h = await setup({ engine: { docs: [{ source: "en.txt", text: "Annual report\n\nThe school opened 12 new laboratories in 2023." }] } });
    await h.handle(h.fake.privateText("How many new laboratories did the school open?"));
    const text = h.fake.sent()[0]!.payload.text as string;
    assert.match(text, /📚 Sources/);
    assert.match(text, /paragraph 2, line 3/);
    assert.equal(h.fake.sent()[0]!.payload.reply_markup.inline_keyboard[0][0].text, "📄 Source 1");
  });

  it("says so politely when the documents do not contain an answer", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("火星上有没有水？"));
    const reply = h.fake.sent()[0]!.payload;
    assert.match(reply.text, /文档中没有找到能回答这个问题的内容。可以换个说法试试/);
    assert.equal(reply.reply_markup, undefined);
  });

  it("adds the closest passage to a refusal, labelled as a hint and not as an answer", async () => {
    h = await setup({ engine: { closest: true } });
    await h.handle(h.fake.privateText("火星上有没有思政？"));
    const [reply, ...rest] = h.fake.sent();
    assert.equal(rest.length, 0);
    const closest = h.engine.answers[0]!.closest!;
    assert.equal(h.engine.answers[0]!.found, false);
    const text = reply!.payload.text as string;
    assert.match(text, /^🤷 文档中没有找到能回答这个问题的内容。/);
    assert.match(text, /\n\n<i>最接近的段落（并非答案）：<\/i>\n北京市深入实施时代新人铸魂工程 <i>\(beijing-2023\.txt\)<\/i> · 第\d+段 · 第\d+行\n<blockquote expandable>/);
    assert.ok(parseTelegramHtml(text).includes(closest.text), "the passage verbatim");
    assert.equal(reply!.payload.reply_markup, undefined, "no source button: it is not a citation");
  });

  it("says it in Traditional characters when the question is in Traditional characters", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("火星上有沒有水？"));
    const reply = h.fake.sent()[0]!.payload;
    assert.equal(reply.text, "🤷 文件中沒有找到能回答這個問題的內容。可以換個說法試試，或用 /sources 查看有哪些文件。");
  });

  it("falls back to the user's language_code when the text has no words", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("   ", { languageCode: "en" }));
    assert.match(h.fake.sent()[0]!.payload.text, /Please send a question/);
  });

  it("escapes <, > and & from the corpus so Telegram shows them verbatim", async () => {
    h = await setup({ engine: { docs: [SYMBOLS] } });
    await h.handle(h.fake.privateText("比较运算规则中逻辑与运算怎么写？"));
    const [call] = h.fake.sent();
    const text = call!.payload.text as string;
    assert.match(text, /a &lt; b/);
    assert.match(text, /b &gt; c/);
    assert.match(text, /a &amp;&amp; b/);
    assert.match(text, /&lt;b&gt;粗体&lt;\/b&gt;/);
    assert.match(text, /&amp;amp;/);
    assert.match(call!.plainText!, /标签 <b>粗体<\/b> 与 &amp; 应原样显示/, "what the user sees is the document text");
    assert.match(call!.plainText!, /公式与符号 <说明> & 附录/);
  });

  it("escapes HTML in the question itself", async () => {
    h = await setup();
    await h.handle(h.fake.privateText("<b>火星</b> & <i>水</i>？"));
    assert.equal(h.fake.sent().length, 1, "the reply was accepted by the strict HTML check");
  });

  it("splits an answer longer than 4096 characters into parts that are each valid HTML", async () => {
    const clause = (i: number) => `第${i}项长文本测试内容包括 <规则> & 说明，`;
    const para = (k: number) => Array.from({ length: 60 }, (_, i) => clause(k * 100 + i)).join("") + "长文本测试结束。";
    h = await setup({ engine: { docs: [{ source: "long.txt", text: ["长文本测试文档", para(1), para(2), para(3)].join("\n\n") }] } });
    await h.handle(h.fake.privateText("长文本测试内容包括什么规则说明？"));
    const parts = h.fake.sent();
    assert.ok(parts.length >= 2, `expected a split, got ${parts.length} part(s)`);
    let shown = "";
    for (const part of parts) {
      const text = part.payload.text as string;
      assert.ok(text.length <= 4096, `part of ${text.length} characters`);
      assert.doesNotThrow(() => parseTelegramHtml(text));
      shown += part.plainText;
    }
    assert.ok(parts.slice(0, -1).every((p) => p.payload.reply_markup === undefined), "keyboard only on the last part");
    assert.ok(parts.at(-1)!.payload.reply_markup.inline_keyboard.flat().length === 3);
    assert.ok(parts[0]!.payload.reply_parameters, "first part replies to the question");
    assert.equal(parts[1]!.payload.reply_parameters, undefined);
    assert.match(shown, /第159项长文本测试内容包括 <规则> & 说明/, "escaped text survives splitting");
  });

  it("falls back to plain text when Telegram rejects the entities", async () => {
    h = await setup();
    h.fake.rejectEntitiesNext();
    await h.handle(h.fake.privateText(Q));
    const sends = h.fake.callsOf("sendMessage");
    assert.equal(sends.length, 2);
    assert.equal(sends[0]!.ok, false);
    assert.equal(sends[1]!.ok, true);
    assert.equal(sends[1]!.payload.parse_mode, undefined);
    assert.doesNotMatch(sends[1]!.payload.text, /<b>|<blockquote/);
    assert.match(sends[1]!.payload.text, /26所高校试点开设思政选修课/);
    assert.ok(sends[1]!.payload.reply_markup, "buttons kept");
  });

  it("retries a 429 after retry_after and then answers", async () => {
    h = await setup();
    h.fake.rateLimitNext("sendMessage", 1);
    const started = Date.now();
    await h.handle(h.fake.privateText(Q));
    const sends = h.fake.callsOf("sendMessage");
    assert.equal(sends.length, 2);
    assert.equal(sends[0]!.error?.error_code, 429);
    assert.ok(sends[1]!.ok);
    assert.ok(sends[1]!.at - sends[0]!.at >= 900, "waited retry_after");
    assert.ok(Date.now() - started < 5000);
  });

  it("retries a 5xx from the Bot API", async () => {
    h = await setup();
    h.fake.serverErrorNext("sendMessage");
    await h.handle(h.fake.privateText(Q));
    const sends = h.fake.callsOf("sendMessage");
    assert.equal(sends[0]!.error?.error_code, 502);
    assert.ok(sends[1]!.ok);
  });

  it("rejects an overlong question with a clear message and no engine call", async () => {
    h = await setup({ env: { CITEBOT_MAX_QUESTION_CHARS: "20" } });
    await h.handle(h.fake.privateText("北".repeat(21)));
    assert.equal(h.engine.calls.length, 0);
    assert.match(h.fake.sent()[0]!.payload.text, /问题太长了（21 字），请精简到 20 字以内/);
  });

  it("answers whitespace-only text with a hint", async () => {
    h = await setup();
    await h.handle(h.fake.privateText(" \n "));
    assert.equal(h.engine.calls.length, 0);
    assert.match(h.fake.sent()[0]!.payload.text, /Please send a question|请发送一个问题/);
  });

  it("gives a fresh answer to an edited question, replying to the edited message", async () => {
    h = await setup();
    const original = h.fake.privateText("火星上有没有水？");
    await h.handle(original);
    await h.handle(h.fake.edited(original, Q));
    const sends = h.fake.sent();
    assert.equal(sends.length, 2);
    assert.equal(sends[1]!.payload.reply_parameters.message_id, original.message!.message_id);
    assert.match(sends[1]!.payload.text, /26所/);
    assert.deepEqual(h.engine.calls.map((c) => c.question), ["火星上有没有水？", Q]);
  });

  /** An edit of `original` that leaves its text as it is but bolds it (only the entities change). */
  function boldened(original: Update, text: string): Update {
    const update = h.fake.edited(original, text);
    const message = update.edited_message!;
    (message as { entities?: unknown[] }).entities = [...(message.entities ?? []), { type: "bold", offset: 0, length: text.length }];
    return update;
  }

  async function unchangedEditsAreNotAnsweredAgain(): Promise<void> {
    const original = h.fake.privateText(Q);
    await h.handle(original);
    await h.handle(boldened(original, Q));
    await h.handle(h.fake.edited(original, `\u3000${Q}\n`));
    await h.handle(h.fake.edited(original, `${Q}  `));
    assert.equal(h.fake.sent().length, 1, "formatting or spacing alone gets no second answer");
    assert.deepEqual(h.engine.calls.map((c) => c.question), [Q]);
    assert.equal(h.logs.filter((l) => l.includes("edited question unchanged")).length, 3);
    await h.handle(h.fake.edited(original, "火星上有没有水？"));
    await h.handle(h.fake.edited(original, Q));
    assert.deepEqual(h.engine.calls.map((c) => c.question), [Q, "火星上有没有水？", Q], "a changed question is answered, and changing it back is a change too");
    assert.ok(!h.logs.some((l) => l.includes('"level":"error"')), h.logs.join("\n"));
  }

  it("does not answer again an edit that leaves the question's text as it was (formatting, spacing)", async () => {
    h = await setup();
    await unchangedEditsAreNotAnsweredAgain();
  });

  it("does not answer again an edit that only adds or removes the closing question mark or full stop", async () => {
    h = await setup();
    const bare = Q.replace(/？$/, "");
    const original = h.fake.privateText(bare);
    await h.handle(original);
    await h.handle(h.fake.edited(original, Q));
    await h.handle(h.fake.edited(original, `${bare}?`));
    await h.handle(h.fake.edited(original, `${bare}。`));
    assert.deepEqual(h.engine.calls.map((c) => c.question), [bare]);
    assert.equal(h.fake.sent().length, 1);
    await h.handle(h.fake.edited(original, `${bare}吗？`));
    assert.equal(h.engine.calls.length, 2, "a changed word is a changed question");
  });

  it("remembers what it answered in Redis too, when the state lives there", async (t) => {
    const url = testRedisUrl(t);
    if (!url) return;
    const state = redisState({ url, prefix: uniquePrefix("unchanged-edit"), logger: createMemoryLogger(), sessionTtlSeconds: 60 });
    try {
      for (let i = 0; i < 200 && !state.health().ok; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      h = await setup({ deps: { state } });
      await unchangedEditsAreNotAnsweredAgain();
    } finally {
      await state.close();
    }
  });

  it("replies politely when the engine fails, and keeps serving other updates", async () => {
    h = await setup({ engine: { failOn: (q) => (q.includes("爆炸") ? new Error("index exploded") : undefined) } });
    await h.handle(h.fake.privateText("爆炸问题是什么？"));
    await h.handle(h.fake.privateText(Q));
    const sends = h.fake.sent();
    assert.match(sends[0]!.payload.text, /出错了/);
    assert.match(sends[1]!.payload.text, /26所/);
    assert.ok(h.logs.some((l) => l.includes('"level":"error"') && l.includes("index exploded") && l.includes('"update_id"')));
  });

  it("maps the engine's QUESTION_TOO_LONG to the too-long message", async () => {
    h = await setup({ engine: { failOn: () => new AppError("QUESTION_TOO_LONG", "too long") } });
    await h.handle(h.fake.privateText("What is this about?"));
    assert.match(h.fake.sent()[0]!.payload.text, /too long/);
  });
});

describe("asking in groups", () => {
  it("stays silent for messages not addressed to the bot", async () => {
    h = await setup();
    await h.handle(h.fake.groupText(Q));
    await h.handle(h.fake.groupText(`@someone_else ${Q}`));
    await h.handle(h.fake.groupText(`/ask@other_bot ${Q}`));
    assert.deepEqual(h.fake.outgoing(), []);
    assert.equal(h.engine.calls.length, 0);
  });

  it("answers an @mention, without the mention in the question, replying to the asker", async () => {
    h = await setup();
    const update = h.fake.groupText(`@${h.fake.botInfo.username} ${Q}`);
    await h.handle(update);
    assert.deepEqual(h.engine.calls.map((c) => c.question), [Q]);
    const reply = h.fake.sent()[0]!;
    assert.equal(reply.payload.chat_id, update.message!.chat.id);
    assert.equal(reply.payload.reply_parameters.message_id, update.message!.message_id);
  });

  it("answers a reply to one of its messages", async () => {
    h = await setup();
    const chat = h.fake.groupChat();
    await h.handle(h.fake.groupText(`/ask ${Q}`, { chat }));
    const botMessage = h.fake.botMessages(chat.id)[0]!;
    await h.handle(h.fake.groupText("上海有多少所中小学接入数字基座？", { chat, replyTo: botMessage }));
    assert.equal(h.engine.calls.length, 2);
    assert.match(h.fake.sent(chat.id)[1]!.payload.text, /1600所/);
  });

  it("answers /ask and /ask@bot, and gives a usage hint for /ask without text", async () => {
    h = await setup();
    const chat = h.fake.groupChat();
    await h.handle(h.fake.groupText(`/ask ${Q}`, { chat }));
    await h.handle(h.fake.groupText(`/ask@${h.fake.botInfo.username} ${Q}`, { chat }));
    await h.handle(h.fake.groupText("/ask", { chat }));
    const sends = h.fake.sent(chat.id);
    assert.equal(h.engine.calls.length, 2);
    assert.match(sends[2]!.payload.text, /用法：\/ask 你的问题|Usage: \/ask/);
  });

  it("answers the message /ask replies to, replying to the /ask; not its own message", async () => {
    h = await setup();
    const chat = h.fake.groupChat();
    const question = h.fake.groupText(Q, { chat });
    await h.handle(question);
    assert.equal(h.engine.calls.length, 0, "not addressed to the bot");
    const ask = h.fake.groupText("/ask", { chat, replyTo: question.message! });
    await h.handle(ask);
    assert.deepEqual(h.engine.calls.map((c) => c.question), [Q]);
    const [answer] = h.fake.sent(chat.id);
    assert.equal(answer!.payload.reply_parameters.message_id, ask.message!.message_id);
    assert.match(answer!.payload.text, /26所/);
    const own = h.fake.botMessages(chat.id).at(-1)!;
    await h.handle(h.fake.groupText("/ask", { chat, replyTo: own }));
    assert.equal(h.engine.calls.length, 1, "the bot's own answer is no question");
    assert.match(h.fake.sent(chat.id).at(-1)!.payload.text, /用法：\/ask 你的问题|Usage: \/ask/);
  });

  it("hints when the bot is mentioned with no question", async () => {
    h = await setup();
    await h.handle(h.fake.groupText(`@${h.fake.botInfo.username}`));
    assert.equal(h.engine.calls.length, 0);
    assert.equal(h.fake.sent().length, 1);
  });

  it("ignores messages from other bots", async () => {
    h = await setup();
    const chat = h.fake.groupChat();
    await h.handle(h.fake.groupText(`@${h.fake.botInfo.username} ${Q}`, { chat, user: h.fake.user({ isBot: true }) }));
    assert.deepEqual(h.fake.outgoing(), []);
  });
});

describe("follow-up questions", () => {
  const first = "北京市2023年新增了多少个实践教学基地？";

  it("passes the previous question and its citations as context to a follow-up", async () => {
    h = await setup();
    const user = h.fake.user();
    await h.handle(h.fake.privateText(first, { user }));
    await h.handle(h.fake.privateText("那2022年呢？", { user }));
    assert.deepEqual(h.engine.contextQuestions, [undefined, first]);
    const cited = h.engine.answers[0]!.citations.map((c) => ({ chunkId: c.chunkId, source: c.source }));
    assert.deepEqual(h.engine.contexts[1], { question: first, citations: cited });
    assert.equal(h.engine.answers[1]!.followUp, true);
    assert.match(h.fake.sent()[1]!.payload.text, /2022年，北京市建设了100个大思政课实践教学基地/);
  });

  it("keeps the original question as context across a chain of follow-ups", async () => {
    h = await setup();
    const user = h.fake.user();
    await h.handle(h.fake.privateText(first, { user }));
    await h.handle(h.fake.privateText("那2022年呢？", { user }));
    await h.handle(h.fake.privateText("那2021年呢？", { user }));
    assert.deepEqual(h.engine.contextQuestions, [undefined, first, first]);
  });

  it("answers a self-contained question alone (the engine decides) and starts a new chain from it", async () => {
    h = await setup();
    const user = h.fake.user();
    await h.handle(h.fake.privateText(first, { user }));
    await h.handle(h.fake.privateText("上海有多少所中小学接入数字基座？", { user }));
    await h.handle(h.fake.privateText("那2022年呢？", { user }));
    assert.equal(h.engine.answers[1]!.followUp, undefined);
    assert.deepEqual(h.engine.contextQuestions, [undefined, first, "上海有多少所中小学接入数字基座？"]);
  });

  it("keeps memory per chat", async () => {
    h = await setup();
    await h.handle(h.fake.privateText(first));
    await h.handle(h.fake.privateText("那2022年呢？"));
    assert.deepEqual(h.engine.contexts, [undefined, undefined]);
  });

  for (const type of ["group", "supergroup"] as const) {
    it(`keeps memory per member in a ${type}: another member's elliptic question is not a follow-up of the first's`, async () => {
      h = await setup();
      const chat = h.fake.groupChat(undefined, type);
      const [a, b] = [h.fake.user(), h.fake.user()];
      const mention = `@${h.fake.botInfo.username}`;
      await h.handle(h.fake.groupText(`${mention} ${first}`, { chat, user: a }));
      await h.handle(h.fake.groupText(`${mention} 那2022年呢？`, { chat, user: b }));
      await h.handle(h.fake.groupText(`${mention} 那2021年呢？`, { chat, user: a }));
      assert.deepEqual(h.engine.contextQuestions, [undefined, undefined, first]);
    });
  }

  async function storesUnderChatOrMemberKeys(state: BotState): Promise<void> {
    h = await setup({ deps: { state } });
    const user = h.fake.user();
    const chat = h.fake.groupChat();
    await h.handle(h.fake.privateText(first, { user }));
    await h.handle(h.fake.groupText(`@${h.fake.botInfo.username} ${Q}`, { chat, user }));
    const stored = async (key: string) => ((await state.sessions.read(key)) as ChatSession | undefined)?.conversation?.question;
    assert.equal(await stored(`${user.id}`), first);
    assert.equal(await stored(`${chat.id}:${user.id}`), Q);
    assert.equal(await stored(`${chat.id}`), undefined);
  }

  it("stores a private chat's memory under the chat id, and a group member's under <chat id>:<user id>", () => storesUnderChatOrMemberKeys(memoryState()));

  it("keeps those keys in Redis too, when the state lives there", async (t) => {
    const url = testRedisUrl(t);
    if (!url) return;
    const state = redisState({ url, prefix: uniquePrefix("member-sessions"), logger: createMemoryLogger(), sessionTtlSeconds: 60 });
    try {
      for (let i = 0; i < 200 && !state.health().ok; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      await storesUnderChatOrMemberKeys(state);
    } finally {
      await state.close();
    }
  });

  it("forgets the previous question after the session TTL", async () => {
    h = await setup({ env: { CITEBOT_SESSION_TTL_S: "1" } });
    const user = h.fake.user();
    await h.handle(h.fake.privateText(first, { user }));
    await new Promise((r) => setTimeout(r, 1100));
    await h.handle(h.fake.privateText("那2022年呢？", { user }));
    assert.deepEqual(h.engine.contexts, [undefined, undefined]);
  });
});

describe("rate limit", () => {
  it("allows CITEBOT_RATE_LIMIT questions per minute, then tells the user once", async () => {
    h = await setup({ env: { CITEBOT_RATE_LIMIT: "2" } });
    const user = h.fake.user();
    for (let i = 0; i < 4; i++) await h.handle(h.fake.privateText(Q, { user }));
    assert.equal(h.engine.calls.length, 2);
    const sends = h.fake.sent();
    assert.equal(sends.length, 3, "two answers and one notice");
    assert.match(sends[2]!.payload.text, /提问有点频繁，请 \d+ 秒后再试/);
  });

  it("limits each user separately and exempts admins", async () => {
    const admin = 777;
    h = await setup({ env: { CITEBOT_RATE_LIMIT: "1", CITEBOT_ADMIN_IDS: String(admin) } });
    const a = h.fake.user();
    const b = h.fake.user();
    const boss = h.fake.user({ id: admin });
    for (const user of [a, b, boss, boss, boss]) await h.handle(h.fake.privateText(Q, { user }));
    assert.equal(h.engine.calls.length, 5);
  });
});

describe("engine wiring", () => {
  it("shows the document title from sources(), not only the file name", async () => {
    const engine = new FakeEngine({ docs: [BEIJING] });
    h = await setup({ engine });
    await h.handle(h.fake.privateText(Q));
    assert.match(h.fake.sent()[0]!.payload.text, /北京市深入实施时代新人铸魂工程 <i>\(beijing-2023\.txt\)<\/i>/);
  });
});

describe("engine wiring", () => {
  it("asks an engine that does not stream without onPartial, and answers in one message", async () => {
    h = await setup();
    await h.handle(h.fake.privateText(Q));
    assert.equal(h.engine.calls[0]!.options?.onPartial, undefined, "so CITEBOT_ENGINE_THREAD can answer it on the worker");
    assert.equal(h.fake.sent().length, 1);
    assert.equal(h.fake.callsOf("editMessageText").length, 0);
  });
});

describe("streaming LLM answers", () => {
  const DOC = [
    "北京市教育概况",
    "2023年，北京市共有普通高校92所，在校学生约60万人。全市义务教育阶段学校1600余所，专任教师约15万人。",
    "北京市推进教育数字化，建设了覆盖全市中小学的智慧教育平台，教师使用率超过90%。",
  ].join("\n\n");
  const QUESTION = "北京有多少所普通高校？";
  const SHORT = "北京市共有「普通高校92所」[1]。";
  const LONG =
    "根据文档，2023年北京市共有「普通高校92所」[1]，在校学生约60万人[1]。" +
    "全市义务教育阶段学校1600余所，专任教师约15万人[1]。" +
    "北京市还推进教育数字化，建设了覆盖全市中小学的智慧教育平台[1]，教师使用率超过90%[1]。";
  const STREAM_EDIT_MS = 100;

  let server: FakeModelServer;
  let engine: Engine;
  /** The same index without an LLM: what the bot answers when the LLM is unavailable. */
  let extractiveEngine: Engine;
  let reply = SHORT;
  let fake: FakeTelegram | undefined;
  before(async () => {
    // 10 ms between chunks of 3 characters: LONG streams for about half a second.
    server = await startFakeModelServer({ reply: () => reply, chunkDelayMs: 10 });
    const { corpus, index } = await workspace({ "beijing.txt": DOC });
    const env = { CITEBOT_LLM: "openai", CITEBOT_LLM_MODEL: "fake-llm", OPENAI_BASE_URL: server.openaiUrl, OPENAI_API_KEY: "sk-test" };
    engine = await openEngine(createApp(parseConfig({ corpus, index }, env), createMemoryLogger(), () => {}, { analyzer: analyzer() }));
    extractiveEngine = await openEngine(createApp(parseConfig({ corpus, index }, {}), createMemoryLogger(), () => {}, { analyzer: analyzer() }));
  });
  after(() => server.close());
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  function script(text: string, ...faults: Fault[]): void {
    reply = text;
    server.faults.length = 0;
    server.faults.push(...faults);
  }

  /** A bot on the LLM engine; `streamEditMs` below Telegram's pace keeps the tests short. */
  async function llmBot(streamEditMs = STREAM_EDIT_MS, qa: QaEngine = engine) {
    fake ??= await FakeTelegram.start();
    const config = { ...configFor(fake), streamEditMs };
    return createBot(config, { engine: qa, logger: createMemoryLogger("debug"), botInfo: fake.botInfo });
  }

  /** Asks in a new private chat; returns that chat's sends and edits, and what its answer finally shows. */
  async function ask(bot: Bot<BotContext>, question = QUESTION, update = fake!.privateText(question)) {
    const chat = update.message!.chat.id;
    const started = Date.now();
    await bot.handleUpdate(update);
    const sends = fake!.sent(chat);
    const edits = fake!.callsOf("editMessageText").filter((c) => c.payload.chat_id === chat);
    const final = edits.filter((c) => c.ok).at(-1) ?? sends[0]!;
    return { started, sends, edits, final, asking: update.message!.message_id };
  }

  /** The same question answered without streaming, for "the final message is exactly the normal reply". */
  async function normalReply(question = QUESTION) {
    const { sends, edits } = await ask(await llmBot(0), question);
    assert.equal(edits.length, 0);
    assert.equal(sends.length, 1);
    return sends[0]!.payload;
  }

  const notModified = () => fake!.calls.filter((c) => /not modified/.test(c.error?.description ?? ""));

  it("shows the answer as it is written in one message, edited at most once per interval, ending as the normal reply with citations and buttons", async () => {
    script(LONG);
    const { started, sends, edits, final, asking } = await ask(await llmBot());
    const [streamed, ...others] = sends;
    assert.equal(others.length, 0, "one message");
    assert.equal(streamed!.payload.reply_parameters.message_id, asking);
    assert.equal(streamed!.payload.reply_markup, undefined);
    for (const shown of [streamed!, ...edits.slice(0, -1)]) assert.ok(LONG.startsWith(shown.plainText!), `partial text shown: ${shown.plainText}`);
    const elapsed = final.at - started;
    assert.ok(edits.length <= Math.floor(elapsed / STREAM_EDIT_MS) + 1, `${edits.length} edits in ${elapsed} ms`);
    assert.deepEqual(notModified(), []);

    const normal = await normalReply();
    assert.equal(final.payload.text, normal.text);
    assert.deepEqual(final.payload.reply_markup, normal.reply_markup);
    assert.equal(final.payload.parse_mode, "HTML");
    assert.match(final.plainText!, /\[1\][\s\S]*📚/, "[n] markers, then the citations");
    assert.ok(normal.reply_markup.inline_keyboard.flat().length >= 1, "one button per citation");
  });

  it("ends as the extractive answer when the LLM fails mid-stream or its citations do not verify", async () => {
    const extractive = (await ask(await llmBot(STREAM_EDIT_MS, extractiveEngine))).sends[0]!.payload;
    for (const [name, text, faults] of [
      ["a broken stream", SHORT, [{ kind: "malformed" }]],
      ["an unverifiable quote", "北京市共有「普通高校100所」[1]。", []],
    ] as const) {
      script(text, ...faults);
      const { sends, final } = await ask(await llmBot());
      assert.equal(sends.length, 1, name);
      assert.notEqual(sends[0]!.plainText, final.plainText, `${name}: the LLM's text was shown, then replaced`);
      assert.equal(final.payload.text, extractive.text, name);
      assert.deepEqual(final.payload.reply_markup, extractive.reply_markup, name);
    }
    assert.deepEqual(notModified(), []);
  });

  it("ends as the not-found reply when the LLM writes text and then refuses", async () => {
    script("这些段落没有提到相关内容。NO_ANSWER");
    const { sends, edits, final } = await ask(await llmBot());
    assert.equal(sends.length, 1);
    assert.ok(edits.length >= 1);
    assert.match(final.plainText!, /文档中没有找到能回答这个问题的内容/);
    assert.equal(final.payload.reply_markup, undefined);
  });

  it("sends the finished answer only, without streaming, when CITEBOT_STREAM_EDIT_MS is 0", async () => {
    script(SHORT);
    server.requests.length = 0;
    const { sends, edits } = await ask(await llmBot(0));
    assert.equal(sends.length, 1);
    assert.equal(edits.length, 0);
    assert.equal(server.requests[0]!.body.stream, false);
  });

  it("respects retry_after when an edit is throttled", async () => {
    script(LONG);
    const bot = await llmBot();
    fake!.rateLimitNext("editMessageText", 1);
    const { edits, final } = await ask(bot);
    const [limited, ...later] = edits;
    assert.equal(limited!.error?.error_code, 429);
    for (const e of later) assert.ok(e.at - limited!.at >= 1000, `an edit ${e.at - limited!.at} ms after the 429`);
    assert.equal(final.payload.text, (await normalReply()).text);
  });

  it("edits at most once every 3 s in a group (20 messages a minute)", async () => {
    script(LONG);
    const bot = await llmBot();
    const group = fake!.groupChat();
    const { started, sends, edits, final } = await ask(bot, undefined, fake!.groupText(`/ask ${QUESTION}`, { chat: group }));
    assert.equal(sends.length, 1);
    assert.ok(edits.length <= Math.floor((final.at - started) / 3000) + 1, `${edits.length} edits in ${final.at - started} ms`);
  });
});

describe("small talk in a private chat, on the real engine", () => {
  let engine: Engine;
  let fake: FakeTelegram | undefined;
  before(async () => {
    engine = await openEngine(createApp(parseConfig({ corpus: BUNDLED_CORPUS, index: tempDir() }, {}), createMemoryLogger(), () => {}, { analyzer: analyzer() }));
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  for (const [message, expected] of [["你好", /^你好！我根据已索引的文档回答问题/], ["hello", /^Hello! I answer questions about the indexed documents/], ["謝謝", /^不客氣！我根據已索引的文件回答問題/]] as const) {
    it(`answers ${message} with what the bot does and example questions: no citation, no "not found"`, async () => {
      fake = await FakeTelegram.start();
      const bot = createBot(configFor(fake), { engine, logger: createMemoryLogger("debug"), botInfo: fake.botInfo });
      await bot.handleUpdate(fake.privateText(message));
      const [reply, ...rest] = fake.sent();
      assert.equal(rest.length, 0);
      const shown = reply!.plainText!;
      assert.match(shown, expected);
      const examples = engine.exampleQuestions(2);
      assert.equal(examples.length, 2);
      for (const example of examples) assert.ok(shown.includes(example), `${shown} offers ${example}`);
      assert.doesNotMatch(shown, /\[1\]|🤷/);
      assert.equal(reply!.payload.reply_markup, undefined);
    });
  }
});
