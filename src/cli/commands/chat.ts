import { promises as fs } from "node:fs";
import { clearLine, createInterface, cursorTo } from "node:readline";
import { followUpContext, nextTurn } from "../../answer/followup.js";
import { terminalLine } from "../../display-safe.js";
import { AppError } from "../../errors.js";
import { chatHelpText, chatWelcomeText, undecodableLineText, unknownCommandText } from "../../lang/messages.js";
import { corpusScript, questionLang, type Script, scriptFromLocale, scriptOf, wordlessScript } from "../../lang/script.js";
import type { LiveEngine } from "../../live/live-engine.js";
import { openLive, switchNotice } from "../../live/live.js";
import { COMMON_OPTIONS, parseCommandArgs } from "../args.js";
import { appFor, COMMON_USAGE, WATCH_OPTIONS, WATCH_USAGE } from "../context.js";
import { formatAnswer, formatSources, questionErrorText } from "../format.js";
import { type InputLine, inputLinesUntil } from "../input-lines.js";
import type { CliIo, Command } from "../io.js";
import type { ConversationTurn } from "../../types.js";

const HISTORY_LIMIT = 500;

export const chatCommand: Command = {
  usage: `citebot chat [-k N] [--corpus DIR] [--index DIR] [--watch | --no-watch]\n  -k N           citations per answer, 1–20 (default 3)\n${COMMON_USAGE}\n${WATCH_USAGE}\n  In the chat: /sources lists documents, /help, /quit (or Ctrl-D). A new index generation is announced in one line.`,
  async run(args, io) {
    const { values } = parseCommandArgs("chat", { args, options: { ...COMMON_OPTIONS, ...WATCH_OPTIONS, k: { type: "string", short: "k" } }, allowPositionals: false });
    const { app, config } = await appFor(values, io);
    const live = await openLive(app, { watchCorpus: config.live.watchCorpus });
    try {
      // Its own lines, until a question says otherwise: in the locale's language, else the corpus's (README, "The CLI's own language").
      return await chat(live.engine, config.paths.historyFile, io, scriptFromLocale(config.locale) ?? corpusScript(live.engine.generation.index.docs));
    } finally {
      await live.close();
    }
  },
};

async function chat(engine: LiveEngine, historyFile: string, io: CliIo, startScript: Script): Promise<number> {
  let titles = new Map(engine.sources().map((s) => [s.source, s.title]));
  const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY);
  const history = interactive ? await loadHistory(historyFile) : [];
  // Typed at a terminal: readline with its history. Piped: the bytes decoded as batch ask decodes them (UTF-8, GBK, Big5 …).
  const rl = interactive ? createInterface({ input: io.stdin, output: io.stdout, terminal: true, history, historySize: HISTORY_LIMIT, crlfDelay: Infinity }) : undefined;
  const print = (text: string) => io.stdout.write(text + "\n");
  let asking = false;
  // Commands, notices, and answers to a question without words ("2023?"), are in the language and script of the last
  // question that had them (`spoken`); before the first, the start-up line, commands and notices in `startScript`, such
  // an answer in its excerpts'.
  let script = startScript;
  let spoken: Script | undefined;
  // Said when it happens; in a terminal waiting at the prompt, above it, with what was typed kept.
  const stopNotices = engine.onSwitch((event) => {
    titles = new Map(engine.sources().map((s) => [s.source, s.title]));
    const atPrompt = interactive && !asking;
    if (atPrompt) {
      clearLine(io.stdout, 0);
      cursorTo(io.stdout, 0);
    }
    io.stderr.write(switchNotice(event, script) + "\n");
    if (atPrompt) rl?.prompt(true);
  });
  if (interactive) {
    const examples = engine.exampleQuestions(2);
    print(terminalLine(chatWelcomeText(titles.size, examples, script)));
    rl!.setPrompt("? ");
    rl!.prompt();
  }
  io.shutdown?.addEventListener("abort", () => (rl ? rl.close() : io.stdin.destroy()), { once: true });
  let previous: ConversationTurn | undefined;
  for await (const input of rl ? typed(rl) : inputLinesUntil(io.stdin, io.shutdown)) {
    if (input.error) {
      const { message, hint } = undecodableLineText(input.undecodable, script);
      print(aside(`${message}${script === "en" ? "; " : "；"}${hint}`, script));
      continue;
    }
    const { text } = input;
    const line = text.trim();
    // "/word …" is a command; a question never starts that way (a path such as /usr/lib has a second slash).
    const command = /^\/([A-Za-z]\w*)(?=\s|$)/.exec(line)?.[1];
    if (command === "quit" || command === "exit") break;
    if (command === "help") print(chatHelpText(script));
    else if (command === "sources") print(formatSources(engine.sources(), script));
    else if (command) print(unknownCommandText(command, script));
    else if (line) {
      if (questionLang(line)) script = spoken = scriptOf(line);
      try {
        const context = followUpContext(line, previous);
        asking = true;
        const answer = await engine.ask(line, { context }).finally(() => (asking = false));
        print(formatAnswer(answer, titles, interactive, spoken) + "\n");
        previous = nextTurn(line, context, answer);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // A line without words (「？」) is told in its punctuation's language.
        const said = wordlessScript(line, script);
        print(aside(questionErrorText(error, line, said), said));
      }
    }
    rl?.prompt();
  }
  stopNotices();
  rl?.close();
  if (rl) await saveHistory(historyFile, (rl as unknown as { history: string[] }).history ?? []);
  return 0;
}

/** A note between the answers, in parentheses (full-width in Chinese). */
function aside(text: string, script: Script): string {
  return script === "en" ? `(${terminalLine(text)})` : `（${terminalLine(text)}）`;
}

async function* typed(rl: AsyncIterable<string>): AsyncGenerator<InputLine> {
  for await (const text of rl) yield { text };
}


async function loadHistory(file: string): Promise<string[]> {
  const text = await fs.readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).reverse().slice(0, HISTORY_LIMIT);
}

async function saveHistory(file: string, history: string[]): Promise<void> {
  await fs.writeFile(file, history.slice(0, HISTORY_LIMIT).reverse().join("\n") + "\n").catch(() => undefined);
}
