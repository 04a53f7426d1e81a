import { answerType } from "./answer-type.js";
import { englishStem, ERA_YEAR, hasEnglishWord, irregularVariants, NUMBER_WORDS, withoutDates } from "../lang/english.js";
import { OFFICE_NOUN } from "../lang/offices.js";
import { writtenLang } from "../lang/script.js";
import { statesCount, type Tagger } from "./short-answer.js";

/**
 * Whether the evidence states the kind of fact a question asks for — a hard refusal rule beside the scored gate
 * (selector.ts, `decidedBy: "type"`). The gate reads how well the excerpt matches the question's words; a question about
 * a subject the documents name, asking a fact they never give, matches them well: 「怀进鹏是哪一年出生的？」 over a text
 * that names him at a 2023 meeting, 「北京冬奥会一共有多少名志愿者？」 over one that counts views in 人次.
 *
 * Measured on the hold-out splits of CMRC 2018 trial and DRCD test (seeds 1–4, every question through Engine.ask): no
 * ~14,600 answerable questions asked over the eight splits refused by it, 2–3 unanswerable ones a split; on the bundled document's near-topic
 * questions, 4 → 17 of 29 refused (README, Quality). Checks that read more were left out: a date within one clause of
 * the question's words for every which-year question refused 20 of 2,800 answerable DRCD questions (dates head the
 * sentence or stand in the one before, 同年), and so did the verbs of holding and starting (举办, 实施).
 */

/**
 * Events whose time or place a question asks (出生, 去世, 建成, 成立) and the words a text states them with: a date
 * elsewhere in the text is another event's. Each asked pattern goes with the words that may state it, and `agent` with
 * the words that state who or what did it (English): "the founder of Cray Research", "ENIAC was developed … at the Moore
 * School" (not its time: "made in 1965 by Intel co-founder Gordon Moore" dates no founding).
 */
interface AskedEvent {
  asked: RegExp;
  stated: RegExp;
  /** What else states it for an English who- or which-question (a founder, a developer). */
  agent?: RegExp;
  /** Asked only of its agent, by an English question opening with who, which or what (a design, an invention, a win). */
  agentOnly?: boolean;
  /**
   * Never asked of an agent: a birth or a death is asked of a person, not by who did it ("Which company's engineer caused
   * Mabel's death?"), nor is a release ("Under which licence is the collection released?").
   */
  agentNever?: boolean;
}

const EVENTS: readonly AskedEvent[] = [
  // Born: 生于 but not 发生于; a life's years (1911－1990) state it too. Not 诞生, which is said of things (a saying, a state).
  { asked: /出生|(?<!发)生于|\bborn\b/, stated: /(?<!发)生|诞|出身|故乡|家乡|籍贯|\bborn\b|\bbirth|\(\s*\d{3,4}\s*[-–—~～]/, agentNever: true },
  { asked: /去世|逝世|病逝|病故|死亡|死于|过世|驾崩|\bdied\b|\bdeath\b/, stated: /世|逝|死|卒|崩|殁|亡|故|\bdied\b|\bdeath|[-–—~～]\s*\d{3,4}\s*\)/, agentNever: true },
  { asked: /建成|建于|落成|兴建|竣工|始建|完工|建造|修建|\bbuilt\b/, stated: /建|落成|竣工|完工|造|筑|开工|启用|开放|开馆|开幕|\bbuilt\b|\bconstruct|\bopened\b/, agent: /\bdevelop/ },
  { asked: /成立|创立|创建|创办|建立|设立|\bfounded\b|\bestablished\b|\bco-?found\b|\bdid\b.*\bfound\b/, stated: /成立|创|建|设立|增设|设置|改设|分设|组建|成军|开办|开设|开馆|开业|开幕|新开|\bfounded\b|\bestablished\b|\bformed\b|\bopened\b/, agent: /\b(?:co-?)?founder/ },
  // Joining, leaving, marrying, graduating, retiring (English only): "In what year did Grace Hopper join the US Navy?" is not
  // answered by a date of her ship, nor "When did Alan Kay leave Xerox PARC?" by the years of his group there.
  { asked: /\bjoin(?:ed)?\b/, stated: /\bjoin|\benlist|\benter(?:ed)?\b/ },
  { asked: /\bleave\b/, stated: /\bleft\b|\bleav|\bquit|\bdepart|\bresign|\bretir/ },
  { asked: /\bmarr(?:y|ied)\b/, stated: /\bmarri|\bwed(?:s|ded|ding)?\b/ },
  { asked: /\bgraduate[ds]?\b/, stated: /\bgraduat|\bdegree/ },
  { asked: /\bretire[ds]?\b/, stated: /\bretir/ },
  // Releasing or publishing (English), its time or place: "When was the puzzle collection first released?" is not answered by a
  // version's date stamp.
  { asked: /\b(?:released|published|launched)\b/, stated: /\breleas|\bpublish|\blaunch|\bannounc|\bappear|\bcame out\b|\bavailab|\bissued\b|\bshipp/, agentNever: true },
  // Who or what designed, invented, discovered, isolated or won (English who- and which-questions only): "Who won the first
  // International Obfuscated C Code Contest?" is not answered by the sentence naming who runs it.
  { asked: /\b(?:co-?)?design(?:ed)?\b/, stated: /\b(?:co-?)?design/, agentOnly: true },
  { asked: /\b(?:co-?)?invent(?:ed)?\b/, stated: /\b(?:co-?)?invent/, agentOnly: true },
  { asked: /\bdiscover(?:ed)?\b/, stated: /\bdiscover/, agentOnly: true },
  { asked: /\bisolated?\b/, stated: /\bisolat/, agentOnly: true },
  { asked: /\b(?:won|win)\b/, stated: /\b(?:won|wins?|winners?|winning)\b/, agentOnly: true },
];

