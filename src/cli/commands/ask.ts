import { createInterface } from "node:readline";
import { openEngine } from "../../app.js";
import { AppError, UsageError } from "../../errors.js";
import { parseCommandArgs } from "../args.js";
import { appFor, COMMON_OPTIONS, COMMON_USAGE } from "../context.js";
import { formatAnswer } from "../format.js";
import type { CliIo, Command } from "../io.js";

export const askCommand: Command = {
  usage: `citebot ask "QUESTION" [--json] [-k N] [--corpus DIR] [--index DIR]
  echo "QUESTION" | citebot ask            batch: each line is a question or {"id": "...", "q": "..."};
                                           output line n is the JSON answer to input line n (a blank
                                           or too-long line gets "error"), carrying the same id
  --json         print the answer as JSON
  -k N           citations per answer, 1–20 (default 3)
${COMMON_USAGE}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("ask", {
      args,
      options: { ...COMMON_OPTIONS, json: { type: "boolean" }, k: { type: "string", short: "k" } },
      allowPositionals: true,
    });
    const question = positionals.join(" ");
    const batch = positionals.length === 0;
    if (batch && io.stdin.isTTY) throw new UsageError('no question given', { hint: 'citebot ask "QUESTION", or pipe questions on stdin' });
    if (!batch && !question.trim()) throw new UsageError("the question is empty", { code: "QUESTION_EMPTY", hint: 'citebot ask "QUESTION"' });
    const { app } = await appFor(values, io);
    const engine = await openEngine(app);
    if (!batch) {
      const answer = await engine.ask(question);
      if (values.json) io.stdout.write(JSON.stringify(answer) + "\n");
      else io.stdout.write(formatAnswer(answer, new Map(engine.sources().map((s) => [s.source, s.title])), Boolean(io.stdout.isTTY)) + "\n");
      return 0;
    }
    return runBatch(io, (q) => engine.ask(q));
  },
};

/** One JSON answer per input line, in order; a bad line (blank, too long, invalid JSON) gets an error object, never stops the batch. */
async function runBatch(io: CliIo, ask: (q: string) => Promise<object>): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let failures = 0;
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    // A blank line is answered too (QUESTION_EMPTY), so output line n always answers input line n.
    const line = raw.trim();
    let id: string | undefined;
    let question = line;
    if (line.startsWith("{")) {
      try {
        const parsed = JSON.parse(line) as { id?: unknown; q?: unknown; question?: unknown };
        id = parsed.id === undefined ? undefined : String(parsed.id);
        const q = parsed.q ?? parsed.question;
        question = typeof q === "string" ? q : "";
      } catch {
        failures++;
        io.stdout.write(JSON.stringify({ question: line, found: false, answer: "", citations: [], error: { code: "USAGE", message: `line ${lineNo}: invalid JSON` } }) + "\n");
        continue;
      }
    }
    try {
      const answer = await ask(question);
      io.stdout.write(JSON.stringify(id === undefined ? answer : { id, ...answer }) + "\n");
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failures++;
      io.stdout.write(JSON.stringify({ ...(id === undefined ? {} : { id }), question, found: false, answer: "", citations: [], error: { code: error.code, message: error.message } }) + "\n");
    }
  }
  if (failures) io.stderr.write(`${failures} line(s) could not be answered (see "error" in the output)\n`);
  return 0;
}
