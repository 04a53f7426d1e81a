import { type Dictionary, dictionaryKey, MAX_PHRASE } from "../lang/dictionary.js";
import { englishStem } from "../lang/english.js";
import { officeOf } from "../lang/offices.js";
import type { QueryWord } from "../search/analyzer.js";

/**
 * Query translation for questions in another language than the documents: an English question
 * over Chinese documents is looked up word by word (phrases of up to three words first) in the
 * CC-CEDICT index (src/lang/dictionary.ts), and each word becomes the Chinese words the index
 * holds — the best as the word, the next ones as its alternatives (QueryWord.alternatives) — so
 * retrieval, evidence and the refusal gate work on Chinese words; a Chinese question over English
 * documents the other way round. Pure: what the index holds is asked through `present`, the
 * dictionary is given (loadDictionary).
 */

export interface Translation {
  /** The question as the evidence reads it: the question word in the documents' language, then the translated words ("多少 高校 试点 选修"). */
  question: string;
  words: QueryWord[];
}

/** Translations kept per word besides the best one. */
const MAX_ALTERNATIVES = 3;

/** Irregular past forms of verbs common in questions, and their dictionary form. */
const IRREGULAR: Readonly<Record<string, string>> = Object.freeze({
  went: "go", gone: "go", took: "take", taken: "take", got: "get", gotten: "get", made: "make", held: "hold", gave: "give",
  given: "give", began: "begin", begun: "begin", came: "come", saw: "see", seen: "see", led: "lead", built: "build",
  won: "win", spent: "spend", sent: "send", brought: "bring", bought: "buy", wrote: "write", written: "write", chose: "choose",
  chosen: "choose", grew: "grow", grown: "grow", rose: "rise", risen: "rise", met: "meet", paid: "pay", told: "tell", sold: "sell",
  taught: "teach", thought: "think", left: "leave", kept: "keep", ran: "run", set: "set", put: "put", read: "read",
});

/**
 * Other dictionary forms of a stemmed English word, tried when its own key finds nothing the
 * documents hold: a dropped final e ("execut" → "execute"), British -is- ("organis" → "organize"), -ied ("carri" → "carry"),
 * and derivations back to their base ("revitalization" → "revitalize", "readership" → "reader").
 */
export function wordForms(word: string): string[] {
  const forms = new Set<string>();
  if (IRREGULAR[word]) forms.add(IRREGULAR[word]);
  forms.add(word + "e");
  if (/is$/.test(word)) forms.add(word.slice(0, -2) + "ize");
  if (/[^aeiou]i$/.test(word)) forms.add(word.slice(0, -1) + "y");
  for (const [suffix, bases] of DERIVATIONS) {
    if (word.length > suffix.length + 3 && word.endsWith(suffix)) for (const base of bases) forms.add(word.slice(0, -suffix.length) + base);
  }
  forms.delete(word);
  return [...forms];
}

const DERIVATIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["ization", ["ize"]], ["isation", ["ize"]], ["ation", ["ate", "e", ""]], ["ition", ["ite", "e"]], ["ment", [""]], ["ness", [""]],
  ["ship", [""]], ["ity", ["e", ""]], ["ive", ["e", ""]], ["al", [""]], ["ly", [""]], ["er", ["", "e"]], ["or", ["", "e"]],
];

/** "How tall", "how far" …: a quantity asked with an adjective of measure; its Chinese 多高, 多远 … (answer-type.ts reads 有多高 as how many). */
const MEASURE = /\bhow (tall|high|far|long|old|big|large|heavy|deep|wide|thick)\b/i;
const MEASURE_ZH: Readonly<Record<string, string>> = Object.freeze({
  tall: "高", high: "高", far: "远", long: "长", old: "大", big: "大", large: "大", heavy: "重", deep: "深", wide: "宽", thick: "厚",
});

/**
 * The event a when- or where-question asks about, as stated.ts's event check reads it (出生, 去世, 成立, 建成): its words translate
 * as the documents hold them (born → 生就, held by 学生就业), which names no event; the question word carries it, as 有多高 does.
 */
const ASKED_EVENT: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bborn\b/i, "出生"], [/\b(?:die|died)\b/i, "去世"], [/\b(?:founded|established)\b/i, "成立"], [/\bbuilt\b/i, "建成"],
];

