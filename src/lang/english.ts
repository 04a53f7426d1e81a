import { createRequire } from "node:module";
import { STOP_WORDS } from "./stopwords.js";

/**
 * English in one place: the stemmer the index and the questions share, how an English word is
 * found in English text, and what an English answer of each kind looks like (a number, a time or
 * a condition, a name, a place), for the evidence's type check.
 */

/** A light English suffix stripper (plurals, -ing, -ed): enough to match "schools" with "school". Index terms depend on it: change it only with the index format. */
export function englishStem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y";
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (word.endsWith("ing") && word.length > 5) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 4) return word.slice(0, -2);
  if (word.endsWith("es") && /(sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) return word.slice(0, -1);
  return word;
}

/**
 * Forms of irregular verbs that are as often another word (founded a company, turn left, a saw, the ground, a wound, a rose,
 * a spoke …, and the modal verbs): neither expanded in a question nor looked for in the text.
 */
const HOMOGRAPHS: ReadonlySet<string> = new Set(["found", "left", "saw", "ground", "wound", "rose", "spoke", "fell", "felt", "lay", "lie", "bore", "bit", "lit", "will", "can", "may", "must", "might", "shall", "tore", "dove", "stole", "bound", "hung"]);

/** Stemmed form → the stemmed forms of its irregular verb (write → wrote, written), read once from english-verbs-irregular (Apache-2.0). */
let irregular: Map<string, string[]> | undefined;

function irregularForms(): Map<string, string[]> {
  if (irregular) return irregular;
  const verbs = createRequire(import.meta.url)("english-verbs-irregular/dist/verbs.json") as Record<string, string[][]>;
  irregular = new Map();
  for (const [base, pairs] of Object.entries(verbs)) {
    const family = [...new Set([base, ...pairs.flat()].filter((w) => /^[a-z]+$/.test(w)).map(englishStem))].filter((f) => !HOMOGRAPHS.has(f));
    for (const form of family) {
      const others = family.filter((f) => f !== form);
      if (others.length) irregular.set(form, [...new Set([...(irregular.get(form) ?? []), ...others])]);
    }
  }
  return irregular;
}

/**
 * The other forms of an English question word's irregular verb, stemmed ("wrote" → write, written; "led" → lead): the text
 * says "written by", the question asks who wrote. Empty for other words and for HOMOGRAPHS.
 */
export function irregularVariants(stem: string): readonly string[] {
  const forms = irregularForms();
  const own = forms.get(stem);
  if (own) return own;
  // A prefixed verb inflects as its root: rewrote → rewrite, rewritten; overtook → overtake.
  const prefix = /^(re|un|over|under|out|mis|co|with)(?=[a-z]{3})/.exec(stem)?.[1];
  return prefix ? (forms.get(stem.slice(prefix.length)) ?? []).map((f) => prefix + f) : [];
}

/** British and American spellings of a stem ("organis" ↔ "organiz", "colour" ↔ "color", "centre" ↔ "center", "defence" ↔ "defense", "travell" ↔ "travel"). */
export function spellingVariants(stem: string): string[] {
  const out = new Set<string>();
  const swap = (from: RegExp, to: string) => {
    if (from.test(stem)) out.add(stem.replace(from, to));
  };
  swap(/(?<=[a-z]{2})is(?=e|ation|ing|ed|er|m|t)?$|(?<=[a-z]{2})is(?=ation)/, "iz");
  swap(/(?<=[a-z]{2})iz(?=e|ation|ing|ed|er)?$|(?<=[a-z]{2})iz(?=ation)/, "is");
  swap(/(?<=[a-z]{2})our(?=s|ed|ing|ful|ite|able)?$/, "or");
  swap(/(?<=[a-z]{3})or(?=s|ed|ing|ful|ite|able)?$/, "our");
  swap(/(?<=[a-z]{3})tre$/, "ter");
  swap(/(?<=[a-z]{3})ter$/, "tre");
  swap(/(?<=[a-z]{2})ence$/, "ense");
  swap(/(?<=[a-z]{2})ense$/, "ence");
  swap(/(?<=[a-z]{3}[aeo])ll$/, "l");
  swap(/(?<=[a-z]{2})ogue$/, "og");
  out.delete(stem);
  return [...out];
}

