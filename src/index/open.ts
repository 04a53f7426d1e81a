/** Opening and verifying the published index: every artifact is checked before anything is decoded. */
import { promises as fs } from "node:fs";
import path from "node:path";
import { IndexError } from "../errors.js";
import { Bm25Index } from "../search/bm25.js";
import type { Embedder } from "../types.js";
import { artifactNames, describeArtifact, FILES } from "./artifacts.js";
import { graphFileElements } from "./graph-file.js";
import { type Manifest, readManifest } from "./manifest.js";
import { decodeChunks, decodeDocs } from "./records.js";
import type { IndexSettings, LoadedIndex } from "./types.js";
import { ThreadedVectorIndex } from "./vector-threads.js";
import { HnswVectorIndex, shardFile, type VectorIndex } from "./vectors.js";

/** Artifacts up to this size are sha256-checked on every load; larger ones by size (hashing 400 MB would cost ~1 s of cold start). */
const HASHED_LIMIT = 64 * 1024 * 1024;

export interface OpenOptions {
  /**
   * Search a sharded index (2 shards from SHARD_MIN_VECTORS distinct chunks) on one worker thread
   * per shard, beside BM25 on the main thread. Default true; false searches on the calling thread.
   */
  searchThreads?: boolean;
}

/** Loads the published index, checking format, embedder and every artifact before native code reads it. */
export async function openIndex(indexDir: string, deps: { embedder: Embedder }, settings: IndexSettings, options: OpenOptions = {}): Promise<LoadedIndex> {
  const manifest = await readManifest(indexDir);
  if (!manifest) {
    throw new IndexError("INDEX_MISSING", `no index in ${indexDir}`, { hint: "run `citebot index` to build it" });
  }
  const expected = deps.embedder.info;
  if (manifest.embedder.id !== expected.id || manifest.embedder.dimensions !== expected.dimensions) {
    throw new IndexError(
      "INDEX_MISMATCH",
      `index in ${indexDir} was built with embedder ${manifest.embedder.id} (${manifest.embedder.dimensions} dims), but the configured embedder is ${expected.id} (${expected.dimensions} dims)`,
      { hint: "run `citebot index` to rebuild it with the configured embedder" },
    );
  }
  const buildDir = await checkBuild(indexDir, manifest, settings, HASHED_LIMIT);
  const shards = manifest.hnswShards;
  const load = loader(buildDir);
  // The graph shards are read by native code on the thread pool while the main thread decodes the rest.
  const rowOf = await load(FILES.rows, async () => decodeRows(await fs.readFile(path.join(buildDir, FILES.rows)), manifest.chunkCount, manifest.vectorRows));
  const threaded = shards > 1 && options.searchThreads !== false;
  const vectorsLoading = load(shardFile(0), (): Promise<VectorIndex> =>
    threaded
      ? ThreadedVectorIndex.open(buildDir, shards, expected.dimensions, settings.hnsw.efSearch, manifest.vectorRows, rowOf)
      : HnswVectorIndex.load(buildDir, shards, expected.dimensions, deps.embedder.embeddings, settings.hnsw.efSearch, rowOf));
  vectorsLoading.catch(() => undefined);
  try {
    const docs = await load(FILES.docs, async () => decodeDocs(await fs.readFile(path.join(buildDir, FILES.docs))));
    const { chunks, chunkDoc } = await load(FILES.chunks, async () => decodeChunks(await fs.readFile(path.join(buildDir, FILES.chunks)), docs));
    const bm25 = await load(FILES.bm25, async () => Bm25Index.deserialize(await fs.readFile(path.join(buildDir, FILES.bm25))));
    const vectors = await vectorsLoading;
    if (chunks.length !== manifest.chunkCount || bm25.docCount !== chunks.length || vectors.size !== chunks.length) {
      throw new IndexError("INDEX_CORRUPT", `index in ${buildDir} cannot be loaded: artifact sizes disagree with the manifest`, { hint: "run `citebot index` to rebuild the index" });
    }
    return { manifest, docs, chunks, chunkDoc, vectors, bm25 };
  } catch (error) {
    await vectorsLoading.then((v) => (v instanceof ThreadedVectorIndex ? v.close() : undefined), () => undefined);
    throw error;
  }
}

