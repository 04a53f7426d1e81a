/**
 * The document library over a corpus folder and its index.
 *
 * Adding a file: its name is made safe (names.ts) and it becomes `uploads/<name>`; the
 * bytes are staged beside it under a hidden name and read the way a build reads it
 * (`readDocument`), so a file the indexer cannot use is refused with the reason before the
 * corpus or the index change. Then it is stored under its name (never over another file
 * unless the replacement was confirmed) and `indexSources` indexes it; if indexing fails,
 * the corpus is put back as it was. corpus-store.ts does the writing, as for `citebot add`.
 * Last, `reload` makes the new generation answer.
 *
 * Who added an upload and when is kept in `uploads/.citebot-uploads.json` (written
 * atomically): beside the files it describes rather than in the index folder, because
 * the index can be deleted and rebuilt from the corpus at any time but this cannot.
 *
 * Changes are serialised in this process; against other processes the index lock
 * (taken by the build inside `indexSources`) serialises the index writes.
 */
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { exampleQuestions } from "../examples.js";
import { readManifest, writeFileAtomic } from "../index/manifest.js";
import { documentQuestion } from "../lang/messages.js";
import type { Logger } from "../log.js";
import { readDocument } from "../pipeline/documents.js";
import type { Chunk, ChunkerSettings } from "../types.js";
import {
  type AddedDocument, type DocumentLibrary, isUploadable, type LibraryDocument, LibraryError, type NewDocument, refusalOf, type RemovedDocument,
  type Uploader, UPLOADS_DIR, uploadSource,
} from "./library.js";
import { changeCorpus, writeNewFile } from "./corpus-store.js";
import type { RecentExtractions } from "./recent-extractions.js";

/** One document as an index update reports it (the shape of a-core's `FileChange`). */
export interface FileChange {
  source: string;
  title: string;
  chunks: number;
  pages?: number;
}

/** What indexing some sources did: the index's chunks after it, its time, and the files it (re)indexed. */
export interface IndexOutcome {
  chunks: number;
  ms: number;
  files: FileChange[];
}

/**
 * Brings the published index up to date for `sources` (added, changed or removed in the corpus) and
 * publishes the new generation; throws, leaving the previous generation published, when it cannot.
 */
export type IndexSources = (sources: string[]) => Promise<IndexOutcome>;

export interface CorpusLibraryOptions {
  corpusDir: string;
  indexDir: string;
  /** The chunker the index uses, so a refused file is refused for the same reasons a build would skip it. */
  chunker: ChunkerSettings;
  logger: Logger;
  indexSources: IndexSources;
  /** Makes the answering engine use the newly published generation. */
  reload(): Promise<void>;
  /** Clock for `addedAt` (default: now). */
  now?: () => Date;
  /** Where the library's reading of an upload is left for the index update to reuse (give the same one to `indexSources`' build deps). */
  extractions?: RecentExtractions;
}

const RECORD_FILE = ".citebot-uploads.json";
const RECORD_FORMAT = "citebot-uploads/1";

interface UploadRecord {
  addedAt: string;
  addedBy: Uploader;
  pages?: number;
}

/** A held upload: `.held-<expiry ms>-<uuid><ext>`. */
const HELD_RE = /^\.held-(\d{1,15})-[0-9a-f-]{36}(?:\.[A-Za-z0-9]{1,8})?$/;

/** Example questions in the upload reply. */
const EXAMPLES = 3;

export class CorpusLibrary implements DocumentLibrary {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly uploadsDir: string;

  constructor(private readonly options: CorpusLibraryOptions) {
    this.uploadsDir = path.join(options.corpusDir, UPLOADS_DIR);
  }

  async list(): Promise<LibraryDocument[]> {
    const manifest = await readManifest(this.options.indexDir);
    if (!manifest) return [];
    const records = await this.records();
    return manifest.files.map((f) => {
      const r = records[f.source];
      return {
        source: f.source, title: f.title, chunks: f.chunks,
        ...(r?.pages !== undefined ? { pages: r.pages } : {}),
        addedAt: r?.addedAt ?? new Date(f.mtimeMs).toISOString(),
        ...(r ? { addedBy: r.addedBy } : {}),
      };
    });
  }

  sourceFor(fileName: string): string {
    return uploadSource(fileName);
  }

  async exists(fileName: string): Promise<boolean> {
    return present(path.join(this.options.corpusDir, uploadSource(fileName)));
  }

