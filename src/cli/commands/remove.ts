import { indexCommandScript, indexDeps, updateSummary } from "../../app.js";
import { AppError, CorpusError, UsageError } from "../../errors.js";
import { readManifest } from "../../index/manifest.js";
import { removeSources } from "../../library/corpus-store.js";
import { COMMON_OPTIONS, parseCommandArgs } from "../args.js";
import { appFor, COMMON_USAGE } from "../context.js";
import type { Command } from "../io.js";
import { updateJson } from "./index-cmd.js";
import { corpusSource, nearMatches } from "./text.js";

export const removeCommand: Command = {
  usage: `citebot remove SOURCE… [--json] [--corpus DIR] [--index DIR]
  SOURCE         a document as citations name it (citebot stats lists them), or a path to its file in the corpus
                 folder; deleted from the corpus folder and the index
  --json         machine-readable output
${COMMON_USAGE}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("remove", { args, options: { ...COMMON_OPTIONS, json: { type: "boolean" } }, allowPositionals: true });
    if (positionals.length === 0) throw new UsageError("no document to remove", { hint: "citebot remove SOURCE… (citebot stats lists the indexed documents)" });
    const { app, config } = await appFor(values, io);
    const indexed = ((await readManifest(config.paths.indexDir).catch(() => undefined))?.files ?? []).map((f) => f.source);
    const sources = positionals.map((given) => corpusSource(given, config.paths.corpusDir, io.cwd, indexed));
    const update = await removeSources(sources, config.paths.corpusDir, config.paths.indexDir, config.index, indexDeps(app)).catch((error: unknown) => {
      // "citebot remove mars" names the document meant, as `citebot text mars` does.
      const near = [...new Set(sources.filter((s) => !indexed.includes(s)).flatMap((s) => nearMatches(s, indexed)))];
      if (error instanceof AppError && error.code === "SOURCE_UNKNOWN" && near.length) throw new CorpusError("SOURCE_UNKNOWN", error.message, { hint: `did you mean ${near.join(", ")}?` });
      throw error;
    });
    if (values.json) io.stdout.write(JSON.stringify(updateJson(update)) + "\n");
    else io.stdout.write(updateSummary(update, config.paths.indexDir, await indexCommandScript(app, update.manifest)) + "\n");
    return 0;
  },
};
