/**
 * What the system says in its own words, in the question's language and script —
 * the one catalogue the engine (so the CLI and the JSON answer) and the Telegram
 * bot share. Telegram's interface text (buttons, help, errors) is in
 * src/telegram/i18n.ts; which language and script to use comes from ./script.ts.
 */
import { countHan, isChinese, type Lang, type Script, scriptOf } from "./script.js";

const NOT_FOUND: Readonly<Record<Script, string>> = Object.freeze({
  en: "The documents do not answer this question.",
  "zh-Hans": "文档中没有找到能回答这个问题的内容。",
  "zh-Hant": "文件中沒有找到能回答這個問題的內容。",
});

/** The `answer` of a not-found answer. */
export function notFoundText(question: string, lang?: Lang): string {
  return NOT_FOUND[scriptOf(question, lang)];
}

const NO_CITED_ANSWER: Readonly<Record<Script, string>> = Object.freeze({
  en: "No cited answer found",
  "zh-Hans": "没有找到带引用的答案",
  "zh-Hant": "沒有找到帶引用的答案",
});

/** The not-found answer in a few words, where a sentence does not fit (Telegram's inline-mode button). */
export function noCitedAnswerText(question: string, lang?: Lang): string {
  return NO_CITED_ANSWER[scriptOf(question, lang)];
}

const FROM_SOURCE: Readonly<Record<Script, Readonly<Record<Lang, string>>>> = Object.freeze({
  en: { zh: "From the Chinese source: ", en: "From the English source: " },
  "zh-Hans": { zh: "来自中文文档：", en: "来自英文文档：" },
  "zh-Hant": { zh: "來自中文文件：", en: "來自英文文件：" },
});

/**
 * What opens an answer quoted from a document in another language than the question's (an English
 * question answered from Chinese text): the language of the quote, in the question's language and
 * script; "" when they are the same.
 */
export function sourceLanguageNote(question: string, excerpt: string, lang?: Lang): string {
  const asked = scriptOf(question, lang);
  const han = countHan(excerpt);
  const quoted: Lang = han > 0 && han >= (excerpt.match(/[A-Za-z]{2,}/g)?.length ?? 0) ? "zh" : "en";
  return (asked === "en") === (quoted === "en") ? "" : FROM_SOURCE[asked][quoted];
}

/** After the not-found text when the documents say it only about another subject (src/answer/subject.ts). */
export function onlyAboutText(question: string, subject: string, lang?: Lang): string {
  const script = scriptOf(question, lang);
  if (script === "en") return `The documents only say this about ${subject}:`;
  return script === "zh-Hant" ? `文件只提到${subject}的情況：` : `文档只提到${subject}的情况：`;
}

/** An example question about a section topic (the clause that opens a paragraph), in the topic's language. */
export function exampleQuestion(topic: string): string {
  return isChinese(topic) ? `${topic}方面做了什么？` : `What does the document say about ${topic}?`;
}

const ADMINS_ONLY_UPLOAD: Readonly<Record<Script, string>> = Object.freeze({
  en: "Sorry, only the bot's admins can add or remove documents.",
  "zh-Hans": "抱歉，只有管理员可以添加或删除文档。",
  "zh-Hant": "抱歉，只有管理員可以新增或刪除文件。",
});

/** The one sentence a non-admin gets for sending the bot a file (or /add, /remove). */
export function adminsOnlyText(script: Script): string {
  return ADMINS_ONLY_UPLOAD[script];
}

/** Before the quote of a yes/no question whose number the documents confirm, or state differently ("26所" against the question's 30). */
export function premiseText(question: string, stated?: string): string {
  const script = scriptOf(question);
  if (stated === undefined) return script === "en" ? "Yes. " : "是的。";
  if (script === "en") return `No: the documents say ${stated}. `;
  return script === "zh-Hant" ? `不是：文件說是${stated}。` : `不是：文档说是${stated}。`;
}

/** The label of a refused answer's closest passage: a hint, clearly not an answer. */
export function closestPassageLabel(question: string): string {
  const script = scriptOf(question);
  return script === "en" ? "Closest passage (not an answer):" : script === "zh-Hant" ? "最接近的段落（並非答案）：" : "最接近的段落（并非答案）：";
}
