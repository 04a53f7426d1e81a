/**
 * Index updates: the corpus as it is now against the published generation. Only new and
 * changed files are read, embedded and indexed, into one new immutable segment; removed
 * and changed documents are tombstoned in the segments that hold them; the new generation
 * is published by the atomic manifest rename. `full` rebuilds everything into one segment.
 * After publishing, segments beyond the bounded count are merged (merge.ts) as a further
 * generation, so the added documents answer before the merge starts.
 */
import path from "node:path";
import { AppError } from "../errors.js";
import { writeArtifacts } from "../index/artifacts.js";
import { INDEX_FORMAT, type Manifest, type ManifestFile, readManifest, type SegmentEntry } from "../index/manifest.js";
import { collectGarbage, generationName, publish, withIndexWriter } from "../index/publish.js";
import type { IndexSettings } from "../index/types.js";
import { EXTRACTION_VERSION, PdfWorkerHost } from "../ingest/extract/index.js";
import { type CorpusFile, listCorpusSources } from "../ingest/load.js";
import { type IndexedDocument, readDocument, type SkippedDocument } from "./documents.js";
import { EmbeddingCache } from "./embedding-cache.js";
import { ExtractionCache } from "./extraction-cache.js";
import { CorpusScan, extractedBefore, scanCorpus } from "./freshness.js";
import { mergeIfNeeded, type MergePolicy } from "./merge.js";
import { buildSegment, type Segment } from "./segment.js";
import type { BuildDeps, OnProgress } from "./types.js";

/** One document an update took in or dropped. */
export interface FileChange {
  source: string;
  title: string;
  chunks: number;
  /** PDF pages. */
  pages?: number;
}

export interface UpdateResult {
  /** The published generation (after the merge, when one ran). */
  manifest: Manifest;
  added: FileChange[];
  changed: FileChange[];
  removed: FileChange[];
  /** Files that could not be indexed this time (unsupported, damaged, empty …), with why. */
  skipped: SkippedDocument[];
  /** Indexed files left as they were. */
  unchanged: number;
  /** Until the update was published (the merge after it not counted). */
  ms: number;
  /** Segments were merged after the update. */
  merged?: boolean;
  /** Nothing differed from the published generation: nothing was published. */
  upToDate: boolean;
}

export interface UpdateOptions {
  /** Rebuild everything into one segment (also done when the index is missing, of another format or built with other settings). */
  full?: boolean;
  /**
   * Asked under the writers' lock about the generation the update would build on: true rebuilds in full instead.
   * Under the lock, so a generation another writer published meanwhile is the one judged (`citebot index` over a
   * damaged index: a check before the lock could see a segment that writer had just replaced and collected).
   */
  rebuildIf?: (published: Manifest) => Promise<boolean>;
  /**
   * Only these sources (corpus-relative paths): each is (re)indexed when it is in the corpus and
   * dropped from the index when it is not; other files keep their indexed state even if changed.
   * Without an index to update (none yet, or one rebuilt in full) the whole corpus is read all the same.
   */
  only?: string[];
  /**
   * The corpus as a freshness check just scanned it against the generation `build` (openFreshIndex at a stale
   * start): used instead of walking it again, and the files it hashed are not read again to be compared. Not used
   * with `only`, nor when another generation was published since (its writer may have changed the corpus too).
   */
  scan?: { corpus: CorpusScan; build: string };
  onProgress?: OnProgress;
  /** Called once the update is published, before any merge: the new documents answer from here on. */
  onPublished?: (result: UpdateResult) => void;
  /** Tunables of the merge policy over its defaults (merge.ts). */
  merge?: Partial<MergePolicy>;
}

/** The update's new segment in memory (what `buildIndex` hands back without reading it again). */
export interface UpdateOutcome {
  result: UpdateResult;
  segment?: { name: string; built: Segment };
}

/** Updates the index of `corpusDir` in `indexDir` (incrementally unless `full`) and publishes it. */
export async function updateIndex(corpusDir: string, indexDir: string, settings: IndexSettings, deps: BuildDeps, options: UpdateOptions = {}): Promise<UpdateResult> {
  return (await runUpdate(corpusDir, indexDir, settings, deps, options)).result;
}

