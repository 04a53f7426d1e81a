/**
 * Interface text in Chinese and English (which one: detectLang and langFromCode in
 * src/lang/script.ts; the answer's own words: src/lang/messages.ts). Everything here is trusted HTML;
 * every value interpolated into it must already be escaped by the caller
 * (the helpers below escape their own arguments).
 */
import { notFoundText } from "../lang/messages.js";
import { isTraditional, type Lang } from "../lang/script.js";
import { escapeHtml } from "./html.js";

export type { Lang };

/** Longest heading shown in a location; the JSON answer carries it whole. */
const HEADING_MAX = 60;

/** A document heading on one line, clipped (plain text: the caller escapes it). */
function shortHeading(heading: string): string {
  const flat = [...heading.replace(/\s+/g, " ").trim()];
  return flat.length > HEADING_MAX ? flat.slice(0, HEADING_MAX - 1).join("") + "…" : flat.join("");
}

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
  /** Plain text (the caller escapes it): page and section when known, then paragraph and line. */
  location(where: { paragraph: number; line: number; page?: number; section?: string }): string;
  sourceButton(n: number): string;
  passageGone: string;
  passageShown: string;
  nonText(example?: string): string;
  unknownCommand: string;
  sourcesHeader(count: number): string;
  sourceItem(index: number, title: string, source: string, chunks: number): string;
  noSources: string;
  inlineNotFound: string;
  inlineEmpty: string;
  inlineRateLimited: string;
  inlineBusy: string;
  stats(lines: Record<string, string | number>): string;
  commands: { start: string; help: string; ask: string; sources: string; stats: string };
}

const zh: Texts = {
  start: (examples, bot) =>
    `👋 你好！我根据已索引的文档回答问题，每个回答都附有编号引用 [n] 和原文出处。\n\n` +
    `私聊中直接发送问题即可；在群组里请 @${escapeHtml(bot)}、回复我的消息，或使用 /ask 问题。\n` +
    (examples.length ? `\n可以试试：\n${bullets(examples)}` : ""),
  help: (bot, max) =>
    `<b>使用说明</b>\n\n` +
    `• 私聊：直接发送问题。\n` +
    `• 群组：@${escapeHtml(bot)} 问题、回复我的消息，或 /ask 问题。\n` +
    `• 任何聊天中输入 @${escapeHtml(bot)} 问题，可以发送带引用的摘录。\n` +
    `• 点击「📄 原文 n」查看引用所在的完整段落。\n` +
    `• 追问（如「那2022年呢？」）会结合你上一个问题理解。\n` +
    `• 修改已发送的问题会得到新的回答。\n\n` +
    `/sources 查看已索引的文档 · 问题最长 ${max} 字`,
  askUsage: (example) => `用法：/ask 你的问题` + (example ? `\n例如：/ask ${escapeHtml(example)}` : ""),
  emptyQuestion: (example) => `请发送一个问题` + (example ? `，例如：${escapeHtml(example)}` : "。"),
  tooLong: (length, max) => `问题太长了（${length} 字），请精简到 ${max} 字以内再问。`,
  rateLimited: (s) => `提问有点频繁，请 ${s} 秒后再试。`,
  busy: (n) => `你已有 ${n} 个问题正在回答中，请等这些回答发出后再问。`,
  notAllowed: "抱歉，这个机器人只对授权的用户和群组开放。",
  notFound: (q) => `🤷 ${notFoundText(q, "zh")}` + (isTraditional(q) ? "可以換個說法試試，或用 /sources 查看有哪些文件。" : "可以换个说法试试，或用 /sources 查看有哪些文档。"),
  failed: "抱歉，处理这个问题时出错了，请稍后再试。",
  citationsHeader: "📚 引用",
  location: ({ paragraph: p, line: l, page, section }) =>
    [page !== undefined ? `第 ${page} 页` : "", section ? `「${shortHeading(section)}」` : "", `第${p}段 · 第${l}行`].filter(Boolean).join(" · "),
  sourceButton: (n) => `📄 原文 ${n}`,
  passageGone: "这条引用已失效（文档可能已更新），请重新提问。",
  passageShown: "已发送原文段落",
  nonText: (example) =>
    `我只能回答文字问题，暂时看不懂贴纸、图片、语音、位置或文件。请直接输入问题` + (example ? `，例如：${escapeHtml(example)}` : "。"),
  unknownCommand: "不认识这个命令。发送 /help 查看用法。",
  sourcesHeader: (n) => `<b>已索引 ${n} 份文档：</b>`,
  sourceItem: (i, title, source, chunks) =>
    `${i}. <b>${escapeHtml(title)}</b>` + (title !== source ? `（<code>${escapeHtml(source)}</code>）` : " ") + `· ${chunks} 个片段`,
  noSources: "还没有索引任何文档。",
  inlineNotFound: "没有找到带引用的答案",
  inlineEmpty: "输入问题，发送带引用的摘录",
  inlineRateLimited: "提问太频繁，请稍后再试",
  inlineBusy: "上一个问题还在处理中，请稍候",
  stats: (lines) => `<b>运行状态</b>\n` + Object.entries(lines).map(([k, v]) => `${escapeHtml(k)}：${escapeHtml(String(v))}`).join("\n"),
  commands: { start: "介绍与示例问题", help: "使用说明", ask: "提问：/ask 问题", sources: "已索引的文档", stats: "运行状态（管理员）" },
};

