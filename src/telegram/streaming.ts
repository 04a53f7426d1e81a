/**
 * A reply that shows an answer while an LLM writes it: one message, sent with
 * the first partial text, edited as more arrives, and edited a last time into
 * the final reply (further parts of a long final reply are new messages).
 *
 * Telegram allows about one message a second per chat, edits included, so
 * edits are at least `intervalMs` apart, and only the latest text is shown:
 * text arriving meanwhile replaces what was waiting, it never queues. The
 * intermediate edits are best-effort (no retries): a 429 pauses them for its
 * retry_after, any other failure skips one. Sending the message and the final
 * edit are retried like any reply, and the final edit waits out a pause.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { GrammyError, type Api } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import type { Logger } from "../log.js";
import { formatPartialAnswer } from "./format.js";
import { htmlToPlain } from "./html.js";
import { describeError, isChatUnreachable, isClaimedElsewhere } from "./middleware/error-boundary.js";
import { bestEffortSignal, isEntityError, sendHtml, type SendOptions, type Target } from "./reply.js";

export interface StreamingOptions {
  /** Least time between two sends or edits of the message, in ms. */
  intervalMs: number;
  logger: Logger;
}

const NO_PREVIEW = { is_disabled: true } as const;

export class StreamingReply {
  private message?: Message.TextMessage;
  /** HTML the message shows, as far as we know. */
  private shown?: string;
  /** The latest partial HTML. */
  private latest?: string;
  private lastAt = -Infinity;
  /** No intermediate edit before this time (a 429's retry_after). */
  private pausedUntil = 0;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  /** Partial text is no longer shown: finishing, or the message could not be sent. */
  private stopped = false;
  private readonly signal = bestEffortSignal();

  constructor(private readonly api: Api, private readonly target: Target, private readonly options: StreamingOptions) {}

  /** The answer so far (plain text); cheap, for `onPartial`. */
  update(text: string): void {
    const html = formatPartialAnswer(text);
    if (this.stopped || !html) return;
    this.latest = html;
    this.pump();
  }

  /**
   * Shows the final reply (HTML parts, the keyboard on the last): the message
   * is edited into the first part and the others are sent after it; without a
   * message (no partial text was shown) the parts are sent as a normal reply.
   */
  async finish(parts: readonly string[], options: SendOptions = {}): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
    const message = this.message;
    if (!message) return void (await sendHtml(this.api, this.target, parts, options));
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) await sleep(wait);
    const [first, ...rest] = parts;
    const keyboard = rest.length === 0 ? options.keyboard : undefined;
    if (first !== undefined && !(first === this.shown && !keyboard) && !(await this.editFinal(message, first, keyboard))) {
      return void (await sendHtml(this.api, this.target, parts, options));
    }
    if (rest.length > 0) await sendHtml(this.api, { chatId: this.target.chatId, threadId: this.target.threadId }, rest, options);
  }

  /** Sends or edits with the latest text now, or schedules it for when the interval (or a 429 pause) is over. */
  private pump(): void {
    if (this.stopped || this.inFlight || this.timer || this.latest === undefined || this.latest === this.shown) return;
    const wait = Math.max(this.lastAt + this.options.intervalMs, this.pausedUntil) - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    const html = this.latest;
    this.lastAt = Date.now();
    this.inFlight = (this.message ? this.edit(this.message, html) : this.send(html)).finally(() => {
      this.inFlight = undefined;
      this.pump();
    });
  }

  private async send(html: string): Promise<void> {
    try {
      [this.message] = await sendHtml(this.api, this.target, [html], { logger: this.options.logger });
      this.shown = html;
    } catch (error) {
      // Nothing to edit then: the final reply is sent as a normal one.
      this.stopped = true;
      if (isClaimedElsewhere(error)) this.options.logger.debug("streamed answer not sent: another replica answers this update");
      // The final reply meets the same refusal, and the error boundary reports it once.
      else if (isChatUnreachable(error)) this.options.logger.debug("streamed answer not sent: chat unreachable", describeError(error));
      else this.options.logger.warn("streamed answer not sent; waiting for the final answer", describeError(error));
    }
  }

  private async edit(message: Message.TextMessage, html: string): Promise<void> {
    try {
      await this.api.editMessageText(message.chat.id, message.message_id, html, { parse_mode: "HTML", link_preview_options: NO_PREVIEW }, this.signal);
      this.shown = html;
    } catch (error) {
      if (isNotModified(error)) this.shown = html;
      else if (error instanceof GrammyError && error.error_code === 429) this.pausedUntil = Date.now() + (error.parameters.retry_after ?? 1) * 1000;
      this.options.logger.debug("streamed edit skipped", describeError(error));
    }
  }

  /** False when the message is gone (deleted meanwhile), so the reply must be sent anew. */
  private async editFinal(message: Message.TextMessage, html: string, keyboard: InlineKeyboardMarkup | undefined): Promise<boolean> {
    const edit = (text: string, parseMode?: "HTML") =>
      this.api.editMessageText(message.chat.id, message.message_id, text, {
        ...(parseMode ? { parse_mode: parseMode } : {}),
        link_preview_options: NO_PREVIEW,
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    try {
      await edit(html, "HTML").catch((error: unknown) => {
        if (!isEntityError(error)) throw error;
        this.options.logger.warn("telegram rejected HTML, edited in plain text", { chat_id: message.chat.id, ...describeError(error) });
        return edit(htmlToPlain(html));
      });
      return true;
    } catch (error) {
      if (isNotModified(error)) return true;
      if (error instanceof GrammyError && error.error_code === 400 && /message to edit not found|message can't be edited/i.test(error.description)) return false;
      throw error;
    }
  }
}

/** Telegram's answer to an edit that changes nothing: harmless, the message already shows it. */
function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message is not modified/i.test(error.description);
}
