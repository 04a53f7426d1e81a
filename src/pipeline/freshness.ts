/** Whether the published index still matches the corpus, as a build would read it. */
import type { Manifest } from "../index/manifest.js";
import { type CorpusFile, hashBytes, listCorpusFiles, readCorpusBytes } from "../ingest/load.js";
import { silentLogger } from "../log.js";

export interface Freshness {
  fresh: boolean;
  changed: string[];
}

/**
 * Compares the corpus with the manifest: size and mtime first, content hash only where those differ.
 * A file the listing skips (unsupported type, a link out of the corpus …) that the manifest does not
 * list as skipped is a change too, so the next build reports it. Quiet: the build warns about skips.
 */
export async function checkFreshness(corpusDir: string, manifest: Manifest): Promise<Freshness> {
  const { files, skipped } = await listCorpusFiles(corpusDir, silentLogger);
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
  const skippedBefore = new Set(manifest.skipped.filter((s) => s.bytes === undefined).map((s) => s.source));
  const skippedNow = new Set(skipped.map((s) => s.source));
  for (const source of skippedNow) if (!skippedBefore.has(source)) changed.push(source);
  for (const source of skippedBefore) if (!skippedNow.has(source)) changed.push(source);
  return { fresh: changed.length === 0, changed };
}

async function hashFile(file: CorpusFile): Promise<string | undefined> {
  const bytes = await readCorpusBytes(file);
  return Buffer.isBuffer(bytes) ? hashBytes(bytes) : undefined;
}
