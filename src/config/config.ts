/**
 * The one configuration: every environment variable and flag citebot reads, each with
 * its default and meaning (here and in the section files), parsed and validated once at
 * the entry point into one typed `Config`, every problem reported at once.
 *
 *   paths, engine, logging   this file
 *   providers                providers.ts
 *   network (proxies)        proxy.ts
 *   telegram                 telegram.ts (`citebot bot` only)
 *
 * The kinds of value (one whole-number kind for every count, port and duration) and
 * the rules across settings are settings.ts.
 */
import os from "node:os";
import path from "node:path";
import * as v from "valibot";
import { DEFAULT_CHUNKER } from "../chunk/chunker.js";
import { UsageError } from "../errors.js";
import { OCR_WORDS } from "../ingest/extract/ocr.js";
import type { IndexSettings } from "../index/types.js";
import { DEFAULT_HNSW } from "../index/graph.js";
import type { LogLevel } from "../log.js";
import type { ProxyConfig } from "../net/proxy-config.js";
import { DEFAULT_BM25 } from "../search/bm25-options.js";
import { PROVIDER_RULES, PROVIDER_SETTINGS, type ProviderConfig, providerConfig, type ProviderSettings } from "./providers.js";
import { PROXY_RULES, PROXY_SETTINGS, proxyConfig, proxySecrets, type ProxySettings } from "./proxy.js";
import { flagSwitch, fromEnv, fromFlag, judged, oneOf, problemsOf, type Rule, type SettingsOf, settingsSchema, text, wholeNumber, zeroOrOne } from "./settings.js";
import { TELEGRAM_RULES, TELEGRAM_SETTINGS, type TelegramConfig, telegramConfig, type TelegramSettings } from "./telegram.js";

/** Everything the app needs, parsed and validated once at the entry point. Plain data: it crosses worker threads. */
export interface Config {
  paths: {
    /** Documents to answer from. */
    corpusDir: string;
    /** Where the index lives. */
    indexDir: string;
    /** `citebot chat`'s input history. */
    historyFile: string;
  };
  engine: {
    /** Citations per answer. */
    k: number;
  };
  /** How `chat` and `bot` follow changes while they run (src/live/); a new index generation is always picked up. */
  live: {
    /** Watch the corpus folder and index what changes in it. */
    watchCorpus: boolean;
  };
  /** How the index is built (chunker, HNSW, BM25): fixed defaults, which no variable sets. */
  index: IndexSettings;
  /** Embedding and LLM providers; default: model-free. */
  providers: ProviderConfig;
  /** The proxy for every outbound request, Bot API and providers alike; default: direct. */
  proxy: ProxyConfig;
  log: {
    level: LogLevel;
    /** `pretty` (one human-readable line per entry) for the CLI, `json` (one object per line) for the bot. */
    format: "pretty" | "json";
  };
  /**
   * The terminal's locale, as POSIX orders the variables (LC_ALL, else LC_MESSAGES, else LANG): the language of the
   * CLI's own lines that no question decides (chat's start-up lines, batch ask's summary); unset, "C" or "POSIX" leave
   * it to the corpus's language (lang/script.ts scriptFromLocale, corpusScript).
   */
  locale?: string;
  /** Present for `citebot bot` only. */
  telegram?: TelegramConfig;
}

/** The configuration `citebot bot` runs on: the Telegram section is there. */
export type BotConfig = Config & { telegram: TelegramConfig };

/** The flags every engine command takes, as `parseArgs` returns them. */
export interface ConfigFlags {
  corpus?: string;
  index?: string;
  k?: string;
  debug?: boolean;
  watch?: boolean;
  "no-watch"?: boolean;
}

export interface ConfigOptions {
  /** For `citebot bot`: read and check the Telegram variables too, and log as the bot does (JSON lines, from info). */
  bot?: boolean;
}

const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

/** A flag naming a directory: given empty, it is a problem. */
const directory = v.pipe(v.string(), judged<string>((text) => (text.trim() ? undefined : "needs a directory")));

/** Paths, engine and logging: flags first (each keyed by its name, so a problem names it), then variables. */
export const CORE_SETTINGS = {
  /** `--corpus DIR`: documents to answer from; wins over CITEBOT_CORPUS. */
  "--corpus": fromFlag(directory),
  /** `--index DIR`: where the index lives; wins over CITEBOT_INDEX. */
  "--index": fromFlag(directory),
  /** `-k N`: citations per answer. */
  "-k": fromFlag(wholeNumber(1, 20), 3),
  /** `--debug`: debug logs (and stack traces); wins over CITEBOT_LOG_LEVEL. */
  "--debug": flagSwitch,
  /** `--watch`: `chat` and `bot` watch the corpus folder; wins over CITEBOT_WATCH=0. */
  "--watch": flagSwitch,
  /** `--no-watch`: they do not; wins over CITEBOT_WATCH. */
  "--no-watch": flagSwitch,
  /**
   * 1: `chat` and `bot` index files added to, changed in or removed from the corpus folder while they run
   * (dropping a file into the corpus is the documented way to add one); 0 for a read-only corpus or a replica
   * that only answers from an index another process writes. Either way a newly published index is picked up.
   */
  CITEBOT_WATCH: fromEnv(zeroOrOne, true),
  /** Documents to answer from, relative to the working directory. */
  CITEBOT_CORPUS: fromEnv(text, "corpus"),
  /** Where the index lives, relative to the working directory. */
  CITEBOT_INDEX: fromEnv(text, "embeddings"),
  /** `citebot chat`'s input history; default: ~/.citebot_history. */
  CITEBOT_HISTORY_FILE: fromEnv(text),
  /**
   * OCR of scanned PDFs when tesseract (with chi_sim) and pdftoppm are installed: auto (default; also on, 1, true, yes) or
   * off (0, false, no). Checked here with everything else; the PDF extractor reads it (ingest/extract/ocr.ts ocrSetting).
   */
  CITEBOT_OCR: fromEnv(oneOf(OCR_WORDS), "auto"),
  /** debug, info, warn, error or silent; default: warn for the CLI, info for the bot. */
  CITEBOT_LOG_LEVEL: fromEnv(oneOf(LOG_LEVELS)),
  /** The locale (POSIX: the first of LC_ALL, LC_MESSAGES, LANG that is set): the CLI's own lines in zh_CN, zh_TW or English; default: the corpus's language. */
  LC_ALL: fromEnv(text),
  LC_MESSAGES: fromEnv(text),
  LANG: fromEnv(text),
};

