/** Operator commands, for ids in CITEBOT_ADMIN_IDS only; everyone else falls through as if the command did not exist. */
import { Composer } from "grammy";
import type { BotContext, FeatureDeps } from "../context.js";
import { textsFor } from "../i18n.js";
import { replyHtml } from "../reply.js";
import type { BotStatus } from "../stats.js";

export function adminFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter((ctx) => deps.isAdmin(ctx.from?.id)).command("stats", async (ctx) => {
    const sources = deps.engine.sources();
    const status: BotStatus = {
      ...deps.stats.snapshot(),
      documents: sources.length,
      chunks: sources.reduce((n, s) => n + s.chunks, 0),
      mode: deps.config.webhook ? "webhook" : "polling",
    };
    await replyHtml(ctx, textsFor(undefined, ctx.from?.language_code).stats(status));
  });
  return composer;
}
