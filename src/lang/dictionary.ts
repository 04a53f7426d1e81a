import { englishContentWords } from "./english.js";
import { COURTESY_WORDS } from "./small-talk.js";

/**
 * The English → Chinese word index made from CC-CEDICT (scripts/make-dictionary.ts writes
 * ./cedict-en-zh.ts; CC BY-SA 4.0) and its reverse. Keys are English content words, stemmed
 * (dictionaryKey), alone or as phrases of up to three ("pilot scheme"); values are simplified
 * Chinese words, best first; and the proper nouns by their pinyin, and the characters by their readings, for names. The
 * data (3.7 MB of source) is imported by
 * `loadDictionary` on the first question that needs a translation, not at engine start.
 */

/** Words of glosses and questions that never carry meaning of their own ("sb", "sth" are CC-CEDICT's placeholders). */
const GLOSS_STOP_WORDS: ReadonlySet<string> = new Set(["sb", "sth", "oneself", "etc", "something", "someone", "somebody", "s", "kind", "sort"]);

/** The key of an English text: its content words, lower-case and stemmed, joined by single spaces; no word of courtesy ("hello", "thanks"). */
export function dictionaryKey(text: string): string {
  return englishContentWords(text.replace(/\d+(?:\.\d+)?/g, " ")).filter((w) => !GLOSS_STOP_WORDS.has(w) && !COURTESY_WORDS.has(w)).join(" ");
}

/** Longest phrase key, in words. */
export const MAX_PHRASE = 3;

/** The CC-CEDICT word index, both ways. */
export interface Dictionary {
  /** Chinese words for an English key (dictionaryKey form), best first; empty when unknown. British -tre falls back to American -ter ("theatre", "centre"). */
  chineseFor(key: string): readonly string[];
  /** English single-word keys whose best Chinese words include `word`, best first; empty when unknown. */
  englishFor(word: string): readonly string[];
  /** The proper nouns (of two characters or more) whose toneless pinyin, written as one word, is `letters` ("beijing" → 北京), best first. */
  namesFor(letters: string): readonly string[];
  /** The characters read as a toneless pinyin syllable ("bei"), the most used in CC-CEDICT's words first; "" when it is none. */
  charsFor(syllable: string): string;
}

/**
 * How far down an English key's Chinese words a word may stand to translate back to it: 开发 is "develop"'s ninth. Chosen on
 * english-dev/questions-zh.jsonl's answer-hit: 2 (before) 0.571, 8 0.679, 10 0.750, 12 0.714.
 */
const REVERSE_DEPTH = 10;

let loading: Promise<Dictionary> | undefined;

/** The dictionary, imported and parsed on the first call; later calls share it. */
export function loadDictionary(): Promise<Dictionary> {
  loading ??= import("./cedict-en-zh.js").then(({ CEDICT_EN_ZH, CEDICT_PINYIN }) => new CedictIndex(CEDICT_EN_ZH, CEDICT_PINYIN));
  return loading;
}

class CedictIndex implements Dictionary {
  private readonly enZh = new Map<string, readonly string[]>();
  /** Built on the first Chinese → English lookup. */
  private zhEn?: Map<string, readonly string[]>;

  private readonly readings = new Map<string, string>();

  /**
   * `lines`: `english key<TAB>chinese words, best first, space-separated` (a proper noun's pinyin keyed as "@beijing");
   * `pinyin`: `syllable<TAB>characters`.
   */
  constructor(lines: string, pinyin: string) {
    for (const line of lines.split("\n")) {
      const tab = line.indexOf("\t");
      if (tab > 0) this.enZh.set(line.slice(0, tab), line.slice(tab + 1).split(" "));
    }
    for (const line of pinyin.split("\n")) {
      const tab = line.indexOf("\t");
      if (tab > 0) this.readings.set(line.slice(0, tab), line.slice(tab + 1));
    }
  }

  chineseFor(key: string): readonly string[] {
    if (key.startsWith("@")) return [];
    return this.enZh.get(key) ?? this.enZh.get(american(key)) ?? [];
  }

  namesFor(letters: string): readonly string[] {
    return this.enZh.get(`@${letters}`) ?? [];
  }

  charsFor(syllable: string): string {
    return this.readings.get(syllable) ?? "";
  }

  englishFor(word: string): readonly string[] {
    if (!this.zhEn) {
      const reverse = new Map<string, Array<[string, number]>>();
      for (const [key, words] of this.enZh) {
        if (key.includes(" ") || key.startsWith("@")) continue;
        // Only the first few: a Chinese word is a good translation of an English key it stands near the head of.
        words.slice(0, REVERSE_DEPTH).forEach((w, at) => {
          const keys = reverse.get(w);
          if (keys) keys.push([key, at]);
          else reverse.set(w, [[key, at]]);
        });
      }
      // The keys a word heads first (开发 heads "exploit", and stands ninth in "develop"'s).
      this.zhEn = new Map([...reverse].map(([w, keys]) => [w, keys.sort((a, b) => a[1] - b[1]).map(([key]) => key)]));
    }
    return this.zhEn.get(word) ?? [];
  }
}

/** CC-CEDICT glosses are in American spelling. */
function american(key: string): string {
  return key.split(" ").map((w) => w.replace(/tre$/, "ter")).join(" ");
}
