import { promises as fs } from "node:fs";
import { createInterface } from "node:readline";
import { openEngine } from "../../app.js";
import { followUpContext, nextTurn } from "../../answer/followup.js";
import { terminalLine } from "../../display-safe.js";
import { AppError } from "../../errors.js";
import { parseCommandArgs } from "../args.js";
import { appFor, COMMON_OPTIONS, COMMON_USAGE } from "../context.js";
import { formatAnswer, formatSources } from "../format.js";
import type { Command } from "../io.js";
import type { ConversationTurn } from "../../types.js";

const HISTORY_LIMIT = 500;

export const chatCommand: Command = {
  usage: `citebot chat [-k N] [--corpus DIR] [--index DIR]\n  -k N           citations per answer, 1–20 (default 3)\n${COMMON_USAGE}\n  In the chat: /sources lists documents, /help, /quit (or Ctrl-D).`,
  async run(args, io) {
    const { values } = parseCommandArgs("chat", { args, options: { ...COMMON_OPTIONS, k: { type: "string", short: "k" } }, allowPositionals: false });
    const { app, config } = await appFor(values, io);
    const engine = await openEngine(app);
    const titles = new Map(engine.sources().map((s) => [s.source, s.title]));
    const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY);
        const history = interactive ? await loadHistory(config.paths.historyFile) : [];
    const rl = createInterface({ input: io.stdin, output: interactive ? io.stdout : undefined, terminal: interactive, history, historySize: HISTORY_LIMIT, crlfDelay: Infinity });
    const print = (text: string) => io.stdout.write(text + "\n");
    if (interactive) {
      const examples = engine.exampleQuestions(2);
      print(`citebot — ask about ${titles.size} document${titles.size === 1 ? "" : "s"}; /help for commands.${examples.length ? ` Try: ${terminalLine(examples.join(" / "))}` : ""}`);
      rl.setPrompt("? ");
      rl.prompt();
    }
    io.shutdown?.addEventListener("abort", () => rl.close(), { once: true });
    let previous: ConversationTurn | undefined;
    for await (const raw of rl) {
      const line = raw.trim();
      // "/word …" is a command; a question never starts that way (a path such as /usr/lib has a second slash).
      const command = /^\/([A-Za-z]\w*)(?=\s|$)/.exec(line)?.[1];
      if (command === "quit" || command === "exit") break;
      if (command === "help") print("Type a question and press Enter. /sources lists the documents, /quit leaves.");
      else if (command === "sources") print(formatSources(engine.sources()));
      else if (command) print(`unknown command /${command}, /help lists them`);
      else if (line) {
        try {
          const context = followUpContext(line, previous);
          const answer = await engine.ask(line, { context });
          print(formatAnswer(answer, titles, interactive) + "\n");
          previous = nextTurn(line, context, answer);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          print(`(${terminalLine(error.message)})`);
        }
      }
      if (interactive) rl.prompt();
    }
    rl.close();
    if (interactive) await saveHistory(config.paths.historyFile, (rl as unknown as { history: string[] }).history ?? []);
    return 0;
  },
};

async function loadHistory(file: string): Promise<string[]> {
  const text = await fs.readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).reverse().slice(0, HISTORY_LIMIT);
}

async function saveHistory(file: string, history: string[]): Promise<void> {
  await fs.writeFile(file, history.slice(0, HISTORY_LIMIT).reverse().join("\n") + "\n").catch(() => undefined);
}
