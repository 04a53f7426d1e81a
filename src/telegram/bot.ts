/**
 * Pure wiring of the Telegram bot: no network calls happen here, so tests can
 * build a bot against a fake Bot API server (via `config.apiRoot`) and feed it
 * updates directly with `bot.handleUpdate`.
 *
 * Middleware order: drop malformed updates → stop calls to unreachable chats → error boundary (grammY's) →
 * per-chat sequencing → count → drop bots and our own inline echoes →
 * allowlist → session → features (commands, documents, admin, ask, callbacks, inline, odd input).
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, session, type Context, type StorageAdapter, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { TelegramConfig } from "../config/telegram.js";
import type { DocumentLibrary } from "../library/library.js";
import type { ReloadResult } from "../live/live-engine.js";
import type { Logger } from "../log.js";
import { directNetwork, type Network } from "../net/network.js";
import type { QaEngine } from "../types.js";
import { classifyMessage } from "./addressing.js";
import { PassageRefStore } from "./callback-data.js";
import type { BotContext, ChatSession, FeatureDeps } from "./context.js";
import { adminFeature } from "./features/admin.js";
import { askFeature } from "./features/ask.js";
import { callbacksFeature } from "./features/callbacks.js";
import { commandsFeature } from "./features/commands.js";
import { documentsFeature } from "./features/documents.js";
import { inlineFeature } from "./features/inline.js";
import { oddInputFeature } from "./features/odd-input.js";
import { langFromCode, prefersTraditional } from "../lang/script.js";
import { texts, textsFor } from "./i18n.js";
import { allowlist } from "./middleware/allowlist.js";
import { describeError, reportUpdateErrors, stopAtUnreachableChats, updateKind } from "./middleware/error-boundary.js";
import { retryNetworkErrors } from "./network-retry.js";
import { redactTokenInErrors } from "./redact.js";
import { mentionProxyInErrors, telegramClient } from "./proxy.js";
import { replyHtml, unlessBestEffort } from "./reply.js";
import { BotStats } from "./stats.js";
import { updateProblem } from "./update-shape.js";
import { memoryState } from "../state/memory.js";
import type { BotState } from "../state/types.js";

export type { BotContext } from "./context.js";

export interface BotDeps {
  engine: QaEngine;
  /**
   * Switches `engine` to the published index generation now (src/live/): whoever publishes one from the bot
   * (an upload) calls it before saying the document is in. Without it the manifest watch switches within moments.
   */
  reload?: () => Promise<ReloadResult>;
  logger: Logger;
  /** Skip getMe (tests, or a caller that already knows the bot). */
  botInfo?: UserFromGetMe;
  /**
   * What the bot keeps between turns: rate-limit windows, jobs in flight, citation references, follow-up memory
   * (state/: `openState`; default in memory, follow-ups expiring after `sessionTtlSeconds`).
   */
  state?: BotState;
  /** Where follow-up memory lives, under `sessionKey`'s keys (default: the state's sessions). */
  sessionStorage?: StorageAdapter<ChatSession>;
  /** Waits between retries of a Bot API call that failed on the network (default 500, 2000, 5000 ms; then it fails). */
  networkRetryDelaysMs?: readonly number[];
  /** How long an answer may take before "typing…" is shown (default 500 ms; 0 shows it at once). */
  typingDelayMs?: number;
  /** Outbound connections: Bot API calls go through its proxy for the API root (default: direct). */
  network?: Network;
  /**
   * Aborted when work in flight is abandoned (runBot: when the shutdown timeout expires): engine
   * questions get it as their `signal`, and the errors that follow are logged as abandoned, not as failures.
   */
  signal?: AbortSignal;
  /**
   * The document library behind uploads, /docs and /remove (features/documents.ts); without one, files are no
   * uploads (a caption with words is asked, as on a photo; else the "text questions only" hint) and /docs, /add,
   * /remove are unknown commands.
   */
  library?: DocumentLibrary;
  /** How long a confirm button (replace an upload, remove a document) works (default 10 minutes). */
  confirmTtlMs?: number;
}

/** Updates the bot subscribes to; everything else is never fetched. */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;

/** A refused chat hears the refusal once per hour, not once per message. */
const REFUSAL_QUIET_MS = 3600_000;
const REFUSAL_MEMORY = 10_000;