/** The content words of English text, lower-case and stemmed (numbers kept), in order: what a question asks about. */
export function englishContentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+|\d+(?:\.\d+)?/g) ?? []).filter((w) => !STOP_WORDS.has(w)).map(englishStem);
}

const LETTER = /[a-z\u00c0-\u024f]/;

/**
 * Whether folded (lower-case) text holds a stemmed English word as the start of a word: "school"
 * in "schools", "execut" in "executed", "university" in "universities" (the stemmer's -ies → -y);
 * never inside another word ("art" in "start").
 */
export function hasEnglishWord(folded: string, stem: string): boolean {
  const forms = stem.endsWith("y") && stem.length > 3 ? [stem, stem.slice(0, -1) + "ie"] : [stem];
  for (const form of forms) {
    for (let at = folded.indexOf(form); at !== -1; at = folded.indexOf(form, at + 1)) {
      if (at === 0 || !LETTER.test(folded[at - 1])) return true;
    }
  }
  return false;
}

/** Counting words (and "once", "twice"): an English quantity need not be written in digits. */
export const NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|once|twice|thrice|several|half";

/** The months, as English writes them (one home for every pattern that reads a date or a name). */
export const MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December";
/** Their abbreviations, written with a full stop ("Sept. 12, 2004", "Jan. 2001"). */
export const MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec";
/** The months on folded (lower-case) text, abbreviations with their full stop. */
export const MONTH = `${MONTH_NAMES.toLowerCase()}|(?:${MONTH_ABBREVIATIONS.toLowerCase()})\\.`;

/** A capitalised word of a name: "Ritchie", and those with a second capital ("McCarthy", "MacArthur", "DeWitt", "O'Brien"). */
const NAME_WORD = "(?:\\p{Lu}')?\\p{Lu}\\p{Ll}*\\p{Lu}?\\p{Ll}+";

/** A date in digits: day, month and year with slashes ("01/06/94", either order), or ISO ("2004-04-26"). */
const NUMERIC_DATE = String.raw`\b\d{1,2}/\d{1,2}/(?:\d{2}|\d{4})\b|\b\d{4}-\d{2}-\d{2}\b`;

/**
 * A year before 1000 on folded text: of an era, of any length ("753 bc", "around 500 ad", "300 bce", "a.d. 43"), or of three digits
 * after a preposition of time and before no noun ("in 476, the empire …", "until 843 when …"; not "in 300 pages").
 */
export const ERA_YEAR = String.raw`\b\d{1,4}\s*(?:bce?|ce|ad|b\.c\.(?:e\.)?|a\.d\.)(?![a-z0-9])|\ba\.d\.\s*\d{1,4}\b|\b(?:in|by|around|circa|until|till|from|since)\s+\d{3}(?=\s*[,.;:)]|\s*$|\s+(?:the|a|an|and|or|when|he|she|they|it|his|her|their|its)\b)`;

/**
 * What an English answer of each kind looks like. On folded text: a quantity (digits or a counting
 * word), a time (a year — of an era too, "753 BC" —, a month, a date — also in digits, "01/06/94", "2004-04-26" —, a decade or century, a version, a clock time ("at nine", "5 pm"), or — since "when" also asks
 * under which condition — a clause opened by when, if, after, before, until, once, while or since).
 * On the original text (capitals matter): a person (two or more capitalised words or initials before a capitalised word: "Guido van
 * Rossum", "John McCarthy", "J. Presper Eckert") and a place (a capitalised name or an acronym after in, at, from, to or near, perhaps
 * in braces or quotes: "at MIT", "at the {Center for European Particle Research}"; see also offersEnglish).
 */
