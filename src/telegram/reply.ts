/**
 * Sending HTML replies: parts in order, the keyboard on the last part, the
 * first part replying to the question, link previews off, and a plain-text
 * fallback when Telegram rejects the entities ("can't parse entities").
 */
import { GrammyError, type Api, type Context, type Transformer } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import type { Logger } from "../log.js";
import { htmlToPlain } from "./html.js";
import { describeError } from "./middleware/error-boundary.js";

export interface Target {
  chatId: number;
  /** Message the first part replies to (kept even if that message is deleted meanwhile). */
  replyTo?: number;
  /** Forum topic of the conversation. */
  threadId?: number;
}

export interface SendOptions {
  keyboard?: InlineKeyboardMarkup;
  logger?: Logger;
}

/**
 * grammY types its signals with the `abort-controller` polyfill; a native
 * AbortSignal works at runtime (grammY only uses addEventListener/aborted).
 */
export function toApiSignal(signal: AbortSignal): NonNullable<Parameters<Api["getUpdates"]>[1]> {
  return signal as unknown as NonNullable<Parameters<Api["getUpdates"]>[1]>;
}

const bestEffortSignals = new WeakSet<object>();

/**
 * A signal for Bot API calls worth making but not worth waiting for (the
 * intermediate edits of a streamed answer): the retry transformers skip them
 * (`unlessBestEffort`), so a 429 reaches the caller at once, with its
 * retry_after, instead of holding up the chat while it is waited out.
 */
export function bestEffortSignal(): ReturnType<typeof toApiSignal> {
  const signal = toApiSignal(new AbortController().signal);
  bestEffortSignals.add(signal);
  return signal;
}

/** Applies `transformer` to every call except those made with a `bestEffortSignal()`. */
export function unlessBestEffort(transformer: Transformer): Transformer {
  return (prev, method, payload, signal) => (signal && bestEffortSignals.has(signal) ? prev(method, payload, signal) : transformer(prev, method, payload, signal));
}

export function isEntityError(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /can't parse entities|can't find end tag|unsupported start tag/i.test(error.description);
}

export async function sendHtml(api: Api, target: Target, parts: readonly string[], options: SendOptions = {}): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  for (const [i, html] of parts.entries()) {
    const common = {
      ...(target.threadId !== undefined ? { message_thread_id: target.threadId } : {}),
      ...(i === 0 && target.replyTo !== undefined ? { reply_parameters: { message_id: target.replyTo, allow_sending_without_reply: true } } : {}),
      ...(i === parts.length - 1 && options.keyboard ? { reply_markup: options.keyboard } : {}),
      link_preview_options: { is_disabled: true },
    };
    try {
      sent.push(await api.sendMessage(target.chatId, html, { ...common, parse_mode: "HTML" }));
    } catch (error) {
      if (!isEntityError(error)) throw error;
      // Our HTML is escaped and balanced, so this should not happen; if Telegram disagrees, plain text beats no answer.
      options.logger?.warn("telegram rejected HTML, sent plain text", { chat_id: target.chatId, part: i, ...describeError(error) });
      sent.push(await api.sendMessage(target.chatId, htmlToPlain(html), common));
    }
  }
  return sent;
}

/** Where a reply to the current message goes: same chat, same forum topic, quoting it. */
export function replyTarget(ctx: Context, replyTo?: number): Target {
  const msg = ctx.msg;
  const chatId = ctx.chat?.id;
  if (chatId === undefined) throw new Error("replyTarget: update has no chat");
  return {
    chatId,
    replyTo: replyTo ?? msg?.message_id,
    threadId: msg?.is_topic_message ? msg.message_thread_id : undefined,
  };
}

/** Replies to the current message with trusted HTML (one or more parts). */
export function replyHtml(ctx: Context, html: string | readonly string[], options: SendOptions = {}): Promise<Message.TextMessage[]> {
  return sendHtml(ctx.api, replyTarget(ctx), typeof html === "string" ? [html] : html, options);
}

/** How long an answer may take before "typing…" is shown (Telegram: only when a reply takes noticeable time). */
export const TYPING_DELAY_MS = 500;

/**
 * Shows "typing…" while the bot works, once the work has taken `delayMs`:
 * a fast answer costs no extra Bot API call (half the calls per question under
 * load, so fewer 429s). Telegram clears the indicator after ~5 s, so it is
 * repeated every 4 s until `stop()`. Indicator failures are only logged at
 * debug and never delay the answer; `settled()` lets the last requests finish
 * (aborting any still waiting after 2 s, e.g. in a 429 back-off) so none
 * outlives its update.
 */
export function startTyping(ctx: Context, logger: Logger, delayMs = TYPING_DELAY_MS): { stop(): void; settled(): Promise<void> } {
  const controller = new AbortController();
  const pending = new Set<Promise<unknown>>();
  const target = replyTarget(ctx);
  const send = () => {
    // Only a forum topic gets message_thread_id; reply threads in plain groups do not take one.
    const p = ctx.api
      .sendChatAction(target.chatId, "typing", target.threadId !== undefined ? { message_thread_id: target.threadId } : {}, toApiSignal(controller.signal))
      .catch((error: unknown) => logger.debug("typing indicator failed", describeError(error)));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  let timer: NodeJS.Timeout | undefined;
  // The indicator never keeps the process alive by itself (e.g. for an answer abandoned at shutdown).
  const repeat = () => {
    send();
    timer = setInterval(send, 4000).unref();
  };
  if (delayMs <= 0) repeat();
  else timer = setTimeout(repeat, delayMs).unref();
  // clearInterval and clearTimeout are interchangeable in Node.
  const stop = () => clearInterval(timer);
  return {
    stop,
    settled: async () => {
      stop();
      let timeout: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => {
        timeout = setTimeout(() => {
          controller.abort();
          resolve();
        }, 2000);
      });
      await Promise.race([Promise.allSettled([...pending]), giveUp]);
      clearTimeout(timeout);
      await Promise.allSettled([...pending]);
    },
  };
}

export interface EditOptions {
  keyboard?: InlineKeyboardMarkup;
  logger?: Logger;
  /** Telegram refuses an edit that changes nothing ("message is not modified"); pressing the page a list already shows is fine. */
  unchangedIsFine?: boolean;
}

/** Replaces the text (and keyboard: none when not given) of one of the bot's messages with trusted HTML, with the same plain-text fallback as `sendHtml`. */
export async function editHtml(api: Api, message: Pick<Message, "chat" | "message_id">, html: string, options: EditOptions = {}): Promise<void> {
  const common = { link_preview_options: { is_disabled: true }, ...(options.keyboard ? { reply_markup: options.keyboard } : {}) };
  try {
    await api.editMessageText(message.chat.id, message.message_id, html, { ...common, parse_mode: "HTML" });
  } catch (error) {
    if (options.unchangedIsFine && error instanceof GrammyError && /message is not modified/.test(error.description)) return;
    if (!isEntityError(error)) throw error;
    options.logger?.warn("telegram rejected HTML, edited to plain text", { chat_id: message.chat.id, ...describeError(error) });
    await api.editMessageText(message.chat.id, message.message_id, htmlToPlain(html), common);
  }
}
