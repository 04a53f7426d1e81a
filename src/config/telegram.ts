/**
 * The Telegram bot: its token and server, webhook or long polling, who may use it and
 * how much. Read only by `citebot bot` (docs/telegram.md); other commands never look at
 * these variables. No problem echoes the token or the webhook secret.
 */
import * as v from "valibot";
import { absoluteUrl, fromEnv, httpUrl, judged, matching, parseUrl, requiredEnv, type Rule, type SettingsOf, text, wholeNumber, zeroOrOne } from "./settings.js";

/** BotFather tokens look like `123456789:AA...`. */
const TOKEN_RE = /^\d{3,}:[A-Za-z0-9_-]{20,}$/;
/** Telegram's allowed alphabet for `secret_token` (1–256 characters). */
const SECRET_RE = /^[A-Za-z0-9_-]{1,256}$/;

/** User and chat ids, separated by commas or spaces; group and channel ids are negative (e.g. -1001234567890). */
const idList = v.pipe(
  v.string(),
  judged<string>((text) => idItems(text).filter((item) => !isId(item)).map((item) => `contains ${JSON.stringify(item)}, which is not a numeric Telegram user or chat id`)),
  v.transform((text): readonly number[] => idItems(text).map(Number)),
);
const idItems = (text: string) => text.split(/[,\s]+/).filter(Boolean);
const isId = (item: string) => /^-?\d{1,16}$/.test(item) && Number.isSafeInteger(Number(item));

/** Admins are people: user ids are positive (a negative id is a group or channel). */
const userIdList = v.pipe(
  idList,
  judged<readonly number[]>((ids) => ids.filter((id) => id <= 0).map((id) => `contains ${id}, which is a group or channel id; admins are users (positive ids, e.g. from @userinfobot)`)),
);

/** A Redis URL; the text is never echoed, as it may hold a password. */
const redisUrl = v.pipe(
  v.string(),
  judged<string>((text) =>
    ["redis:", "rediss:"].includes(parseUrl(text)?.protocol ?? "") ? undefined : "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379/0",
  ),
);

const NO_IDS: readonly number[] = Object.freeze([]);

