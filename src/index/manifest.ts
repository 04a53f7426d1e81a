import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { IndexError } from "../errors.js";
import type { Bm25Params } from "../search/bm25-options.js";
import type { ChunkerSettings, EmbedderInfo } from "../types.js";
import type { HnswParams } from "./vectors.js";

/**
 * Bumped whenever the on-disk layout or the meaning of a field changes; loading refuses any other
 * version. /4: the index is a list of immutable segments with tombstones (/3 had one build directory).
 */
export const INDEX_FORMAT = "citebot-index/4";
export const MANIFEST_FILE = "manifest.json";

export interface ManifestFile {
  source: string;
  title: string;
  /** sha256 of the raw bytes. */
  hash: string;
  bytes: number;
  mtimeMs: number;
  encoding: string;
  chunks: number;
  chars: number;
  /** The segment holding the document. */
  segment: string;
  /** When this version of the file was indexed (ISO time). */
  indexedAt: string;
}

/** Artifact sizes and sha256, checked before anything is handed to native code. */
export type Artifacts = Record<string, { bytes: number; sha256: string }>;

/**
 * One immutable segment directory (seg-*): the index of some documents, with its own
 * records, graph shards and BM25. Never changed once written; documents removed or
 * replaced later are tombstoned in the manifest (`deletedDocs`).
 */
export interface SegmentEntry {
  name: string;
  /** Documents stored in the segment, in docs.bin order (tombstoned ones included). */
  sources: string[];
  /** Chunks stored (tombstoned ones included). */
  chunkCount: number;
  /** Distinct chunk texts: the vector rows (rows.bin maps each chunk to its row). */
  vectorRows: number;
  /** Number of HNSW graph shards (hnsw-<s>.index); vector row r lives in shard r % hnswShards. */
  hnswShards: number;
  artifacts: Artifacts;
  /** Tombstones: positions in `sources` of documents removed or replaced since, ascending. */
  deletedDocs: number[];
}

export interface Manifest {
  format: string;
  /** Unique per published generation: a reader sees a new generation when it changes. */
  build: string;
  /** Counts publishes: 1 for the first build, +1 for every update or merge. */
  generation: number;
  builtAt: string;
  buildMs: number;
  embedder: EmbedderInfo;
  chunker: ChunkerSettings;
  /**
   * The EXTRACTION_VERSION (ingest/extract) the parsed formats (PDF, DOCX, EPUB) were read with; absent in indexes
   * written before it was recorded (version 1). When it is not the running one, those files are read again.
   */
  extraction?: number;
  hnsw: HnswParams;
  bm25: Bm25Params;
  files: ManifestFile[];
  skipped: Array<{ source: string; reason: string; bytes?: number; mtimeMs?: number }>;
  /** Live chunks (tombstoned ones not counted). */
  chunkCount: number;
  /** Oldest first; a document's live version is in the last segment that holds it. */
  segments: SegmentEntry[];
}

export async function readManifest(indexDir: string): Promise<Manifest | undefined> {
  const file = path.join(indexDir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new IndexError("INDEX_CORRUPT", `cannot read ${file}: ${(error as Error).message}`, { hint: "run `citebot index` to rebuild it" });
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(raw) as Manifest;
  } catch {
    throw new IndexError("INDEX_CORRUPT", `${file} is not valid JSON (truncated or corrupted)`, { hint: "run `citebot index` to rebuild it" });
  }
  if (manifest?.format !== INDEX_FORMAT) {
    throw new IndexError("INDEX_MISMATCH", `${file} has format ${JSON.stringify(manifest?.format)}, this citebot reads ${INDEX_FORMAT}`, {
      hint: "run `citebot index` to rebuild the index",
    });
  }
  const fields: Array<keyof Manifest> = ["build", "generation", "embedder", "chunker", "hnsw", "files", "chunkCount", "segments"];
  const missing = fields.filter((f) => manifest[f] === undefined);
  if (missing.length) {
    throw new IndexError("INDEX_CORRUPT", `${file} lacks ${missing.join(", ")}`, { hint: "run `citebot index` to rebuild it" });
  }
  const bad = Array.isArray(manifest.segments) ? manifest.segments.find((s) => !validSegment(s)) : manifest.segments;
  if (bad !== undefined) {
    throw new IndexError("INDEX_CORRUPT", `${file} has an invalid segment${bad ? ` ${JSON.stringify(String(bad?.name))}` : "s"}`, { hint: "run `citebot index --full` to rebuild it" });
  }
  return manifest;
}

/** A segment entry a reader can trust to name a directory inside the index and count its contents. */
function validSegment(s: SegmentEntry): boolean {
  return typeof s?.name === "string" && /^seg-[\w-]+$/.test(s.name) && Array.isArray(s.sources) && Array.isArray(s.deletedDocs) &&
    Number.isInteger(s.chunkCount) && Number.isInteger(s.vectorRows) && Number.isInteger(s.hnswShards) && s.hnswShards >= 1 &&
    typeof s.artifacts === "object" && s.artifacts !== null &&
    s.deletedDocs.every((d, i) => Number.isInteger(d) && d >= 0 && d < s.sources.length && (i === 0 || d > s.deletedDocs[i - 1]));
}

/** Writes the manifest atomically: a reader sees the old one or the new one, never half of either. */
export async function writeManifest(indexDir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(path.join(indexDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    const handle = await fs.open(tmp, "w");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true }); // a half-written file would keep a full disk full
    throw error;
  }
}
