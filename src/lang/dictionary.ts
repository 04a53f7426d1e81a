import { CEDICT_EN_ZH } from "./cedict-en-zh.js";
import { englishContentWords } from "./english.js";

/**
 * The English → Chinese word index made from CC-CEDICT (scripts/make-dictionary.ts writes
 * ./cedict-en-zh.ts; CC BY-SA 4.0) and its reverse, parsed on first use. Keys are English content
 * words, stemmed (dictionaryKey), alone or as phrases of up to three ("pilot scheme"); values are
 * simplified Chinese words, best first.
 */

/** Words of glosses and questions that never carry meaning of their own ("sb", "sth" are CC-CEDICT's placeholders). */
const GLOSS_STOP_WORDS: ReadonlySet<string> = new Set(["sb", "sth", "oneself", "etc", "something", "someone", "somebody", "s", "kind", "sort"]);

/** The key of an English text: its content words, lower-case and stemmed, joined by single spaces. */
export function dictionaryKey(text: string): string {
  return englishContentWords(text.replace(/\d+(?:\.\d+)?/g, " ")).filter((w) => !GLOSS_STOP_WORDS.has(w)).join(" ");
}

/** Longest phrase key, in words. */
export const MAX_PHRASE = 3;

let enZh: Map<string, readonly string[]> | undefined;
let zhEn: Map<string, readonly string[]> | undefined;

/** Chinese words for an English key (dictionaryKey form), best first; empty when unknown. British -tre falls back to American -ter ("theatre", "centre"). */
export function chineseFor(key: string): readonly string[] {
  enZh ??= parse();
  return enZh.get(key) ?? enZh.get(american(key)) ?? [];
}

/** CC-CEDICT glosses are in American spelling. */
function american(key: string): string {
  return key.split(" ").map((w) => w.replace(/tre$/, "ter")).join(" ");
}

/** English single-word keys whose best Chinese words include `word`, best first; empty when unknown. */
export function englishFor(word: string): readonly string[] {
  if (!zhEn) {
    enZh ??= parse();
    const reverse = new Map<string, string[]>();
    for (const [key, words] of enZh) {
      if (key.includes(" ")) continue;
      // Only the first few: a Chinese word is a good translation of an English key it heads.
      words.slice(0, 2).forEach((w) => {
        const keys = reverse.get(w);
        if (keys) keys.push(key);
        else reverse.set(w, [key]);
      });
    }
    zhEn = reverse;
  }
  return zhEn.get(word) ?? [];
}

function parse(): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const line of CEDICT_EN_ZH.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab > 0) map.set(line.slice(0, tab), line.slice(tab + 1).split(" "));
  }
  return map;
}
