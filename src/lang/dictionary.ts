import { englishContentWords } from "./english.js";

/**
 * The English → Chinese word index made from CC-CEDICT (scripts/make-dictionary.ts writes
 * ./cedict-en-zh.ts; CC BY-SA 4.0) and its reverse. Keys are English content words, stemmed
 * (dictionaryKey), alone or as phrases of up to three ("pilot scheme"); values are simplified
 * Chinese words, best first. The data (3 MB of source, ~35 ms to import) is imported by
 * `loadDictionary` on the first question that needs a translation, not at engine start.
 */

/** Words of glosses and questions that never carry meaning of their own ("sb", "sth" are CC-CEDICT's placeholders). */
const GLOSS_STOP_WORDS: ReadonlySet<string> = new Set(["sb", "sth", "oneself", "etc", "something", "someone", "somebody", "s", "kind", "sort"]);

/** The key of an English text: its content words, lower-case and stemmed, joined by single spaces. */
export function dictionaryKey(text: string): string {
  return englishContentWords(text.replace(/\d+(?:\.\d+)?/g, " ")).filter((w) => !GLOSS_STOP_WORDS.has(w)).join(" ");
}

/** Longest phrase key, in words. */
export const MAX_PHRASE = 3;

/** The CC-CEDICT word index, both ways. */
export interface Dictionary {
  /** Chinese words for an English key (dictionaryKey form), best first; empty when unknown. British -tre falls back to American -ter ("theatre", "centre"). */
  chineseFor(key: string): readonly string[];
  /** English single-word keys whose best Chinese words include `word`, best first; empty when unknown. */
  englishFor(word: string): readonly string[];
}

let loading: Promise<Dictionary> | undefined;

/** The dictionary, imported and parsed on the first call; later calls share it. */
export function loadDictionary(): Promise<Dictionary> {
  loading ??= import("./cedict-en-zh.js").then(({ CEDICT_EN_ZH }) => new CedictIndex(CEDICT_EN_ZH));
  return loading;
}

class CedictIndex implements Dictionary {
  private readonly enZh = new Map<string, readonly string[]>();
  /** Built on the first Chinese → English lookup. */
  private zhEn?: Map<string, readonly string[]>;

  /** `lines`: `english key<TAB>chinese words, best first, space-separated`. */
  constructor(lines: string) {
    for (const line of lines.split("\n")) {
      const tab = line.indexOf("\t");
      if (tab > 0) this.enZh.set(line.slice(0, tab), line.slice(tab + 1).split(" "));
    }
  }

  chineseFor(key: string): readonly string[] {
    return this.enZh.get(key) ?? this.enZh.get(american(key)) ?? [];
  }

  englishFor(word: string): readonly string[] {
    if (!this.zhEn) {
      const reverse = new Map<string, string[]>();
      for (const [key, words] of this.enZh) {
        if (key.includes(" ")) continue;
        // Only the first few: a Chinese word is a good translation of an English key it heads.
        words.slice(0, 2).forEach((w) => {
          const keys = reverse.get(w);
          if (keys) keys.push(key);
          else reverse.set(w, [key]);
        });
      }
      this.zhEn = reverse;
    }
    return this.zhEn.get(word) ?? [];
  }
}

/** CC-CEDICT glosses are in American spelling. */
function american(key: string): string {
  return key.split(" ").map((w) => w.replace(/tre$/, "ter")).join(" ");
}
