/**
 * Interface text in Chinese and English (which one: detectLang and langFromCode in
 * src/lang/script.ts; the answer's own words: src/lang/messages.ts). Everything here is trusted HTML;
 * every value interpolated into it must already be escaped by the caller
 * (the helpers below escape their own arguments).
 */
import type { LibraryDocument, RefusalReason } from "../library/library.js";
import type { BotStatus } from "./stats.js";
import { durationText, furtherReadingText, noCitedAnswerText, notFoundText, type PassagePlace, placeText } from "../lang/messages.js";
import { detectLang, isTraditional, type Lang, prefersTraditional, type Script } from "../lang/script.js";
import * as OpenCC from "opencc-js";
import { escapeHtml } from "./html.js";

export type { Lang };

const bullets = (items: readonly string[]) => items.map((q) => `• ${escapeHtml(q)}`).join("\n");

export interface Texts {
  start(examples: readonly string[], botUsername: string): string;
  help(botUsername: string, maxChars: number): string;
  askUsage(example?: string): string;
  emptyQuestion(example?: string): string;
  tooLong(length: number, max: number): string;
  rateLimited(seconds: number): string;
  busy(limit: number): string;
  notAllowed: string;
  /** The reply when the documents do not answer `question`: the engine's words in the question's script, and what to try. */
  notFound(question: string): string;
  failed: string;
  citationsHeader: string;
  /** Heading of the citations the answer's text does not refer to. */
  furtherReadingHeader: string;
  /** Plain text (the caller escapes it): page and section when known, then paragraph and line. */
  location(where: PassagePlace): string;
  sourceButton(n: number): string;
  passageGone: string;
  passageShown: string;
  nonText(example?: string): string;
  unknownCommand: string;
  sourcesHeader(count: number): string;
  sourceItem(index: number, title: string, source: string, chunks: number): string;
  noSources: string;
  /** The inline-mode button when `query` gets no cited answer, in the query's script. */
  inlineNotFound(query: string): string;
  inlineEmpty: string;
  inlineRateLimited: string;
  inlineBusy: string;
  /** /stats: one labelled line per figure, the uptime as a duration. */
  stats(status: BotStatus): string;
  commands: { start: string; help: string; ask: string; sources: string; stats: string; docs: string; add: string; remove: string };
  library: LibraryTexts;
}

/** What an upload took in, for the reply. */
export interface AddedSummary {
  title: string;
  source: string;
  pages?: number;
  chunks: number;
  seconds: number;
  example?: string;
  replaced: boolean;
}

/** Uploads (features/documents.ts), /docs and /remove. */
export interface LibraryTexts {
  reading(name: string): string;
  added(a: AddedSummary): string;
  /** `mb`: the file's size, when Telegram told it. */
  tooBig(mb?: number): string;
  refused(reason: RefusalReason, name: string, detail?: string): string;
  downloadFailed: string;
  diskFull: string;
  failed: string;
  exists(source: string): string;
  /** The same file sent again: nothing to add or replace. */
  unchanged(source: string): string;
  replaceButton: string;
  cancelButton: string;
  cancelled: string;
  addUsage: string;
  /** Toast for a button that is not (or no longer) this user's to press. */
  expired: string;
  /** Toast while a change is made. */
  working: string;
  docsHeader(count: number, page: number, pages: number): string;
  docItem(index: number, doc: LibraryDocument): string;
  noDocs: string;
  removeButton(index: number): string;
  confirmRemove(title: string, source: string): string;
  removeConfirmButton: string;
  removing(title: string): string;
  removed(title: string, source: string, chunks: number, seconds: number): string;
  removeUsage: string;
  lastDocument: string;
  removeUnknown(arg: string): string;
  removeAmbiguous(arg: string, sources: readonly string[]): string;
}

/** `2026-12-07` from an ISO time (UTC, like the index's timestamps). */
const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : "");
const secs = (s: number) => (s < 10 ? s.toFixed(1) : String(Math.round(s)));
const mb = (n: number) => n.toFixed(n < 10 ? 1 : 0);

/**
 * A converter of the text written here, as a template tag or a function: only the literal parts are converted,
 * never what is interpolated (document titles, file names and examples stay exactly as they are).
 */
