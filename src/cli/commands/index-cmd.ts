import { type App, indexCommandScript, updateAppIndex, updateSummary } from "../../app.js";
import { terminalLine } from "../../display-safe.js";
import { AppError } from "../../errors.js";
import type { Manifest } from "../../index/manifest.js";
import { verifyIndex } from "../../index/open.js";
import type { BuildProgress } from "../../pipeline/types.js";
import type { UpdateResult } from "../../pipeline/update.js";
import { COMMON_OPTIONS, parseCommandArgs } from "../args.js";
import { appFor, COMMON_USAGE } from "../context.js";
import type { CliIo, Command } from "../io.js";

export const indexCommand: Command = {
  usage: `citebot index [--full] [--json] [--corpus DIR] [--index DIR]
  --full         rebuild the whole index (default: only new, changed and removed files)
  --json         machine-readable output
${COMMON_USAGE}`,
  async run(args, io) {
    const { values } = parseCommandArgs("index", { args, options: { ...COMMON_OPTIONS, full: { type: "boolean" }, json: { type: "boolean" } }, allowPositionals: false });
    const { app } = await appFor(values, io);
    const bar = io.stderr.isTTY && !values.json ? progressBar(io) : undefined;
    // Judged under the writers' lock: a generation another writer publishes meanwhile is the one checked.
    const rebuildIf = async (published: Manifest) => {
      const damage = await damaged(app, published);
      if (damage) io.stderr.write(`${terminalLine(`${damage.message}: rebuilding the index in full …`)}\n`);
      return damage !== undefined;
    };
    const result = await updateAppIndex(app, { full: values.full === true, rebuildIf, onProgress: bar });
    if (bar) io.stderr.write("\r\x1b[K");
    if (values.json) io.stdout.write(JSON.stringify(updateJson(result)) + "\n");
    else io.stdout.write(updateSummary(result, app.config.paths.indexDir, await indexCommandScript(app, result.manifest)) + "\n");
    return 0;
  },
};

/**
 * Why the published generation cannot answer (a segment's file changed or gone, as `citebot stats` verifies), or
 * undefined. An update only adds a segment beside the others, so over a damaged one it would report "up to date"
 * while every question fails; `citebot index` rebuilds instead, as that failure's hint says.
 */
async function damaged(app: App, manifest: Manifest): Promise<AppError | undefined> {
  const appError = (error: unknown) => {
    if (error instanceof AppError) return error;
    throw error;
  };
  const problem = await verifyIndex(app.config.paths.indexDir, manifest, app.config.index).then(() => undefined, appError);
  return problem?.code === "INDEX_CORRUPT" ? problem : undefined;
}

/**
 * What `--json` prints of an update (index, add and remove share it). `skipped` is every file the index leaves out now,
 * with why (as `citebot stats` lists them), not only those this run found: an up-to-date run still has them skipped.
 */
export function updateJson(r: UpdateResult): Record<string, unknown> {
  return {
    upToDate: r.upToDate, files: r.manifest.files.length, chunks: r.manifest.chunkCount, added: r.added, changed: r.changed, removed: r.removed,
    unchanged: r.unchanged, skipped: r.manifest.skipped.map((s) => ({ source: s.source, reason: s.reason })), seconds: Math.round(r.ms) / 1000,
    generation: r.manifest.generation, segments: r.manifest.segments.length, merged: r.merged === true,
  };
}

export function progressBar(io: CliIo): (p: BuildProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 80 && p.done !== p.total) return;
    last = now;
    const width = 28;
    const ratio = p.total ? p.done / p.total : 1;
    const filled = Math.round(ratio * width);
    io.stderr.write(`\r\x1b[K${p.phase.padEnd(6)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${p.done}/${p.total}`);
  };
}
