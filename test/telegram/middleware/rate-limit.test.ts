import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Context } from "grammy";
import { rateLimit } from "../../../src/telegram/middleware/rate-limit.js";

const ctx = (user: number) => ({ from: { id: user } }) as unknown as Context;

describe("rateLimit", () => {
  it("lets `limit` events through per window, then reports the wait once", async () => {
    let now = 0;
    const limited: [number, boolean][] = [];
    const mw = rateLimit<Context>({ limit: 2, windowMs: 60_000, now: () => now, key: (c) => String(c.from!.id), onLimited: (_c, s, first) => void limited.push([s, first]) });
    let passed = 0;
    const next = async () => void passed++;
    await mw(ctx(1), next);
    now = 10_000;
    await mw(ctx(1), next);
    now = 20_000;
    await mw(ctx(1), next);
    await mw(ctx(1), next);
    assert.equal(passed, 2);
    assert.deepEqual(limited, [
      [40, true],
      [40, false],
    ]);
    now = 60_001; // the first hit left the window
    await mw(ctx(1), next);
    assert.equal(passed, 3);
  });

  it("counts keys separately, skips exempt updates, and is off at limit 0", async () => {
    let passed = 0;
    const next = async () => void passed++;
    const mw = rateLimit<Context>({ limit: 1, key: (c) => (c.from!.id === 9 ? undefined : String(c.from!.id)), onLimited: () => {} });
    for (const u of [1, 2, 9, 9, 9]) await mw(ctx(u), next);
    assert.equal(passed, 5);
    const off = rateLimit<Context>({ limit: 0, key: () => "k", onLimited: () => assert.fail("limited") });
    for (let i = 0; i < 5; i++) await off(ctx(1), next);
    assert.equal(passed, 10);
  });

  it("keeps memory bounded", async () => {
    let now = 0;
    const mw = rateLimit<Context>({ limit: 1, windowMs: 1000, maxKeys: 3, now: () => now, key: (c) => String(c.from!.id), onLimited: () => {} });
    let passed = 0;
    for (let u = 0; u < 10; u++) await mw(ctx(u), async () => void passed++);
    now = 500;
    await mw(ctx(0), async () => void passed++); // user 0 was forgotten: allowed again
    assert.equal(passed, 11);
  });
});
