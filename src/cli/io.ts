import type { Readable, Writable } from "node:stream";

/** Everything a command touches outside itself, so the CLI runs in-process in tests. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); tests pass their own. */
  shutdown?: AbortSignal;
}

/** A command's behaviour; its name and summary are listed in main.ts, which loads it on demand. */
export interface Command {
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
