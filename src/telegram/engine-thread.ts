/**
 * Answers on a worker thread, so the bot's event loop only does Telegram work
 * (updates, formatting, HTTP) while questions are being answered. On the
 * bundled corpus the engine's answer is most of the bot thread's CPU per
 * question; with it on its own thread, two cores serve a busy bot in parallel.
 *
 * `answerOnThread(engine, spec)` returns a `QaEngine` whose `ask` runs on the
 * worker (which opens the same index, read-only, from `spec`); `sources`,
 * `passage` and `exampleQuestions` stay on the given engine (cheap lookups,
 * and synchronous in the interface). Errors keep their `AppError` code, so
 * "question too long" still gets its message. `close()` waits for the answers
 * in progress, then ends the worker. A question asked with a `signal` is
 * cancelled on the worker when it aborts, and its promise rejects at once. If the worker dies, questions in
 * progress fail (the bot apologises) and later ones are answered on the
 * calling thread by `engine`, so the bot never stops answering.
 */
import { Worker } from "node:worker_threads";
import type { Config } from "../config/config.js";
import { AppError, type ErrorCode } from "../errors.js";
import type { Logger } from "../log.js";
import type { Answer, AskOptions, QaEngine } from "../types.js";

export interface EngineThreadSpec {
  /** The app configuration the engine was opened with (structured-cloneable). */
  config: Config;
  /** Open with the configured providers (createConfiguredApp) instead of the model-free defaults. */
  configuredProviders?: boolean;
}

/** Main → worker: a question, or the cancellation of one. */
export type EngineRequest = { id: number; question: string; context?: string; k?: number } | { id: number; cancel: true };
/** Worker → main. */
export type EngineResponse =
  | { type: "ready" }
  | { type: "failed"; error: SerializedError }
  | { id: number; answer: Answer }
  | { id: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  code?: ErrorCode;
  hint?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) return { name: error.name, message: error.message, code: error.code, hint: error.hint };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

function deserializeError(e: SerializedError): Error {
  const error = e.code ? new AppError(e.code, e.message, { hint: e.hint }) : new Error(e.message);
  error.name = e.name;
  return error;
}

export interface ThreadedEngine extends QaEngine {
  /** Waits for answers in progress, then ends the worker. Idempotent. */
  close(): Promise<void>;
}

export async function answerOnThread(engine: QaEngine, spec: EngineThreadSpec, logger?: Logger): Promise<ThreadedEngine> {
  const worker = new Worker(new URL("./engine-worker.js", import.meta.url), { workerData: spec });
  const pending = new Map<number, { resolve(a: Answer): void; reject(e: unknown): void }>();
  let nextId = 0;
  let alive = true;
  let idle: (() => void) | undefined;

  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: EngineResponse) => {
      if (!("type" in m)) return;
      worker.off("error", onError);
      worker.off("message", onMessage);
      if (m.type === "ready") resolve();
      else reject(deserializeError(m.error));
    };
    const onError = (error: unknown) => {
      worker.off("message", onMessage);
      reject(error);
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  const settle = (id: number) => {
    const p = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) idle?.();
    return p;
  };
  worker.on("message", (m: EngineResponse) => {
    if ("type" in m) return;
    const p = settle(m.id);
    if (!p) return;
    if ("answer" in m) p.resolve(m.answer);
    else p.reject(deserializeError(m.error));
  });
  const onDeath = (error: unknown) => {
    if (!alive) return;
    alive = false;
    logger?.error("engine thread died; answering on the bot's thread", { error: error instanceof Error ? error.message : String(error) });
    for (const id of [...pending.keys()]) settle(id)!.reject(error instanceof Error ? error : new Error(String(error)));
  };
  worker.on("error", onDeath);
  worker.on("exit", (code) => onDeath(new Error(`engine thread exited (code ${code})`)));

  let closing: Promise<void> | undefined;
  return {
    streaming: engine.streaming,
    ask(question: string, options: AskOptions = {}): Promise<Answer> {
      // Streaming partials need the engine on this thread.
      if (!alive || closing || options.onPartial) return engine.ask(question, options);
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const id = ++nextId;
      return new Promise<Answer>((resolve, reject) => {
        // Cancelled: the worker is told to stop, and the answer is not waited for (nor, by close(), is it).
        const onAbort = () => {
          if (!settle(id)) return;
          worker.postMessage({ id, cancel: true } satisfies EngineRequest);
          reject(signal!.reason);
        };
        const done = () => signal?.removeEventListener("abort", onAbort);
        pending.set(id, {
          resolve: (answer) => (done(), resolve(answer)),
          reject: (error) => (done(), reject(error)),
        });
        signal?.addEventListener("abort", onAbort, { once: true });
        worker.postMessage({ id, question, ...(options.context !== undefined ? { context: options.context } : {}), ...(options.k !== undefined ? { k: options.k } : {}) } satisfies EngineRequest);
      });
    },
    sources: () => engine.sources(),
    passage: (chunkId, start, end) => engine.passage(chunkId, start, end),
    exampleQuestions: (count) => engine.exampleQuestions(count),
    close: () =>
      (closing ??= (async () => {
        if (pending.size > 0) await new Promise<void>((resolve) => (idle = resolve));
        alive = false;
        await worker.terminate();
      })()),
  };
}
