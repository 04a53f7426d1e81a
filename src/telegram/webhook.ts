/**
 * Webhook mode on a plain node:http server.
 *
 *  POST <path of CITEBOT_WEBHOOK_URL>  updates; the `X-Telegram-Bot-Api-Secret-Token`
 *                                      header must equal the secret (constant-time check), else 401.
 *  GET  /healthz                       200 {"ok":true,...} while serving, 503 while shutting down.
 *
 * An update is acknowledged (200) as soon as it is accepted and handled in the
 * background, so a slow answer never makes Telegram time out and redeliver;
 * a redelivered update_id is acknowledged and dropped. A body that is not an
 * update at all (not JSON, not an object, no integer update_id) gets 400; an
 * update whose content breaks Telegram's types (a message without chat or
 * sender…) is acknowledged with 200, so Telegram does not redeliver it, and
 * dropped by the bot (update-shape.ts). Both are logged without their content.
 * While shutting down, in-flight answers finish and new updates get 503, so
 * Telegram keeps them for the next start (the webhook stays registered); then
 * the server closes.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { TelegramConfig } from "../config/telegram.js";
import type { Logger } from "../log.js";
import { ALLOWED_UPDATES, type BotContext } from "./bot.js";
import { describeError } from "./middleware/error-boundary.js";
import { tokenNeedles } from "./redact.js";
import type { BotRuntime } from "./runtime.js";
import { UpdateTracker } from "./tracker.js";
import { envelopeProblem } from "./update-shape.js";

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

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "content-type": "application/json" } : {}), ...headers });
  res.end(text);
}

/**
 * @param abandon called when the shutdown timeout expires with answers unfinished: cancels their work
 */
export async function startWebhook(bot: Bot<BotContext>, config: TelegramConfig, logger: Logger, abandon: () => void): Promise<BotRuntime> {
  const hook = config.webhook;
  if (!hook) throw new Error("startWebhook: no webhook configured");
  const tracker = new UpdateTracker();
  let stopping = false;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      return send(res, stopping ? 503 : 200, { ok: !stopping, mode: "webhook", in_flight: tracker.size });
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
    if (!tracker.accept(update.update_id)) {
      logger.debug("duplicate update skipped", { update_id: update.update_id });
      return send(res, 200);
    }
    void tracker.track(
      update.update_id,
      bot.handleUpdate(update).catch((error: unknown) => bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0])),
    ).catch((error: unknown) => logger.error("update handler failed", { update_id: update.update_id, ...describeError(error) }));
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
      logger.info("stopping webhook server", { in_flight: tracker.size });
      if (!(await tracker.drain(config.shutdownTimeoutSeconds * 1000))) {
        logger.warn("shutdown timeout: abandoning unfinished answers", { in_flight: tracker.size });
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
