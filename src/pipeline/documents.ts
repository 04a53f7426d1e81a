/** Corpus → documents → chunks: the first steps of a build. */
import { chunkDocument } from "../chunk/chunker.js";
import { AppError } from "../errors.js";
import type { Manifest, ManifestFile } from "../index/manifest.js";
import type { StoredDoc } from "../index/records.js";
import { type CorpusFile, type CorpusReader, type FileExtractor, listCorpusFiles, loadCorpusFile, MAX_FILE_BYTES, warnIndexedFile } from "../ingest/load.js";
import type { Logger } from "../log.js";
import type { Chunk, ChunkerSettings } from "../types.js";
import type { OnProgress } from "./types.js";

/** One readable corpus file as a build indexes it. */
export interface IndexedDocument {
  doc: StoredDoc;
  chunks: Chunk[];
  /** What the manifest records of the file (besides its segment and when it was indexed). */
  file: Omit<ManifestFile, "segment" | "indexedAt">;
}

/** A corpus path that is not indexed, as the manifest records it. */
export type SkippedDocument = Manifest["skipped"][number];

export interface CorpusDocuments {
  /** In corpus order (sorted paths). */
  documents: IndexedDocument[];
  skipped: SkippedDocument[];
}

/**
 * Walks the corpus and reads every file in order. Unusable files are skipped with
 * a warning; a corpus without one readable document is an error.
 */
export async function readCorpus(
  corpusDir: string, chunker: ChunkerSettings, logger: Logger, onProgress?: OnProgress, extract?: FileExtractor,
): Promise<CorpusDocuments> {
  const { files, skipped } = await listCorpusFiles(corpusDir, logger);
  const documents: IndexedDocument[] = [];
  const skippedFiles: SkippedDocument[] = skipped.map((s) => ({ ...s }));
  for (const [i, file] of files.entries()) {
    onProgress?.({ phase: "read", done: i, total: files.length });
    const read = await readDocument(file, chunker, logger, extract);
    if ("doc" in read) documents.push(read);
    else skippedFiles.push(read);
  }
  if (documents.length === 0) {
    throw new AppError("CORPUS_EMPTY", `no readable documents in ${corpusDir}`, {
      hint: `add .txt, .md or .html files to ${corpusDir}${skippedFiles.length ? ` (${skippedFiles.length} skipped, see warnings)` : ""}`,
    });
  }
  return { documents, skipped: skippedFiles };
}

/**
 * Reads (by `read`, by default readCorpusBytes), decodes and chunks one corpus file (extracted by `extract`, by default
 * afresh); an unusable one is warned about and comes back skipped.
 */
export async function readDocument(
  file: CorpusFile, chunker: ChunkerSettings, logger: Logger, extract?: FileExtractor, read?: CorpusReader,
): Promise<IndexedDocument | SkippedDocument> {
  const loaded = await loadCorpusFile(file, warnIndexedFile(logger, file.source), MAX_FILE_BYTES, extract, read);
  if ("skipped" in loaded) {
    logger.warn("skipped corpus file", { source: file.source, reason: loaded.skipped });
    return { source: file.source, reason: loaded.skipped, bytes: file.size, mtimeMs: file.mtimeMs };
  }
  const chunks = chunkDocument(loaded, chunker);
  return {
    doc: {
      source: loaded.source, title: loaded.title, text: loaded.text,
      ...(loaded.pages ? { pages: loaded.pages } : {}),
      ...(loaded.sections?.length ? { sections: loaded.sections } : {}),
    },
    chunks,
    file: {
      source: loaded.source, title: loaded.title, hash: loaded.hash, bytes: file.size, mtimeMs: file.mtimeMs,
      encoding: loaded.encoding, chunks: chunks.length, chars: loaded.text.length,
    },
  };
}
