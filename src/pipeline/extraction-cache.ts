import { promises as fs } from "node:fs";
import path from "node:path";
import { DOCUMENT_EXTENSIONS, EXTRACTION_VERSION, type Extract, type ExtractedDoc, type ExtractOptions, extractDocument, isSkip } from "../ingest/extract/index.js";
import type { FileExtractor } from "../ingest/load.js";

const FORMAT = "citebot-extcache/1";
const FILE = "extracted.json";

interface CacheFile {
  format: string;
  version: number;
  /** By key (see `ExtractionCache.key`). */
  entries: Record<string, ExtractedDoc>;
}

/**
 * Extracted documents keyed by (extractor version, extension, sha256 of the file's bytes),
 * kept in the index directory beside the embedding cache: a rebuild does not re-parse an
 * unchanged PDF, DOCX or EPUB, while a changed file (other bytes) or a better extractor
 * (EXTRACTION_VERSION raised) extracts afresh. Plain text, Markdown and HTML are not cached:
 * decoding them costs less than reading the cache would. Skips are not cached either (a
 * timeout or a missing OCR tool may not happen next time). Each save keeps only the
 * entries this build used, so the cache follows the corpus.
 */
export class ExtractionCache {
  private readonly entries: Map<string, ExtractedDoc>;
  private readonly used = new Map<string, ExtractedDoc>();
  hits = 0;
  misses = 0;

  private constructor(private readonly file: string, entries: Map<string, ExtractedDoc>) {
    this.entries = entries;
  }

  static key(ext: string, hash: string): string {
    return `${EXTRACTION_VERSION}:${ext.toLowerCase()}:${hash}`;
  }

  static cached(ext: string): boolean {
    return (DOCUMENT_EXTENSIONS as readonly string[]).includes(ext.toLowerCase());
  }

  static async open(indexDir: string): Promise<ExtractionCache> {
    const file = path.join(indexDir, "cache", FILE);
    const entries = new Map<string, ExtractedDoc>();
    // An unreadable or outdated cache only costs time: start empty.
    const parsed = await fs.readFile(file, "utf8").then((s) => JSON.parse(s) as CacheFile).catch(() => undefined);
    if (parsed?.format === FORMAT && parsed.version === EXTRACTION_VERSION && parsed.entries && typeof parsed.entries === "object") {
      for (const [key, doc] of Object.entries(parsed.entries)) if (isExtracted(doc)) entries.set(key, doc);
    }
    return new ExtractionCache(file, entries);
  }

  get size(): number {
    return this.entries.size;
  }

  /** A FileExtractor that answers from the cache and extracts (with `extract` and `options`) what it lacks. */
  extractor(extract: Extract = extractDocument, options: ExtractOptions = {}): FileExtractor {
    return async (bytes, ext, hash) => {
      if (!ExtractionCache.cached(ext)) return extract(bytes, ext, options);
      const key = ExtractionCache.key(ext, hash);
      const hit = this.entries.get(key) ?? this.used.get(key);
      if (hit) {
        this.hits++;
        this.used.set(key, hit);
        return hit;
      }
      this.misses++;
      const result = await extract(bytes, ext, options);
      if (!isSkip(result)) this.used.set(key, withoutNotes(result));
      return result;
    };
  }

  /** Keeps the entry of an unchanged file an update did not read (`save` keeps only entries used). */
  retain(ext: string, hash: string): void {
    const key = ExtractionCache.key(ext, hash);
    const entry = this.entries.get(key);
    if (entry) this.used.set(key, entry);
  }

  /**
   * Writes the entries used since `open` (and only those), atomically. Nothing is written when
   * there is nothing to keep and nothing to drop: a corpus of plain text writes no cache file.
   */
  async save(): Promise<void> {
    if (this.used.size === 0 && this.entries.size === 0) return;
    const body: CacheFile = { format: FORMAT, version: EXTRACTION_VERSION, entries: Object.fromEntries(this.used) };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await fs.writeFile(tmp, JSON.stringify(body));
      await fs.rename(tmp, this.file);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
  }
}

/** Debug notes are about one run of the extractor; they are not kept. */
function withoutNotes(doc: ExtractedDoc): ExtractedDoc {
  const { notes: _notes, ...rest } = doc;
  return rest;
}

function isExtracted(doc: unknown): doc is ExtractedDoc {
  const d = doc as ExtractedDoc | null;
  return Boolean(d) && typeof d!.text === "string" && typeof d!.encoding === "string" && Array.isArray(d!.warnings) &&
    (d!.pages === undefined || Array.isArray(d!.pages)) && (d!.sections === undefined || Array.isArray(d!.sections));
}
