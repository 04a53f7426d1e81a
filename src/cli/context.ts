import type { App } from "../app.js";
import { type BotConfig, type Config, type ConfigFlags, configSecrets, parseConfig } from "../config/config.js";
import { terminalLine } from "../display-safe.js";
import { createLogger, type Logger } from "../log.js";
import type { CliIo } from "./io.js";

/** Options of the commands that keep running (chat, bot): whether they watch the corpus folder. */
export const WATCH_OPTIONS = {
  watch: { type: "boolean" },
  "no-watch": { type: "boolean" },
} as const;

export const WATCH_USAGE = "  --watch        index files added to, changed in or removed from the corpus folder while running\n                 (default; env CITEBOT_WATCH=1)\n  --no-watch     do not (env CITEBOT_WATCH=0); an index published by `citebot index` is picked up either way";

export const COMMON_USAGE = "  --corpus DIR   documents to answer from (default ./corpus, env CITEBOT_CORPUS)\n  --index DIR    where the index lives (default ./embeddings, env CITEBOT_INDEX)\n  --debug        debug logs and stack traces";

/** Parses configuration once (all problems at once) and builds the app for a command. */
export async function appFor(flags: ConfigFlags, io: CliIo): Promise<{ app: App; config: Config }> {
  const { config, logger } = configFor(flags, io);
  return { app: await configuredApp(config, logger, io), config };
}

/**
 * The configuration and the command's one logger, without creating providers. The logger
 * writes to stderr as the configuration says (the CLI: human-readable lines from warn; the
 * bot: JSON lines from info), control characters shown inert, secrets redacted.
 */
export function configFor(flags: ConfigFlags, io: CliIo): { config: Config; logger: Logger };
export function configFor(flags: ConfigFlags, io: CliIo, options: { bot: true }): { config: BotConfig; logger: Logger };
export function configFor(flags: ConfigFlags, io: CliIo, options: { bot?: boolean } = {}): { config: Config; logger: Logger } {
  const config = options.bot ? parseConfig(flags, io.env, io.cwd, { bot: true }) : parseConfig(flags, io.env, io.cwd);
  const logger = createLogger({
    level: config.log.level,
    pretty: config.log.format === "pretty",
    write: (line) => io.stderr.write(line + "\n"),
    secrets: configSecrets(io.env),
  });
  return { config, logger };
}

/** The app on the configured providers (a remote embedder is probed here); its notices go to stderr. */
export async function configuredApp(config: Config, logger: Logger, io: CliIo): Promise<App> {
  // Imported here: the engine's modules take ~0.6 s to load, which usage errors and the bot's first log line need not wait for.
  const { createConfiguredApp } = await import("../app.js");
  return createConfiguredApp(config, logger, (line) => io.stderr.write(terminalLine(line) + "\n"));
}
