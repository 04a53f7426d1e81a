/** Quiet, structured logs: one JSON object per line on stderr. Never log tokens or full user messages at info. */
import { jsonTerminalSafe, terminalLine } from "./display-safe.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  /** Strings that must never appear in output (e.g. the bot token); replaced by "***". */
  secrets?: string[];
  /** Human-readable lines ("warn: msg key=value") instead of JSON. Default false. */
  pretty?: boolean;
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const level = options.level ?? "info";
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const redact = (line: string) => secrets.reduce((acc, s) => acc.split(s).join("***"), line);
  const emit = (lvl: LogLevel, msg: string, fields?: LogFields) => {
    if (RANK[lvl] < RANK[level]) return;
    const all = { ...bound, ...fields };
    // Messages and fields quote file names and document text: a log line never carries a live control character.
    const line = options.pretty
      ? terminalLine(`${lvl}: ${msg}${Object.entries(all).map(([k, v]) => ` ${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join("")}`)
      : jsonTerminalSafe(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...all }, errorReplacer));
    write(redact(line));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/** A logger that records lines in memory, for tests. */
export function createMemoryLogger(level: LogLevel = "debug", secrets: string[] = []): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level, secrets, write: (l) => lines.push(l) }), { lines });
}

/** Discards everything: for a second pass over something another step already reports (e.g. listing the corpus again). */
export const silentLogger: Logger = createLogger({ level: "silent" });