/** "Who is the principal of …?", "Who was the responsible editor?": the role an English who-question asks who holds, in one to three words. */
const ROLE_ASKED = /^\s*who (?:is|was|are|were) (?:the |its |their )?(?:current |first |present |former |new )?([a-z]+(?: [a-z]+){0,2}?)(?= (?:of|at|in|for|on|to)\b|\s*[?.!]?\s*$)/i;

/**
 * The office a who-is-the-role question asks about, as the documents write it (lang/offices.ts): the role's translations (the
 * phrase, then its last word) that name an office, one the documents hold first ("principal" → 副校长 → 校长). stated.ts
 * (holdsTranslatedOffice) needs the answer's text to name it: a sentence naming a student of the school names no principal.
 * Empty when the role names no office ("Who is the founder …?").
 */
function officeAsked(question: string, present: (word: string) => boolean, dictionary: Dictionary): string {
  const role = ROLE_ASKED.exec(question)?.[1].toLowerCase().split(" ");
  if (!role) return "";
  for (const words of role.length > 1 ? [role, role.slice(-1)] : [role]) {
    const key = words.map(dictionaryKey).join(" ");
    const last = dictionaryKey(words[words.length - 1]);
    const forms = [key, ...wordForms(last).map((f) => [...words.slice(0, -1).map(dictionaryKey), f].join(" "))];
    const offices = [...new Set(forms.flatMap((f) => dictionary.chineseFor(f)).map(officeOf).filter((o): o is string => o !== undefined))];
    if (offices.length) return offices.find(present) ?? offices[0];
  }
  return "";
}

/** The question word an English question opens with, in Chinese (what answerType and the short answer read). */
function chineseQuestionWord(question: string): string {
  const q = question.toLowerCase();
  if (/\bhow (?:many|much)\b|\bnumber of\b/.test(q)) return "多少";
  const measure = MEASURE.exec(q);
  if (measure) return `有多${MEASURE_ZH[measure[1]]}`;
  if (/\b(?:what|which) year\b/.test(q)) return "哪一年";
  if (/\bwhen\b/.test(q)) return "什么时候";
  // Whose asks for a possessor (a country's troops), which need not be a person (stated.ts namesTranslatedAgent).
  if (/\bwhose\b/.test(q)) return "谁的";
  if (/\bwhom?\b/.test(q)) return "谁";
  if (/\bwhere\b/.test(q)) return "哪里";
  if (/\bwhy\b/.test(q)) return "为什么";
  if (/\bhow\b/.test(q)) return "如何";
  if (/\b(?:what|which)\b/.test(q)) return "什么";
  return "";
}

/** The question word a Chinese question asks with, in English. */
function englishQuestionWord(question: string): string {
  if (/多少|几/.test(question)) return "how many";
  if (/哪一?年|什么时候|何时|什麼時候|何時/.test(question)) return "when";
  if (/谁|誰|哪位/.test(question)) return "who";
  if (/哪里|哪裡|哪儿|何处|在哪/.test(question)) return "where";
  if (/为什么|為什麼|为何|為何/.test(question)) return "why";
  return "what";
}

/**
 * An English question in Chinese words. `present(word)` tells whether the documents hold a Chinese
 * word; translations they hold are preferred (in the dictionary's order), and a word none of whose
 * translations they hold keeps its best one (so a question about what the documents lack stays
 * unanswered). Numbers and names stay; other words the dictionary lacks (in any of their wordForms)
 * are dropped. Undefined when no word translates.
 */
