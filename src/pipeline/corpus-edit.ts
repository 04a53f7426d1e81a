/**
 * Adding files to the corpus and removing documents from it, each followed by an
 * incremental update of just those sources. A file is read and extracted before it is
 * copied, so an unsupported, damaged or empty file never enters the corpus.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { AppError, CorpusError } from "../errors.js";
import { readManifest } from "../index/manifest.js";
import type { IndexSettings } from "../index/types.js";
import { hashBytes, loadCorpusFile, SUPPORTED_EXTENSIONS } from "../ingest/load.js";
import type { BuildDeps } from "./types.js";
import { type UpdateOptions, type UpdateResult, updateIndex } from "./update.js";

/** What became of one file given to `addFiles`. */
export type AddOutcome =
  | { file: string; source: string; status: "added" | "replaced" | "unchanged" }
  | { file: string; source?: string; status: "refused"; reason: string };

export interface AddOptions extends Pick<UpdateOptions, "onProgress" | "onPublished"> {
  /** Replace a different corpus file of the same name (default: refuse it). */
  replace?: boolean;
  /** Corpus subfolder to copy into (e.g. "uploads"); default the corpus folder itself. */
  into?: string;
}

/**
 * A file name safe to create in the corpus: the base name only (no folders, so no path
 * traversal), without control characters or characters that trouble shells and other
 * systems, not hidden (the corpus walk ignores dot-files); undefined when nothing is left.
 */
export function safeName(name: string): string | undefined {
  const cleaned = cleanName(name.split(/[\\/]/).pop() ?? "");
  const ext = path.extname(cleaned);
  return cleaned && ext && cleaned !== ext ? cleaned : undefined;
}

function cleanName(name: string): string {
  return name
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069<>:"|?*]/g, "_")
    .replace(/^[.\s]+/, "")
    .trim()
    .slice(0, 200);
}

/**
 * Copies `files` into the corpus (each read and extracted first; refused with the reason
 * when it cannot be indexed, or when a different file of that name is there and `replace`
 * is not set), then indexes the copied ones incrementally. Refused files are not copied.
 */
export async function addFiles(
  files: string[], corpusDir: string, indexDir: string, settings: IndexSettings, deps: BuildDeps, options: AddOptions = {},
): Promise<{ outcomes: AddOutcome[]; update?: UpdateResult }> {
  const folder = path.join(corpusDir, ...(options.into ?? "").split(/[\\/]/).map(cleanName).filter(Boolean));
  const outcomes: AddOutcome[] = [];
  const copies: Array<{ bytes: Buffer; target: string; outcome: AddOutcome; before?: Buffer }> = [];
  for (const file of files) {
    const name = safeName(path.basename(file));
    const ext = path.extname(name ?? "").toLowerCase();
    if (!name || !(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
      outcomes.push({ file, status: "refused", reason: `unsupported file type ${ext || "(no extension)"}: citebot reads ${SUPPORTED_EXTENSIONS.slice(0, 9).join(" ")}` });
      continue;
    }
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      outcomes.push({ file, status: "refused", reason: stat ? "not a file" : "no such file" });
      continue;
    }
    const source = path.relative(corpusDir, path.join(folder, name)).split(path.sep).join("/");
    const real = await fs.realpath(file);
    const loaded = await loadCorpusFile({ source, absPath: real, root: path.dirname(real), size: stat.size, mtimeMs: stat.mtimeMs });
    if ("skipped" in loaded) {
      outcomes.push({ file, source, status: "refused", reason: loaded.skipped });
      continue;
    }
    const target = path.join(folder, name);
    const existing = await fs.readFile(target).catch(() => undefined);
    if (existing && hashBytes(existing) === loaded.hash) {
      outcomes.push({ file, source, status: "unchanged" });
      continue;
    }
    if (existing && !options.replace) {
      outcomes.push({ file, source, status: "refused", reason: `the corpus already has another file named ${name} (add --replace to replace it)` });
      continue;
    }
    const outcome: AddOutcome = { file, source, status: existing ? "replaced" : "added" };
    outcomes.push(outcome);
    copies.push({ bytes: await fs.readFile(real), target, outcome, before: existing });
  }
  const sources = outcomes.flatMap((o) => (o.status === "refused" ? [] : [o.source]));
  if (sources.length === 0) return { outcomes };
  await fs.mkdir(folder, { recursive: true });
  const written: typeof copies = [];
  try {
    for (const copy of copies) {
      await writeWhole(copy.target, copy.bytes);
      written.push(copy);
    }
    const update = await updateIndex(corpusDir, indexDir, settings, deps, { only: sources, onProgress: options.onProgress, onPublished: options.onPublished });
    return { outcomes, update };
  } catch (error) {
    // Nothing half-added: the corpus goes back to what the published index holds.
    for (const { target, before } of written) await (before ? writeWhole(target, before) : fs.rm(target, { force: true })).catch(() => undefined);
    throw error;
  }
}

/** Written beside the target under a hidden name (the corpus walk skips it), then renamed into place whole. */
async function writeWhole(target: string, bytes: Buffer): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Removes indexed documents: from the corpus folder, then from the index (tombstones, one
 * generation). A source the index does not hold is SOURCE_UNKNOWN; removing every
 * document is refused (an index needs one).
 */
export async function removeSources(
  sources: string[], corpusDir: string, indexDir: string, settings: IndexSettings, deps: BuildDeps, options: Pick<UpdateOptions, "onPublished"> = {},
): Promise<UpdateResult> {
  const manifest = await readManifest(indexDir);
  if (!manifest) throw new AppError("INDEX_MISSING", `no index in ${indexDir}`, { hint: "run `citebot index` to build it" });
  const indexed = new Set(manifest.files.map((f) => f.source));
  const unknown = sources.filter((s) => !indexed.has(s));
  if (unknown.length) {
    throw new CorpusError("SOURCE_UNKNOWN", `${unknown.map((s) => JSON.stringify(s)).join(", ")} ${unknown.length === 1 ? "is" : "are"} not in the index`, {
      hint: "`citebot stats` lists the indexed documents by the source names citations use",
    });
  }
  if (new Set(sources).size >= indexed.size) {
    throw new CorpusError("CORPUS_EMPTY", "removing every document would leave the index empty", { hint: "add the new documents first, then remove the old ones" });
  }
  for (const source of sources) {
    const file = path.resolve(corpusDir, source);
    if (!file.startsWith(path.resolve(corpusDir) + path.sep)) continue; // manifest sources are corpus-relative; never delete outside it
    await fs.rm(file, { force: true });
  }
  return updateIndex(corpusDir, indexDir, settings, deps, { only: sources, onPublished: options.onPublished });
}
