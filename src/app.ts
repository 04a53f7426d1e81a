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
import { listCorpusFiles } from "./ingest/load.js";
import { type Logger, silentLogger } from "./log.js";
import { buildIndex } from "./pipeline/build.js";
import { checkFreshness } from "./pipeline/freshness.js";
import type { BuildDeps, BuildProgress } from "./pipeline/types.js";
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
}

export interface AppOverrides {
  embedder?: Embedder;
  answerer?: Answerer;
  analyzer?: Analyzer;
}

/** Composition root with the model-free defaults (or the given overrides); no IO. */
export function createApp(config: Config, logger: Logger, notify: (line: string) => void, overrides: AppOverrides = {}): App {
  const analyzer = overrides.analyzer ?? createAnalyzer();
  const hashing = new HashingEmbeddings(analyzer);
  const embedder = overrides.embedder ?? { info: { id: hashing.id, provider: "hash", dimensions: hashing.dimensions }, embeddings: hashing };
  return { config, analyzer, embedder, answerer: overrides.answerer, logger, notify };
}

/** Composition root for the configured providers: a remote embedder is probed for its dimension here. */
export async function createConfiguredApp(config: Config, logger: Logger, notify: (line: string) => void): Promise<App> {
  const analyzer = createAnalyzer();
  const embedder = await createEmbedder(config.providers, { analyzer, logger });
  return createApp(config, logger, notify, { analyzer, embedder });
}

export function indexDeps(app: App): BuildDeps {
  return { analyzer: app.analyzer, embedder: app.embedder, logger: app.logger };
}

export async function buildAppIndex(app: App, onProgress?: (p: BuildProgress) => void): Promise<LoadedIndex> {
  return buildIndex(app.config.paths.corpusDir, app.config.paths.indexDir, app.config.index, indexDeps(app), onProgress);
}

/**
 * Indexes changed corpus sources by rebuilding the whole index (extractions and embeddings come from
 * the caches, so only the changed files are read and embedded afresh); what the document library
 * (src/library/) calls to make an upload or a removal answerable. `extract` reads what the
 * extraction cache lacks (the library's RecentExtractions, so an upload is not parsed twice).
 */
export function indexSourcesByRebuild(app: App, extract?: Extract): IndexSources {
  return async () => {
    const started = Date.now();
    const index = await buildIndex(app.config.paths.corpusDir, app.config.paths.indexDir, app.config.index, { ...indexDeps(app), ...(extract ? { extract } : {}) });
    const pages = new Map(index.docs.map((d) => [d.source, d.pages?.length] as const));
    const files = index.manifest.files.map((f) => {
      const n = pages.get(f.source);
      return { source: f.source, title: f.title, chunks: f.chunks, ...(n !== undefined ? { pages: n } : {}) };
    });
    return { chunks: index.manifest.chunkCount, ms: Date.now() - started, files };
  };
}

/**
 * Opens the index for answering. Builds it when there is none and rebuilds it
 * when the corpus changed since (said on stderr, with the summary `citebot index`
 * prints); a mismatched or corrupt index is refused with what to run. When a
 * rebuild fails for any reason but the corpus itself (a full disk, a build lock
 * held too long, an unreachable embedder), the previous index still answers.
 */
export async function openFreshIndex(app: App): Promise<LoadedIndex> {
  const { config, notify } = app;
  const manifest = await readManifest(config.paths.indexDir);
  if (!manifest) {
    // A missing corpus or a mistyped index path is reported before any notice.
    await listCorpusFiles(config.paths.corpusDir, silentLogger);
    await createIndexDir(config.paths.indexDir);
    notify(`No index in ${config.paths.indexDir} yet: indexing ${config.paths.corpusDir} …`);
    return buildAndSummarise(app);
  }
  const freshness = await checkFreshness(config.paths.corpusDir, manifest);
  if (!freshness.fresh) {
    const list = freshness.changed.slice(0, 5).join(", ") + (freshness.changed.length > 5 ? ` and ${freshness.changed.length - 5} more` : "");
    notify(`Corpus changed since the index was built (${list}): re-indexing …`);
    try {
      return await buildAndSummarise(app);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === "CORPUS_MISSING" || error.code === "CORPUS_EMPTY") throw error;
      const previous = await openIndex(config.paths.indexDir, indexDeps(app), config.index).catch(() => undefined);
      if (!previous) throw error;
      notify(`Warning: re-indexing failed: ${error.message}${error.hint ? ` (${error.hint})` : ""}; answering from the previous index, built ${previous.manifest.builtAt}`);
      return previous;
    }
  }
  return openIndex(config.paths.indexDir, indexDeps(app), config.index);
}

async function buildAndSummarise(app: App): Promise<LoadedIndex> {
  const started = Date.now();
  const index = await buildAppIndex(app);
  app.notify(indexSummary(index.manifest, Date.now() - started, app.config.paths.indexDir));
  return index;
}

/** The one-line summary of a build: files, chunks, seconds, skipped files and where the index is. */
export function indexSummary(m: Manifest, ms: number, indexDir: string): string {
  return `Indexed ${m.files.length} file${m.files.length === 1 ? "" : "s"} (${m.chunkCount} chunks) in ${(ms / 1000).toFixed(2)} s` +
    `${m.skipped.length ? `; skipped ${m.skipped.length} (see warnings)` : ""} → ${terminalLine(indexDir)}`;
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
