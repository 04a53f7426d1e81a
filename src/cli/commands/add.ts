import path from "node:path";
import { indexCommandScript, indexDeps, updateSummary } from "../../app.js";
import { terminalLine } from "../../display-safe.js";
import { UsageError } from "../../errors.js";
import { readManifest } from "../../index/manifest.js";
import { addedFileText } from "../../lang/messages.js";
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
      // Nothing indexed (every file refused or already there): the language is read over the index as it was.
      const manifest = update?.manifest ?? (await readManifest(config.paths.indexDir).catch(() => undefined));
      const script = await indexCommandScript(app, manifest);
      for (const o of outcomes) {
        const c = o.source ? indexed.get(o.source) : undefined;
        const line = o.status === "refused"
          ? addedFileText({ status: "refused", file: terminalLine(o.file), reason: terminalLine(o.reason) }, script)
          : addedFileText({ status: o.status, source: terminalLine(o.source), ...(c ? { indexed: { title: terminalLine(c.title), chunks: c.chunks, pages: c.pages, ms: update!.ms } } : {}) }, script);
        io.stdout.write(line + "\n");
      }
      if (update) io.stdout.write(updateSummary(update, config.paths.indexDir, script) + "\n");
    }
    return refused.length ? 1 : 0;
  },
};
