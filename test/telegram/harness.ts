/** Shared setup for bot tests: a fake Bot API server, a fake engine, and a bot wired to both. */
import { createMemoryLogger } from "../../src/log.js";
import { createBot, type BotContext } from "../../src/telegram/bot.js";
import { parseTelegramConfig, type TelegramConfig } from "../../src/telegram/config.js";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
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
  const { config, problems } = parseTelegramConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...env });
  if (!config) throw new Error(`test config invalid: ${problems.join("; ")}`);
  return config;
}

export async function setup(options: { env?: Record<string, string>; engine?: FakeEngineOptions | FakeEngine } = {}): Promise<Harness> {
  const fake = await FakeTelegram.start();
  const engine = options.engine instanceof FakeEngine ? options.engine : new FakeEngine(options.engine);
  const config = configFor(fake, options.env);
  const logger = createMemoryLogger("debug");
  const bot = createBot(config, { engine, logger, botInfo: fake.botInfo });
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
