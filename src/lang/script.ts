/**
 * Which script a text is written in, and which language a question is asked in:
 * the one place that knows Unicode ranges. Callers differ in what they need to
 * count as "Chinese", on purpose, so each range below has a name, the callers
 * that use it and the reason it is what it is. Nothing here changes after the
 * module has loaded (see UNIT_CLASS and scriptOnlyChars for the two tables).
 */
import * as OpenCC from "opencc-js";

/** An inclusive range of code points: [first, last]. */
export type CodeRange = readonly [first: number, last: number];

/** CJK Unified Ideographs, U+4E00–9FFF. The analyzer's question tokens (哪所, 几支, 多少次) are built from it. */
export const CJK_UNIFIED: CodeRange = [0x4e00, 0x9fff];

/**
 * The Han ideographs of the BMP: CJK Unified Ideographs Extension A (U+3400–4DBF), CJK Unified
 * Ideographs (U+4E00–9FFF) and CJK Compatibility Ideographs (U+F900–FAFF). The fold maps
 * Traditional to Simplified over exactly these (src/search/fold.ts).
 */
export const HAN_IDEOGRAPHS: readonly CodeRange[] = [[0x3400, 0x4dbf], CJK_UNIFIED, [0xf900, 0xfaff]];

/**
 * Scripts written without spaces between words, which the lexical index cuts into character
 * unigrams and bigrams (src/search/analyzer.ts indexTerms): the Han ideographs plus Hiragana and
 * Katakana (U+3040–30FF) and Hangul syllables (U+AC00–D7AF), so Japanese and Korean text in a
 * document is findable too.
 */
export const CJK_BIGRAM_SCRIPTS: readonly CodeRange[] = [[0x3040, 0x30ff], ...HAN_IDEOGRAPHS, [0xac00, 0xd7af]];

/**
 * Han ideographs beyond the BMP: Extension B and later (U+20000–3134F, planes 2 and 3). The
 * analyzer indexes each such code point as one term.
 */
export const ASTRAL_HAN: CodeRange = [0x20000, 0x3134f];

/**
 * What "Chinese" means on the answer side: U+3400–9FFF and U+F900–FAFF. Used for whether a
 * question is Chinese (sentences joined without a space, the example-question template) and by
 * evidence scoring (which question words earn partial credit for their characters, the character
 * runs whose bigrams are matched). The Han ideographs plus the Yijing Hexagram Symbols
 * (U+4DC0–4DFF) between Extension A and the Unified block: written as one span from the start,
 * and kept so that no answer changes.
 */
export const CHINESE_TEXT: readonly CodeRange[] = [[0x3400, 0x9fff], [0xf900, 0xfaff]];

/**
 * The Chinese characters of the CMRC 2018 official evaluation script (cmrc2018_evaluate.py,
 * `re.search(u'[\u4e00-\u9fa5]', char)`): the Unified block as of Unicode 1.1. EM and F1
 * (src/eval/metrics.ts) must segment exactly as that script does, so this stays narrower than
 * the ranges above; do not widen it.
 */
export const CMRC_HAN: CodeRange = [0x4e00, 0x9fa5];

/** A regular-expression character-class body ("\\u4e00-\\u9fff…") for BMP ranges, to build patterns from the ranges above. */
export function rangeClass(ranges: readonly CodeRange[]): string {
  const unit = (c: number) => {
    if (c > 0xffff) throw new RangeError(`rangeClass: U+${c.toString(16)} is not in the BMP`);
    return `\\u${c.toString(16).padStart(4, "0")}`;
  };
  return ranges.map(([a, b]) => (a === b ? unit(a) : `${unit(a)}-${unit(b)}`)).join("");
}

// Code-unit classes, as bits of one 64K table: the predicates below run on every character of
// every chunk at index time and of every candidate sentence at query time. Built once, when the
// module loads (about 0.1 ms), from the ranges above; never written afterwards.
const HAN_BIT = 1;
const CJK_BIT = 2;
const CHINESE_BIT = 4;
const UNIT_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  const mark = (ranges: readonly CodeRange[], bit: number) => {
    for (const [a, b] of ranges) for (let c = a; c <= b; c++) table[c] |= bit;
  };
  mark(HAN_IDEOGRAPHS, HAN_BIT);
  mark(CJK_BIGRAM_SCRIPTS, CJK_BIT);
  mark(CHINESE_TEXT, CHINESE_BIT);
  return table;
})();