export const TELEGRAM_SETTINGS = {
  /** Bot token from @BotFather; required. A secret: never logged. */
  TELEGRAM_BOT_TOKEN: requiredEnv(
    matching(TOKEN_RE, "does not look like a BotFather token (expected <digits>:<secret>)"),
    "is not set: create a bot with @BotFather and export its token",
  ),
  /** Bot API server root, e.g. a self-hosted server; default: grammY's https://api.telegram.org. */
  TELEGRAM_API_ROOT: fromEnv(httpUrl("http://127.0.0.1:8081")),
  /** Public URL Telegram posts updates to: set, webhook mode; unset, long polling. Its path is where the local server listens. */
  CITEBOT_WEBHOOK_URL: fromEnv(absoluteUrl("https://bot.example.com/telegram")),
  /** `secret_token` every webhook request must carry; required with a webhook URL. A secret: never logged. */
  CITEBOT_WEBHOOK_SECRET: fromEnv(matching(SECRET_RE, "may only contain A-Z a-z 0-9 _ - and be 1-256 characters long")),
  /** Listen address of the webhook server. */
  CITEBOT_WEBHOOK_HOST: fromEnv(text, "0.0.0.0"),
  /** Port of the webhook server; 0 picks a free one. */
  CITEBOT_WEBHOOK_PORT: fromEnv(wholeNumber(0, 65_535), 8080),
  /**
   * Redis holding the state several webhook replicas share (de-duplication, per-chat order, rate limits, jobs in
   * flight, follow-up memory, citation buttons, index generation announcements), e.g. redis://127.0.0.1:6379/0
   * (rediss:// for TLS; a password goes in the URL, which is never logged). Unset: all of it in memory, one instance.
   * See docs/scaling.md.
   */
  CITEBOT_REDIS_URL: fromEnv(redisUrl),
  /** User or chat ids allowed to use the bot; unset: everyone. */
  CITEBOT_ALLOWED_IDS: fromEnv(idList, NO_IDS),
  /**
   * User ids of the bot's admins: they may add documents (send a file), remove them (/remove) and see /stats;
   * always allowed, never rate limited. Unset: nobody (documents change only through the corpus folder).
   */
  CITEBOT_ADMIN_IDS: fromEnv(userIdList, NO_IDS),
  /** Questions per minute per user; 0 disables the limit. */
  CITEBOT_RATE_LIMIT: fromEnv(wholeNumber(0, 10_000), 20),
  /** Questions (chat and inline) one user may have in flight at once; 0 disables the limit. */
  CITEBOT_MAX_JOBS_PER_USER: fromEnv(wholeNumber(0, 1000), 2),
  /** Longest accepted question, in characters. */
  CITEBOT_MAX_QUESTION_CHARS: fromEnv(wholeNumber(1, 100_000), 1000),
  /** How long a chat's last question is kept for follow-ups, in seconds. */
  CITEBOT_SESSION_TTL_S: fromEnv(wholeNumber(1, 7 * 24 * 3600), 600),
  /** Updates processed at once across chats; one chat is always sequential. */
  CITEBOT_CONCURRENCY: fromEnv(wholeNumber(1, 1000), 16),
  /** On shutdown, how long in-flight answers may take to finish, in seconds. */
  CITEBOT_SHUTDOWN_TIMEOUT_S: fromEnv(wholeNumber(0, 3600), 30),
  /** Long-polling timeout passed to getUpdates, in seconds. */
  CITEBOT_POLL_TIMEOUT_S: fromEnv(wholeNumber(0, 50), 30),
  /** 1: answer questions on a worker thread (pays off with a spare core; costs a second copy of the index in memory). */
  CITEBOT_ENGINE_THREAD: fromEnv(zeroOrOne, false),
  /**
   * With an LLM, an answer is shown as it is written, in one message edited at most once per this many
   * ms; 0 sends the finished answer only. Telegram allows about one message a second per chat, so
   * 1 to 999 are refused.
   */
  CITEBOT_STREAM_EDIT_MS: fromEnv(
    v.pipe(
      wholeNumber(0, 60_000),
      judged<number>((ms) =>
        ms === 0 || ms >= 1000 ? undefined : `must be 0 (no streaming) or from 1000 to 60000: Telegram allows about one message a second per chat (got "${ms}")`,
      ),
    ),
    1000,
  ),
};

export type TelegramSettings = SettingsOf<typeof TELEGRAM_SETTINGS>;

export const TELEGRAM_RULES: readonly Rule<TelegramSettings>[] = [
  (s, report, invalid) => {
    const url = s.CITEBOT_WEBHOOK_URL;
    const protocol = url === undefined ? undefined : parseUrl(url)?.protocol;
    // The public Bot API only delivers to HTTPS; a self-hosted server may use plain HTTP.
    if (protocol && protocol !== "https:" && !(protocol === "http:" && s.TELEGRAM_API_ROOT)) {
      report("CITEBOT_WEBHOOK_URL", "must use https:// (plain http:// only works with a self-hosted TELEGRAM_API_ROOT)");
    }
    const urlSet = url !== undefined || invalid.has("CITEBOT_WEBHOOK_URL");
    const secretSet = s.CITEBOT_WEBHOOK_SECRET !== undefined || invalid.has("CITEBOT_WEBHOOK_SECRET");
    if (urlSet && !secretSet) report("CITEBOT_WEBHOOK_SECRET", "is required when CITEBOT_WEBHOOK_URL is set (1-256 characters: A-Z a-z 0-9 _ -)");
    if (secretSet && !urlSet) report("CITEBOT_WEBHOOK_SECRET", "is set but CITEBOT_WEBHOOK_URL is not; set both for webhook mode or neither for polling");
  },
];