/** A date, or a word standing for the date of the sentence before (同年, 当日); an era's year of any length ("753 BC"). */
const DATE = new RegExp(`\\d{1,4}\\s*[年月]|[〇零一二三四五六七八九十]{2,4}年|[一二三四五六七八九十]{1,2}月|世纪|年代|民国|公元|西元|[同当翌次]\\s*[年月日天]|\\b1\\d{3}\\b|\\b20\\d{2}\\b|${ERA_YEAR}`);
/**
 * Sentence ends, for an event word and its date to be read together: a stop, a full stop before a capital, a blank
 * line, or a line end after Chinese text (a hard-wrapped English line goes on mid-sentence).
 */
const SENTENCE = /[。！？；;]|[.!?]\s+(?=[\p{Lu}("“])|\n\s*\n|(?<=\p{Script=Han})\n/u;

/**
 * Whether the folded text states the time or place of the event the question asks about: for when, a sentence with
 * a word of that event and a date; for where, a word of that event. Undefined for other questions.
 */
export function statesEvent(foldedQuestion: string, foldedText: string): boolean | undefined {
  const type = answerType(foldedQuestion);
  // Who or what did it (English): "Which company did John Ousterhout found before Scriptics?" is not answered by a sentence
  // naming his company without the founding.
  const agent = (type === "person" || type === "thing") && !HAN.test(foldedQuestion);
  if (type !== "time" && type !== "place" && !agent) return undefined;
  // A design, an invention, a discovery or a win is asked of its agent only by a question opening with who, which or what
  // ("Python was designed as a successor of which language?" asks what it succeeded).
  const asksAgent = agent && /^\s*(?:who|which|what)\b/.test(foldedQuestion);
  const event = EVENTS.find((e) => (agent ? !e.agentNever && (!e.agentOnly || asksAgent) : !e.agentOnly) && e.asked.test(foldedQuestion));
  if (!event) return undefined;
  return foldedText.split(SENTENCE).some((s) => (event.stated.test(s) || (agent && event.agent?.test(s))) && (type !== "time" || DATE.test(s)));
}

/** A question asking which year (哪一年, 何年, 民国几年, "what year"). */
const YEAR_ASKED = /哪一?年|何年|几年|什么年份|哪个年份|\bwhat year\b|\bwhich year\b/;
/** A year, written any way ("753 BC" too), or a word standing for one (同年, 去年, 年间, 世纪). */
const YEAR = new RegExp(`\\d{1,4}\\s*年|[〇零一二三四五六七八九十百]{1,4}年|[同当翌次是前去今明元]年|年间|年代|世纪|\\b1\\d{3}\\b|\\b20\\d{2}\\b|${ERA_YEAR}`);

/**
 * Whether the folded text holds a year, for a question asking which year; undefined for other questions. Every which-year
 * question of CMRC 2018 trial and DRCD test (357) has one in the sentence of its gold answer.
 */
export function statesYear(foldedQuestion: string, foldedText: string): boolean | undefined {
  if (!YEAR_ASKED.test(foldedQuestion) || answerType(foldedQuestion) !== "time") return undefined;
  // A month or a day may date the sentence whose year the text gave before (「十月，王守仁率兵攻破…」).
  return YEAR.test(foldedText) || DATE.test(foldedText);
}

/** A number in Chinese text, digits or numerals (100支, 20余万名, 破亿). */
const ZH_NUMBER = /[\d零〇一二三四五六七八九十百千万亿两]/g;
/**
 * How far after a number (40 characters: a count heads an enumeration, 「每年开展1000余场“…”主题宣讲、论坛、座谈等活动」) or before it
 * (8) the counted word may stand.
 */
const AFTER_NUMBER = 40;
const BEFORE_NUMBER = 8;

/** Lengths: a number and its unit (2846米, 20公里, 57厘米, 30 km). */
const LENGTH = /\d\s*(?:[米尺丈里]|公[里尺分]|千米|厘米|毫米|英[尺寸里]|海里|光年|km\b|cm\b|mm\b|m\b|ft\b|feet\b|miles?\b)|[一二三四五六七八九十百千万两]\s*(?:[米尺丈]|公[里尺分]|千米|厘米|英[尺里])/;
/**
 * What a translated how-tall, how-far … question (有多高, retrieve/translate.ts) needs the text to state: a length for 高 长 远 深
 * 宽 厚, a weight for 重, for 大 (how old, big or large) an age, an area or a length. A question about a subject the text names
 * asking a measure it never gives ("How tall is Zhan Xugang?" over his career) is not answered by the sentence naming him.
 */
const MEASURED: Readonly<Record<string, RegExp>> = Object.freeze({
  高: LENGTH, 长: LENGTH, 远: LENGTH, 深: LENGTH, 宽: LENGTH, 厚: LENGTH,
  重: /[\d一二三四五六七八九十百千万两]\s*(?:[克吨斤磅]|公斤|千克|公吨|kg\b|tons?\b)/,
  大: new RegExp(`${LENGTH.source}|[\\d一二三四五六七八九十]\\s*(?:岁|周岁|平方|公顷|亩|km2|sq)`),
});

/**
 * A how-many question translated from English ("How many volunteers served …?" → 「多少志愿 任 北京 冬奥会」, retrieve/translate.ts):
 * whether a sentence of the folded Chinese text counts what it asks about — one of its first two words (the counted noun, perhaps
 * after a modifier: 学生 党员) near a number. A count is not written with the English noun's measure word, so statesCount
 * cannot read it: 「…冬残奥会志愿服务和开闭幕式演出等」 counts no volunteers. A how-tall, how-far … question (有多高) needs the text
 * to state a measure of its kind (MEASURED). Undefined for other questions.
 */
export function countsTranslatedWord(translatedQuestion: string, foldedText: string): boolean | undefined {
  const measure = /^有多([高长远深宽厚重大])/.exec(translatedQuestion);
  if (measure) return MEASURED[measure[1]].test(foldedText);
  const counted = /^多少(\S+)(?: (\S+))?/.exec(translatedQuestion);
  if (!counted) return undefined;
  const nouns = [counted[1], counted[2]].filter((w): w is string => w !== undefined && !/^\d/.test(w));
  return foldedText.split(/[。！？；;!?\n]/).some((sentence) =>
    [...sentence.matchAll(ZH_NUMBER)].some((m) => nouns.some((noun) => {
      const at = m.index!;
      return sentence.slice(at + 1, at + 1 + AFTER_NUMBER + noun.length).includes(noun) || sentence.slice(Math.max(0, at - BEFORE_NUMBER - noun.length), at).includes(noun);
    })));
}

/**
 * A who-is-the-role question translated from English, whose question word carries the office asked (「谁校长 南宁市 …」 for "Who
 * is the principal of Nanning No. 2 Middle School?", retrieve/translate.ts): whether the folded text names that office. A
 * sentence naming a student of the school names no principal. Undefined for other questions.
 */
export function holdsTranslatedOffice(translatedQuestion: string, foldedText: string): boolean | undefined {
  const office = new RegExp(`^谁(${OFFICE_NOUN.source})`).exec(translatedQuestion);
  return office ? foldedText.includes(office[1]) : undefined;
}

/**
 * jieba's tags of who may answer a who-question: a person's name (nr; nrt transliterated, nrfg well known), an organisation (nt),
 * and the names it does not know (x: 托帕/x 洛夫/nrt, 成公英; nz: 蒙代尔). Who answers is a person's name by nr alone in the
 * sentence of 35 of CMRC 2018 trial's 60 who-questions' gold answers and 214 of DRCD test's 255; with these and the two
 * patterns below, 56 and 248 (the rest: offices and groups, 总理, 君主, 外省人).
 */
const AGENT_TAG = /^(?:nr\w*|nt|x|nz)$/;
/** jieba's tags of a person's name alone. */
const PERSON_TAG = /^nr/;
/** A transliterated name written with a middle dot between its parts (乔治·梅森), which jieba may cut into words of other kinds. */
const DOTTED_NAME = /\p{Script=Han}[·・•‧．]\p{Script=Han}/u;
/** A name written in Latin letters inside Chinese text (Kampon Tansacha, Konami), read on the raw text. */
const LATIN_NAME = /\b\p{Lu}\p{Ll}+/u;
/** Sentence ends in Chinese text (and in English quoted inside it), for a name and the question's words to be read together. */
const ZH_SENTENCE = /[。！？；;!?\n]/;

/**
 * A who-question translated from English (「谁发现 芙蓉 洞穴」 for "Who discovered Furong Cave?", retrieve/translate.ts): whether
 * a sentence of the raw Chinese text names who may answer it (AGENT_TAG: a person, an organisation, a name jieba does not know;
 * a dotted or Latin name), of two characters or more, beside one of the question's own words (`asked`: the translation's words
 * and their alternatives, names left out). A text about the cave that says when it was found, 「芙蓉洞于1993被发现」, names no
 * finder; the scored words match it well all the same. Undefined for other questions, for a whose-question (谁的: troops, a
 * country's) and for one whose only words are names ("Who is Luo Baoming?" asks what he is, not a name). `personOnly`: a
 * person's name alone (nr, dotted) counts, for choosing among excerpts that all name someone.
 */
export function namesTranslatedAgent(translatedQuestion: string, rawText: string, asked: readonly string[], fold: (s: string) => string, tag: Tagger, personOnly = false): boolean | undefined {
  if (!/^谁(?!的)/.test(translatedQuestion) || asked.length === 0) return undefined;
  return rawText.split(ZH_SENTENCE).some((sentence) => {
    const folded = fold(sentence);
    if (!asked.some((w) => folded.includes(w))) return false;
    if (DOTTED_NAME.test(sentence)) return true;
    if (!personOnly && LATIN_NAME.test(sentence)) return true;
    return tag(sentence).some((t) => (personOnly ? PERSON_TAG : AGENT_TAG).test(t.tag) && /^\p{Script=Han}{2,}$/u.test(t.word));
  });
}

/** A Han character: a question holding none is English (the agent rule leaves Chinese questions as they were). */
const HAN = /\p{Script=Han}/u;

/**
 * A question asking who holds an office (「马克思主义学院的院长是谁？」, "Who is the president of X?"): the office. Creators
 * (作者, 导演) are left out: texts name them with a verb (著, 执导) rather than the noun.
 */
const OFFICE_ASKED = new RegExp(`(${OFFICE_NOUN.source})(?:是|为|乃)(?:谁|哪位|何人|什么人)$|^who (?:is|was|are|were) (?:the )?(?:current |first |present )?(president|chair(?:man|woman|person)?|director|minister|secretary|manager|mayor|governor|ceo|principal|dean|editor|captain|coach)\\b`);

/**
 * "Who was Alan Turing's doctoral advisor at Princeton?", "Who was the senior programmer at Demos?": an English who-is question
 * asking who stands in a relation to someone, named by its noun (the last of at most three words after "the" or the
 * possessive, before a preposition, a relative word or the end).
 */
const RELATION_ASKED = /^who (?:is|was|are|were) (?:the |(?!(?:behind|in|at|on|for|from|with|by|to|of|after|before|going|named|called)\b)[\p{L}\d.' -]+?'s? )(?:[a-z-]+ ){0,2}?([a-z]{3,})(?: (?:of|at|in|on|for|from|to|with|between|during|who|that|which|whom)\b.*)?$/u;

/** The root a relation noun shares with its verb: advisor → advis (advised), programmer → program, leader → lead (led). */
function relationRoot(noun: string): string {
  const stem = englishStem(noun);
  return stem.length > 5 ? stem.replace(/(?:er|or|ist)$/, "") : stem;
}

/** Whether the folded text names the office a who-holds-it question asks about; undefined for other questions. */
export function statesOffice(foldedQuestion: string, foldedText: string): boolean | undefined {
  const question = foldedQuestion.replace(/[？?！!。.\s]+$/u, "");
  const office = OFFICE_ASKED.exec(question);
  if (!office) {
    const relation = RELATION_ASKED.exec(question);
    if (!relation || writtenLang(foldedText) !== "en") return undefined;
    const root = relationRoot(relation[1]);
    return [root, ...irregularVariants(root)].some((form) => hasEnglishWord(foldedText, form));
  }
  const noun = office[1] ?? office[2];
  return office[1] ? foldedText.includes(noun) : new RegExp(`\\b${noun}`).test(foldedText);
}

/**
 * "How many vacuum tubes did ENIAC contain?": the words after "how many" (past "of the"), up to an auxiliary, a
 * preposition or the end — the counted noun is among the first two ("vacuum tubes", "people" of "people live in Oslo").
 */
const HOW_MANY = /^how many (?:of (?:the |these |those |its |their )?)?([a-z0-9'-]+)(?: ([a-z0-9'-]+))?/;
/** Words that end the counted noun phrase. */
const NOT_NOUN = /^(?:did|do|does|are|were|is|was|have|has|had|can|could|will|would|may|might|must|should|shall|there|in|on|at|of|by|for|to|from|with|that|which|who)$/;
/** How many words may stand between a number and the noun it counts ("92 \"orders\"", "2300 on the Intel 4004 … transistors"). */
const EN_REACH = 5;
const EN_NUMBER = `(?:\\d[\\d,.]*|(?:${NUMBER_WORDS}))`;

/**
 * Whether folded English text counts the noun a how-many question asks about: a number within EN_REACH words of one of
 * the noun phrase's words, after it ("17,468 vacuum tubes") or before it ("tubes: 17,468"). Undefined for other questions.
 */
export function statesCountEn(foldedQuestion: string, foldedText: string): boolean | undefined {
  const asked = HOW_MANY.exec(foldedQuestion.trim());
  // Over Chinese evidence (a translated question) the count is read by the translation's words, not these.
  if (!asked || writtenLang(foldedText) !== "en") return undefined;
  const phrase = [asked[1], asked[2]].filter((w): w is string => w !== undefined && !NOT_NOUN.test(w));
  // "How many times": answered by once, twice or a count of times, which needs no noun.
  if (phrase.length === 0 || NOT_NOUN.test(asked[1]) || englishStem(asked[1]) === "time") return undefined;
  const stems = phrase.slice(0, NOT_NOUN.test(asked[2] ?? "of") ? 1 : 2).map(englishStem).filter((w) => w.length >= 3);
  if (stems.length === 0) return undefined;
  return numberNear(stems, foldedText) || countsPassive(foldedQuestion, foldedText);
}

/** A how-many question's passive predicate at its end: "… were ever made?" → made. */
const PASSIVE_ASKED = /\b(?:were|was|are|is|have been|has been|had been)\s+(?:[a-z]+ly\s+|ever\s+|still\s+)?([a-z]+(?:ed|en|t|de|ng|wn|un))\s*[?.!]?\s*$/;

/**
 * Whether folded English text states the count as the subject of the question's own passive verb, the noun left out: "only one
 * was ever made" for "How many F-1 machines were ever made?" (the sentence names the machine before, "The F-1 was the fastest
 * PDP-10 ever built, but only one was ever made").
 */
function countsPassive(foldedQuestion: string, foldedText: string): boolean {
  const verb = PASSIVE_ASKED.exec(foldedQuestion.trim())?.[1];
  if (!verb) return false;
  return new RegExp(`\\b${EN_NUMBER}\\s+(?:of them\\s+)?(?:were|was|are|is|have been|has been|had been)\\s+(?:[a-z]+ly\\s+|ever\\s+|still\\s+)?${verb}\\b`).test(withoutDates(foldedText));
}

/** Whether folded English text has a number within EN_REACH words of a word of one of these stems, after it or before it. */
function numberNear(stems: string[], foldedText: string): boolean {
  const words = `(?:[^\\s.;!?]+\\s+){0,${EN_REACH}}`;
  // The stemmer's -ies → -y: "laboratory" is written "laboratories".
  const nouns = stems.map((h) => `${h.endsWith("y") ? `(?:${h}|${h.slice(0, -1)}ie)` : h}\\w*`).join("|");
  // A number joined to a word by a hyphen is part of a name ("TOPS-20", "Kr-85"), and one after "version" or "release" names
  // the version ("Puzzle Collection, version 20230122"): neither is a count or a measure.
  const near = new RegExp(`(?<![\\p{L}\\d]-|\\b(?:version|release|v)\\s*)\\b${EN_NUMBER}\\W+${words}["'“‘({\\[]*(${nouns})|\\b(${nouns})\\W+${words}(?<![\\p{L}\\d]-|\\b(?:version|release|v)\\s*)${EN_NUMBER}\\b`, "gu");
  // A word hyphenated at a line end is read whole ("21,000 kilo-\n metres").
  for (const m of withoutDates(foldedText.replace(/-\n\s*/g, "")).matchAll(near)) if (stems.some((h) => hasEnglishWord(m[1] ?? m[2], h))) return true;
  return false;
}

/**
 * "What is the boiling point of argon?", "What was the clock speed of the Intel 4004?", "Which version of PostgreSQL …?":
 * an English question asking a measure of something, answered by a number. The measure's noun follows what/which and
 * at most two words ("the maximum cable length").
 */
const QUANTITY_ASKED = /^(?:what|which) (?:(?:is|was|are|were) (?:the |its |their )?)?(?:[a-z-]+ ){0,2}?(population|size|speed|length|weight|mass|height|width|depth|distance|temperature|point|density|price|cost|capacity|frequency|version|half-life|diameter|area|radius|limit)\b/;

/** A version number: digits with a dot ("3.0", "0.29.1"). */
const VERSION_NUMBER = /\b\d+\.\d+/;

/**
 * Whether folded English text gives a number for the measure a what-is-the-measure question asks (within EN_REACH words of
 * its noun): "Lowest boiling point of all elements" gives none. Undefined for other questions.
 */
export function statesQuantityEn(foldedQuestion: string, foldedText: string): boolean | undefined {
  const asked = QUANTITY_ASKED.exec(foldedQuestion.trim());
  if (!asked || writtenLang(foldedText) !== "en") return undefined;
  // A version is written after its product's name rather than the word ("introduced in Python 3.0").
  return numberNear([englishStem(asked[1])], foldedText) || (asked[1] === "version" && VERSION_NUMBER.test(foldedText));
}

/** "What is the atomic number of iodine?": the thing an English what-is-the-X-of-Y question is about, its last word. */
const OF_SUBJECT = /^(?:what|which|who|where|when|how)\b.*\bof (?:the |a |an )?([\p{L}\d][\p{L}\d-]*)\s*[?.!]?$/u;

/**
 * Whether the folded document an English answer comes from holds the thing a "… of Y?" question asks about: an element
 * with no article is answered from a sibling's section ("Atomic number: 10" under neon for iodine), and the name check
 * reads only capitalised names. Undefined for other questions.
 */
export function holdsOfSubjectEn(foldedQuestion: string, foldedDocument: string | (() => string)): boolean | undefined {
  const asked = OF_SUBJECT.exec(foldedQuestion.trim());
  if (!asked) return undefined;
  const document = typeof foldedDocument === "string" ? foldedDocument : foldedDocument();
  if (writtenLang(document) !== "en") return undefined;
  return hasEnglishWord(document, englishStem(asked[1]));
}

/** "What was the name of the MIT hacker who broke his leg?": an English question asking a name. */
const NAME_ASKED = /^what (?:is|was|are|were) the names? of\b/;
/** A capitalised word that opens no sentence or clause (a stop, a colon or a line's start before it). */
const INNER_CAPITAL = /(?<![.!?:;]\s*|^\s*|\n\s*)\b\p{Lu}[\p{L}\d'-]*/gu;

/**
 * Whether raw English text gives a name the question does not already hold, for a question asking a name: a capitalised
 * word inside a sentence ("Mabel, the swimming wonder monkey", "toolkit, Tk") or a quoted term. "One day an MIT hacker
 * … broke his leg" names nobody. Undefined for other questions.
 */
export function givesNameEn(foldedQuestion: string, rawText: string, fold: (s: string) => string): boolean | undefined {
  if (!NAME_ASKED.test(foldedQuestion.trim()) || writtenLang(rawText) !== "en") return undefined;
  if (/["“‘{]\s*\p{L}/u.test(rawText)) return true;
  return [...rawText.matchAll(INNER_CAPITAL)].some((m) => !hasEnglishWord(foldedQuestion, englishStem(fold(m[0]))));
}

/** "Which university did Linus Torvalds attend?": an English question asking which university, college or school. */
const SCHOOL_ASKED = /^(?:(?:at|from|in|to) )?(?:which|what) (?:university|universities|college|colleges|school|schools)\b/;
/** What names a university, college or school: the noun in its name ("Purdue University", "the Moore School"), or a near kind. */
const SCHOOL_STATED = /\b(?:universit|college|school|polytechnic|institut|academ)/;

/**
 * Whether folded English text names the kind of place a which-university question asks for: a university's name holds the
 * word, and a text that names the person without one ("created by Linus Torvalds and friends") does not say where he
 * studied. Undefined for other questions. (Which institute is left out: "Stichting Mathematisch Centrum" is one.)
 */
export function statesSchoolEn(foldedQuestion: string, foldedText: string): boolean | undefined {
  if (!SCHOOL_ASKED.test(foldedQuestion.trim()) || writtenLang(foldedText) !== "en") return undefined;
  return SCHOOL_STATED.test(foldedText);
}

/** What an English answer's checks read beyond the cited text: its best excerpt as written, and its document. */
export interface EnglishEvidence {
  /** The best excerpt's raw text (capitals tell a name: givesNameEn). */
  excerpt: string;
  /** The folded text of the best excerpt's document (holdsOfSubjectEn), made only when a question needs it. */
  document: () => string;
  /** The excerpt is a table row read with its header ("France,Paris,68000000" under "name,capital,population"). */
  tableRow: boolean;
  fold: (text: string) => string;
}

/**
 * Whether the folded evidence states the kind of fact the folded question asks for (a count of its kind, an event's time or
 * place, the office asked about; for an English question, `english`, also a measure's number, the Y of "… of Y?" in the
 * document and a name for what-is-the-name-of); true when no check applies.
 */
export function statesAskedFact(foldedQuestion: string, foldedEvidence: string, english?: EnglishEvidence): boolean {
  const holds = statesCount(foldedQuestion, foldedEvidence) !== false && statesYear(foldedQuestion, foldedEvidence) !== false && statesCountEn(foldedQuestion, foldedEvidence) !== false && statesEvent(foldedQuestion, foldedEvidence) !== false
    && statesOffice(foldedQuestion, foldedEvidence) !== false && statesSchoolEn(foldedQuestion, foldedEvidence) !== false;
  if (!holds || !english) return holds;
  // A table row's measure is named by its header, not beside its number.
  return (english.tableRow || statesQuantityEn(foldedQuestion, foldedEvidence) !== false)
    && holdsOfSubjectEn(foldedQuestion, english.document) !== false
    && givesNameEn(foldedQuestion, english.excerpt, english.fold) !== false;
}
