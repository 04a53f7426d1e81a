/**
 * Loaded with `node --import` by tests that check what a command loads: every module
 * the process resolves through the ES module loader (module-log-hooks.ts) and every
 * CommonJS file it required is appended to the file named by CITEBOT_TEST_MODULE_LOG.
 */
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";

const log = process.env.CITEBOT_TEST_MODULE_LOG;
if (log) {
  register("./module-log-hooks.js", import.meta.url);
  const cache = createRequire(import.meta.url).cache;
  process.on("exit", () => appendFileSync(log, Object.keys(cache).map((file) => `${file}\n`).join("")));
}