  async sameAs(fileName: string, bytes: Uint8Array): Promise<boolean> {
    const stored = await fs.readFile(path.join(this.options.corpusDir, uploadSource(fileName))).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "EISDIR") return undefined;
      throw error;
    });
    return stored !== undefined && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(stored);
  }

  add(doc: NewDocument, options: { replace?: boolean } = {}): Promise<AddedDocument> {
    return this.serial(() => this.addNow(doc, options.replace === true));
  }

  remove(source: string): Promise<RemovedDocument> {
    return this.serial(() => this.removeNow(source));
  }

  async hold(fileName: string, bytes: Uint8Array, ttlMs: number): Promise<string> {
    await this.dropExpiredHeld();
    const handle = `.held-${Date.now() + ttlMs}-${randomUUID()}${path.extname(uploadSource(fileName))}`;
    await writeNewFile(path.join(this.uploadsDir, handle), bytes, this.options.corpusDir);
    return handle;
  }

  async takeHeld(handle: string): Promise<Uint8Array | undefined> {
    // The handle comes back from a shared store: only the shape `hold` makes names a file, and only in uploads/.
    if (!HELD_RE.test(handle)) return undefined;
    const file = path.join(this.uploadsDir, handle);
    try {
      const bytes = await fs.readFile(file);
      await fs.rm(file, { force: true });
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /** Held uploads nobody confirmed or cancelled (their buttons expired, or the replica holding them died). */
  private async dropExpiredHeld(): Promise<void> {
    const now = Date.now();
    const names = await fs.readdir(this.uploadsDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return []; // nothing uploaded yet: writing the held file makes the folder
      throw error;
    });
    for (const name of names) {
      const m = HELD_RE.exec(name);
      if (m && Number(m[1]) <= now) await fs.rm(path.join(this.uploadsDir, name), { force: true });
    }
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async addNow(doc: NewDocument, replace: boolean): Promise<AddedDocument> {
    const started = performance.now();
    const { corpusDir, logger } = this.options;
    const source = uploadSource(doc.fileName);
    if (!isUploadable(source)) {
      throw new LibraryError("unsupported", `${path.posix.basename(source)}: unsupported file type`, { hint: "send a .txt, .md, .csv, .html, .pdf, .docx or .epub file" });
    }
    if (!replace && (await present(path.join(corpusDir, source)))) throw new LibraryError("exists", `${source} already exists`, { hint: "confirm to replace it" });
    const { read, outcome, existed } = await changeCorpus(corpusDir, async (change) => {
      const staged = await change.stage(source, await bytesOf(doc));
      const read = await readDocument(staged, this.options.chunker, logger, this.options.extractions?.extractor);
      if (!("doc" in read)) throw new LibraryError(refusalOf(read.reason), `${path.posix.basename(source)}: ${read.reason}`, { detail: read.reason });
      const existed = await change.store(source, { replace });
      return { read, existed, outcome: await change.index(() => this.options.indexSources([source])) };
    });
    const change = outcome.files.find((f) => f.source === source);
    const pages = change?.pages ?? read.doc.pages?.length;
    const record: UploadRecord = { addedAt: (this.options.now?.() ?? new Date()).toISOString(), addedBy: doc.addedBy, ...(pages !== undefined ? { pages } : {}) };
    await this.updateRecords((records) => void (records[source] = record));
    await this.options.reload();
    const title = change?.title ?? read.doc.title;
    const added: AddedDocument = {
      source, title, chunks: change?.chunks ?? read.chunks.length, ...(pages !== undefined ? { pages } : {}),
      addedAt: record.addedAt, addedBy: doc.addedBy, replaced: existed, ms: Math.round(performance.now() - started),
      examples: examplesFor(read.chunks, title),
    };
    logger.info("document added", { source, chunks: added.chunks, replaced: existed, by: doc.addedBy.id, index_ms: outcome.ms, ms: added.ms });
    return added;
  }

  private async removeNow(source: string): Promise<RemovedDocument> {
    const started = performance.now();
    const { corpusDir, indexDir, logger } = this.options;
    const known = (await readManifest(indexDir))?.files.find((f) => f.source === source);
    if (!known) throw new LibraryError("unknown", `${source} is not an indexed document`, { hint: "see /docs for the indexed documents" });
    // A file already gone from the corpus is still dropped from the index.
    await changeCorpus(corpusDir, async (change) => {
      await change.remove(source);
      await change.index(() => this.options.indexSources([source]));
    });
    await this.updateRecords((records) => void delete records[source]);
    await this.options.reload();
    const removed: RemovedDocument = { source, title: known.title, chunks: known.chunks, ms: Math.round(performance.now() - started) };
    logger.info("document removed", { source, chunks: known.chunks, ms: removed.ms });
    return removed;
  }

  private async records(): Promise<Record<string, UploadRecord>> {
    let raw: string;
    try {
      raw = await fs.readFile(path.join(this.uploadsDir, RECORD_FILE), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
    try {
      const parsed = JSON.parse(raw) as { format?: string; uploads?: Record<string, UploadRecord> };
      if (parsed.format === RECORD_FORMAT && parsed.uploads && typeof parsed.uploads === "object") return parsed.uploads;
    } catch {
      // fall through: an unreadable record loses who/when, never a document
    }
    this.options.logger.warn("upload records unreadable; who added what is not shown", { file: RECORD_FILE });
    return {};
  }

  /** Who/when is worth keeping but not worth failing an upload for: a failed write is logged. */
  private async updateRecords(change: (records: Record<string, UploadRecord>) => void): Promise<void> {
    try {
      const records = await this.records();
      const before = JSON.stringify(records);
      change(records);
      // Removing a document nobody uploaded changes nothing: no write (the uploads folder may not even exist).
      if (JSON.stringify(records) === before) return;
      await writeFileAtomic(path.join(this.uploadsDir, RECORD_FILE), JSON.stringify({ format: RECORD_FORMAT, uploads: records }, null, 2) + "\n");
    } catch (error) {
      this.options.logger.warn("upload records not saved", { error: (error as Error).message });
    }
  }
}

/** Questions the new document answers (src/examples.ts); when its chunks offer none, one about its title. */
function examplesFor(chunks: readonly Chunk[], title: string): string[] {
  const found = exampleQuestions(chunks).slice(0, EXAMPLES);
  return found.length ? found : [documentQuestion(title)];
}

async function present(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

async function bytesOf(doc: NewDocument): Promise<Uint8Array> {
  const bytes = doc.bytes ?? (doc.path !== undefined ? await fs.readFile(doc.path) : undefined);
  if (!bytes) throw new TypeError("NewDocument needs bytes or a path");
  return bytes;
}
