/** Worker side of engine-thread.ts: opens a live engine from the spec, then answers questions (each cancellable) and reloads. */
import { workerData } from "node:worker_threads";
import { createApp, createConfiguredApp } from "../app.js";
import { openLive } from "../live/live.js";
import { createLogger } from "../log.js";
import { serve } from "../util/worker-rpc.js";
import type { EngineApi, EngineThreadSpec } from "./engine-thread.js";

const spec = workerData as EngineThreadSpec;

serve<EngineApi>(async () => {
  // The index was opened (and built if needed) by the bot's thread; notices would only repeat its own.
  const logger = createLogger({ level: "silent" });
  const app = spec.configuredProviders ? await createConfiguredApp(spec.config, logger, () => {}) : createApp(spec.config, logger, () => {});
  // The bot's thread watches the corpus and publishes; this one follows the manifest only. It lives as long as the thread.
  const { engine, reload } = await openLive(app, { watchCorpus: false });
  return {
    ask: ({ question, context, k }, { signal }) =>
      engine.ask(question, { ...(context !== undefined ? { context } : {}), ...(k !== undefined ? { k } : {}), ...(signal ? { signal } : {}) }),
    reload: () => reload(),
  };
});
