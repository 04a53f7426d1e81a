/** A worker for test/util/worker-rpc.test.ts: small methods that exercise each part of the protocol. */
import { setTimeout as sleep } from "node:timers/promises";
import { isMainThread, workerData } from "node:worker_threads";
import { AppError } from "../../src/errors.js";
import { serve, transferring } from "../../src/util/worker-rpc.js";

export interface TestApi {
  add(numbers: { a: number; b: number }): number;
  later(request: { ms: number; value: string }): string;
  fail(error: { message: string; code?: "INDEX_CORRUPT" }): never;
  sum(values: Float64Array): number;
  ones(length: number): Float64Array;
  count(steps: number): number;
  waitForCancel(name: string): void;
  cancelled(): string[];
  exit(code: number): void;
}

const options = (workerData ?? {}) as { refuse?: string; openMs?: number };
const cancelled: string[] = [];

// node --test runs every file under dist/test, this one too: it serves only as a worker.
if (!isMainThread) serve<TestApi>(async () => {
  if (options.openMs) await sleep(options.openMs);
  if (options.refuse) throw new AppError("INDEX_CORRUPT", options.refuse, { hint: "rebuild it" });
  return {
    add: ({ a, b }) => a + b,
    later: async ({ ms, value }) => (await sleep(ms), value),
    fail: ({ message, code }) => {
      throw code ? new AppError(code, message, { hint: "a hint" }) : new TypeError(message);
    },
    sum: (values) => values.reduce((a, b) => a + b, 0),
    ones: (length) => {
      const out = new Float64Array(length).fill(1);
      return transferring(out, [out.buffer]);
    },
    count: (steps, call) => {
      for (let i = 1; i <= steps; i++) call.progress(i);
      return steps;
    },
    waitForCancel: (name, call) =>
      new Promise<void>((resolve) =>
        call.signal!.addEventListener("abort", () => {
          cancelled.push(name);
          resolve();
        }),
      ),
    cancelled: () => cancelled,
    exit: (code) => process.exit(code),
  };
});