export const ENGLISH_TYPE_PATTERNS = Object.freeze({
  quantity: new RegExp(`\\d|\\b(?:${NUMBER_WORDS})\\b`),
  time: new RegExp(String.raw`\b1\d{3}s?\b|\b20\d{2}s?\b|\b(?:${MONTH}|century|centuries|decade|decades|version|today|yesterday)\b|\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)|\bat (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midnight)\b|\b(?:when|whenever|if|after|before|until|once|while|since|during|prior)\b|${NUMERIC_DATE}|${ERA_YEAR}`),
  person: new RegExp(`(?<![\\p{L}\\p{N}])(?:(?:${NAME_WORD}|\\p{Lu}\\.)\\s+(?:(?:van|von|de|der|da|di|del|le|la|du|bin|al)\\s+)?)+${NAME_WORD}(?![\\p{L}\\p{N}])`, "u"),
  place: /\b(?:in|at|from|to|near|into)\s+(?:the\s+)?[{"“]?(?:\p{Lu}\p{Ll}+|\p{Lu}{2,}\b)/u,
});


const YEAR = "(?:1\\d{3}|20\\d{2})";

/**
 * A date or a year in folded text: "august 16th, 1993", "5th of july", "july 2019", "in 1995", "(1996)", "the 1990s", "01/06/94", a clock time "08:00", an ordinal "the 5th" (an ordinal is no count either, nor a list item's number "1." opening a line).
 * A bare four-digit number is a year only after a preposition or a bracket: "over 1500 packages" is a count.
 */
const DATE = new RegExp([
  `\\b(?:${MONTH})\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+${YEAR}\\b)?`,
  `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTH})\\b(?:,?\\s+${YEAR}\\b)?`,
  `\\b(?:${MONTH})\\s+${YEAR}\\b`,
  `(?:(?<=\\b(?:in|since|until|till|during|from|to|by|around|circa|early|late|mid)\\s+)|(?<=\\())${YEAR}\\b`,
  `\\b${YEAR}s\\b`,
  `\\b\\d{1,2}:\\d{2}\\b`,
  `\\b\\d+(?:st|nd|rd|th)\\b`,
  NUMERIC_DATE,
  ERA_YEAR,
  // A list item's number opening a line ("1. The context expression …"): it numbers the item, it counts nothing.
  `(?<=^|\\n)[ \\t]*\\d{1,2}[.)](?=[ \\t])`,
].join("|"), "g");

/**
 * Folded text with its dates, years and ordinals blanked (same length): a year or a day of the month is no count, so "How many
 * developers worked on Debian 10?" is not answered by "Debian 10 Buster (July 2019)".
 */
export function withoutDates(folded: string): string {
  return folded.replace(DATE, (m) => " ".repeat(m.length));
}

/** A place named by its institution, with or without a preposition before it: "the University of Twente", "Purdue University". */
const INSTITUTION = /\b(?:University|College|Institute|Laboratory|Hospital|Museum|Library|Observatory|Airport|Harbour|Harbor|Port|Castle|Palace|Cathedral) of \p{Lu}\p{Ll}+|(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+ (?:University|College|Institute|Airport|Cathedral|Castle|Palace)\b/u;

/** Where on the network: an e-mail address, a URL or a host name ("report bugs to anakin@pobox.com", "at floodit.appspot.com"). */
const ADDRESS = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\bhttps?:\/\/\S|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|int|io|uk|de|fr|nl|jp|cn)\b/;

/**
 * Where in a text or a program: in, into or inside something named in quotes or braces, at most three words on ("preserved in the
 * new class's "__dict__"", "stored in the {kernel}"), as documentation names its places.
 */
const NAMED_CONTAINER = /\b(?:in|into|inside|within|under)\s+(?:[\p{L}’'-]+\s+){0,3}["“‘{]\S/u;

/** A position in an order ("must be last", "comes first in the list", "at the end of the list"): where in a sequence; not "the last release". */
const POSITION = /\b(?:be|is|are|was|were|come|comes|came|go|goes|went|appear|appears|placed|put|stand|stands)\s+(?:first|last)(?=\s*[.,;:!?)]|\s*$|\s+(?:in|of|on|at|among|and|or|when|if)\b)|\bat the (?:end|beginning|start|top|bottom|front|back|head|tail)\b/;

/**
 * Where on the land, named by its kind rather than its name: "in the north of the island", "along the coast", "in the mountains of
 * the interior" — a preposition of place and, at most two words on, a noun of geography.
 */
const LAND = /\b(?:in|on|at|along|near|across|throughout|around|over|into|from|to)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[a-z-]+\s+){0,2}?(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|northern|southern|eastern|western|interior|coast|coasts|shore|shores|island|islands|river|rivers|mountains?|hills|valley|valleys|region|regions|plains?|desert|deserts|sea|seas|ocean|lake|lakes|forests?|basin|peninsula|highlands|lowlands|delta|steppes?|archipelago|mainland|continent|bay|gulf|strait)\b/;

/** Kinds of English answer the evidence must visibly offer. */
export type EnglishTyped = keyof typeof ENGLISH_TYPE_PATTERNS | "money";

/** Words that make a run of capitalised words an organisation, a document or a thing, not a person. */
const NOT_A_PERSON = /\b(?:Foundation|Corporation|Company|Inc|Ltd|Institute|University|College|School|Centrum|Center|Centre|Initiatives?|Property|Software|Team|Labs?|Group|Association|Society|Organi[sz]ation|Committee|Council|Department|Ministry|Agency|Bureau|Museum|Library|Project|Standard|Definition|License|Licence|Act|Language|Database|Model|System|Python|Unicode|Open|Source|Intellectual|National|Research|Digital)\b/;

/** Persons' names in the original text, in order: runs of two or more capitalised words that do not name an organisation or a thing. */
export function personNames(raw: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of raw.matchAll(new RegExp(ENGLISH_TYPE_PATTERNS.person.source, "gu"))) {
    // A sentence may open with a capitalised function word before a name ("During August", "After Ada Lovelace", "All Lisp").
    const opener = SENTENCE_OPENER.exec(m[0]);
    const start = m.index! + (opener ? opener[0].length : 0);
    const name = raw.slice(start, m.index! + m[0].length);
    if (!NOT_A_PERSON.test(name) && ENGLISH_TYPE_PATTERNS.person.test(name)) out.push({ start, end: start + name.length });
  }
  return out;
}

/** Capitalised function words that open sentences and are no part of a name. */
const SENTENCE_OPENER = /^(?:The|A|An|In|On|At|By|For|From|With|Of|To|As|And|But|Or|So|If|When|Where|While|After|Before|During|Since|Until|Unlike|Like|Although|Because|Following|Despite|Among|Between|All|Both|Each|Every|Many|Most|Some|Several|Later|Then|Thus|However|Also|Even|Only|Other|Another|Such|This|That|These|Those|It|Its|He|His|She|Her|They|Their|We|Our|My|Your|Not|No)\s+/;

function hasPersonName(raw: string): boolean {
  return personNames(raw).length > 0 || [...raw.matchAll(RULER)].some((m) => !NOT_A_RULER.test(m[1]) && !NOT_A_PERSON.test(m[1]) && !SENTENCE_OPENER.test(`${m[1]} `));
}

/** A ruler's name: a name and a regnal number or an epithet ("Ramesses II", "Louis XIV", "Alexander the Great", "Charles the Bald"). */
const RULER = /(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}+)\s+(?:[IVX]{1,6}(?![\p{L}\p{N}])|the\s+\p{Lu}\p{Ll}+)/gu;
/** Words numbered like rulers that are not names: parts of texts, wars, machines ("Chapter IV", "World War II", "Mark II"). */
const NOT_A_RULER = /^(?:Chapter|Part|Book|Volume|Act|Scene|Section|Article|Title|Appendix|Table|Figure|Phase|Stage|Type|Class|Mark|Model|Series|Version|War|Vatican|Apollo|Gemini|Saturn)$/;

