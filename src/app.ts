import path from "node:path";
import type { Answerer } from "./answer/answerer.js";
import { Citer } from "./answer/cite.js";
import type { Config } from "./config/config.js";
import { terminalLine } from "./display-safe.js";
import { AppError } from "./errors.js";
import { HashingEmbeddings } from "./embed/hashing.js";
import { DEFAULT_ENGINE, Engine } from "./engine.js";
import { type Manifest, readManifest } from "./index/manifest.js";
import { openIndex } from "./index/open.js";
import { createIndexDir } from "./index/publish.js";
import type { LoadedIndex } from "./index/types.js";
import type { Extract } from "./ingest/extract/index.js";
import type { IndexSources } from "./library/corpus-library.js";
import { decodeBytes } from "./ingest/decode.js";
import { TEXT_EXTENSIONS } from "./ingest/extract/index.js";
import { type CorpusFile, type CorpusReader, listCorpusFiles, readCorpusBytes } from "./ingest/load.js";
import { corpusChangedText, indexSummaryText, noIndexText, updateFailedText } from "./lang/messages.js";
import { corpusScript, type Script, scriptFromLocale } from "./lang/script.js";
import { type Logger, silentLogger } from "./log.js";
import { buildIndex } from "./pipeline/build.js";
import { checkFreshness, type CorpusScan, scanCorpus } from "./pipeline/freshness.js";
import type { BuildDeps, BuildProgress } from "./pipeline/types.js";
import { refreshFileTimes, type UpdateOptions, type UpdateResult, updateIndex } from "./pipeline/update.js";
import { createEmbedder } from "./providers/embedder.js";
import { type Analyzer, createAnalyzer } from "./search/analyzer.js";
import type { Embedder } from "./types.js";

export interface App {
  config: Config;
  analyzer: Analyzer;
  embedder: Embedder;
  answerer?: Answerer;
  logger: Logger;
  /** Where user-facing notices go (stderr in the CLI). */
  notify: (line: string) => void;
  /** Reads corpus files for updates and freshness checks; default readCorpusBytes. */
  read?: CorpusReader;
}

export interface AppOverrides {
  embedder?: Embedder;
  answerer?: Answerer;
  analyzer?: Analyzer;
  /** Tests count corpus reads through a wrapper of readCorpusBytes. */
  read?: CorpusReader;
}

/** Composition root with the model-free defaults (or the given overrides); no IO. */
export function createApp(config: Config, logger: Logger, notify: (line: string) => void, overrides: AppOverrides = {}): App {
  const analyzer = overrides.analyzer ?? createAnalyzer();
  const hashing = new HashingEmbeddings(analyzer);
  const embedder = overrides.embedder ?? { info: { id: hashing.id, provider: "hash", dimensions: hashing.dimensions }, embeddings: hashing };
  return { config, analyzer, embedder, answerer: overrides.answerer, logger, notify, ...(overrides.read ? { read: overrides.read } : {}) };
}

/** Composition root for the configured providers: a remote embedder is probed for its dimension here. */
export async function createConfiguredApp(config: Config, logger: Logger, notify: (line: string) => void): Promise<App> {
  const analyzer = createAnalyzer();
  const embedder = await createEmbedder(config.providers, { analyzer, logger });
  return createApp(config, logger, notify, { analyzer, embedder });
}

export function indexDeps(app: App): BuildDeps {
  return { analyzer: app.analyzer, embedder: app.embedder, logger: app.logger, ...(app.read ? { read: app.read } : {}) };
}

/** A full build of the configured corpus, handed back in memory. */
export async function buildAppIndex(app: App, onProgress?: (p: BuildProgress) => void): Promise<LoadedIndex> {
  return buildIndex(app.config.paths.corpusDir, app.config.paths.indexDir, app.config.index, indexDeps(app), onProgress);
}

/** Updates the configured index (incrementally unless `full`) and publishes it. */
export async function updateAppIndex(app: App, options: UpdateOptions = {}): Promise<UpdateResult> {
  return updateIndex(app.config.paths.corpusDir, app.config.paths.indexDir, app.config.index, indexDeps(app), options);
}

/** Opens the published generation (reusing the segments of `previous` it still lists). */
export async function openAppIndex(app: App, previous?: LoadedIndex): Promise<LoadedIndex> {
  return openIndex(app.config.paths.indexDir, indexDeps(app), app.config.index, previous ? { previous } : {});
}

