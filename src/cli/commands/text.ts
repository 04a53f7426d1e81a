import { promises as fs } from "node:fs";
import path from "node:path";
import { terminalLine } from "../../display-safe.js";
import { CorpusError, UsageError } from "../../errors.js";
import { describeArtifact, FILES } from "../../index/artifacts.js";
import { type Manifest, readManifest } from "../../index/manifest.js";
import { decodeDocs } from "../../index/records.js";
import { type CorpusFile, hashBytes, listCorpusFiles, loadCorpusFile, MAX_FILE_BYTES, readCorpusBytes } from "../../ingest/load.js";
import { safeFileName } from "../../library/names.js";
import { silentLogger } from "../../log.js";
import { ExtractionCache } from "../../pipeline/extraction-cache.js";
import { parseCommandArgs } from "../args.js";
import { COMMON_USAGE, configFor } from "../context.js";
import type { Command } from "../io.js";

/**
 * `citebot text SOURCE`: the exact text that citation offsets of SOURCE refer to
 * (`citation.text === text.slice(start, end)`), on stdout and nothing else — no
 * trailing newline is added. It comes from the index when the index is fresh for
 * SOURCE (a PDF is not parsed again); otherwise the file is extracted now (from the
 * extraction cache when it has these bytes), with a note on stderr.
 *
 * Exit codes: 0; 1 when SOURCE is not a corpus file (near matches are listed) or is
 * a corpus file that is not indexed (the reason is given); 2 for a usage error (no
 * SOURCE, several, unknown option).
 */
export const textCommand: Command = {
  usage: `citebot text SOURCE [--corpus DIR] [--index DIR]
  SOURCE         a corpus file as citations name it (its path under the corpus folder),
                 or a path to it; its extracted text goes to stdout exactly, with no newline added
${COMMON_USAGE}
Exit codes: 0 ok; 1 SOURCE is not an indexable corpus file (near matches or the reason on stderr); 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("text", {
      args,
      options: { corpus: { type: "string" }, index: { type: "string" }, debug: { type: "boolean" } },
      allowPositionals: true,
    });
    if (positionals.length !== 1 || !positionals[0]) {
      throw new UsageError(positionals.length ? "give one SOURCE" : "no SOURCE given", { hint: "citebot text SOURCE, e.g. citebot text report.pdf" });
    }
    const { config } = configFor(values, io);
    const { files, skipped } = await listCorpusFiles(config.paths.corpusDir, silentLogger);
    const source = corpusSource(positionals[0], config.paths.corpusDir, io.cwd, files.map((f) => f.source));
    const file = files.find((f) => f.source === source);
    if (!file) {
      const skip = skipped.find((s) => s.source === source);
      if (skip) throw new CorpusError("SOURCE_SKIPPED", `${source} is not indexed: ${skip.reason}`);
      const near = nearMatches(source, [...files.map((f) => f.source), ...skipped.map((s) => s.source)]);
      throw new CorpusError("SOURCE_UNKNOWN", `no file ${JSON.stringify(source)} in the corpus ${config.paths.corpusDir}`, {
        hint: near.length ? `did you mean ${near.join(", ")}?` : "citebot stats lists the indexed files",
      });
    }
    const manifest = await readManifest(config.paths.indexDir).catch(() => undefined);
    const skippedBefore = manifest?.skipped.find((s) => s.source === source && s.bytes === file.size && s.mtimeMs === file.mtimeMs);
    if (skippedBefore) throw new CorpusError("SOURCE_SKIPPED", `${source} is not indexed: ${skippedBefore.reason}`);
    const stored = manifest ? await indexedText(config.paths.indexDir, manifest, file).catch(() => undefined) : undefined;
    if (stored !== undefined) {
      io.stdout.write(stored);
      return 0;
    }
    io.stderr.write(`citebot: ${terminalLine(source)} is not in the index as it is now (index missing or file changed): extracting it directly; \`citebot index\` brings the index up to date\n`);
    const cache = await ExtractionCache.open(config.paths.indexDir);
    const loaded = await loadCorpusFile(file, (warning) => io.stderr.write(`citebot: ${terminalLine(source)}: ${terminalLine(warning)}\n`), MAX_FILE_BYTES, cache.extractor());
    if ("skipped" in loaded) throw new CorpusError("SOURCE_SKIPPED", `${source} is not indexed: ${loaded.skipped}`);
    io.stdout.write(loaded.text);
    return 0;
  },
};

/**
 * SOURCE as the index names it: already a corpus path, a path (from the working directory) to a file inside the corpus, or
 * the original name of a file `citebot add` stored under its safe name (text and remove).
 */
export function corpusSource(given: string, corpusDir: string, cwd: string, sources: readonly string[]): string {
  const slashed = given.split(path.sep).join("/").replace(/^\.\//, "");
  if (sources.includes(slashed)) return slashed;
  const relative = path.relative(path.resolve(cwd, corpusDir), path.resolve(cwd, given));
  const inCorpus = relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative.split(path.sep).join("/") : undefined;
  if (inCorpus && sources.includes(inCorpus)) return inCorpus;
  // The name a file had before `citebot add` made it safe (names.ts: bidi and control characters dropped): the stored
  // file is the one meant. Only for a name add would have changed, so a plain name never reaches a file elsewhere.
  const safe = safeFileName(path.basename(given));
  if (safe !== undefined && safe !== path.basename(given) && sources.includes(safe)) return safe;
  return inCorpus ?? slashed;
}

/** Up to five corpus paths that look like `source`: same file name, or one containing the other, case-insensitively (text and remove). */
export function nearMatches(source: string, sources: readonly string[]): string[] {
  const want = source.toLowerCase();
  const base = path.posix.basename(want);
  const stem = base.replace(/\.[^.]+$/, "");
  return sources.filter((s) => {
    const lower = s.toLowerCase();
    const b = path.posix.basename(lower);
    return b === base || b.replace(/\.[^.]+$/, "") === stem || (stem.length >= 3 && lower.includes(stem)) || lower.includes(want);
  }).slice(0, 5);
}

/**
 * The stored text of `file` when the published index holds it as the file is now (same size and
 * mtime, else same content hash) and docs.bin is intact; undefined otherwise.
 */
async function indexedText(indexDir: string, manifest: Manifest, file: CorpusFile): Promise<string | undefined> {
  const entry = manifest.files.find((f) => f.source === file.source);
  if (!entry) return undefined;
  if (entry.bytes !== file.size || entry.mtimeMs !== file.mtimeMs) {
    const bytes = await readCorpusBytes(file);
    if (!Buffer.isBuffer(bytes) || hashBytes(bytes) !== entry.hash) return undefined;
  }
  const segment = manifest.segments.find((s) => s.name === entry.segment);
  if (!segment) return undefined;
  const docsFile = path.join(indexDir, segment.name, FILES.docs);
  const expected = segment.artifacts[FILES.docs];
  const actual = expected && (await describeArtifact(docsFile));
  if (!actual || actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) return undefined;
  return decodeDocs(await fs.readFile(docsFile))[segment.sources.indexOf(file.source)]?.text;
}
