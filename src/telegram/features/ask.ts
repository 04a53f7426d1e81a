/**
 * Questions: private text, group messages addressed to the bot, and /ask (its text, or the message it replies to),
 * in new or edited messages (an edited question gets a fresh answer that
 * replies to the edited message, unless its text is unchanged). Pipeline: route → skip unchanged edits →
 * validate → rate limit →
 * per-user job limit → answer with typing indicator, citations and one button
 * per citation. An answer an LLM writes is shown as it is written (streaming.ts).
 */
import { Composer, type MiddlewareFn } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message } from "grammy/types";
import { AppError } from "../../errors.js";
import type { Answer, Citation } from "../../types.js";
import { classifyMessage } from "../addressing.js";
import type { PassageRefStore } from "../callback-data.js";
import type { BotContext, FeatureDeps } from "../context.js";
import { followUpContext, nextTurn } from "../../answer/followup.js";
import { formatAnswer, type CitationButton } from "../format.js";
import { detectLang, hasNoWords, isBlank, prefersTraditional } from "../../lang/script.js";
import { texts, type Lang } from "../i18n.js";
import { describeError, updateKind } from "../middleware/error-boundary.js";
import { jobLimit } from "../middleware/job-limit.js";
import { rateLimit } from "../middleware/rate-limit.js";
import { replyHtml, replyTarget, sendHtml, startTyping, type SendOptions } from "../reply.js";
import { StreamingReply } from "../streaming.js";
import { safeExamples } from "./commands.js";

const BUTTONS_PER_ROW = 4;
/** Telegram allows a bot 20 messages a minute in a group, edits included. */
const GROUP_STREAM_EDIT_MS = 3000;

export function askFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer
    .on(["message", "edited_message"])
    .filter(routeQuestion, skipUnchangedEdit(deps), validateQuestion(deps), questionRateLimit(deps), questionJobLimit(deps), answerQuestion(deps));
  return composer;
}

/** Questions remembered per chat for `skipUnchangedEdit`: the recent ones are those people edit. */
const ANSWERED_MEMORY = 20;

/**
 * The question as far as an edit can leave it unchanged: formatting (entities) is not in the text; spacing, width forms
 * and the closing question mark or full stop (a typo fixed by adding "？") do not count.
 */
function normalizedQuestion(text: string): string {
  return text.normalize("NFKC").replace(/\s+/gu, " ").trim().replace(/[?.!。]+$/u, "").trimEnd();
}

/** An edit that leaves the answered question's text as it was (only formatting, spacing or closing punctuation changed) gets no second answer. */
function skipUnchangedEdit(deps: FeatureDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const edited = ctx.editedMessage;
    const q = ctx.question!;
    if (edited && ctx.session.answered?.some((a) => a.messageId === edited.message_id && a.text === normalizedQuestion(q.text))) {
      return void deps.logger.info("edited question unchanged, not answered again", { update_id: ctx.update.update_id, message_id: edited.message_id });
    }
    await next();
  };
}

function rememberAnswered(ctx: BotContext, messageId: number, text: string): void {
  const others = (ctx.session.answered ?? []).filter((a) => a.messageId !== messageId);
  ctx.session.answered = [...others, { messageId, text: normalizedQuestion(text) }].slice(-ANSWERED_MEMORY);
}

/** Picks out questions meant for the bot; anything else continues down the stack (or is ignored in groups). */
function routeQuestion(ctx: BotContext): boolean {
  const msg = ctx.msg;
  if (!msg) return false;
  const addressed = classifyMessage(msg, ctx.me);
  let text: string;
  if (addressed.kind === "question") text = addressed.text;
  else if (addressed.kind === "command" && addressed.name === "ask") text = addressed.args || repliedQuestion(msg, ctx.me.id);
  else return false;
  ctx.question = { text, lang: detectLang(text, ctx.from?.language_code), traditional: prefersTraditional(text, ctx.from?.language_code), replyTo: msg.message_id, viaAsk: addressed.kind === "command" };
  return true;
}

/**
 * "/ask" sent as a reply to someone's message asks that message's text (or caption), as /add takes the file it replies
 * to. Not the bot's own messages, nor the topic's first message that every plain message in a forum topic replies to.
 */
function repliedQuestion(msg: Message, botId: number): string {
  const replied = msg.reply_to_message;
  if (!replied || replied.from?.id === botId || replied.forum_topic_created !== undefined) return "";
  const text = (replied.text ?? replied.caption ?? "").replace(/\s+/g, " ").trim();
  return isBlank(text) ? "" : text;
}

function validateQuestion(deps: FeatureDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const q = ctx.question!;
    const t = texts(q.lang, q.traditional);
    // Nothing to ask (blank, or only punctuation: 「？」) gets the usage text with an example, as the CLI says QUESTION_EMPTY.
    if (hasNoWords(q.text)) {
      const example = safeExamples(deps, 1)[0];
      return void (await replyHtml(ctx, q.viaAsk ? t.askUsage(example) : t.emptyQuestion(example)));
    }
    const length = [...q.text].length;
    if (length > deps.config.maxQuestionChars) {
      return void (await replyHtml(ctx, t.tooLong(length, deps.config.maxQuestionChars)));
    }
    await next();
  };
}

