import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { retry, type RetryInfo } from "../../src/util/retry.js";

class Transient extends Error {
  constructor(readonly retryAfterMs?: number) {
    super("transient");
  }
}

/** An attempt that fails `times` times with `error()`, then returns "ok"; counts its calls. */
function flaky(times: number, error: () => unknown = () => new Transient()) {
  const calls: number[] = [];
  const attempt = async (failures: number) => {
    calls.push(failures);
    if (calls.length <= times) throw error();
    return "ok";
  };
  return { attempt, calls };
}

const transient = (error: unknown) => error instanceof Transient;

describe("retry", () => {
  it("tries again after each listed wait, telling the attempt how many failures came before it", async () => {
    const { attempt, calls } = flaky(2);
    const seen: RetryInfo[] = [];
    assert.equal(await retry(attempt, { delays: [1, 2, 3], retryable: transient, onRetry: (info) => seen.push(info) }), "ok");
    assert.deepEqual(calls, [0, 1, 2]);
    assert.deepEqual(seen.map((s) => [s.failures, s.delayMs]), [[1, 1], [2, 2]]);
    assert.ok(seen.every((s) => s.error instanceof Transient));
  });

  it("gives up with the last failure after the last listed wait", async () => {
    const { attempt, calls } = flaky(10);
    await assert.rejects(retry(attempt, { delays: [1, 1], retryable: transient }), Transient);
    assert.equal(calls.length, 3);
  });

  it("throws a failure the caller's predicate does not retry at once", async () => {
    const { attempt, calls } = flaky(10, () => new Error("bug"));
    await assert.rejects(retry(attempt, { delays: [1, 1], retryable: transient }), /bug/);
    assert.equal(calls.length, 1);
  });

  it("backs off exponentially up to the cap, as many times as `retries` allows", async () => {
    const { attempt, calls } = flaky(10);
    const waits: number[] = [];
    await assert.rejects(retry(attempt, { delays: { initialMs: 1, maxMs: 4 }, retries: 5, retryable: transient, onRetry: (i) => waits.push(i.delayMs) }), Transient);
    assert.deepEqual(waits, [1, 2, 4, 4, 4]);
    assert.equal(calls.length, 6);
  });

  it("keeps a jittered wait between the given fraction of the back-off and all of it", async () => {
    const waits: number[] = [];
    await assert.rejects(
      retry(flaky(50).attempt, { delays: { initialMs: 8, maxMs: 8, jitter: 0.5 }, retries: 40, retryable: transient, onRetry: (i) => waits.push(i.delayMs) }),
      Transient,
    );
    assert.ok(waits.every((w) => w >= 4 && w <= 8), waits.join(","));
    assert.ok(new Set(waits).size > 1, "random");
  });

  it("waits what the server asks for instead of the back-off, or at least the back-off with `max`", async () => {
    const asked = (error: unknown) => (error as Transient).retryAfterMs;
    const replaced: number[] = [];
    await retry(flaky(2, () => new Transient(3)).attempt, { delays: [20, 20], retryable: transient, serverDelayMs: asked, onRetry: (i) => replaced.push(i.delayMs) });
    assert.deepEqual(replaced, [3, 3]);
    const floored: number[] = [];
    await retry(flaky(2, () => new Transient(3)).attempt, { delays: [1, 20], retryable: transient, serverDelayMs: asked, serverDelay: "max", onRetry: (i) => floored.push(i.delayMs) });
    assert.deepEqual(floored, [3, 20]);
    const unasked: number[] = [];
    await retry(flaky(1).attempt, { delays: [7], retryable: transient, serverDelayMs: asked, onRetry: (i) => unasked.push(i.delayMs) });
    assert.deepEqual(unasked, [7], "no request: the back-off");
  });

  it("does not retry when the wait would end past the deadline", async () => {
    const { attempt, calls } = flaky(10);
    await assert.rejects(retry(attempt, { delays: [10, 60_000], retryable: transient, deadline: Date.now() + 5000 }), Transient);
    assert.equal(calls.length, 2, "the first wait fits, the second does not");
  });

  it("ends a wait at once when its signal aborts, with the last failure or what onAbort makes of it", async () => {
    const controller = new AbortController();
    const { attempt, calls } = flaky(10);
    const waiting = retry(attempt, { delays: [60_000], retryable: transient, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    controller.abort();
    await assert.rejects(waiting, Transient);
    assert.ok(Date.now() - started < 2000, "did not sit out the 60 s wait");
    assert.equal(calls.length, 1);

    const stopped = new Error("stopped");
    await assert.rejects(retry(flaky(10).attempt, { delays: [60_000], retryable: transient, signal: controller.signal, onAbort: () => stopped }), (e) => e === stopped, "already aborted");
  });
});
