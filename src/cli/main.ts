#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { terminalLine, terminalText } from "../display-safe.js";
import { AppError, UsageError } from "../errors.js";
import { closestName, COMMON_OPTIONS } from "./args.js";
import type { CliIo, Command } from "./io.js";

interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/**
 * Each command is imported when it runs: the engine's modules (LangChain's HNSWLib alone
 * takes ~0.6 s to import) are not paid for by `--help`, `--version` or a usage error, and
 * the bot logs its first line before they load.
 */
const COMMANDS: readonly CommandEntry[] = [
  { name: "ask", summary: "answer one question, or a batch (one per stdin line) as JSON lines", load: async () => (await import("./commands/ask.js")).askCommand },
  { name: "chat", summary: "interactive chat over the corpus (the default without a Telegram token)", load: async () => (await import("./commands/chat.js")).chatCommand },
  { name: "index", summary: "update the index of the corpus (only what changed; --full rebuilds)", load: async () => (await import("./commands/index-cmd.js")).indexCommand },
  { name: "add", summary: "copy files into the corpus and index them", load: async () => (await import("./commands/add.js")).addCommand },
  { name: "remove", summary: "remove documents from the corpus and the index", load: async () => (await import("./commands/remove.js")).removeCommand },
  { name: "stats", summary: "show what is indexed, verify the index, show which providers are active", load: async () => (await import("./commands/stats.js")).statsCommand },
  { name: "text", summary: "print the extracted text of one corpus file: the text citation offsets refer to", load: async () => (await import("./commands/text.js")).textCommand },
  { name: "bot", summary: "run the Telegram bot (needs TELEGRAM_BOT_TOKEN; see docs/telegram.md)", load: async () => (await import("./commands/bot.js")).botCommand },
  { name: "eval", summary: "measure retrieval and answers on a question set (SQuAD-style JSON or JSON lines)", load: async () => (await import("./commands/eval.js")).evalCommand },
];

function help(): string {
  return [
    "citebot — answers from your documents, with exact citations",
    "",
    "Usage: citebot <command> [options]",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(7)} ${c.summary}`),
    "",
    "Without a command: the Telegram bot when TELEGRAM_BOT_TOKEN is set, else chat.",
    "citebot <command> --help shows a command's options. Exit codes: 0 ok, 1 runtime error, 2 usage error.",
  ].join("\n");
}

/** A question given without `ask` (the first thing many try) says how to ask it; a typo names the command meant. */
function unknownCommandHint(name: string): string {
  if (/[\s?？]|[^\x00-\x7f]/u.test(name)) return `to ask a question: citebot ask ${JSON.stringify(name)}`;
  const closest = closestName(name, COMMANDS.map((c) => c.name), { prefixFrom: 2, twoTyposFrom: 5 });
  return closest ? `did you mean citebot ${closest}?` : "citebot --help lists the commands";
}

/** Runs the CLI in-process and returns the exit code; never calls process.exit. */
export async function runMain(rawArgs: string[], io: CliIo): Promise<number> {
  const debug = rawArgs.includes("--debug");
  try {
    const [first, ...rest] = rawArgs;
    if (first === "--help" || first === "-h" || first === "help") {
      io.stdout.write(help() + "\n");
      return 0;
    }
    if (first === "--version") {
      io.stdout.write("citebot 0.1.0\n");
      return 0;
    }
    const late = first?.startsWith("-") ? commandAfterOptions(rawArgs) : undefined;
    const implicit = !late && (first === undefined || first.startsWith("-"));
    const name = late?.name ?? (implicit ? (io.env.TELEGRAM_BOT_TOKEN ? "bot" : "chat") : first!);
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) throw new UsageError(`unknown command ${JSON.stringify(name)}`, { hint: unknownCommandHint(name) });
    const args = late?.args ?? (implicit ? rawArgs : rest);
    const command = await entry.load();
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(command.usage + "\n");
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, io, debug);
  }
}

/**
 * `citebot --corpus DIR ask "…"`: options common to every command, written before the command, go with it (as
 * `citebot ask "…" --corpus DIR`), instead of starting chat with "ask" as a stray argument. Only the common options
 * are known here, so `--corpus ask` still reads "ask" as the folder. The first word after them is the command
 * whatever it is (chat takes no words), so `citebot --corpus DIR indx` or `citebot --corpus DIR "火星…？"` get the
 * unknown command's hint as they do without the options.
 */
function commandAfterOptions(rawArgs: string[]): { name: string; args: string[] } | undefined {
  const { tokens } = parseArgs({ args: rawArgs, options: COMMON_OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const first = tokens.find((t) => t.kind === "positional" || t.kind === "option-terminator");
  if (first?.kind !== "positional") return undefined;
  // After an option the common ones do not know (`--indx x`), chat's own parser names that option.
  if (tokens.some((t) => t.kind === "option" && t.index < first.index && !Object.hasOwn(COMMON_OPTIONS, t.name))) return undefined;
  return { name: first.value, args: rawArgs.filter((_, i) => i !== first.index) };
}

function reportError(error: unknown, io: CliIo, debug: boolean): number {
  // Messages quote file names and questions: one line, no live control characters.
  if (error instanceof AppError) {
    const hint = error.hint ? ` (${error.hint})` : "";
    io.stderr.write(`citebot: ${terminalLine(error.message + hint)} [${error.code}]\n`);
  } else {
    io.stderr.write(`citebot: unexpected error: ${terminalLine((error as Error)?.message ?? String(error))}${debug ? "" : " (run with --debug for details)"}\n`);
  }
  if (debug && error instanceof Error && error.stack) io.stderr.write(terminalText(error.stack) + "\n");
  return error instanceof UsageError ? 2 : 1;
}

/** True when this file is the process entry point (also through the npm bin symlink). */
function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // A reader that went away (`citebot ask < questions | head -1`) is no error: stop as on Ctrl-C, quietly, exit 0.
  let readerGone = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    readerGone = true;
    stop();
  });
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), shutdown: controller.signal };
  runMain(process.argv.slice(2), io).then((code) => {
    process.exitCode = readerGone ? 0 : code;
  });
}
