/** The context type shared by every feature, and the per-bot state they use. */
import type { Context, SessionFlavor } from "grammy";
import type { TelegramConfig } from "../config/telegram.js";
import type { ReloadResult } from "../live/live-engine.js";
import type { Logger } from "../log.js";
import type { Network } from "../net/network.js";
import type { ConversationTurn, QaEngine } from "../types.js";
import type { PassageRefStore } from "./callback-data.js";
import type { Lang } from "./i18n.js";
import type { JobSlots, OnceTable, RateLimitStore } from "../state/types.js";
import type { BotStats } from "./stats.js";

/** Memory for follow-ups, per private chat or per member of a group (bot.ts sessionKey); expires with the session TTL. */
export interface ChatSession {
  /** The turn a follow-up leans on: the last self-contained question and the passages last cited (src/answer/followup.ts nextTurn). */
  conversation?: ConversationTurn;
  /** The last answered questions (of the chat, or of this member in a group) (message id, normalized text), newest last, so an edit that leaves the question as it was is not answered again. */
  answered?: AnsweredQuestion[];
}

export interface AnsweredQuestion {
  messageId: number;
  text: string;
}

/** A question extracted from a message, ready to validate and answer. */
export interface PendingQuestion {
  text: string;
  lang: Lang;
  /** Interface texts in Traditional script (lang/script.ts prefersTraditional). */
  traditional: boolean;
  /** The asking message, which the answer replies to. */
  replyTo: number;
  /** Asked with /ask (so an empty one gets the /ask usage hint). */
  viaAsk: boolean;
}

export interface QuestionFlavor {
  /** Set by the ask feature's router for the rest of its pipeline. */
  question?: PendingQuestion;
}

export type BotContext = Context & SessionFlavor<ChatSession> & QuestionFlavor;

/** Everything a feature needs, created once per bot (no module-level state). */
export interface FeatureDeps {
  engine: QaEngine;
  /** Switches `engine` to the published index generation now (BotDeps.reload). */
  reload?: () => Promise<ReloadResult>;
  logger: Logger;
  config: TelegramConfig;
  stats: BotStats;
  refs: PassageRefStore;
  /** Questions in flight per user, shared by chat questions and inline queries (and by replicas, in Redis). */
  jobs: JobSlots;
  /** Rate-limit windows (shared by replicas, in Redis). */
  rateLimits: RateLimitStore;
  /** Confirm buttons waiting for a tap (shared by replicas, in Redis: the tap may reach any of them). */
  pending: OnceTable<unknown>;
  /** How long an answer may take before "typing…" is shown (default 500 ms). */
  typingDelayMs?: number;
  /** Outbound HTTP besides Bot API calls (e.g. a file from `<apiRoot>/file/bot<token>/<path>`): `network.fetch` goes through the proxy. */
  network: Network;
  /** Aborted when work in flight is abandoned at shutdown; engine questions get it. */
  signal?: AbortSignal;
  isAdmin(userId: number | undefined): boolean;
  /** Waits between retries of a network failure (Bot API calls and file downloads; default 500, 2000, 5000 ms). */
  networkRetryDelaysMs?: readonly number[];
  /** How long a confirm button (replace an upload, remove a document) works (default 10 minutes). */
  confirmTtlMs?: number;
}
