/**
 * Provider configuration from the environment. The default is model-free and
 * offline (hashing embeddings, extractive answers); a model server or a local
 * ONNX model is switched on only by these variables (see docs/providers.md).
 */
import { DIRECT, type ProxyConfig } from "../net/proxy-config.js";

export type EmbeddingsProvider = "hash" | "openai" | "ollama" | "onnx";
export type LlmProvider = "none" | "openai" | "ollama";

export const EMBEDDINGS_PROVIDERS: readonly EmbeddingsProvider[] = ["hash", "openai", "ollama", "onnx"];
export const LLM_PROVIDERS: readonly LlmProvider[] = ["none", "openai", "ollama"];

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
export const DEFAULT_OLLAMA_BASE_URL = "http://127.0.0.1:11434";
export const DEFAULT_LLM_TIMEOUT_MS = 20_000;
export const DEFAULT_EMBEDDINGS_TIMEOUT_MS = 30_000;
export const DEFAULT_EMBEDDINGS_BATCH = 32;

/** How an HTTP provider is reached and how hard we try. */
export interface HttpSettings {
  /** Base URL without a trailing slash (OpenAI-compatible: ends in /v1; Ollama: the server root). */
  baseUrl: string;
  /** Bearer token; never logged (add it to the logger's secrets). */
  apiKey?: string;
  /** Budget for one call, retries and back-off included. */
  timeoutMs: number;
  /** Retries after the first attempt, on 408/429/5xx and network errors. */
  retries: number;
  /** First back-off delay; doubles per retry (with jitter). */
  retryBaseMs: number;
  /** The proxy configuration (CITEBOT_PROXY or HTTPS_PROXY/…/NO_PROXY; src/net/proxy-config.ts); default: direct. */
  proxy?: ProxyConfig;
}

export interface EmbeddingsConfig {
  provider: EmbeddingsProvider;
  /** Model name (openai, ollama); a label for onnx (default: the directory name). */
  model?: string;
  /** Expected vector length; when absent a remote model is probed once. */
  dimensions?: number;
  /** Texts per request (openai, ollama) or per inference run (onnx). */
  batchSize: number;
  /** Local model directory (onnx). */
  onnxDir?: string;
  /** openai and ollama only. */
  http?: HttpSettings;
}

export interface LlmConfig {
  provider: LlmProvider;
  model?: string;
  /** openai and ollama only. */
  http?: HttpSettings;
  /** Sampling temperature; 0 keeps quotes verbatim. */
  temperature: number;
  /** Passages put into the prompt (best first). */
  maxPassages: number;
}

export interface ProviderConfig {
  embeddings: EmbeddingsConfig;
  llm: LlmConfig;
}

/**
 * Reads the provider variables. Never throws: every problem is reported at once,
 * and `config` is still usable (falling back to the offline defaults where a value
 * was unusable) so `citebot stats` can show what it would run.
 */
