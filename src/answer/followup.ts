/**
 * When a question is a follow-up that needs the previous question as context.
 * The engine merges the two; this module only decides whether to pass it.
 *
 * A question is elliptic when ANY of:
 *  1. it starts with a continuation word: 那 / 那么 / 还有 / 另外 / 而 / 其他,
 *     or "and", "what about", "how about", "what of", "same for", "also";
 *  2. it is a Chinese 「…呢？」 question of at most 12 characters (「2022年呢？」);
 *  3. it is short: at most 4 Han characters, or at most 2 Latin words;
 *  4. it lacks content words: after dropping question words, particles and
 *     pronouns, fewer than 2 Han characters and no word of 3+ letters or number remain
 *     (「为什么？」, "why is that?").
 * A self-contained question (e.g. 「北京有多少所高校开设了思政课？」) is sent alone.
 */

import { countHan } from "../lang/script.js";
import { FOLLOW_UP_FUNCTION_WORDS_EN, FOLLOW_UP_FUNCTION_WORDS_ZH } from "../lang/stopwords.js";

const ZH_CONTINUATION = /^(那么|那|还有|另外|而|其他|其它|以及)/u;
const EN_CONTINUATION = /^(and|what about|how about|what of|same for|also|then what)\b/i;
/** Chinese function words removed before judging whether content remains (the list's order is the match order). */
const ZH_FUNCTION = new RegExp(FOLLOW_UP_FUNCTION_WORDS_ZH.join("|"), "gu");

const PUNCTUATION = /[\s\p{P}\p{S}]+/gu;

export function isElliptic(question: string): boolean {
  const q = question.trim();
  if (!q) return false;
  if (ZH_CONTINUATION.test(q) || EN_CONTINUATION.test(q)) return true;

  const bare = q.replace(PUNCTUATION, "");
  const hanCount = countHan(bare);
  const words = q.toLowerCase().match(/[a-z]+|\d+/g) ?? [];

  if (/呢[\s\p{P}]*$/u.test(q) && bare.length <= 12) return true;
  if (hanCount > 0 ? hanCount <= 4 && words.length <= 1 : words.length <= 2) return true;

  const hanContent = countHan(bare.replace(ZH_FUNCTION, ""));
  const wordContent = words.filter((w) => /^\d+$/.test(w) || (w.length >= 3 && !FOLLOW_UP_FUNCTION_WORDS_EN.has(w))).length;
  return hanContent < 2 && wordContent === 0;
}

/** The context to pass for `question` given the chat's previous question, or undefined. */
export function followUpContext(question: string, previous: string | undefined): string | undefined {
  return previous && previous.trim() && previous.trim() !== question.trim() && isElliptic(question) ? previous : undefined;
}
