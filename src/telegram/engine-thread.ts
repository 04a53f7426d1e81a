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
 *
 * The worker answers from a live engine of its own (src/live/), which follows the
 * published index by itself; `reload()` makes it switch now, e.g. right after an upload.
 */
import { Worker } from "node:worker_threads";
import type { Config } from "../config/config.js";
import type { ReloadResult } from "../live/live-engine.js";
import type { Logger } from "../log.js";
import type { Answer, AskOptions, QaEngine } from "../types.js";
import { WorkerClient } from "../util/worker-rpc.js";

export interface EngineThreadSpec {
  /** The app configuration the engine was opened with (structured-cloneable). */
  config: Config;
  /** Open with the configured providers (createConfiguredApp) instead of the model-free defaults. */
  configuredProviders?: boolean;
}

/** What the worker answers (engine-worker.ts); a call made with a signal is cancelled on the worker when it aborts. */
export interface EngineApi {
  ask(request: { question: string; context?: AskOptions["context"]; k?: number }): Answer;
  reload(): ReloadResult;
}

export interface ThreadedEngine extends QaEngine {
  /** Waits for answers in progress, then ends the worker. Idempotent. */
  close(): Promise<void>;
  /** The worker's engine switches to the published index generation if it is a new one; undefined when the worker is gone. */
  reload(): Promise<ReloadResult | undefined>;
}

export async function answerOnThread(engine: QaEngine, spec: EngineThreadSpec, logger?: Logger): Promise<ThreadedEngine> {
  let alive = false;
  const worker = new WorkerClient<EngineApi>(new Worker(new URL("./engine-worker.js", import.meta.url), { workerData: spec }), {
    name: "engine thread",
    // Questions in progress then fail (the client rejects them), and later ones are answered on this thread.
    onExit: (error) => {
      if (!alive) return;
      alive = false;
      logger?.error("engine thread died; answering on the bot's thread", { error: error.message });
    },
  });
  await worker.ready.catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  alive = true;

  let closing: Promise<void> | undefined;
  return {
    streaming: engine.streaming,
    ask(question: string, options: AskOptions = {}): Promise<Answer> {
      // Streaming partials need the engine on this thread.
      if (!alive || closing || options.onPartial) return engine.ask(question, options);
      // Cancelled: the worker is told to stop, and the answer is not waited for (nor, by close(), is it).
      return worker.call("ask", { question, ...(options.context !== undefined ? { context: options.context } : {}), ...(options.k !== undefined ? { k: options.k } : {}) }, options.signal ? { signal: options.signal } : undefined);
    },
    sources: () => engine.sources(),
    passage: (chunkId, start, end) => engine.passage(chunkId, start, end),
    exampleQuestions: (count) => engine.exampleQuestions(count),
    // The worker's reload never fails by itself; a worker that died meanwhile answers nothing more, so there is nothing to switch.
    reload: async () => (alive && !closing ? worker.call("reload", undefined).catch(() => undefined) : undefined),
    close: () =>
      (closing ??= (async () => {
        await worker.idle();
        alive = false;
        await worker.terminate();
      })()),
  };
}
