/**
 * Inline mode: `@bot question` in any chat offers up to three cited excerpts
 * as articles. Empty, refused, rate-limited, busy and unanswerable queries get an
 * empty list with a button into the private chat instead.
 */
import { createHash } from "node:crypto";
import { Composer, type MiddlewareFn } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { BotContext, FeatureDeps } from "../context.js";
import { answerMatcher, formatAnswerBody, formatCitation, preview } from "../format.js";
import { escapeHtml, splitHtml } from "../html.js";
import { detectLang, hasNoWords, prefersTraditional } from "../../lang/script.js";
import { texts, textsFor } from "../i18n.js";
import { describeError } from "../middleware/error-boundary.js";
import { jobLimit } from "../middleware/job-limit.js";
import { rateLimit } from "../middleware/rate-limit.js";

export const INLINE_MAX_RESULTS = 3;
/** Answers depend only on the query text, so Telegram may cache them briefly for everyone. */
const CACHE_S = 60;

export function inlineFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("inline_query", skipEmpty, inlineRateLimit(deps), inlineJobLimit(deps), answerInline(deps));
  return composer;
}

function lang(ctx: BotContext) {
  return detectLang(ctx.inlineQuery?.query, ctx.from?.language_code);
}

function traditional(ctx: BotContext) {
  return prefersTraditional(ctx.inlineQuery?.query, ctx.from?.language_code);
}

const skipEmpty: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!hasNoWords(ctx.inlineQuery!.query)) return next();
  await ctx.answerInlineQuery([], { cache_time: 300, button: { text: textsFor(ctx.inlineQuery?.query, ctx.from?.language_code).inlineEmpty, start_parameter: "inline" } });
};

/** A separate budget from chat questions: inline queries arrive as the user types. */
function inlineRateLimit(deps: FeatureDeps): MiddlewareFn<BotContext> {
  return rateLimit<BotContext>({
    limit: deps.config.rateLimitPerMinute,
    store: deps.rateLimits,
    key: (ctx) => (deps.isAdmin(ctx.from?.id) ? undefined : `inline:${ctx.from!.id}`),
    onLimited: async (ctx) => {
      deps.stats.rateLimited++;
      await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true, button: { text: textsFor(ctx.inlineQuery?.query, ctx.from?.language_code).inlineRateLimited, start_parameter: "help" } });
    },
  });
}

/** Shares the per-user budget of questions in flight with chat questions. */
function inlineJobLimit(deps: FeatureDeps): MiddlewareFn<BotContext> {
  return jobLimit<BotContext>({
    counter: deps.jobs,
    limit: deps.config.maxJobsPerUser,
    key: (ctx) => (deps.isAdmin(ctx.from?.id) ? undefined : `user:${ctx.from!.id}`),
    onBusy: async (ctx) => {
      deps.stats.busy++;
      await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true, button: { text: textsFor(ctx.inlineQuery?.query, ctx.from?.language_code).inlineBusy, start_parameter: "help" } });
    },
  });
}

function answerInline(deps: FeatureDeps): MiddlewareFn<BotContext> {
  return async (ctx) => {
    const query = ctx.inlineQuery!.query.trim();
    const l = lang(ctx);
    const tr = traditional(ctx);
    const t = texts(l, tr);
    deps.stats.inlineQueries++;
    if ([...query].length > deps.config.maxQuestionChars) {
      await ctx.answerInlineQuery([], { cache_time: CACHE_S, button: { text: t.inlineNotFound(query), start_parameter: "help" } });
      return;
    }
    let results: InlineQueryResultArticle[] = [];
    try {
      const answer = await deps.engine.ask(query, deps.signal ? { signal: deps.signal } : {});
      deps.logger.info("inline answered", { update_id: ctx.update.update_id, found: answer.found, citations: answer.citations.length });
      if (answer.found) {
        const titles = new Map(deps.engine.sources().map((s) => [s.source, s.title] as const));
        const head = `❓ <i>${escapeHtml(query)}</i>\n\n${formatAnswerBody(answer, l, tr)}\n\n`;
        const matcher = answerMatcher(answer);
        results = answer.citations.slice(0, INLINE_MAX_RESULTS).map((c) => {
          const title = titles.get(c.source) ?? c.source;
          // One message per excerpt; if it is too long, the first well-formed part is sent.
          const [text = ""] = splitHtml(head + formatCitation(c, answer, { lang: l, traditional: tr, titles }, matcher));
          return {
            type: "article",
            id: `${c.n}-${createHash("sha1").update(`${c.chunkId}:${c.start}:${c.end}`).digest("hex").slice(0, 20)}`,
            title: `[${c.n}] ${preview(title, 80)}`,
            description: preview(c.text, 120),
            input_message_content: { message_text: text, parse_mode: "HTML", link_preview_options: { is_disabled: true } },
          };
        });
      }
    } catch (error) {
      if (deps.signal?.aborted) return void deps.logger.info("inline answer abandoned at shutdown", { update_id: ctx.update.update_id });
      deps.stats.failed++;
      deps.logger.error("engine failed (inline)", { update_id: ctx.update.update_id, ...describeError(error) });
      await ctx.answerInlineQuery([], { cache_time: 0, button: { text: t.inlineNotFound(query), start_parameter: "help" } });
      return;
    }
    if (results.length === 0) {
      await ctx.answerInlineQuery([], { cache_time: CACHE_S, button: { text: t.inlineNotFound(query), start_parameter: "help" } });
      return;
    }
    await ctx.answerInlineQuery(results, { cache_time: CACHE_S });
  };
}
