/** /start, /help and /sources, plus the command menus registered with setMyCommands. */
import { Composer, type Api, type MiddlewareFn } from "grammy";
import type { BotCommand } from "grammy/types";
import type { TelegramConfig } from "../../config/telegram.js";
import { scriptFromCode } from "../../lang/script.js";
import type { Logger } from "../../log.js";
import type { BotContext, FeatureDeps } from "../context.js";
import { splitHtml } from "../html.js";
import { texts, textsFor, type Lang } from "../i18n.js";
import { describeError } from "../middleware/error-boundary.js";
import { replyHtml } from "../reply.js";

const EXAMPLES = 3;

export function commandsFeature(deps: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const textsOf = (ctx: BotContext) => textsFor(undefined, ctx.from?.language_code);

  composer.use(traditionalMenus(deps));

  composer.command("start", async (ctx) => {
    // The inline-mode buttons deep-link here with start=help.
    if (ctx.match === "help") return void (await replyHtml(ctx, textsOf(ctx).help(ctx.me.username, deps.config.maxQuestionChars)));
    const examples = safeExamples(deps, EXAMPLES);
    await replyHtml(ctx, textsOf(ctx).start(examples, ctx.me.username));
  });

  composer.command("help", async (ctx) => {
    await replyHtml(ctx, textsOf(ctx).help(ctx.me.username, deps.config.maxQuestionChars));
  });

  composer.command("sources", async (ctx) => {
    const t = textsOf(ctx);
    const sources = deps.engine.sources();
    if (sources.length === 0) return void (await replyHtml(ctx, t.noSources));
    const lines = sources.map((s, i) => t.sourceItem(i + 1, s.title || s.source, s.source, s.chunks));
    // Long corpora span several messages; sendHtml splits at line boundaries.
    await replyHtml(ctx, splitHtml(`${t.sourcesHeader(sources.length)}\n${lines.join("\n")}`), { logger: deps.logger });
  });

  return composer;
}

/** Example questions for hints; an engine failure here must not break /start. */
export function safeExamples(deps: Pick<FeatureDeps, "engine" | "logger">, count: number): string[] {
  try {
    return deps.engine.exampleQuestions(count).filter((q) => q.trim()).slice(0, count);
  } catch (error) {
    deps.logger.warn("exampleQuestions failed", describeError(error));
    return [];
  }
}

/** Private chats given the Traditional menu by this process; forgotten when full (registering again is harmless). */
const TRADITIONAL_MENUS_REMEMBERED = 10_000;

/**
 * A Traditional-script user (Telegram set to zh-TW, zh-HK or zh-Hant) gets the command menu in Traditional script,
 * registered for their private chat on their first update: setMyCommands takes two-letter language codes only, so
 * the `zh` menu of registerCommandMenus cannot tell the scripts apart. In the background: the answer does not wait.
 */
function traditionalMenus(deps: FeatureDeps): MiddlewareFn<BotContext> {
  const done = new Set<number>();
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (chat?.type === "private" && !done.has(chat.id) && scriptFromCode(ctx.from?.language_code) === "zh-Hant") {
      if (done.size >= TRADITIONAL_MENUS_REMEMBERED) done.clear();
      done.add(chat.id);
      const admin = deps.isAdmin(ctx.from?.id);
      const scope = { type: "chat" as const, chat_id: chat.id };
      // An admin's chat also has the `zh` admin menu, which would win over a menu for every language.
      const calls = [ctx.api.setMyCommands(commandList("zh", admin, true), { scope }), ...(admin ? [ctx.api.setMyCommands(commandList("zh", true, true), { scope, language_code: "zh" })] : [])];
      void Promise.all(calls).then(
        () => deps.logger.debug("Traditional command menu registered", { chat_id: chat.id }),
        (error: unknown) => {
          done.delete(chat.id);
          deps.logger.warn("setMyCommands failed", { menu: "chat/zh-Hant", ...describeError(error) });
        },
      );
    }
    await next();
  };
}

function commandList(lang: Lang, admin: boolean, traditional = false): BotCommand[] {
  const c = texts(lang, traditional).commands;
  const list: BotCommand[] = [
    { command: "ask", description: c.ask },
    { command: "sources", description: c.sources },
    { command: "docs", description: c.docs },
    { command: "help", description: c.help },
    { command: "start", description: c.start },
  ];
  return admin ? [...list, { command: "add", description: c.add }, { command: "remove", description: c.remove }, { command: "stats", description: c.stats }] : list;
}

/**
 * Registers the command menu: English as the default, Chinese for clients set
 * to `zh` (Traditional-script users get theirs per chat, traditionalMenus), and for each admin a private-chat menu that adds /add, /remove and /stats. Failures are
 * logged, not fatal: a missing menu should not keep the bot from answering.
 * Once `signal` aborts, the remaining menus are skipped.
 */
export async function registerCommandMenus(api: Api, config: TelegramConfig, logger: Logger, signal?: AbortSignal): Promise<void> {
  const calls: { what: string; run: () => Promise<unknown> }[] = [
    { what: "default/en", run: () => api.setMyCommands(commandList("en", false), { scope: { type: "default" } }) },
    { what: "default/zh", run: () => api.setMyCommands(commandList("zh", false), { scope: { type: "default" }, language_code: "zh" }) },
  ];
  for (const id of config.adminIds.filter((id) => id > 0)) {
    const scope = { type: "chat" as const, chat_id: id };
    calls.push({ what: "admin/en", run: () => api.setMyCommands(commandList("en", true), { scope }) });
    calls.push({ what: "admin/zh", run: () => api.setMyCommands(commandList("zh", true), { scope, language_code: "zh" }) });
  }
  for (const call of calls) {
    // Stopped during start-up: the rest is skipped quietly (the calls themselves are cut off by the caller's signal).
    if (signal?.aborted) return;
    try {
      await call.run();
    } catch (error) {
      if (signal?.aborted) return;
      // An admin who never opened a chat with the bot gives "chat not found".
      logger.warn("setMyCommands failed", { menu: call.what, ...describeError(error) });
    }
  }
}
