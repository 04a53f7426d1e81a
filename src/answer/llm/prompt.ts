import type { WireMessage } from "../../providers/chat-transport.js";
import type { Evidence } from "../answerer.js";

/** What the model must answer, alone, when the passages do not contain the answer. */
export const REFUSAL_TOKEN = "NO_ANSWER";

export const SYSTEM_PROMPT = `You answer questions using only the numbered passages you are given.
Rules:
1. Use only what the passages say. Do not add outside knowledge, guesses or opinions.
2. After each sentence that states something from a passage, write the passage number in square brackets, e.g. [1] or [2][3]. Use only the numbers of the passages given.
3. When you quote, copy the words exactly, character for character, and put them in 「」 (Chinese) or "" (other languages). Quote the key words of the answer.
4. Answer in the language of the question (a Chinese question gets a Chinese answer, in the same script: Simplified or Traditional). Be short: one to three sentences.
5. If the passages do not contain the answer, reply with exactly ${REFUSAL_TOKEN} and nothing else.`;

/** The chat messages for one question: the rules, then the numbered passages and the question. */
export function buildMessages(question: string, evidence: readonly Evidence[]): WireMessage[] {
  const passages = evidence
    .map((e, i) => `[${i + 1}] (${e.citation.source})\n${e.passage.trim()}`)
    .join("\n\n");
  const user = `Passages:\n\n${passages}\n\nQuestion: ${question.trim()}\n\nAnswer with [n] markers and exact quotes, or ${REFUSAL_TOKEN}.`;
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: user },
  ];
}