export async function runUpdate(corpusDir: string, indexDir: string, settings: IndexSettings, deps: BuildDeps, options: UpdateOptions = {}): Promise<UpdateOutcome> {
  const started = Date.now();
  return withIndexWriter(indexDir, async (writer) => {
    const compatible = options.full ? undefined : await compatibleManifest(indexDir, settings, deps);
    const before = compatible && options.rebuildIf && (await options.rebuildIf(compatible)) ? undefined : compatible;
    const scan = options.scan && options.scan.build === before?.build ? options.scan.corpus : undefined;
    const plan = await planUpdate(corpusDir, before, options.only, scan, deps);
    const extracted = await ExtractionCache.open(indexDir);
    const documents: IndexedDocument[] = [];
    const skipped: SkippedDocument[] = [...plan.skipped];
    if (plan.read.length) {
      // One PDF worker for all PDFs of the update, ended once they are read.
      const pdf = new PdfWorkerHost();
      const extract = extracted.extractor(deps.extract, { pdf });
      try {
        for (const [i, file] of plan.read.entries()) {
          options.onProgress?.({ phase: "read", done: i, total: plan.read.length });
          const read = await readDocument(file, settings.chunker, deps.logger, extract, deps.read);
          if ("doc" in read) documents.push(read);
          else skipped.push(read);
        }
      } finally {
        await pdf.close();
      }
    }
    const beforeFiles = new Map(before?.files.map((f) => [f.source, f]));
    const kept = plan.kept;
    const gone = [...plan.gone, ...skipped.filter((s) => beforeFiles.has(s.source)).map((s) => beforeFiles.get(s.source)!)];
    if (kept.length + documents.length === 0) {
      throw new AppError("CORPUS_EMPTY", `no readable documents in ${corpusDir}`, {
        hint: `add .txt, .md, .csv, .html, .pdf, .docx or .epub files to ${corpusDir}${skipped.length ? ` (${skipped.length} skipped, see warnings)` : ""}`,
      });
    }
    const result: UpdateResult = {
      manifest: before!,
      added: documents.filter((d) => !beforeFiles.has(d.file.source)).map(change),
      changed: documents.filter((d) => beforeFiles.has(d.file.source)).map(change),
      removed: gone.map((f) => ({ source: f.source, title: f.title, chunks: f.chunks })),
      skipped: skipped.filter((s) => !before?.skipped.some((b) => b.source === s.source && b.reason === s.reason)),
      unchanged: kept.length,
      ms: 0,
      upToDate: false,
    };
    for (const f of kept) extracted.retain(path.extname(f.source), f.hash);
    const refreshed = plan.kept.some((f) => f !== beforeFiles.get(f.source));
    if (before && documents.length === 0 && gone.length === 0 && !refreshed && sameSkips(before.skipped, skipped)) {
      return { result: { ...result, ms: Date.now() - started, upToDate: true } };
    }

    const now = new Date();
    let segment: UpdateOutcome["segment"];
    let entry: SegmentEntry | undefined;
    if (documents.length) {
      const made = writer.newSegment();
      const built = await writeSegment(documents, made, indexDir, !before, settings, deps, options.onProgress);
      segment = { name: made.name, built: built.segment };
      entry = built.entry;
    }
    const files: ManifestFile[] = [
      ...kept,
      ...documents.map((d) => ({ ...d.file, segment: entry!.name, indexedAt: now.toISOString() })),
    ].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    const segments = tombstone(before?.segments ?? [], [...gone, ...documents.flatMap((d) => beforeFiles.get(d.file.source) ?? [])]);
    if (entry) segments.push(entry);
    const generation = (before?.generation ?? 0) + 1;
    const extraction = extractionOf(before, kept);
    const manifest: Manifest = {
      format: INDEX_FORMAT, build: generationName(generation), generation, builtAt: now.toISOString(), buildMs: Date.now() - started,
      embedder: deps.embedder.info, chunker: settings.chunker, hnsw: settings.hnsw, bm25: settings.bm25,
      // A file outside an `only` update may still hold an older extractor's text: the version moves once none does.
      ...(extraction === undefined ? {} : { extraction }),
      files, skipped, chunkCount: files.reduce((n, f) => n + f.chunks, 0), segments,
    };
    await publish(indexDir, manifest);
    await extracted.save().catch((error) => deps.logger.warn("extraction cache not saved", { error }));
    await collectGarbage(indexDir, manifest);
    Object.assign(result, { manifest, ms: Date.now() - started });
    deps.logger.info("index updated", {
      generation, added: result.added.length, changed: result.changed.length, removed: result.removed.length, unchanged: kept.length,
      segments: segments.length, chunks: manifest.chunkCount, extractedFromCache: extracted.hits, ms: result.ms,
    });
    options.onPublished?.(result);
    const merged = await mergeIfNeeded(indexDir, manifest, writer, settings, deps, options.merge);
    if (merged) Object.assign(result, { manifest: merged, merged: true });
    return { result, segment };
  });
}

