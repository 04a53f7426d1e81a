import path from "node:path";
import { indexDeps, updateSummary } from "../../app.js";
import { terminalLine } from "../../display-safe.js";
import { UsageError } from "../../errors.js";
import { addFiles } from "../../library/corpus-store.js";
import { COMMON_OPTIONS, parseCommandArgs } from "../args.js";
import { appFor, COMMON_USAGE } from "../context.js";
import type { Command } from "../io.js";
import { updateJson } from "./index-cmd.js";

export const addCommand: Command = {
  usage: `citebot add FILE… [--replace] [--json] [--corpus DIR] [--index DIR]
  --replace      replace a different corpus file of the same name (default: refuse it)
  --json         machine-readable output
${COMMON_USAGE}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("add", {
      args, options: { ...COMMON_OPTIONS, replace: { type: "boolean" }, json: { type: "boolean" } }, allowPositionals: true,
    });
    if (positionals.length === 0) throw new UsageError("no file to add", { hint: "citebot add FILE… copies the files into the corpus and indexes them" });
    const { app, config } = await appFor(values, io);
    const files = positionals.map((f) => path.resolve(io.cwd, f));
    const { outcomes, update } = await addFiles(files, config.paths.corpusDir, config.paths.indexDir, config.index, indexDeps(app), { replace: values.replace === true });
    const indexed = new Map([...(update?.added ?? []), ...(update?.changed ?? [])].map((c) => [c.source, c]));
    const refused = outcomes.filter((o) => o.status === "refused");
    if (values.json) {
      const rows = outcomes.map((o) => ({ ...o, ...(o.source && indexed.get(o.source) ? { title: indexed.get(o.source)!.title, chunks: indexed.get(o.source)!.chunks, pages: indexed.get(o.source)!.pages } : {}) }));
      io.stdout.write(JSON.stringify({ files: rows, ...(update ? { update: updateJson(update) } : {}) }) + "\n");
    } else {
      const seconds = update ? ` in ${(update.ms / 1000).toFixed(2)} s` : "";
      for (const o of outcomes) {
        const c = o.source ? indexed.get(o.source) : undefined;
        if (o.status === "refused") io.stdout.write(`not added ${terminalLine(o.file)}: ${terminalLine(o.reason)}\n`);
        else if (c) io.stdout.write(`${o.status} ${terminalLine(o.source)} · ${terminalLine(c.title)} · ${c.pages ? `${c.pages} page${c.pages === 1 ? "" : "s"}, ` : ""}${c.chunks} chunk${c.chunks === 1 ? "" : "s"}${seconds}\n`);
        else io.stdout.write(`${o.status === "unchanged" ? "already indexed" : o.status} ${terminalLine(o.source)}\n`);
      }
      if (update) io.stdout.write(updateSummary(update, config.paths.indexDir) + "\n");
    }
    return refused.length ? 1 : 0;
  },
};
