import { describeProviders } from "../../config/providers.js";
import { readManifest } from "../../index/manifest.js";
import { verifyIndex } from "../../index/open.js";
import { checkFreshness, scanCorpus } from "../../pipeline/freshness.js";
import { terminalLine } from "../../display-safe.js";
import { AppError, IndexError } from "../../errors.js";
import { COMMON_OPTIONS, parseCommandArgs } from "../args.js";
import { configFor, COMMON_USAGE } from "../context.js";
import type { Command } from "../io.js";

export const statsCommand: Command = {
  usage: `citebot stats [--json] [--corpus DIR] [--index DIR]\n  --json         machine-readable output\n${COMMON_USAGE}`,
  async run(args, io) {
    const { values } = parseCommandArgs("stats", { args, options: { ...COMMON_OPTIONS, json: { type: "boolean" } }, allowPositionals: false });
    const { config } = configFor(values, io);
    const manifest = await readManifest(config.paths.indexDir);
    if (!manifest) throw new IndexError("INDEX_MISSING", `no index in ${config.paths.indexDir}`, { hint: "run `citebot index` to build it" });
    const problem = await verifyIndex(config.paths.indexDir, manifest, config.index).then(() => undefined, (error: unknown) => {
      if (error instanceof AppError) return error;
      throw error;
    });
    // The embedder match is checked by ask when it opens the index; stats starts no embedder.
    const integrity = problem
      ? { verified: false, code: problem.code, problem: problem.message }
      : { verified: true, notVerified: ["embedder"] };
    const freshness = await scanCorpus(config.paths.corpusDir).then((scan) => checkFreshness(scan, manifest)).catch(() => undefined);
    // Described from configuration: stats never contacts a model server.
    const providers = describeProviders(config.providers);
    const live = new Map<string, number>();
    for (const f of manifest.files) live.set(f.segment, (live.get(f.segment) ?? 0) + f.chunks);
    const segments = manifest.segments.map((s) => ({
      name: s.name, documents: s.sources.length - s.deletedDocs.length, chunks: s.chunkCount, deletedDocuments: s.deletedDocs.length,
      deletedChunks: s.chunkCount - (live.get(s.name) ?? 0), shards: s.hnswShards,
    }));
    const stats = {
      generation: manifest.generation, segments,
      index: config.paths.indexDir, corpus: config.paths.corpusDir, format: manifest.format, builtAt: manifest.builtAt, buildMs: manifest.buildMs, integrity,
      upToDate: freshness ? freshness.fresh : null, changed: freshness?.changed ?? [],
      files: manifest.files.map((f) => ({ source: f.source, title: f.title, chunks: f.chunks, chars: f.chars, encoding: f.encoding })),
      skipped: manifest.skipped.map((s) => ({ source: s.source, reason: s.reason })),
      chunks: manifest.chunkCount, indexedEmbedder: manifest.embedder, chunker: manifest.chunker, hnsw: manifest.hnsw, providers,
    };
    if (values.json) io.stdout.write(JSON.stringify(stats, null, 2) + "\n");
    else {
      // Paths, file names and titles come from the corpus: each stays on one line, with no live control character.
      const line = terminalLine;
      const out = [
        `index      ${line(stats.index)} (${stats.format}, built ${stats.builtAt} in ${stats.buildMs} ms)`,
        `integrity  ${problem ? `FAILED: ${line(problem.message)}` : "verified (every segment's files: size, sha256 and contents); not verified: that the configured embedder matches (ask checks it)"}`,
        `corpus     ${line(stats.corpus)} — ${stats.upToDate === null ? "unknown" : stats.upToDate ? "up to date" : `changed: ${stats.changed.map(line).join(", ")} (the next ask/chat re-indexes)`}`,
        `documents  ${stats.files.length}, chunks ${stats.chunks}${stats.skipped.length ? `, skipped ${stats.skipped.length}` : ""}`,
        `segments   ${segments.length} (generation ${manifest.generation}): ${segments.map((s) => `${s.chunks} chunk${s.chunks === 1 ? "" : "s"}${s.deletedChunks ? ` (${s.deletedChunks} deleted)` : ""}`).join(", ")}`,
        ...stats.files.map((f) => `  ${line(f.source)} · ${line(f.title)} · ${f.chunks} chunk${f.chunks === 1 ? "" : "s"}, ${f.chars} chars, ${f.encoding}`),
        ...stats.skipped.map((s) => `  skipped ${line(s.source)}: ${line(s.reason)}`),
        `embedder   ${manifest.embedder.id} (${manifest.embedder.provider}, ${manifest.embedder.dimensions} dims)`,
        `providers  embeddings: ${providers.embeddings}; llm: ${providers.llm}`,
        `chunker    max ${manifest.chunker.maxChars} chars, min ${manifest.chunker.minChars}; hnsw M=${manifest.hnsw.m} efConstruction=${manifest.hnsw.efConstruction} efSearch=${manifest.hnsw.efSearch}`,
      ];
      io.stdout.write(out.join("\n") + "\n");
    }
    if (problem) throw problem; // after the report: exit 1 with the problem on stderr
    return 0;
  },
};
