import { createHash } from "node:crypto";
import { closeSync, constants as fsConstants, promises as fs, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { isChromeLine } from "../chunk/chrome.js";
import { CorpusError } from "../errors.js";
import { continuesLine } from "../lang/sentences.js";
import { type Logger, silentLogger } from "../log.js";
import type { SourceDoc } from "../types.js";
import { DOCUMENT_EXTENSIONS, type ExtractedDoc, extractDocument, HTML_EXTENSIONS, isSkip, LEGACY_EXTENSIONS, PdfWorkerHost, TEXT_EXTENSIONS } from "./extract/index.js";
import { htmlToText } from "./html.js";

/** Larger files are skipped with a warning: one file must not stall indexing for minutes or exhaust memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Files up to this size are read with blocking calls, larger ones through the thread pool. Reading a
 * short file takes microseconds, while the five round trips of an asynchronous read (open, readlink,
 * fstat, read, close) cost ~0.1–0.3 ms of main-thread CPU each file: for 850 short files (scripts/bench-small)
 * 100–300 ms against 10 ms. A 1 MB read from the page cache holds the event loop well under a millisecond.
 */
export const SYNC_READ_MAX_BYTES = 1024 * 1024;

/** Files read by src/ingest/extract/ (legacy Office/WPS ones only to be reported with advice); any other file is reported as unsupported. */
export const SUPPORTED_EXTENSIONS = [...TEXT_EXTENSIONS, ...HTML_EXTENSIONS, ...DOCUMENT_EXTENSIONS, ...LEGACY_EXTENSIONS] as const;

export interface CorpusFile {
  /** Relative path with forward slashes. */
  source: string;
  /** Real path (no symlinks), checked to lie inside `root` when listed; read it with readCorpusBytes. */
  absPath: string;
  /** Real path of the corpus folder. */
  root: string;
  size: number;
  mtimeMs: number;
}

export interface SkippedFile {
  source: string;
  reason: string;
}

export const OUTSIDE_CORPUS = "symlink leads outside the corpus";

/**
 * Lists supported files under `dir`, recursively, sorted. Symlinks are followed only
 * while their real path stays inside the corpus folder's real path (anything else
 * could expose files the corpus owner never meant to publish); never loops.
 */
export async function listCorpusFiles(dir: string, logger: Logger): Promise<{ files: CorpusFile[]; skipped: SkippedFile[] }> {
  const top = path.resolve(dir);
  const root = await fs.realpath(top).catch(() => undefined);
  const rootStat = root ? await fs.stat(root).catch(() => undefined) : undefined;
  if (!root || !rootStat?.isDirectory()) {
    throw new CorpusError("CORPUS_MISSING", `corpus directory not found: ${dir}`, {
      hint: "create it and put .txt, .md, .csv, .html, .pdf, .docx or .epub files in it, or pass --corpus DIR",
    });
  }
  const files: CorpusFile[] = [];
  const skipped: SkippedFile[] = [];
  const seenDirs = new Set<string>();
  /**
   * `shown` is the path under the corpus as the user named it; `real` is where it really is.
   * Blocking calls: a directory entry costs microseconds, a round trip through the thread pool
   * ~0.15 ms of CPU (120 ms to list 850 files in 85 folders, against 10 ms).
   */
  const walk = (shown: string, real: string): void => {
    if (seenDirs.has(real)) return; // symlink loop or second link to the same folder
    seenDirs.add(real);
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(real, { withFileTypes: true });
    } catch (error) {
      skip(shown, `cannot read directory (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = path.join(shown, entry.name);
      let target = path.join(real, entry.name);
      let stat: import("node:fs").Stats;
      try {
        stat = lstatSync(target);
        if (stat.isSymbolicLink()) {
          target = realpathSync(target);
          // Checked before the target is even looked at.
          if (!isInside(root, target)) {
            skip(child, OUTSIDE_CORPUS);
            continue;
          }
          stat = statSync(target);
        }
      } catch (error) {
        skip(child, `cannot stat (${(error as NodeJS.ErrnoException).code ?? "error"})`);
        continue;
      }
      if (stat.isDirectory()) walk(child, target);
      else if (stat.isFile()) {
        const ext = path.extname(entry.name).toLowerCase();
        if (SUPPORTED_EXTENSIONS.includes(ext as never)) files.push({ source: relative(child), absPath: target, root, size: stat.size, mtimeMs: stat.mtimeMs });
        else skip(child, `unsupported file type ${ext || "(no extension)"}`);
      }
    }
  };
  const relative = (abs: string) => path.relative(top, abs).split(path.sep).join("/");
  const skip = (abs: string, reason: string) => {
    skipped.push({ source: relative(abs), reason });
    logger.warn("skipped corpus path", { source: relative(abs), reason });
  };
  walk(top, root);
  return { files, skipped };
}

/**
 * The named corpus files (corpus-relative paths) as listCorpusFiles would list them, without
 * walking the whole corpus: an update of a few files in a corpus of thousands. A name that is
 * not a file in the corpus (gone, hidden, a folder) is left out; a link out of the corpus or an
 * unsupported type comes back skipped.
 */
export async function listCorpusSources(dir: string, sources: string[]): Promise<{ files: CorpusFile[]; skipped: SkippedFile[] }> {
  const top = path.resolve(dir);
  const root = await fs.realpath(top).catch(() => undefined);
  if (!root || !(await fs.stat(root).then((s) => s.isDirectory(), () => false))) return listCorpusFiles(dir, silentLogger); // throws CORPUS_MISSING
  const files: CorpusFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const source of [...new Set(sources)].sort()) {
    const parts = source.split("/");
    if (parts.some((p) => p === "" || p.startsWith("."))) continue; // the walk never lists hidden paths (nor "..")
    const real = await fs.realpath(path.join(top, ...parts)).catch(() => undefined);
    if (!real) continue;
    if (!isInside(root, real)) {
      skipped.push({ source, reason: OUTSIDE_CORPUS });
      continue;
    }
    const stat = await fs.stat(real).catch(() => undefined);
    if (!stat?.isFile()) continue;
    const ext = path.extname(source).toLowerCase();
    if (SUPPORTED_EXTENSIONS.includes(ext as never)) files.push({ source, absPath: real, root, size: stat.size, mtimeMs: stat.mtimeMs });
    else skipped.push({ source, reason: `unsupported file type ${ext || "(no extension)"}` });
  }
  return { files, skipped };
}

function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Reads a listed file by the real path that was checked. The corpus may change
 * after listing: O_NOFOLLOW refuses a file swapped for a link, and the opened file's
 * own path (from the kernel where it tells) must still lie inside the corpus, so a
 * folder swapped for a link cannot lead the read outside either.
 */
export async function readCorpusBytes(file: CorpusFile): Promise<Buffer | { skipped: string }> {
  if (file.size <= SYNC_READ_MAX_BYTES) return readCorpusBytesNow(file);
  let handle: import("node:fs/promises").FileHandle;
  try {
    handle = await fs.open(file.absPath, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
  } catch (error) {
    return { skipped: `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  try {
    const opened = await fs.readlink(`/proc/self/fd/${handle.fd}`).catch(() => fs.realpath(file.absPath));
    if (!isInside(file.root, opened)) return { skipped: OUTSIDE_CORPUS };
    return await handle.readFile();
  } catch (error) {
    return { skipped: `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** `readCorpusBytes` with blocking calls (same checks); the whole file is read, however much it grew since listing. */
function readCorpusBytesNow(file: CorpusFile): Buffer | { skipped: string } {
  let fd: number;
  try {
    // O_NONBLOCK: a file swapped for a FIFO after listing must not hold the event loop waiting for a writer.
    fd = openSync(file.absPath, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
  } catch (error) {
    return { skipped: `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  try {
    let opened: string;
    try {
      opened = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      opened = realpathSync(file.absPath);
    }
    if (!isInside(file.root, opened)) return { skipped: OUTSIDE_CORPUS };
    return readFileSync(fd);
  } catch (error) {
    return { skipped: `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // nothing was written: a failed close loses nothing
    }
  }
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** How a listed corpus file's bytes are read: readCorpusBytes (tests count reads through a wrapper). */
export type CorpusReader = (file: CorpusFile) => Promise<Buffer | { skipped: string }>;

/**
 * How a build extracts one file's bytes: `extractDocument`, or a cache in front of it
 * (src/pipeline/extraction-cache.ts). `hash` is the sha256 of `bytes`.
 */
export type FileExtractor = (bytes: Uint8Array, ext: string, hash: string) => Promise<ExtractedDoc | { skipped: string }>;

const extractDirectly: FileExtractor = (bytes, ext) => extractDocument(bytes, ext);

/** Reads one file and extracts its text (src/ingest/extract/); returns a reason string instead of throwing for unusable files. */
export async function loadCorpusFile(
  file: CorpusFile,
  onWarning?: (reason: string) => void,
  maxBytes = MAX_FILE_BYTES,
  extract: FileExtractor = extractDirectly,
  read: CorpusReader = readCorpusBytes,
): Promise<SourceDoc | { skipped: string }> {
  if (file.size > maxBytes) return { skipped: `too large (${(file.size / 1048576).toFixed(1)} MB; the limit is ${maxBytes / 1048576} MB)` };
  if (file.size === 0) return { skipped: "empty" };
  const bytes = await read(file);
  if (!Buffer.isBuffer(bytes)) return bytes;
  const hash = hashBytes(bytes);
  const extracted = await extract(bytes, path.extname(file.source), hash);
  if (isSkip(extracted)) return { skipped: extracted.skipped };
  for (const warning of extracted.warnings) onWarning?.(warning);
  const text = extracted.text;
  if (text.trim().length === 0) return { skipped: "empty" };
  return {
    source: file.source,
    title: extracted.title ?? documentTitle(text, text, file.source),
    text,
    hash,
    encoding: extracted.encoding,
    ...(extracted.pages ? { pages: extracted.pages } : {}),
    ...(extracted.sections?.length ? { sections: extracted.sections } : {}),
  };
}

/**
 * How a file that is indexed but not wholly (a page without a text layer, invalid UTF-8 replaced) or not exactly as
 * laid out (OCR, a table read row by row) is told about: a warning, without calling the file damaged.
 */
export function warnIndexedFile(logger: Logger, source: string): (reason: string) => void {
  return (reason) => logger.warn("corpus file indexed with a warning", { source, reason });
}

/** Loads every supported file; warns about and skips unusable ones; an empty result is an error. */
export async function loadCorpus(dir: string, logger: Logger): Promise<{ docs: SourceDoc[]; skipped: SkippedFile[] }> {
  const { files, skipped } = await listCorpusFiles(dir, logger);
  const docs: SourceDoc[] = [];
  const pdf = new PdfWorkerHost();
  const extract: FileExtractor = (bytes, ext) => extractDocument(bytes, ext, { pdf });
  try {
    for (const file of files) {
      const result = await loadCorpusFile(file, warnIndexedFile(logger, file.source), MAX_FILE_BYTES, extract);
      if ("skipped" in result) {
        skipped.push({ source: file.source, reason: result.skipped });
        logger.warn("skipped corpus file", { source: file.source, reason: result.skipped });
      } else docs.push(result);
    }
  } finally {
    await pdf.close();
  }
  if (docs.length === 0) {
    throw new CorpusError("CORPUS_EMPTY", `no readable documents in ${dir}`, {
      hint: `add .txt, .md, .csv, .html, .pdf, .docx or .epub files to ${dir}${skipped.length ? ` (${skipped.length} file(s) were skipped, see warnings)` : ""}`,
    });
  }
  return { docs, skipped };
}

/** A title line's length, and a line that is clearly a heading even with text right under it (第一章 总则, 一、概况, 2.1 Scope). */
const TITLE_MAX = 80;
const NUMBERED_HEADING = /^(?:第[一二三四五六七八九十百零〇\d]+[章节篇部卷回条]|[一二三四五六七八九十]+、|\d+(?:\.\d+)*\.?\s+\S)/;
/** A line that ends a sentence or a clause is text, not a title. */
const SENTENCE_OR_CLAUSE_END = /[。！？!?；;：:,，.…]$/;
/** A rule under a title (Title / ====, Title / ****): setext-style underlining. */
const UNDERLINE = /^\s*(?:={3,}|-{3,}|\*{3,})\s*$/;

/**
 * The HTML <title>; else the document's first line when it looks like a title: a Markdown heading, or a short line
 * (2–80 characters, a letter or digit, no sentence or clause end) with a blank line or an underline after it, or
 * clearly a heading (numbered: 第一章 总则; or at most half as long as the line under it, which does not continue it).
 * Chrome (当前位置：…), rules and a leading date are no content and are passed over. A first line that is a sentence,
 * or a fragment of one hard-wrapped onto the next line, gives the file name instead: a title is shown with every
 * citation and a question naming it is taken as naming the document (subject.ts).
 */
export function documentTitle(raw: string, text: string, source: string): string {
  const htmlTitle = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(raw.slice(0, 20000));
  if (htmlTitle) {
    const t = htmlToText(htmlTitle[1]).trim();
    if (t) return t.slice(0, 120);
  }
  const lines = text.slice(0, 4000).split(/\r?\n/).slice(0, 15);
  for (let i = 0; i < lines.length; i++) {
    const markdown = /^#+\s/.test(lines[i]);
    const s = lines[i].replace(/^#+\s*/, "").trim();
    // A rule (----, ====, ***) is no title: a title holds a letter or a digit.
    if (s.length === 0 || !/[\p{L}\p{N}]/u.test(s) || isChromeLine(s) || /^\d{4}-\d{2}-\d{2}/.test(s)) continue;
    if (s.length < 2 || s.length > TITLE_MAX || SENTENCE_OR_CLAUSE_END.test(s)) break;
    const next = (lines[i + 1] ?? "").trim();
    const headed = markdown || next === "" || UNDERLINE.test(next) || NUMBERED_HEADING.test(s);
    if (headed || (s.length * 2 <= next.length && !continuesLine(text, lineEnd(text, i)))) return s;
    break;
  }
  return path.basename(source).replace(/\.[^.]+$/, "");
}

/** The offset of the newline that ends line `i` (0-based) of `text`. */
function lineEnd(text: string, i: number): number {
  let at = -1;
  for (let k = 0; k <= i; k++) at = text.indexOf("\n", at + 1);
  return at;
}
