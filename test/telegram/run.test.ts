import assert from "node:assert/strict";
import { request } from "node:http";
import { afterEach, describe, it } from "node:test";
import { UsageError } from "../../src/errors.js";
import { createMemoryLogger } from "../../src/log.js";
import { memoryState } from "../../src/state/memory.js";
import { runBot, type BotRuntime } from "../../src/telegram/run.js";
import { FakeEngine } from "../helpers/fake-engine.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";
import { configFor } from "./harness.js";
import { freePort } from "../helpers/net.js";

const Q1 = "北京有多少所高校试点开设思政选修课？";
const Q2 = "上海有多少所中小学接入数字基座？";

let fake: FakeTelegram | undefined;
let runtime: BotRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  await fake?.close();
  fake = undefined;
});

/** POSTs a raw body to the webhook like Telegram would (JSON content type, secret header); returns the status. */
function postRaw(port: number, path: string, secret: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    })
      .on("error", reject)
      .end(body);
  });
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("long polling", () => {
  it("answers queued updates, registers command menus and removes a webhook first", async () => {
    fake = await FakeTelegram.start();
    const engine = new FakeEngine();
    runtime = await runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine, logger: createMemoryLogger(), handleSignals: false });
    fake.enqueue(fake.privateText(Q1), fake.privateText(Q2));
    await fake.waitFor(() => fake!.sent().length === 2);
    const methods = fake.calls.map((c) => c.method);
    assert.ok(methods.indexOf("deleteWebhook") < methods.indexOf("getUpdates"));
    assert.ok(fake.commands.has('{"type":"default"}|zh'));
    assert.ok(fake.commands.has('{"type":"default"}|'));
    assert.deepEqual(fake.callsOf("getUpdates")[0]!.payload.allowed_updates, ["message", "edited_message", "callback_query", "inline_query"]);
  });

  it("handles chats concurrently but one chat in order", async () => {
    fake = await FakeTelegram.start();
    const engine = new FakeEngine({ delayMs: 200 });
    runtime = await runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine, logger: createMemoryLogger(), handleSignals: false });
    const alice = fake.user();
    const bob = fake.user();
    const started = Date.now();
    fake.enqueue(fake.privateText(Q1, { user: alice }), fake.privateText(Q2, { user: alice }), fake.privateText(Q1, { user: bob }));
    await fake.waitFor(() => fake!.sent().length === 3);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 600, `two chats in parallel, took ${elapsed} ms`);
    assert.ok(elapsed >= 400, `alice's two questions one after the other, took ${elapsed} ms`);
    const aliceReplies = fake.sent(alice.id).map((c) => c.plainText!);
    assert.match(aliceReplies[0]!, /26所/);
    assert.match(aliceReplies[1]!, /1600所/);
  });

  it("on stop lets in-flight answers finish and confirms the offset, so a restart answers nothing twice", async () => {
    fake = await FakeTelegram.start();
    const engine = new FakeEngine({ delayMs: 300 });
    // Concurrency 1: the runner waits for capacity before its next getUpdates, so only the bot's own confirmation covers this batch.
    const config = configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1", CITEBOT_CONCURRENCY: "1" });
    runtime = await runBot(config, { engine, logger: createMemoryLogger(), handleSignals: false });
    const u1 = fake.privateText(Q1);
    const u2 = fake.privateText(Q2);
    fake.enqueue(u1, u2);
    await fake.waitFor(() => engine.calls.length === 2);
    assert.equal(fake.sent().length, 0, "still working when stop is called");
    assert.ok(fake.offset <= u1.update_id, "the batch is not confirmed yet");
    await runtime.stop();
    await runtime.done;
    assert.equal(fake.sent().length, 2, "in-flight answers were sent");
    assert.equal(fake.offset, u2.update_id + 1);
    const callsAfterStop = fake.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fake.calls.length, callsAfterStop, "no polling after stop");

    const engine2 = new FakeEngine();
    runtime = await runBot(config, { engine: engine2, logger: createMemoryLogger(), handleSignals: false });
    fake.enqueue(fake.privateText("上海市推进教育数字化转型了吗？"));
    await fake.waitFor(() => fake!.sent().length === 3);
    assert.equal(engine2.calls.length, 1, "old updates were not redelivered");
  });

  it("shuts down gracefully on SIGTERM and stops listening for signals afterwards", async () => {
    fake = await FakeTelegram.start();
    const before = process.listenerCount("SIGTERM");
    const beforeInt = process.listenerCount("SIGINT");
    const engine = new FakeEngine({ delayMs: 200 });
    runtime = await runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine, logger: createMemoryLogger(), handleSignals: true });
    assert.equal(process.listenerCount("SIGTERM"), before + 1);
    fake.enqueue(fake.privateText(Q1));
    await fake.waitFor(() => engine.calls.length === 1);
    process.emit("SIGTERM", "SIGTERM");
    await runtime.done;
    assert.equal(fake.sent().length, 1, "the in-flight answer was sent");
    assert.equal(process.listenerCount("SIGTERM"), before);
    assert.equal(process.listenerCount("SIGINT"), beforeInt);
  });

  it("drops a polled update whose message has no chat, and answers the next", async () => {
    fake = await FakeTelegram.start();
    const engine = new FakeEngine();
    const logger = createMemoryLogger();
    runtime = await runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine, logger, handleSignals: false });
    const junk = structuredClone(fake.privateText(Q2)) as any;
    delete junk.message.chat;
    fake.enqueue(junk, fake.privateText(Q1));
    await fake.waitFor(() => fake!.sent().length === 1);
    assert.equal(engine.calls.length, 1);
    assert.ok(logger.lines.some((l) => l.includes("malformed update dropped") && l.includes("message.chat is missing")));
    assert.ok(!logger.lines.some((l) => l.includes('"level":"error"')));
  });

  it("keeps serving after an update throws", async () => {
    fake = await FakeTelegram.start();
    const engine = new FakeEngine({ failOn: (q) => (q === "坏问题是什么呢呢" ? new Error("bad") : undefined) });
    runtime = await runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine, logger: createMemoryLogger(), handleSignals: false });
    fake.enqueue(fake.privateText("坏问题是什么呢呢"), fake.privateText(Q1));
    await fake.waitFor(() => fake!.sent().some((c) => /26所/.test(c.plainText!)));
  });

  it("fails to start with a wrong token, without revealing it", async () => {
    fake = await FakeTelegram.start();
    const config = { ...configFor(fake), token: "987654321:WRONG-secret-abcdefghijklmnopqrstuv" };
    const logger = createMemoryLogger();
    await assert.rejects(runBot(config, { engine: new FakeEngine(), logger, handleSignals: false }), (error: Error) => {
      assert.ok(error instanceof UsageError, "a configuration error: the CLI exits with code 2");
      assert.equal(error.message, "Telegram rejected the token (401 Unauthorized) — check TELEGRAM_BOT_TOKEN");
      return true;
    });
    assert.ok(logger.lines.every((l) => !l.includes("WRONG-secret")));
  });

  it("rejects `done` when another instance is polling (409) before this one ever polled", async () => {
    fake = await FakeTelegram.start();
    const logger = createMemoryLogger();
    fake.failNext("getUpdates", { error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" });
    runtime = await runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine: new FakeEngine(), logger, handleSignals: false });
    await assert.rejects(runtime.done, /409|Conflict/);
    assert.equal(fake.callsOf("getUpdates").length, 1, "not retried");
    assert.ok(logger.lines.some((l) => l.includes("polling failed")));
  });

  it("keeps the bot with the instance already polling when a second one starts with the same token: the second exits with 409", async () => {
    fake = await FakeTelegram.start();
    const env = { CITEBOT_POLL_TIMEOUT_S: "5" };
    const firstLogger = createMemoryLogger();
    runtime = await runBot(configFor(fake, env), { engine: new FakeEngine(), logger: firstLogger, handleSignals: false });
    // Its first long poll is still waiting (nothing asked yet) when the second instance starts.
    await fake.waitFor(() => fake!.polling);
    await new Promise((r) => setTimeout(r, 1500));
    // Telegram ends the first instance's pending poll with 409 when the second one's arrives.
    const second = await runBot(configFor(fake, env), { engine: new FakeEngine(), logger: createMemoryLogger(), handleSignals: false });
    const outcome = await Promise.race([second.done.then(() => "stopped", (error: Error) => error.message), new Promise((r) => setTimeout(r, 10_000, "still polling"))]);
    if (outcome === "still polling") await second.stop();
    assert.match(String(outcome), /409|Conflict/, "the second instance exits");
    const before = fake.sent().length;
    fake.enqueue(fake.privateText(Q1));
    await fake.waitFor(() => fake!.sent().length > before);
    assert.ok(firstLogger.lines.some((l) => l.includes("another instance polled with this token")));
    assert.ok(!firstLogger.lines.some((l) => l.includes("polling failed")), "the first instance is still polling");
  });

  it("yields to another poller that keeps cutting it off (not a citebot that steps back)", async () => {
    fake = await FakeTelegram.start();
    const logger = createMemoryLogger();
    runtime = await runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine: new FakeEngine(), logger, handleSignals: false });
    fake.enqueue(fake.privateText(Q1)); // a poll succeeds: this instance is serving
    await fake.waitFor((calls) => calls.some((c) => c.method === "sendMessage" && c.ok));
    fake.failNext("getUpdates", { error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" }, 3);
    await assert.rejects(runtime.done, /409|Conflict/);
    assert.ok(logger.lines.some((l) => l.includes("polling failed")));
  });
});

