/**
 * Citation buttons. The payload is re-validated when pressed: a forged, stale
 * or evicted one gets a polite toast; a valid one shows the whole passage with
 * the cited span in bold, as a reply to the answer.
 */
import { Composer } from "grammy";
import { PassageRefStore } from "../callback-data.js";
import type { BotContext, FeatureDeps } from "../context.js";
import { formatPassage, preview } from "../format.js";
import { langFromCode, prefersTraditional } from "../../lang/script.js";
import { texts } from "../i18n.js";
import { sendHtml } from "../reply.js";

/** Telegram's limit for callback answer text. */
const TOAST_MAX = 200;

export function callbacksFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on("callback_query:data", async (ctx) => {
    const data = ctx.callbackQuery.data;
    const ref = await deps.refs.decode(data);
    const lang = ref?.lang ?? PassageRefStore.langOf(data) ?? langFromCode(ctx.from.language_code);
    const traditional = prefersTraditional(undefined, ctx.from.language_code);
    const t = texts(lang, traditional);
    const passage = ref ? deps.engine.passage(ref.chunkId, ref.start, ref.end) : undefined;
    if (!passage) {
      deps.logger.info("stale or forged callback data", { update_id: ctx.update.update_id, bytes: Buffer.byteLength(data) });
      await ctx.answerCallbackQuery({ text: t.passageGone });
      return;
    }
    deps.stats.passages++;
    const message = ctx.callbackQuery.message;
    if (!message) {
      // A button on an inline-mode message has no chat to post into: show the cited span as an alert.
      const cited = passage.text.slice(passage.highlightStart, passage.highlightEnd) || passage.text;
      await ctx.answerCallbackQuery({ text: preview(cited, TOAST_MAX), show_alert: true });
      return;
    }
    // Stop the button's spinner before the (possibly longer) send.
    await ctx.answerCallbackQuery();
    const threadId = "is_topic_message" in message && message.is_topic_message ? message.message_thread_id : undefined;
    await sendHtml(ctx.api, { chatId: message.chat.id, replyTo: message.message_id, threadId }, formatPassage(passage, lang, undefined, traditional), { logger: deps.logger });
  });

  // Game and other data-less queries still need an answer, or the client spins.
  composer.on("callback_query", (ctx) => ctx.answerCallbackQuery());

  return composer;
}
