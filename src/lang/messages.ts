/**
 * What the system says in its own words, in the question's language and script —
 * the one catalogue the engine (so the CLI and the JSON answer) and the Telegram
 * bot share. Telegram's interface text (buttons, help, errors) is in
 * src/telegram/i18n.ts; which language and script to use comes from ./script.ts.
 */
import { isChinese, type Lang, type Script, scriptOf } from "./script.js";

const NOT_FOUND: Readonly<Record<Script, string>> = Object.freeze({
  en: "The documents do not answer this question.",
  "zh-Hans": "文档中没有找到能回答这个问题的内容。",
  "zh-Hant": "文件中沒有找到能回答這個問題的內容。",
});

/** The `answer` of a not-found answer. */
export function notFoundText(question: string, lang?: Lang): string {
  return NOT_FOUND[scriptOf(question, lang)];
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