describe("webhook mode", () => {
  /** A webhook bot on a free port; `state` is the bot's (memoryState()) when a test claims updates in it itself. */
  async function startWebhook(engine = new FakeEngine(), state?: ReturnType<typeof memoryState>) {
    fake = await FakeTelegram.start();
    const port = await freePort();
    const config = configFor(fake, {
      CITEBOT_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
      CITEBOT_WEBHOOK_SECRET: "s3cret_Token-42",
      CITEBOT_WEBHOOK_HOST: "127.0.0.1",
      CITEBOT_WEBHOOK_PORT: String(port),
    });
    const logger = createMemoryLogger();
    runtime = await runBot(config, { engine, logger, handleSignals: false, ...(state ? { state } : {}) });
    return { port, engine, logger, fake };
  }

  it("registers the webhook with its secret and answers a delivered update", async () => {
    const { fake: f, engine } = await startWebhook();
    assert.equal(f.webhook?.secret_token, "s3cret_Token-42");
    assert.deepEqual(f.webhook?.allowed_updates, ["message", "edited_message", "callback_query", "inline_query"]);
    assert.equal(await f.deliverWebhook(f.privateText(Q1)), 200);
    await f.waitFor(() => f.sent().length === 1);
    assert.equal(engine.calls.length, 1);
    assert.equal(f.callsOf("getUpdates").length, 0);
  });

  it("rejects a wrong or missing secret with 401 and does no work", async () => {
    const { fake: f, engine, logger } = await startWebhook();
    assert.equal(await f.deliverWebhook(f.privateText(Q1), { secret: "wrong" }), 401);
    assert.equal(await f.deliverWebhook(f.privateText(Q1), { secret: null }), 401);
    assert.equal(await f.deliverWebhook(f.privateText(Q1), { secret: "s3cret_Token-4" }), 401);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(engine.calls.length, 0);
    assert.ok(logger.lines.every((l) => !l.includes("s3cret_Token-42")), "the secret is not logged");
  });

  it("answers a redelivered update only once", async () => {
    const { fake: f, engine } = await startWebhook();
    const update = f.privateText(Q1);
    assert.equal(await f.deliverWebhook(update), 200);
    assert.equal(await f.deliverWebhook(update), 200);
    await f.waitFor(() => f.sent().length === 1);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(engine.calls.length, 1);
    assert.equal(f.sent().length, 1);
  });

  it("leaves an update whose reply another replica claimed to that replica: a quiet info line, no error and no apology", async () => {
    const state = memoryState();
    const { engine, logger, fake: f } = await startWebhook(new FakeEngine(), state);
    const update = f.privateText(Q1);
    // A replica that took this update over has already sent its answer.
    await state.updates.claimReply(update.update_id, "faster-replica");
    assert.equal(await f.deliverWebhook(update), 200);
    await f.waitFor(() => logger.lines.some((l) => l.includes("reply left to another replica")));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(engine.calls.length, 1, "the slow replica did answer");
    assert.equal(f.sent().length, 0, "but sent nothing: neither the answer nor an apology");
    const line = logger.lines.find((l) => l.includes("reply left to another replica"))!;
    assert.match(line, /"level":"info"/);
    assert.match(line, new RegExp(`"update_id":${update.update_id}`));
    assert.ok(logger.lines.every((l) => !/"level":"(error|warn)"/.test(l)), logger.lines.filter((l) => /"level":"(error|warn)"/.test(l)).join("\n"));
  });

  it("registers a Traditional-script user's command menu without claiming the update's reply (a menu is no reply)", async () => {
    const state = memoryState();
    const { logger, fake: f } = await startWebhook(new FakeEngine(), state);
    const user = f.user({ languageCode: "zh-TW" });
    const update = f.privateText("/help", { user });
    // Another replica claimed this update's reply: this one sends no reply, but the menu is no reply and still goes out.
    await state.updates.claimReply(update.update_id, "faster-replica");
    assert.equal(await f.deliverWebhook(update), 200);
    await f.waitFor(() => f.commands.has(`{"type":"chat","chat_id":${user.id}}|`));
    await f.waitFor(() => logger.lines.some((l) => l.includes("reply left to another replica")));
    assert.equal(f.sent().length, 0);
    assert.ok(logger.lines.every((l) => !/"level":"(error|warn)"/.test(l)), logger.lines.filter((l) => /"level":"(error|warn)"/.test(l)).join("\n"));
  });

  it("answers a body that is no update with 400, and a broken update with 200 (so it is not redelivered), doing no work and logging no content", async () => {
    const { fake: f, port, engine, logger } = await startWebhook();
    const post = (body: string) => postRaw(port, "/telegram/hook", "s3cret_Token-42", body);
    assert.equal(await post("{not json 秘密"), 400);
    assert.equal(await post(JSON.stringify([1, 2])), 400);
    assert.equal(await post(JSON.stringify({ message: { text: "秘密" } })), 400);
    const noChat = structuredClone(f.privateText("秘密问题")) as any;
    delete noChat.message.chat;
    assert.equal(await post(JSON.stringify(noChat)), 200);
    const noSender = structuredClone(f.privateText("秘密问题")) as any;
    delete noSender.message.from;
    assert.equal(await post(JSON.stringify(noSender)), 200);
    assert.equal(await f.deliverWebhook(f.privateText(Q1)), 200);
    await f.waitFor(() => f.sent().length === 1);
    assert.equal(engine.calls.length, 1, "only the well-formed question was answered");
    assert.deepEqual(
      logger.lines.filter((l) => l.includes("is not an update")).map((l) => JSON.parse(l).reason),
      ["not JSON", "not a JSON object", "update_id is missing"],
    );
    assert.equal(logger.lines.filter((l) => l.includes("malformed update dropped")).length, 2);
    assert.ok(logger.lines.every((l) => !l.includes("秘密")), "no content in the logs");
    assert.ok(!logger.lines.some((l) => l.includes('"level":"error"')));
  });

  it("serves a health endpoint and 404s elsewhere", async () => {
    const { port } = await startWebhook();
    const health = await get(port, "/healthz");
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { ok: true, mode: "webhook", in_flight: 0, store: "memory" });
    assert.equal((await get(port, "/elsewhere")).status, 404);
    assert.equal((await get(port, "/telegram/hook")).status, 405);
  });

  it("finishes in-flight answers on stop, refusing new updates meanwhile, then closes the server", async () => {
    const { fake: f, port, engine } = await startWebhook(new FakeEngine({ delayMs: 300 }));
    assert.equal(await f.deliverWebhook(f.privateText(Q1)), 200);
    await new Promise((r) => setTimeout(r, 50));
    const stopping = runtime!.stop();
    assert.equal(await f.deliverWebhook(f.privateText(Q2)), 503, "Telegram keeps it for the next start");
    assert.equal((await get(port, "/healthz")).status, 503);
    await stopping;
    assert.equal(engine.calls.length, 1);
    assert.equal(f.sent().length, 1);
    await assert.rejects(get(port, "/healthz"));
  });
});

