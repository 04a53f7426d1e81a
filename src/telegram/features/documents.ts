/**
 * The document library in the chat: admins add documents by sending a file
 * (private chat; in a group with the caption /add, or /add in reply to a file),
 * everyone may page through /docs, admins remove documents with /remove or the
 * 🗑 buttons in /docs. Every change is confirmed by the one admin who asked, with
 * a short-lived button (pending-actions.ts). Anyone else who sends a file or
 * /add, /remove gets one polite sentence, and nothing is downloaded.
 *
 * An upload: checks that need no download (name, type, the 20 MB Bot API limit)
 * → a progress message → download → a name already taken asks [Replace] [Cancel]
 * (the file waits on the corpus volume until then, library.hold, and the button in
 * the bot state, so the tap may reach any webhook replica) → library.add → the progress message
 * becomes the summary: title, pages, chunks, seconds and an example question.
 */
import path from "node:path";
import { Composer, GrammyError } from "grammy";
import type { Document, InlineKeyboardButton, InlineKeyboardMarkup, Message } from "grammy/types";
import { AppError } from "../../errors.js";
import { adminsOnlyText } from "../../lang/messages.js";
import { detectLang, langFromCode, prefersTraditional, scriptFromCode } from "../../lang/script.js";
import { type AddedDocument, type DocumentLibrary, isUploadable, type LibraryDocument, LibraryError, type Uploader } from "../../library/library.js";
import { defaultUploadName } from "../../library/names.js";
import type { BotContext, FeatureDeps } from "../context.js";
import { BOT_API_DOWNLOAD_LIMIT, DownloadError, downloadFile, withinDownloadLimit } from "../download.js";
import { texts, type Lang, type Texts } from "../i18n.js";
import { describeError, isClaimedElsewhere } from "../middleware/error-boundary.js";
import { PendingActions } from "../pending-actions.js";
import { editHtml, replyHtml, sendHtml } from "../reply.js";

/** Documents per /docs page. */
export const DOCS_PAGE_SIZE = 10;
const REMOVE_BUTTONS_PER_ROW = 5;

/** What a confirm button holds: a downloaded file waiting to replace its namesake, or a document to remove. */
type Pending =
  | { kind: "replace"; fileName: string; held: string; addedBy: Uploader }
  | { kind: "remove"; source: string; title: string };

const langCode = (lang: Lang) => (lang === "zh" ? "z" : "e");
const codeLang = (code: string): Lang => (code === "z" ? "zh" : "en");

