/** Where the bot connects, and as which bot, for logs. No grammY here: the CLI says it before loading anything heavy. */
import type { TelegramConfig } from "../config/telegram.js";

/** grammY's default Bot API root. */
export const DEFAULT_API_ROOT = "https://api.telegram.org";

/** The API root, and the bot id: the token's public half (the secret half is never shown). */
export function connectionTarget(config: TelegramConfig): { api_root: string; bot_id: number } {
  return { api_root: config.apiRoot ?? DEFAULT_API_ROOT, bot_id: Number(config.token.slice(0, config.token.indexOf(":"))) };
}
