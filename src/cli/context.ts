import { type App, createConfiguredApp } from "../app.js";
import { type Config, type ConfigInput, parseConfig } from "../config.js";
import { terminalLine } from "../display-safe.js";
import { createLogger, type Logger } from "../log.js";
import { proxySecrets } from "../net/proxy-config.js";
import type { CliIo } from "./io.js";

/** Options every engine command accepts. */
export const COMMON_OPTIONS = {
  corpus: { type: "string" },
  index: { type: "string" },
  debug: { type: "boolean" },
} as const;

export const COMMON_USAGE = "  --corpus DIR   documents to answer from (default ./corpus, env CITEBOT_CORPUS)\n  --index DIR    where the index lives (default ./embeddings, env CITEBOT_INDEX)\n  --debug        debug logs and stack traces";

/** Parses configuration once (all problems at once) and builds the app for a command. */
export async function appFor(input: ConfigInput, io: CliIo): Promise<{ app: App; config: Config }> {
  const { config, logger } = configFor(input, io);
  const app = await createConfiguredApp(config, logger, (line) => io.stderr.write(terminalLine(line) + "\n"));
  return { app, config };
}

/** Configuration and the CLI's logger (human-readable on stderr, control characters shown inert; secrets redacted), without creating providers. */
export function configFor(input: ConfigInput, io: CliIo): { config: Config; logger: Logger } {
  const config = parseConfig(input, io.env, io.cwd);
  const logger = createLogger({ level: config.logLevel, pretty: true, write: (line) => io.stderr.write(line + "\n"), secrets: secretsOf(io.env) });
  return { config, logger };
}

/** Values that must never reach a log line (proxy URLs with credentials, and those credentials alone, included). */
export function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return [env.TELEGRAM_BOT_TOKEN, env.OPENAI_API_KEY, env.CITEBOT_WEBHOOK_SECRET, ...proxySecrets(env)].filter((s): s is string => Boolean(s));
}
