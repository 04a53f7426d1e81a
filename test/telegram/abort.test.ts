import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpError } from "grammy";
import { abandonCallsOn, anySignal } from "../../src/telegram/abort.js";

describe("abandonCallsOn", () => {
  const ok = { ok: true as const, result: true };

  it("passes calls through until the signal aborts, then fails them without sending", async () => {
    const controller = new AbortController();
    const sent: string[] = [];
    const prev = async (method: string) => (sent.push(method), ok);
    const transformer = abandonCallsOn(controller.signal, ["getUpdates"]);
    assert.deepEqual(await transformer(prev as never, "sendMessage", {} as never), ok);
    controller.abort();
    await assert.rejects(transformer(prev as never, "sendMessage", {} as never), (error: unknown) => error instanceof HttpError && /abandoned/.test(error.message));
    await assert.rejects(transformer(prev as never, "sendChatAction", {} as never), HttpError);
    assert.deepEqual(await transformer(prev as never, "getUpdates", {} as never), ok, "exempt methods still go out");
    assert.deepEqual(sent, ["sendMessage", "getUpdates"]);
  });

  it("aborts a call in flight, and keeps honouring the call's own signal", async () => {
    const controller = new AbortController();
    const waitForAbort = (_m: string, _p: unknown, signal: AbortSignal) =>
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("request aborted"))));
    const transformer = abandonCallsOn(controller.signal);
    const inFlight = transformer(waitForAbort as never, "sendMessage", {} as never);
    controller.abort();
    await assert.rejects(inFlight, /request aborted/);

    const own = new AbortController();
    const call = abandonCallsOn(new AbortController().signal)(waitForAbort as never, "sendMessage", {} as never, own.signal as never);
    own.abort();
    await assert.rejects(call, /request aborted/);
  });
});

describe("anySignal", () => {
  it("anySignal follows whichever signal aborts first, and detaches on dispose", () => {
    const a = new AbortController();
    const b = new AbortController();
    const both = anySignal(a.signal, undefined, b.signal);
    assert.equal(both.signal.aborted, false);
    b.abort();
    assert.equal(both.signal.aborted, true);
    const c = new AbortController();
    const disposed = anySignal(c.signal);
    disposed.dispose();
    c.abort();
    assert.equal(disposed.signal.aborted, false, "detached");
  });
});
