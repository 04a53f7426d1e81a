import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { IndexError } from "../errors.js";
import type { Bm25Params } from "../search/bm25-options.js";
import type { ChunkerSettings, EmbedderInfo } from "../types.js";
import type { HnswParams } from "./vectors.js";

/** Bumped whenever the on-disk layout or the meaning of a field changes; loading refuses any other version. */
export const INDEX_FORMAT = "citebot-index/3";
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
}

export interface Manifest {
  format: string;
  /** Build directory (inside the index directory) that this manifest publishes. */
  build: string;
  builtAt: string;
  buildMs: number;
  embedder: EmbedderInfo;
  chunker: ChunkerSettings;
  hnsw: HnswParams;
  bm25: Bm25Params;
  files: ManifestFile[];
  skipped: Array<{ source: string; reason: string; bytes?: number; mtimeMs?: number }>;
  chunkCount: number;
  /** Distinct chunk texts: the vector rows (rows.bin maps each chunk ordinal to its row). */
  vectorRows: number;
  /** Number of HNSW graph shards (hnsw-<s>.index); vector row r lives in shard r % hnswShards. */
  hnswShards: number;
  /** Size and sha256 of every artifact, checked before anything is handed to native code. */
  artifacts: Record<string, { bytes: number; sha256: string }>;
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
  const fields: Array<keyof Manifest> = ["build", "embedder", "chunker", "hnsw", "files", "chunkCount", "vectorRows", "hnswShards", "artifacts"];
  const missing = fields.filter((f) => manifest[f] === undefined);
  if (missing.length) {
    throw new IndexError("INDEX_CORRUPT", `${file} lacks ${missing.join(", ")}`, { hint: "run `citebot index` to rebuild it" });
  }
  return manifest;
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
