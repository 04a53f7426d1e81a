import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { AppError } from "../../src/errors.js";
import { WorkerClient, type ClientOptions } from "../../src/util/worker-rpc.js";
import type { TestApi } from "../helpers/rpc-worker.js";
import { tempDir } from "../helpers/workspace.js";

const WORKER = new URL("../helpers/rpc-worker.js", import.meta.url);

function client(workerData: object = {}, options: Partial<ClientOptions> = {}): WorkerClient<TestApi> {
  return new WorkerClient<TestApi>(new Worker(WORKER, { workerData }), { name: "test worker", ...options });
}

describe("worker-rpc", () => {
  it("answers each call with its own result, concurrent calls included", async () => {
    const worker = client();
    try {
      await worker.ready;
      const slow = worker.call("later", { ms: 50, value: "slow" });
      const sums = await Promise.all(Array.from({ length: 20 }, (_, i) => worker.call("add", { a: i, b: 1 })));
      assert.deepEqual(sums, Array.from({ length: 20 }, (_, i) => i + 1));
      assert.equal(await slow, "slow");
      assert.equal(worker.inFlight, 0);
    } finally {
      await worker.close();
    }
  });

  it("throws the worker's error on the host, an AppError with its code and hint", async () => {
    const worker = client();
    try {
      await assert.rejects(worker.call("fail", { message: "broken shard", code: "INDEX_CORRUPT" }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, "INDEX_CORRUPT");
        assert.equal(error.hint, "a hint");
        assert.equal(error.message, "broken shard");
        return true;
      });
      await assert.rejects(worker.call("fail", { message: "bug" }), (error: unknown) => error instanceof Error && !(error instanceof AppError) && error.name === "TypeError" && error.message === "bug");
      assert.equal(await worker.call("add", { a: 1, b: 2 }), 3, "still answering");
    } finally {
      await worker.close();
    }
  });

  it("moves buffers in a transfer list instead of copying them, both ways", async () => {
    const worker = client();
    try {
      const values = Float64Array.from([1, 2, 3.5]);
      assert.equal(await worker.call("sum", values, { transfer: [values.buffer] }), 6.5);
      assert.equal(values.buffer.byteLength, 0, "the host's buffer moved to the worker");
      const ones = await worker.call("ones", 4);
      assert.deepEqual([...ones], [1, 1, 1, 1]);
      const copied = Float64Array.from([1, 1]);
      assert.equal(await worker.call("sum", copied), 2);
      assert.equal(copied.length, 2, "without a transfer list the host keeps its buffer");
    } finally {
      await worker.close();
    }
  });

  it("reports progress of a call", async () => {
    const worker = client();
    try {
      const seen: unknown[] = [];
      assert.equal(await worker.call("count", 3, { onProgress: (v) => seen.push(v) }), 3);
      assert.deepEqual(seen, [1, 2, 3]);
    } finally {
      await worker.close();
    }
  });

  it("cancels a call by its signal: it rejects at once and the worker's signal aborts", async () => {
    const worker = client();
    try {
      const controller = new AbortController();
      const waiting = worker.call("waitForCancel", "first", { signal: controller.signal });
      assert.equal(worker.inFlight, 1);
      controller.abort(new Error("shutting down"));
      await assert.rejects(waiting, /shutting down/);
      assert.equal(worker.inFlight, 0, "not waited for");
      await assert.rejects(worker.call("waitForCancel", "second", { signal: controller.signal }), /shutting down/, "an aborted signal is refused up front");
      for (let i = 0; i < 50 && (await worker.call("cancelled", undefined)).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(await worker.call("cancelled", undefined), ["first"]);
    } finally {
      await worker.close();
    }
  });

  it("rejects `ready`, and every call, with the worker's own reason when it cannot start", async () => {
    const worker = client({ refuse: "shard file is damaged", openMs: 20 });
    try {
      const early = worker.call("add", { a: 1, b: 1 });
      await assert.rejects(worker.ready, (error: unknown) => error instanceof AppError && error.code === "INDEX_CORRUPT" && error.message === "shard file is damaged");
      await assert.rejects(early, /shard file is damaged/);
      await assert.rejects(worker.call("add", { a: 1, b: 1 }), /shard file is damaged/);
    } finally {
      await worker.close();
    }
  });

  it("waits until idle, and close() ends the worker by message after the calls it holds are answered", async () => {
    const worker = client();
    await worker.ready;
    const answer = worker.call("later", { ms: 100, value: "answered" });
    let idle = false;
    const idled = worker.idle().then(() => (idle = true));
    assert.equal(idle, false);
    const closed = worker.close();
    assert.equal(await answer, "answered");
    await idled;
    await closed;
    await assert.rejects(worker.call("add", { a: 1, b: 1 }), /test worker has exited/);
    await worker.close(); // idempotent
  });

  it("fails the calls of a worker that dies and says so once; an intended end is no death", async () => {
    const deaths: Error[] = [];
    const worker = client({}, { onExit: (error) => deaths.push(error) });
    const pending = worker.call("later", { ms: 60_000, value: "never" });
    await assert.rejects(Promise.all([worker.call("exit", 3), pending]), /test worker exited \(code 3\)/);
    await assert.rejects(pending, /test worker exited \(code 3\)/);
    assert.equal(deaths.length, 1);
    assert.match(deaths[0]!.message, /exited \(code 3\)/);

    const ended: Error[] = [];
    const closed = client({}, { onExit: (error) => ended.push(error) });
    await closed.close();
    const terminated = client({}, { onExit: (error) => ended.push(error) });
    await terminated.ready;
    await terminated.terminate();
    assert.deepEqual(ended, []);
  });

  /** Runs `lines` in a process of their own (after `worker`, a client with unrefWhenIdle, is made) and returns what it printed. */
  async function inOwnProcess(workerData: object, lines: string[]): Promise<string> {
    const script = path.join(tempDir(), "rpc.mjs");
    await fs.writeFile(script, [
      `import { Worker } from "node:worker_threads";`,
      `import { WorkerClient } from ${JSON.stringify(new URL("../../src/util/worker-rpc.js", import.meta.url).href)};`,
      `const worker = new WorkerClient(new Worker(new URL(${JSON.stringify(WORKER.href)}), { workerData: ${JSON.stringify(workerData)} }), { name: "w", unrefWhenIdle: true });`,
      ...lines,
    ].join("\n"));
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 20000 });
    return stdout.trim();
  }

  it("with unrefWhenIdle, never keeps the process alive once its answers are in", async () => {
    assert.equal(await inOwnProcess({}, [`console.log(await worker.call("later", { ms: 200, value: "kept alive for the answer" }));`]), "kept alive for the answer");
  });

  it("with unrefWhenIdle, a worker closed before it is ready still keeps the process until it has exited", async () => {
    assert.equal(await inOwnProcess({ openMs: 200 }, [`await worker.close();`, `console.log("closed");`]), "closed");
  });
});