const en: Texts = {
  start: (examples, bot) =>
    `👋 Hi! I answer questions from the indexed documents, with numbered citations [n] and the original text.\n\n` +
    `In a private chat just send a question; in groups mention @${escapeHtml(bot)}, reply to one of my messages, or use /ask question.\n` +
    (examples.length ? `\nTry for example:\n${bullets(examples)}` : ""),
  help: (bot, max) =>
    `<b>How to use</b>\n\n` +
    `• Private chat: send a question.\n` +
    `• Groups: @${escapeHtml(bot)} question, reply to my message, or /ask question.\n` +
    `• In any chat type @${escapeHtml(bot)} question to share a cited excerpt.\n` +
    `• Press "📄 Source n" to see the whole passage around a citation.\n` +
    `• Follow-ups such as "what about 2022?" use your previous question.\n` +
    `• Editing a question gets you a fresh answer.\n\n` +
    `/sources lists the indexed documents · questions up to ${max} characters`,
  askUsage: (example) => `Usage: /ask your question` + (example ? `\nFor example: /ask ${escapeHtml(example)}` : ""),
  emptyQuestion: (example) => `Please send a question` + (example ? `, for example: ${escapeHtml(example)}` : "."),
  tooLong: (length, max) => `That question is too long (${length} characters). Please keep it under ${max}.`,
  rateLimited: (s) => `You're asking a little fast. Please try again in ${s} s.`,
  busy: (n) => `You already have ${n} question${n === 1 ? "" : "s"} being answered. Please wait for ${n === 1 ? "that answer" : "those answers"} before asking another.`,
  notAllowed: "Sorry, this bot is only available to authorised users and chats.",
  notFound: (q) => `🤷 ${notFoundText(q, "en")} Try rephrasing, or see /sources for what's indexed.`,
  failed: "Sorry, something went wrong while answering. Please try again later.",
  citationsHeader: "📚 Sources",
  location: ({ paragraph: p, line: l, page, section }) =>
    [page !== undefined ? `p. ${page}` : "", section ? `§ ${shortHeading(section)}` : "", `para. ${p}, line ${l}`].filter(Boolean).join(" · "),
  sourceButton: (n) => `📄 Source ${n}`,
  passageGone: "This citation has expired (the documents may have changed). Please ask again.",
  passageShown: "Passage sent",
  nonText: (example) =>
    `I can only answer text questions — stickers, photos, voice, locations and files are beyond me. Please type your question` +
    (example ? `, for example: ${escapeHtml(example)}` : "."),
  unknownCommand: "I don't know that command. Send /help to see what I can do.",
  sourcesHeader: (n) => `<b>${n} indexed document${n === 1 ? "" : "s"}:</b>`,
  sourceItem: (i, title, source, chunks) =>
    `${i}. <b>${escapeHtml(title)}</b>` + (title !== source ? ` (<code>${escapeHtml(source)}</code>)` : "") + ` · ${chunks} chunk${chunks === 1 ? "" : "s"}`,
  noSources: "No documents are indexed yet.",
  inlineNotFound: "No cited answer found",
  inlineEmpty: "Type a question to share a cited excerpt",
  inlineRateLimited: "Too many questions, try again shortly",
  inlineBusy: "Still working on your previous question, one moment",
  stats: (lines) => `<b>Status</b>\n` + Object.entries(lines).map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(String(v))}`).join("\n"),
  commands: { start: "What this bot does, with examples", help: "How to ask", ask: "Ask a question: /ask question", sources: "Indexed documents", stats: "Bot status (admins)" },
};

export function texts(lang: Lang): Texts {
  return lang === "zh" ? zh : en;
}
