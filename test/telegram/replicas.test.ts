/**
 * Several webhook replicas sharing state in a real Redis, behind a real haproxy (round
 * robin), fed by the fake Bot API: each test starts two replicas (two runBot instances,
 * each with its own Redis connections) on one prefix.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { afterEach, describe, it, type TestContext } from "node:test";
import { promisify } from "node:util";
import type { Update } from "grammy/types";
import { createMemoryLogger } from "../../src/log.js";
import { redisState } from "../../src/state/redis.js";
import type { BotState } from "../../src/state/types.js";
import { runBot, type BotRuntime } from "../../src/telegram/run.js";
import type { DocumentLibrary } from "../../src/library/library.js";
import { FakeEngine } from "../helpers/fake-engine.js";
import { MemoryLibrary } from "../helpers/memory-library.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";
import { freePort } from "../helpers/net.js";
import { startHaproxy, startRedis, testRedisUrl, uniquePrefix, type Service } from "../helpers/services.js";
import { configFor } from "./harness.js";

const Q1 = "北京市2023年新增了多少个实践教学基地？";
const FOLLOW_UP = "那2022年呢？";
const PATH = "/telegram/hook";

interface Replica {
  port: number;
  state: BotState;
  runtime: BotRuntime;
  reloads: string[];
}

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
  cleanup = [];
});

const health = async (port: number) => (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 8000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
};

async function cluster(
  t: TestContext,
  options: { redisUrl?: string; engine?: FakeEngine; env?: Record<string, string>; replicas?: number; leaseMs?: number; haproxy?: boolean; library?: DocumentLibrary; healthy?: boolean } = {},
) {
  const redisUrl = options.redisUrl ?? testRedisUrl(t);
  if (!redisUrl) return undefined;
  const fake = await FakeTelegram.start();
  cleanup.push(() => fake.close());
  const engine = options.engine ?? new FakeEngine();
  const prefix = uniquePrefix("replicas");
  const ports = await Promise.all(Array.from({ length: options.replicas ?? 2 }, () => freePort()));
  const lb = options.haproxy === false ? undefined : await startHaproxy(ports);
  if (lb) cleanup.push(() => lb.stop());
  const publicUrl = `${lb?.url ?? `http://127.0.0.1:${ports[0]}`}${PATH}`;
  const logger = createMemoryLogger("debug");
  const replicas: Replica[] = [];
  for (const port of ports) {
    const config = configFor(fake, {
      CITEBOT_WEBHOOK_URL: publicUrl,
      CITEBOT_WEBHOOK_SECRET: "s3cret_Token-42",
      CITEBOT_WEBHOOK_HOST: "127.0.0.1",
      CITEBOT_WEBHOOK_PORT: String(port),
      CITEBOT_SHUTDOWN_TIMEOUT_S: "2",
      ...options.env,
    });
    const state = redisState({ url: redisUrl, prefix, logger, leaseMs: options.leaseMs ?? 1500, maxReconnectMs: 200 });
    const reloads: string[] = [];
    const runtime = await runBot(config, {
      engine, logger, state, handleSignals: false, typingDelayMs: 0, reloadIndex: (build) => void reloads.push(build),
      ...(options.library ? { library: options.library } : {}),
    });
    cleanup.push(() => state.close(), () => runtime.stop());
    replicas.push({ port, state, runtime, reloads });
  }
  // Every replica healthy (its Redis connections up) before anything is delivered: on a busy machine they connect at different moments.
  if (options.healthy !== false) for (const r of replicas) await until(async () => (await health(r.port)) === 200);
  if (lb) await until(async () => (await fetch(`${lb.url}/healthz`)).status === 200);
  const origin = (r: Replica) => `http://127.0.0.1:${r.port}`;
  return { fake, engine, replicas, lb: lb as Service | undefined, logger, origin };
}

/** Replies (sendMessage) to each asking message, by message id, in the order they were sent. */
function repliedIds(fake: FakeTelegram, chatId: number): number[] {
  return fake.sent(chatId).map((c) => c.payload.reply_parameters?.message_id as number);
}