export function createBot(config: TelegramConfig, deps: BotDeps): Bot<BotContext> {
  const logger = deps.logger.child({ component: "telegram" });
  const network = deps.network ?? directNetwork;
  const { client, proxyLabel } = telegramClient(network, config.apiRoot);
  const bot = new Bot<BotContext>(config.token, {
    client,
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  if (proxyLabel) {
    logger.info("Bot API requests go through a proxy", { proxy: proxyLabel });
    bot.api.config.use(mentionProxyInErrors(proxyLabel, logger));
  }
  // 429s wait `retry_after` (up to a minute) and 5xx back off, a few times; network errors get a bounded retry of their own.
  // getUpdates is retried by the poller instead (polling.ts: 100 ms doubling to 5 s, 429 waits retry_after, 401/409 fatal):
  // auto-retry's 3 s first back-off on a 5xx would stall every chat's updates for seconds. getMe is retried,
  // and every failure reported, by connect.ts.
  // Best-effort calls (a streamed answer's intermediate edits) are never retried: a failed one is skipped.
  // The last transformer wraps the others: whatever error finally escapes a call has the token scrubbed out.
  bot.api.config.use(
    followMigratedGroups(logger),
    except(SELF_RETRIED, unlessBestEffort(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }))),
    except(SELF_RETRIED, unlessBestEffort(retryNetworkErrors(deps.networkRetryDelaysMs))),
    redactTokenInErrors(config.token),
  );

  const stats = new BotStats();
  const admins = new Set(config.adminIds);
  const state = deps.state ?? memoryState({ sessionTtlSeconds: config.sessionTtlSeconds });
  const features: FeatureDeps = {
    engine: deps.engine,
    ...(deps.reload ? { reload: deps.reload } : {}),
    logger,
    config,
    stats,
    refs: new PassageRefStore(state.refs),
    jobs: state.jobs,
    rateLimits: state.rateLimits,
    pending: state.pending,
    typingDelayMs: deps.typingDelayMs,
    network,
    signal: deps.signal,
    isAdmin: (id) => id !== undefined && admins.has(id),
    networkRetryDelaysMs: deps.networkRetryDelaysMs,
    confirmTtlMs: deps.confirmTtlMs,
  };

  // An update whose shape breaks Telegram's types (update-shape.ts) is dropped before any handler reads it; why is logged, never its content.
  bot.filter(
    (ctx) => updateProblem(ctx.update) !== undefined,
    (ctx) => logger.warn("malformed update dropped", { update_id: ctx.update.update_id, reason: updateProblem(ctx.update) }),
  );
  // A chat found unreachable (bot blocked, account deleted, bot removed) gets no further call in that update.
  bot.use(stopAtUnreachableChats());
  // Everything below runs inside the error boundary.
  const served = bot.errorBoundary(
    reportUpdateErrors<BotContext>({
      logger,
      abandoned: deps.signal,
      onError: async (ctx) => {
        stats.failed++;
        const t = textsFor(ctx.msg?.text, ctx.from?.language_code);
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: t.failed });
        else if (ctx.message && classifyMessage(ctx.message, ctx.me).kind !== "ignore") await replyHtml(ctx, t.failed);
      },
    }),
  );
  // Concurrent across chats (runner/webhook), strictly ordered within one chat, so each session key (a chat's, or a member's in it) has one writer.
  served.use(sequentialize<BotContext>((ctx) => ctx.chat?.id.toString()));
  served.use((ctx, next) => {
    stats.updates++;
    logger.debug("update", { update_id: ctx.update.update_id, kind: updateKind(ctx), chat_type: ctx.chat?.type });
    return next();
  });
  // Counted, but never answered: other bots, our own inline results, channel echoes.
  const answerable = served.drop(neverAnswered);
  if (config.allowedIds.length > 0) answerable.use(allowlist<BotContext>({ ids: [...config.allowedIds, ...config.adminIds], onRefused: refusal(stats, logger) }));
  answerable.use(
    session<ChatSession, BotContext>({
      initial: () => ({}),
      storage: deps.sessionStorage ?? (state.sessions as StorageAdapter<ChatSession>),
      getSessionKey: sessionKey,
    }),
  );
  answerable.use(commandsFeature(features), ...(deps.library ? [documentsFeature(features, deps.library)] : []), adminFeature(features), askFeature(features), callbacksFeature(features), inlineFeature(features), oddInputFeature(features));

  // Last line of defence (e.g. the boundary's own reply failed); the runner and webhook server route errors here.
  bot.catch((err) => logger.error("unhandled update error", { update_id: err.ctx.update.update_id, kind: updateKind(err.ctx), ...describeError(err.error) }));
  return bot;
}

