/** Worker side of engine-thread.ts: opens the engine from the spec, then answers questions (each cancellable). */
import { workerData } from "node:worker_threads";
import { createApp, createConfiguredApp, openEngine } from "../app.js";
import { createLogger } from "../log.js";
import { serve } from "../util/worker-rpc.js";
import type { EngineApi, EngineThreadSpec } from "./engine-thread.js";

const spec = workerData as EngineThreadSpec;

serve<EngineApi>(async () => {
  // The index was opened (and built if needed) by the bot's thread; notices would only repeat its own.
  const logger = createLogger({ level: "silent" });
  const app = spec.configuredProviders ? await createConfiguredApp(spec.config, logger, () => {}) : createApp(spec.config, logger, () => {});
  const engine = await openEngine(app);
  return {
    ask: ({ question, context, k }, { signal }) =>
      engine.ask(question, { ...(context !== undefined ? { context } : {}), ...(k !== undefined ? { k } : {}), ...(signal ? { signal } : {}) }),
  };
});