export function englishToChinese(question: string, present: (word: string) => boolean, dictionary: Dictionary, verbatim: (word: string) => boolean = present): Translation | undefined {
  const measure = MEASURE.exec(question);
  const raw = [...question.matchAll(/[A-Za-z]+|\d+(?:\.\d+)?/g)]
    // "how tall" asks 有多高: the adjective is the question word, not a word the answer holds.
    .filter((m) => !measure || m.index !== measure.index + measure[0].length - measure[1].length)
    .map((m) => ({ t: m[0], at: m.index, key: /^\d/.test(m[0]) ? m[0] : dictionaryKey(m[0]) })).filter((x) => x.key);
  const tokens = raw.map((x) => x.key);
  // Runs of capitalised words, one name ("Shandong Women's University"; a possessive's s is no token and does not end one).
  const runOf: number[] = [];
  raw.forEach((x, j) => {
    const joined = j > 0 && /^[A-Z]/.test(x.t) && /^[A-Z]/.test(raw[j - 1].t) && /^'?s?\s+$/.test(question.slice(raw[j - 1].at + raw[j - 1].t.length, x.at));
    runOf.push(joined ? runOf[j - 1] : j);
  });
  /** Name words the documents lack, by run, and the runs some word of which the documents write. */
  const unheldNames: Array<[QueryWord, number]> = [];
  const heldRuns = new Set<number>();
  const words: QueryWord[] = [];
  let translated = 0;
  for (let i = 0; i < tokens.length;) {
    let taken = 1;
    let candidates: readonly string[] = [];
    for (let n = Math.min(MAX_PHRASE, tokens.length - i); n >= 1; n--) {
      const rest = tokens.slice(i + 1, i + n);
      // A phrase is looked up with its first word in dictionary form too ("took part" → take part, "carried out" → carry out).
      const firsts = n > 1 && !/^\d/.test(tokens[i]) ? [tokens[i], ...wordForms(tokens[i])] : [tokens[i]];
      const found = firsts.map((f) => dictionary.chineseFor([f, ...rest].join(" "))).find((c) => c.length) ?? [];
      if (found.length) {
        candidates = found;
        taken = n;
        break;
      }
    }
    const token = tokens[i];
    const original = raw[i].t;
    // A capitalised word inside the question is a name ("Shanghai universities"): its translation names a subject, which
    // documents that never mention it do not answer (evidence.ts's absent names), as a Chinese question's names.
    const name = raw[i].at > 0 && /^[A-Z][a-z]/.test(original);
    // A name counts as held only where the documents write it whole: 北京大学's bigrams also occur apart (北京 … 燕京大学);
    // and not as one character, which any text holds ("Chinese" → 中).
    if (name && !candidates.some((c) => c.length > 1 && verbatim(c))) {
      let run = 1;
      while (i + run < raw.length && /^[A-Z][a-z]/.test(raw[i + run].t)) run++;
      const words = raw.slice(i, i + run).map((x) => x.t.toLowerCase());
      const named = nameInDocuments(words, candidates.length === 0, verbatim, dictionary)
        ?? spelledName(words, candidates, verbatim, dictionary);
      const nation = taken === 1 ? nationIn(token, candidates, verbatim, dictionary) : [];
      if (named) [candidates, taken] = named;
      else if (nation.length) candidates = nation;
    }
    i += taken;
    if (taken === 1 && !/^\d/.test(token) && !candidates.some(present)) {
      candidates = [...new Set([...candidates, ...wordForms(token).flatMap((f) => dictionary.chineseFor(f))])];
      // A noun written with its suffix 子 (驴子) is not how a text compounds it (野驴): its root is asked for, after the words (not
      // for 儿 or 头, which as often end a word of their own: 座儿 "passenger", 码头).
      if (!candidates.some(present)) candidates = [...candidates, ...candidates.flatMap((c) => (/^\p{Script=Han}子$/u.test(c) && present(c[0]) ? [c[0]] : []))];
    }
    if (candidates.length === 0) {
      const numeric = /^\d/.test(token);
      // A name or a number stays as written (the documents may write it so); a common word the dictionary lacks says nothing.
      if (numeric || /^[A-Z]/.test(original)) words.push({ text: token, weight: numeric ? 1.5 : Math.min(token.length, 8) / 4 + 0.5, numeric });
      continue;
    }
    translated++;
    const held = candidates.filter(present);
    const [best, ...others] = held.length ? held : candidates;
    if (name && candidates.some(verbatim)) heldRuns.add(runOf[i - taken]);
    if (!words.some((w) => w.text === best)) {
      const word: QueryWord = {
        text: best, weight: Math.min(best.length, 4) / 2, numeric: false,
        ...(others.length && held.length ? { alternatives: others.slice(0, MAX_ALTERNATIVES) } : {}), ...(name ? { entity: true } : {}),
      };
      words.push(word);
      if (name && !held.length) unheldNames.push([word, runOf[i - taken]]);
    }
    // A phrase's own word (moons of Mars → 火卫) is not how every text says it (火星有两颗卫星): its words'
    // translations the documents hold are asked for too, at half weight.
    if (taken > 1) {
      for (const part of tokens.slice(i - taken, i)) {
        const single = dictionary.chineseFor(part).find(present);
        if (single && !words.some((w) => w.text === single)) words.push({ text: single, weight: Math.min(single.length, 4) / 4, numeric: false });
      }
    }
  }
  if (translated === 0) return undefined;
  // A common word capitalised inside a name the documents write otherwise ("Women's" → 女人家 of a university the text names by
  // its place) is no name of its own: the name's held words are the subject, and the text need not hold this one.
  for (const [word, run] of unheldNames) if (heldRuns.has(run)) delete word.entity;
  const asked = chineseQuestionWord(question);
  // The event asked about (出生), or the office a who-is-the-role question asks who holds (校长), rides on the question word.
  const event = /^(?:什么时候|哪一年|哪里)$/.test(asked) ? ASKED_EVENT.find(([english]) => english.test(question))?.[1] ?? ""
    : asked === "谁" ? officeAsked(question, present, dictionary) : "";
  // A how-many question's first words are what it counts (stated.ts countsTranslatedWord): a name is what it counts of
  // ("How many visitors does Furong Cave receive?" counts no 芙蓉), so names follow the other words.
  const ordered = asked === "多少" ? [...words.filter((w) => !w.entity), ...words.filter((w) => w.entity)] : words;
  return { question: `${asked}${event}${ordered.map((w) => w.text).join(" ")}`, words };
}

