import { promises as fs } from "node:fs";
import { AppError } from "../errors.js";
import type { QaEngine } from "../types.js";

/** One line of a refusal fixture: a question the corpus can or cannot answer (with gold strings when it can). */
export interface RefusalItem {
  q: string;
  answerable: boolean;
  answers?: string[];
}

export interface RefusalReport {
  answerable: number;
  unanswerable: number;
  /** Unanswerable questions refused / all unanswerable (refusal recall). */
  recall: number;
  /** Unanswerable questions refused / all refusals (refusal precision). */
  precision: number;
  /** Answerable questions refused / all answerable. */
  answerableRefused: number;
  /** Answerable questions answered with a gold string in the answer / all answerable. */
  answerHit: number;
  /** Questions on the wrong side of the gate, for reading. */
  wrong: Array<{ q: string; answerable: boolean; found: boolean }>;
}

export async function readRefusalSet(file: string): Promise<RefusalItem[]> {
  const raw = await fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new AppError("EVAL_INPUT_INVALID", `cannot read ${file}: ${error.code ?? error.message}`);
  });
  return raw.split(/\r?\n/).filter((l) => l.trim()).map((line, i) => {
    const item = JSON.parse(line) as RefusalItem;
    if (typeof item.q !== "string" || typeof item.answerable !== "boolean") {
      throw new AppError("EVAL_INPUT_INVALID", `${file} line ${i + 1}: expected {"q": "...", "answerable": true|false, "answers": [...]}`);
    }
    return item;
  });
}

/** Asks every fixture question and scores the refusal gate. */
export async function evaluateRefusal(engine: QaEngine, items: RefusalItem[]): Promise<RefusalReport> {
  let refusedUnanswerable = 0;
  let refusedAnswerable = 0;
  let hits = 0;
  const wrong: RefusalReport["wrong"] = [];
  for (const item of items) {
    const answer = await engine.ask(item.q);
    if (!answer.found && !item.answerable) refusedUnanswerable++;
    if (!answer.found && item.answerable) refusedAnswerable++;
    if (answer.found && item.answerable && (item.answers ?? []).some((a) => answer.answer.includes(a))) hits++;
    if (answer.found !== item.answerable) wrong.push({ q: item.q, answerable: item.answerable, found: answer.found });
  }
  const answerable = items.filter((i) => i.answerable).length;
  const unanswerable = items.length - answerable;
  const refused = refusedUnanswerable + refusedAnswerable;
  return {
    answerable,
    unanswerable,
    recall: unanswerable ? refusedUnanswerable / unanswerable : 1,
    precision: refused ? refusedUnanswerable / refused : 1,
    answerableRefused: answerable ? refusedAnswerable / answerable : 0,
    answerHit: answerable ? hits / answerable : 0,
    wrong,
  };
}