export function documentsFeature(deps: FeatureDeps, library: DocumentLibrary): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pending = new PendingActions<Pending>(deps.pending, deps.confirmTtlMs !== undefined ? { ttlMs: deps.confirmTtlMs } : {});
  /** Stores a confirmation; an earlier one of the same user and kind is dropped, with its held upload. */
  const askToConfirm = async (kind: Pending["kind"], userId: number, l: Lang, data: Pending) => {
    const { replaced, ...buttons } = await pending.add(kind, userId, l, data);
    if (replaced?.data.kind === "replace") await library.takeHeld(replaced.data.held);
    return buttons;
  };
  const lang = (ctx: BotContext) => detectLang(ctx.msg?.caption, ctx.from?.language_code);
  // A button press carries no words of the user's: their language tag decides.
  const traditional = (ctx: BotContext) => prefersTraditional(ctx.callbackQuery ? undefined : (ctx.msg?.caption ?? ctx.msg?.text), ctx.from?.language_code);
  const politeRefusal = async (ctx: BotContext, what: string) => {
    deps.logger.info("library change refused: not an admin", { update_id: ctx.update.update_id, what, user_id: ctx.from?.id, chat_type: ctx.chat?.type });
    await replyHtml(ctx, adminsOnlyText(scriptFromCode(ctx.from?.language_code)));
  };

  // ---------------------------------------------------------------- uploads

  const take = async (ctx: BotContext, document: Document) => {
    const t = texts(lang(ctx), traditional(ctx)).library;
    // Some clients and bots send a file without a name: it is named after its type ("document.pdf").
    const fileName = document.file_name || defaultUploadName(document.mime_type);
    let source: string;
    try {
      source = library.sourceFor(fileName);
    } catch (error) {
      return void (await replyHtml(ctx, failureText(texts(lang(ctx), traditional(ctx)), error, fileName)));
    }
    const name = path.posix.basename(source);
    if (!isUploadable(source)) return void (await replyHtml(ctx, t.refused("unsupported", name)));
    if (!withinDownloadLimit(document.file_size)) return void (await replyHtml(ctx, t.tooBig(document.file_size! / 1048576)));
    const [progress] = await replyHtml(ctx, t.reading(name));
    const edit = (html: string, keyboard?: InlineKeyboardMarkup) => editHtml(ctx.api, progress!, html, { keyboard, logger: deps.logger });
    const addedBy: Uploader = { id: ctx.from!.id, ...(uploaderName(ctx) ? { name: uploaderName(ctx) } : {}) };
    try {
      const bytes = await downloadFile(ctx.api, document.file_id, {
        token: deps.config.token, apiRoot: deps.config.apiRoot, network: deps.network, signal: deps.signal,
        ...(deps.networkRetryDelaysMs ? { retryDelaysMs: deps.networkRetryDelaysMs } : {}),
      });
      deps.logger.info("upload downloaded", { update_id: ctx.update.update_id, user_id: addedBy.id, bytes: bytes.byteLength });
      if (await library.sameAs(fileName, bytes)) return void (await edit(t.unchanged(source)));
      if (await library.exists(fileName)) {
        // Held on the corpus volume, not in this process: the confirm tap may reach another replica.
        const held = await library.hold(fileName, bytes, pending.ttlMs);
        const buttons = await askToConfirm("replace", addedBy.id, lang(ctx), { kind: "replace", fileName, held, addedBy });
        return void (await edit(t.exists(source), confirmKeyboard(t.replaceButton, t.cancelButton, buttons)));
      }
      await edit(addedText(t, await library.add({ fileName, bytes, addedBy })));
    } catch (error) {
      // Shutdown, or another replica answers this update: the boundary handles both, and nothing more is sent from here.
      if (deps.signal?.aborted || isClaimedElsewhere(error)) throw error;
      logFailure(deps, ctx, "upload failed", error);
      await edit(failureText(texts(lang(ctx), traditional(ctx)), error, name, document.file_size));
    }
  };

  composer.on("message:document", async (ctx, next) => {
    // In groups, files are shared all day: only one sent with the caption /add is for us.
    if (ctx.chat.type !== "private" && !captionIsAdd(ctx.msg, ctx.me.username)) return next();
    if (!deps.isAdmin(ctx.from.id)) return politeRefusal(ctx, "upload");
    await take(ctx, ctx.msg.document);
  });

  composer.command("add", async (ctx) => {
    if (!deps.isAdmin(ctx.from?.id)) return politeRefusal(ctx, "add");
    const document = ctx.msg.reply_to_message?.document;
    if (!document) return void (await replyHtml(ctx, texts(lang(ctx), traditional(ctx)).library.addUsage));
    await take(ctx, document);
  });

  // ---------------------------------------------------------------- /docs

  const showDocs = async (ctx: BotContext, page: number, l: Lang, edit: boolean) => {
    const docs = await library.list();
    const view = docsPage(texts(l, traditional(ctx)), docs, page, l, deps.isAdmin(ctx.from?.id));
    if (!edit) return void (await replyHtml(ctx, view.html, { keyboard: view.keyboard, logger: deps.logger }));
    const message = ctx.callbackQuery!.message!;
    await editHtml(ctx.api, message, view.html, { keyboard: view.keyboard, logger: deps.logger, unchangedIsFine: true });
  };

  composer.command("docs", (ctx) => showDocs(ctx, 0, langFromCode(ctx.from?.language_code), false));

  composer.callbackQuery(/^dl:(\d{1,5}):([ze])$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!ctx.callbackQuery.message) return;
    await showDocs(ctx, Number(ctx.match[1]), codeLang(ctx.match[2]!), true);
  });

  // ---------------------------------------------------------------- /remove

  const askToRemove = async (ctx: BotContext, doc: LibraryDocument, l: Lang, replyTo?: { chatId: number; messageId: number; threadId?: number }) => {
    const t = texts(l, traditional(ctx)).library;
    const buttons = await askToConfirm("remove", ctx.from!.id, l, { kind: "remove", source: doc.source, title: doc.title });
    const keyboard = confirmKeyboard(t.removeConfirmButton, t.cancelButton, buttons);
    if (!replyTo) return void (await replyHtml(ctx, t.confirmRemove(doc.title, doc.source), { keyboard, logger: deps.logger }));
    await sendHtml(ctx.api, { chatId: replyTo.chatId, replyTo: replyTo.messageId, threadId: replyTo.threadId }, [t.confirmRemove(doc.title, doc.source)], { keyboard, logger: deps.logger });
  };

  composer.command("remove", async (ctx) => {
    if (!deps.isAdmin(ctx.from?.id)) return politeRefusal(ctx, "remove");
    const l = langFromCode(ctx.from?.language_code);
    const t = texts(l, traditional(ctx)).library;
    const arg = ctx.match.trim();
    if (!arg) return void (await replyHtml(ctx, t.removeUsage));
    const docs = await library.list();
    const exact = docs.find((d) => d.source === arg);
    const found = exact ? [exact] : docs.filter((d) => path.posix.basename(d.source) === arg || d.title === arg);
    if (found.length === 0) return void (await replyHtml(ctx, t.removeUnknown(arg)));
    if (found.length > 1) return void (await replyHtml(ctx, t.removeAmbiguous(arg, found.map((d) => d.source))));
    await askToRemove(ctx, found[0]!, l);
  });

  // A 🗑 button in /docs names a position in the list; the confirm prompt then names the document itself.
  composer.callbackQuery(/^dr:(\d{1,6}):([ze])$/, async (ctx) => {
    const l = codeLang(ctx.match[2]!);
    const message = ctx.callbackQuery.message;
    const doc = deps.isAdmin(ctx.from.id) && message ? (await library.list())[Number(ctx.match[1])] : undefined;
    if (!doc || !message) return notAllowed(ctx, l);
    await ctx.answerCallbackQuery();
    const threadId = "is_topic_message" in message && message.is_topic_message ? message.message_thread_id : undefined;
    await askToRemove(ctx, doc, l, { chatId: message.chat.id, messageId: message.message_id, threadId });
  });

  // ---------------------------------------------------------------- confirm buttons

  composer.callbackQuery(/^d[cx]:/, async (ctx) => {
    const data = ctx.callbackQuery.data;
    const taken = deps.isAdmin(ctx.from.id) ? await pending.take(data, ctx.from.id) : undefined;
    const message = ctx.callbackQuery.message;
    if (!taken || !message) return notAllowed(ctx, PendingActions.langOf(data) ?? langFromCode(ctx.from.language_code));
    const { confirmed, action } = taken;
    const all = texts(action.lang, traditional(ctx));
    const t = all.library;
    const edit = (html: string) => editHtml(ctx.api, message, html, { logger: deps.logger });
    const p = action.data;
    // Cancelled or confirmed, the held upload leaves the corpus volume now.
    const bytes = p.kind === "replace" ? await library.takeHeld(p.held) : undefined;
    if (!confirmed) {
      await ctx.answerCallbackQuery();
      return void (await edit(t.cancelled));
    }
    if (p.kind === "replace" && !bytes) return notAllowed(ctx, action.lang);
    await ctx.answerCallbackQuery({ text: t.working });
    try {
      if (p.kind === "replace") {
        await edit(t.reading(path.posix.basename(library.sourceFor(p.fileName))));
        await edit(addedText(t, await library.add({ fileName: p.fileName, bytes: bytes!, addedBy: p.addedBy }, { replace: true })));
      } else {
        await edit(t.removing(p.title));
        const removed = await library.remove(p.source);
        await edit(t.removed(removed.title, removed.source, removed.chunks, removed.ms / 1000));
      }
    } catch (error) {
      // Shutdown, or another replica answers this update: the boundary handles both, and nothing more is sent from here.
      if (deps.signal?.aborted || isClaimedElsewhere(error)) throw error;
      logFailure(deps, ctx, p.kind === "replace" ? "replace failed" : "remove failed", error);
      await edit(failureText(all, error, p.kind === "replace" ? path.posix.basename(p.fileName) : p.source));
    }
  });

  return composer;

  async function notAllowed(ctx: BotContext, l: Lang): Promise<void> {
    deps.logger.info("library button refused (forged, expired, or not this user's)", { update_id: ctx.update.update_id, user_id: ctx.from?.id });
    await ctx.answerCallbackQuery({ text: texts(l, traditional(ctx)).library.expired });
  }
}

