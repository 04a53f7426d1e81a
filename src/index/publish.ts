/**
 * Writing into the index directory: new segments are written into fresh seg-*
 * directories under the writers' lock, then published by renaming the manifest that
 * lists them into place; until that rename the previous generation stays the live one.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { AppError, IndexError, UsageError } from "../errors.js";
import { acquireIndexLock } from "./lock.js";
import { type Manifest, readManifest, writeManifest } from "./manifest.js";

/** A segment directory inside the index directory, not yet published. */
export interface NewSegment {
  /** The directory's name, as the manifest records it. */
  name: string;
  /** Its path; the first artifact written creates it. */
  dir: string;
}

/** What a writer holding the lock may do: make fresh segment directories. */
export interface IndexWriter {
  newSegment(): NewSegment;
}

/**
 * Creates the index directory, but not missing parents: a mistyped --index path
 * should be an error, not a new directory tree somewhere.
 */
export async function createIndexDir(indexDir: string): Promise<void> {
  try {
    await fs.mkdir(indexDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    if (code === "ENOENT") {
      throw new UsageError(`cannot create index directory ${indexDir}: ${path.dirname(indexDir)} does not exist`, {
        code: "CONFIG_INVALID",
        hint: "check --index or CITEBOT_INDEX; if the path is right, create its parent folder first",
      });
    }
    throw writeError(error, indexDir, false);
  }
}

export interface WriterOptions {
  /** How long to wait for another writer's lock before INDEX_LOCKED; default acquireIndexLock's (30 s). */
  lockWaitMs?: number;
}

/**
 * Runs `write` with the index directory locked against other writers; it makes fresh
 * segment directories with `writer.newSegment()`. When `write` fails (it must not leave
 * work writing into the directory behind) the segments it made that the published
 * manifest does not list are removed and the failure is said as the user should read
 * it; the published generation is unchanged.
 */
export async function withIndexWriter<T>(indexDir: string, write: (writer: IndexWriter) => Promise<T>, options: WriterOptions = {}): Promise<T> {
  await createIndexDir(indexDir);
  const release = await acquireIndexLock(indexDir, options.lockWaitMs).catch(async (error) => {
    throw writeError(error, indexDir, await hasPublishedIndex(indexDir));
  });
  const made: string[] = [];
  const writer: IndexWriter = {
    newSegment() {
      const name = `seg-${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString("hex")}`;
      made.push(name);
      return { name, dir: path.join(indexDir, name) };
    },
  };
  try {
    return await write(writer);
  } catch (error) {
    const live = new Set((await readManifest(indexDir).catch(() => undefined))?.segments.map((s) => s.name));
    for (const name of made) if (!live.has(name)) await fs.rm(path.join(indexDir, name), { recursive: true, force: true }).catch(() => undefined);
    throw writeError(error, indexDir, await hasPublishedIndex(indexDir));
  } finally {
    await release();
  }
}

/** A name for a new generation: unique per publish (readers watch it change). */
export function generationName(generation: number): string {
  return `g${generation}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

/** Makes the generation `manifest` describes the live index: one atomic rename of the manifest. */
export async function publish(indexDir: string, manifest: Manifest): Promise<void> {
  await writeManifest(indexDir, manifest);
}

/**
 * Removes every segment the published `manifest` does not list (and build directories of
 * citebot-index/3), and manifests left half-written. A reader still loading an older
 * generation finds a segment gone and opens the new one instead (open.ts).
 */
export async function collectGarbage(indexDir: string, manifest: Manifest): Promise<void> {
  const keep = new Set(manifest.segments.map((s) => s.name));
  for (const name of await fs.readdir(indexDir)) {
    if ((name.startsWith("seg-") || name.startsWith("build-")) && !keep.has(name)) {
      await fs.rm(path.join(indexDir, name), { recursive: true, force: true }).catch(() => undefined);
    }
    if (name.startsWith("manifest.json.") && name.endsWith(".tmp")) await fs.rm(path.join(indexDir, name), { force: true }).catch(() => undefined);
  }
}

/** Whether an index was published in `indexDir` (so a failed build leaves one answering). */
async function hasPublishedIndex(indexDir: string): Promise<boolean> {
  return fs.access(path.join(indexDir, "manifest.json")).then(() => true, () => false);
}

/** A failed build as the user should read it; a full disk is said plainly, and whether an index still answers. */
function writeError(error: unknown, indexDir: string, previous: boolean): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const kept = previous ? "the previous index is unchanged" : "no index was published yet";
  if (code === "ENOSPC") {
    return new IndexError("INDEX_DISK_FULL", `no space left on device while writing the index in ${indexDir}`, {
      hint: `free some disk space, then run \`citebot index\` again; ${kept}`,
      cause: error,
    });
  }
  return new IndexError("INDEX_WRITE_FAILED", `index build failed${code ? ` (${code})` : ""}: ${(error as Error).message}`, {
    hint: kept,
    cause: error,
  });
}
