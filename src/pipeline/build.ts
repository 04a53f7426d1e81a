/**
 * A full build: corpus → documents → chunks → rows → vectors + lexical index → one
 * segment → publish (update.ts with `full`), handed back in memory without reading it
 * again. Until the manifest rename the previous generation stays the live one.
 */
import { assembleIndex } from "../index/open.js";
import { LoadedSegment } from "../index/segments.js";
import type { IndexSettings, LoadedIndex } from "../index/types.js";
import type { BuildDeps, OnProgress } from "./types.js";
import { runUpdate } from "./update.js";

/** Builds the whole index of `corpusDir` into `indexDir` as one segment and publishes it. */
export async function buildIndex(
  corpusDir: string,
  indexDir: string,
  settings: IndexSettings,
  deps: BuildDeps,
  onProgress?: OnProgress,
): Promise<LoadedIndex> {
  const { result, segment } = await runUpdate(corpusDir, indexDir, settings, deps, { full: true, onProgress });
  const { docs, chunks, chunkDoc, vectors, bm25 } = segment!.built;
  return assembleIndex(result.manifest, [new LoadedSegment(segment!.name, docs, chunks, chunkDoc, bm25, vectors)], deps.analyzer);
}