type Tag = { (text: string): string; (strings: TemplateStringsArray, ...values: unknown[]): string };

function tag(convert: (text: string) => string): Tag {
  return ((first: string | TemplateStringsArray, ...values: unknown[]) =>
    typeof first === "string" ? convert(first) : first.reduce((out, piece, i) => out + convert(piece) + (i < values.length ? String(values[i]) : ""), "")) as Tag;
}

/**
 * The Chinese texts, written in Simplified script; `t` gives them in the script the user reads, `script`. What the
 * terminal says too (a citation's place, further reading) comes from lang/messages.ts, in that script.
 */
function chineseTexts(t: Tag, script: Script): Texts {
  return {
    start: (examples, bot) =>
      t`👋 你好！我根据已索引的文档回答问题，每个回答都附有编号引用 [n] 和原文出处。\n\n` +
      t`私聊中直接发送问题即可；在群组里请 @${escapeHtml(bot)}、回复我的消息，或使用 /ask 问题。\n` +
      (examples.length ? t`\n可以试试：\n${bullets(examples)}` : ""),
    help: (bot, max) =>
      t`<b>使用说明</b>\n\n` +
      t`• 私聊：直接发送问题。\n` +
      t`• 群组：@${escapeHtml(bot)} 问题、回复我的消息，或 /ask 问题；回复别人的问题发送 /ask，我来回答那个问题。\n` +
      t`• 任何聊天中输入 @${escapeHtml(bot)} 问题，可以发送带引用的摘录。\n` +
      t`• 点击「📄 原文 n」查看引用所在的完整段落。\n` +
      t`• 追问（如「那2022年呢？」）会结合你上一个问题理解。\n` +
      t`• 修改已发送的问题会得到新的回答。\n\n` +
      t`/sources 查看已索引的文档 · /docs 文档库（管理员可直接发送文件添加文档、用 /remove 删除）· 问题最长 ${max} 字`,
    askUsage: (example) => t`用法：/ask 你的问题，或回复一条问题发送 /ask` + (example ? t`\n例如：/ask ${escapeHtml(example)}` : ""),
    emptyQuestion: (example) => t`请发送一个问题` + (example ? t`，例如：${escapeHtml(example)}` : "。"),
    tooLong: (length, max) => t`问题太长了（${length} 字），请精简到 ${max} 字以内再问。`,
    rateLimited: (s) => t`提问有点频繁，请 ${s} 秒后再试。`,
    busy: (n) => t`你已有 ${n} 个问题正在回答中，请等这些回答发出后再问。`,
    notAllowed: t("抱歉，这个机器人只对授权的用户和群组开放。"),
    // A Traditional question has its own words (lang/messages.ts); otherwise the Simplified text, in the user's script.
    notFound: (q) => `🤷 ` + (isTraditional(q) ? `${notFoundText(q, "zh")}可以換個說法試試，或用 /sources 查看有哪些文件。` : t(`${notFoundText(q, "zh")}可以换个说法试试，或用 /sources 查看有哪些文档。`)),
    failed: t("抱歉，处理这个问题时出错了，请稍后再试。"),
    citationsHeader: t("📚 引用"),
    furtherReadingHeader: `🔎 ${furtherReadingText(script)}`,
    location: (where) => placeText(where, script),
    sourceButton: (n) => t`📄 原文 ${n}`,
    passageGone: t("这条引用已失效（文档可能已更新），请重新提问。"),
    passageShown: t("已发送原文段落"),
    nonText: (example) =>
      t`我只能回答文字问题，暂时看不懂贴纸、图片、语音、位置或文件。请直接输入问题（或写在图片、文件的说明里）` + (example ? t`，例如：${escapeHtml(example)}` : "。"),
    unknownCommand: t("不认识这个命令。发送 /help 查看用法。"),
    sourcesHeader: (n) => t`<b>已索引 ${n} 份文档：</b>`,
    sourceItem: (i, title, source, chunks) =>
      `${i}. <b>${escapeHtml(title)}</b>` + (title !== source ? `（<code>${escapeHtml(source)}</code>）` : " ") + t`· ${chunks} 个片段`,
    noSources: t("还没有索引任何文档。"),
    inlineNotFound: (q) => noCitedAnswerText(q, "zh"),
    inlineEmpty: t("输入问题，发送带引用的摘录"),
    inlineRateLimited: t("提问太频繁，请稍后再试"),
    inlineBusy: t("上一个问题还在处理中，请稍候"),
    stats: (s) =>
      t`<b>运行状态</b>\n` +
      t`运行时间：${durationText(s.uptime_s, script)}\n` +
      t`运行方式：${s.mode === "webhook" ? "webhook" : t("长轮询")}\n` +
      t`文档：${s.documents} 份（${s.chunks} 个片段）\n` +
      t`收到的更新：${s.updates}\n` +
      t`问题：${s.questions}（已回答 ${s.answered}，未找到答案 ${s.not_found}，出错 ${s.failed}）\n` +
      t`平均回答用时：${s.avg_answer_ms} 毫秒\n` +
      t`查看原文：${s.passages}\n` +
      t`内联查询：${s.inline_queries}\n` +
      t`超过频率限制：${s.rate_limited}\n` +
      t`同时提问过多：${s.busy}\n` +
      t`未授权被拒：${s.refused}`,
    commands: {
      start: t("介绍与示例问题"), help: t("使用说明"), ask: t("提问：/ask 问题"), sources: t("已索引的文档"), stats: t("运行状态（管理员）"),
      docs: t("文档库（分页）"), add: t("添加文档：回复一个文件发送 /add"), remove: t("删除文档：/remove 文件路径"),
    },
    library: {
      reading: (name) => t`⏳ 正在读取 <b>${escapeHtml(name)}</b>…`,
      added: (a) =>
        `✅ ${a.replaced ? t("已替换") : t("已收录")}《${escapeHtml(a.title)}》（<code>${escapeHtml(a.source)}</code>）\n` +
        [a.pages !== undefined ? t`${a.pages} 页` : "", t`${a.chunks} 个片段`, t`用时 ${secs(a.seconds)} 秒`].filter(Boolean).join(" · ") +
        (a.example ? t`\n\n现在就可以提问，例如：\n• ${escapeHtml(a.example)}` : ""),
      tooBig: (n) => t`这个文件${n !== undefined ? t`有 ${mb(n)} MB，` : ""}超过了 Telegram 机器人可下载的 20 MB 上限。请压缩或拆分后再发送，或把它放进服务器的 corpus 文件夹。`,
      refused: (reason, name, detail) =>
        ({
          name: t("这个文件名无法使用，请改名后再发送。"),
          unsupported: t`无法收录 <b>${escapeHtml(name)}</b>：不支持这种文件类型。支持 .txt、.md、.csv、.html、.pdf、.docx 和 .epub。`,
          encrypted: t`无法收录 <b>${escapeHtml(name)}</b>：文件有密码保护或加密。请发送未加密的版本。`,
          empty: t`无法收录 <b>${escapeHtml(name)}</b>：没有读到可用的文字（可能是扫描件或空文件）。`,
          unreadable: t`无法收录 <b>${escapeHtml(name)}</b>：文件已损坏或无法读取。`,
          exists: t`已有同名文件 <b>${escapeHtml(name)}</b>。`,
          unknown: t`没有找到文档 <b>${escapeHtml(name)}</b>。`,
        })[reason] + (detail ? `\n<i>${escapeHtml(detail)}</i>` : "") + (reason === "exists" || reason === "unknown" || reason === "name" ? "" : t("\n文档库和索引都没有改变。")),
      downloadFailed: t("下载文件失败（已重试），请稍后再发送一次。文档库没有改变。"),
      diskFull: t("服务器磁盘已满，无法保存这个文件。文档库和索引都没有改变。"),
      failed: t("添加文档时出错了，文档库和索引都没有改变。请稍后再试。"),
      exists: (source) => t`文档库里已经有 <code>${escapeHtml(source)}</code>。要用新文件替换它吗？`,
      unchanged: (source) => t`文档库里已经有 <code>${escapeHtml(source)}</code>，内容完全相同，不需要再添加。`,
      replaceButton: t("替换"),
      cancelButton: t("取消"),
      cancelled: t("已取消，文档库没有改变。"),
      addUsage: t("用法：私聊中直接发送文件；在群组里发送文件时把说明写成 /add，或回复一个文件发送 /add。"),
      expired: t("这个按钮已过期，或者你无权操作。"),
      working: t("处理中…"),
      docsHeader: (n, page, pages) => t`<b>文档库：${n} 份文档</b>` + (pages > 1 ? t`（第 ${page}/${pages} 页）` : ""),
      docItem: (i, d) =>
        `${i}. <b>${escapeHtml(d.title)}</b>\n    <code>${escapeHtml(d.source)}</code> · ` +
        [d.pages !== undefined ? t`${d.pages} 页` : "", t`${d.chunks} 个片段`, d.addedAt ? t`${day(d.addedAt)} 添加` : "", d.addedBy ? t`上传者 ${escapeHtml(d.addedBy.name ?? String(d.addedBy.id))}` : ""]
          .filter(Boolean).join(" · "),
      noDocs: t("还没有索引任何文档。"),
      removeButton: (i) => `🗑 ${i}`,
      confirmRemove: (title, source) => t`要从文档库删除《${escapeHtml(title)}》（<code>${escapeHtml(source)}</code>）吗？文件会一并删除。`,
      removeConfirmButton: t("🗑 删除"),
      removing: (title) => t`⏳ 正在删除《${escapeHtml(title)}》…`,
      removed: (title, source, chunks, s) => t`🗑 已删除《${escapeHtml(title)}》（<code>${escapeHtml(source)}</code>）：${chunks} 个片段，用时 ${secs(s)} 秒。`,
      removeUsage: t("用法：/remove 文件路径（见 /docs），或在 /docs 中点击 🗑 按钮。"),
      lastDocument: t("这是文档库里的最后一份文档，不能删除（索引至少需要一份文档）。文档库没有改变。"),
      removeUnknown: (arg) => t`没有找到文档 <code>${escapeHtml(arg)}</code>。发送 /docs 查看文档库。`,
      removeAmbiguous: (arg, sources) => t`<code>${escapeHtml(arg)}</code> 对应多份文档，请写出完整路径：\n${sources.map((x) => `• <code>${escapeHtml(x)}</code>`).join("\n")}`,
    },
  };
}

