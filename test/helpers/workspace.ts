import { mkdtempSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { after } from "node:test";
import { type App, type AppOverrides, createApp } from "../../src/app.js";
import type { CliIo } from "../../src/cli/io.js";
import { parseConfig } from "../../src/config/config.js";
import { createMemoryLogger } from "../../src/log.js";
import { type Analyzer, createAnalyzer } from "../../src/search/analyzer.js";

export const BUNDLED_CORPUS = path.resolve(import.meta.dirname, "../../../corpus");
export const BUNDLED_DOC = path.join(BUNDLED_CORPUS, "beijing-education-2023.txt");

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix = "citebot-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A workspace with corpus/ (the given files) and embeddings/. */
export async function workspace(files: Record<string, string | Uint8Array>): Promise<{ root: string; corpus: string; index: string }> {
  const root = tempDir();
  const corpus = path.join(root, "corpus");
  await fs.mkdir(corpus, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(corpus, name)), { recursive: true });
    await fs.writeFile(path.join(corpus, name), content);
  }
  return { root, corpus, index: path.join(root, "embeddings") };
}

let sharedAnalyzer: Analyzer | undefined;
/** The analyzer is pure and costly to build (~0.3 s), so tests share one. */
export function analyzer(): Analyzer {
  sharedAnalyzer ??= createAnalyzer();
  return sharedAnalyzer;
}

export function testApp(corpus: string, index: string, overrides: AppOverrides = {}, env: NodeJS.ProcessEnv = {}): App & { logs: string[]; notices: string[] } {
  const logger = createMemoryLogger("debug");
  const notices: string[] = [];
  const config = parseConfig({ corpus, index }, env);
  const app = createApp(config, logger, (line) => notices.push(line), { analyzer: analyzer(), ...overrides });
  return Object.assign(app, { logs: logger.lines, notices });
}

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

/** In-process CLI IO: captured stdout/stderr, stdin from a string (not a TTY) or a TTY-like empty stream. */
export function captureIo(cwd: string, stdin?: string, env: NodeJS.ProcessEnv = {}): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  const input = stdin === undefined ? Object.assign(new PassThrough(), { isTTY: true }) : Readable.from([stdin]);
  return { stdout, stderr, stdin: input, env, cwd, out: () => out, err: () => err };
}
