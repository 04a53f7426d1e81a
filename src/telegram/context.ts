/** The context type shared by every feature, and the per-bot state they use. */
import type { Context, SessionFlavor } from "grammy";
import type { TelegramConfig } from "../config/telegram.js";
import type { Logger } from "../log.js";
import type { Network } from "../net/network.js";
import type { ConversationTurn, QaEngine } from "../types.js";
import type { PassageRefStore } from "./callback-data.js";
import type { Lang } from "./i18n.js";
import type { JobCounter } from "./middleware/job-limit.js";
import type { BotStats } from "./stats.js";

/** Per-chat memory for follow-ups; expires with the session TTL. */
export interface ChatSession {
  /** The turn a follow-up leans on: the last self-contained question and the passages last cited (src/answer/followup.ts nextTurn). */
  conversation?: ConversationTurn;
}

/** A question extracted from a message, ready to validate and answer. */
export interface PendingQuestion {
  text: string;
  lang: Lang;
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
  logger: Logger;
  config: TelegramConfig;
  stats: BotStats;
  refs: PassageRefStore;
  /** Questions in flight per user, shared by chat questions and inline queries. */
  jobs: JobCounter;
  /** How long an answer may take before "typing…" is shown (default 500 ms). */
  typingDelayMs?: number;
  /** Outbound HTTP besides Bot API calls (e.g. a file from `<apiRoot>/file/bot<token>/<path>`): `network.fetch` goes through the proxy. */
  network: Network;
  /** Aborted when work in flight is abandoned at shutdown; engine questions get it. */
  signal?: AbortSignal;
  isAdmin(userId: number | undefined): boolean;
}