/**
 * Records the mtimes of indexed files whose content the freshness check found unchanged (touched, copied back …)
 * in a new generation listing the same segments, so the next start compares them by size and mtime instead of
 * hashing them again. Published as any update is, by the atomic manifest rename under the writers' lock, which it
 * does not wait for: when another writer holds it (INDEX_LOCKED) or has published since the scan, nothing is
 * written (that writer compared the corpus itself; a later start records what is left). `builtAt` and `buildMs`
 * stay the indexed content's. Returns the published manifest, or undefined when nothing was written.
 */
export async function refreshFileTimes(indexDir: string, scan: { corpus: CorpusScan; build: string }): Promise<Manifest | undefined> {
  return withIndexWriter(indexDir, async () => {
    const before = await readManifest(indexDir);
    if (before?.build !== scan.build) return undefined;
    const now = new Map(scan.corpus.files.map((f) => [f.source, f]));
    const files: ManifestFile[] = [];
    for (const was of before.files) {
      const file = now.get(was.source);
      files.push(file && (await sameFile(scan.corpus, file, was)) ? restat(was, file) : was);
    }
    if (files.every((f, i) => f === before.files[i])) return undefined;
    const generation = before.generation + 1;
    const manifest: Manifest = { ...before, build: generationName(generation), generation, files };
    await publish(indexDir, manifest);
    return manifest;
  }, { lockWaitMs: 0 });
}

/** What an update does with each corpus file. */
interface Plan {
  /** Files to read: new, changed, or previously skipped and changed since. */
  read: CorpusFile[];
  /** Indexed files left as they are (their size and mtime refreshed when only those changed). */
  kept: ManifestFile[];
  /** Indexed files no longer in the corpus. */
  gone: ManifestFile[];
  /** Skips that stand: the listing's (unsupported types, links out of the corpus …) and unchanged files skipped before. */
  skipped: SkippedDocument[];
}

async function planUpdate(corpusDir: string, before: Manifest | undefined, only: string[] | undefined, given: CorpusScan | undefined, deps: BuildDeps): Promise<Plan> {
  // No generation to keep the other files from: a first build of just `only` would leave the rest of the corpus out.
  const scope = only && before ? new Set(only) : undefined;
  const scan = scope ? await scanSources(corpusDir, [...scope], deps) : given ?? (await scanCorpus(corpusDir, deps.read, deps.logger));
  // A scan handed over was walked quietly (the freshness check): its skips are warned about here, as a walk would.
  if (!scope && given) for (const s of given.skipped) deps.logger.warn("skipped corpus path", { source: s.source, reason: s.reason });
  const indexed = new Map(before?.files.map((f) => [f.source, f]));
  const skippedBefore = new Map(before?.skipped.filter((s) => s.bytes !== undefined).map((s) => [s.source, s]));
  const plan: Plan = { read: [], kept: [], gone: [], skipped: scan.skipped.map((s) => ({ ...s })) };
  // Outside `only`, every skip stands as the published generation has it.
  if (scope) plan.skipped.push(...(before?.skipped ?? []).filter((s) => !scope.has(s.source)));
  const present = new Set<string>();
  for (const file of scan.files) {
    present.add(file.source);
    const was = indexed.get(file.source);
    const skip = skippedBefore.get(file.source);
    if (was && !extractedBefore(before!, was.source) && (await sameFile(scan, file, was))) plan.kept.push(restat(was, file));
    else if (!was && skip && skip.bytes === file.size && skip.mtimeMs === file.mtimeMs) plan.skipped.push(skip);
    else plan.read.push(file);
  }
  for (const f of before?.files ?? []) {
    if (present.has(f.source)) continue;
    if (scope && !scope.has(f.source)) plan.kept.push(f); // a file outside `only` is left indexed even if it is gone
    else plan.gone.push(f);
  }
  return plan;
}

/** The extraction version a generation keeping `kept` from `before` has: the running one unless a kept file was read by an older one. */
function extractionOf(before: Manifest | undefined, kept: readonly ManifestFile[]): number | undefined {
  return before && kept.some((f) => extractedBefore(before, f.source)) ? before.extraction : EXTRACTION_VERSION;
}

/** Given `only`, just those paths are looked at: a few files into a corpus of thousands. */
async function scanSources(corpusDir: string, sources: string[], deps: BuildDeps): Promise<CorpusScan> {
  const { files, skipped } = await listCorpusSources(corpusDir, sources);
  return new CorpusScan(files, skipped, deps.read);
}