describe("webhook replicas sharing Redis", () => {
  it("answers an update delivered to both replicas once", async (t) => {
    const c = await cluster(t, { engine: new FakeEngine({ delayMs: 100 }), haproxy: false });
    if (!c) return;
    const update = c.fake.privateText(Q1);
    const statuses = await Promise.all(c.replicas.map((r) => c.fake.deliverWebhook(update, { to: c.origin(r) })));
    assert.deepEqual(statuses, [200, 200]);
    await until(() => c.fake.sent().length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.engine.calls.length, 1);
    assert.equal(c.fake.repliesTo(update.message!.chat.id, update.message!.message_id).length, 1);
  });

  it("shares one user's rate limit across replicas behind the load balancer", async (t) => {
    const c = await cluster(t, { env: { CITEBOT_RATE_LIMIT: "2" } });
    if (!c) return;
    const user = c.fake.user({ languageCode: "zh" });
    for (let i = 0; i < 3; i++) {
      assert.equal(await c.fake.deliverWebhook(c.fake.privateText(`${Q1} ${i}`, { user })), 200);
      await until(() => c.fake.sent().length === i + 1);
    }
    assert.equal(c.engine.calls.length, 2, "the third question is refused, whichever replica got it");
    assert.match(c.fake.sent().at(-1)!.plainText!, /频繁/);
  });

  it("remembers the previous question across replicas for a follow-up", async (t) => {
    const c = await cluster(t, { haproxy: false });
    if (!c) return;
    const user = c.fake.user({ languageCode: "zh" });
    await c.fake.deliverWebhook(c.fake.privateText(Q1, { user }), { to: c.origin(c.replicas[0]!) });
    await until(() => c.fake.sent().length === 1);
    await c.fake.deliverWebhook(c.fake.privateText(FOLLOW_UP, { user }), { to: c.origin(c.replicas[1]!) });
    await until(() => c.fake.sent().length === 2);
    assert.deepEqual(c.engine.contextQuestions, [undefined, Q1]);
  });

  it("answers one chat's updates in order although they land on different replicas", async (t) => {
    const c = await cluster(t, { engine: new FakeEngine({ delayMs: 40 }), env: { CITEBOT_RATE_LIMIT: "0", CITEBOT_MAX_JOBS_PER_USER: "0" } });
    if (!c) return;
    const user = c.fake.user({ languageCode: "zh" });
    const updates: Update[] = Array.from({ length: 8 }, (_, i) => c.fake.privateText(`${Q1} ${i}`, { user }));
    // Each is acknowledged before the next is posted, as Telegram does, alternating replicas.
    for (const [i, u] of updates.entries()) assert.equal(await c.fake.deliverWebhook(u, { to: c.origin(c.replicas[i % 2]!) }), 200);
    const chat = updates[0]!.message!.chat.id;
    await until(() => c.fake.sent(chat).length === updates.length);
    assert.deepEqual(repliedIds(c.fake, chat), updates.map((u) => u.message!.message_id));
  });

  it("replaces an upload when its confirm tap lands on the other replica, and only once when tapped on both", async (t) => {
    const engine = new FakeEngine();
    const library = new MemoryLibrary({ engine });
    const c = await cluster(t, { engine, library, haproxy: false, env: { CITEBOT_ADMIN_IDS: "4242" } });
    if (!c) return;
    const [first, second] = c.replicas as [Replica, Replica];
    const user = c.fake.user({ id: 4242, languageCode: "en" });
    const send = async (text: string) => {
      const document = c.fake.registerFile(Buffer.from(text), { fileName: "mars.txt" });
      assert.equal(await c.fake.deliverWebhook(c.fake.documentMessage(document, { user }), { to: c.origin(first) }), 200);
    };
    await send("火星探测计划简报\n\n着陆器携带七台科学仪器。");
    await until(() => library.changes.length === 1);
    await send("火星探测计划修订版\n\n修订后，着陆器携带九台科学仪器。");
    await until(() => c.fake.botMessages(user.id).some((m) => /Replace it/.test(m.text ?? "")));
    const prompt = c.fake.botMessages(user.id).find((m) => /Replace it/.test(m.text ?? ""))!;
    const replace = (prompt as { reply_markup?: { inline_keyboard: { callback_data: string }[][] } }).reply_markup!.inline_keyboard[0]![0]!.callback_data;
    const taps = [c.fake.callback(replace, { message: prompt, user }), c.fake.callback(replace, { message: prompt, user })];
    await Promise.all([c.fake.deliverWebhook(taps[0]!, { to: c.origin(second) }), c.fake.deliverWebhook(taps[1]!, { to: c.origin(first) })]);
    await until(() => library.changes.length === 2 && c.fake.callsOf("answerCallbackQuery").length === 2);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(library.changes, ["add uploads/mars.txt", "add uploads/mars.txt"], "replaced once");
    assert.equal(library.held.size, 0);
    assert.equal(c.fake.callsOf("answerCallbackQuery").filter((call) => /expired/.test(call.payload.text ?? "")).length, 1, "the second tap is told the button is used");
  });

  it("tells every replica about a new index generation, which calls its reload", async (t) => {
    const c = await cluster(t, { haproxy: false });
    if (!c) return;
    // Announced again until heard: a replica's subscription completes just after it reports healthy.
    await until(async () => {
      await c.replicas[0]!.state.generations.publish("build-2");
      await new Promise((r) => setTimeout(r, 100));
      return c.replicas.every((r) => r.reloads.includes("build-2"));
    });
  });
});

