/**
 * Watching the file system: the index directory for a newly published manifest,
 * and the corpus folder for documents added, changed or removed. Each calls back
 * once per burst of changes (a trailing debounce), never for its own files' noise.
 */
import { type FSWatcher, promises as fs, watch } from "node:fs";
import path from "node:path";
import { MANIFEST_FILE } from "../index/manifest.js";
import type { Logger } from "../log.js";

export interface Watcher {
  close(): void;
}

export interface ManifestWatchOptions {
  /** Quiet time after the last event before the callback runs, in ms. */
  debounceMs: number;
  /**
   * How often the manifest's identity (inode, size, mtime) is compared anyway, in ms: a network or
   * container file system may deliver no events, and a watch on a removed directory ends.
   */
  pollMs: number;
}

export const DEFAULT_MANIFEST_WATCH: ManifestWatchOptions = { debounceMs: 50, pollMs: 2000 };

/**
 * Calls `onChange` when the manifest in `indexDir` may have been replaced. The manifest is published by
 * renaming a new file over it, so the directory is watched, not the file (a watch on the file would follow
 * the old inode).
 */
export function watchManifest(indexDir: string, onChange: () => void, logger: Logger, options: ManifestWatchOptions = DEFAULT_MANIFEST_WATCH): Watcher {
  const schedule = debounced(onChange, options.debounceMs);
  const manifest = path.join(indexDir, MANIFEST_FILE);
  let watcher: FSWatcher | undefined;
  let closed = false;
  const start = () => {
    try {
      watcher = watch(indexDir, { persistent: false }, (_event, name) => {
        if (name === null || name === MANIFEST_FILE) schedule.call();
      });
      watcher.on("error", (error) => {
        // The directory was removed or replaced: the poll notices a new manifest and watches again.
        logger.debug("index directory watch ended", { error: error.message });
        watcher?.close();
        watcher = undefined;
      });
    } catch (error) {
      logger.debug("index directory not watched; polling only", { error: (error as Error).message });
    }
  };
  // The first poll only learns the manifest's identity ("" while there is none).
  let identity: string | undefined;
  const poll = async () => {
    const stat = await fs.stat(manifest).catch(() => undefined);
    const now = stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : "";
    if (closed) return;
    if (identity !== undefined && now !== identity) schedule.call();
    identity = now;
    if (!watcher && stat) start();
  };
  start();
  void poll();
  const timer = setInterval(() => void poll(), options.pollMs);
  timer.unref();
  return {
    close() {
      closed = true;
      clearInterval(timer);
      schedule.cancel();
      watcher?.close();
    },
  };
}

export interface CorpusWatchOptions {
  /** Quiet time after the last change before the callback runs, in ms: a burst (a folder copied in) is one update. */
  debounceMs: number;
  /** Directories inside the corpus whose changes are not the corpus's (the index directory, when it lives there). */
  ignoreUnder?: readonly string[];
}

export const DEFAULT_CORPUS_WATCH: CorpusWatchOptions = { debounceMs: 500 };

/**
 * Calls `onChange` after changes under `corpusDir` (subfolders included) settle. Files being written
 * (`*.tmp`, `*.part`, `*.crdownload`, `*.swp`, `*~`, Office's `~$*`, Emacs' `.#*`) and dot-files, which
 * the corpus listing ignores too, do not count: the rename that completes a download or a save does.
 */
export function watchCorpus(corpusDir: string, onChange: () => void, logger: Logger, options: CorpusWatchOptions = DEFAULT_CORPUS_WATCH): Watcher {
  const schedule = debounced(onChange, options.debounceMs);
  const ignored = (options.ignoreUnder ?? []).map((dir) => path.relative(corpusDir, dir)).filter((rel) => rel && !rel.startsWith("..") && !path.isAbsolute(rel));
  const watcher = watch(corpusDir, { recursive: true, persistent: false }, (_event, name) => {
    if (name !== null && !countsAsCorpusChange(name, ignored)) return;
    schedule.call();
  });
  watcher.on("error", (error) => logger.warn("corpus folder no longer watched: restart to watch it again", { error: error.message }));
  return {
    close() {
      schedule.cancel();
      watcher.close();
    },
  };
}

/** Whether a change to `relative` (a path under the corpus) can change what is indexed. */
export function countsAsCorpusChange(relative: string, ignoredDirs: readonly string[] = []): boolean {
  if (ignoredDirs.some((dir) => relative === dir || relative.startsWith(dir + path.sep))) return false;
  const parts = relative.split(path.sep);
  if (parts.some((part) => part.startsWith("."))) return false;
  return !PARTIAL_FILE.test(parts[parts.length - 1]!);
}

/** Names of files still being written by a browser, a downloader, an editor or an office suite. */
const PARTIAL_FILE = /\.(?:tmp|temp|part|partial|crdownload|download|swp|swx)$|~$|^~\$/i;

/** `call()` runs `fn` once `ms` have passed without another call. */
function debounced(fn: () => void, ms: number): { call(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    call() {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    },
    cancel() {
      clearTimeout(timer);
    },
  };
}