/**
 * Indexes the given corpus sources incrementally (only they are read, embedded and indexed, as a new segment;
 * removed ones are tombstoned): what the document library (src/library/) calls to make an upload or a removal
 * answerable. `extract` reads what the extraction cache lacks (the library's RecentExtractions, so an upload
 * is not parsed twice).
 */
export function indexSourcesIncrementally(app: App, extract?: Extract): IndexSources {
  return async (only) => {
    const result = await updateIndex(app.config.paths.corpusDir, app.config.paths.indexDir, app.config.index, { ...indexDeps(app), ...(extract ? { extract } : {}) }, { only });
    return { chunks: result.manifest.chunkCount, ms: result.ms, files: [...result.added, ...result.changed] };
  };
}

/**
 * Opens the index for answering. Builds it when there is none and updates it
 * incrementally when the corpus changed since (said on stderr, with the summary
 * `citebot index` prints), quietly recording the mtimes of files touched but unchanged;
 * a mismatched or corrupt index is refused with what to run.
 * When an update fails for any reason but the corpus itself (a full disk, a build lock
 * held too long, an unreachable embedder), the previous generation still answers.
 */
export async function openFreshIndex(app: App): Promise<LoadedIndex> {
  const { config, notify } = app;
  const manifest = await readManifest(config.paths.indexDir);
  if (!manifest) {
    // A missing corpus or a mistyped index path is reported before any notice.
    const { files } = await listCorpusFiles(config.paths.corpusDir, silentLogger);
    await createIndexDir(config.paths.indexDir);
    const script = scriptFromLocale(config.locale) ?? (await corpusSampleScript(files));
    notify(noIndexText(config.paths.indexDir, config.paths.corpusDir, script));
    return buildAndSummarise(app, script);
  }
  // One walk, each file hashed at most once: the update below plans from the same scan.
  const scan = await scanCorpus(config.paths.corpusDir, app.read);
  const freshness = await checkFreshness(scan, manifest);
  if (!freshness.fresh) {
    const script = scriptFromLocale(config.locale) ?? (await corpusSampleScript(scan.files, manifest));
    notify(corpusChangedText(freshness.changed, script));
    try {
      const result = await updateAppIndex(app, { scan: { corpus: scan, build: manifest.build } });
      notify(updateSummary(result, config.paths.indexDir, script));
    } catch (error) {
      if (!(error instanceof AppError) || error.code === "CORPUS_MISSING" || error.code === "CORPUS_EMPTY") throw error;
      const previous = await openAppIndex(app).catch(() => undefined);
      if (!previous) throw error;
      notify(updateFailedText(`${error.message}${error.hint ? ` (${error.hint})` : ""}`, previous.manifest.builtAt, script));
      return previous;
    }
  } else if (freshness.touched.length) {
    await recordTouched(app, scan, manifest.build, freshness.touched.length);
  }
  return openAppIndex(app);
}

/**
 * Records the new mtimes of files touched but unchanged, so the next start does not hash them again. Best
 * effort: when it cannot (another writer holds the lock, a read-only index), this start answers all the same
 * and a later one records them.
 */
async function recordTouched(app: App, scan: CorpusScan, build: string, touched: number): Promise<void> {
  const started = Date.now();
  try {
    const manifest = await refreshFileTimes(app.config.paths.indexDir, { corpus: scan, build });
    if (manifest) app.logger.info("file times recorded", { files: touched, generation: manifest.generation, ms: Date.now() - started });
  } catch (error) {
    const code = error instanceof AppError ? error.code : undefined;
    if (code === "INDEX_LOCKED") app.logger.debug("file times not recorded: another writer holds the index", { files: touched });
    // A read-only index is a deployment (replicas answering from an index one writer publishes), not a fault to warn of at every start.
    else if (readOnly(error)) app.logger.debug("file times not recorded: the index folder is read-only", { files: touched });
    else app.logger.warn("file times not recorded", { files: touched, error });
  }
}

/** The index folder cannot be written by this process: a read-only mount or permissions. */
function readOnly(error: unknown): boolean {
  const code = ((error as { cause?: NodeJS.ErrnoException }).cause ?? (error as NodeJS.ErrnoException)).code;
  return code === "EROFS" || code === "EACCES" || code === "EPERM";
}

