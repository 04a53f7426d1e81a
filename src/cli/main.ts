#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { terminalLine, terminalText } from "../display-safe.js";
import { AppError, UsageError } from "../errors.js";
import { askCommand } from "./commands/ask.js";
import { botCommand } from "./commands/bot.js";
import { chatCommand } from "./commands/chat.js";
import { evalCommand } from "./commands/eval.js";
import { indexCommand } from "./commands/index-cmd.js";
import { statsCommand } from "./commands/stats.js";
import { textCommand } from "./commands/text.js";
import type { CliIo, Command } from "./io.js";

const COMMANDS: Command[] = [askCommand, chatCommand, indexCommand, statsCommand, textCommand, botCommand, evalCommand];

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
    const implicit = first === undefined || first.startsWith("-");
    const name = implicit ? (io.env.TELEGRAM_BOT_TOKEN ? "bot" : "chat") : first;
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}`, { hint: "citebot --help lists the commands" });
    const args = implicit ? rawArgs : rest;
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(command.usage + "\n");
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, io, debug);
  }
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
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), shutdown: controller.signal };
  runMain(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
