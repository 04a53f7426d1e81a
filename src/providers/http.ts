import type { HttpSettings } from "../config/providers.js";
import { ProviderError } from "../errors.js";
import type { Logger } from "../log.js";
import { proxyFailureReason } from "../net/failure.js";
import { type Network, sharedNetwork } from "../net/network.js";
import { retry } from "../util/retry.js";

/**
 * A small fetch-based client for model servers: one time budget per call
 * (retries and back-off included), retries with exponential back-off and jitter
 * on 408/429/5xx and network errors, honouring Retry-After, and the caller's
 * AbortSignal. Streaming calls retry only until the response headers arrive.
 */

export type FailureKind = "timeout" | "aborted" | "status" | "network" | "malformed" | "invalid";

/** A provider call that failed; `kind` says why (the answerer logs it, the CLI shows the message). */
export class ProviderCallError extends ProviderError {
  readonly kind: FailureKind;
  readonly status?: number;
  readonly retryable: boolean;
  /** Server-requested delay (Retry-After), in ms. */
  readonly retryAfterMs?: number;
  constructor(kind: FailureKind, message: string, options: { status?: number; retryable?: boolean; retryAfterMs?: number; hint?: string; cause?: unknown } = {}) {
    super("PROVIDER_FAILED", message, { hint: options.hint, cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface CallOptions extends HttpSettings {
  /** Names the provider in messages, e.g. "openai embeddings". */
  label: string;
  signal?: AbortSignal;
  logger?: Logger;
  /** Where requests go out (default: the process-wide network for `proxy`). */
  network?: Network;
}

/** Longest server-requested wait we honour (Retry-After), capped by the call budget anyway. */
const MAX_RETRY_AFTER_MS = 10_000;

/** POSTs JSON and returns the parsed JSON response. */
export async function postJson(path: string, body: unknown, options: CallOptions): Promise<unknown> {
  return withRetries(path, body, options, async (response) => {
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ProviderCallError("malformed", `${options.label}: malformed JSON from ${endpoint(options.baseUrl, path)}: ${snippet(text)}`);
    }
  });
}

export interface OpenStream {
  /** Lines of the response body (without line terminators), as they arrive. */
  lines: AsyncIterable<string>;
}

/** POSTs JSON and streams the response body line by line (SSE or NDJSON). The call budget covers the whole stream. */
export async function postStream(path: string, body: unknown, options: CallOptions): Promise<OpenStream> {
  return withRetries(path, body, options, async (response, signal) => {
    if (!response.body) throw new ProviderCallError("malformed", `${options.label}: empty response body from ${endpoint(options.baseUrl, path)}`);
    return { lines: readLines(response.body, signal, options) };
  });
}

async function withRetries<T>(path: string, body: unknown, options: CallOptions, read: (response: Response, signal: AbortSignal) => Promise<T>): Promise<T> {
  const url = endpoint(options.baseUrl, path);
  const network = options.network ?? (await sharedNetwork(options.proxy));
  const via = { ...options, proxyLabel: network.proxyLabel(url) };
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream, application/x-ndjson" };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const payload = JSON.stringify(body);
  const once = async () => {
    try {
      if (signal.aborted) throw signal.reason;
      const response = await network.fetch(url, { method: "POST", headers, body: payload, signal });
      if (!response.ok) {
        const text = await response.text().catch(() => "");
        const status = response.status;
        throw new ProviderCallError("status", `${options.label}: ${url} answered HTTP ${status}${text ? `: ${snippet(text)}` : ""}`, {
          status,
          retryable: status === 408 || status === 429 || status >= 500,
          retryAfterMs: retryAfter(response.headers.get("retry-after")),
          hint: statusHint(status, options),
        });
      }
      return await read(response, signal);
    } catch (raw) {
      throw classify(raw, signal, via, url);
    }
  };
  // Retry-After is waited (up to a cap) when it is longer than the back-off; no retry outlives the call's budget.
  return retry(once, {
    retries: options.retries,
    delays: { initialMs: options.retryBaseMs, maxMs: 8_000, jitter: 0.5 },
    retryable: (error) => (error as ProviderCallError).retryable,
    serverDelayMs: (error) => Math.min((error as ProviderCallError).retryAfterMs ?? 0, MAX_RETRY_AFTER_MS),
    serverDelay: "max",
    deadline,
    signal,
    onAbort: () => classify(signal.reason, signal, via, url),
    onRetry: ({ error, failures, delayMs }) =>
      options.logger?.debug("provider call failed; retrying", { provider: options.label, attempt: failures, delayMs: Math.round(delayMs), error: (error as Error).message }),
  });
}

/** What `classify` needs to word an error; `proxyLabel` names the proxy the call went through (credentials masked). */
type ClassifyOptions = Pick<CallOptions, "label" | "timeoutMs" | "signal" | "baseUrl"> & { proxyLabel?: string };

/** Turns whatever fetch or a reader threw into a ProviderCallError. */
export function classify(error: unknown, signal: AbortSignal, options: ClassifyOptions, url = options.baseUrl): ProviderCallError {
  if (error instanceof ProviderCallError) return error;
  if (signal.aborted) {
    if (options.signal?.aborted) return new ProviderCallError("aborted", `${options.label}: cancelled`, { cause: error });
    return new ProviderCallError("timeout", `${options.label}: no complete answer from ${url} within ${options.timeoutMs} ms`, {
      hint: "is the model server overloaded? raise the timeout (CITEBOT_LLM_TIMEOUT_MS / CITEBOT_EMBEDDINGS_TIMEOUT_MS) or use a smaller model",
      cause: error,
    });
  }
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code;
  if (error instanceof TypeError || code) {
    if (options.proxyLabel) {
      return new ProviderCallError("network", `${options.label}: cannot reach ${url} through the proxy ${options.proxyLabel} (${proxyFailureReason(error)})`, {
        retryable: true,
        hint: "is the proxy running and reachable, are its credentials right (CITEBOT_PROXY, or HTTPS_PROXY/HTTP_PROXY/ALL_PROXY), and can it reach the model server?",
        cause: error,
      });
    }
    const reason = code ? ` (${code})` : cause?.message ? ` (${cause.message})` : `: ${(error as Error).message}`;
    return new ProviderCallError("network", `${options.label}: cannot reach ${url}${reason}`, {
      retryable: true,
      hint: "is the model server running, and is its base URL (OPENAI_BASE_URL / OLLAMA_BASE_URL) right?",
      cause: error,
    });
  }
  return new ProviderCallError("malformed", `${options.label}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

async function* readLines(body: ReadableStream<Uint8Array>, signal: AbortSignal, options: CallOptions): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for await (const piece of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(piece, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf("\n")) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        yield line.endsWith("\r") ? line.slice(0, -1) : line;
      }
    }
    buffer += decoder.decode();
    if (buffer) yield buffer.endsWith("\r") ? buffer.slice(0, -1) : buffer;
  } catch (error) {
    throw classify(error, signal, options);
  }
}

function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function statusHint(status: number, options: CallOptions): string | undefined {
  if (status === 401 || status === 403) return "check OPENAI_API_KEY";
  if (status === 404) return `check the base URL (${options.baseUrl}) and the model name`;
  return undefined;
}

export function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
