import { type App, createApp } from "../app.js";
import { type Config, type ConfigInput, parseConfig } from "../config.js";
import { createLogger } from "../log.js";
import type { CliIo } from "./io.js";

/** Options every engine command accepts. */
export const COMMON_OPTIONS = {
  corpus: { type: "string" },
  index: { type: "string" },
  debug: { type: "boolean" },
} as const;

export const COMMON_USAGE = "  --corpus DIR   documents to answer from (default ./corpus, env CITEBOT_CORPUS)\n  --index DIR    where the index lives (default ./embeddings, env CITEBOT_INDEX)\n  --debug        debug logs and stack traces";

/** Parses configuration once and builds the app for a command. */
export function appFor(input: ConfigInput, io: CliIo): { app: App; config: Config } {
  const config = parseConfig(input, io.env, io.cwd);
  const logger = createLogger({ level: config.logLevel, pretty: true, write: (line) => io.stderr.write(line + "\n"), secrets: [io.env.TELEGRAM_BOT_TOKEN ?? ""] });
  const app = createApp(config, logger, (line) => io.stderr.write(line + "\n"));
  return { app, config };
}
