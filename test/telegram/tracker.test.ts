import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UpdateTracker } from "../../src/telegram/tracker.js";

describe("UpdateTracker", () => {
  it("accepts an update id once, remembering a bounded number of ids", () => {
    const t = new UpdateTracker(2);
    assert.equal(t.accept(1), true);
    assert.equal(t.accept(1), false);
    t.accept(2);
    t.accept(3);
    assert.equal(t.accept(1), true, "forgotten after eviction");
  });

  it("tracks in-flight work and drains", async () => {
    const t = new UpdateTracker();
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    void t.track(5, slow);
    void t.track(9, Promise.resolve());
    await Promise.resolve();
    assert.equal(t.size, 1);
    assert.equal(await t.drain(20), false, "times out while work is pending");
    setTimeout(release, 10);
    assert.equal(await t.drain(1000), true);
    assert.equal(t.size, 0);
  });

  it("passes rejections through while still untracking", async () => {
    const t = new UpdateTracker();
    await assert.rejects(t.track(1, Promise.reject(new Error("x"))), /x/);
    assert.equal(t.size, 0);
  });
});
