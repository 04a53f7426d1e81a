import { buildAppIndex, indexSummary } from "../../app.js";
import type { BuildProgress } from "../../pipeline/types.js";
import { parseCommandArgs } from "../args.js";
import { appFor, COMMON_OPTIONS, COMMON_USAGE } from "../context.js";
import type { CliIo, Command } from "../io.js";

export const indexCommand: Command = {
  usage: `citebot index [--corpus DIR] [--index DIR]\n${COMMON_USAGE}`,
  async run(args, io) {
    const { values } = parseCommandArgs("index", { args, options: COMMON_OPTIONS, allowPositionals: false });
    const { app } = await appFor(values, io);
    const started = Date.now();
    const bar = io.stderr.isTTY ? progressBar(io) : undefined;
    const index = await buildAppIndex(app, bar);
    bar?.({ phase: "write", done: 1, total: 1 });
    if (bar) io.stderr.write("\r\x1b[K");
    io.stdout.write(indexSummary(index.manifest, Date.now() - started, app.config.paths.indexDir) + "\n");
    return 0;
  },
};

function progressBar(io: CliIo): (p: BuildProgress) => void {
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