/** An indexed file found unchanged, with the mtime it has now (the same object when that did not change either). */
function restat(was: ManifestFile, file: CorpusFile): ManifestFile {
  return was.mtimeMs === file.mtimeMs ? was : { ...was, mtimeMs: file.mtimeMs };
}

/** Same size and mtime, or else the same content hash. */
async function sameFile(scan: CorpusScan, file: CorpusFile, was: ManifestFile): Promise<boolean> {
  if (was.bytes === file.size && was.mtimeMs === file.mtimeMs) return true;
  if (was.bytes !== file.size) return false;
  return (await scan.hash(file)) === was.hash;
}

/**
 * The published manifest when an update can build on it: the same format, embedder and
 * index settings (efSearch is a query-time setting). Otherwise the update is a full build.
 */
async function compatibleManifest(indexDir: string, settings: IndexSettings, deps: BuildDeps): Promise<Manifest | undefined> {
  const manifest = await readManifest(indexDir).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "INDEX_MISMATCH" || error.code === "INDEX_CORRUPT")) return undefined;
    throw error;
  });
  if (!manifest) return undefined;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const { info } = deps.embedder;
  return manifest.embedder.id === info.id && manifest.embedder.dimensions === info.dimensions && same(manifest.chunker, settings.chunker) &&
    manifest.hnsw.m === settings.hnsw.m && manifest.hnsw.efConstruction === settings.hnsw.efConstruction && same(manifest.bm25, settings.bm25)
    ? manifest
    : undefined;
}

/**
 * Builds and writes one segment of `documents`. A full build reads the whole embedding
 * cache and saves it afterwards (pruned to the corpus); an incremental one reads only the
 * rows it needs from it and adds the rows it embedded, so a later update or full build
 * does not embed them again.
 */
async function writeSegment(
  documents: IndexedDocument[], made: { name: string; dir: string }, indexDir: string, full: boolean, settings: IndexSettings, deps: BuildDeps, onProgress?: OnProgress,
): Promise<{ segment: Segment; entry: SegmentEntry }> {
  const { info } = deps.embedder;
  const cache = full ? await EmbeddingCache.open(indexDir, info.id, info.dimensions) : await EmbeddingCache.openLazily(indexDir, info.id, info.dimensions);
  const segment = await buildSegment(documents, made.dir, cache, settings, deps, onProgress);
  onProgress?.({ phase: "write", done: 0, total: 1 });
  const { docs, chunks, chunkDoc, rows, vectors, bm25 } = segment;
  const artifacts = await writeArtifacts(made.dir, { docs, chunks, chunkDoc, rowOf: rows.rowOf, bm25 }, vectors.shards);
  const saved = full ? cache.save(rows.rowKeys, segment.data) : EmbeddingCache.add(indexDir, info.id, info.dimensions, rows.rowKeys, segment.data, segment.embedded);
  await saved.catch((error) => deps.logger.warn("embedding cache not saved", { error }));
  onProgress?.({ phase: "write", done: 1, total: 1 });
  return {
    segment,
    entry: {
      name: made.name, sources: docs.map((d) => d.source), chunkCount: chunks.length, vectorRows: rows.rowChunk.length,
      hnswShards: vectors.shards, artifacts, deletedDocs: [],
    },
  };
}

/** The segments with the documents of `files` tombstoned where they are held; segments left without a live document are dropped. */
export function tombstone(segments: SegmentEntry[], files: ManifestFile[]): SegmentEntry[] {
  const bySegment = new Map<string, Set<string>>();
  for (const f of files) {
    if (!bySegment.has(f.segment)) bySegment.set(f.segment, new Set());
    bySegment.get(f.segment)!.add(f.source);
  }
  return segments.flatMap((s) => {
    const drop = bySegment.get(s.name);
    if (!drop) return [s];
    const deleted = new Set(s.deletedDocs);
    s.sources.forEach((source, i) => {
      if (drop.has(source)) deleted.add(i);
    });
    if (deleted.size === s.sources.length) return [];
    return [{ ...s, deletedDocs: [...deleted].sort((a, b) => a - b) }];
  });
}

function change(d: IndexedDocument): FileChange {
  return { source: d.file.source, title: d.file.title, chunks: d.file.chunks, ...(d.doc.pages ? { pages: d.doc.pages.length } : {}) };
}

function sameSkips(a: SkippedDocument[], b: SkippedDocument[]): boolean {
  const key = (list: SkippedDocument[]) => JSON.stringify(list.map((s) => [s.source, s.reason, s.bytes, s.mtimeMs]).sort());
  return key(a) === key(b);
}
