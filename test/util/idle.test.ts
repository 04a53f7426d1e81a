import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IdleWaiters } from "../../src/util/idle.js";

describe("IdleWaiters", () => {
  it("resolves every waiter with true when settled, and later waiters wait for the next settle", async () => {
    const idle = new IdleWaiters();
    const first = idle.wait(5000);
    const second = idle.wait(5000);
    idle.settle();
    assert.deepEqual(await Promise.all([first, second]), [true, true]);
    const third = idle.wait(20);
    assert.equal(await third, false, "the earlier settle does not count for it");
  });

  it("resolves false after the timeout, and a settle after that changes nothing", async () => {
    const idle = new IdleWaiters();
    const waiting = idle.wait(10);
    assert.equal(await waiting, false);
    idle.settle();
    assert.equal(await waiting, false);
  });
});
