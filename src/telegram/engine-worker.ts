/** Worker side of engine-thread.ts: opens the engine from the spec, then answers requests (each cancellable by id). */
import { parentPort, workerData } from "node:worker_threads";
import { createApp, createConfiguredApp, openEngine } from "../app.js";
import { createLogger } from "../log.js";
import type { Answer } from "../types.js";
import { serializeError, type EngineRequest, type EngineResponse, type EngineThreadSpec } from "./engine-thread.js";

const port = parentPort!;
const spec = workerData as EngineThreadSpec;

async function main(): Promise<void> {
  // The index was opened (and built if needed) by the bot's thread; notices would only repeat its own.
  const logger = createLogger({ level: "silent" });
  const app = spec.configuredProviders ? await createConfiguredApp(spec.config, logger, () => {}) : createApp(spec.config, logger, () => {});
  const engine = await openEngine(app);
  const inProgress = new Map<number, AbortController>();
  port.on("message", (request: EngineRequest) => {
    if ("cancel" in request) return void inProgress.get(request.id)?.abort();
    const controller = new AbortController();
    inProgress.set(request.id, controller);
    engine
      .ask(request.question, { ...(request.context !== undefined ? { context: request.context } : {}), ...(request.k !== undefined ? { k: request.k } : {}), signal: controller.signal })
      .then(
        (answer: Answer) => port.postMessage({ id: request.id, answer } satisfies EngineResponse),
        (error: unknown) => port.postMessage({ id: request.id, error: serializeError(error) } satisfies EngineResponse),
      )
      .finally(() => inProgress.delete(request.id));
  });
  port.postMessage({ type: "ready" } satisfies EngineResponse);
}

main().catch((error: unknown) => port.postMessage({ type: "failed", error: serializeError(error) } satisfies EngineResponse));
