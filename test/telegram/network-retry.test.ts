import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpError } from "grammy";
import { retryNetworkErrors } from "../../src/telegram/network-retry.js";

describe("retryNetworkErrors", () => {
  const netError = () => new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET"));

  it("retries network failures a bounded number of times", async () => {
    let calls = 0;
    const prev = async () => {
      calls++;
      if (calls < 3) throw netError();
      return { ok: true as const, result: true };
    };
    const result = await retryNetworkErrors([1, 1])(prev as never, "sendMessage", {} as never);
    assert.deepEqual(result, { ok: true, result: true });
    assert.equal(calls, 3);
  });

  it("gives up after the last delay, and never retries other errors or aborted calls", async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw netError();
    };
    await assert.rejects(retryNetworkErrors([1, 1])(failing as never, "getMe", {} as never), HttpError);
    assert.equal(calls, 3);
    calls = 0;
    const other = async () => {
      calls++;
      throw new Error("bug");
    };
    await assert.rejects(retryNetworkErrors([1])(other as never, "getMe", {} as never), /bug/);
    assert.equal(calls, 1);
    calls = 0;
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(retryNetworkErrors([1])(failing as never, "getUpdates", {} as never, controller.signal as never), HttpError);
    assert.equal(calls, 1);
  });

  it("stops waiting between retries as soon as the call's signal aborts (shutdown)", async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw netError();
    };
    const controller = new AbortController();
    const call = retryNetworkErrors([60_000])(failing as never, "sendMessage", {} as never, controller.signal as never);
    await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    controller.abort();
    await assert.rejects(call, HttpError);
    assert.ok(Date.now() - started < 2000, "did not sit out the 60 s wait");
    assert.equal(calls, 1);
  });
});
