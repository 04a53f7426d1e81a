/**
 * One segment directory (seg-*) in memory: its checks, its records, its graph and BM25.
 * Segments are immutable, so a loaded one is shared by every open generation that lists
 * it (a swap after adding one document loads only the new segment), reference counted so
 * its search threads end when the last generation using it is closed.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { IndexError } from "../errors.js";
import { Bm25Index } from "../search/bm25.js";
import type { Chunk, Embedder } from "../types.js";
import { artifactNames, describeArtifact, FILES } from "./artifacts.js";
import { graphFileElements } from "./graph-file.js";
import type { SegmentEntry } from "./manifest.js";
import { decodeChunks, decodeDocs, type StoredDoc } from "./records.js";
import type { IndexSettings } from "./settings.js";
import { ThreadedVectorIndex } from "./vector-threads.js";
import { HnswVectorIndex, type RowSearch, shardFile } from "./vectors.js";

const REBUILD_HINT = "run `citebot index --full` to rebuild the index";

/** A segment directory the manifest lists is gone: a writer removed it after publishing a newer generation (open retries). */
export class SegmentMissing extends Error {
  constructor(readonly segment: string) {
    super(`index segment ${segment} is missing`);
  }
}

export class LoadedSegment {
  private refs = 0;
  private closing?: Promise<void>;

  constructor(
    readonly name: string,
    readonly docs: StoredDoc[],
    readonly chunks: Chunk[],
    /** Local document of each chunk. */
    readonly chunkDoc: Uint32Array,
    readonly bm25: Bm25Index,
    readonly vectors: RowSearch,
  ) {}

  /** A generation starts using the segment. */
  retain(): void {
    this.refs++;
  }

  /** A generation stops using it; the last one out ends its threads. */
  async release(): Promise<void> {
    if (--this.refs > 0) return;
    this.closing ??= this.vectors.close();
    await this.closing;
  }

  /** Ends the threads whoever holds it (a generation that failed to open). */
  async discard(): Promise<void> {
    if (this.refs <= 0) await this.vectors.close();
  }
}

export interface SegmentLoad {
  indexDir: string;
  entry: SegmentEntry;
  embedder: Embedder;
  settings: IndexSettings;
  /** Artifacts up to this size are sha256-checked; larger ones by size. */
  hashLimit: number;
  /** Search a sharded segment on one worker thread per shard. */
  threads: boolean;
}

/** Checks and loads one segment; throws SegmentMissing when its directory is gone, INDEX_CORRUPT naming the file when one is damaged. */
export async function loadSegment({ indexDir, entry, embedder, settings, hashLimit, threads }: SegmentLoad): Promise<LoadedSegment> {
  const dir = await checkSegment(indexDir, entry, hashLimit);
  const load = loader(dir);
  const dimensions = embedder.info.dimensions;
  // The graph shards are read by native code on the thread pool while the main thread decodes the rest.
  const rowOf = await load(FILES.rows, async () => decodeRows(await fs.readFile(path.join(dir, FILES.rows)), entry.chunkCount, entry.vectorRows));
  const threaded = entry.hnswShards > 1 && threads;
  const vectorsLoading = load(shardFile(0), (): Promise<RowSearch> =>
    threaded
      ? ThreadedVectorIndex.open(dir, entry.hnswShards, dimensions, settings.hnsw.efSearch, entry.vectorRows, rowOf)
      : HnswVectorIndex.load(dir, entry.hnswShards, dimensions, embedder.embeddings, settings.hnsw.efSearch, rowOf));
  vectorsLoading.catch(() => undefined);
  try {
    const docs = await load(FILES.docs, async () => decodeDocs(await fs.readFile(path.join(dir, FILES.docs))));
    const { chunks, chunkDoc } = await load(FILES.chunks, async () => decodeChunks(await fs.readFile(path.join(dir, FILES.chunks)), docs));
    const bm25 = await load(FILES.bm25, async () => Bm25Index.deserialize(await fs.readFile(path.join(dir, FILES.bm25))));
    const vectors = await vectorsLoading;
    if (chunks.length !== entry.chunkCount || bm25.docCount !== chunks.length || vectors.size !== chunks.length || docs.length !== entry.sources.length ||
      docs.some((d, i) => d.source !== entry.sources[i])) {
      throw new IndexError("INDEX_CORRUPT", `index segment ${dir} cannot be loaded: its files disagree with the manifest`, { hint: REBUILD_HINT });
    }
    return new LoadedSegment(entry.name, docs, chunks, chunkDoc, bm25, vectors);
  } catch (error) {
    await vectorsLoading.then((v) => v.close(), () => undefined);
    throw error;
  }
}

/**
 * What `citebot stats` verifies of a segment: every artifact hashed whatever its size, the
 * records decoded and the graph files checked against their layout instead of loaded.
 */
export async function verifySegment(indexDir: string, entry: SegmentEntry): Promise<void> {
  const dir = await checkSegment(indexDir, entry, Infinity);
  const load = loader(dir);
  const read = (name: string) => fs.readFile(path.join(dir, name));
  await load(FILES.rows, async () => decodeRows(await read(FILES.rows), entry.chunkCount, entry.vectorRows));
  const docs = await load(FILES.docs, async () => decodeDocs(await read(FILES.docs)));
  const { chunks } = await load(FILES.chunks, async () => decodeChunks(await read(FILES.chunks), docs));
  const bm25 = await load(FILES.bm25, async () => Bm25Index.deserialize(await read(FILES.bm25)));
  let rows = 0;
  for (let s = 0; s < entry.hnswShards; s++) rows += await load(shardFile(s), () => graphFileElements(path.join(dir, shardFile(s))));
  if (chunks.length !== entry.chunkCount || bm25.docCount !== chunks.length || rows !== entry.vectorRows || docs.length !== entry.sources.length) {
    throw new IndexError("INDEX_CORRUPT", `index segment ${dir} cannot be loaded: its files disagree with the manifest`, { hint: REBUILD_HINT });
  }
}

/** Every artifact's size and sha256 (by size only above `hashLimit` bytes), before anything is decoded. Returns the directory. */
async function checkSegment(indexDir: string, entry: SegmentEntry, hashLimit: number): Promise<string> {
  const dir = path.join(indexDir, entry.name);
  if (!(await fs.stat(dir).then((s) => s.isDirectory(), () => false))) throw new SegmentMissing(entry.name);
  for (const name of artifactNames(entry.hnswShards)) {
    const file = path.join(dir, name);
    const expected = entry.artifacts[name];
    const actual = expected && (await describeArtifact(file, expected.bytes <= hashLimit).catch(() => undefined));
    const ok = actual && actual.bytes === expected.bytes && (!actual.sha256 || actual.sha256 === expected.sha256);
    if (!ok) throw new IndexError("INDEX_CORRUPT", `index file ${file} is ${actual ? "corrupted" : "missing"}`, { hint: REBUILD_HINT });
  }
  return dir;
}

/** Runs `parse` for one artifact of `dir`; any failure is that file's corruption. */
function loader(dir: string) {
  return async <T>(name: string, parse: () => Promise<T>): Promise<T> => {
    try {
      return await parse();
    } catch (error) {
      if (error instanceof IndexError) throw error;
      throw new IndexError("INDEX_CORRUPT", `index file ${path.join(dir, name)} cannot be loaded: ${(error as Error).message}`, { hint: REBUILD_HINT, cause: error });
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
