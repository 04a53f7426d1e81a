import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Embeddings } from "@langchain/core/embeddings";
import { type ChunkerSettings, chunkDocument } from "../chunk/chunker.js";
import { AppError, IndexError } from "../errors.js";
import { type CorpusFile, listCorpusFiles, loadCorpusFile } from "../ingest/load.js";
import type { Logger } from "../log.js";
import { embedWithPool, isPoolable } from "../embed/worker-pool.js";
import type { Analyzer } from "../search/analyzer.js";
import { Bm25Index, type Bm25Params } from "../search/bm25.js";
import { Bm25Builder } from "../search/bm25-builder.js";
import type { Chunk } from "../types.js";
import { EmbeddingCache } from "./embedding-cache.js";
import { acquireIndexLock } from "./lock.js";
import { type EmbedderInfo, INDEX_FORMAT, type Manifest, type ManifestFile, readManifest, writeManifest } from "./manifest.js";
import { decodeChunks, decodeDocs, encodeChunks, encodeDocs, type StoredDoc } from "./records.js";
import { ThreadedVectorIndex } from "./vector-threads.js";
import { HnswVectorIndex, type HnswParams, shardCount, shardFile, type VectorIndex } from "./vectors.js";

export type { StoredDoc } from "./records.js";

/** The embedder as the index sees it: LangChain Embeddings plus what the manifest records. */
export interface Embedder {
  info: EmbedderInfo;
  embeddings: Embeddings;
}

export interface IndexSettings {
  chunker: ChunkerSettings;
  hnsw: HnswParams;
  bm25: Bm25Params;
}

export interface LoadedIndex {
  manifest: Manifest;
  docs: StoredDoc[];
  chunks: Chunk[];
  /** docIndex[i] is the position in `docs` of chunks[i]'s source. */
  chunkDoc: Uint32Array;
  vectors: VectorIndex;
  bm25: Bm25Index;
}

export interface IndexDeps {
  analyzer: Analyzer;
  embedder: Embedder;
  logger: Logger;
}

export interface BuildProgress {
  phase: "read" | "embed" | "graph" | "write";
  done: number;
  total: number;
}

/**
 * Artifacts of a build besides the HNSW shards (hnsw-<s>.index). There is no
 * LangChain docstore.json or args.json: documents are chunk ordinals, made on
 * request (see vectors.ts), and the HNSW arguments are in the manifest.
 */
const FILES = { chunks: "chunks.bin", docs: "docs.bin", bm25: "bm25.bin", rows: "rows.bin" } as const;
/** Artifacts up to this size are sha256-checked on every load; larger ones by size (hashing 400 MB would cost ~1 s of cold start). */
const HASHED_LIMIT = 64 * 1024 * 1024;
const EMBED_BATCH = 256;
/** The lexical index yields to the event loop this often, so embedding workers are fed meanwhile. */
const LEXICAL_SLICE = 2000;

/**
 * Builds the whole index into a fresh directory, then publishes it by renaming the
 * manifest into place; until that rename the previous index stays the live one.
 */