async function buildAndSummarise(app: App, script: Script): Promise<LoadedIndex> {
  const started = Date.now();
  const index = await buildAppIndex(app);
  app.notify(indexSummary(index.manifest, Date.now() - started, app.config.paths.indexDir, script));
  return index;
}

/** Plain-text files read at most to tell a corpus's language before it is indexed as it is now, and the largest one read. */
const SAMPLE_FILES = 20;
const SAMPLE_MAX_BYTES = 256 * 1024;

/**
 * The language the index notices of a start are in when the locale names none: the corpus's dominant script
 * (corpusScript), read from the openings of its first plain-text files (the index does not hold them yet, or not as they
 * are), and from the titles of the files indexed before. Read only when there is a notice to say.
 */
async function corpusSampleScript(files: readonly CorpusFile[], manifest?: Manifest): Promise<Script> {
  const texts: { text: string }[] = [];
  for (const file of files) {
    if (texts.length >= SAMPLE_FILES) break;
    if (file.size > SAMPLE_MAX_BYTES || !(TEXT_EXTENSIONS as readonly string[]).includes(path.extname(file.source).toLowerCase())) continue;
    const bytes = await readCorpusBytes(file);
    const decoded = Buffer.isBuffer(bytes) ? decodeBytes(bytes) : undefined;
    if (decoded) texts.push({ text: decoded.text });
  }
  return corpusScript([...texts, ...(manifest?.files ?? []).map((f) => ({ text: f.title }))]);
}

/**
 * The language of what `citebot index`, `add` and `remove` say, once the index holds the corpus as it is: the locale's,
 * else the corpus's dominant script, read as the index notices of a start read it (corpusSampleScript). Read only for the
 * text summaries; a corpus that cannot be listed (removed meanwhile) leaves the titles indexed to decide.
 */
export async function indexCommandScript(app: App, manifest: Manifest | undefined): Promise<Script> {
  const fromLocale = scriptFromLocale(app.config.locale);
  if (fromLocale) return fromLocale;
  const { files } = await listCorpusFiles(app.config.paths.corpusDir, silentLogger).catch(() => ({ files: [] }));
  return corpusSampleScript(files, manifest);
}

/** The one-line summary of a build: files, chunks, seconds, skipped files and where the index is, in `script` (the CLI's own language). */
export function indexSummary(m: Manifest, ms: number, indexDir: string, script: Script = "en"): string {
  return indexSummaryText({ files: m.files.length, chunks: m.chunkCount, ms, skipped: m.skipped.length, indexDir: terminalLine(indexDir) }, script);
}

/**
 * The summary of an update: what changed (files added, changed, removed; chunks), the seconds
 * until it was published, skipped files and where the index is, in `script`.
 */
export function updateSummary(r: UpdateResult, indexDir: string, script: Script = "en"): string {
  const m = r.manifest;
  return indexSummaryText({
    files: m.files.length, chunks: m.chunkCount, ms: r.ms, skipped: r.skipped.length, indexDir: terminalLine(indexDir), upToDate: r.upToDate,
    changes: { added: r.added, changed: r.changed, removed: r.removed, merged: r.merged === true },
  }, script);
}

/** Opens the index and the engine; one Citer over the index makes every citation, the engine's and an LLM answerer's. */
export async function openEngine(app: App): Promise<Engine> {
  const index = await openFreshIndex(app);
  return engineOver(app, index, await appAnswerer(app));
}

/**
 * The configured answerer (an LLM's or the extractive one): one per app, shared by every index generation it
 * answers from. Imported on demand: the LLM answerer loads LangChain's message classes (~0.3 s), which
 * `citebot index` never needs. Questions need jieba (its dictionary loads in ~0.1 s): loaded here, with the
 * answerer, not during the first question.
 */
export async function appAnswerer(app: App): Promise<Answerer> {
  app.analyzer.queryWords("");
  return app.answerer ?? (await import("./answer/llm/answerer.js")).createAnswerer(app.config.providers, { analyzer: app.analyzer, logger: app.logger });
}

/** The engine over one loaded index; a Citer over that index makes its citations. */
export function engineOver(app: App, index: LoadedIndex, answerer: Answerer | undefined): Engine {
  const citer = new Citer(index);
  return new Engine({ index, citer, analyzer: app.analyzer, embedder: app.embedder, answerer, logger: app.logger }, { ...DEFAULT_ENGINE, k: app.config.engine.k });
}
