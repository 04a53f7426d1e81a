import path from "node:path";
import { DEFAULT_CHUNKER } from "./chunk/chunker.js";
import { UsageError } from "./errors.js";
import type { IndexSettings } from "./index/types.js";
import { DEFAULT_HNSW } from "./index/vectors.js";
import type { LogLevel } from "./log.js";
import { type ProxyConfig, parseProxyConfig } from "./net/proxy-config.js";
import { type ProviderConfig, parseProviderConfig } from "./providers/config.js";
import { DEFAULT_BM25 } from "./search/bm25.js";

/** Everything the app needs, parsed and validated once at the entry point. */
export interface Config {
  /** Corpus directory. Default ./corpus (flag --corpus, env CITEBOT_CORPUS). */
  corpusDir: string;
  /** Index directory. Default ./embeddings (flag --index, env CITEBOT_INDEX). */
  indexDir: string;
  /** Citations per answer. Default 3 (flag -k). */
  k: number;
  /** Log level. Default "warn" for the CLI (env CITEBOT_LOG_LEVEL, flag --debug sets "debug"). */
  logLevel: LogLevel;
  debug: boolean;
  index: IndexSettings;
  /** Embedding and LLM providers (CITEBOT_EMBEDDINGS, CITEBOT_LLM, …; see docs/providers.md). Default: model-free. */
  providers: ProviderConfig;
  /** Proxy for every outbound request, Bot API and providers alike (CITEBOT_PROXY, or HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY). */
  proxy: ProxyConfig;
}

export interface ConfigInput {
  corpus?: string;
  index?: string;
  k?: string;
  debug?: boolean;
}

const LEVELS: LogLevel[] = ["debug", "info", "warn", "error", "silent"];

/** Parses flags and environment; reports every problem at once in one UsageError. */
export function parseConfig(input: ConfigInput, env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const { config, problems } = checkConfig(input, env, cwd);
  if (!config) throw new UsageError(problems.join("; "), { code: "CONFIG_INVALID" });
  return config;
}

/** Like `parseConfig`, but returns the problems (for a command that reports them together with its own). */
export function checkConfig(input: ConfigInput, env: NodeJS.ProcessEnv, cwd = process.cwd()): { config?: Config; problems: string[] } {
  const problems: string[] = [];
  const k = input.k === undefined ? 3 : Number(input.k);
  if (!Number.isInteger(k) || k < 1 || k > 20) problems.push(`-k must be an integer from 1 to 20 (got ${JSON.stringify(input.k)})`);
  const level = (env.CITEBOT_LOG_LEVEL ?? "warn").toLowerCase() as LogLevel;
  if (!LEVELS.includes(level)) problems.push(`CITEBOT_LOG_LEVEL must be one of ${LEVELS.join(", ")} (got ${JSON.stringify(env.CITEBOT_LOG_LEVEL)})`);
  for (const [name, value] of [["--corpus", input.corpus], ["--index", input.index]] as const) {
    if (value !== undefined && value.trim() === "") problems.push(`${name} needs a directory`);
  }
  const proxy = parseProxyConfig(env);
  problems.push(...proxy.problems);
  const providers = parseProviderConfig(env, proxy.config);
  problems.push(...providers.problems);
  if (problems.length) return { problems };
  const config: Config = {
    corpusDir: path.resolve(cwd, input.corpus || env.CITEBOT_CORPUS || "corpus"),
    indexDir: path.resolve(cwd, input.index || env.CITEBOT_INDEX || "embeddings"),
    k,
    logLevel: input.debug ? "debug" : level,
    debug: Boolean(input.debug),
    index: { chunker: DEFAULT_CHUNKER, hnsw: DEFAULT_HNSW, bm25: DEFAULT_BM25 },
    providers: providers.config,
    proxy: proxy.config,
  };
  return { config, problems };
}
