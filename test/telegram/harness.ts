/** Shared setup for bot tests: a fake Bot API server, a fake engine, and a bot wired to both. */
import type { TelegramConfig } from "../../src/config/telegram.js";
import { createMemoryLogger } from "../../src/log.js";
import { createBot, type BotContext, type BotDeps } from "../../src/telegram/bot.js";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { telegramOf } from "../helpers/config.js";
import { FakeEngine, type FakeEngineOptions } from "../helpers/fake-engine.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";

export interface Harness {
  fake: FakeTelegram;
  engine: FakeEngine;
  bot: Bot<BotContext>;
  config: TelegramConfig;
  /** Captured log lines, with no redaction, so a leak would show. */
  logs: string[];
  handle(update: Update): Promise<void>;
  close(): Promise<void>;
}

export function configFor(fake: FakeTelegram, env: Record<string, string> = {}): TelegramConfig {
  return telegramOf({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...env });
}

export interface SetupOptions {
  env?: Record<string, string>;
  engine?: FakeEngineOptions | FakeEngine;
  /** Further bot dependencies (a document library, retry waits, …). */
  deps?: Partial<BotDeps>;
}

export async function setup(options: SetupOptions = {}): Promise<Harness> {
  const fake = await FakeTelegram.start();
  const engine = options.engine instanceof FakeEngine ? options.engine : new FakeEngine(options.engine);
  const config = configFor(fake, options.env);
  const logger = createMemoryLogger("debug");
  // Typing at once (production waits 500 ms), so tests see the indicator without slow engines.
  const bot = createBot(config, { engine, logger, botInfo: fake.botInfo, typingDelayMs: 0, ...options.deps });
  return {
    fake,
    engine,
    bot,
    config,
    logs: logger.lines,
    handle: (update) => bot.handleUpdate(update),
    close: () => fake.close(),
  };
}

/** Network retry waits for tests: bounded like production, but in milliseconds. */
export const FAST_NETWORK_RETRY_MS: readonly number[] = [10, 30, 60];

/** Short polls keep shutdown and restarts quick. */
export const POLLING_ENV: Record<string, string> = { CITEBOT_POLL_TIMEOUT_S: "1", CITEBOT_RATE_LIMIT: "0" };

/**
 * `perChat` questions from each of `chats` new private chats, interleaved
 * (round 1 of every chat, then round 2...), so consecutive updates come from
 * different chats like real traffic. `texts[i % texts.length]` picks each text.
 */
export function questionsFromChats(fake: FakeTelegram, chats: number, perChat: number, texts: readonly string[]): Update[] {
  const users = Array.from({ length: chats }, () => fake.user({ languageCode: "zh" }));
  const updates: Update[] = [];
  let i = 0;
  for (let round = 0; round < perChat; round++) {
    for (const user of users) updates.push(fake.privateText(texts[i++ % texts.length]!, { user }));
  }
  return updates;
}
