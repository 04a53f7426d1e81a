import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryJobSlots, MemoryOnceTable, MemoryRateLimits, MemoryUpdateQueue } from "../../src/state/memory.js";

describe("MemoryJobSlots", () => {
  it("hands out `limit` slots per key, releases each once, and forgets idle keys", async () => {
    const jobs = new MemoryJobSlots();
    const a = (await jobs.tryAcquire("u1", 2))!;
    const b = (await jobs.tryAcquire("u1", 2))!;
    assert.equal(await jobs.tryAcquire("u1", 2), undefined);
    assert.ok(await jobs.tryAcquire("u2", 2), "keys are independent");
    await a();
    await a(); // idempotent
    assert.equal(jobs.inFlight("u1"), 1);
    assert.ok(await jobs.tryAcquire("u1", 2));
    await b();
    assert.equal(jobs.size, 2);
  });
});

describe("MemoryOnceTable", () => {
  it("gives a value to get until it expires, and to take only once", async () => {
    let now = 0;
    const table = new MemoryOnceTable<unknown>(100, () => now);
    await table.put("a", { kind: "remove" }, 1000);
    assert.deepEqual(await table.get("a"), { kind: "remove" });
    assert.deepEqual(await table.take("a"), { kind: "remove" });
    assert.equal(await table.take("a"), undefined, "taken once");
    await table.put("b", 1, 1000);
    now = 1000;
    assert.equal(await table.get("b"), undefined, "expired");
    assert.equal(await table.take("b"), undefined);
  });

  it("keeps at most its capacity, dropping the oldest", async () => {
    const table = new MemoryOnceTable<number>(2);
    for (const k of ["a", "b", "c"]) await table.put(k, 1, 60_000);
    assert.deepEqual([await table.get("a"), await table.get("b"), await table.get("c")], [undefined, 1, 1]);
  });
});

describe("MemoryRateLimits", () => {
  it("refuses past the limit within the window, says so once, and lets the window slide", async () => {
    let now = 0;
    const limits = new MemoryRateLimits({ now: () => now });
    assert.equal((await limits.hit("u", 2, 1000)).allowed, true);
    assert.equal((await limits.hit("u", 2, 1000)).allowed, true);
    assert.deepEqual(await limits.hit("u", 2, 1000), { allowed: false, retryAfterSeconds: 1, first: true });
    assert.equal((await limits.hit("u", 2, 1000)).first, false);
    now = 1001;
    assert.equal((await limits.hit("u", 2, 1000)).allowed, true);
  });
});

describe("MemoryUpdateQueue", () => {
  it("queues an update id once and hands a conversation's updates to one lease holder, oldest first", async () => {
    const q = new MemoryUpdateQueue();
    assert.equal(await q.enqueue("c", 7, "seven"), true);
    assert.equal(await q.enqueue("c", 5, "five"), true);
    assert.equal(await q.enqueue("c", 7, "seven"), false, "a redelivery");
    const lease = (await q.lease("c"))!;
    assert.equal(await q.lease("c"), undefined, "one holder at a time");
    assert.deepEqual(await lease.head(), { id: 5, body: "five" });
    assert.equal(await lease.complete(5), true);
    assert.equal(await lease.release(), false, "still holds: seven is queued");
    assert.equal(await lease.complete(7), true);
    assert.equal(await lease.release(), true);
    assert.ok(await q.lease("c"), "free again");
  });
});
