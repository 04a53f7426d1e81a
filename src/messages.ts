/**
 * What the system says in its own words about a question, in the question's
 * language and script — the one catalogue the engine (so the CLI and the JSON
 * answer) and the Telegram bot share.
 */
import * as OpenCC from "opencc-js";

export type Lang = "zh" | "en";
export type Script = "en" | "zh-Hans" | "zh-Hant";

/** Words that only appear in Chinese questions; they outweigh embedded Latin terms. */
const ZH_QUESTION_WORDS = /什么|吗|呢|哪|谁|多少|怎么|怎样|如何|为什么|为何|是否|几|是不是|有没有|请问|什麼|嗎|誰|怎麼|怎樣|為什麼|為何|幾|請問/u;
const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/**
 * The language of a question: Chinese question words → zh; two or more
 * English words → en; otherwise any Han character → zh, any Latin word → en;
 * undefined for text with neither (digits, emoji).
 */
export function questionLang(text: string): Lang | undefined {
  if (ZH_QUESTION_WORDS.test(text)) return "zh";
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  const han = text.match(HAN)?.length ?? 0;
  if (latinWords >= 2) return "en";
  if (han > 0) return "zh";
  if (latinWords > 0) return "en";
  return undefined;
}

/** One code point (the keys of OpenCC's character tables; phrase tables have longer keys). */
const isCharacter = (key: string) => key.length === 1 || (key.length === 2 && key.codePointAt(0)! > 0xffff);

/** An OpenCC table's entries as [key, ...replacements]. */
function entries(dict: OpenCC.DictLike): string[][] {
  return typeof dict === "string" ? dict.split("|").map((e) => e.split(" ")) : dict.map(([k, v]: readonly [string, string]) => [k, ...v.split(" ")]);
}

let scriptOnly: { traditional: Set<string>; simplified: Set<string> } | undefined;

/**
 * Characters of one script only: the keys of OpenCC's Traditional→Simplified
 * and Simplified→Traditional character tables that do not map to themselves
 * (這, 麼 / 这, 么). Built on first use (about 40 ms), from tables opencc-js already holds.
 */
function scriptOnlyChars(): { traditional: Set<string>; simplified: Set<string> } {
  const keys = (groups: readonly (readonly OpenCC.DictLike[])[]) => {
    const out = new Set<string>();
    for (const dict of groups.flat()) {
      if (typeof dict === "string" && !isCharacter(dict.slice(0, dict.indexOf(" ")))) continue; // a phrase table, not split at all
      for (const [key, ...values] of entries(dict)) if (key && isCharacter(key) && !values.includes(key)) out.add(key);
    }
    return out;
  };
  scriptOnly ??= { traditional: keys(OpenCC.Locale.to.cn), simplified: keys(OpenCC.Locale.from.cn) };
  return scriptOnly;
}

/** True when a Chinese text has more Traditional-only than Simplified-only characters (a tie, or none, reads as Simplified). */
export function isTraditional(text: string): boolean {
  const { traditional, simplified } = scriptOnlyChars();
  let balance = 0;
  for (const ch of text) {
    if (traditional.has(ch)) balance++;
    else if (simplified.has(ch)) balance--;
  }
  return balance > 0;
}

/** The script to answer a question in; `lang` when the caller already decided the language (Telegram's fallback to the user's language_code). */
export function scriptOf(question: string, lang: Lang = questionLang(question) ?? "en"): Script {
  if (lang === "en") return "en";
  return isTraditional(question) ? "zh-Hant" : "zh-Hans";
}

const NOT_FOUND: Record<Script, string> = {
  en: "The documents do not answer this question.",
  "zh-Hans": "文档中没有找到能回答这个问题的内容。",
  "zh-Hant": "文件中沒有找到能回答這個問題的內容。",
};

/** The `answer` of a not-found answer. */
export function notFoundText(question: string, lang?: Lang): string {
  return NOT_FOUND[scriptOf(question, lang)];
}
