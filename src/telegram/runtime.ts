/** A serving bot, as runBot returns it, whether it polls (polling.ts) or takes a webhook (webhook.ts). */
export interface BotRuntime {
  /** Stops taking updates, lets in-flight answers finish (up to the shutdown timeout, then abandons them), then resolves. Idempotent. */
  stop(): Promise<void>;
  /** Settles when the bot has stopped; rejects if polling failed for good (bad token, another instance polling). */
  done: Promise<void>;
  /** Webhook mode: the port the server listens on (useful with port 0). */
  port?: number;
}
