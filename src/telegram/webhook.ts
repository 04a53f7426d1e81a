/**
 * Webhook mode on a plain node:http server.
 *
 *  POST <path of CITEBOT_WEBHOOK_URL>  updates; the `X-Telegram-Bot-Api-Secret-Token`
 *                                      header must equal the secret (constant-time check), else 401.
 *  GET  /healthz                       200 {"ok":true,...} while serving; 503 while shutting down, or
 *                                      while the state store (Redis) is unreachable.
 *
 * An update is acknowledged (200) as soon as it is queued in its chat's queue
 * (state/conversations.ts) and answered in the background, so a slow answer never
 * makes Telegram time out and redeliver; a redelivered update_id (to this replica or,
 * with Redis, to any other) is acknowledged and dropped. One chat's updates are
 * answered in update_id order, by one replica at a time. While the store is
 * unreachable, updates get 503, so Telegram redelivers them later instead of
 * their being answered without de-duplication. A body that is not an
 * update at all (not JSON, not an object, no integer update_id) gets 400; an
 * update whose content breaks Telegram's types (a message without chat or
 * sender…) is acknowledged with 200, so Telegram does not redeliver it, and
 * dropped by the bot (update-shape.ts). Both are logged without their content.
 * While shutting down, in-flight answers finish and new updates get 503, so
 * Telegram keeps them for the next start (the webhook stays registered); then
 * the server closes.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Bot, Transformer } from "grammy";
import type { Update } from "grammy/types";
import type { TelegramConfig } from "../config/telegram.js";
import type { Logger } from "../log.js";
import { ALLOWED_UPDATES, type BotContext } from "./bot.js";
import { describeError, ReplyClaimedElsewhere } from "./middleware/error-boundary.js";
import { tokenNeedles } from "./redact.js";
import type { BotRuntime } from "./runtime.js";
import { envelopeProblem } from "./update-shape.js";
import { Conversations, type Outcome } from "../state/conversations.js";
import type { BotState } from "../state/types.js";

/** Telegram updates are small; anything bigger is not from Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Compares digests so neither content nor length of the secret leaks through timing. */
export function secretMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== "string") return false;
  return timingSafeEqual(digest(expected), digest(given));
}

class HttpStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpStatus(413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The update in a request body, or why there is none. */
function parseUpdate(body: string): { update: Update } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { problem: "not JSON" };
  }
  const problem = envelopeProblem(value);
  return problem ? { problem } : { update: value as Update };
}

/** The conversation an update belongs to: its chat, else its sender (inline queries), else itself. */
export function conversationKey(update: Update): string {
  const u = update as Update & Record<string, { chat?: { id: number }; message?: { chat?: { id: number } }; from?: { id: number } } | undefined>;
  for (const kind of Object.keys(update)) {
    if (kind === "update_id") continue;
    const part = u[kind];
    const chat = part?.chat?.id ?? part?.message?.chat?.id;
    if (chat !== undefined) return String(chat);
    if (part?.from?.id !== undefined) return `user:${part.from.id}`;
  }
  return `update:${update.update_id}`;
}

/**
 * Methods that only look, show "typing…" or set the bot's own menus (a Traditional-script user's, commands.ts): everything
 * else is a reply, sent only after the update is marked replied.
 */
const NOT_REPLIES = new Set(["sendChatAction", "getFile", "getMe", "getChat", "getChatMember", "getUpdates", "getWebhookInfo", "setMyCommands"]);

interface ReplyGuard {
  claim: () => Promise<boolean>;
  /** Set when claiming failed: nothing was sent, the update is tried again once the store is back. */
  failed: boolean;
}

/** Before an update's first reply, its claim (state/conversations.ts): two holders of one update never both answer. */
function guardReplies(guards: AsyncLocalStorage<ReplyGuard>): Transformer {
  return async (prev, method, payload, signal) => {
    const guard = guards.getStore();
    if (guard && !NOT_REPLIES.has(method)) {
      let mine: boolean;
      try {
        mine = await guard.claim();
      } catch (error) {
        guard.failed = true;
        throw error;
      }
      if (!mine) throw new ReplyClaimedElsewhere(`${method} not sent: another replica took this update over and answers it`);
    }
    return prev(method, payload, signal);
  };
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "content-type": "application/json" } : {}), ...headers });
  res.end(text);
}