type CoreSettings = SettingsOf<typeof CORE_SETTINGS>;
type AppSettings = CoreSettings & ProviderSettings & ProxySettings;

const CORE_RULES: readonly Rule<CoreSettings>[] = [
  (s, report) => {
    if (s["--watch"] && s["--no-watch"]) report("--no-watch", "cannot be given with --watch");
  },
];

const APP_RULES: readonly Rule<AppSettings>[] = [...CORE_RULES, ...PROVIDER_RULES, ...PROXY_RULES];

/** The one schema: every setting, the rules across them, and the typed configuration they make. */
function configSchema(context: { cwd: string; home: string; bot: boolean }) {
  const app = { ...CORE_SETTINGS, ...PROVIDER_SETTINGS, ...PROXY_SETTINGS };
  return context.bot
    ? settingsSchema({ ...TELEGRAM_SETTINGS, ...app }, [...TELEGRAM_RULES, ...APP_RULES], (s): Config => ({ ...appConfig(s, context), telegram: telegramConfig(s) }))
    : settingsSchema(app, APP_RULES, (s) => appConfig(s, context));
}

function appConfig(s: AppSettings, { cwd, home, bot }: { cwd: string; home: string; bot: boolean }): Config {
  const proxy = proxyConfig(s);
  const locale = s.LC_ALL ?? s.LC_MESSAGES ?? s.LANG;
  return {
    paths: {
      corpusDir: path.resolve(cwd, s["--corpus"] ?? s.CITEBOT_CORPUS),
      indexDir: path.resolve(cwd, s["--index"] ?? s.CITEBOT_INDEX),
      historyFile: path.resolve(cwd, s.CITEBOT_HISTORY_FILE ?? path.join(home, ".citebot_history")),
    },
    engine: { k: s["-k"] },
    live: { watchCorpus: s["--no-watch"] ? false : s["--watch"] || s.CITEBOT_WATCH },
    index: { chunker: DEFAULT_CHUNKER, hnsw: DEFAULT_HNSW, bm25: DEFAULT_BM25 },
    providers: providerConfig(s, proxy),
    proxy,
    log: { level: s["--debug"] ? "debug" : (s.CITEBOT_LOG_LEVEL ?? (bot ? "info" : "warn")), format: bot ? "json" : "pretty" },
    ...(locale ? { locale } : {}),
  };
}

/** Parses flags and environment; reports every problem at once (one `CONFIG_INVALID` usage error, exit code 2). */
export function parseConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv, cwd?: string, options?: ConfigOptions & { bot?: false }): Config;
export function parseConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv, cwd: string | undefined, options: { bot: true }): BotConfig;
export function parseConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv, cwd = process.cwd(), options: ConfigOptions = {}): Config {
  const { config, problems } = checkConfig(flags, env, cwd, options);
  if (!config) throw new UsageError(problems.join("; "), { code: "CONFIG_INVALID", ...(options.bot ? { hint: "see docs/telegram.md" } : {}) });
  return config;
}

/** Like `parseConfig`, but returns the problems instead of throwing them. */
export function checkConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv, cwd = process.cwd(), options: ConfigOptions = {}): { config?: Config; problems: string[] } {
  const input = { ...env, "--corpus": flags.corpus, "--index": flags.index, "-k": flags.k, "--debug": flags.debug, "--watch": flags.watch, "--no-watch": flags["no-watch"] };
  const result = v.safeParse(configSchema({ cwd, home: os.homedir(), bot: Boolean(options.bot) }), input);
  return result.success ? { config: result.output, problems: [] } : { problems: problemsOf(result.issues) };
}

/** The settings whose values are secrets. */
const SECRETS = ["TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "CITEBOT_WEBHOOK_SECRET", "CITEBOT_REDIS_URL"] as const satisfies readonly (keyof (AppSettings & TelegramSettings))[];

/** Values that must never reach a log line: the secret settings as given (valid or not), and proxy credentials in every printable form. */
export function configSecrets(env: NodeJS.ProcessEnv): string[] {
  return [...SECRETS.map((name) => env[name]), ...proxySecrets(env)].filter((s): s is string => Boolean(s));
}
