import { amountQuestion, cameAboutQuestion, definitionQuestion, englishAmountQuestion, madeByQuestion, topicQuestion, usedForQuestion } from "./lang/messages.js";
import { splitSentences } from "./lang/sentences.js";
import type { Chunk } from "./types.js";

/** Questions made at most, from the first chunks that offer one: plenty to pick a few from. */
const CANDIDATES = 40;
/**
 * Chunks looked at, at most: a corpus whose chunks seldom offer a question was read whole on every /start and chat
 * start-up (~0.1 s cold at 25k chunks, ~0.8 s at 200k); its first chunks stand for it.
 */
const CHUNKS_SCANNED = 2000;
/** Sentences of a chunk looked at, from its start (a heading is one). */
const SENTENCES_SEARCHED = 3;

/**
 * A section topic: the phrase that opens a Chinese paragraph before a comma or colon, of Han characters only
 * (no year, figure or name in Latin letters), that names a field of work rather than stating something:
 * 「强化理论武装，…」 yes; 「上海市位于长江入海口，…」, 「今年以来，…」, 「其中，…」 no.
 */
const TOPIC = /^(\p{Script=Han}{4,16})[，,：:]/u;
const NOT_A_TOPIC = /是|为|位于|有|在|了|着|过|将|已|被|把|于|由|从|对|向|与|和|及|我|你|他|她|它|本|该|这|那|其|此|年|月|日|以来|期间|目前|同时|此外|首先|其次|最后|另外|总之|因此|所以|但|然而|如果|虽然|通过|根据|按照|围绕|经过|随着/u;

/**
 * A Chinese sentence that opens with what it measures, a verb of amount and a figure: 「全年营业收入为8.6亿元，…」
 * asks 「全年营业收入为多少？」. Not when the subject is a pronoun or holds a statement of its own (是, 有, 了).
 */
const AMOUNT = /^(\p{Script=Han}{2,12}?)(约为|达到|共计|为|达)\d/u;
const NOT_A_SUBJECT = /^(?:其|该|这|此|它|本|那)|是|有|了|的是/u;

/**
 * The English noun phrase a sentence opens with, as a question can repeat it: an article and up to four lower-case
 * words or quoted names ("A class definition", "The "for" statement"), or a bare plural ("Exceptions"); not a
 * pronoun, a name or a clause ("It", "Python", "If a name is bound").
 */
const EN_TERM = String.raw`(?:(?:A|An|The) (?:[a-z][a-z-]*|["“][^"”\s]{1,30}["”])(?: (?:[a-z][a-z-]*|["“][^"”\s]{1,30}["”])){0,3}|(?!This\b)[A-Z][a-z]*[a-rt-z]s)`;

/** A sentence that defines a term: "A class definition is an executable statement." asks "What is a class definition?". */
const DEFINITION = new RegExp(String.raw`^(${EN_TERM}) (is|are) (?:a|an|the|one)\b`);

/** A sentence that says what a thing is for: 'The "for" statement is used to iterate …' asks 'What is the "for" statement used for?'. */
const USED_FOR = new RegExp(String.raw`^(${EN_TERM}) (is|are) used to\b`);

/** A name, as a document writes it: capitalised words ("Python", "Zope Corporation"), or "the" and them. */
const EN_NAME = String.raw`(?:[Tt]he )?[A-Z][A-Za-z0-9-]*(?: [A-Z][A-Za-z0-9-]*){0,4}`;

/** Who made a thing: "Python was created in the early 1990s by Guido van Rossum" asks "Who created Python?". */
const MADE_BY = new RegExp(String.raw`^(${EN_NAME}) was (created|founded|designed|developed|invented|written|built|established|started) [^.;:]{0,80}?\bby [A-Z]`);

/** When a thing came about: "In 2001, the Python Software Foundation (PSF) was formed" asks "When was the Python Software Foundation formed?". */
const CAME_ABOUT = new RegExp(String.raw`^In (?:[A-Z][a-z]+ )?\d{4}, (${EN_NAME})(?: \([^)]{0,80}\))? (was|were) (formed|founded|established|created|released|launched|opened|introduced|signed|completed)\b`);

