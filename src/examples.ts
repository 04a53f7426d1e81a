import { exampleQuestion } from "./lang/messages.js";
import { splitSentences } from "./lang/sentences.js";
import type { Chunk } from "./types.js";

/**
 * Questions a user could ask, drawn from the documents (Telegram's /start and /help,
 * `citebot chat`): one per section topic, the clause that opens a chunk ("强化理论武装，…"
 * → "强化理论武装方面做了什么？"), from the first 40 content chunks that have one, without repeats.
 */
export function exampleQuestions(chunks: readonly Chunk[]): string[] {
  const candidates: string[] = [];
  for (const chunk of chunks) {
    if (chunk.chrome || candidates.length >= 40) continue;
    const first = splitSentences(chunk.text)[0];
    if (!first) continue;
    const sentence = chunk.text.slice(first.start, first.end);
    const topic = /^([^，,。：:；;]{4,16})[，,：:]/.exec(sentence)?.[1];
    if (!topic) continue;
    candidates.push(exampleQuestion(topic));
  }
  return [...new Set(candidates)];
}
