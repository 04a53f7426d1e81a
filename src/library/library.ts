/**
 * The document library: what is indexed, and the two ways to change it from a
 * chat — add a file (stored under `<corpus>/uploads/`) and remove a document.
 * The bot gets one through `BotDeps.library`; the real one is corpus-library.ts,
 * the in-memory twin is test/helpers/memory-library.ts.
 */
import { AppError } from "../errors.js";
import { DOCUMENT_EXTENSIONS, HTML_EXTENSIONS, TEXT_EXTENSIONS } from "../ingest/extract/index.js";
import { safeFileName } from "./names.js";

/** Where uploads live, under the corpus. */
export const UPLOADS_DIR = "uploads";

/** Extensions an upload may have: every format the indexer reads (legacy Office formats are only reported by it, so refused here). */
export const UPLOAD_EXTENSIONS: readonly string[] = [...TEXT_EXTENSIONS, ...HTML_EXTENSIONS, ...DOCUMENT_EXTENSIONS];

/** Who added a document from a chat. */
export interface Uploader {
  id: number;
  /** Display name at upload time (first name, or @username). */
  name?: string;
}

export interface LibraryDocument {
  /** Corpus-relative path with forward slashes, e.g. `uploads/report.pdf`. */
  source: string;
  title: string;
  chunks: number;
  /** PDF pages, when known (uploads record them). */
  pages?: number;
  /** ISO time the document was added: the upload time for uploads, the file's modification time otherwise. */
  addedAt?: string;
  /** Only for documents added from a chat. */
  addedBy?: Uploader;
}

export interface NewDocument {
  /** The name the file was sent with; made safe by `safeFileName`. */
  fileName: string;
  /** The file's content, or `path` to a file holding it. */
  bytes?: Uint8Array;
  path?: string;
  addedBy: Uploader;
}

export interface AddedDocument extends LibraryDocument {
  /** An older version of the same name was replaced. */
  replaced: boolean;
  /** From the request to answerable (stored, indexed, reloaded). */
  ms: number;
  /** Questions the new document answers, drawn from its chunks (src/examples.ts); at least one. */
  examples: string[];
}

export interface RemovedDocument {
  source: string;
  title: string;
  chunks: number;
  ms: number;
}

export interface DocumentLibrary {
  /** Every indexed document, in source order. */
  list(): Promise<LibraryDocument[]>;
  /** The source an upload called `fileName` is stored as; a name with nothing safe left is refused (LibraryError "name"). */
  sourceFor(fileName: string): string;
  /** Whether an upload called `fileName` would replace a stored file. */
  exists(fileName: string): Promise<boolean>;
  /** Whether the stored file an upload called `fileName` would replace holds exactly `bytes` (the same file sent again). */
  sameAs(fileName: string, bytes: Uint8Array): Promise<boolean>;
  /**
   * Stores, indexes and makes answerable one file. Refused (LibraryError) when the name is unusable, the
   * file unreadable (unsupported, damaged, encrypted, no text), or the name taken and `replace` not set; a
   * refusal, or any failure, leaves the corpus and the index as they were. Calls are serialised.
   */
  add(doc: NewDocument, options?: { replace?: boolean }): Promise<AddedDocument>;
  /** Removes an indexed document (its file too) and makes the change answerable; unknown sources are refused. */
  remove(source: string): Promise<RemovedDocument>;
  /**
   * Keeps an upload's bytes for about `ttlMs` while its sender confirms it (a replacement), where every
   * replica of the bot can read them (a dot-named file under uploads/, which the corpus walk skips);
   * returns the handle `takeHeld` wants. Held files past their time are deleted by later calls.
   */
  hold(fileName: string, bytes: Uint8Array, ttlMs: number): Promise<string>;
  /** The bytes `hold` kept under `handle`, deleted from the store; undefined when gone (taken, expired) or not a handle. */
  takeHeld(handle: string): Promise<Uint8Array | undefined>;
}

/** Why a library change was refused; the bot says each in the user's language. */
export type RefusalReason = "name" | "unsupported" | "encrypted" | "empty" | "unreadable" | "exists" | "unknown";

export class LibraryError extends AppError {
  /** The reader's own words for why (an extractor's skip reason), when there are any. */
  readonly detail?: string;
  constructor(readonly reason: RefusalReason, message: string, options: { hint?: string; cause?: unknown; detail?: string } = {}) {
    super(reason === "exists" ? "DOCUMENT_EXISTS" : reason === "unknown" ? "SOURCE_UNKNOWN" : "DOCUMENT_REFUSED", message, options);
    if (options.detail !== undefined) this.detail = options.detail;
  }
}

/** The source for an upload's name (shared by the real library and its twin). */
export function uploadSource(fileName: string): string {
  const safe = safeFileName(fileName);
  if (!safe) throw new LibraryError("name", `the file name ${JSON.stringify(fileName.slice(0, 80))} has no usable characters`, { hint: "rename the file and send it again" });
  return `${UPLOADS_DIR}/${safe}`;
}

/** Whether the indexer reads files with `source`'s extension. */
export function isUploadable(source: string): boolean {
  const dot = source.lastIndexOf(".");
  return dot > source.lastIndexOf("/") && UPLOAD_EXTENSIONS.includes(source.slice(dot).toLowerCase());
}

/** An extractor's skip reason (src/ingest/extract/) as a refusal the user can act on. */
export function refusalOf(skipped: string): RefusalReason {
  if (/^unsupported file type|legacy Word/i.test(skipped)) return "unsupported";
  if (/encrypted|password|DRM/i.test(skipped)) return "encrypted";
  if (/^empty$|no usable text|OCR|no text/i.test(skipped)) return "empty";
  return "unreadable";
}