/**
 * An amount a sentence states about its subject: "Total revenue was $8.6 million" asks "What was total revenue?".
 * Only a subject a question can name alone: a determiner or a word of total or average, then lower-case words.
 */
const EN_AMOUNT = /^((?:The|Its|Their|Our|Total|Annual|Average|Net) [a-z][a-z'-]*(?: (?:[a-z][a-z'-]*|of [A-Z][a-z]+)){0,4}) (is|was|are|were|reached|totalled|totaled) (?:about |around |approximately |nearly |almost |over |more than |some )?[$€£¥]?\d/;

/**
 * Questions a user could ask, drawn from the documents (Telegram's /start and /help, `citebot chat`, an upload's
 * reply): per content chunk of the first CHUNKS_SCANNED, until `CANDIDATES` are found, the section topic it opens with, else
 * what one of its first sentences states (an amount; in English also who made or when came about a named thing, what
 * a term is or is used for); without repeats. Only questions that read naturally are made: a chunk that offers none
 * gives none.
 */
export function exampleQuestions(chunks: readonly Chunk[]): string[] {
  const found: string[] = [];
  for (const chunk of chunks.slice(0, CHUNKS_SCANNED)) {
    if (found.length >= CANDIDATES) break;
    if (chunk.chrome) continue;
    const question = chunkQuestion(chunk.text);
    if (question) found.push(question);
  }
  return [...new Set(found)];
}

/** The chunk's question: the topic it opens with, else what one of its first sentences states, asked by the first template that fits. */
function chunkQuestion(text: string): string | undefined {
  const sentences = splitSentences(text)
    .slice(0, SENTENCES_SEARCHED)
    .map((s) => text.slice(s.start, s.end).trim());
  // Only the chunk's opening: a topic phrase further in is as often a statement's subject and verb.
  const topic = TOPIC.exec(sentences[0] ?? "")?.[1];
  if (topic && !NOT_A_TOPIC.test(topic)) return topicQuestion(topic);
  // English text is hard-wrapped as often as not: its templates read a sentence on one line.
  const english = sentences.map((s) => s.replace(/\s+/g, " "));
  for (const template of TEMPLATES) {
    for (const sentence of template.english ? english : sentences) {
      const question = template.ask(sentence);
      if (question) return question;
    }
  }
  return undefined;
}

/** A term as a question repeats it mid-sentence: "The "for" statement" → "the "for" statement", "Exceptions" → "exceptions". */
const midSentence = (term: string) => term[0]!.toLowerCase() + term.slice(1);

/** The sentence templates, most telling first: an amount, who made or when came about a named thing, what a term is or is for. */
const TEMPLATES: ReadonlyArray<{ english: boolean; ask: (sentence: string) => string | undefined }> = [
  {
    english: false,
    ask: (sentence) => {
      const amount = AMOUNT.exec(sentence);
      return amount && !NOT_A_SUBJECT.test(amount[1]!) ? amountQuestion(amount[1]!, amount[2]!) : undefined;
    },
  },
  {
    english: true,
    ask: (sentence) => {
      const amount = EN_AMOUNT.exec(sentence);
      return amount ? englishAmountQuestion(midSentence(amount[1]!), amount[2]!) : undefined;
    },
  },
  {
    english: true,
    ask: (sentence) => {
      const made = MADE_BY.exec(sentence);
      return made ? madeByQuestion(made[1]!.replace(/^The /, "the "), made[2]!) : undefined;
    },
  },
  {
    english: true,
    ask: (sentence) => {
      const came = CAME_ABOUT.exec(sentence);
      return came ? cameAboutQuestion(came[1]!.replace(/^The /, "the "), came[2] === "were", came[3]!) : undefined;
    },
  },
  {
    english: true,
    ask: (sentence) => {
      const defined = DEFINITION.exec(sentence);
      return defined ? definitionQuestion(midSentence(defined[1]!), defined[2] === "are") : undefined;
    },
  },
  {
    english: true,
    ask: (sentence) => {
      const used = USED_FOR.exec(sentence);
      return used ? usedForQuestion(midSentence(used[1]!), used[2] === "are") : undefined;
    },
  },
];
