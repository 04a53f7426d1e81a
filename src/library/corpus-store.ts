/**
 * The one place documents are written into, or removed from, the corpus folder: `citebot add` and
 * `citebot remove` (addFiles, removeSources below) and the chat library (corpus-library.ts) all
 * change the corpus through a `CorpusChange`, and name files by the one rule of names.ts.
 *
 * A change stages each new file's bytes under a hidden name beside its place (the corpus walk
 * skips dot files), synced, so it can be read the way a build reads it before anything is
 * visible; stores it under its name — a hard link when the name is free, which fails rather than
 * overwrite, or, for a replacement, one atomic rename with the old version kept under a hidden
 * name; hides removed files the same way; then runs the index update. If the update (or any
 * step before it) fails, the corpus is put back as it was, so it matches the published index
 * (which publishes atomically, so it never changed); once the update succeeded, the hidden old
 * versions go.
 */
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { AppError, CorpusError, IndexError } from "../errors.js";
import { readManifest } from "../index/manifest.js";
import type { IndexSettings } from "../index/types.js";
import { type CorpusFile, hashBytes, loadCorpusFile, SUPPORTED_EXTENSIONS } from "../ingest/load.js";
import type { BuildDeps } from "../pipeline/types.js";
import { type UpdateOptions, type UpdateResult, updateIndex } from "../pipeline/update.js";
import { LibraryError, UPLOAD_EXTENSIONS } from "./library.js";
import { safeFileName } from "./names.js";

/**
 * One set of changes to the corpus folder, undone unless `index` succeeds. Use it through
 * `changeCorpus`, which ends it (undoing or cleaning up) whatever happens.
 */
export class CorpusChange {
  /** Staged temp files by source. */
  private readonly staged = new Map<string, string>();
  /** How to put the corpus back, newest change first, each with the hidden file it brings back. */
  private readonly undo: Array<{ step: () => Promise<void>; restores?: string }> = [];
  /** Hidden files to delete at the end: temps, and old versions once the index no longer needs them. */
  private readonly hidden: string[] = [];
  private committed = false;

  constructor(readonly corpusDir: string) {}

  /**
   * Writes `bytes` under a hidden name beside `source`'s place, synced, and returns that file as the
   * corpus walk would list it under `source`: read it (readDocument) to refuse what a build would skip.
   */
  async stage(source: string, bytes: Uint8Array): Promise<CorpusFile> {
    const target = this.place(source);
    const temp = hiddenBeside(target, "adding");
    this.hidden.push(temp);
    await writeNewFile(temp, bytes, this.corpusDir);
    this.staged.set(source, temp);
    const stat = await fs.stat(temp);
    return { source, absPath: await fs.realpath(temp), root: await fs.realpath(this.corpusDir), size: stat.size, mtimeMs: stat.mtimeMs };
  }

  /**
   * Puts the staged `source` in place: linked when the name is free; when a file is there, renamed over
   * it if `replace` (the old version kept hidden until the change ends), else refused (LibraryError
   * "exists": another writer got there first). Returns whether it replaced a file.
   */
  async store(source: string, options: { replace?: boolean } = {}): Promise<boolean> {
    const temp = this.staged.get(source);
    if (!temp) throw new TypeError(`${source} was not staged`);
    const target = this.place(source);
    try {
      await fs.link(temp, target);
      this.undo.unshift({ step: () => fs.rm(target, { force: true }) });
      return false;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!options.replace) throw new LibraryError("exists", `${source} already exists`, { hint: "replace it (confirm the replacement, or `citebot add --replace`)" });
    }
    const old = hiddenBeside(target, "replaced");
    await fs.link(target, old);
    this.hidden.push(old);
    await fs.rename(temp, target);
    this.undo.unshift({ step: () => fs.rename(old, target), restores: old });
    return true;
  }

  /** Takes `source` out of the corpus (hidden until the change ends); false when it was not there. */
  async remove(source: string): Promise<boolean> {
    const file = this.place(source);
    const parked = hiddenBeside(file, "removed");
    try {
      await fs.rename(file, parked);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
    this.hidden.push(parked);
    this.undo.unshift({ step: () => fs.rename(parked, file), restores: parked });
    return true;
  }

  /** Runs the index update over the changed corpus; the change stands only once it succeeded. */
  async index<T>(update: () => Promise<T>): Promise<T> {
    const result = await update();
    this.committed = true;
    return result;
  }

  /** Undoes the change unless `index` succeeded, then deletes the hidden files it no longer needs. */
  async end(): Promise<void> {
    if (!this.committed) {
      for (const { step, restores } of this.undo) {
        // What cannot be put back stays hidden beside its place: an old version is never deleted unrestored.
        await step().catch(() => restores && this.hidden.splice(this.hidden.indexOf(restores), 1));
      }
    }
    for (const file of this.hidden) await fs.rm(file, { force: true }).catch(() => undefined);
  }

  /** The absolute path of `source`, which must stay inside the corpus. */
  private place(source: string): string {
    const file = path.resolve(this.corpusDir, source);
    if (!file.startsWith(path.resolve(this.corpusDir) + path.sep)) throw new LibraryError("unknown", `${source} is not inside the corpus`);
    return file;
  }
}

/** Runs `work` on one corpus change and ends it: undone if `work` throws before its index update succeeded. */
export async function changeCorpus<T>(corpusDir: string, work: (change: CorpusChange) => Promise<T>): Promise<T> {
  const change = new CorpusChange(corpusDir);
  try {
    return await work(change);
  } finally {
    await change.end();
  }
}