const en: Texts = {
  start: (examples, bot) =>
    `👋 Hi! I answer questions from the indexed documents, with numbered citations [n] and the original text.\n\n` +
    `In a private chat just send a question; in groups mention @${escapeHtml(bot)}, reply to one of my messages, or use /ask question.\n` +
    (examples.length ? `\nTry for example:\n${bullets(examples)}` : ""),
  help: (bot, max) =>
    `<b>How to use</b>\n\n` +
    `• Private chat: send a question.\n` +
    `• Groups: @${escapeHtml(bot)} question, reply to my message, or /ask question; reply /ask to someone's question and I answer it.\n` +
    `• In any chat type @${escapeHtml(bot)} question to share a cited excerpt.\n` +
    `• Press "📄 Source n" to see the whole passage around a citation.\n` +
    `• Follow-ups such as "what about 2022?" use your previous question.\n` +
    `• Editing a question gets you a fresh answer.\n\n` +
    `/sources lists the indexed documents · /docs shows the library (admins add documents by sending a file, and remove them with /remove) · questions up to ${max} characters`,
  askUsage: (example) => `Usage: /ask your question, or reply /ask to a question` + (example ? `\nFor example: /ask ${escapeHtml(example)}` : ""),
  emptyQuestion: (example) => `Please send a question` + (example ? `, for example: ${escapeHtml(example)}` : "."),
  tooLong: (length, max) => `That question is too long (${length} characters). Please keep it under ${max}.`,
  rateLimited: (s) => `You're asking a little fast. Please try again in ${s} s.`,
  busy: (n) => `You already have ${n} question${n === 1 ? "" : "s"} being answered. Please wait for ${n === 1 ? "that answer" : "those answers"} before asking another.`,
  notAllowed: "Sorry, this bot is only available to authorised users and chats.",
  notFound: (q) => `🤷 ${notFoundText(q, "en")} Try rephrasing, or see /sources for what's indexed.`,
  failed: "Sorry, something went wrong while answering. Please try again later.",
  citationsHeader: "📚 Sources",
  furtherReadingHeader: `🔎 ${furtherReadingText("en")}`,
  location: (where) => placeText(where, "en"),
  sourceButton: (n) => `📄 Source ${n}`,
  passageGone: "This citation has expired (the documents may have changed). Please ask again.",
  passageShown: "Passage sent",
  nonText: (example) =>
    `I can only answer text questions — stickers, photos, voice, locations and files are beyond me. Please type your question (or write it as a photo's or file's caption)` +
    (example ? `, for example: ${escapeHtml(example)}` : "."),
  unknownCommand: "I don't know that command. Send /help to see what I can do.",
  sourcesHeader: (n) => `<b>${n} indexed document${n === 1 ? "" : "s"}:</b>`,
  sourceItem: (i, title, source, chunks) =>
    `${i}. <b>${escapeHtml(title)}</b>` + (title !== source ? ` (<code>${escapeHtml(source)}</code>)` : "") + ` · ${chunks} chunk${chunks === 1 ? "" : "s"}`,
  noSources: "No documents are indexed yet.",
  inlineNotFound: (q) => noCitedAnswerText(q, "en"),
  inlineEmpty: "Type a question to share a cited excerpt",
  inlineRateLimited: "Too many questions, try again shortly",
  inlineBusy: "Still working on your previous question, one moment",
  stats: (s) =>
    `<b>Status</b>\n` +
    `Uptime: ${durationText(s.uptime_s, "en")}\n` +
    `Mode: ${s.mode === "webhook" ? "webhook" : "long polling"}\n` +
    `Documents: ${s.documents} (${s.chunks} chunk${s.chunks === 1 ? "" : "s"})\n` +
    `Updates received: ${s.updates}\n` +
    `Questions: ${s.questions} (answered ${s.answered}, not found ${s.not_found}, failed ${s.failed})\n` +
    `Average answer time: ${s.avg_answer_ms} ms\n` +
    `Passages shown: ${s.passages}\n` +
    `Inline queries: ${s.inline_queries}\n` +
    `Over the rate limit: ${s.rate_limited}\n` +
    `Too many at once: ${s.busy}\n` +
    `Refused (not allowed): ${s.refused}`,
  commands: {
    start: "What this bot does, with examples", help: "How to ask", ask: "Ask a question: /ask question", sources: "Indexed documents", stats: "Bot status (admins)",
    docs: "The document library, page by page", add: "Add a document: reply /add to a file", remove: "Remove a document: /remove SOURCE",
  },
  library: {
    reading: (name) => `⏳ Reading <b>${escapeHtml(name)}</b>…`,
    added: (a) =>
      `✅ ${a.replaced ? "Replaced" : "Added"} <b>${escapeHtml(a.title)}</b> (<code>${escapeHtml(a.source)}</code>)\n` +
      [a.pages !== undefined ? `${a.pages} page${a.pages === 1 ? "" : "s"}` : "", `${a.chunks} chunk${a.chunks === 1 ? "" : "s"}`, `${secs(a.seconds)} s`].filter(Boolean).join(" · ") +
      (a.example ? `\n\nYou can ask about it now, for example:\n• ${escapeHtml(a.example)}` : ""),
    tooBig: (n) => `This file is ${n !== undefined ? `${mb(n)} MB` : "too large"}; Telegram lets bots download files up to 20 MB. Please compress or split it, or put it in the server's corpus folder.`,
    refused: (reason, name, detail) =>
      ({
        name: "That file name cannot be used. Please rename the file and send it again.",
        unsupported: `Cannot add <b>${escapeHtml(name)}</b>: this file type is not supported. Send .txt, .md, .csv, .html, .pdf, .docx or .epub.`,
        encrypted: `Cannot add <b>${escapeHtml(name)}</b>: it is password-protected or encrypted. Please send an unprotected copy.`,
        empty: `Cannot add <b>${escapeHtml(name)}</b>: no usable text was found in it (a scan, or an empty file?).`,
        unreadable: `Cannot add <b>${escapeHtml(name)}</b>: the file is damaged or cannot be read.`,
        exists: `A file named <b>${escapeHtml(name)}</b> already exists.`,
        unknown: `No document <b>${escapeHtml(name)}</b> was found.`,
      })[reason] + (detail ? `\n<i>${escapeHtml(detail)}</i>` : "") + (reason === "exists" || reason === "unknown" || reason === "name" ? "" : "\nThe library and the index are unchanged."),
    downloadFailed: "Downloading the file failed (retried). Please send it again later. The library is unchanged.",
    diskFull: "The server's disk is full, so the file cannot be stored. The library and the index are unchanged.",
    failed: "Something went wrong while adding the document; the library and the index are unchanged. Please try again later.",
    exists: (source) => `The library already has <code>${escapeHtml(source)}</code>. Replace it with the new file?`,
    unchanged: (source) => `The library already has <code>${escapeHtml(source)}</code> with exactly this content; nothing to add.`,
    replaceButton: "Replace",
    cancelButton: "Cancel",
    cancelled: "Cancelled; the library is unchanged.",
    addUsage: "Usage: in a private chat just send the file; in a group send it with the caption /add, or reply /add to a file.",
    expired: "This button has expired, or it is not yours to press.",
    working: "Working…",
    docsHeader: (n, page, pages) => `<b>Library: ${n} document${n === 1 ? "" : "s"}</b>` + (pages > 1 ? ` (page ${page}/${pages})` : ""),
    docItem: (i, d) =>
      `${i}. <b>${escapeHtml(d.title)}</b>\n    <code>${escapeHtml(d.source)}</code> · ` +
      [
        d.pages !== undefined ? `${d.pages} page${d.pages === 1 ? "" : "s"}` : "", `${d.chunks} chunk${d.chunks === 1 ? "" : "s"}`,
        d.addedAt ? `added ${day(d.addedAt)}` : "", d.addedBy ? `by ${escapeHtml(d.addedBy.name ?? String(d.addedBy.id))}` : "",
      ].filter(Boolean).join(" · "),
    noDocs: "No documents are indexed yet.",
    removeButton: (i) => `🗑 ${i}`,
    confirmRemove: (title, source) => `Remove <b>${escapeHtml(title)}</b> (<code>${escapeHtml(source)}</code>) from the library? Its file is deleted too.`,
    removeConfirmButton: "🗑 Remove",
    removing: (title) => `⏳ Removing <b>${escapeHtml(title)}</b>…`,
    removed: (title, source, chunks, s) => `🗑 Removed <b>${escapeHtml(title)}</b> (<code>${escapeHtml(source)}</code>): ${chunks} chunk${chunks === 1 ? "" : "s"}, ${secs(s)} s.`,
    removeUsage: "Usage: /remove SOURCE (as /docs shows it), or press a 🗑 button in /docs.",
    lastDocument: "This is the last document in the library and cannot be removed (an index needs at least one). The library is unchanged.",
    removeUnknown: (arg) => `No document <code>${escapeHtml(arg)}</code>. Send /docs to see the library.`,
    removeAmbiguous: (arg, sources) => `<code>${escapeHtml(arg)}</code> matches several documents; please give the full path:\n${sources.map((x) => `• <code>${escapeHtml(x)}</code>`).join("\n")}`,
  },
};

const zh = chineseTexts(tag((text) => text), "zh-Hans");
/** Built on the first Traditional-script user: OpenCC's tables take a moment to load. */
let zhHant: Texts | undefined;

/**
 * The interface texts for a language; `traditional`: in Traditional script (OpenCC cn→twp, Taiwan usage:
 * 文档 → 文件), for users who write in it or whose Telegram is set to zh-TW, zh-HK or zh-Hant.
 */
/** The texts for a user, from what they wrote (`said`; none for a command or a sticker) and their Telegram language tag. */
export function textsFor(said: string | undefined, languageCode?: string): Texts {
  return texts(detectLang(said, languageCode), prefersTraditional(said, languageCode));
}

export function texts(lang: Lang, traditional = false): Texts {
  if (lang === "en") return en;
  if (!traditional) return zh;
  if (!zhHant) {
    const convert = OpenCC.Converter({ from: "cn", to: "twp" });
    const seen = new Map<string, string>();
    zhHant = chineseTexts(tag((text) => seen.get(text) ?? (seen.set(text, convert(text)), seen.get(text)!)), "zh-Hant");
  }
  return zhHant;
}