/**
 * What `citebot stats` verifies: what openIndex checks except that the configured
 * embedder matches (stats starts no embedder), every artifact hashed whatever its
 * size, and the graph files checked against their layout instead of loaded.
 */
export async function verifyIndex(indexDir: string, manifest: Manifest, settings: IndexSettings): Promise<void> {
  const buildDir = await checkBuild(indexDir, manifest, settings, Infinity);
  const load = loader(buildDir);
  const read = (name: string) => fs.readFile(path.join(buildDir, name));
  await load(FILES.rows, async () => decodeRows(await read(FILES.rows), manifest.chunkCount, manifest.vectorRows));
  const docs = await load(FILES.docs, async () => decodeDocs(await read(FILES.docs)));
  const { chunks } = await load(FILES.chunks, async () => decodeChunks(await read(FILES.chunks), docs));
  const bm25 = await load(FILES.bm25, async () => Bm25Index.deserialize(await read(FILES.bm25)));
  let rows = 0;
  for (let s = 0; s < manifest.hnswShards; s++) rows += await load(shardFile(s), () => graphFileElements(path.join(buildDir, shardFile(s))));
  if (chunks.length !== manifest.chunkCount || bm25.docCount !== chunks.length || rows !== manifest.vectorRows) {
    throw new IndexError("INDEX_CORRUPT", `index in ${buildDir} cannot be loaded: artifact sizes disagree with the manifest`, { hint: "run `citebot index` to rebuild the index" });
  }
}

/**
 * The checks before anything is decoded: chunker settings, then every artifact's size
 * and sha256 (by size only above `hashLimit` bytes). Returns the build directory.
 */
async function checkBuild(indexDir: string, manifest: Manifest, settings: IndexSettings, hashLimit: number): Promise<string> {
  if (JSON.stringify(manifest.chunker) !== JSON.stringify(settings.chunker)) {
    throw new IndexError("INDEX_MISMATCH", `index in ${indexDir} was built with other chunker settings`, { hint: "run `citebot index` to rebuild it" });
  }
  const buildDir = path.join(indexDir, manifest.build);
  const shards = manifest.hnswShards;
  if (!Number.isInteger(shards) || shards < 1) throw new IndexError("INDEX_CORRUPT", `${path.join(indexDir, "manifest.json")} has no valid hnswShards`, { hint: "run `citebot index` to rebuild it" });
  for (const name of artifactNames(shards)) {
    const file = path.join(buildDir, name);
    const expectedArtifact = manifest.artifacts[name];
    const actual = expectedArtifact && (await describeArtifact(file, expectedArtifact.bytes <= hashLimit).catch(() => undefined));
    const ok = actual && actual.bytes === expectedArtifact.bytes && (!actual.sha256 || actual.sha256 === expectedArtifact.sha256);
    if (!ok) {
      throw new IndexError("INDEX_CORRUPT", `index file ${file} is ${actual ? "corrupted" : "missing"}`, { hint: "run `citebot index` to rebuild the index" });
    }
  }
  return buildDir;
}

/** Runs `parse` for one artifact of `buildDir`; any failure is that file's corruption. */
function loader(buildDir: string) {
  return async <T>(name: string, parse: () => Promise<T>): Promise<T> => {
    try {
      return await parse();
    } catch (error) {
      throw new IndexError("INDEX_CORRUPT", `index file ${path.join(buildDir, name)} cannot be loaded: ${(error as Error).message}`, {
        hint: "run `citebot index` to rebuild the index",
        cause: error,
      });
    }
  };
}

function decodeRows(bytes: Buffer, chunkCount: number, rows: number): Uint32Array {
  if (bytes.byteLength !== chunkCount * 4) throw new Error(`expected ${chunkCount * 4} bytes, found ${bytes.byteLength}`);
  const rowOf = new Uint32Array(chunkCount);
  new Uint8Array(rowOf.buffer).set(bytes);
  for (const r of rowOf) if (r >= rows) throw new Error(`vector row ${r} out of range (${rows} rows)`);
  return rowOf;
}
