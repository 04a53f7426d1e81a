/**
 * Issue 6.4: security of the Telegram bot — the token never reaches logs or
 * errors, the allowlist is checked before any retrieval work, the webhook
 * secret is required, per-user limits on jobs in flight, and no absolute
 * server path in anything sent. (Escaping, callback validation, question
 * length and rate limits are covered in test/telegram/**.)
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, it } from "node:test";
import { inspect } from "node:util";
import type { Update } from "grammy/types";
import { openEngine } from "../../src/app.js";
import { AppError } from "../../src/errors.js";
import { createMemoryLogger } from "../../src/log.js";
import { createBot } from "../../src/telegram/bot.js";
import { runBot, type BotRuntime } from "../../src/telegram/run.js";
import type { QaEngine } from "../../src/types.js";
import { FakeEngine } from "../helpers/fake-engine.js";
import { FakeTelegram, type ApiCall } from "../helpers/fake-telegram.js";
import { testApp, workspace } from "../helpers/workspace.js";
import { configFor, FAST_NETWORK_RETRY_MS, POLLING_ENV, setup, type Harness } from "../telegram/harness.js";

const Q = "北京有多少所高校试点开设思政选修课？";
const Q2 = "上海有多少所中小学接入数字基座？";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: Harness | undefined;
let fake: FakeTelegram | undefined;
let runtime: BotRuntime | undefined;
afterEach(async () => {
  await runtime?.stop().catch(() => {});
  runtime = undefined;
  await fake?.close();
  fake = undefined;
  await h?.close();
  h = undefined;
});

/** Everything the bot sent to Telegram that a user could see. */
function visibleText(calls: readonly ApiCall[]): string {
  return calls
    .filter((c) => !["getMe", "getUpdates", "deleteWebhook", "setWebhook", "setMyCommands"].includes(c.method))
    .map((c) => JSON.stringify(c.payload))
    .join("\n");
}

