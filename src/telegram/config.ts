/**
 * Telegram bot configuration, read from the environment.
 *
 * `parseTelegramConfig` never throws: it returns every problem at once so an
 * operator fixes the whole environment in one go. Problem messages name the
 * variable but never echo a secret value.
 */

/** Webhook mode settings (present only when `CITEBOT_WEBHOOK_URL` is set). */
export interface WebhookConfig {
  /** Public HTTPS URL Telegram posts updates to (`CITEBOT_WEBHOOK_URL`). */
  url: string;
  /** Path the local server accepts updates on: the path of `url` (default "/"). */
  path: string;
  /** Listen address (`CITEBOT_WEBHOOK_HOST`, default "0.0.0.0"). */
  host: string;
  /** Listen port (`CITEBOT_WEBHOOK_PORT`, default 8080; 0 picks a free port). */
  port: number;
  /** `secret_token` Telegram sends in `X-Telegram-Bot-Api-Secret-Token` (`CITEBOT_WEBHOOK_SECRET`, required). */
  secret: string;
}

export interface TelegramConfig {
  /** Bot token from BotFather (`TELEGRAM_BOT_TOKEN`, required). */
  token: string;
  /** Bot API server root without trailing slash (`TELEGRAM_API_ROOT`, default: grammY's https://api.telegram.org). */
  apiRoot?: string;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: WebhookConfig;
  /** User or chat ids allowed to use the bot (`CITEBOT_ALLOWED_IDS`, default empty = everyone). */
  allowedIds: readonly number[];
  /** User ids allowed to run operator commands; always allowed and never rate limited (`CITEBOT_ADMIN_IDS`, default none). */
  adminIds: readonly number[];
  /** Questions per minute per user; 0 disables the limit (`CITEBOT_RATE_LIMIT`, default 20). */
  rateLimitPerMinute: number;
  /** Questions (chat and inline) one user may have in flight at once; 0 disables the limit (`CITEBOT_MAX_JOBS_PER_USER`, default 2). */
  maxJobsPerUser: number;
  /** Longest accepted question in characters (`CITEBOT_MAX_QUESTION_CHARS`, default 1000). */
  maxQuestionChars: number;
  /** How long a chat's last question is kept for follow-ups, in seconds (`CITEBOT_SESSION_TTL_S`, default 600). */
  sessionTtlSeconds: number;
  /** Updates processed at once across chats (`CITEBOT_CONCURRENCY`, default 16); one chat is always sequential. */
  concurrency: number;
  /** On shutdown, how long in-flight answers may take to finish, in seconds (`CITEBOT_SHUTDOWN_TIMEOUT_S`, default 30). */
  shutdownTimeoutSeconds: number;
  /** Long-polling timeout passed to getUpdates, in seconds (`CITEBOT_POLL_TIMEOUT_S`, default 30). */
  pollTimeoutSeconds: number;
  /**
   * Answer questions on a worker thread, so the bot's event loop only does Telegram work
   * (`CITEBOT_ENGINE_THREAD`, 0 or 1, default 0). Pays off with a spare core; costs a second
   * copy of the index in memory.
   */
  engineThread: boolean;
  /**
   * LLM answers are shown as they are written, in one message edited at most once per this many
   * ms (`CITEBOT_STREAM_EDIT_MS`, default 1000; 0 sends the finished answer only). Telegram allows
   * about one message a second per chat, so values from 1 to 999 are refused.
   */
  streamEditMs: number;
}

export const TELEGRAM_DEFAULTS = {
  webhookHost: "0.0.0.0",
  webhookPort: 8080,
  rateLimitPerMinute: 20,
  maxJobsPerUser: 2,
  maxQuestionChars: 1000,
  sessionTtlSeconds: 600,
  concurrency: 16,
  shutdownTimeoutSeconds: 30,
  pollTimeoutSeconds: 30,
  engineThread: false,
  streamEditMs: 1000,
} as const;

/** BotFather tokens look like `123456789:AA...`; the secret part is never echoed. */
const TOKEN_RE = /^\d{3,}:[A-Za-z0-9_-]{20,}$/;
/** Telegram's allowed alphabet for `secret_token` (1–256 characters). */
const SECRET_RE = /^[A-Za-z0-9_-]{1,256}$/;