/** A UTF-16 code unit in HAN_IDEOGRAPHS. */
export function isHanIdeograph(unit: number): boolean {
  return (UNIT_CLASS[unit] & HAN_BIT) !== 0;
}

/** A UTF-16 code unit in CJK_BIGRAM_SCRIPTS (Han, kana, Hangul): indexed as unigrams and bigrams. */
export function isCjk(unit: number): boolean {
  return (UNIT_CLASS[unit] & CJK_BIT) !== 0;
}

/** Some code unit of the text is in CJK_BIGRAM_SCRIPTS. */
export function hasCjk(text: string): boolean {
  for (let i = 0; i < text.length; i++) if ((UNIT_CLASS[text.charCodeAt(i)] & CJK_BIT) !== 0) return true;
  return false;
}

/** A code point (of plane 2 or 3) in ASTRAL_HAN. */
export function isAstralHan(codePoint: number): boolean {
  return codePoint >= ASTRAL_HAN[0] && codePoint <= ASTRAL_HAN[1];
}

/** A UTF-16 code unit in CHINESE_TEXT. */
export function isChineseUnit(unit: number): boolean {
  return (UNIT_CLASS[unit] & CHINESE_BIT) !== 0;
}

/** Some code unit of the text is in CHINESE_TEXT: a Chinese question, topic or word. */
export function isChinese(text: string): boolean {
  for (let i = 0; i < text.length; i++) if ((UNIT_CLASS[text.charCodeAt(i)] & CHINESE_BIT) !== 0) return true;
  return false;
}

/** The maximal runs of CHINESE_TEXT code units, in order. */
export function chineseRuns(text: string): string[] {
  const runs: string[] = [];
  for (let i = 0; i < text.length; ) {
    if ((UNIT_CLASS[text.charCodeAt(i)] & CHINESE_BIT) === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && (UNIT_CLASS[text.charCodeAt(j)] & CHINESE_BIT) !== 0) j++;
    runs.push(text.slice(i, j));
    i = j;
  }
  return runs;
}

/** One character (a string of one code point) in CMRC_HAN; see there. */
export function isCmrcHan(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return ch.length === 1 && c >= CMRC_HAN[0] && c <= CMRC_HAN[1];
}

// The Unicode Script property Han (\p{Script=Han}): every Han character wherever it is encoded,
// astral extensions, radicals, 々 and 〇 included, and nothing else. For counting and highlighting
// the characters of what people type and read (questions, answers, citations), where no index
// has to agree with it.
// (The global patterns are literals inside the functions: a shared /g pattern carries lastIndex.)
const HAN_SCRIPT = /^\p{Script=Han}$/u;

/** One character (a string of one code point) of the Han script. */
export function isHanScript(ch: string): boolean {
  return HAN_SCRIPT.test(ch);
}

/** How many characters of the Han script the text has. */
export function countHan(text: string): number {
  return text.match(/\p{Script=Han}/gu)?.length ?? 0;
}

/** The maximal runs of Han-script characters, in order. */
export function hanRuns(text: string): string[] {
  return text.match(/\p{Script=Han}+/gu) ?? [];
}

// ---------------------------------------------------------------------------
// Language and script of a question

export type Lang = "zh" | "en";
export type Script = "en" | "zh-Hans" | "zh-Hant";

/** Whether `text` shows nothing: whitespace and invisible format characters (zero-width spaces and joiners, marks) only. */
export function isBlank(text: string): boolean {
  return !/[^\s\p{Cf}]/u.test(text);
}

/** A web link (https://…, www.…), up to the next space. */
const LINK = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)\S+/giu;

/**
 * Whether a question has nothing to ask: only spaces, punctuation and invisible characters (「？」, "?!", "……"), or a
 * link and nothing else (isLinkOnly: its letters are an address, which no document answers). A letter or digit of any
 * script is a word, and so is a symbol (an emoji, "€", "+"), which a document may hold and be asked for.
 */
export function hasNoWords(text: string): boolean {
  return !/[\p{L}\p{N}\p{S}]/u.test(text.replace(LINK, " "));
}

