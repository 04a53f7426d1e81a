/** The bot's state store from its configuration: Redis with `CITEBOT_REDIS_URL`, else memory (one instance). */
import type { TelegramConfig } from "../config/telegram.js";
import type { Logger } from "../log.js";
import { memoryState } from "./memory.js";
import { redisState } from "./redis.js";
import type { BotState, StateOptions } from "./types.js";

export function openState(config: TelegramConfig, logger: Logger, options: Partial<StateOptions> = {}): BotState {
  const tuned = { sessionTtlSeconds: config.sessionTtlSeconds, ...options };
  if (!config.redisUrl) return memoryState(tuned);
  // The bot id (public, the token's part before ':') keeps bots that share one Redis apart.
  const botId = config.token.split(":")[0];
  return redisState({ ...tuned, url: config.redisUrl, prefix: `citebot:${botId}:`, logger });
}
