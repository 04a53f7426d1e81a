import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { silentLogger } from "../../src/log.js";
import { Conversations, type UpdateHandler } from "../../src/state/conversations.js";
import { MemoryUpdateQueue } from "../../src/state/memory.js";

const OPTIONS = { leaseMs: 1000, sweepMs: 0, handOver: false, concurrency: 16, logger: silentLogger };
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe("Conversations", () => {
  it("answers one conversation in order and different conversations at once", async () => {
    const seen: string[] = [];
    let running = 0;
    let peak = 0;
    const handle: UpdateHandler = async (u) => {
      running++;
      peak = Math.max(peak, running);
      await tick(10);
      seen.push(u.body);
      running--;
      return "done";
    };
    const c = new Conversations(new MemoryUpdateQueue(), handle, OPTIONS);
    for (const [key, id] of [["a", 1], ["b", 2], ["a", 3], ["b", 4], ["a", 5]] as const) await c.accept(key, id, `${key}${id}`);
    assert.equal(await c.stop(2000), true);
    assert.deepEqual(seen.filter((s) => s.startsWith("a")), ["a1", "a3", "a5"]);
    assert.equal(peak, 2, "a and b answered side by side");
  });

  it("drops a duplicate and, taking a conversation over, completes an update already replied to without answering it again", async () => {
    const queue = new MemoryUpdateQueue();
    const answered: number[] = [];
    const handle: UpdateHandler = async (u, claim) => {
      if (await claim()) answered.push(u.id);
      return "done";
    };
    await queue.enqueue("a", 1, "one");
    await queue.enqueue("a", 2, "two");
    await queue.claimReply(1, "dead-replica"); // a replica died after sending the answer to 1
    const c = new Conversations(queue, handle, OPTIONS);
    assert.equal(await c.accept("a", 2, "two"), false);
    (c as unknown as { kick(key: string, takeover: boolean): void }).kick("a", true);
    await c.stop(2000);
    assert.deepEqual(answered, [2]);
  });

  it("answers at most `concurrency` conversations at once and the waiting ones after", async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const c = new Conversations(new MemoryUpdateQueue(), async (u) => {
      peak = Math.max(peak, ++running);
      await tick(5);
      running--;
      done.push(u.id);
      return "done";
    }, { ...OPTIONS, concurrency: 2 });
    for (let i = 1; i <= 6; i++) await c.accept(`chat${i}`, i, "q");
    assert.equal(await c.stop(2000), true);
    assert.equal(peak, 2);
    assert.deepEqual(done.sort(), [1, 2, 3, 4, 5, 6]);
  });

  it("leaves an update queued when the handler asks for a retry (its mark could not be stored)", async () => {
    const queue = new MemoryUpdateQueue();
    let calls = 0;
    const c = new Conversations(queue, async () => (++calls === 1 ? "retry" : "done"), OPTIONS);
    await c.accept("a", 1, "one");
    await c.stop(2000);
    const lease = (await queue.lease("a"))!;
    assert.deepEqual(await lease.head(), { id: 1, body: "one" }, "still there for the next holder");
  });
});