describe("the bot token never appears in logs or errors", () => {
  const TOKEN = "424242424:SECRET-token_never-in-logs-0123456789";
  const secretPart = TOKEN.split(":")[1]!;
  const leaks = (text: string) => text.includes(secretPart) || text.includes(encodeURIComponent(TOKEN));

  it("network errors (server gone mid-run): logs and every error thrown by a Bot API call are clean", async () => {
    fake = await FakeTelegram.start({ token: TOKEN, maxPollWaitMs: 300 });
    const f = fake;
    const logger = createMemoryLogger("debug"); // no redaction: a leak would show
    const config = configFor(f, POLLING_ENV);
    const bot = createBot(config, { engine: new FakeEngine({ delayMs: 150 }), logger, networkRetryDelaysMs: [5, 5], typingDelayMs: 0 });
    // Outermost transformer: sees each error exactly as the bot's code (and any crash report) would.
    const errors: unknown[] = [];
    bot.api.config.use(async (prev, method, payload, signal) => {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        errors.push(error);
        throw error;
      }
    });
    runtime = await runBot(config, { engine: new FakeEngine(), logger, bot, handleSignals: false });
    f.enqueue(f.privateText(Q));
    await f.waitFor(() => f.callsOf("sendChatAction").length === 1);
    // Mid-answer the API disappears: the answer, the apology and polling all fail on the network.
    f.resetNext("sendMessage", 10);
    await sleep(250);
    await f.close();
    fake = undefined;
    await sleep(100);
    await runtime.stop();
    runtime = undefined;

    assert.ok(logger.lines.some((l) => l.includes('"layer":"network"')), "network failures were logged");
    assert.ok(errors.length >= 2, `errors seen: ${errors.length}`);
    for (const line of logger.lines) assert.ok(!leaks(line), `token in log: ${line}`);
    for (const error of errors) {
      const shown = inspect(error, { depth: 10, showHidden: true });
      assert.ok(!leaks(shown), `token in error: ${shown.slice(0, 500)}`);
      assert.ok(!leaks(String((error as Error).stack)));
    }
    // The HTTP client's own error does quote the request URL; it arrives scrubbed.
    assert.ok(errors.some((e) => /bot\*\*\*\/sendMessage|\*\*\*/.test(inspect(e, { depth: 10 }))), "the scrubbed URL is still recognisable");
  });

  it("401 (token revoked while running): polling stops with a clean error and clean logs", async () => {
    fake = await FakeTelegram.start({ token: TOKEN, maxPollWaitMs: 300 });
    const logger = createMemoryLogger("debug");
    runtime = await runBot(configFor(fake, POLLING_ENV), { engine: new FakeEngine(), logger, handleSignals: false, networkRetryDelaysMs: FAST_NETWORK_RETRY_MS });
    fake.failNext("getUpdates", { error_code: 401, description: "Unauthorized" }, 5);
    fake.enqueue(fake.privateText(Q)); // ends the current long poll
    const error = await runtime.done.then(
      () => assert.fail("polling should fail"),
      (e: unknown) => e,
    );
    runtime = undefined;
    assert.match(String(error), /401/);
    assert.ok(!leaks(inspect(error, { depth: 10, showHidden: true })));
    assert.ok(logger.lines.some((l) => l.includes("polling failed")));
    for (const line of logger.lines) assert.ok(!leaks(line), `token in log: ${line}`);
  });

  it("a webhook path that contains the token is not logged", async () => {
    fake = await FakeTelegram.start({ token: TOKEN });
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const logger = createMemoryLogger("debug");
    const config = configFor(fake, {
      CITEBOT_WEBHOOK_URL: `http://127.0.0.1:${port}/${TOKEN}`,
      CITEBOT_WEBHOOK_SECRET: "hook_secret",
      CITEBOT_WEBHOOK_HOST: "127.0.0.1",
      CITEBOT_WEBHOOK_PORT: String(port),
    });
    runtime = await runBot(config, { engine: new FakeEngine(), logger, handleSignals: false });
    assert.ok(logger.lines.some((l) => l.includes("webhook server listening")));
    for (const line of logger.lines) assert.ok(!leaks(line), `token in log: ${line}`);
  });

  it("the CLI (`citebot bot --debug`) with a rejected token exits with a clean message on stderr", async () => {
    fake = await FakeTelegram.start(); // knows another token: every call gets 401
    const ws = await workspace({ "doc.txt": "测试文档\n\n北京市推动全市高校全覆盖开设思想概论必修课，26所高校试点开设思政选修课。\n" });
    const cli = path.resolve(import.meta.dirname, "../../src/cli/main.js");
    const child = spawn(process.execPath, [cli, "bot", "--corpus", ws.corpus, "--index", ws.index, "--debug"], {
      env: { PATH: process.env.PATH ?? "", HOME: ws.root, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, CITEBOT_LOG_LEVEL: "debug" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.notEqual(code, 0);
    assert.match(out, /401|Unauthorized/);
    assert.ok(!leaks(out), `token on stderr: ${out}`);
  });
});

describe("the allowlist is enforced before any retrieval work", () => {
  it("a stranger's messages, commands, edits, button presses and inline queries never touch the engine", async () => {
    h = await setup({ env: { CITEBOT_ALLOWED_IDS: "1001" } });
    const engine = h.engine;
    // Count every engine method, not just ask(): /start (examples), /sources and buttons (passage) are retrieval too.
    const touched: string[] = [];
    for (const name of ["ask", "sources", "passage", "exampleQuestions"] as const) {
      const original = engine[name].bind(engine) as (...args: unknown[]) => unknown;
      (engine as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        touched.push(name);
        return original(...args);
      };
    }
    // A real button, from an allowed user's answer.
    const friend = h.fake.user({ id: 1001 });
    await h.handle(h.fake.privateText(Q, { user: friend }));
    const answer = h.fake.botMessages(friend.id).at(-1)! as { reply_markup?: { inline_keyboard: { callback_data: string }[][] } };
    const data = answer.reply_markup!.inline_keyboard[0]![0]!.callback_data;
    touched.length = 0;
    h.fake.clearCalls();

    const stranger = h.fake.user({ languageCode: "zh" });
    const group = h.fake.groupChat(-100777);
    const asked = h.fake.privateText(Q, { user: stranger });
    // The stranger got the answer forwarded (buttons and all) and presses its button in their own chat.
    const forwarded = { ...answer, chat: h.fake.privateChat(stranger) };
    const updates: Update[] = [
      asked,
      h.fake.edited(asked, Q2),
      h.fake.privateText("/start", { user: stranger }),
      h.fake.privateText("/sources", { user: stranger }),
      h.fake.privateText("/ask " + Q, { user: stranger }),
      h.fake.groupText(`/ask ${Q}`, { chat: group, user: stranger }),
      h.fake.groupText(`@${h.fake.botInfo.username} ${Q}`, { chat: group, user: stranger }),
      h.fake.callback(data, { message: forwarded as never, user: stranger }),
      h.fake.callback(data, { user: stranger }), // the same button on an inline-mode message
      h.fake.inline(Q, { user: stranger }),
    ];
    for (const u of updates) await h.handle(u);
    assert.deepEqual(touched, [], "no engine method was called");
    assert.deepEqual(h.fake.callsOf("sendChatAction"), [], "no typing indicator: no work started");
    // What the stranger did get: one refusal per chat (not per message), a toast per button, an empty inline answer.
    assert.equal(h.fake.sent().length, 2);
    assert.ok(h.fake.sent().every((c) => /只对授权的用户和群组开放/.test(c.plainText!)));
    assert.equal(h.fake.callsOf("answerCallbackQuery").length, 2);
    assert.deepEqual(h.fake.callsOf("answerInlineQuery")[0]!.payload.results, []);
  });
});

describe("the webhook secret", () => {
  it("is required: wrong values of the same length, other lengths, case variants and a missing header get 401 and no work", async () => {
    fake = await FakeTelegram.start();
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const secret = "Webhook_Secret-0123456789";
    const engine = new FakeEngine();
    const logger = createMemoryLogger("debug");
    const config = configFor(fake, {
      CITEBOT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      CITEBOT_WEBHOOK_SECRET: secret,
      CITEBOT_WEBHOOK_HOST: "127.0.0.1",
      CITEBOT_WEBHOOK_PORT: String(port),
    });
    runtime = await runBot(config, { engine, logger, handleSignals: false });
    const wrong = [
      secret.slice(0, -1) + "X", // same length, last character differs
      "X" + secret.slice(1), // same length, first character differs
      secret.toLowerCase(),
      secret.slice(0, -1),
      secret + "0",
      secret.repeat(40),
      "",
      null,
    ];
    for (const s of wrong) assert.equal(await fake.deliverWebhook(fake.privateText(Q), { secret: s }), 401, `secret ${JSON.stringify(s)}`);
    await sleep(30);
    assert.equal(engine.calls.length, 0);
    assert.deepEqual(fake.outgoing(), []);
    for (const line of logger.lines) assert.ok(!line.includes(secret), "the secret is never logged");
    assert.equal(await fake.deliverWebhook(fake.privateText(Q)), 200);
    await fake.waitFor(() => fake!.sent().length === 1);
  });
});

describe("per-user limit on questions in flight", () => {
  it("a user asking in three chats at once gets two answers and a polite request to wait; afterwards asking works again", async () => {
    h = await setup({ engine: { delayMs: 150 } });
    const user = h.fake.user({ languageCode: "zh" });
    const other = h.fake.user();
    const [g1, g2] = [h.fake.groupChat(), h.fake.groupChat()];
    const first = [
      h.fake.privateText(Q, { user }),
      h.fake.groupText(`/ask ${Q}`, { chat: g1, user }),
      h.fake.groupText(`/ask ${Q2}`, { chat: g2, user }),
      h.fake.privateText(Q, { user: other }),
    ];
    await Promise.all(first.map((u) => h!.handle(u)));
    assert.equal(h.engine.calls.length, 3, "two for the user, one for someone else");
    const busy = h.fake.sent(g2.id);
    assert.equal(busy.length, 1);
    assert.match(busy[0]!.plainText!, /你已有 2 个问题正在回答中，请等这些回答发出后再问/);
    assert.equal(busy[0]!.payload.reply_parameters.message_id, first[2]!.message!.message_id);
    assert.match(h.fake.sent(user.id)[0]!.plainText!, /26所/);

    await h.handle(h.fake.groupText(`/ask ${Q2}`, { chat: g2, user }));
    assert.equal(h.engine.calls.length, 4);
    assert.match(h.fake.sent(g2.id).at(-1)!.plainText!, /1600所/);
  });

  it("inline queries share the budget; admins are exempt; 0 turns the limit off", async () => {
    h = await setup({ engine: { delayMs: 100 }, env: { CITEBOT_ADMIN_IDS: "4242" } });
    const user = h.fake.user({ languageCode: "en" });
    await Promise.all([h.handle(h.fake.privateText(Q, { user })), h.handle(h.fake.inline(Q, { user })), h.handle(h.fake.inline(Q2, { user }))]);
    assert.equal(h.engine.calls.length, 2);
    const inline = h.fake.callsOf("answerInlineQuery");
    const refused = inline.filter((c) => c.payload.results.length === 0);
    assert.equal(refused.length, 1);
    assert.match(refused[0]!.payload.button.text, /上一个问题还在处理中/);

    const admin = h.fake.user({ id: 4242 });
    const chats = [h.fake.groupChat(), h.fake.groupChat(), h.fake.groupChat()];
    await Promise.all(chats.map((chat) => h!.handle(h!.fake.groupText(`/ask ${Q}`, { chat, user: admin }))));
    assert.equal(h.engine.calls.length, 5);
    await h.close();

    h = await setup({ engine: { delayMs: 50 }, env: { CITEBOT_MAX_JOBS_PER_USER: "0" } });
    const u = h.fake.user();
    const more = [h.fake.groupChat(), h.fake.groupChat(), h.fake.groupChat(), h.fake.groupChat()];
    await Promise.all(more.map((chat) => h!.handle(h!.fake.groupText(`/ask ${Q}`, { chat, user: u }))));
    assert.equal(h.engine.calls.length, 4);
  });
});

describe("no absolute server paths in anything sent", () => {
  it("/sources, /start, answers, passages, inline results and failures, with the real engine over a temp corpus", async () => {
    const ws = await workspace({
      "学校/北京教育简报.txt":
        "北京市教育工作简报\n\n北京市推动全市高校全覆盖开设思想概论必修课，26所高校试点开设思政选修课，切实提升思政课教学质量。\n\n2023年，北京市新增50个大思政课实践教学基地。\n",
      "notes.md": "# Shanghai notes\n\nShanghai connected 1600 schools to its digital platform in 2023.\n",
      "无标题.txt": "上海市全市共有1600所中小学接入数字基座，教师使用率超过90%。\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    // A failing engine whose error messages do contain server paths: users must see none of it.
    const indexFile = path.join(ws.index, "chunks.bin");
    const broken: QaEngine = {
      ask: async () => {
        throw new AppError("INDEX_CORRUPT", `${indexFile} is truncated; run citebot index --corpus ${ws.corpus}`);
      },
      sources: () => {
        throw new Error(`ENOENT: no such file or directory, open '${indexFile}'`);
      },
      passage: () => undefined,
      exampleQuestions: () => [],
    };

    for (const [label, qa] of [["real engine", engine], ["failing engine", broken]] as const) {
      const f = await FakeTelegram.start();
      try {
        const config = configFor(f, { CITEBOT_ADMIN_IDS: "777" });
        const bot = createBot(config, { engine: qa, logger: createMemoryLogger("silent"), botInfo: f.botInfo });
        const zh = f.user({ languageCode: "zh" });
        const en = f.user({ languageCode: "en" });
        const admin = f.user({ id: 777, languageCode: "en" });
        for (const u of [
          f.privateText("/start", { user: zh }),
          f.privateText("/sources", { user: zh }),
          f.privateText("/sources", { user: en }),
          f.privateText("/help", { user: en }),
          f.privateText("多少所高校试点开设思政选修课？", { user: zh }),
          f.privateText("How many schools did Shanghai connect?", { user: en }),
          f.privateText("明天北京的天气怎么样？", { user: zh }),
          f.privateText("/stats", { user: admin }),
          f.inline("多少所高校试点开设思政选修课？", { user: zh }),
        ]) {
          await bot.handleUpdate(u);
        }
        for (const message of f.botMessages()) {
          const buttons = (message as { reply_markup?: { inline_keyboard: { callback_data?: string }[][] } }).reply_markup?.inline_keyboard.flat() ?? [];
          for (const b of buttons) if (b.callback_data) await bot.handleUpdate(f.callback(b.callback_data, { message, user: zh }));
        }
        const shown = visibleText(f.calls);
        if (label === "real engine") {
          assert.match(shown, /北京教育简报\.txt|北京市教育工作简报/, "/sources listed the documents");
          assert.match(shown, /26所/, "a question was answered");
          assert.ok(f.callsOf("answerCallbackQuery").length > 0, "a citation button was pressed");
        } else {
          assert.match(shown, /出错了|went wrong/, "failures were reported");
        }
        for (const root of [ws.root, ws.corpus, ws.index, os.tmpdir(), os.homedir(), process.cwd()]) {
          assert.ok(!shown.includes(root), `${label}: ${root} appears in: ${shown.slice(Math.max(0, shown.indexOf(root) - 200), shown.indexOf(root) + 100)}`);
        }
        assert.doesNotMatch(shown, /(?:^|[\s"'(（:：])\/(?:tmp|home|root|var|usr|etc|Users|private|work)\//, `${label}: no absolute path`);
      } finally {
        await f.close();
      }
    }
  });
});