export function parseProviderConfig(env: NodeJS.ProcessEnv, proxy: ProxyConfig = DIRECT): { config: ProviderConfig; problems: string[] } {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const embeddingsProvider = oneOf(get("CITEBOT_EMBEDDINGS"), "CITEBOT_EMBEDDINGS", EMBEDDINGS_PROVIDERS, "hash", problems);
  const llmProvider = oneOf(get("CITEBOT_LLM"), "CITEBOT_LLM", LLM_PROVIDERS, "none", problems);
  const usesOpenAI = embeddingsProvider === "openai" || llmProvider === "openai";
  const usesOllama = embeddingsProvider === "ollama" || llmProvider === "ollama";

  const openaiBase = baseUrl(get("OPENAI_BASE_URL") ?? DEFAULT_OPENAI_BASE_URL, "OPENAI_BASE_URL", usesOpenAI, problems);
  const apiKey = get("OPENAI_API_KEY");
  if (usesOpenAI && !apiKey && isOfficialOpenAI(openaiBase)) {
    problems.push(
      `OPENAI_API_KEY is required for ${openaiBase} (set OPENAI_API_KEY, or set OPENAI_BASE_URL to a local OpenAI-compatible server such as vLLM or LM Studio, e.g. http://127.0.0.1:8000/v1)`,
    );
  }
  const ollamaBase = baseUrl(get("OLLAMA_BASE_URL") ?? DEFAULT_OLLAMA_BASE_URL, "OLLAMA_BASE_URL", usesOllama, problems);

  const embeddingsTimeout = positiveInt(get("CITEBOT_EMBEDDINGS_TIMEOUT_MS"), "CITEBOT_EMBEDDINGS_TIMEOUT_MS", DEFAULT_EMBEDDINGS_TIMEOUT_MS, problems, 100);
  const llmTimeout = positiveInt(get("CITEBOT_LLM_TIMEOUT_MS"), "CITEBOT_LLM_TIMEOUT_MS", DEFAULT_LLM_TIMEOUT_MS, problems, 100);
  const batchSize = positiveInt(get("CITEBOT_EMBEDDINGS_BATCH"), "CITEBOT_EMBEDDINGS_BATCH", DEFAULT_EMBEDDINGS_BATCH, problems, 1, 4096);
  const dimensionsRaw = get("CITEBOT_EMBEDDINGS_DIMENSIONS");
  const dimensions = dimensionsRaw === undefined ? undefined : positiveInt(dimensionsRaw, "CITEBOT_EMBEDDINGS_DIMENSIONS", 0, problems, 1, 65_536) || undefined;

  const embeddingsModel = get("CITEBOT_EMBEDDINGS_MODEL");
  const onnxDir = get("CITEBOT_ONNX_DIR");
  if ((embeddingsProvider === "openai" || embeddingsProvider === "ollama") && !embeddingsModel) {
    const example = embeddingsProvider === "openai" ? "text-embedding-3-small" : "bge-m3";
    problems.push(`CITEBOT_EMBEDDINGS_MODEL is required when CITEBOT_EMBEDDINGS=${embeddingsProvider} (e.g. CITEBOT_EMBEDDINGS_MODEL=${example})`);
  }
  if (embeddingsProvider === "onnx" && !onnxDir) {
    problems.push("CITEBOT_ONNX_DIR is required when CITEBOT_EMBEDDINGS=onnx (a local model directory with tokenizer.json and model.onnx or onnx/model.onnx; nothing is ever downloaded)");
  }
  const llmModel = get("CITEBOT_LLM_MODEL");
  if (llmProvider !== "none" && !llmModel) {
    const example = llmProvider === "openai" ? "gpt-4o-mini" : "qwen2.5:7b";
    problems.push(`CITEBOT_LLM_MODEL is required when CITEBOT_LLM=${llmProvider} (e.g. CITEBOT_LLM_MODEL=${example})`);
  }

  const http = (provider: string, timeoutMs: number, retries: number): HttpSettings | undefined =>
    provider === "openai"
      ? { baseUrl: openaiBase, ...(apiKey ? { apiKey } : {}), timeoutMs, retries, retryBaseMs: 250, proxy }
      : provider === "ollama"
        ? { baseUrl: ollamaBase, timeoutMs, retries, retryBaseMs: 250, proxy }
        : undefined;

  const embeddingsHttp = http(embeddingsProvider, embeddingsTimeout, 3);
  const llmHttp = http(llmProvider, llmTimeout, 1);
  const config: ProviderConfig = {
    embeddings: {
      provider: embeddingsProvider,
      ...(embeddingsProvider !== "hash" && embeddingsModel ? { model: embeddingsModel } : {}),
      ...(embeddingsProvider !== "hash" && dimensions ? { dimensions } : {}),
      batchSize,
      ...(embeddingsProvider === "onnx" && onnxDir ? { onnxDir } : {}),
      ...(embeddingsHttp ? { http: embeddingsHttp } : {}),
    },
    llm: {
      provider: llmProvider,
      ...(llmProvider !== "none" && llmModel ? { model: llmModel } : {}),
      ...(llmHttp ? { http: llmHttp } : {}),
      temperature: 0,
      maxPassages: 8,
    },
  };
  return { config, problems };
}

/** One line per provider for `citebot stats` (never includes the API key). */
export function describeProviders(config: ProviderConfig): { embeddings: string; llm: string } {
  const e = config.embeddings;
  const embeddings =
    e.provider === "hash"
      ? "hash (model-free, offline)"
      : e.provider === "onnx"
        ? `onnx ${e.model ?? ""} (${e.onnxDir ?? "?"})`.replace("  ", " ")
        : `${e.provider} ${e.model ?? "?"} (${e.http?.baseUrl ?? "?"})`;
  const l = config.llm;
  const llm = l.provider === "none" ? "none (extractive answers)" : `${l.provider} ${l.model ?? "?"} (${l.http?.baseUrl ?? "?"}, timeout ${l.http?.timeoutMs ?? "?"} ms)`;
  return { embeddings, llm };
}

function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if ((allowed as readonly string[]).includes(lower)) return lower as T;
  problems.push(`${name} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`);
  return fallback;
}

function positiveInt(value: string | undefined, name: string, fallback: number, problems: string[], min = 1, max = 3_600_000): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    return fallback;
  }
  return Number(value);
}

function baseUrl(value: string, name: string, used: boolean, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    if (used) problems.push(`${name} must be an http(s) URL (got ${JSON.stringify(value)})`);
    return value;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    if (used) problems.push(`${name} must be an http(s) URL (got ${JSON.stringify(value)})`);
    return value;
  }
  if (url.search || url.hash) {
    if (used) problems.push(`${name} must not contain a query string or fragment (got ${JSON.stringify(value)})`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

function isOfficialOpenAI(base: string): boolean {
  try {
    return new URL(base).hostname === "api.openai.com";
  } catch {
    return false;
  }
}
