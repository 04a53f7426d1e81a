/**
 * The files of one segment directory: their names, how they are written, and the
 * size and sha256 the manifest records of each.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Embeddings } from "@langchain/core/embeddings";
import type { Bm25Index } from "../search/bm25.js";
import type { Chunk } from "../types.js";
import { graphFileElements } from "./graph-file.js";
import type { Artifacts } from "./manifest.js";
import { encodeChunks, encodeDocs, type StoredDoc } from "./records.js";
import { HnswVectorIndex, type HnswParams, shardCount, shardFile, type VectorMatrix } from "./vectors.js";

/**
 * Artifacts of a build besides the HNSW shards (hnsw-<s>.index). There is no
 * LangChain docstore.json or args.json: documents are chunk ordinals, made on
 * request (see vectors.ts), and the HNSW arguments are in the manifest.
 */
export const FILES = { chunks: "chunks.bin", docs: "docs.bin", bm25: "bm25.bin", rows: "rows.bin" } as const;
/** Free space below which a short graph write is put down to a full disk (a failed write leaves at most a few blocks). */
const NEARLY_FULL_BYTES = 1024 * 1024;

/** Every artifact of a build with `shards` graph shards, in the order the manifest lists them. */
export function artifactNames(shards: number): string[] {
  return [...Array.from({ length: shards }, (_, s) => shardFile(s)), ...Object.values(FILES)];
}

/**
 * Builds the HNSW graph over the matrix rows (on worker threads when sharded) and
 * writes its shards into `buildDir`, which it creates; a shard cut short is an error.
 */
export async function writeGraph(
  matrix: VectorMatrix,
  embeddings: Embeddings,
  params: HnswParams,
  buildDir: string,
  options: { rowOf: Uint32Array; onProgress: (done: number, total: number) => void },
): Promise<HnswVectorIndex> {
  await fs.mkdir(buildDir, { recursive: true });
  const shards = shardCount(matrix.count);
  const vectors = await HnswVectorIndex.build(matrix, embeddings, params, buildDir, {
    shards,
    rowOf: options.rowOf,
    onProgress: options.onProgress,
  }).catch(async (error) => {
    await checkGraphWrites(buildDir, shards); // a sharded build reads its files back: a short one fails there
    throw error;
  });
  await checkGraphWrites(buildDir, shards);
  return vectors;
}

/** What a build writes beside its graph shards. */
export interface BuildRecords {
  docs: StoredDoc[];
  chunks: Chunk[];
  /** chunkDoc[i] is the position in `docs` of chunks[i]'s source. */
  chunkDoc: ArrayLike<number>;
  /** Vector row of each chunk. */
  rowOf: Uint32Array;
  bm25: Bm25Index;
}

/**
 * Writes the records into `buildDir` (where writeGraph put `shards` graph shards),
 * syncs every file, and returns the size and sha256 of each artifact for the manifest.
 */
export async function writeArtifacts(buildDir: string, records: BuildRecords, shards: number): Promise<Artifacts> {
  const { rowOf } = records;
  await fs.writeFile(path.join(buildDir, FILES.chunks), encodeChunks(records.chunks, records.chunkDoc));
  await fs.writeFile(path.join(buildDir, FILES.docs), encodeDocs(records.docs));
  await fs.writeFile(path.join(buildDir, FILES.bm25), records.bm25.serialize());
  await fs.writeFile(path.join(buildDir, FILES.rows), new Uint8Array(rowOf.buffer, rowOf.byteOffset, rowOf.byteLength));
  const artifacts: Artifacts = {};
  for (const name of artifactNames(shards)) artifacts[name] = await describeArtifact(path.join(buildDir, name));
  await syncDir(buildDir);
  return artifacts;
}

/** Size and sha256 of a file (the hash left empty when `withHash` is false). */
export async function describeArtifact(file: string, withHash = true): Promise<{ bytes: number; sha256: string }> {
  const stat = await fs.stat(file);
  if (!withHash) return { bytes: stat.size, sha256: "" };
  const hash = createHash("sha256");
  const handle = await fs.open(file, "r");
  try {
    for await (const piece of handle.createReadStream({ highWaterMark: 1 << 20 })) hash.update(piece as Buffer);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return { bytes: stat.size, sha256: hash.digest("hex") };
}

/**
 * hnswlib does not report failed writes (see graph-file.ts): a graph file cut short
 * is found by its layout, and reported as ENOSPC when the disk is (nearly) full.
 */
async function checkGraphWrites(buildDir: string, shards: number): Promise<void> {
  for (let s = 0; s < shards; s++) {
    const file = path.join(buildDir, shardFile(s));
    try {
      await graphFileElements(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // never written: the build failed before, with its own error
      const stat = await fs.statfs(buildDir).catch(() => undefined);
      const full = stat !== undefined && stat.bavail * stat.bsize < NEARLY_FULL_BYTES;
      throw Object.assign(new Error(`${file} was not written completely: ${(error as Error).message}`), full ? { code: "ENOSPC" } : {});
    }
  }
}

/**
 * Makes the build directory durable before the manifest names it: every file's data, then the
 * directory's entries. The files are synced together (on ext4 concurrent syncs share one journal
 * commit: the 5 files of a small build 22–32 → 8–10 ms, median).
 */
async function syncDir(dir: string): Promise<void> {
  await Promise.all((await fs.readdir(dir)).map(async (name) => {
    const handle = await fs.open(path.join(dir, name), "r+");
    await handle.sync().finally(() => handle.close());
  }));
  const handle = await fs.open(dir, "r");
  await handle.sync().finally(() => handle.close());
}
