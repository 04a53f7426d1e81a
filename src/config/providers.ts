/**
 * The model providers: which embedder and which LLM, where their servers are, and how
 * long a call may take. The default is model-free and offline (hashing embeddings,
 * extractive answers); a model server or a local ONNX model is switched on only by
 * these variables (docs/providers.md).
 */
import type { ProxyConfig } from "../net/proxy-config.js";
import { fromEnv, httpUrlProblem, oneOf, parseUrl, type Rule, type SettingsOf, text, wholeNumber } from "./settings.js";

export type EmbeddingsProvider = "hash" | "openai" | "ollama" | "onnx";
export type LlmProvider = "none" | "openai" | "ollama";

export const EMBEDDINGS_PROVIDERS: readonly EmbeddingsProvider[] = ["hash", "openai", "ollama", "onnx"];
export const LLM_PROVIDERS: readonly LlmProvider[] = ["none", "openai", "ollama"];

export const PROVIDER_SETTINGS = {
  /** The embedder: `hash` (model-free, offline), `openai` (any OpenAI-compatible /embeddings), `ollama`, or `onnx` (a local model). */
  CITEBOT_EMBEDDINGS: fromEnv(oneOf(EMBEDDINGS_PROVIDERS), "hash"),
  /** Embedding model; required for openai and ollama, an optional label for onnx (default: the directory name). */
  CITEBOT_EMBEDDINGS_MODEL: fromEnv(text),
  /** Vector length; unset: a remote model is probed once at start-up (one short string). */
  CITEBOT_EMBEDDINGS_DIMENSIONS: fromEnv(wholeNumber(1, 65_536)),
  /** Texts per embedding request (openai, ollama) or per inference run (onnx). */
  CITEBOT_EMBEDDINGS_BATCH: fromEnv(wholeNumber(1, 4096), 32),
  /** Budget for one embedding call, retries and back-off included, in ms. */
  CITEBOT_EMBEDDINGS_TIMEOUT_MS: fromEnv(wholeNumber(100, 3_600_000), 30_000),
  /** Local model directory for onnx (tokenizer.json and model.onnx or onnx/model.onnx); required for onnx. */
  CITEBOT_ONNX_DIR: fromEnv(text),
  /** The answerer: `none` (extractive answers), `openai` (any OpenAI-compatible /chat/completions) or `ollama`. */
  CITEBOT_LLM: fromEnv(oneOf(LLM_PROVIDERS), "none"),
  /** Chat model; required for openai and ollama. */
  CITEBOT_LLM_MODEL: fromEnv(text),
  /** Budget for one answer, retries and streaming included, in ms; past it the extractive answer is used. */
  CITEBOT_LLM_TIMEOUT_MS: fromEnv(wholeNumber(100, 3_600_000), 20_000),
  /** OpenAI-compatible server, including /v1 (checked only when an openai provider is chosen). */
  OPENAI_BASE_URL: fromEnv(text, "https://api.openai.com/v1"),
  /** Bearer token; required for api.openai.com, optional for a local server. A secret: never logged. */
  OPENAI_API_KEY: fromEnv(text),
  /** Ollama server root, without /api (checked only when an ollama provider is chosen). */
  OLLAMA_BASE_URL: fromEnv(text, "http://127.0.0.1:11434"),
};

export type ProviderSettings = SettingsOf<typeof PROVIDER_SETTINGS>;

/** Each server's setting, and a URL to show in its problem. */
const SERVERS = {
  openai: { name: "OPENAI_BASE_URL", example: "http://127.0.0.1:8000/v1" },
  ollama: { name: "OLLAMA_BASE_URL", example: "http://127.0.0.1:11434" },
} as const;
const EXAMPLE_MODELS = {
  embeddings: { openai: "text-embedding-3-small", ollama: "bge-m3" },
  llm: { openai: "gpt-4o-mini", ollama: "qwen2.5:7b" },
} as const;

