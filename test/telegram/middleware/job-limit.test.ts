import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Context } from "grammy";
import { jobLimit } from "../../../src/telegram/middleware/job-limit.js";
import { MemoryJobSlots } from "../../../src/state/memory.js";

const ctx = (user: number) => ({ from: { id: user } }) as unknown as Context;

describe("jobLimit", () => {
  it("lets `limit` jobs per key run at once, turns the rest away, and frees the slot even when a job throws", async () => {
    const counter = new MemoryJobSlots();
    const busy: number[] = [];
    const mw = jobLimit<Context>({ counter, limit: 2, key: (c) => String(c.from!.id), onBusy: (c) => void busy.push(c.from!.id) });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let ran = 0;
    const slow = async () => {
      ran++;
      await gate;
    };
    const running = [mw(ctx(1), slow), mw(ctx(1), slow)];
    await mw(ctx(1), slow);
    await mw(ctx(2), async () => void ran++);
    assert.equal(ran, 3);
    assert.deepEqual(busy, [1]);
    release();
    await Promise.all(running);
    await assert.rejects(
      Promise.resolve(
        mw(ctx(1), async () => {
          throw new Error("boom");
        }),
      ),
      /boom/,
    );
    assert.equal(counter.inFlight("1"), 0);
  });

  it("exempts updates without a key and is off at limit 0", async () => {
    const counter = new MemoryJobSlots();
    const never = () => assert.fail("busy");
    let ran = 0;
    const gate = new Promise<void>(() => {});
    const exempt = jobLimit<Context>({ counter, limit: 1, key: () => undefined, onBusy: never });
    const off = jobLimit<Context>({ counter, limit: 0, key: () => "k", onBusy: never });
    for (let i = 0; i < 3; i++) void exempt(ctx(1), () => (ran++, gate));
    for (let i = 0; i < 3; i++) void off(ctx(1), () => (ran++, gate));
    await new Promise((r) => setImmediate(r));
    assert.equal(ran, 6);
  });
});