describe("webhook replicas when Redis fails", () => {
  it("down at start: /healthz 503 and updates refused with 503, then served once Redis is up", async (t) => {
    if (!testRedisUrl(t)) return;
    const port = Number((await promisify(execFile)("scripts/services/free-port.sh")).stdout.trim());
    const c = (await cluster(t, { redisUrl: `redis://127.0.0.1:${port}`, haproxy: false, replicas: 1, healthy: false }))!;
    const r = c.replicas[0]!;
    assert.equal(await health(r.port), 503);
    const update = c.fake.privateText(Q1);
    assert.equal(await c.fake.deliverWebhook(update), 503, "Telegram keeps it and redelivers");
    assert.ok(c.logger.lines.some((l) => l.includes("Redis unreachable")));
    const redis = await startRedis({ port });
    cleanup.push(() => redis.stop());
    await until(async () => (await health(r.port)) === 200);
    assert.equal(await c.fake.deliverWebhook(update), 200);
    await until(() => c.fake.sent().length === 1);
    assert.equal(c.engine.calls.length, 1);
  });

  it("down mid-answer: nothing is sent meanwhile, /healthz says 503, and the answer comes once after Redis is back", async (t) => {
    if (!testRedisUrl(t)) return;
    const redis = await startRedis();
    cleanup.push(() => redis.stop());
    const c = (await cluster(t, { redisUrl: redis.url, haproxy: false, engine: new FakeEngine({ delayMs: 600 }), leaseMs: 1000 }))!;
    const update = c.fake.privateText(Q1);
    const chat = update.message!.chat.id;
    assert.equal(await c.fake.deliverWebhook(update), 200);
    await until(() => c.engine.calls.length === 1);
    // Saved, so the restarted Redis still has the queue (as a production Redis with persistence would).
    await promisify(execFile)("redis-cli", ["-p", String(redis.port), "shutdown", "save"]).catch(() => {});
    await until(async () => (await health(c.replicas[0]!.port)) === 503);
    assert.equal(await c.fake.deliverWebhook(c.fake.privateText(FOLLOW_UP)), 503);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(c.fake.sent(chat).length, 0, "no answer without its mark in Redis");
    const again = await startRedis({ port: redis.port, dir: redis.dir });
    cleanup.push(() => again.stop());
    await until(() => c.fake.sent(chat).length >= 1, 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(c.fake.repliesTo(chat, update.message!.message_id).length, 1, "answered once");
  });
});