describe("start-up: connecting, and stopping at any moment", () => {
  const FAST_CONNECT = { initialMs: 5, maxMs: 20, attemptTimeoutMs: 2000, warnEveryMs: 60_000 };

  it("says where it connects before the first call, reports failed attempts, and stops during getMe retries when its signal aborts", async () => {
    fake = await FakeTelegram.start();
    const config = { ...configFor(fake), apiRoot: `http://127.0.0.1:${await freePort()}` };
    const logger = createMemoryLogger();
    const stop = new AbortController();
    const starting = runBot(config, { engine: new FakeEngine(), logger, handleSignals: false, signal: stop.signal, connectRetry: FAST_CONNECT });
    await until(() => logger.lines.some((l) => l.includes("cannot connect to Telegram")));
    const first = JSON.parse(logger.lines[0]!) as Record<string, unknown>;
    assert.equal(first.msg, "connecting to Telegram");
    assert.equal(first.api_root, config.apiRoot);
    assert.equal(first.bot_id, fake.botInfo.id);
    stop.abort();
    const stopped = await starting;
    await stopped.done;
    const secret = config.token.slice(config.token.indexOf(":") + 1);
    assert.ok(logger.lines.every((l) => !l.includes(secret)), "only the bot id, never the token's secret");
  });

  it("stops on SIGTERM while getMe is being retried, and stops listening for signals", async () => {
    fake = await FakeTelegram.start();
    const config = { ...configFor(fake), apiRoot: `http://127.0.0.1:${await freePort()}` };
    const before = process.listenerCount("SIGTERM");
    const logger = createMemoryLogger();
    const starting = runBot(config, { engine: new FakeEngine(), logger, handleSignals: true, connectRetry: FAST_CONNECT });
    assert.equal(process.listenerCount("SIGTERM"), before + 1, "listening from the start");
    await until(() => logger.lines.some((l) => l.includes("cannot connect to Telegram")));
    process.emit("SIGTERM", "SIGTERM");
    await (await starting).done;
    assert.equal(process.listenerCount("SIGTERM"), before);
  });

  it("stops while the command menus are being registered, skipping the rest of start-up", async () => {
    fake = await FakeTelegram.start();
    fake.delayNext("setMyCommands", 2000);
    const stop = new AbortController();
    const starting = runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine: new FakeEngine(), logger: createMemoryLogger(), handleSignals: false, signal: stop.signal });
    await fake.waitFor((calls) => calls.some((c) => c.method === "setMyCommands"));
    stop.abort();
    await (await starting).done;
    assert.equal(fake.callsOf("setMyCommands").length, 1, "the other menus were skipped");
    assert.deepEqual(fake.callsOf("deleteWebhook"), []);
    assert.deepEqual(fake.callsOf("getUpdates"), []);
  });

  it("stops while deleteWebhook is pending, and never polls", async () => {
    fake = await FakeTelegram.start();
    fake.delayNext("deleteWebhook", 2000);
    const stop = new AbortController();
    const starting = runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine: new FakeEngine(), logger: createMemoryLogger(), handleSignals: false, signal: stop.signal });
    await fake.waitFor((calls) => calls.some((c) => c.method === "deleteWebhook"));
    stop.abort();
    await (await starting).done;
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(fake.callsOf("getUpdates"), []);
  });

  it("webhook mode: stops while setWebhook is pending and closes its server", async () => {
    fake = await FakeTelegram.start();
    fake.delayNext("setWebhook", 2000);
    const port = await freePort();
    const config = configFor(fake, {
      CITEBOT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      CITEBOT_WEBHOOK_SECRET: "s3cret",
      CITEBOT_WEBHOOK_HOST: "127.0.0.1",
      CITEBOT_WEBHOOK_PORT: String(port),
    });
    const stop = new AbortController();
    const starting = runBot(config, { engine: new FakeEngine(), logger: createMemoryLogger(), handleSignals: false, signal: stop.signal });
    await fake.waitFor((calls) => calls.some((c) => c.method === "setWebhook"));
    stop.abort();
    await (await starting).done;
    await assert.rejects(get(port, "/healthz"), "the server is closed");
  });

  it("does not start at all when its signal has already aborted", async () => {
    fake = await FakeTelegram.start();
    const stop = new AbortController();
    stop.abort();
    await (await runBot(configFor(fake), { engine: new FakeEngine(), logger: createMemoryLogger(), handleSignals: false, signal: stop.signal })).done;
    assert.deepEqual(fake.calls, []);
  });
});

