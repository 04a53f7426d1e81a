/** Whether the published index still matches the corpus, as a build would read it. */
import type { Manifest } from "../index/manifest.js";
import { type CorpusFile, hashBytes, listCorpusFiles, readCorpusBytes } from "../ingest/load.js";
import type { Logger } from "../log.js";

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
  const bytes = await readCorpusBytes(file);
  return Buffer.isBuffer(bytes) ? hashBytes(bytes) : undefined;
}
