/** Worker side of engine-thread.ts: opens the engine from the spec, then answers one request at a time. */
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
  port.on("message", (request: EngineRequest) => {
    engine.ask(request.question, { ...(request.context !== undefined ? { context: request.context } : {}), ...(request.k !== undefined ? { k: request.k } : {}) }).then(
      (answer: Answer) => port.postMessage({ id: request.id, answer } satisfies EngineResponse),
      (error: unknown) => port.postMessage({ id: request.id, error: serializeError(error) } satisfies EngineResponse),
    );
  });
  port.postMessage({ type: "ready" } satisfies EngineResponse);
}

main().catch((error: unknown) => port.postMessage({ type: "failed", error: serializeError(error) } satisfies EngineResponse));
