/**
 * The index build as one sequence: corpus → documents → chunks → rows → vectors +
 * lexical index → artifacts → publish. Everything is written into a fresh build
 * directory and published by renaming the manifest into place; until that rename
 * the previous index stays the live one.
 */
import { writeArtifacts } from "../index/artifacts.js";
import { INDEX_FORMAT, type Manifest } from "../index/manifest.js";
import { publish, removeOldBuilds, withNewBuild } from "../index/publish.js";
import type { IndexSettings, LoadedIndex } from "../index/types.js";
import { PdfWorkerHost } from "../ingest/extract/index.js";
import { readCorpus } from "./documents.js";
import { EmbeddingCache } from "./embedding-cache.js";
import { ExtractionCache } from "./extraction-cache.js";
import { buildSegment } from "./segment.js";
import type { BuildDeps, OnProgress } from "./types.js";

/** Builds the whole index of `corpusDir` into `indexDir` and publishes it. */
export async function buildIndex(
  corpusDir: string,
  indexDir: string,
  settings: IndexSettings,
  deps: BuildDeps,
  onProgress?: OnProgress,
): Promise<LoadedIndex> {
  const started = Date.now();
  return withNewBuild(indexDir, async (build) => {
    const extracted = await ExtractionCache.open(indexDir);
    // One PDF worker for all PDFs of the build, ended once the corpus is read.
    const pdf = new PdfWorkerHost();
    const corpus = await readCorpus(corpusDir, settings.chunker, deps.logger, onProgress, extracted.extractor(deps.extract, { pdf })).finally(() => pdf.close());
    const { info } = deps.embedder;
    const cache = await EmbeddingCache.open(indexDir, info.id, info.dimensions);
    const segment = await buildSegment(corpus.documents, build.dir, cache, settings, deps, onProgress);

    onProgress?.({ phase: "write", done: 0, total: 1 });
    const { docs, chunks, chunkDoc, rows, vectors, bm25 } = segment;
    const shards = vectors.shards;
    const artifacts = await writeArtifacts(build.dir, { docs, chunks, chunkDoc, rowOf: rows.rowOf, bm25 }, shards);
    const files = corpus.documents.map((d) => d.file);
    const manifest: Manifest = {
      format: INDEX_FORMAT,
      build: build.name,
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      embedder: info,
      chunker: settings.chunker,
      hnsw: settings.hnsw,
      bm25: settings.bm25,
      files,
      skipped: corpus.skipped,
      chunkCount: chunks.length,
      vectorRows: rows.rowChunk.length,
      hnswShards: shards,
      artifacts,
    };
    await publish(indexDir, manifest);
    await cache.save(rows.rowKeys, segment.data).catch((error) => deps.logger.warn("embedding cache not saved", { error }));
    await extracted.save().catch((error) => deps.logger.warn("extraction cache not saved", { error }));
    await removeOldBuilds(indexDir, build.name);
    deps.logger.info("index built", {
      files: files.length, skipped: corpus.skipped.length, chunks: chunks.length, vectors: manifest.vectorRows, embedded: segment.embedded,
      cached: manifest.vectorRows - segment.embedded, extractedFromCache: extracted.hits, ms: manifest.buildMs,
    });
    onProgress?.({ phase: "write", done: 1, total: 1 });
    return { manifest, docs, chunks, chunkDoc, vectors, bm25 };
  });
}