/**
 * A name of one word standing beside the question's own words (blanked in the text the type check reads): a capitalised
 * word or an acronym, with no capitalised word beside it (personNames and ORGANISATION read longer names), opening a sentence right before
 * them — the subject of the question's predicate ("Guido remains Python's principal author" for "Who remains Python's principal
 * author?") — or after them and to, by, from or with (perhaps one word between), its object ("sold its computer business to Bull", "Credit for this
 * puzzle goes to Nikoli", "named by the ancient Greeks"); a people opening a sentence after "The" likewise ("The Greeks named it
 * …"). Any capitalised word elsewhere in the sentence (a language, a machine: "written in SAIL to run on a
 * PDP-10") is no answer to who did what the question says.
 */
const ONE_WORD = /(?<![\p{L}\p{N}'’-])\p{Lu}(?:\p{Ll}+|\p{Lu}+)(?=(?:['’]s)?(?![\p{L}\p{N}'’-]))/gu;

function hasOneWordName(raw: string): boolean {
  for (const m of raw.matchAll(ONE_WORD)) {
    const word = m[0];
    if (word === "I" || NOT_A_PERSON.test(word) || NOT_A_NAME.test(word) || SENTENCE_OPENER.test(`${word} `)) continue;
    const before = raw.slice(Math.max(0, m.index! - 60), m.index);
    const after = raw.slice(m.index! + word.length, m.index! + word.length + 60);
    // Standing alone: a capitalised word beside it makes a longer name (personNames, ORGANISATION) or a title.
    // "The" before a plural is a people's ("The Greeks named it"), before a singular a modifier's ("The Web servers").
    const bare = word.endsWith("s") ? before.replace(/(?:^|(?<=[\s.!?;:]))The\s+$/, "") : before;
    if (/\p{Lu}[\p{L}.]*[ \t]*\n?[ \t]*$/u.test(bare) || /^(?:['’]s)?[ \t]*\n?[ \t]*\p{Lu}/u.test(after)) continue;
    const object = / {3,}\S{0,3}(?:\s+\p{Ll}+)?\s+(?:to|by|from|with)\s+(?:the\s+)?(?:\p{Ll}+\s+)?$/u.test(before);
    const subject = /(?:^|[.!?;:]\s+|\n[ \t]*\n\s*)$/.test(bare) && /^ {3,}/.test(after);
    if (object || subject) return true;
  }
  return false;
}

/**
 * Who did it, when an organisation did: capitalised words ending in a word that makes them one ("the CODASYL Committee",
 * "Sun Microsystems", "Bell Laboratories"), or a capitalised name or acronym as the agent of a passive ("funded by DARPA",
 * "controlled by Oracle") or before ", who" ("Oracle, who bought Sun Microsystems").
 */
const ORGANISATION = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}&.-]*(?:\s+\p{Lu}[\p{L}\p{N}&.-]*)*\s+(?:Foundation|Corporation|Company|Inc|Ltd|Institute|University|College|Labs?|Laboratories|Group|Association|Society|Organi[sz]ation|Committee|Council|Department|Ministry|Agency|Bureau|Consortium|Microsystems|Systems|Computers?|Software|Team|Navy|Army|Government|AB|AG|GmbH|SA|plc|PLC|LLC|Corp)\b|\bby\s+(?:the\s+)?\p{Lu}[\p{L}\p{N}&.-]+|(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}&.-]+,?\s+who\b/u;

/** A sum of money: a currency sign or name next to a number. */
const MONEY = /[$€£¥]\s?\d|\b\d[\d,.]*\s*(?:dollars|euros|pounds|yen|usd|eur|gbp|cents)\b|\b(?:usd|eur|gbp)\s?\d/;

/** "How much did it cost", "what salary": a how-much question about money wants a sum, not any number. */
const MONEY_QUESTION = /\b(?:pay|paid|cost|costs|price|priced|spend|spent|earn|earned|salary|salaries|wage|wages|money|fee|fees|budget|revenue)\b/;

/**
 * The kind of English answer a question wants, refined from its answer type: "money" for how-much questions about money; "how much
 * of" asks a share ("How much of their time do hackers spend in EMACS?" → "up to 80%"), never a sum.
 */
export function englishKind(question: string, type: "quantity" | "time" | "person" | "place"): EnglishTyped {
  const folded = question.toLowerCase();
  return (type === "quantity" || /\bwhat (?:salary|price|fee|wage)\b/.test(question)) && MONEY_QUESTION.test(folded) && !/\bhow much of\b/.test(folded) ? "money" : type;
}

/**
 * What a how-old or how-long question measures: an age ("How old were the participants?"), a duration ("How long did the
 * repainting take?") or, asked with is/was, a length or a duration ("How long is the main span?"). A count, a year or another
 * event's duration is no answer to it. Undefined for other questions.
 */
export function englishMeasure(question: string): "age" | "duration" | "length" | undefined {
  const folded = question.toLowerCase();
  if (/\bhow old\b/.test(folded)) return "age";
  const long = /\bhow long\s+([a-z]+)/.exec(folded);
  if (!long) return undefined;
  return /^(?:is|are|was|were)$/.test(long[1]) ? "length" : "duration";
}

/**
 * Whether English text offers the kind of answer: counting and time kinds on the folded text,
 * money on the folded text, persons and places on the original text (capitals matter).
 */
export function offersEnglish(kind: EnglishTyped, raw: string, folded: string): boolean {
  if (kind === "money") return MONEY.test(folded);
  if (kind === "person") return hasPersonName(raw) || ORGANISATION.test(raw) || hasOneWordName(raw);
  if (kind === "place") return ENGLISH_TYPE_PATTERNS.place.test(raw) || INSTITUTION.test(raw) || ADDRESS.test(raw) || NAMED_CONTAINER.test(raw) || POSITION.test(folded) || LAND.test(folded);
  return ENGLISH_TYPE_PATTERNS[kind].test(kind === "quantity" ? withoutDates(folded) : folded);
}

/** Capitalised words and acronyms of a question, in runs ("Linus Torvalds", "IBM PC", "TeX"); a run may join words with "of" or "&". */
const QUESTION_NAME = /(?<![\p{L}\p{N}_'])\p{Lu}[\p{L}\p{N}]*(?:[-.][\p{L}\p{N}]+)*(?:\s+(?:(?:of|&)\s+)?\p{Lu}[\p{L}\p{N}]*(?:[-.][\p{L}\p{N}]+)*)*/gu;

/** An acronym: two or more capitals and nothing else ("IBM", "BASIC"). */
const ACRONYM = /^\p{Lu}{2,}$/u;

/** Capitalised words that name no subject: months and days. */
const NOT_A_NAME = new RegExp(`^(?:${MONTH_NAMES}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$`);

/**
 * The names an English question asks about: runs of capitalised words and acronyms after its first word, and an acronym or a
 * word with an inner capital as its first word ("ENIAC had how many registers?", "TeX …"); a single letter ("I") is none.
 */
export function questionNames(question: string): string[] {
  const out: string[] = [];
  for (const m of question.matchAll(QUESTION_NAME)) {
    const first = question.slice(0, m.index).trim() === "" || /[.?!:]\s*$/.test(question.slice(0, m.index));
    if (first && !/^\S\S*\p{Lu}/u.test(m[0].split(/\s/)[0])) {
      const rest = m[0].replace(/^\S+\s*/, "");
      if (rest && /^\p{Lu}/u.test(rest) && !NOT_A_NAME.test(rest)) out.push(rest);
      continue;
    }
    if (m[0].length >= 2 && !NOT_A_NAME.test(m[0])) out.push(m[0]);
  }
  return out;
}

/** Small words an acronym's written-out form may hold between its words, at most two in a row ("Software in the Public Interest"). */
const ACRONYM_SMALL: ReadonlySet<string> = new Set(["of", "the", "in", "on", "and", "for", "to", "a", "de", "du", "la"]);

/**
 * Whether text (original case) writes out an acronym of two or more capitals: words whose capitals spell it in order —
 * each word its first capital ("Request For Comment" for RFC, "Multi-User Dungeon" for MUD) or all of them ("Tape Editor
 * and COrrector" for TECO, "Virtual Address eXtension" for VAX) — joined by spaces or hyphens, with at most two small
 * words between; every word holds a lower-case letter (an acronym beside another is not written out). False for other words.
 */
export function spellsOut(raw: string, acronym: string): boolean {
  if (!ACRONYM.test(acronym)) return false;
  const text = withoutAccents(raw);
  const words = [...text.matchAll(/\p{L}+/gu)];
  const joined = (i: number) => /^[\s-]+$/.test(text.slice(words[i - 1].index! + words[i - 1][0].length, words[i].index));
  const from = (i: number, k: number, smalls: number): boolean => {
    if (k === acronym.length) return true;
    if (i >= words.length || (k > 0 && !joined(i))) return false;
    const w = words[i][0];
    if (k > 0 && smalls < 2 && ACRONYM_SMALL.has(w) && from(i + 1, k, smalls + 1)) return true;
    // An acronym itself, or its plural ("RFCs"), writes nothing out.
    if (!/\p{Ll}/u.test(w.replace(/s$/, ""))) return false;
    const capitals = w.replace(/\P{Lu}/gu, "");
    if (w[0] === acronym[k] && from(i + 1, k + 1, 0)) return true;
    // All its capitals: more than one, or one inside the word ("eXtension").
    return capitals !== "" && capitals !== w[0] && acronym.startsWith(capitals, k) && from(i + 1, k + capitals.length, 0);
  };
  return words.some((w, i) => w[0][0] === acronym[0] && from(i, 0, 0));
}

/**
 * Whether text (original case) names a question's name: its words as one run of whole words, in any case, a plural or
 * possessive s allowed ("Debian-based" as Debian; "Ada" is not in "adage" or "Canada"; "Same Game" is not "the same game" …
 * apart), perhaps with one capitalised word inside ("the Debian Linux Manifesto" for "Debian Manifesto") or as its people's noun
 * ("a New Zealander" for "New Zealand"); a name with an acronym word by word ("Vice\nPresident … of SPI") — but an acronym in capitals or as a capitalised word ("UNIX" in
 * "Unix") or spelled out ("SPI" as "Software in the Public Interest"), never as a common word ("BASIC" is not "the basics").
 */
export function namesName(raw: string, name: string): boolean {
  raw = withoutAccents(raw);
  const folded = raw.toLowerCase();
  const tokens = withoutAccents(name).split(/\s+/).map((t) => t.replace(/-\p{Ll}.*$/u, ""));
  const whole = (pattern: string) => new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?:'?s)?(?![\\p{L}])`, "u").test(folded);
  // Without an acronym the name is one run of words ("Same Game" is not "the same … game"), perhaps with one capitalised word
  // inside it ("the Debian Linux Manifesto" names the Debian Manifesto) or its people's noun made of it ("a New Zealander").
  if (!tokens.some((t) => ACRONYM.test(t))) {
    if (whole(tokens.map((t) => escapeRegExp(t.toLowerCase())).join("\\s+"))) return true;
    const anyCase = (t: string) => [...escapeRegExp(t)].map((c) => (/\p{L}/u.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join("");
    const run = tokens.map(anyCase).join(`\\s+(?:${INSERTED_NAME_WORD}\\s+)?`);
    return new RegExp(`(?<![\\p{L}\\p{N}])${run}(?:'?s|${PEOPLE_SUFFIX})?(?![\\p{L}])`, "u").test(raw);
  }
  return tokens.filter((t) => t !== "of" && t !== "&").every((word) => {
    if (ACRONYM.test(word)) return new RegExp(`(?<![\\p{L}])(?:${word}|${word[0]}${word.slice(1).toLowerCase()})`, "u").test(raw) || spellsOut(raw, word);
    return whole(escapeRegExp(word.toLowerCase()));
  });
}

/** A capitalised word that may stand inside a name the question writes without it. */
const INSERTED_NAME_WORD = "\\p{Lu}[\\p{L}\\p{N}-]*";
/** Endings that make a place's name its people's noun or adjective (New Zealander, American, Japanese). */
const PEOPLE_SUFFIX = "ers?|ians?|ns?|ese";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Text with its accents taken off ("Beyoncé" → "Beyonce"): a question may write a name without them. */
function withoutAccents(text: string): string {
  return /[^\u0000-\u007f]/.test(text) ? text.normalize("NFD").replace(/\p{M}/gu, "") : text;
}