/** A hidden name beside `file` (the corpus walk skips dot files), keeping its extension. */
function hiddenBeside(file: string, what: string): string {
  return path.join(path.dirname(file), `.${what}-${randomUUID()}${path.extname(file)}`);
}

/**
 * Creates `file` (never over another) with `bytes`, synced, making its folder; a full disk is said
 * plainly (INDEX_DISK_FULL: the corpus and the index are unchanged).
 */
export async function writeNewFile(file: string, bytes: Uint8Array, corpusDir: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(file, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
    await fs.rm(file, { force: true });
    throw new IndexError("INDEX_DISK_FULL", `no space left on device while storing the file in ${corpusDir}`, {
      hint: "free some disk space and add the file again; the corpus and the index are unchanged",
      cause: error,
    });
  }
}

/** What became of one file given to `addFiles`. */
export type AddOutcome =
  | { file: string; source: string; status: "added" | "replaced" | "unchanged" }
  | { file: string; source?: string; status: "refused"; reason: string };

export interface AddOptions extends Pick<UpdateOptions, "onProgress" | "onPublished"> {
  /** Replace a different corpus file of the same name (default: refuse it). */
  replace?: boolean;
}

/**
 * `citebot add`: copies `files` into the top of the corpus under their safe names (each read and
 * extracted first; refused with the reason when it cannot be indexed, or when a different file of that
 * name is there and `replace` is not set), then indexes the copied ones incrementally, as one update.
 * Refused files are not copied; if the update fails, the corpus is put back.
 */
export async function addFiles(
  files: string[], corpusDir: string, indexDir: string, settings: IndexSettings, deps: BuildDeps, options: AddOptions = {},
): Promise<{ outcomes: AddOutcome[]; update?: UpdateResult }> {
  const outcomes: AddOutcome[] = [];
  const copies: Array<{ real: string; source: string }> = [];
  const corpusReal = await fs.realpath(corpusDir).catch(() => path.resolve(corpusDir));
  // Sources this call already takes: a file named twice is taken once; another file of the same name would clash.
  const taken = new Map<string, { file: string; real: string }>();
  for (const file of files) {
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      const reason = !stat ? "no such file" : stat.isDirectory() ? `a folder: add the files in it (citebot add ${path.join(file, "*")})` : "not a file";
      outcomes.push({ file, status: "refused", reason });
      continue;
    }
    // A file already in the corpus (corpus/sub/x.md) is indexed where it is: a copy at the top would be a second document.
    const inCorpus = path.relative(corpusReal, await fs.realpath(file));
    const within = !inCorpus.startsWith("..") && !path.isAbsolute(inCorpus);
    const source = within ? inCorpus.split(path.sep).join("/") : safeFileName(path.basename(file));
    const ext = path.extname(source ?? "").toLowerCase();
    if (!source || !(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
      outcomes.push({ file, status: "refused", reason: `unsupported file type ${ext || "(no extension)"}: citebot reads ${UPLOAD_EXTENSIONS.join(" ")}` });
      continue;
    }
    const real = await fs.realpath(file);
    const earlier = taken.get(source);
    if (earlier?.real === real) continue;
    if (earlier) {
      outcomes.push({ file, source, status: "refused", reason: `${earlier.file}, also given, is added as ${source} (rename one of them)` });
      continue;
    }
    const loaded = await loadCorpusFile({ source, absPath: real, root: path.dirname(real), size: stat.size, mtimeMs: stat.mtimeMs });
    if ("skipped" in loaded) {
      outcomes.push({ file, source, status: "refused", reason: loaded.skipped });
      continue;
    }
    const existing = await fs.readFile(path.join(corpusDir, source)).catch(() => undefined);
    if (existing && hashBytes(existing) === loaded.hash) {
      taken.set(source, { file, real });
      outcomes.push({ file, source, status: "unchanged" });
      continue;
    }
    if (existing && !options.replace) {
      outcomes.push({ file, source, status: "refused", reason: `the corpus already has another file named ${source} (add --replace to replace it)` });
      continue;
    }
    taken.set(source, { file, real });
    outcomes.push({ file, source, status: existing ? "replaced" : "added" });
    copies.push({ real, source });
  }
  const sources = outcomes.flatMap((o) => (o.status === "refused" ? [] : [o.source]));
  if (sources.length === 0) return { outcomes };
  const update = await changeCorpus(corpusDir, async (change) => {
    for (const copy of copies) await change.stage(copy.source, await fs.readFile(copy.real));
    for (const copy of copies) await change.store(copy.source, { replace: options.replace === true });
    return change.index(() => updateIndex(corpusDir, indexDir, settings, deps, { only: sources, onProgress: options.onProgress, onPublished: options.onPublished }));
  });
  return { outcomes, update };
}

/**
 * `citebot remove`: removes indexed documents from the corpus folder, then from the index (tombstones,
 * one generation); if the update fails, the files are put back. A source the index does not hold is
 * SOURCE_UNKNOWN; removing every document is refused (an index needs one).
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
  return changeCorpus(corpusDir, async (change) => {
    for (const source of sources) await change.remove(source);
    return change.index(() => updateIndex(corpusDir, indexDir, settings, deps, { only: sources, onPublished: options.onPublished }));
  });
}
