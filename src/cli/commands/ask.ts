import { openEngine } from "../../app.js";
import { terminalLine } from "../../display-safe.js";
import { AppError, type ErrorCode, UsageError } from "../../errors.js";
import { COMMON_OPTIONS, parseCommandArgs } from "../args.js";
import { appFor, COMMON_USAGE, configFor } from "../context.js";
import { formatAnswer, questionErrorText } from "../format.js";
import { inputLinesUntil } from "../input-lines.js";
import { batchFailuresText, type BatchLineProblem, batchLineText, emptyQuestionText, questionTooLongText, undecodableLineText } from "../../lang/messages.js";
import { corpusScript, hasNoWords, questionLang, type Script, scriptFromLocale, scriptOf, wordlessScript } from "../../lang/script.js";
import type { CliIo, Command } from "../io.js";
import { followUpContext, nextTurn } from "../../answer/followup.js";
import { DEFAULT_ENGINE } from "../../engine.js";
import type { Answer, AskOptions, ConversationTurn } from "../../types.js";

export const askCommand: Command = {
  usage: `citebot ask "QUESTION" [--json] [-k N] [--corpus DIR] [--index DIR]
  echo "QUESTION" | citebot ask            batch: each line is a question or {"id": "...", "q": "..."};
                                           output line n is the JSON answer to input line n (a blank
                                           or too-long line gets "error"), carrying the same id;
                                           lines with the same "conversation": "ID" are follow-ups
                                           of each other, as in chat; stdin may be UTF-8, GBK or Big5
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
    if (!batch && hasNoWords(question)) {
      // Said before any index is opened: in the language of its punctuation (「？」), else the locale's.
      const script = wordlessScript(question, scriptFromLocale(configFor(values, io).config.locale) ?? "en");
      throw new UsageError(emptyQuestionText(script, question), { code: "QUESTION_EMPTY", hint: 'citebot ask "QUESTION"' });
    }
    const max = DEFAULT_ENGINE.maxQuestionChars;
    if (!batch && question.trim().length > max) {
      // In the question's language and script, as a batch says it (the message names the limit; the hint is said in English only).
      const script = scriptOf(question);
      throw new UsageError(questionTooLongText(question.trim().length, max, script), { code: "QUESTION_TOO_LONG", ...(script === "en" ? { hint: `shorten it to at most ${max} characters` } : {}) });
    }
    const { app, config } = await appFor(values, io);
    const engine = await openEngine(app);
    if (!batch) {
      const answer = await engine.ask(question);
      if (values.json) io.stdout.write(JSON.stringify(answer) + "\n");
      else io.stdout.write(formatAnswer(answer, new Map(engine.sources().map((s) => [s.source, s.title])), Boolean(io.stdout.isTTY)) + "\n");
      return 0;
    }
    return runBatch(io, (q, options) => engine.ask(q, options), scriptFromLocale(config.locale) ?? corpusScript(engine.index.docs));
  },
};

/** The exit code of a batch stopped before its input ended: 128 + SIGINT, as shells report it. */
const INTERRUPTED = 130;

/** Characters of a failed line's question echoed back: enough to find it, never a 3 MB line copied whole into the output. */
const ECHO_CHARS = DEFAULT_ENGINE.maxQuestionChars;

function echoed(question: string): string {
  return question.length > ECHO_CHARS ? `${question.slice(0, ECHO_CHARS)}…` : question;
}

/**
 * An output line: JSON, with a number `id` (its first field) written as the input line wrote it. JSON.parse reads
 * 9007199254740993 as 9007199254740992 and 1e2 as 100; a caller matching answers by a 64-bit id would find none.
 */
function withId<T extends { id?: string | number }>(output: T, line: string): string {
  const json = JSON.stringify(output);
  if (typeof output.id !== "number") return json;
  const raw = numberLiteral(line, "id");
  const written = JSON.stringify(output.id);
  return raw === undefined || raw === written ? json : `{"id":${raw}${json.slice(`{"id":${written}`.length)}`;
}

/** Tokens of a JSON text: strings, numbers, literals, punctuation, white space. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\]:,]|\s+/y;

/** The literal of the number a JSON object's top-level `key` holds, as written (the last one, as JSON.parse takes it). */
function numberLiteral(text: string, key: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  let previous: string[] = [];
  JSON_TOKEN.lastIndex = 0;
  for (let m = JSON_TOKEN.exec(text); m; m = JSON_TOKEN.exec(text)) {
    const token = m[0];
    if (/^\s/.test(token)) continue;
    if (token === "{" || token === "[") depth++;
    else if (token === "}" || token === "]") depth--;
    else if (depth === 1 && /^-?\d/.test(token) && previous[1] === ":" && previous[0] === JSON.stringify(key)) found = token;
    previous = [previous[1] ?? "", token];
  }
  return found;
}

/** JSON input's field names: English words of every line, which say nothing of the line's language. */
const FIELD_NAMES = /"(?:id|q|question|conversation)"\s*:/g;

/**
 * One JSON answer per input line, in order; a bad line (blank, too long, invalid JSON, not decodable) gets an error object, never
 * stops the batch. Lines are decoded as files are (UTF-8, GB18030/GBK, Big5: see input-lines.ts).
 * Lines carrying the same "conversation" id are a conversation: each is asked with the follow-up context chat and the bot would give it.
 * Error messages are in the language and script of the line's words; `script` (the locale's, else the corpus's) for a line
 * without any (blank, undecodable) and for the summary on stderr.
 */
export async function runBatch(io: Pick<CliIo, "stdin" | "stdout" | "stderr" | "shutdown">, ask: (q: string, options: AskOptions) => Promise<Answer>, script: Script = "en"): Promise<number> {
  const scriptFor = (text: string) => {
    const words = text.replace(FIELD_NAMES, " ");
    return questionLang(words) ? scriptOf(words) : wordlessScript(words, script);
  };
  const conversations = new Map<string, ConversationTurn>();
  let failures = 0;
  let undecodable = 0;
  let lineNo = 0;
  for await (const input of inputLinesUntil(io.stdin, io.shutdown)) {
    const { text } = input;
    lineNo++;
    // A blank line is answered too (QUESTION_EMPTY), so output line n always answers input line n.
    const line = text.trim();
    let id: string | number | undefined;
    let conversation: string | undefined;
    let question = line;
    const fail = (code: ErrorCode, message: string, fields: { id?: string | number; question?: string } = {}) => {
      failures++;
      // Echoed as the engine reads it, trimmed: `{"q": "  "}` is the empty question "" the README promises, as a blank line is.
      io.stdout.write(withId({ ...fields, question: echoed((fields.question ?? line).trim()), found: false, answer: "", citations: [], error: { code, message } }, line) + "\n");
    };
    // A line that could not be decoded is not asked (its question would be mojibake) but keeps its id when its JSON still
    // reads. Its hint is said once, on stderr: the JSON error keeps its two fields. Its words are mojibake too: said in `script`.
    const unread = (fields: { id?: string | number; question?: string } = {}) => {
      if (!input.error) return;
      const { message, hint } = undecodableLineText(input.undecodable, script);
      if (undecodable++ === 0) io.stderr.write(`citebot: ${terminalLine(script === "en" ? `${message} (${hint})` : `${message}（${hint}）`)} [${input.error.code}]\n`);
      fail(input.error.code, message, fields);
    };
    if (line.startsWith("{")) {
      const usage = (problem: BatchLineProblem, fields: { id?: string | number } = {}) => (input.error ? unread(fields) : fail("USAGE", batchLineText(lineNo, problem, scriptFor(line)), fields));
      let parsed: { id?: unknown; q?: unknown; question?: unknown; conversation?: unknown };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        usage("invalid-json");
        continue;
      }
      // A wrong type is the caller's mistake, said as such: a number as "q" is not an empty question, and objects as
      // "conversation" ids would all read "[object Object]" and merge unrelated conversations.
      const key = (value: unknown) => (typeof value === "string" || (typeof value === "number" && Number.isFinite(value)) ? String(value) : undefined);
      const q = parsed.q ?? parsed.question;
      const wrong: BatchLineProblem | undefined = parsed.id !== undefined && key(parsed.id) === undefined ? "id-type"
        : q !== undefined && q !== null && typeof q !== "string" ? "q-type"
        : parsed.conversation != null && key(parsed.conversation) === undefined ? "conversation-type"
        : undefined;
      // The id goes back as it came (5 stays 5, "5" stays "5"), so a caller can match answers by it.
      id = key(parsed.id) === undefined ? undefined : (parsed.id as string | number);
      if (wrong) {
        usage(wrong, id === undefined ? {} : { id });
        continue;
      }
      conversation = parsed.conversation == null ? undefined : key(parsed.conversation);
      question = typeof q === "string" ? q : "";
    }
    const fields = { ...(id === undefined ? {} : { id }), question };
    if (input.error) {
      unread(fields);
      continue;
    }
    try {
      const context = conversation === undefined ? undefined : followUpContext(question, conversations.get(conversation));
      const answer = await ask(question, context ? { context } : {});
      if (conversation !== undefined) conversations.set(conversation, nextTurn(question.trim(), context, answer));
      io.stdout.write(withId(id === undefined ? answer : { id, ...answer }, line) + "\n");
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      fail(error.code, questionErrorText(error, question, scriptFor(question)), fields);
    }
  }
  if (failures) io.stderr.write(batchFailuresText(failures, script) + "\n");
  // Stopped (Ctrl-C, SIGTERM) after the line it was answering: the output is short of the input, which the caller should see.
  return io.shutdown?.aborted ? INTERRUPTED : 0;
}