/** The Chinese endings of a people's, a language's or a nationality's word (印度人, 缅甸语, 中国籍, 印度教徒), and what a country's name may add back (泰语 → 泰国). */
const NATION_SUFFIX = /(?:人|语|文|籍|族|裔|话|教徒|人民)$/;
/** English adjectives of nationality and their country's name: Indonesian → Indonesia, Japanese → Japan, Burmese → Burma, Polish → Poland. */
const NATION_ENGLISH: ReadonlyArray<readonly [RegExp, string]> = [[/n$/, ""], [/ese$/, ""], [/ese$/, "a"], [/i$/, ""], [/ish$/, "land"], [/ish$/, ""], [/an$/, "y"]];

/**
 * The country a capitalised adjective of nationality names, as the documents write it: "Indian" translates as 印度人 and
 * "Burmese" as 缅甸语, but a text says 印度, 缅甸; "Thai" (泰语) is 泰国. The translations' stems (with 国 added), then the
 * country's English name (Indonesian → Indonesia → 印尼), that the documents hold verbatim; empty when none.
 */
function nationIn(word: string, candidates: readonly string[], verbatim: (word: string) => boolean, dictionary: Dictionary): string[] {
  const found = new Set<string>();
  for (const c of candidates) {
    const stem = c.replace(NATION_SUFFIX, "");
    if (stem === c || !stem) continue;
    for (const country of stem.endsWith("国") ? [stem] : [stem, `${stem}国`]) if (country.length >= 2 && verbatim(country)) found.add(country);
  }
  for (const [suffix, ending] of NATION_ENGLISH) {
    if (!suffix.test(word)) continue;
    for (const country of dictionary.chineseFor(word.replace(suffix, ending))) if (country.length >= 2 && verbatim(country)) found.add(country);
  }
  return [...found];
}

/**
 * A name the question spells in pinyin whose first word is also a gloss's ("Jiang" → 绛县, "Jiang county"): two or three
 * capitalised words spelling three or more characters the documents write together ("Jiang Jufeng" → 蒋巨峰, not 绛县 巨峰), or
 * the first word alone spelling the start of its own translation ("Furong" → 芙蓉 of 芙蓉区, which the documents lack; an
 * English word such as "women" spells 我们, which 女人家 does not open with).
 */
function spelledName(words: readonly string[], candidates: readonly string[], verbatim: (word: string) => boolean, dictionary: Dictionary): [string[], number] | undefined {
  for (let n = Math.min(MAX_NAME_WORDS, words.length); n >= 1; n--) {
    const spelled = spelledInDocuments(words.slice(0, n).join(""), verbatim, dictionary)
      .filter((w) => (n > 1 ? w.length >= 3 : candidates.some((c) => c.length > w.length && c.startsWith(w))));
    if (spelled.length) return [spelled, n];
  }
  return undefined;
}