/** Webhook mode settings (present only when `CITEBOT_WEBHOOK_URL` is set). */
export interface WebhookConfig {
  /** Public HTTPS URL Telegram posts updates to (`CITEBOT_WEBHOOK_URL`). */
  url: string;
  /** Path the local server accepts updates on: the path of `url`. */
  path: string;
  /** Listen address (`CITEBOT_WEBHOOK_HOST`). */
  host: string;
  /** Listen port (`CITEBOT_WEBHOOK_PORT`; 0 picks a free port). */
  port: number;
  /** `secret_token` Telegram sends in `X-Telegram-Bot-Api-Secret-Token` (`CITEBOT_WEBHOOK_SECRET`). */
  secret: string;
}

/** The Telegram section of the configuration; each field's variable, default and meaning are in TELEGRAM_SETTINGS. */
export interface TelegramConfig {
  /** `TELEGRAM_BOT_TOKEN`. */
  token: string;
  /** `TELEGRAM_API_ROOT`, without a trailing slash; undefined: grammY's default. */
  apiRoot?: string;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: WebhookConfig;
  /** `CITEBOT_REDIS_URL`; undefined: state in memory. */
  redisUrl?: string;
  /** `CITEBOT_ALLOWED_IDS`; empty: everyone. */
  allowedIds: readonly number[];
  /** `CITEBOT_ADMIN_IDS`. */
  adminIds: readonly number[];
  /** `CITEBOT_RATE_LIMIT`, per minute per user; 0: no limit. */
  rateLimitPerMinute: number;
  /** `CITEBOT_MAX_JOBS_PER_USER`; 0: no limit. */
  maxJobsPerUser: number;
  /** `CITEBOT_MAX_QUESTION_CHARS`. */
  maxQuestionChars: number;
  /** `CITEBOT_SESSION_TTL_S`. */
  sessionTtlSeconds: number;
  /** `CITEBOT_CONCURRENCY`. */
  concurrency: number;
  /** `CITEBOT_SHUTDOWN_TIMEOUT_S`. */
  shutdownTimeoutSeconds: number;
  /** `CITEBOT_POLL_TIMEOUT_S`. */
  pollTimeoutSeconds: number;
  /** `CITEBOT_ENGINE_THREAD`. */
  engineThread: boolean;
  /** `CITEBOT_STREAM_EDIT_MS`; 0: the finished answer only. */
  streamEditMs: number;
}

/** The Telegram section of the configuration, from valid settings. */
export function telegramConfig(s: TelegramSettings): TelegramConfig {
  const url = s.CITEBOT_WEBHOOK_URL;
  const secret = s.CITEBOT_WEBHOOK_SECRET;
  return {
    token: s.TELEGRAM_BOT_TOKEN,
    apiRoot: s.TELEGRAM_API_ROOT,
    webhook: url && secret ? { url, path: new URL(url).pathname || "/", host: s.CITEBOT_WEBHOOK_HOST, port: s.CITEBOT_WEBHOOK_PORT, secret } : undefined,
    redisUrl: s.CITEBOT_REDIS_URL,
    allowedIds: s.CITEBOT_ALLOWED_IDS,
    adminIds: s.CITEBOT_ADMIN_IDS,
    rateLimitPerMinute: s.CITEBOT_RATE_LIMIT,
    maxJobsPerUser: s.CITEBOT_MAX_JOBS_PER_USER,
    maxQuestionChars: s.CITEBOT_MAX_QUESTION_CHARS,
    sessionTtlSeconds: s.CITEBOT_SESSION_TTL_S,
    concurrency: s.CITEBOT_CONCURRENCY,
    shutdownTimeoutSeconds: s.CITEBOT_SHUTDOWN_TIMEOUT_S,
    pollTimeoutSeconds: s.CITEBOT_POLL_TIMEOUT_S,
    engineThread: s.CITEBOT_ENGINE_THREAD,
    streamEditMs: s.CITEBOT_STREAM_EDIT_MS,
  };
}