export async function buildIndex(
  corpusDir: string,
  indexDir: string,
  settings: IndexSettings,
  deps: IndexDeps,
  onProgress?: (p: BuildProgress) => void,
): Promise<LoadedIndex> {
  const started = Date.now();
  await fs.mkdir(indexDir, { recursive: true }).catch((error) => {
    throw new IndexError("INDEX_WRITE_FAILED", `cannot create index directory ${indexDir}: ${(error as Error).message}`);
  });
  const release = await acquireIndexLock(indexDir);
  /** The vector side of the build, while it may still be writing into buildDir. */
  let building: Promise<unknown> | undefined;
  const buildName = `build-${Date.now().toString(36)}-${process.pid}`;
  const buildDir = path.join(indexDir, buildName);
  try {
    const { files, skipped } = await listCorpusFiles(corpusDir, deps.logger);
    const docs: StoredDoc[] = [];
    const manifestFiles: ManifestFile[] = [];
    const skippedFiles: Manifest["skipped"] = skipped.map((s) => ({ ...s }));
    const chunks: Chunk[] = [];
    const chunkDocIdx: number[] = [];
    for (const [i, file] of files.entries()) {
      onProgress?.({ phase: "read", done: i, total: files.length });
      const loaded = await loadCorpusFile(file, (reason) => deps.logger.warn("corpus file damaged", { source: file.source, reason }));
      if ("skipped" in loaded) {
        deps.logger.warn("skipped corpus file", { source: file.source, reason: loaded.skipped });
        skippedFiles.push({ source: file.source, reason: loaded.skipped, bytes: file.size, mtimeMs: file.mtimeMs });
        continue;
      }
      const docChunks = chunkDocument(loaded, settings.chunker);
      for (const c of docChunks) {
        chunks.push(c);
        chunkDocIdx.push(docs.length);
      }
      docs.push({ source: loaded.source, title: loaded.title, text: loaded.text });
      manifestFiles.push({
        source: loaded.source, title: loaded.title, hash: loaded.hash, bytes: file.size, mtimeMs: file.mtimeMs,
        encoding: loaded.encoding, chunks: docChunks.length, chars: loaded.text.length,
      });
    }
    if (docs.length === 0) {
      throw new AppError("CORPUS_EMPTY", `no readable documents in ${corpusDir}`, {
        hint: `add .txt, .md or .html files to ${corpusDir}${skippedFiles.length ? ` (${skippedFiles.length} skipped, see warnings)` : ""}`,
      });
    }

    const { info, embeddings } = deps.embedder;
    const dimensions = info.dimensions;
    // Chunks with identical text (boilerplate, repeated documents) share one vector row: embedded once, one graph node.
    const { rowOf, rowChunk, rowKeys } = distinctRows(chunks);
    const rows = rowChunk.length;
    const cache = await EmbeddingCache.open(indexDir, info.id, dimensions);
    // One matrix for all vectors, shared with the embedding and graph workers (no per-vector objects).
    const data = new Float32Array(new SharedArrayBuffer(rows * dimensions * 4));
    const todo: number[] = [];
    rowKeys.forEach((key, r) => {
      if (!cache.lookup(key, data, r * dimensions)) todo.push(r);
    });
    cache.release();
    // The graph is built (on worker threads when sharded) as soon as the vectors are in, while the
    // main thread is still building the lexical index.
    const graph = (async () => {
      await embedRows(todo.map((r) => chunks[rowChunk[r]].text), todo, data, deps, onProgress);
      onProgress?.({ phase: "embed", done: todo.length, total: todo.length });
      onProgress?.({ phase: "graph", done: 0, total: rows });
      await fs.mkdir(buildDir, { recursive: true });
      return HnswVectorIndex.build({ data, count: rows, dimensions }, embeddings, settings.hnsw, buildDir, {
        shards: shardCount(rows),
        rowOf,
        onProgress: (done, total) => onProgress?.({ phase: "graph", done, total }),
      });
    })();
    building = graph;
    graph.catch(() => undefined); // awaited below
    const bm25 = await buildLexical(chunks, settings.bm25, deps.analyzer);
    const hnsw = await graph;
    const shards = hnsw.shards;

    onProgress?.({ phase: "write", done: 0, total: 1 });
    await fs.writeFile(path.join(buildDir, FILES.chunks), encodeChunks(chunks, chunkDocIdx));
    await fs.writeFile(path.join(buildDir, FILES.docs), encodeDocs(docs));
    await fs.writeFile(path.join(buildDir, FILES.bm25), bm25.serialize());
    await fs.writeFile(path.join(buildDir, FILES.rows), new Uint8Array(rowOf.buffer, rowOf.byteOffset, rowOf.byteLength));
    const artifacts: Manifest["artifacts"] = {};
    for (const name of artifactNames(shards)) artifacts[name] = await describeArtifact(path.join(buildDir, name));
    await syncDir(buildDir);

    const manifest: Manifest = {
      format: INDEX_FORMAT,
      build: buildName,
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      embedder: info,
      chunker: settings.chunker,
      hnsw: settings.hnsw,
      bm25: settings.bm25,
      files: manifestFiles,
      skipped: skippedFiles,
      chunkCount: chunks.length,
      vectorRows: rows,
      hnswShards: shards,
      artifacts,
    };
    await writeManifest(indexDir, manifest);
    await cache.save(rowKeys, data).catch((error) => deps.logger.warn("embedding cache not saved", { error }));
    await removeOldBuilds(indexDir, buildName);
    deps.logger.info("index built", {
      files: manifestFiles.length, skipped: skippedFiles.length, chunks: chunks.length, vectors: rows, embedded: todo.length,
      cached: rows - todo.length, ms: manifest.buildMs,
    });
    onProgress?.({ phase: "write", done: 1, total: 1 });
    return { manifest, docs, chunks, chunkDoc: Uint32Array.from(chunkDocIdx), vectors: hnsw, bm25 };
  } catch (error) {
    await building?.catch(() => undefined);
    await fs.rm(buildDir, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new IndexError("INDEX_WRITE_FAILED", `index build failed${code ? ` (${code})` : ""}: ${(error as Error).message}`, {
      hint: code === "ENOSPC" ? "free disk space, then run `citebot index` again; the previous index is unchanged" : "the previous index is unchanged",
      cause: error,
    });
  } finally {
    await release();
  }
}

export interface OpenOptions {
  /**
   * Search a sharded index (2 shards from SHARD_MIN_VECTORS distinct chunks) on one worker thread
   * per shard, beside BM25 on the main thread. Default true; false searches on the calling thread.
   */
  searchThreads?: boolean;
}

/** Loads the published index, checking format, embedder and every artifact before native code reads it. */
export async function openIndex(indexDir: string, deps: IndexDeps, settings: IndexSettings, options: OpenOptions = {}): Promise<LoadedIndex> {
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
  if (JSON.stringify(manifest.chunker) !== JSON.stringify(settings.chunker)) {
    throw new IndexError("INDEX_MISMATCH", `index in ${indexDir} was built with other chunker settings`, { hint: "run `citebot index` to rebuild it" });
  }
  const buildDir = path.join(indexDir, manifest.build);
  const shards = manifest.hnswShards;
  if (!Number.isInteger(shards) || shards < 1) throw new IndexError("INDEX_CORRUPT", `${path.join(indexDir, "manifest.json")} has no valid hnswShards`, { hint: "run `citebot index` to rebuild it" });
  for (const name of artifactNames(shards)) {
    const file = path.join(buildDir, name);
    const expectedArtifact = manifest.artifacts[name];
    const actual = expectedArtifact && (await describeArtifact(file, expectedArtifact.bytes <= HASHED_LIMIT).catch(() => undefined));
    const ok = actual && actual.bytes === expectedArtifact.bytes && (!actual.sha256 || actual.sha256 === expectedArtifact.sha256);
    if (!ok) {
      throw new IndexError("INDEX_CORRUPT", `index file ${file} is ${actual ? "corrupted" : "missing"}`, { hint: "run `citebot index` to rebuild the index" });
    }
  }
  const load = async <T>(name: string, parse: () => Promise<T>): Promise<T> => {
    try {
      return await parse();
    } catch (error) {
      throw new IndexError("INDEX_CORRUPT", `index file ${path.join(buildDir, name)} cannot be loaded: ${(error as Error).message}`, {
        hint: "run `citebot index` to rebuild the index",
        cause: error,
      });
    }
  };
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

export interface Freshness {
  fresh: boolean;
  changed: string[];
}

/** Compares the corpus with the manifest: size and mtime first, content hash only where those differ. */
export async function checkFreshness(corpusDir: string, manifest: Manifest, logger: Logger): Promise<Freshness> {
  const { files } = await listCorpusFiles(corpusDir, logger);
  const known = new Map<string, { bytes: number; mtimeMs: number; hash?: string }>();
  for (const f of manifest.files) known.set(f.source, f);
  for (const s of manifest.skipped) if (s.bytes !== undefined) known.set(s.source, { bytes: s.bytes, mtimeMs: s.mtimeMs ?? 0 });
  const changed: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    seen.add(file.source);
    const before = known.get(file.source);
    if (!before) changed.push(file.source);
    else if (before.bytes !== file.size || before.mtimeMs !== file.mtimeMs) {
      if (!before.hash || (await hashFile(file)) !== before.hash) changed.push(file.source);
    }
  }
  for (const source of known.keys()) if (!seen.has(source)) changed.push(source);
  return { fresh: changed.length === 0, changed };
}

async function hashFile(file: CorpusFile): Promise<string | undefined> {
  const bytes = await fs.readFile(file.absPath).catch(() => undefined);
  return bytes && createHash("sha256").update(bytes).digest("hex");
}

function artifactNames(shards: number): string[] {
  return [...Array.from({ length: shards }, (_, s) => shardFile(s)), ...Object.values(FILES)];
}

/** Vector rows: one per distinct chunk text, in order of first occurrence. */
function distinctRows(chunks: Chunk[]): { rowOf: Uint32Array; rowChunk: number[]; rowKeys: string[] } {
  const rowOf = new Uint32Array(chunks.length);
  const rowChunk: number[] = [];
  const rowKeys: string[] = [];
  const byKey = new Map<string, number>();
  chunks.forEach((chunk, i) => {
    const key = EmbeddingCache.key(chunk.text);
    let row = byKey.get(key);
    if (row === undefined) {
      row = rowChunk.length;
      byKey.set(key, row);
      rowChunk.push(i);
      rowKeys.push(key);
    }
    rowOf[i] = row;
  });
  return { rowOf, rowChunk, rowKeys };
}

function decodeRows(bytes: Buffer, chunkCount: number, rows: number): Uint32Array {
  if (bytes.byteLength !== chunkCount * 4) throw new Error(`expected ${chunkCount * 4} bytes, found ${bytes.byteLength}`);
  const rowOf = new Uint32Array(chunkCount);
  new Uint8Array(rowOf.buffer).set(bytes);
  for (const r of rowOf) if (r >= rows) throw new Error(`vector row ${r} out of range (${rows} rows)`);
  return rowOf;
}

/**
 * Embeds `texts` into rows `rows` of `data`: on all cores through worker threads
 * when the embedder supports it and the job is big enough, else in batches
 * through the LangChain Embeddings interface.
 */
async function embedRows(texts: string[], rows: number[], data: Float32Array, deps: IndexDeps, onProgress?: (p: BuildProgress) => void): Promise<void> {
  const { embeddings, info } = deps.embedder;
  const d = info.dimensions;
  if (texts.length === 0) return;
  if (isPoolable(embeddings)) {
    await embedWithPool(embeddings, texts, Int32Array.from(rows), data, d, {
      onProgress: (p) => onProgress?.({ phase: "embed", ...p }),
      onFallback: (reason) => deps.logger.warn("embedding in-process", { reason }),
    });
    return;
  }
  for (let b = 0; b < texts.length; b += EMBED_BATCH) {
    onProgress?.({ phase: "embed", done: b, total: texts.length });
    const batch = texts.slice(b, b + EMBED_BATCH);
    const embedded = await embeddings.embedDocuments(batch);
    batch.forEach((_, j) => {
      const vector = embedded[j];
      if (!vector || vector.length !== d) throw new Error(`embedder returned a vector of ${vector?.length ?? 0} dimensions, expected ${d}`);
      data.set(vector, rows[b + j] * d);
    });
  }
}

/** BM25 over the chunks, their terms fed by the analyzer (no string per CJK term). */
async function buildLexical(chunks: Chunk[], params: Bm25Params, analyzer: Analyzer): Promise<Bm25Index> {
  const builder = new Bm25Builder(params);
  for (let i = 0; i < chunks.length; i++) {
    builder.addText(chunks[i].text, analyzer);
    if (i % LEXICAL_SLICE === LEXICAL_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return builder.finish();
}

async function describeArtifact(file: string, withHash = true): Promise<{ bytes: number; sha256: string }> {
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

async function syncDir(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    const handle = await fs.open(path.join(dir, name), "r+");
    await handle.sync().finally(() => handle.close());
  }
}

async function removeOldBuilds(indexDir: string, keep: string): Promise<void> {
  for (const name of await fs.readdir(indexDir)) {
    if (name.startsWith("build-") && name !== keep) await fs.rm(path.join(indexDir, name), { recursive: true, force: true }).catch(() => undefined);
    if (name.startsWith("manifest.json.") && name.endsWith(".tmp")) await fs.rm(path.join(indexDir, name), { force: true }).catch(() => undefined);
  }
}