/** A caption that is the command /add (or /add@thisbot): grammY's command filter reads message text only. */
function captionIsAdd(msg: Message, botUsername: string): boolean {
  const first = msg.caption_entities?.[0];
  if (!msg.caption || first?.type !== "bot_command" || first.offset !== 0) return false;
  const [name, target] = msg.caption.slice(1, first.length).split("@");
  return name!.toLowerCase() === "add" && (target === undefined || target.toLowerCase() === botUsername.toLowerCase());
}

function uploaderName(ctx: BotContext): string | undefined {
  const from = ctx.from;
  if (!from) return undefined;
  return from.username ? `@${from.username}` : [from.first_name, from.last_name].filter(Boolean).join(" ") || undefined;
}

function confirmKeyboard(yes: string, no: string, payloads: { confirm: string; cancel: string }): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: yes, callback_data: payloads.confirm }, { text: no, callback_data: payloads.cancel }]] };
}

function addedText(t: Texts["library"], added: AddedDocument): string {
  return t.added({
    title: added.title, source: added.source, chunks: added.chunks, seconds: added.ms / 1000, replaced: added.replaced,
    ...(added.pages !== undefined ? { pages: added.pages } : {}), ...(added.examples[0] ? { example: added.examples[0] } : {}),
  });
}

/** One page of /docs: the list, 🗑 buttons for admins, ◀ ▶ when there is more than one page. */
export function docsPage(all: Texts, docs: readonly LibraryDocument[], page: number, lang: Lang, admin: boolean): { html: string; keyboard?: InlineKeyboardMarkup } {
  const t = all.library;
  if (docs.length === 0) return { html: t.noDocs };
  const pages = Math.ceil(docs.length / DOCS_PAGE_SIZE);
  const p = Math.min(Math.max(0, page), pages - 1);
  const first = p * DOCS_PAGE_SIZE;
  const shown = docs.slice(first, first + DOCS_PAGE_SIZE);
  const html = [t.docsHeader(docs.length, p + 1, pages), ...shown.map((d, i) => t.docItem(first + i + 1, d))].join("\n");
  const rows: InlineKeyboardButton[][] = [];
  const l = langCode(lang);
  if (admin) {
    const remove = shown.map((_, i) => ({ text: t.removeButton(first + i + 1), callback_data: `dr:${first + i}:${l}` }));
    for (let i = 0; i < remove.length; i += REMOVE_BUTTONS_PER_ROW) rows.push(remove.slice(i, i + REMOVE_BUTTONS_PER_ROW));
  }
  const nav: InlineKeyboardButton[] = [];
  if (p > 0) nav.push({ text: "◀", callback_data: `dl:${p - 1}:${l}` });
  if (p < pages - 1) nav.push({ text: "▶", callback_data: `dl:${p + 1}:${l}` });
  if (nav.length) rows.push(nav);
  return rows.length ? { html, keyboard: { inline_keyboard: rows } } : { html };
}

