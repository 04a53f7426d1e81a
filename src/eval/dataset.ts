import { promises as fs } from "node:fs";
import { AppError } from "../errors.js";

function invalid(message: string): AppError {
  return new AppError("EVAL_INPUT_INVALID", message, { hint: '--qa takes SQuAD-style JSON (data[].paragraphs[].context/qas) or JSON lines {"q": "...", "answers": ["..."]}' });
}

/** One evaluation question. */
export interface EvalItem {
  id: string;
  question: string;
  /** Gold answer strings (any one counts); none for a question the documents do not answer (it should be refused). */
  answers: string[];
  /** For SQuAD-style input: the documents (by name) whose text is the gold context. */
  goldDocs?: string[];
}

/** A set of questions; SQuAD-style input also brings its own documents (one per distinct context). */
export interface EvalSet {
  name: string;
  kind: "squad" | "jsonl";
  docs?: Array<{ name: string; text: string }>;
  /** SQuAD input: its articles in order, each with its title and its paragraphs' documents (for one file per article). */
  articles?: Array<{ title: string; docs: string[] }>;
  items: EvalItem[];
}

interface SquadJson {
  data?: Array<{ title?: string; paragraphs?: Array<{ id?: string; context?: unknown; qas?: Array<{ id?: unknown; question?: unknown; answers?: Array<{ text?: unknown }>; is_impossible?: unknown }> }> }>;
}

/** Reads `--qa FILE`: SQuAD-style JSON (an object with `data`) or JSON lines of {"q", "answers"}. */
export async function readEvalSet(file: string, name = file): Promise<EvalSet> {
  let raw: string;
  try {
    raw = await fs.readFile(file, "utf8");
  } catch (error) {
    throw invalid(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseEvalSet(raw.replace(/^\uFEFF/, ""), name);
}

export function parseEvalSet(raw: string, name: string): EvalSet {
  const trimmed = raw.trimStart();
  if (trimmed.startsWith("{")) {
    // A whole-file JSON object with `data` is SQuAD; otherwise it is JSON lines.
    try {
      const parsed = JSON.parse(trimmed) as SquadJson;
      if (parsed && Array.isArray(parsed.data)) return fromSquad(parsed, name);
    } catch {
      // not one JSON document: fall through to JSON lines
    }
  }
  return fromJsonl(raw, name);
}

function fromSquad(json: SquadJson, name: string): EvalSet {
  const docs: Array<{ name: string; text: string }> = [];
  const byText = new Map<string, string>();
  const items: EvalItem[] = [];
  const articles: Array<{ title: string; docs: string[] }> = [];
  for (const article of json.data ?? []) {
    const docsOfArticle: string[] = [];
    for (const paragraph of article.paragraphs ?? []) {
      if (typeof paragraph.context !== "string" || !paragraph.context.trim()) continue;
      const context = paragraph.context;
      // Identical contexts become one document, so retrieval is never blamed for picking a twin.
      let docName = byText.get(context);
      if (!docName) {
        docName = `p${String(docs.length + 1).padStart(5, "0")}.txt`;
        byText.set(context, docName);
        docs.push({ name: docName, text: context });
      }
      if (!docsOfArticle.includes(docName)) docsOfArticle.push(docName);
      for (const qa of paragraph.qas ?? []) {
        if (typeof qa.question !== "string" || !qa.question.trim()) continue;
        const answers = [...new Set((qa.answers ?? []).map((a) => a.text).filter((t): t is string => typeof t === "string" && t.trim() !== ""))];
        // SQuAD 2.0's unanswerable questions (is_impossible, their plausible_answers not gold) are asked to be refused.
        const impossible = qa.is_impossible === true;
        if (answers.length === 0 && !impossible) continue;
        items.push({ id: String(qa.id ?? `q${items.length + 1}`), question: qa.question.trim(), ...(impossible ? { answers: [] } : { answers, goldDocs: [docName] }) });
      }
    }
    if (docsOfArticle.length) articles.push({ title: typeof article.title === "string" ? article.title.trim() : "", docs: docsOfArticle });
  }
  if (!items.some((item) => item.answers.length)) throw invalid(`${name}: no questions with answers found in data[].paragraphs[].qas[]`);
  return { name, kind: "squad", docs, articles, items };
}

function fromJsonl(raw: string, name: string): EvalSet {
  const items: EvalItem[] = [];
  const lines = raw.split(/\r?\n/);
  lines.forEach((line, i) => {
    const text = line.trim();
    if (!text || text.startsWith("//")) return;
    let parsed: { id?: unknown; q?: unknown; question?: unknown; answers?: unknown };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalid(`${name} line ${i + 1}: not JSON (expected {"q": "...", "answers": ["..."]})`);
    }
    const question = parsed.q ?? parsed.question;
    const answers = Array.isArray(parsed.answers) ? parsed.answers.filter((a): a is string => typeof a === "string" && a.trim() !== "") : [];
    if (typeof question !== "string" || !question.trim()) throw invalid(`${name} line ${i + 1}: "q" must be a non-empty string`);
    items.push({ id: parsed.id === undefined ? `line${i + 1}` : String(parsed.id), question: question.trim(), answers });
  });
  if (items.length === 0) throw invalid(`${name}: no questions`);
  return { name, kind: "jsonl", items };
}
