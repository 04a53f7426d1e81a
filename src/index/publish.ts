/**
 * Writing into the index directory: a build is written into a fresh build-*
 * directory under the writers' lock, then published by renaming the manifest that
 * names it into place; until that rename the previous index stays the live one.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { AppError, IndexError, UsageError } from "../errors.js";
import { acquireIndexLock } from "./lock.js";
import { type Manifest, writeManifest } from "./manifest.js";

/** A build directory inside the index directory, not yet published. */
export interface NewBuild {
  /** The directory's name, as the manifest records it. */
  name: string;
  /** Its path; the first artifact written creates it. */
  dir: string;
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

/**
 * Runs `write` with the index directory locked against other writers and a fresh
 * build directory to write into. When `write` fails (it must not leave work writing
 * into the directory behind) the directory is removed and the failure is said as
 * the user should read it; the published index is unchanged.
 */
export async function withNewBuild<T>(indexDir: string, write: (build: NewBuild) => Promise<T>): Promise<T> {
  await createIndexDir(indexDir);
  const release = await acquireIndexLock(indexDir).catch(async (error) => {
    throw writeError(error, indexDir, await hasPublishedIndex(indexDir));
  });
  const name = `build-${Date.now().toString(36)}-${process.pid}`;
  const dir = path.join(indexDir, name);
  try {
    return await write({ name, dir });
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw writeError(error, indexDir, await hasPublishedIndex(indexDir));
  } finally {
    await release();
  }
}

/** Makes the build `manifest` names the live index: one atomic rename of the manifest. */
export async function publish(indexDir: string, manifest: Manifest): Promise<void> {
  await writeManifest(indexDir, manifest);
}

/** Removes every build but the published one `keep`, and manifests left half-written. */
export async function removeOldBuilds(indexDir: string, keep: string): Promise<void> {
  for (const name of await fs.readdir(indexDir)) {
    if (name.startsWith("build-") && name !== keep) await fs.rm(path.join(indexDir, name), { recursive: true, force: true }).catch(() => undefined);
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