/** What went wrong, in words the admin can act on; the library promises the corpus and the index are unchanged. */
function failureText(all: Texts, error: unknown, name: string, size?: number): string {
  const t = all.library;
  if (error instanceof DownloadError) return error.tooBig ? t.tooBig(size !== undefined && size > BOT_API_DOWNLOAD_LIMIT ? size / 1048576 : undefined) : t.downloadFailed;
  // A detail that is the refusal's own name ("empty") says nothing the sentence does not, and in English.
  if (error instanceof LibraryError) return t.refused(error.reason, name, error.detail === error.reason ? undefined : error.detail);
  if (error instanceof AppError && error.code === "INDEX_DISK_FULL") return t.diskFull;
  if (error instanceof AppError && error.code === "CORPUS_EMPTY") return t.lastDocument;
  return t.failed;
}

function logFailure(deps: FeatureDeps, ctx: BotContext, what: string, error: unknown): void {
  const fields = { update_id: ctx.update.update_id, user_id: ctx.from?.id, ...describeError(error) };
  // The library keeps at least one document by design: a refusal, not a failure.
  if (error instanceof AppError && error.code === "CORPUS_EMPTY") return void deps.logger.info("remove refused: last document", fields);
  const expected = error instanceof LibraryError || error instanceof DownloadError || (error instanceof GrammyError && error.error_code === 400);
  if (expected) deps.logger.info(what, fields);
  else deps.logger.error(what, fields);
}
