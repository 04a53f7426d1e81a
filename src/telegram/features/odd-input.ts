/**
 * The end of the stack: media (stickers, photos, voice, locations, files…)
 * get a short hint, unknown commands a pointer to /help. In groups only when
 * addressed to the bot; edited messages and service messages are ignored.
 */
import { Composer } from "grammy";
import { classifyMessage } from "../addressing.js";
import type { BotContext, FeatureDeps } from "../context.js";
import { textsFor } from "../i18n.js";
import { replyHtml } from "../reply.js";
import { safeExamples } from "./commands.js";

export function oddInputFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("message", async (ctx) => {
    const addressed = classifyMessage(ctx.msg, ctx.me);
    const t = textsFor(undefined, ctx.from?.language_code);
    if (addressed.kind === "media") {
      deps.logger.info("non-text message", { update_id: ctx.update.update_id, chat_type: ctx.chat.type });
      await replyHtml(ctx, t.nonText(safeExamples(deps, 1)[0]));
    } else if (addressed.kind === "command" && (ctx.chat.type === "private" || addressed.explicit)) {
      await replyHtml(ctx, t.unknownCommand);
    }
  });
  return composer;
}