/**
 * @param abandon called when the shutdown timeout expires with answers unfinished: cancels their work
 * @param state where updates are queued and de-duplicated (memory: this process; Redis: every replica)
 */
export async function startWebhook(bot: Bot<BotContext>, config: TelegramConfig, logger: Logger, abandon: () => void, state: BotState): Promise<BotRuntime> {
  const hook = config.webhook;
  if (!hook) throw new Error("startWebhook: no webhook configured");
  let stopping = false;
  const guards = new AsyncLocalStorage<ReplyGuard>();
  bot.api.config.use(guardReplies(guards));

  const answer = async (queued: { id: number; body: string }, claim: () => Promise<boolean>): Promise<Outcome> => {
    const update = JSON.parse(queued.body) as Update;
    const guard: ReplyGuard = { claim, failed: false };
    await guards.run(guard, () => bot.handleUpdate(update).catch((error: unknown) => bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0])));
    return guard.failed ? "retry" : "done";
  };
  const conversations = new Conversations(state.updates, answer, {
    leaseMs: state.leaseMs,
    // Another replica may die holding a chat: look for such chats once a second.
    sweepMs: state.store === "memory" ? 0 : 1000,
    handOver: state.store !== "memory",
    concurrency: config.concurrency,
    logger,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      const health = state.health();
      const ok = !stopping && health.ok;
      return send(res, ok ? 200 : 503, { ok, mode: "webhook", in_flight: conversations.size, store: health.store, ...(health.reason ? { store_problem: health.reason } : {}) });
    }
    if (path !== hook.path) return send(res, 404);
    if (req.method !== "POST") return send(res, 405, undefined, { allow: "POST" });
    if (!secretMatches(hook.secret, req.headers["x-telegram-bot-api-secret-token"])) {
      logger.warn("webhook request with a wrong or missing secret", { remote: req.socket.remoteAddress });
      req.resume();
      return send(res, 401);
    }
    if (stopping) {
      req.resume();
      return send(res, 503, undefined, { "retry-after": "5" });
    }
    const body = await readBody(req);
    const parsed = parseUpdate(body);
    if ("problem" in parsed) {
      logger.warn("webhook request is not an update", { reason: parsed.problem, bytes: Buffer.byteLength(body), remote: req.socket.remoteAddress });
      return send(res, 400);
    }
    const { update } = parsed;
    let queued: boolean;
    try {
      queued = await conversations.accept(conversationKey(update), update.update_id, body);
    } catch (error) {
      // Without the store there is no de-duplication: Telegram keeps the update and redelivers it later.
      logger.debug("update refused: state store unreachable", { update_id: update.update_id, ...describeError(error) });
      return send(res, 503, undefined, { "retry-after": "5" });
    }
    if (!queued) logger.debug("duplicate update skipped", { update_id: update.update_id });
    send(res, 200);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpStatus ? error.status : 500;
      if (status === 500) logger.error("webhook request failed", describeError(error));
      if (!res.headersSent) send(res, status);
      else res.end();
    });
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(hook.port, hook.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // Some set-ups put the token in the webhook path; it must not reach the logs that way either.
  const loggedPath = tokenNeedles(config.token).reduce((p, n) => p.split(n).join("***"), hook.path);
  logger.info("webhook server listening", { host: address.address, port: address.port, path: loggedPath });

  try {
    await bot.api.setWebhook(hook.url, {
      secret_token: hook.secret,
      allowed_updates: [...ALLOWED_UPDATES],
      drop_pending_updates: false,
      max_connections: Math.min(100, Math.max(1, config.concurrency)),
    });
  } catch (error) {
    server.close();
    throw error;
  }

  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  let stopping$: Promise<void> | undefined;
  const stop = () =>
    (stopping$ ??= (async () => {
      // Keep listening while draining: updates get 503 (Telegram retries later) and /healthz says 503 to load balancers.
      stopping = true;
      logger.info("stopping webhook server", { in_flight: conversations.size });
      if (!(await conversations.stop(config.shutdownTimeoutSeconds * 1000))) {
        logger.warn("shutdown timeout: abandoning unfinished answers", { in_flight: conversations.size });
        abandon();
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      logger.info("bot stopped");
      resolveDone();
    })());

  return { stop, done, port: address.port };
}
