/**
 * An upload is read twice: by the library, to refuse an unusable file before the corpus
 * changes, and by the index update that follows. The second read is the same bytes, so the
 * library remembers its extraction here and the update's extractor (`BuildDeps.extract`)
 * takes it instead of parsing the file again — for a 1 MB PDF, about a second. Keyed by the
 * bytes' sha256; an entry is used once; only the last few are kept.
 */
import { createHash } from "node:crypto";
import { type Extract, extractDocument, type ExtractResult } from "../ingest/extract/index.js";
import type { FileExtractor } from "../ingest/load.js";

const KEEP = 4;

export class RecentExtractions {
  private readonly entries = new Map<string, ExtractResult>();

  /** For the library: extracts and remembers the result. */
  readonly extractor: FileExtractor = async (bytes, ext, hash) => {
    const result = await extractDocument(bytes, ext);
    this.entries.set(key(ext, hash), result);
    while (this.entries.size > KEEP) this.entries.delete(this.entries.keys().next().value!);
    return result;
  };

  /** For the index update: a remembered extraction of these bytes, or a fresh one. */
  readonly extract: Extract = async (bytes, ext, options) => {
    const k = key(ext, createHash("sha256").update(bytes).digest("hex"));
    const known = this.entries.get(k);
    if (known) {
      this.entries.delete(k);
      return known;
    }
    return extractDocument(bytes, ext, options);
  };
}

const key = (ext: string, hash: string) => `${ext.toLowerCase()}:${hash}`;
