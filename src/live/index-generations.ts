/** Generations of the published index in the app's index directory, each with its own engine. */
import type { Answerer } from "../answer/answerer.js";
import { type App, engineOver, indexDeps } from "../app.js";
import { readManifest } from "../index/manifest.js";
import { openIndex } from "../index/open.js";
import type { LoadedIndex } from "../index/types.js";
import type { Generation, GenerationSource } from "./generation.js";

export interface IndexGeneration extends Generation {
  readonly index: LoadedIndex;
}

export interface IndexGenerations extends GenerationSource<IndexGeneration> {
  /** The generation of an index opened (or built) already, e.g. by openFreshIndex at start-up. */
  adopt(index: LoadedIndex): IndexGeneration;
}

/** One answerer for all generations: an LLM client is made once, and every generation's engine streams alike. */
export function indexGenerations(app: App, answerer: Answerer): IndexGenerations {
  const { indexDir } = app.config.paths;
  const adopt = (index: LoadedIndex): IndexGeneration => ({
    build: index.manifest.build,
    files: index.manifest.files,
    skipped: index.manifest.skipped,
    chunks: index.manifest.chunkCount,
    index,
    engine: engineOver(app, index, answerer),
    close: () => index.close(),
  });
  return {
    adopt,
    publishedBuild: async () => (await readManifest(indexDir))?.build,
    // The segments both generations share are reused, not read again.
    open: async (previous) => adopt(await openIndex(indexDir, indexDeps(app), app.config.index, previous ? { previous: previous.index } : {})),
  };
}