/** Whether the text is one or more links and nothing else that asks ("https://example.com/a?b=1"). */
export function isLinkOnly(text: string): boolean {
  return text.search(LINK) !== -1 && hasNoWords(text);
}

/** Chinese punctuation: CJK symbols and punctuation (。、「」《》), vertical forms, CJK compatibility forms, the full-width forms (？！，：). */
const CHINESE_PUNCTUATION = /[\u3000-\u303f\ufe10-\ufe19\ufe30-\ufe4f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/u;

/**
 * The language of a question without words (hasNoWords), by its punctuation: full-width Chinese marks (「？」, 「。。。」) → zh;
 * undefined for ASCII marks, which are typed in any language, and for a text with words (questionLang reads those).
 */
export function wordlessLang(text: string): Lang | undefined {
  return hasNoWords(text) && CHINESE_PUNCTUATION.test(text) ? "zh" : undefined;
}

/** The script to say something about a question without words in: Chinese for Chinese punctuation (`fallback`'s Chinese script if it has one), else `fallback`. */
export function wordlessScript(text: string, fallback: Script): Script {
  return wordlessLang(text) === "zh" && fallback === "en" ? "zh-Hans" : fallback;
}

/** Words that only appear in Chinese questions; they outweigh embedded Latin terms. */
const ZH_QUESTION_WORDS = /什么|吗|呢|哪|谁|多少|怎么|怎样|如何|为什么|为何|是否|几|是不是|有没有|请问|什麼|嗎|誰|怎麼|怎樣|為什麼|為何|幾|請問/u;

/**
 * The language of a question: Chinese question words → zh; two or more
 * English words → en; otherwise any Han character → zh, any Latin word → en;
 * undefined for text with neither (digits, emoji). Links are not read.
 */
export function questionLang(text: string): Lang | undefined {
  if (ZH_QUESTION_WORDS.test(text)) return "zh";
  // A link's letters are an address, not words of the question (「看看 https://example.com」 is asked in Chinese).
  text = text.replace(LINK, " ");
  const latinWords = text.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  const han = countHan(text);
  if (latinWords >= 2) return "en";
  if (han > 0) return "zh";
  if (latinWords > 0) return "en";
  return undefined;
}

/**
 * The language a document's text is written in: Chinese when its Han characters are at least as many as its Latin words
 * (a Chinese report that quotes "GDP"), English when it has more Latin words; undefined when it has neither (digits, a
 * table of numbers, another script), which is written in no language a question could be translated into. A question
 * is read by `questionLang`, which weighs question words.
 */
export function writtenLang(text: string): Lang | undefined {
  const han = countHan(text);
  const latinWords = text.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  if (han === 0 && latinWords === 0) return undefined;
  return han >= latinWords ? "zh" : "en";
}

/** The language to treat a text as (writtenLang), English for a text with neither Han characters nor Latin words. */
export function textLang(text: string): Lang {
  return writtenLang(text) ?? "en";
}

/** A language tag (Telegram's `language_code`): `zh`, `zh-hans`, `zh-TW`… → zh; anything else (or nothing) → en. */
export function langFromCode(languageCode?: string): Lang {
  return languageCode?.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** The script a language tag asks for: `zh-TW`, `zh-HK`, `zh-MO` and `zh-Hant…` → zh-Hant; other `zh…` → zh-Hans; anything else → en. */
export function scriptFromCode(languageCode?: string): Script {
  if (langFromCode(languageCode) === "en") return "en";
  return /^zh[-_](tw|hk|mo|hant)/i.test(languageCode!) ? "zh-Hant" : "zh-Hans";
}

/**
 * The script a POSIX locale asks for ("zh_TW.UTF-8" → zh-Hant, "zh_CN.UTF-8" → zh-Hans, "en_US.UTF-8" or "fr_FR" → en);
 * undefined for none, or for "C" and "POSIX" ("C.UTF-8"), which containers and CI set and which say nothing of the user.
 */
export function scriptFromLocale(locale?: string): Script | undefined {
  if (!locale || /^(?:C|POSIX)(?:[.@]|$)/i.test(locale)) return undefined;
  return scriptFromCode(locale);
}

/** Documents, and characters of each, that corpusScript reads: enough to tell a corpus's language, cheap at any size. */
const CORPUS_SAMPLE_DOCS = 200;
const CORPUS_SAMPLE_CHARS = 1000;

/**
 * The language and script a corpus is mostly in, read from its documents' openings (textLang, then Traditional or
 * Simplified); English for none. What the CLI's own lines fall back to when neither a question nor the locale decides.
 */
export function corpusScript(docs: readonly { text: string }[]): Script {
  const sample = docs.slice(0, CORPUS_SAMPLE_DOCS).map((d) => d.text.slice(0, CORPUS_SAMPLE_CHARS)).join("\n");
  return textScript(sample);
}

/** The language and script a text is written in (textLang, then Traditional or Simplified): what a document or an excerpt is in. */
export function textScript(text: string): Script {
  return scriptOf(text, textLang(text));
}

/**
 * The language to reply in: the question's (see `questionLang`); text without words, by its punctuation (「？」 is Chinese,
 * see `wordlessLang`), else the user's language tag.
 */
export function detectLang(text: string | undefined, languageCode?: string): Lang {
  return (text && (questionLang(text) ?? wordlessLang(text))) || langFromCode(languageCode);
}

/** One code point (the keys of OpenCC's character tables; phrase tables have longer keys). */
const isCharacter = (key: string) => key.length === 1 || (key.length === 2 && key.codePointAt(0)! > 0xffff);

/** An OpenCC table's entries as [key, ...replacements]. */
function entries(dict: OpenCC.DictLike): string[][] {
  return typeof dict === "string" ? dict.split("|").map((e) => e.split(" ")) : dict.map(([k, v]: readonly [string, string]) => [k, ...v.split(" ")]);
}

interface ScriptOnlyChars {
  readonly traditional: ReadonlySet<string>;
  readonly simplified: ReadonlySet<string>;
}

/**
 * The one lazily built table of this module, frozen once built: building it takes about 40 ms,
 * and most processes that load this module (index workers, the CLI outside `ask`) never tell
 * Traditional from Simplified. It is a pure function of opencc-js's tables, so building it on
 * first use is indistinguishable from building it at load.
 */
let scriptOnly: ScriptOnlyChars | undefined;

/**
 * Characters of one script only: the keys of OpenCC's Traditional→Simplified
 * and Simplified→Traditional character tables that do not map to themselves
 * (這, 麼 / 这, 么). Built on first use, from tables opencc-js already holds.
 */
function scriptOnlyChars(): ScriptOnlyChars {
  const keys = (groups: readonly (readonly OpenCC.DictLike[])[]) => {
    const out = new Set<string>();
    for (const dict of groups.flat()) {
      if (typeof dict === "string" && !isCharacter(dict.slice(0, dict.indexOf(" ")))) continue; // a phrase table, not split at all
      for (const [key, ...values] of entries(dict)) if (key && isCharacter(key) && !values.includes(key)) out.add(key);
    }
    return out;
  };
  scriptOnly ??= Object.freeze({ traditional: keys(OpenCC.Locale.to.cn), simplified: keys(OpenCC.Locale.from.cn) });
  return scriptOnly;
}

/** Traditional-only minus Simplified-only characters of a text. */
function scriptBalance(text: string): number {
  const { traditional, simplified } = scriptOnlyChars();
  let balance = 0;
  for (const ch of text) {
    if (traditional.has(ch)) balance++;
    else if (simplified.has(ch)) balance--;
  }
  return balance;
}

/** True when a Chinese text has more Traditional-only than Simplified-only characters (a tie, or none, reads as Simplified). */
export function isTraditional(text: string): boolean {
  return scriptBalance(text) > 0;
}

/**
 * Whether to write to a user in Traditional script: their message leans Traditional, or it leans neither way
 * (no script-only characters, or no text: a command, a sticker) and their language tag asks for it (scriptFromCode).
 */
export function prefersTraditional(text: string | undefined, languageCode?: string): boolean {
  const balance = text ? scriptBalance(text) : 0;
  return balance > 0 || (balance === 0 && scriptFromCode(languageCode) === "zh-Hant");
}

/** The script to answer a question in; `lang` when the caller already decided the language (Telegram's fallback to the user's language_code). */
export function scriptOf(question: string, lang: Lang = questionLang(question) ?? "en"): Script {
  if (lang === "en") return "en";
  return isTraditional(question) ? "zh-Hant" : "zh-Hans";
}