function questionRateLimit(deps: FeatureDeps): MiddlewareFn<BotContext> {
  return rateLimit<BotContext>({
    limit: deps.config.rateLimitPerMinute,
    store: deps.rateLimits,
    key: (ctx) => (ctx.from && !deps.isAdmin(ctx.from.id) ? `user:${ctx.from.id}` : undefined),
    onLimited: async (ctx, seconds, first) => {
      deps.stats.rateLimited++;
      deps.logger.info("rate limited", { update_id: ctx.update.update_id, retry_after_s: seconds });
      if (first) await replyHtml(ctx, texts(ctx.question!.lang, ctx.question!.traditional).rateLimited(seconds));
    },
  });
}

/**
 * At most `maxJobsPerUser` questions per user in flight, across chats and inline
 * mode (one chat is already answered in order, so this bites when one user asks
 * in several chats at once). The excess is told to wait, and the engine is not asked.
 */
function questionJobLimit(deps: FeatureDeps): MiddlewareFn<BotContext> {
  return jobLimit<BotContext>({
    counter: deps.jobs,
    limit: deps.config.maxJobsPerUser,
    key: (ctx) => (ctx.from && !deps.isAdmin(ctx.from.id) ? `user:${ctx.from.id}` : undefined),
    onBusy: async (ctx, limit) => {
      deps.stats.busy++;
      deps.logger.info("too many questions in flight", { update_id: ctx.update.update_id, limit });
      await replyHtml(ctx, texts(ctx.question!.lang, ctx.question!.traditional).busy(limit));
    },
  });
}

function answerQuestion(deps: FeatureDeps): MiddlewareFn<BotContext> {
  const { engine, logger, stats } = deps;
  return async (ctx) => {
    const q = ctx.question!;
    const context = followUpContext(q.text, ctx.session.conversation);
    const log = logger.child({ update_id: ctx.update.update_id });
    stats.questions++;
    // Length and language only: the question itself is user content and stays out of info logs.
    log.info("question", { kind: updateKind(ctx), chat_type: ctx.chat?.type, lang: q.lang, chars: q.text.length });
    log.debug("question text", { text: q.text.slice(0, 200) });

    const target = replyTarget(ctx, q.replyTo);
    const streamEditMs = ctx.chat?.type === "private" ? deps.config.streamEditMs : Math.max(deps.config.streamEditMs, GROUP_STREAM_EDIT_MS);
    const live = engine.streaming && deps.config.streamEditMs > 0 ? new StreamingReply(ctx.api, target, { intervalMs: streamEditMs, logger: log }) : undefined;
    // Whatever the engine ends with replaces the streamed text: the verified answer, the extractive fallback, not found, or the apology.
    const reply = (parts: readonly string[], options: SendOptions) => (live ? live.finish(parts, options) : sendHtml(ctx.api, target, parts, options));
    const typing = startTyping(ctx, logger, deps.typingDelayMs);
    try {
      const started = Date.now();
      let answer: Answer;
      try {
        answer = await engine.ask(q.text, {
          ...(context !== undefined ? { context } : {}),
          ...(live ? { onPartial: (text: string) => live.update(text) } : {}),
          ...(deps.signal ? { signal: deps.signal } : {}),
        });
      } catch (error) {
        typing.stop();
        // Shutdown abandoned this answer: nothing more is sent (the Bot API calls would be cut off anyway).
        if (deps.signal?.aborted) return void log.info("answer abandoned at shutdown");
        stats.failed++;
        log.error("engine failed", describeError(error));
        await reply([engineErrorText(error, q.lang, q.traditional, q.text, deps.config.maxQuestionChars)], { logger: log });
        return;
      }
      typing.stop();
      const ms = Date.now() - started;
      stats.recordAnswer(answer.found, ms);
      log.info("answered", { found: answer.found, citations: answer.citations.length, follow_up: answer.followUp === true, ms });

      const titles = new Map(engine.sources().map((s) => [s.source, s.title] as const));
      const formatted = formatAnswer(answer, { lang: q.lang, traditional: q.traditional, titles });
      const keyboard = answer.found ? await citationKeyboard(formatted.buttons, answer.citations, q.lang, deps.refs) : undefined;
      await reply(formatted.parts, { keyboard, logger: log });
      // A follow-up keeps the earlier subject question, so 「那2021年呢？」 after 「那2022年呢？」 still refers to the original question.
      ctx.session.conversation = nextTurn(q.text, context, answer);
      rememberAnswered(ctx, q.replyTo, q.text);
    } finally {
      await typing.settled();
    }
  };
}

function engineErrorText(error: unknown, lang: Lang, traditional: boolean, question: string, max: number): string {
  const t = texts(lang, traditional);
  if (error instanceof AppError && error.code === "QUESTION_TOO_LONG") return t.tooLong([...question].length, max);
  if (error instanceof AppError && error.code === "QUESTION_EMPTY") return t.emptyQuestion();
  return t.failed;
}

/** One 「📄 原文 n」 button per citation, whose callback data re-finds the passage. */
export async function citationKeyboard(buttons: readonly CitationButton[], citations: readonly Citation[], lang: Lang, refs: PassageRefStore): Promise<InlineKeyboardMarkup | undefined> {
  const row: InlineKeyboardButton[] = [];
  for (const b of buttons) {
    const c = citations.find((x) => x.n === b.n);
    if (!c) continue;
    row.push({ text: b.label, callback_data: await refs.encode({ chunkId: c.chunkId, start: c.start, end: c.end, lang }) });
  }
  if (row.length === 0) return undefined;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < row.length; i += BUTTONS_PER_ROW) rows.push(row.slice(i, i + BUTTONS_PER_ROW));
  return { inline_keyboard: rows };
}
