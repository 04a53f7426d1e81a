import { amountQuestion, definitionQuestion, topicQuestion } from "./lang/messages.js";
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
 * An English sentence that defines a term: "A class definition is an executable statement." asks "What is a class
 * definition?". Only a term with an article, in lower-case words, so the question reads as the document would ask it.
 */
const DEFINITION = /^((?:A|An|The) [a-z][a-z-]*(?: [a-z][a-z-]*){0,3}) (is|are) (?:a|an|the|one)\b/;

/**
 * Questions a user could ask, drawn from the documents (Telegram's /start and /help, `citebot chat`, an upload's
 * reply): per content chunk of the first CHUNKS_SCANNED, until `CANDIDATES` are found, the section topic it opens with, else an amount
 * one of its first sentences states, else a term one defines; without repeats. Only questions that read naturally
 * are made: a chunk that offers none gives none.
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

/** The chunk's question: the topic it opens with, else an amount or a definition one of its first sentences states. */
function chunkQuestion(text: string): string | undefined {
  const sentences = splitSentences(text)
    .slice(0, SENTENCES_SEARCHED)
    .map((s) => text.slice(s.start, s.end).trim());
  // Only the chunk's opening: a topic phrase further in is as often a statement's subject and verb.
  const topic = TOPIC.exec(sentences[0] ?? "")?.[1];
  if (topic && !NOT_A_TOPIC.test(topic)) return topicQuestion(topic);
  for (const sentence of sentences) {
    const amount = AMOUNT.exec(sentence);
    if (amount && !NOT_A_SUBJECT.test(amount[1]!)) return amountQuestion(amount[1]!, amount[2]!);
  }
  for (const sentence of sentences) {
    const defined = DEFINITION.exec(sentence);
    if (defined) return definitionQuestion(defined[1]![0]!.toLowerCase() + defined[1]!.slice(1), defined[2] === "are");
  }
  return undefined;
}