export function parseTelegramConfig(env: NodeJS.ProcessEnv): { config?: TelegramConfig; problems: string[] } {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const token = get("TELEGRAM_BOT_TOKEN");
  if (!token) {
    problems.push("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token.");
  } else if (!TOKEN_RE.test(token)) {
    problems.push("TELEGRAM_BOT_TOKEN does not look like a BotFather token (expected <digits>:<secret>).");
  }

  let apiRoot: string | undefined;
  const rawRoot = get("TELEGRAM_API_ROOT");
  if (rawRoot) {
    const url = parseUrl(rawRoot);
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      problems.push("TELEGRAM_API_ROOT must be an http(s) URL such as http://127.0.0.1:8081.");
    } else if (url.search || url.hash) {
      problems.push("TELEGRAM_API_ROOT must not contain a query string or fragment.");
    } else {
      // grammY rejects a trailing slash; accept it from humans and drop it.
      apiRoot = rawRoot.replace(/\/+$/, "");
    }
  }

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return Number(raw);
  };

  const rateLimitPerMinute = int("CITEBOT_RATE_LIMIT", TELEGRAM_DEFAULTS.rateLimitPerMinute, 0, 10_000);
  const maxJobsPerUser = int("CITEBOT_MAX_JOBS_PER_USER", TELEGRAM_DEFAULTS.maxJobsPerUser, 0, 1000);
  const maxQuestionChars = int("CITEBOT_MAX_QUESTION_CHARS", TELEGRAM_DEFAULTS.maxQuestionChars, 1, 100_000);
  const sessionTtlSeconds = int("CITEBOT_SESSION_TTL_S", TELEGRAM_DEFAULTS.sessionTtlSeconds, 1, 7 * 24 * 3600);
  const concurrency = int("CITEBOT_CONCURRENCY", TELEGRAM_DEFAULTS.concurrency, 1, 1000);
  const shutdownTimeoutSeconds = int("CITEBOT_SHUTDOWN_TIMEOUT_S", TELEGRAM_DEFAULTS.shutdownTimeoutSeconds, 0, 3600);
  const pollTimeoutSeconds = int("CITEBOT_POLL_TIMEOUT_S", TELEGRAM_DEFAULTS.pollTimeoutSeconds, 0, 50);
  const engineThread = int("CITEBOT_ENGINE_THREAD", Number(TELEGRAM_DEFAULTS.engineThread), 0, 1) === 1;
  let streamEditMs = int("CITEBOT_STREAM_EDIT_MS", TELEGRAM_DEFAULTS.streamEditMs, 0, 60_000);
  if (streamEditMs > 0 && streamEditMs < 1000) {
    problems.push(`CITEBOT_STREAM_EDIT_MS must be 0 (no streaming) or from 1000 to 60000: Telegram allows about one message a second per chat (got "${streamEditMs}").`);
    streamEditMs = TELEGRAM_DEFAULTS.streamEditMs;
  }
  const allowedIds = idList("CITEBOT_ALLOWED_IDS", get("CITEBOT_ALLOWED_IDS"), problems);
  const adminIds = idList("CITEBOT_ADMIN_IDS", get("CITEBOT_ADMIN_IDS"), problems);

  let webhook: WebhookConfig | undefined;
  const hookUrl = get("CITEBOT_WEBHOOK_URL");
  const secret = get("CITEBOT_WEBHOOK_SECRET");
  const port = int("CITEBOT_WEBHOOK_PORT", TELEGRAM_DEFAULTS.webhookPort, 0, 65_535);
  const host = get("CITEBOT_WEBHOOK_HOST") ?? TELEGRAM_DEFAULTS.webhookHost;
  if (hookUrl) {
    const url = parseUrl(hookUrl);
    if (!url) {
      problems.push("CITEBOT_WEBHOOK_URL must be an absolute URL such as https://bot.example.com/telegram.");
    } else if (url.protocol !== "https:" && !(url.protocol === "http:" && apiRoot)) {
      // The public Bot API only delivers to HTTPS; a self-hosted server may use plain HTTP.
      problems.push("CITEBOT_WEBHOOK_URL must use https:// (plain http:// only works with a self-hosted TELEGRAM_API_ROOT).");
    }
    if (!secret) {
      problems.push("CITEBOT_WEBHOOK_SECRET is required when CITEBOT_WEBHOOK_URL is set (1-256 characters: A-Z a-z 0-9 _ -).");
    } else if (!SECRET_RE.test(secret)) {
      problems.push("CITEBOT_WEBHOOK_SECRET may only contain A-Z a-z 0-9 _ - and be 1-256 characters long.");
    }
    if (url && secret) {
      webhook = { url: url.toString(), path: url.pathname || "/", host, port, secret };
    }
  } else if (secret) {
    problems.push("CITEBOT_WEBHOOK_SECRET is set but CITEBOT_WEBHOOK_URL is not; set both for webhook mode or neither for polling.");
  }

  if (problems.length > 0 || !token) return { problems };
  return {
    config: {
      token,
      apiRoot,
      webhook,
      allowedIds,
      adminIds,
      rateLimitPerMinute,
      maxJobsPerUser,
      maxQuestionChars,
      sessionTtlSeconds,
      concurrency,
      shutdownTimeoutSeconds,
      pollTimeoutSeconds,
      engineThread,
      streamEditMs,
    },
    problems,
  };
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

function idList(name: string, raw: string | undefined, problems: string[]): number[] {
  if (!raw) return [];
  const ids: number[] = [];
  for (const item of raw.split(/[,\s]+/).filter(Boolean)) {
    // Group and channel ids are negative (e.g. -1001234567890).
    if (/^-?\d{1,16}$/.test(item) && Number.isSafeInteger(Number(item))) ids.push(Number(item));
    else problems.push(`${name} contains "${item}", which is not a numeric Telegram user or chat id.`);
  }
  return ids;
}
