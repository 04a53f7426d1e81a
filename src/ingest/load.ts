import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { isChromeLine } from "../chunk/chrome.js";
import { CorpusError } from "../errors.js";
import type { Logger } from "../log.js";
import type { SourceDoc } from "../types.js";
import { DOCUMENT_EXTENSIONS, extractDocument, HTML_EXTENSIONS, isSkip, LEGACY_EXTENSIONS, TEXT_EXTENSIONS } from "./extract/index.js";
import { htmlToText } from "./html.js";

/** Larger files are skipped with a warning: one file must not stall indexing for minutes or exhaust memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Files read by src/ingest/extract/ (legacy Office/WPS ones only to be reported with advice); any other file is reported as unsupported. */
export const SUPPORTED_EXTENSIONS = [...TEXT_EXTENSIONS, ...HTML_EXTENSIONS, ...DOCUMENT_EXTENSIONS, ...LEGACY_EXTENSIONS] as const;

export interface CorpusFile {
  /** Relative path with forward slashes. */
  source: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

export interface SkippedFile {
  source: string;
  reason: string;
}

const reportedUnsupported = new Set<string>();

/** Lists supported files under `dir`, recursively, sorted; follows symlinks but never loops. Other files are returned as skipped (dot-files are ignored). */
export async function listCorpusFiles(dir: string, logger: Logger): Promise<{ files: CorpusFile[]; skipped: SkippedFile[] }> {
  const root = path.resolve(dir);
  const rootStat = await fs.stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new CorpusError("CORPUS_MISSING", `corpus directory not found: ${dir}`, {
      hint: "create it and put .txt, .md, .html, .pdf, .docx or .epub files in it, or pass --corpus DIR",
    });
  }
  const files: CorpusFile[] = [];
  const skipped: SkippedFile[] = [];
  const seenDirs = new Set<string>();
  const walk = async (abs: string): Promise<void> => {
    const real = await fs.realpath(abs).catch(() => abs);
    if (seenDirs.has(real)) return; // symlink loop or second link to the same folder
    seenDirs.add(real);
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch (error) {
      skip(abs, `cannot read directory (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = path.join(abs, entry.name);
      let stat: import("node:fs").Stats;
      try {
        stat = await fs.stat(child);
      } catch (error) {
        skip(child, `cannot stat (${(error as NodeJS.ErrnoException).code ?? "error"})`);
        continue;
      }
      if (stat.isDirectory()) await walk(child);
      else if (stat.isFile()) {
        const ext = path.extname(entry.name).toLowerCase();
        if (SUPPORTED_EXTENSIONS.includes(ext as never)) files.push({ source: relative(child), absPath: child, size: stat.size, mtimeMs: stat.mtimeMs });
        else unsupported(child, `unsupported file type ${ext || "(no extension)"}`);
      }
    }
  };
  const relative = (abs: string) => path.relative(root, abs).split(path.sep).join("/");
  const skip = (abs: string, reason: string) => {
    skipped.push({ source: relative(abs), reason });
    logger.warn("skipped corpus path", { source: relative(abs), reason });
  };
  // the corpus is listed several times per command (start, freshness, build): an unsupported file is reported once per process
  const unsupported = (abs: string, reason: string) => {
    if (reportedUnsupported.has(abs)) skipped.push({ source: relative(abs), reason });
    else {
      reportedUnsupported.add(abs);
      skip(abs, reason);
    }
  };
  await walk(root);
  return { files, skipped };
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Reads one file and extracts its text (src/ingest/extract/); returns a reason string instead of throwing for unusable files. */
export async function loadCorpusFile(
  file: CorpusFile,
  onWarning?: (reason: string) => void,
  maxBytes = MAX_FILE_BYTES,
): Promise<SourceDoc | { skipped: string }> {
  if (file.size > maxBytes) return { skipped: `too large (${(file.size / 1048576).toFixed(1)} MB; the limit is ${maxBytes / 1048576} MB)` };
  if (file.size === 0) return { skipped: "empty" };
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file.absPath);
  } catch (error) {
    return { skipped: `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  const extracted = await extractDocument(bytes, path.extname(file.source));
  if (isSkip(extracted)) return { skipped: extracted.skipped };
  for (const warning of extracted.warnings) onWarning?.(warning);
  const text = extracted.text;
  if (text.trim().length === 0) return { skipped: "empty" };
  return {
    source: file.source,
    title: extracted.title ?? documentTitle(text, text, file.source),
    text,
    hash: hashBytes(bytes),
    encoding: extracted.encoding,
    ...(extracted.pages ? { pages: extracted.pages } : {}),
    ...(extracted.sections?.length ? { sections: extracted.sections } : {}),
  };
}

/** Loads every supported file; warns about and skips unusable ones; an empty result is an error. */
export async function loadCorpus(dir: string, logger: Logger): Promise<{ docs: SourceDoc[]; skipped: SkippedFile[] }> {
  const { files, skipped } = await listCorpusFiles(dir, logger);
  const docs: SourceDoc[] = [];
  for (const file of files) {
    const result = await loadCorpusFile(file, (reason) => logger.warn("corpus file damaged", { source: file.source, reason }));
    if ("skipped" in result) {
      skipped.push({ source: file.source, reason: result.skipped });
      logger.warn("skipped corpus file", { source: file.source, reason: result.skipped });
    } else docs.push(result);
  }
  if (docs.length === 0) {
    throw new CorpusError("CORPUS_EMPTY", `no readable documents in ${dir}`, {
      hint: `add .txt, .md, .html, .pdf, .docx or .epub files to ${dir}${skipped.length ? ` (${skipped.length} file(s) were skipped, see warnings)` : ""}`,
    });
  }
  return { docs, skipped };
}

/** The HTML <title>, a Markdown heading, or the first short non-chrome line; else the file name. */
export function documentTitle(raw: string, text: string, source: string): string {
  const htmlTitle = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(raw.slice(0, 20000));
  if (htmlTitle) {
    const t = htmlToText(htmlTitle[1]).trim();
    if (t) return t.slice(0, 120);
  }
  for (const line of text.slice(0, 4000).split(/\r?\n/).slice(0, 15)) {
    const s = line.replace(/^#+\s*/, "").trim();
    if (s.length >= 2 && s.length <= 80 && !isChromeLine(s) && !/[。！？!?；;：:,，]$/.test(s) && !/^\d{4}-\d{2}-\d{2}/.test(s)) return s;
  }
  return path.basename(source).replace(/\.[^.]+$/, "");
}
