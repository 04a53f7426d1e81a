/** The Redis state against a real Redis: what memory.ts cannot show (replicas, expiry, fencing, pub/sub). */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { afterEach, describe, it, type TestContext } from "node:test";
import { promisify } from "node:util";
import { createMemoryLogger } from "../../src/log.js";
import { redisState, type RedisStateOptions } from "../../src/state/redis.js";
import type { BotState } from "../../src/state/types.js";
import { startRedis, testRedisUrl, uniquePrefix } from "../helpers/services.js";

let opened: BotState[] = [];
afterEach(async () => {
  await Promise.all(opened.map((s) => s.close()));
  opened = [];
});

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Two replicas' states on one prefix, both connected. */
async function twoReplicas(t: TestContext, options: Partial<RedisStateOptions> = {}): Promise<[BotState, BotState] | undefined> {
  const url = testRedisUrl(t);
  if (!url) return undefined;
  const prefix = uniquePrefix("state");
  const open = () => redisState({ url, prefix, logger: createMemoryLogger(), leaseMs: 300, ...options });
  const pair: [BotState, BotState] = [open(), open()];
  opened.push(...pair);
  await until(() => pair.every((s) => s.health().ok));
  return pair;
}

describe("Redis state", () => {
  it("queues an update id once across replicas and fences a holder whose lease expired", async (t) => {
    const pair = await twoReplicas(t);
    if (!pair) return;
    const [a, b] = pair;
    assert.equal(await a.updates.enqueue("c", 1, "one"), true);
    assert.equal(await b.updates.enqueue("c", 1, "one"), false, "the copy that reached the other replica");
    const slow = (await a.updates.lease("c"))!;
    assert.equal(await b.updates.lease("c"), undefined);
    await new Promise((r) => setTimeout(r, 400)); // a stalls past its lease
    assert.deepEqual(await b.updates.orphans(), ["c"]);
    const taker = (await b.updates.lease("c"))!;
    assert.equal(await slow.complete(1), false, "fenced: the stalled holder removes nothing");
    assert.equal(slow.lost, true);
    assert.deepEqual(await taker.head(), { id: 1, body: "one" });
    assert.equal(await taker.complete(1), true);
    assert.equal(await taker.release(), true);
    assert.deepEqual(await a.updates.orphans(), []);
  });

  it("keeps a chat's lease while an update queued meanwhile waits, so nothing is stranded", async (t) => {
    const pair = await twoReplicas(t, { leaseMs: 5000 });
    if (!pair) return;
    const [a, b] = pair;
    await a.updates.enqueue("c", 1, "one");
    const lease = (await a.updates.lease("c"))!;
    await lease.complete(1);
    await b.updates.enqueue("c", 2, "two"); // arrives at b, which cannot take the lease
    assert.equal(await b.updates.lease("c"), undefined);
    assert.equal(await lease.release(), false, "a sees it and keeps going");
    assert.deepEqual(await lease.head(), { id: 2, body: "two" });
  });

  it("shares job slots and frees a dead holder's slot after its expiry", async (t) => {
    const pair = await twoReplicas(t, { jobSlotTtlMs: 300 });
    if (!pair) return;
    const [a, b] = pair;
    const release = (await a.jobs.tryAcquire("user:1", 2))!;
    assert.ok(await b.jobs.tryAcquire("user:1", 2)); // never released: its replica "died"
    assert.equal(await a.jobs.tryAcquire("user:1", 2), undefined);
    await release();
    await release();
    assert.ok(await b.jobs.tryAcquire("user:1", 2));
    assert.equal(await a.jobs.tryAcquire("user:1", 2), undefined);
    await new Promise((r) => setTimeout(r, 350));
    assert.ok(await a.jobs.tryAcquire("user:1", 2), "expired slots are free again");
  });

  it("keeps follow-up memory and citation references where every replica finds them", async (t) => {
    const pair = await twoReplicas(t);
    if (!pair) return;
    const [a, b] = pair;
    await a.sessions.write("42", { lastQuestion: "问" });
    assert.deepEqual(await b.sessions.read("42"), { lastQuestion: "问" });
    const key = await a.refs.put({ chunkId: "x", start: 1, end: 2, lang: "zh" });
    assert.match(key, /^[0-9a-z]{1,12}$/);
    assert.deepEqual(await b.refs.get(key), { chunkId: "x", start: 1, end: 2, lang: "zh" });
    assert.equal(await b.refs.get("zzzz"), undefined);
  });

  it("keeps confirm buttons where every replica finds them: taken once however many replicas take them, and gone after their time", async (t) => {
    const pair = await twoReplicas(t);
    if (!pair) return;
    const [a, b] = pair;
    await a.pending.put("action:k1", { kind: "replace", held: ".held-1-x" }, 60_000);
    assert.deepEqual(await b.pending.get("action:k1"), { kind: "replace", held: ".held-1-x" });
    const taken = await Promise.all([a.pending.take("action:k1"), b.pending.take("action:k1")]);
    assert.deepEqual(taken.filter((v) => v !== undefined), [{ kind: "replace", held: ".held-1-x" }], "one replica gets it");
    assert.equal(await a.pending.get("action:k1"), undefined);
    await a.pending.put("action:k2", 2, 100);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await b.pending.take("action:k2"), undefined, "expired");
  });

  it("announces a generation to a replica that was cut off when it was published", async (t) => {
    if (!testRedisUrl(t)) return;
    const redis = await startRedis();
    t.after(() => redis.stop());
    const prefix = uniquePrefix("generations");
    const open = () => redisState({ url: redis.url, prefix, logger: createMemoryLogger(), maxReconnectMs: 100 });
    const a = open();
    const b = open();
    opened.push(a, b);
    const heard: string[] = [];
    b.generations.onGenerationPublished((build) => heard.push(build));
    await until(() => a.health().ok && b.health().ok);
    await a.generations.publish("build-1");
    await until(() => heard.includes("build-1"));
    // build-2 is published while b is cut off (the key is set, the message never reaches b); b catches up on reconnect.
    const cli = (...args: string[]) => promisify(execFile)("redis-cli", ["-p", String(redis.port), ...args]);
    await cli("set", `${prefix}generation`, "build-2");
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(heard, ["build-1"]);
    await cli("client", "kill", "type", "pubsub");
    // Reconnecting backs off (up to maxReconnectMs) and a loaded machine slows it further: a wait bound, not a timing claim.
    await until(() => heard.includes("build-2"), 20_000);
  });
});