/** Longest name looked up by its pinyin, in words ("Zhou Enlai", "Luo Baoming"), and in syllables. */
const MAX_NAME_WORDS = 3;
const MAX_NAME_SYLLABLES = 4;
/** Partial names kept at each syllable while matching a name's pinyin against the documents. */
const MAX_PARTIAL_NAMES = 64;

/**
 * A Chinese name an English question writes in pinyin ("Beijing", "Zhou Enlai", "Luo Baoming"), found among the words the
 * documents hold: the longest run of the question's capitalised words (lower-case, from the first) that is a proper noun's
 * pinyin in CC-CEDICT (北京, 周恩来) or — when the first word is no English word the dictionary knows (`unknown`) —
 * that spells, syllable by syllable, characters the documents hold together (罗保铭, a person CC-CEDICT lacks). The names
 * found (best first) and how many words they take; undefined when none.
 */
export function nameInDocuments(words: readonly string[], unknown: boolean, present: (word: string) => boolean, dictionary: Dictionary): [string[], number] | undefined {
  for (let n = Math.min(MAX_NAME_WORDS, words.length); n >= 1; n--) {
    const letters = words.slice(0, n).join("");
    const known = dictionary.namesFor(letters).filter(present);
    if (known.length) return [known, n];
    if (!unknown) continue;
    const spelled = spelledInDocuments(letters, present, dictionary);
    if (spelled.length) return [spelled, n];
  }
  return undefined;
}

/** The words of two to MAX_NAME_SYLLABLES characters the documents hold that `letters` spells in toneless pinyin. */
function spelledInDocuments(letters: string, present: (word: string) => boolean, dictionary: Dictionary): string[] {
  const found = new Set<string>();
  for (const syllables of pinyinSplits(letters, dictionary)) {
    let partial = [""];
    for (const syllable of syllables) {
      const next: string[] = [];
      for (const p of partial) {
        for (const c of dictionary.charsFor(syllable)) {
          if (next.length >= MAX_PARTIAL_NAMES) break;
          if (present(p + c)) next.push(p + c);
        }
      }
      partial = next;
    }
    for (const w of partial) found.add(w);
  }
  return [...found];
}

/** The ways `letters` splits into two to MAX_NAME_SYLLABLES pinyin syllables ("xian" → xi an; "baoming" → bao ming). */
function pinyinSplits(letters: string, dictionary: Dictionary): string[][] {
  const splits: string[][] = [];
  const walk = (at: number, taken: string[]) => {
    if (at === letters.length) {
      if (taken.length >= 2) splits.push(taken);
      return;
    }
    if (taken.length === MAX_NAME_SYLLABLES) return;
    for (let end = Math.min(letters.length, at + 6); end > at; end--) {
      const syllable = letters.slice(at, end);
      if (dictionary.charsFor(syllable)) walk(end, [...taken, syllable]);
    }
  };
  walk(0, []);
  return splits;
}

/**
 * A Chinese question (its query words) in English words: each Chinese word becomes the English
 * words the dictionary translates it with that the documents hold (stemmed, as the index stems).
 * Words without such a translation stay. Undefined when none translates.
 */
export function chineseToEnglish(question: string, words: readonly QueryWord[], present: (word: string) => boolean, dictionary: Dictionary): Translation | undefined {
  const out: QueryWord[] = [];
  let translated = 0;
  for (const w of words) {
    // The index stems "created" to "creat": a dictionary word is looked for as the index stems its inflections.
    const held = w.numeric ? [] : [...new Set(dictionary.englishFor(w.text).map((k) => [englishStem(k), englishStem(k).replace(/e$/, "")].find(present)).filter((k): k is string => k !== undefined))];
    if (held.length === 0) {
      out.push(w);
      continue;
    }
    translated++;
    const [best, ...others] = held;
    out.push({ text: best, weight: Math.min(best.length, 8) / 4 + 0.5, numeric: false, ...(others.length ? { alternatives: others.slice(0, MAX_ALTERNATIVES) } : {}) });
  }
  if (translated === 0) return undefined;
  return { question: `${englishQuestionWord(question)} ${out.map((w) => w.text).join(" ")}?`, words: out };
}
