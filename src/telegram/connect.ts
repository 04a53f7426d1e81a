/**
 * The bot's first contact with the Bot API: getMe, retried with a capped
 * back-off until it works or the bot is stopped. Every failure is logged with
 * its reason and a hint (the first at warn, then at most one warning a
 * minute, the rest at debug), so a bot that cannot reach Telegram says so
 * instead of waiting in silence. A rejected token is fatal at once.
 *
 * grammY's own `bot.init()` retries getMe silently, forever, with a back-off
 * growing to 20 minutes, and a request with no route waits grammY's 500 s
 * timeout: here each attempt has its own timeout.
 */
import { GrammyError, HttpError, type Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { TelegramConfig } from "../config/telegram.js";
import { UsageError } from "../errors.js";
import type { Logger } from "../log.js";
import { retry } from "../util/retry.js";
import { anySignal, type SignalLike } from "./abort.js";
import { retryAfterMs } from "./network-retry.js";
import { tokenNeedles } from "./redact.js";
import { DEFAULT_API_ROOT } from "./target.js";

export interface ConnectRetry {
  /** Wait after the first failed getMe, doubling up to `maxMs` (a 429 waits its retry_after instead). */
  initialMs: number;
  maxMs: number;
  /** How long one getMe may take before it counts as failed. */
  attemptTimeoutMs: number;
  /** After the first warning, failures are logged at warn at most this often (at debug in between). */
  warnEveryMs: number;
}

export const DEFAULT_CONNECT_RETRY: ConnectRetry = { initialMs: 1000, maxMs: 30_000, attemptTimeoutMs: 10_000, warnEveryMs: 60_000 };

/** Why a getMe failed, in words, and what to check. */
export interface ConnectProblem {
  reason: string;
  hint: string;
}

const PROXY_HINT = "is Telegram reachable from here? If this network blocks it or needs a proxy, set CITEBOT_PROXY (check it if it is set)";

/**
 * Explains a failed getMe that is worth retrying (network errors, 5xx, 429). Never quotes the request URL, which holds the token.
 * `proxyLabel` (credentials masked) is the proxy the request went through: a refused connection or a name that does not
 * resolve is then the proxy's, which is what the operator must fix.
 */
export function explainConnectFailure(error: unknown, config: TelegramConfig, timedOutAfterMs?: number, proxyLabel?: string): ConnectProblem {
  const selfHosted = config.apiRoot !== undefined;
  const root = config.apiRoot ?? DEFAULT_API_ROOT;
  const unreachable = proxyLabel
    ? `is the proxy ${proxyLabel} running, and can it reach ${selfHosted ? root : "Telegram"}? Check CITEBOT_PROXY (or HTTPS_PROXY…)`
    : selfHosted ? `is the Bot API server at ${root} running and reachable from here?` : PROXY_HINT;
  if (timedOutAfterMs !== undefined) {
    const after = timedOutAfterMs >= 1000 ? `${Math.round(timedOutAfterMs / 1000)} s` : `${timedOutAfterMs} ms`;
    return { reason: `no answer within ${after}`, hint: unreachable };
  }
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return { reason: `rate limited (429), retry after ${error.parameters.retry_after ?? "?"} s`, hint: "Telegram asks the bot to slow down; it will retry by itself" };
    return { reason: `Telegram answered ${error.error_code} (${error.description})`, hint: "the Bot API is having trouble; it will retry by itself" };
  }
  const cause = error instanceof HttpError ? (error.error as { code?: unknown; type?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  if (cause?.type === "invalid-json") {
    return { reason: "the answer was not a Bot API response", hint: selfHosted ? "is TELEGRAM_API_ROOT the Bot API server's address?" : "a captive portal or a proxy may be answering instead of Telegram; set CITEBOT_PROXY if you need a proxy" };
  }
  switch (code) {
    case "ECONNREFUSED":
      return { reason: proxyLabel ? "the proxy refused the connection" : "connection refused", hint: unreachable };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      // Through an HTTP proxy or socks5h:// only the proxy's own name is looked up here; socks5:// looks up the server's too.
      if (proxyLabel) {
        const names = proxyLabel.startsWith("socks5:") ? `${hostOf(proxyLabel)} (the proxy) or ${hostOf(root)}` : `the proxy's host ${hostOf(proxyLabel)}`;
        return { reason: `cannot resolve ${names} (DNS)`, hint: "is the proxy's host name in CITEBOT_PROXY (or HTTPS_PROXY…) right? With socks5h:// the proxy resolves the server's name" };
      }
      return { reason: `cannot resolve ${hostOf(root)} (DNS)`, hint: selfHosted ? "is the host name in TELEGRAM_API_ROOT right?" : "check the network and DNS; if this host reaches the internet only through a proxy, set CITEBOT_PROXY" };
    case undefined:
      break;
    default:
      if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
        return { reason: `TLS error (${code})`, hint: "is a proxy intercepting HTTPS? Give Node its CA with NODE_EXTRA_CA_CERTS, or set CITEBOT_PROXY" };
      }
      return { reason: `network error (${code})`, hint: unreachable };
  }
  // Node's own message after "reason: " names the system error without the URL; scrub anyway.
  const detail = typeof cause?.message === "string" ? /reason: (.*)$/.exec(cause.message)?.[1] : undefined;
  const clean = detail && tokenNeedles(config.token).reduce((text, needle) => text.split(needle).join("***"), detail);
  return { reason: clean ? `network error (${clean})` : "network error", hint: unreachable };
}

function hostOf(root: string): string {
  try {
    return new URL(root).host;
  } catch {
    return root;
  }
}

/**
 * Fatal answers to getMe: 401 (the token was revoked or mistyped) and other
 * 4xx but 429. A configuration problem, so the CLI exits with code 2.
 */
function fatalConnectError(error: unknown): UsageError | undefined {
  if (!(error instanceof GrammyError) || error.error_code === 429 || error.error_code < 400 || error.error_code >= 500) return undefined;
  if (error.error_code === 401) {
    return new UsageError("Telegram rejected the token (401 Unauthorized) — check TELEGRAM_BOT_TOKEN", {
      code: "CONFIG_INVALID",
      hint: "copy it again from @BotFather; /revoke there makes old tokens invalid",
    });
  }
  return new UsageError(`Telegram refused getMe (${error.error_code}: ${error.description}) — check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT`, { code: "CONFIG_INVALID" });
}

export interface ConnectOptions {
  /** Stops retrying: the promise rejects (with the signal's reason) as soon as it aborts. */
  signal?: SignalLike & { reason?: unknown };
  retry?: ConnectRetry;
  /** The proxy Bot API calls go through (credentials masked), named in the reasons of failures. */
  proxyLabel?: string;
}

/** Calls getMe until it succeeds. Rejects with a UsageError for a rejected token, or when `signal` aborts. */
export async function connect(api: Api, config: TelegramConfig, logger: Logger, options: ConnectOptions = {}): Promise<UserFromGetMe> {
  const policy = options.retry ?? DEFAULT_CONNECT_RETRY;
  const stopped = () => options.signal?.reason ?? new Error("stopped");
  const started = Date.now();
  let lastWarning = -Infinity;
  let timedOut = false;
  if (options.signal?.aborted) throw stopped();
  return retry(
    async (failures) => {
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), policy.attemptTimeoutMs);
      const attempt = anySignal(options.signal, timeout.signal);
      try {
        const me = await api.getMe(attempt.signal as unknown as Parameters<Api["getMe"]>[0]);
        if (failures > 0) logger.info("connected to Telegram", { failures, after_s: Math.round((Date.now() - started) / 1000) });
        return me;
      } catch (error) {
        if (options.signal?.aborted) throw stopped();
        timedOut = timeout.signal.aborted;
        // Said once, by whoever reports the error (the CLI prints it and exits with code 2).
        throw fatalConnectError(error) ?? error;
      } finally {
        clearTimeout(timer);
        attempt.dispose();
      }
    },
    {
      delays: { initialMs: policy.initialMs, maxMs: policy.maxMs },
      retryable: (error) => !options.signal?.aborted && !(error instanceof UsageError),
      serverDelayMs: retryAfterMs,
      signal: options.signal as AbortSignal | undefined,
      onAbort: stopped,
      onRetry: ({ error, failures, delayMs }) => {
        const problem = explainConnectFailure(error, config, timedOut ? policy.attemptTimeoutMs : undefined, options.proxyLabel);
        const fields = { attempt: failures, ...problem, retry_in_s: Math.round(delayMs / 100) / 10 };
        if (Date.now() - lastWarning >= policy.warnEveryMs) {
          lastWarning = Date.now();
          logger.warn("cannot connect to Telegram, retrying", fields);
        } else {
          logger.debug("cannot connect to Telegram, retrying", fields);
        }
      },
    },
  );
}
