/**
 * The in-memory twin of the document library (src/library/corpus-library.ts) for
 * bot tests. It keeps the real library's promises — names made safe the same
 * way, files read by the real extractors (so a broken or encrypted PDF is refused
 * for the real reason), no silent overwrite, serialised changes, nothing changed
 * on failure — and "reloads" by putting the document into a FakeEngine, so the
 * next question is answered from it.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { chunkDocument } from "../../src/chunk/chunker.js";
import { AppError, CorpusError } from "../../src/errors.js";
import { exampleQuestions } from "../../src/examples.js";
import { extractDocument, isSkip } from "../../src/ingest/extract/index.js";
import { hashBytes } from "../../src/ingest/load.js";
import { documentQuestion } from "../../src/lang/messages.js";
import {
  type AddedDocument, type DocumentLibrary, isUploadable, type LibraryDocument, LibraryError, type NewDocument, refusalOf, type RemovedDocument,
  uploadSource,
} from "../../src/library/library.js";
import type { FakeEngine } from "./fake-engine.js";

export interface MemoryLibraryOptions {
  /** Gets every added document, and loses removed ones. */
  engine?: FakeEngine;
  /** Artificial time per change, in ms (to overlap two uploads). */
  delayMs?: number;
  now?: () => Date;
}

export class MemoryLibrary implements DocumentLibrary {
  readonly docs = new Map<string, LibraryDocument>();
  /** Successful adds and removes, in order: `add uploads/a.txt`, `remove uploads/a.txt`. */
  readonly changes: string[] = [];
  /** Most changes in progress at once (1 when serialised). */
  maxConcurrent = 0;
  private running = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;

  constructor(private readonly options: MemoryLibraryOptions = {}) {
    for (const s of options.engine?.sources() ?? []) this.docs.set(s.source, { source: s.source, title: s.title, chunks: s.chunks });
  }

  /** The next change fails with `error` at the indexing step (after the file was read). */
  failNext(error: Error): void {
    this.failure = error;
  }

  async list(): Promise<LibraryDocument[]> {
    return [...this.docs.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  }

  sourceFor(fileName: string): string {
    return uploadSource(fileName);
  }

  /** Uploads waiting for a confirmation, by handle (shared by every bot given this library, as replicas share a corpus). */
  readonly held = new Map<string, Uint8Array>();
  /** sha256 of each added document's bytes, by source. */
  private readonly hashes = new Map<string, string>();

  async hold(_fileName: string, bytes: Uint8Array): Promise<string> {
    const handle = `.held-${this.held.size + this.changes.length}-${Math.random().toString(36).slice(2)}`;
    this.held.set(handle, bytes);
    return handle;
  }

  async takeHeld(handle: string): Promise<Uint8Array | undefined> {
    const bytes = this.held.get(handle);
    this.held.delete(handle);
    return bytes;
  }

  async exists(fileName: string): Promise<boolean> {
    return this.docs.has(uploadSource(fileName));
  }

  async sameAs(fileName: string, bytes: Uint8Array): Promise<boolean> {
    return this.hashes.get(uploadSource(fileName)) === hashBytes(bytes);
  }

  add(doc: NewDocument, options: { replace?: boolean } = {}): Promise<AddedDocument> {
    return this.serial(async () => {
      const started = performance.now();
      const source = uploadSource(doc.fileName);
      if (!isUploadable(source)) throw new LibraryError("unsupported", `${source}: unsupported file type`);
      const replaced = this.docs.has(source);
      if (replaced && !options.replace) throw new LibraryError("exists", `${source} already exists`);
      const bytes = doc.bytes ?? (await fs.readFile(doc.path!));
      const extracted = bytes.byteLength === 0 ? { skipped: "empty" } : await extractDocument(bytes, path.extname(source));
      if (isSkip(extracted)) throw new LibraryError(refusalOf(extracted.skipped), `${source}: ${extracted.skipped}`, { detail: extracted.skipped });
      if (!extracted.text.trim()) throw new LibraryError("empty", `${source}: empty`, { detail: "empty" });
      await this.indexing();
      const title = extracted.title ?? extracted.text.trim().split("\n")[0]!.trim().slice(0, 80);
      const chunks = chunkDocument({ source, title, text: extracted.text, hash: hashBytes(bytes), encoding: extracted.encoding, ...(extracted.pages ? { pages: extracted.pages } : {}) });
      const pages = extracted.pages?.length;
      const entry: LibraryDocument = {
        source, title, chunks: chunks.length, ...(pages !== undefined ? { pages } : {}),
        addedAt: (this.options.now?.() ?? new Date()).toISOString(), addedBy: doc.addedBy,
      };
      this.docs.set(source, entry);
      this.hashes.set(source, hashBytes(bytes));
      this.options.engine?.putDoc({ source, text: extracted.text });
      this.changes.push(`add ${source}`);
      const examples = exampleQuestions(chunks).slice(0, 3);
      return { ...entry, replaced, ms: Math.round(performance.now() - started), examples: examples.length ? examples : [documentQuestion(title)] };
    });
  }

  remove(source: string): Promise<RemovedDocument> {
    return this.serial(async () => {
      const started = performance.now();
      const doc = this.docs.get(source);
      if (!doc) throw new LibraryError("unknown", `${source} is not an indexed document`);
      // Like the corpus store: an index keeps at least one document.
      if (this.docs.size === 1) throw new CorpusError("CORPUS_EMPTY", "removing every document would leave the index empty");
      await this.indexing();
      this.docs.delete(source);
      this.hashes.delete(source);
      this.options.engine?.removeDoc(source);
      this.changes.push(`remove ${source}`);
      return { source, title: doc.title, chunks: doc.chunks, ms: Math.round(performance.now() - started) };
    });
  }

  /** The indexing step: where an injected failure strikes (nothing changed yet) and the artificial delay passes. */
  private async indexing(): Promise<void> {
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.running++;
      this.maxConcurrent = Math.max(this.maxConcurrent, this.running);
      try {
        return await work();
      } finally {
        this.running--;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** A disk-full failure as the index build reports it. */
export function diskFull(): AppError {
  return new AppError("INDEX_DISK_FULL", "no space left on device while writing the index", { hint: "free some disk space" });
}
