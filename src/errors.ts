/**
 * One error catalogue. Every error the user can see carries a stable `code`,
 * a one-line message, and (where useful) a hint naming what to run.
 */
export type ErrorCode =
  | "USAGE"
  | "CONFIG_INVALID"
  | "CORPUS_MISSING"
  | "CORPUS_EMPTY"
  | "SOURCE_UNKNOWN"
  | "SOURCE_SKIPPED"
  | "DOCUMENT_REFUSED"
  | "DOCUMENT_EXISTS"
  | "DOWNLOAD_FAILED"
  | "INDEX_MISSING"
  | "INDEX_MISMATCH"
  | "INDEX_CORRUPT"
  | "INDEX_LOCKED"
  | "INDEX_WRITE_FAILED"
  | "INDEX_DISK_FULL"
  | "QUESTION_EMPTY"
  | "QUESTION_TOO_LONG"
  | "INPUT_UNDECODABLE"
  | "PROVIDER_FAILED"
  | "TELEGRAM_CONFLICT"
  | "EVAL_INPUT_INVALID";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** Bad command line, configuration or question (the user's input, not the system, is at fault): exit code 2. */
export class UsageError extends AppError {
  constructor(message: string, options: { hint?: string; code?: "USAGE" | "CONFIG_INVALID" | "QUESTION_EMPTY" | "QUESTION_TOO_LONG" } = {}) {
    super(options.code ?? "USAGE", message, options);
  }
}

export class CorpusError extends AppError {}
export class IndexError extends AppError {}
export class ProviderError extends AppError {}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