describe("shutdown timeout", () => {
  /** A held engine: answers only after `release()`, deaf to its signal meanwhile. */
  function heldEngine() {
    let release!: () => void;
    const engine = new FakeEngine({ hold: new Promise<void>((resolve) => (release = resolve)) });
    return { engine, release };
  }

  it("polling: abandons an answer unfinished at the timeout; done resolves, the engine's signal aborts, and nothing of it is sent later", async () => {
    fake = await FakeTelegram.start();
    const { engine, release } = heldEngine();
    const logger = createMemoryLogger();
    const config = configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1", CITEBOT_SHUTDOWN_TIMEOUT_S: "1" });
    runtime = await runBot(config, { engine, logger, handleSignals: false, typingDelayMs: 0 });
    const question = fake.privateText(Q1);
    fake.enqueue(question);
    await fake.waitFor(() => engine.calls.length === 1 && fake!.callsOf("sendChatAction").length === 1);
    const started = Date.now();
    await runtime.stop();
    await runtime.done;
    assert.ok(Date.now() - started < 5000, `stopped after ${Date.now() - started} ms`);
    assert.equal(engine.calls[0]!.options?.signal?.aborted, true, "the engine question was cancelled");
    assert.equal(fake.offset, question.update_id + 1, "confirmed: the abandoned question is not asked again after a restart");

    const callsAtStop = fake.calls.length;
    release();
    await until(() => engine.answers.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(fake.calls.slice(callsAtStop).map((c) => c.method), [], "no Bot API call after the stop");
    assert.deepEqual(fake.sent(), []);
    assert.ok(logger.lines.some((l) => l.includes("abandoning unfinished answers")));
    assert.ok(logger.lines.some((l) => l.includes("update abandoned at shutdown")));
    assert.ok(!logger.lines.some((l) => l.includes('"level":"error"')), "abandonment is not an error");
  });

  it("webhook: an engine that never finishes does not hold the shutdown past the timeout", async () => {
    fake = await FakeTelegram.start();
    const port = await freePort();
    const config = configFor(fake, {
      CITEBOT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      CITEBOT_WEBHOOK_SECRET: "s3cret",
      CITEBOT_WEBHOOK_HOST: "127.0.0.1",
      CITEBOT_WEBHOOK_PORT: String(port),
      CITEBOT_SHUTDOWN_TIMEOUT_S: "1",
    });
    const engine = new FakeEngine({ hold: new Promise(() => {}) });
    runtime = await runBot(config, { engine, logger: createMemoryLogger(), handleSignals: false });
    assert.equal(await fake.deliverWebhook(fake.privateText(Q1)), 200);
    await fake.waitFor(() => engine.calls.length === 1);
    const started = Date.now();
    await runtime.stop();
    await runtime.done;
    assert.ok(Date.now() - started < 5000, `stopped after ${Date.now() - started} ms`);
    assert.equal(engine.calls[0]!.options?.signal?.aborted, true);
    assert.deepEqual(fake.sent(), []);
  });
});

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 5));
}
