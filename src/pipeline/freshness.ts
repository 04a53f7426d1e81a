/** Whether the published index still matches the corpus, as a build would read it. */
import path from "node:path";
import type { Manifest } from "../index/manifest.js";
import { DOCUMENT_EXTENSIONS, EXTRACTION_VERSION } from "../ingest/extract/index.js";
import { type CorpusFile, type CorpusReader, hashBytes, listCorpusFiles, readCorpusBytes, type SkippedFile } from "../ingest/load.js";
import { type Logger, silentLogger } from "../log.js";

export interface Freshness {
  fresh: boolean;
  changed: string[];
  /**
   * Indexed files with another mtime and the same content (touched, copied back …): fresh, but hashed to know it.
   * Until the manifest records their mtime (refreshFileTimes) every check reads them again.
   */
  touched: string[];
}

/**
 * The corpus as one walk listed it, and the content hashes read since. A stale start hands the
 * freshness check's scan to the update it sets off (UpdateOptions.scan), which then neither walks
 * the corpus again nor reads a file the check already hashed.
 */
export class CorpusScan {
  private readonly hashes = new Map<CorpusFile, Promise<string | undefined>>();

  constructor(readonly files: readonly CorpusFile[], readonly skipped: readonly SkippedFile[], private readonly read: CorpusReader = readCorpusBytes) {}

  /** The sha256 of a listed file's bytes, read once however often it is asked for; undefined when the file cannot be read. */
  hash(file: CorpusFile): Promise<string | undefined> {
    let hash = this.hashes.get(file);
    if (!hash) {
      hash = this.read(file).then((bytes) => (Buffer.isBuffer(bytes) ? hashBytes(bytes) : undefined));
      this.hashes.set(file, hash);
    }
    return hash;
  }
}

/** Walks the corpus (listCorpusFiles: skipped paths are warned about on `logger`, by default not at all). */
export async function scanCorpus(corpusDir: string, read?: CorpusReader, logger: Logger = silentLogger): Promise<CorpusScan> {
  const { files, skipped } = await listCorpusFiles(corpusDir, logger);
  return new CorpusScan(files, skipped, read);
}

/**
 * Compares the scanned corpus with the manifest: size and mtime first, content hash only where the size is the same
 * and the mtime differs.
 * A file the listing skips (unsupported type, a link out of the corpus …) that the manifest does not
 * list as skipped is a change too, so the next build reports it. Quiet: the build warns about skips.
 */
export async function checkFreshness(scan: CorpusScan, manifest: Manifest): Promise<Freshness> {
  const known = new Map<string, { bytes: number; mtimeMs: number; hash?: string }>();
  for (const f of manifest.files) known.set(f.source, f);
  for (const s of manifest.skipped) if (s.bytes !== undefined) known.set(s.source, { bytes: s.bytes, mtimeMs: s.mtimeMs ?? 0 });
  const changed: string[] = [];
  const touched: string[] = [];
  const seen = new Set<string>();
  for (const file of scan.files) {
    seen.add(file.source);
    const before = known.get(file.source);
    if (!before || extractedBefore(manifest, file.source)) changed.push(file.source);
    // Another size is another content: only a file of the same size with another mtime is read, to hash it.
    else if (before.bytes !== file.size || (before.mtimeMs !== file.mtimeMs && (!before.hash || (await scan.hash(file)) !== before.hash))) changed.push(file.source);
    else if (before.mtimeMs !== file.mtimeMs) touched.push(file.source);
  }
  for (const source of known.keys()) if (!seen.has(source)) changed.push(source);
  const skippedBefore = new Set(manifest.skipped.filter((s) => s.bytes === undefined).map((s) => s.source));
  const skippedNow = new Set(scan.skipped.map((s) => s.source));
  for (const source of skippedNow) if (!skippedBefore.has(source)) changed.push(source);
  for (const source of skippedBefore) if (!skippedNow.has(source)) changed.push(source);
  return { fresh: changed.length === 0, changed, touched };
}

/**
 * Whether an indexed file's text came from an older extractor (the manifest's `extraction` is not EXTRACTION_VERSION and
 * the file is of a parsed format): such a file is read again, so an upgrade's better PDF or DOCX text reaches an
 * existing index without `citebot index --full`.
 */
export function extractedBefore(manifest: Pick<Manifest, "extraction">, source: string): boolean {
  return (manifest.extraction ?? 1) !== EXTRACTION_VERSION && (DOCUMENT_EXTENSIONS as readonly string[]).includes(path.extname(source).toLowerCase());
}