/**
 * Whose follow-up memory an update reads: a private chat's is the chat's (`<chat id>`, as before groups had their own),
 * a group's is each member's (`<chat id>:<user id>`), so one member's 「那冬奥会呢？」 does not lean on another's question.
 * Who posts as a channel or anonymously as the group (sender_chat) is that chat.
 */
export function sessionKey(ctx: Context): string | undefined {
  const chat = ctx.chat;
  if (!chat) return undefined;
  if (chat.type === "private") return chat.id.toString();
  const member = ctx.senderChat?.id ?? ctx.from?.id;
  return member === undefined ? chat.id.toString() : `${chat.id}:${member}`;
}

/**
 * A group upgraded to a supergroup refuses what is sent to its old id with `migrate_to_chat_id` (an answer to a question
 * asked just before the upgrade, a citation button on an older message): sent once more, to the supergroup.
 */
function followMigratedGroups(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const to = result.ok ? undefined : result.parameters?.migrate_to_chat_id;
    const from = (payload as { chat_id?: number | string }).chat_id;
    if (to === undefined || from === undefined || !method.startsWith("send")) return result;
    logger.info("group upgraded to a supergroup: sent there", { method, chat_id: from, migrate_to_chat_id: to });
    return prev(method, { ...payload, chat_id: to }, signal);
  };
}

/** Methods with retries of their own (polling.ts, connect.ts). */
const SELF_RETRIED: readonly string[] = ["getUpdates", "getMe"];

/** Applies `transformer` to every method but `methods`. */
function except(methods: readonly string[], transformer: Transformer): Transformer {
  return (prev, method, payload, signal) => (methods.includes(method) ? prev(method, payload, signal) : transformer(prev, method, payload, signal));
}

/** What must never be answered: other bots (loops), our own inline results, channel echoes. */
function neverAnswered(ctx: BotContext): boolean {
  // Only incoming messages: a callback query's `msg` is the bot's own message.
  const msg = ctx.message ?? ctx.editedMessage;
  if (!msg) return false;
  // Anonymous group admins post as the GroupAnonymousBot with sender_chat = the group itself; they are people.
  const anonymousAdmin = msg.sender_chat !== undefined && msg.sender_chat.id === msg.chat.id;
  return (msg.from?.is_bot === true && !anonymousAdmin) || msg.via_bot?.id === ctx.me.id || msg.is_automatic_forward === true;
}

/** The allowlist's answer: a toast for buttons, an empty list for inline, and one message per chat and hour for addressed messages. */
function refusal(stats: BotStats, logger: Logger): (ctx: BotContext) => Promise<void> {
  const lastRefused = new Map<number, number>();
  return async (ctx) => {
    stats.refused++;
    logger.info("refused by allowlist", { update_id: ctx.update.update_id, kind: updateKind(ctx), user_id: ctx.from?.id, chat_id: ctx.chat?.id });
    const t = textsFor(ctx.msg?.text ?? ctx.inlineQuery?.query, ctx.from?.language_code);
    if (ctx.callbackQuery) {
      // Our buttons carry the answer's language; use it for the toast.
      const lang = PassageRefStore.langOf(ctx.callbackQuery.data ?? "") ?? langFromCode(ctx.from?.language_code);
      return void (await ctx.answerCallbackQuery({ text: texts(lang, prefersTraditional(undefined, ctx.from?.language_code)).notAllowed }));
    }
    if (ctx.inlineQuery) return void (await ctx.answerInlineQuery([], { cache_time: 300, is_personal: true }));
    if (!ctx.message || !ctx.chat || classifyMessage(ctx.message, ctx.me).kind === "ignore") return;
    const now = Date.now();
    const last = lastRefused.get(ctx.chat.id);
    if (last !== undefined && now - last < REFUSAL_QUIET_MS) return;
    lastRefused.delete(ctx.chat.id);
    lastRefused.set(ctx.chat.id, now);
    if (lastRefused.size > REFUSAL_MEMORY) lastRefused.delete(lastRefused.keys().next().value!);
    await replyHtml(ctx, t.notAllowed);
  };
}
