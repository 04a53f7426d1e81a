import type { SmallTalk } from "../types.js";

/**
 * Messages that are no question about the documents: a greeting, thanks, or a request for help with the bot itself
 * ("hello", "thanks!", "help", 「你好」, 「谢谢」, 「在吗？」, 「哈囉」). A document never answers them — a word of a greeting
 * matched in a text (hello → 好) is no evidence — so they are answered with what the bot does (lang/messages.ts
 * smallTalkText). Only a whole message made of such words counts: "help with the budget" and 「你好，教育部部长是谁？」
 * are questions.
 */

/** English words of each kind, lower-case; a message of these words only (and ADDRESSED) is small talk of the first kind it holds. */
const ENGLISH: ReadonlyArray<[SmallTalk, ReadonlySet<string>]> = [
  ["help", new Set(["help", "helping", "usage", "how", "to", "use", "this", "what", "can", "do", "you", "are", "who", "is", "it", "commands", "instructions"])],
  ["thanks", new Set(["thanks", "thank", "thx", "ty", "cheers", "appreciate", "it", "much", "very", "so", "a", "lot", "you", "many"])],
  ["greeting", new Set(["hello", "hi", "hey", "hiya", "howdy", "greetings", "yo", "good", "morning", "afternoon", "evening", "day", "anyone", "there", "everyone", "all"])],
];
/** Words a message of small talk may add, of any kind: whom it is said to, and politeness. */
const ADDRESSED: ReadonlySet<string> = new Set(["bot", "citebot", "please", "pls", "me", "there", "ok", "okay", "oh", "and", "again"]);
/** A word that makes an English message small talk of its kind (the others only keep it so: "what can you do" is help, "what is it" is no small talk). */
const ENGLISH_MARKERS: Readonly<Record<SmallTalk, RegExp>> = {
  help: /^(?:help|helping|usage|commands|instructions)$|^(?:what can you do|who are you|how (?:do|to) (?:i )?use (?:this|it|you))$/,
  thanks: /^(?:thanks|thank|thx|ty|cheers|appreciate)$/,
  greeting: /^(?:hello|hi|hey|hiya|howdy|greetings|yo|good (?:morning|afternoon|evening|day))$/,
};

/**
 * Chinese phrases of each kind, Simplified and Traditional: a message of these phrases only (with modal particles,
 * 请, and whom it is said to) is small talk. One character alone (早, 嗨) counts only when it is the whole message.
 */
const CHINESE: ReadonlyArray<[SmallTalk, string]> = [
  ["help", "帮助|幫助|帮忙|幫忙|求助|救命|帮帮我|幫幫我|使用说明|使用說明|说明|說明|怎么用|怎麼用|如何使用|你能做什么|你能做什麼|你会什么|你會什麼|你可以做什么|你可以做什麼|你是谁|你是誰|你是什么|你是什麼|help"],
  ["thanks", "谢谢|謝謝|谢啦|謝啦|多谢|多謝|感谢|感謝|感恩|辛苦了|thx"],
  ["greeting", "你好|您好|妳好|大家好|哈喽|哈囉|哈啰|哈罗|哈羅|嗨|嘿|喂|早上好|早安|午安|下午好|晚上好|晚安|早|在吗|在嗎|在不在|在么|在麼|有人吗|有人嗎|hello|hi"],
];
/** What a Chinese message of small talk may add around its phrases: particles, 请, and whom it is said to. */
const CHINESE_FILLER = "[呀啊吖哈呢吧啦喔哦噢嗯啊呐~～]|请|請|一下|机器人|機器人|小助手|助手|你|您|我";
const CHINESE_KIND: ReadonlyArray<[SmallTalk, RegExp]> = CHINESE.map(([kind, phrases]) => [kind, new RegExp(phrases)]);
const CHINESE_ONLY = new RegExp(`^(?:${CHINESE.map(([, p]) => p).join("|")}|${CHINESE_FILLER})+$`);

/** Punctuation, symbols (emoji) and spaces a message of small talk may hold anywhere. */
const NOISE = /[\p{P}\p{S}\s]+/gu;

/** What kind of small talk a whole message is, if it is one; undefined for anything that may ask about the documents. */
export function smallTalk(message: string): SmallTalk | undefined {
  const text = message.normalize("NFKC").toLowerCase().trim();
  if (!text || text.length > 40) return undefined;
  if (/\p{Script=Han}/u.test(text)) {
    const han = text.replace(NOISE, "");
    if (!CHINESE_ONLY.test(han)) return undefined;
    return CHINESE_KIND.find(([, phrase]) => phrase.test(han))?.[0];
  }
  const words = text.replace(/[^a-z' ]+/g, " ").replace(/'/g, "").split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const joined = words.filter((w) => !ADDRESSED.has(w)).join(" ");
  for (const [kind, allowed] of ENGLISH) {
    if (!words.every((w) => allowed.has(w) || ADDRESSED.has(w))) continue;
    const marked = ENGLISH_MARKERS[kind];
    if (marked.test(joined) || words.some((w, i) => marked.test(w) || marked.test(`${w} ${words[i + 1] ?? ""}`))) return kind;
  }
  return undefined;
}

/**
 * English words of greeting, thanks and politeness, as englishContentWords gives them: they ask nothing, so a translation
 * never searches for them ("hello" → 好, "please" → 请).
 */
export const COURTESY_WORDS: ReadonlySet<string> = new Set(["hello", "hi", "hey", "hiya", "howdy", "thank", "thx", "please", "pls"]);