export const PROVIDER_RULES: readonly Rule<ProviderSettings>[] = [
  // A server's URL is checked only when a chosen provider uses it.
  (s, report) => {
    for (const provider of ["openai", "ollama"] as const) {
      if (s.CITEBOT_EMBEDDINGS !== provider && s.CITEBOT_LLM !== provider) continue;
      const { name, example } = SERVERS[provider];
      const problem = httpUrlProblem(s[name], example);
      if (problem) report(name, problem);
    }
  },
  (s, report) => {
    if (s.CITEBOT_EMBEDDINGS !== "openai" && s.CITEBOT_LLM !== "openai") return;
    const base = serverRoot(s.OPENAI_BASE_URL);
    if (!s.OPENAI_API_KEY && parseUrl(base)?.hostname === "api.openai.com") {
      report("OPENAI_API_KEY", `is required for ${base} (set OPENAI_API_KEY, or set OPENAI_BASE_URL to a local OpenAI-compatible server such as vLLM or LM Studio, e.g. http://127.0.0.1:8000/v1)`);
    }
  },
  (s, report) => {
    const embeddings = s.CITEBOT_EMBEDDINGS;
    if ((embeddings === "openai" || embeddings === "ollama") && !s.CITEBOT_EMBEDDINGS_MODEL) {
      report("CITEBOT_EMBEDDINGS_MODEL", `is required when CITEBOT_EMBEDDINGS=${embeddings} (e.g. CITEBOT_EMBEDDINGS_MODEL=${EXAMPLE_MODELS.embeddings[embeddings]})`);
    }
    if (embeddings === "onnx" && !s.CITEBOT_ONNX_DIR) {
      report("CITEBOT_ONNX_DIR", "is required when CITEBOT_EMBEDDINGS=onnx (a local model directory with tokenizer.json and model.onnx or onnx/model.onnx; nothing is ever downloaded)");
    }
    const llm = s.CITEBOT_LLM;
    if (llm !== "none" && !s.CITEBOT_LLM_MODEL) {
      report("CITEBOT_LLM_MODEL", `is required when CITEBOT_LLM=${llm} (e.g. CITEBOT_LLM_MODEL=${EXAMPLE_MODELS.llm[llm]})`);
    }
  },
];

/** How an HTTP provider is reached and how hard we try. */
export interface HttpSettings {
  /** Base URL without a trailing slash (OpenAI-compatible: ends in /v1; Ollama: the server root). */
  baseUrl: string;
  /** Bearer token; never logged (it is among the logger's secrets). */
  apiKey?: string;
  /** Budget for one call, retries and back-off included. */
  timeoutMs: number;
  /** Retries after the first attempt, on 408/429/5xx and network errors. */
  retries: number;
  /** First back-off delay; doubles per retry (with jitter). */
  retryBaseMs: number;
  /** The proxy configuration (src/config/proxy.ts); default: direct. */
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

/** The providers section of the configuration, from valid settings. */
export function providerConfig(s: ProviderSettings, proxy: ProxyConfig): ProviderConfig {
  const http = (provider: string, timeoutMs: number, retries: number): HttpSettings | undefined =>
    provider === "openai"
      ? { baseUrl: serverRoot(s.OPENAI_BASE_URL), ...(s.OPENAI_API_KEY ? { apiKey: s.OPENAI_API_KEY } : {}), timeoutMs, retries, retryBaseMs: 250, proxy }
      : provider === "ollama"
        ? { baseUrl: serverRoot(s.OLLAMA_BASE_URL), timeoutMs, retries, retryBaseMs: 250, proxy }
        : undefined;
  const e = s.CITEBOT_EMBEDDINGS;
  const embeddingsHttp = http(e, s.CITEBOT_EMBEDDINGS_TIMEOUT_MS, 3);
  const l = s.CITEBOT_LLM;
  const llmHttp = http(l, s.CITEBOT_LLM_TIMEOUT_MS, 1);
  return {
    embeddings: {
      provider: e,
      ...(e !== "hash" && s.CITEBOT_EMBEDDINGS_MODEL ? { model: s.CITEBOT_EMBEDDINGS_MODEL } : {}),
      ...(e !== "hash" && s.CITEBOT_EMBEDDINGS_DIMENSIONS ? { dimensions: s.CITEBOT_EMBEDDINGS_DIMENSIONS } : {}),
      batchSize: s.CITEBOT_EMBEDDINGS_BATCH,
      ...(e === "onnx" && s.CITEBOT_ONNX_DIR ? { onnxDir: s.CITEBOT_ONNX_DIR } : {}),
      ...(embeddingsHttp ? { http: embeddingsHttp } : {}),
    },
    llm: {
      provider: l,
      ...(l !== "none" && s.CITEBOT_LLM_MODEL ? { model: s.CITEBOT_LLM_MODEL } : {}),
      ...(llmHttp ? { http: llmHttp } : {}),
      temperature: 0,
      maxPassages: 8,
    },
  };
}

/** A server's URL as requests are built on it: origin and path, no trailing slash. */
function serverRoot(text: string): string {
  const url = parseUrl(text);
  return url ? `${url.origin}${url.pathname}`.replace(/\/+$/, "") : text;
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
