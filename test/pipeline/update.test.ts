import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { indexDeps } from "../../src/app.js";
import { AppError } from "../../src/errors.js";
import { readManifest, writeManifest } from "../../src/index/manifest.js";
import { openIndex } from "../../src/index/open.js";
import type { LoadedIndex } from "../../src/index/types.js";
import { buildIndex } from "../../src/pipeline/build.js";
import { EXTRACTION_VERSION } from "../../src/ingest/extract/index.js";
import { checkFreshness, scanCorpus } from "../../src/pipeline/freshness.js";
import { refreshFileTimes, updateIndex, type UpdateOptions } from "../../src/pipeline/update.js";
import { Retriever } from "../../src/retrieve/retriever.js";
import { counting } from "../helpers/index-fixtures.js";
import { tempDir, testApp, workspace } from "../helpers/workspace.js";

const paragraphs = (topic: string, n: number) => Array.from({ length: n }, (_, i) => `${topic}第${i + 1}项工作：共有${i * 13 + 7}所学校参与，投入${i * 3 + 2}亿元。`).join("\n\n");

const CORPUS = {
  "a.txt": paragraphs("北京市教育", 6),
  "b.md": "# 天文\n\n太阳系有八大行星。木星是最大的行星。\n\n地球距离太阳约1.5亿公里。",
  "c.txt": paragraphs("上海市卫生", 5),
  "d.txt": "长江是中国最长的河流，全长约6300公里。黄河是第二长河。",
  "e.txt": paragraphs("广州市交通", 4),
};

const QUESTIONS = ["北京市教育第3项工作有多少所学校参与？", "最大的行星是哪颗？", "上海市卫生投入多少亿元？", "中国最长的河流是哪条？", "广州市交通第2项工作", "深圳市科技创新", "地球距离太阳多远？"];

/** The retrieval results for QUESTIONS, as (source, offsets, scores): comparable across indexes whose ordinals differ. */
async function answers(index: LoadedIndex, app: ReturnType<typeof testApp>): Promise<string[][]> {
  const retriever = new Retriever(index, app.analyzer, app.embedder);
  const out: string[][] = [];
  for (const q of QUESTIONS) {
    const hits = await retriever.retrieve(await retriever.analyse(q), 8);
    out.push(hits.map((h) => `${h.chunk.source}:${h.chunk.start}-${h.chunk.end} ${h.fused.toFixed(5)} ${h.similarity.toFixed(5)}`).sort());
  }
  return out;
}

/** A full rebuild of the corpus as it is now, in another index directory. */
async function rebuilt(corpus: string, app: ReturnType<typeof testApp>): Promise<LoadedIndex> {
  return buildIndex(corpus, path.join(tempDir(), "full"), app.config.index, indexDeps(app));
}

async function update(ws: { corpus: string; index: string }, app: ReturnType<typeof testApp>, options: UpdateOptions = {}) {
  return updateIndex(ws.corpus, ws.index, app.config.index, indexDeps(app), options);
}

describe("incremental index updates", () => {
  it("adds, changes and removes documents into a new segment and answers as a full rebuild does", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    const first = (await readManifest(ws.index))!;
    await fs.writeFile(path.join(ws.corpus, "f.txt"), paragraphs("深圳市科技创新", 3));
    await fs.writeFile(path.join(ws.corpus, "b.md"), CORPUS["b.md"].replace("木星是最大的行星。", "木星是太阳系中最大的行星。"));
    await fs.rm(path.join(ws.corpus, "c.txt"));
    const result = await update(ws, app);
    assert.deepEqual(result.added.map((f) => f.source), ["f.txt"]);
    assert.deepEqual(result.changed.map((f) => f.source), ["b.md"]);
    assert.deepEqual(result.removed.map((f) => f.source), ["c.txt"]);
    assert.equal(result.unchanged, 3);
    const manifest = (await readManifest(ws.index))!;
    assert.equal(manifest.generation, first.generation + 1);
    assert.notEqual(manifest.build, first.build);
    assert.equal(manifest.segments.length, 2);
    assert.equal(manifest.segments[0].name, first.segments[0].name, "the first segment is kept as it is");
    assert.deepEqual(manifest.segments[0].deletedDocs.map((d) => manifest.segments[0].sources[d]).sort(), ["b.md", "c.txt"]);
    assert.deepEqual(manifest.segments[1].sources, ["b.md", "f.txt"]);
    assert.equal(manifest.files.find((f) => f.source === "f.txt")!.segment, manifest.segments[1].name);
    const index = await openIndex(ws.index, indexDeps(app), app.config.index);
    assert.deepEqual(await answers(index, app), await answers(await rebuilt(ws.corpus, app), app));
    assert.equal(index.bm25.docCount, manifest.chunkCount);
    await index.close();
  });

  it("reads and embeds only what changed, and publishes nothing when nothing did", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    const before = (await readManifest(ws.index))!;
    const unchanged = await update(ws, testApp(ws.corpus, ws.index, { embedder: counting() }));
    assert.equal(unchanged.upToDate, true);
    assert.equal((await readManifest(ws.index))!.build, before.build);
    await fs.writeFile(path.join(ws.corpus, "g.txt"), "珠江是华南地区最大的河流。");
    await fs.writeFile(path.join(ws.corpus, "a.txt"), CORPUS["a.txt"] + "\n\n北京市教育新增一项工作。");
    const embedder = counting();
    const result = await update(ws, testApp(ws.corpus, ws.index, { embedder }));
    assert.deepEqual([result.added.map((f) => f.source), result.changed.map((f) => f.source)], [["g.txt"], ["a.txt"]]);
    assert.equal(embedder.embeddings.embedded, 2, "the new document's chunk and the changed one's new chunk; the rest from the embedding cache");
  });

  it("keeps what an update embedded in the embedding cache, so a later change or a full rebuild does not embed it again", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    await fs.writeFile(path.join(ws.corpus, "f.txt"), paragraphs("深圳市科技创新", 3));
    const adding = counting();
    await update(ws, testApp(ws.corpus, ws.index, { embedder: adding }), { only: ["f.txt"] });
    assert.ok(adding.embeddings.embedded > 0);
    await fs.writeFile(path.join(ws.corpus, "f.txt"), paragraphs("深圳市科技创新", 4));
    const changing = counting();
    await update(ws, testApp(ws.corpus, ws.index, { embedder: changing }));
    assert.equal(changing.embeddings.embedded, 1, "only the changed document's new chunk");
    const full = counting();
    const result = await update(ws, testApp(ws.corpus, ws.index, { embedder: full }), { full: true });
    assert.ok(result.added.some((f) => f.source === "f.txt"));
    assert.equal(full.embeddings.embedded, 0, "every chunk, f.txt's included, from the embedding cache");
  });

  it("plans from a freshness scan only while its generation is the published one", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    const scanned = { corpus: await scanCorpus(ws.corpus), build: (await readManifest(ws.index))!.build };
    await fs.writeFile(path.join(ws.corpus, "f.txt"), "珠江是华南地区最大的河流。");
    // Another writer adds f.txt and publishes after the scan: planning from the scan would take f.txt for removed.
    await updateIndex(ws.corpus, ws.index, app.config.index, indexDeps(app), { only: ["f.txt"] });
    const result = await updateIndex(ws.corpus, ws.index, app.config.index, indexDeps(app), { scan: scanned });
    assert.equal(result.upToDate, true);
    assert.ok(result.manifest.files.some((f) => f.source === "f.txt"));
  });

  it("records touched files' mtimes as a new generation of the same segments, while a reader opens the index", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    const before = (await readManifest(ws.index))!;
    const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    await fs.utimes(path.join(ws.corpus, "a.txt"), later, later);
    await fs.writeFile(path.join(ws.corpus, "d.txt"), CORPUS["d.txt"].replace("6300", "6400"));
    const scanned = { corpus: await scanCorpus(ws.corpus), build: before.build };
    const [index, manifest] = await Promise.all([openIndex(ws.index, indexDeps(app), app.config.index), refreshFileTimes(ws.index, scanned)]);
    assert.equal(index.docs.length, Object.keys(CORPUS).length);
    await index.close();
    assert.equal(manifest!.generation, before.generation + 1);
    assert.deepEqual(manifest!.segments, before.segments);
    const mtime = (m: typeof before, source: string) => m.files.find((f) => f.source === source)!.mtimeMs;
    assert.equal(mtime(manifest!, "a.txt"), later.getTime());
    assert.equal(mtime(manifest!, "d.txt"), mtime(before, "d.txt"), "a changed file is left for the update to read");
    assert.deepEqual(await readManifest(ws.index), manifest);
    assert.equal(await refreshFileTimes(ws.index, scanned), undefined, "a scan of an older generation records nothing");
  });

  it("never returns tombstoned chunks, by words or by vector", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    await fs.rm(path.join(ws.corpus, "d.txt"));
    await fs.writeFile(path.join(ws.corpus, "e.txt"), "广州市交通发生了变化。");
    await update(ws, app, { merge: { maxDeletedShare: 1 } });
    const index = await openIndex(ws.index, indexDeps(app), app.config.index);
    const deleted = [...index.deleted.keys()].filter((i) => index.deleted[i] === 1);
    assert.deepEqual([...new Set(deleted.map((i) => index.chunks[i].source))].sort(), ["d.txt", "e.txt"]);
    for (const text of [CORPUS["d.txt"], CORPUS["e.txt"].slice(0, 40)]) {
      const terms = app.analyzer.terms(app.analyzer.fold(text));
      const lexical = index.bm25.search(terms, index.chunks.length);
      const vector = await index.vectors.search(await app.embedder.embeddings.embedQuery(text), index.chunks.length);
      assert.ok(lexical.length > 0 && vector.length > 0);
      assert.ok(lexical.every((h) => index.deleted[h.doc] === 0) && vector.every((h) => index.deleted[h.ordinal] === 0));
      assert.ok(vector.every((h) => index.chunks[h.ordinal].source !== "d.txt"));
    }
    assert.equal((await index.vectors.search(await app.embedder.embeddings.embedQuery("长江"), 100)).length, index.chunks.length - deleted.length);
    await index.close();
  });

  it("merges segments beyond the bound into one and still answers as a full rebuild does", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    const merge = { maxSegments: 2, mergeFactor: 2 };
    const published: number[] = [];
    let merged = false;
    for (const [i, topic] of ["杭州市旅游", "成都市农业", "武汉市工业"].entries()) {
      await fs.writeFile(path.join(ws.corpus, `n${i}.txt`), paragraphs(topic, 2));
      if (i === 1) await fs.rm(path.join(ws.corpus, "a.txt"));
      const result = await update(ws, app, { merge, onPublished: (r) => published.push(r.manifest.segments.length) });
      merged ||= result.merged === true;
      assert.ok(result.manifest.segments.length <= 2);
    }
    assert.ok(merged, "a merge ran");
    assert.ok(published.some((n) => n > 2), "the update was published before its merge");
    const manifest = (await readManifest(ws.index))!;
    assert.deepEqual((await fs.readdir(ws.index)).filter((n) => n.startsWith("seg-")).sort(), manifest.segments.map((s) => s.name).sort(), "merged segments are collected");
    const index = await openIndex(ws.index, indexDeps(app), app.config.index);
    assert.deepEqual(await answers(index, app), await answers(await rebuilt(ws.corpus, app), app));
    await index.close();
  });

  it("rewrites a segment whose tombstones reach half of it", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    for (const name of ["a.txt", "c.txt", "e.txt"]) await fs.rm(path.join(ws.corpus, name));
    const result = await update(ws, app);
    assert.equal(result.merged, true);
    assert.deepEqual(result.manifest.segments.map((s) => [s.sources, s.deletedDocs]), [[["b.md", "d.txt"], []]]);
  });

  it("serialises two updates at once: both land, one after the other", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    await fs.writeFile(path.join(ws.corpus, "x.txt"), "西湖位于杭州市西部。");
    await fs.writeFile(path.join(ws.corpus, "y.txt"), "洱海位于云南省大理市。");
    const [x, y] = await Promise.all([update(ws, app, { only: ["x.txt"] }), update(ws, app, { only: ["y.txt"] })]);
    assert.deepEqual([x.added.map((f) => f.source), y.added.map((f) => f.source)], [["x.txt"], ["y.txt"]]);
    const manifest = (await readManifest(ws.index))!;
    assert.deepEqual(manifest.files.map((f) => f.source), ["a.txt", "b.md", "c.txt", "d.txt", "e.txt", "x.txt", "y.txt"]);
    assert.equal(manifest.generation, 3);
  });

  it("opens a new generation reusing the loaded segments of the previous one, and releases them once no generation uses them", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    const first = await openIndex(ws.index, indexDeps(app), app.config.index);
    await fs.writeFile(path.join(ws.corpus, "x.txt"), "西湖位于杭州市西部。");
    await update(ws, app);
    const second = await openIndex(ws.index, indexDeps(app), app.config.index, { previous: first });
    assert.equal(second.segments.length, 2);
    assert.equal(second.segments[0], first.segments[0], "the same loaded segment, not read again");
    await first.close();
    const hits = await new Retriever(second, app.analyzer, app.embedder).retrieve(await new Retriever(second, app.analyzer, app.embedder).analyse("西湖在哪里？"), 3);
    assert.equal(hits[0].chunk.source, "x.txt");
    await second.close();
    await second.close();
  });

  it("a reader opening while a writer publishes and merges always gets a whole generation", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 8; i++) {
        await fs.writeFile(path.join(ws.corpus, `w${i}.txt`), paragraphs(`第${i}批文件`, 2));
        await update(ws, app, { merge: { maxSegments: 2, mergeFactor: 2 } });
      }
      writing = false;
    })();
    let opened = 0;
    while (writing) {
      const index = await openIndex(ws.index, indexDeps(app), app.config.index);
      assert.equal(index.chunks.length - index.deleted.reduce((n, d) => n + d, 0), index.manifest.chunkCount);
      await index.close();
      opened++;
    }
    await writer;
    assert.ok(opened > 0);
  });

  it("names a missing or damaged segment of a multi-segment index, with the command that rebuilds it", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    await fs.writeFile(path.join(ws.corpus, "x.txt"), "西湖位于杭州市西部。");
    await update(ws, app);
    const manifest = (await readManifest(ws.index))!;
    const second = path.join(ws.index, manifest.segments[1].name);
    const file = path.join(second, "bm25.bin");
    const original = await fs.readFile(file);
    await fs.writeFile(file, original.subarray(1));
    await assert.rejects(openIndex(ws.index, indexDeps(app), app.config.index), (e: unknown) =>
      e instanceof AppError && e.code === "INDEX_CORRUPT" && e.message.includes(file) && /citebot index --full/.test(e.hint ?? ""));
    await fs.rm(second, { recursive: true });
    await assert.rejects(openIndex(ws.index, indexDeps(app), app.config.index), (e: unknown) =>
      e instanceof AppError && e.code === "INDEX_CORRUPT" && e.message === `index segment ${second} is missing` && /citebot index --full/.test(e.hint ?? ""));
    const repaired = await update(ws, app, { full: true });
    assert.equal(repaired.manifest.segments.length, 1);
    await (await openIndex(ws.index, indexDeps(app), app.config.index)).close();
  });

  it("rebuilds an index of the previous format in full", async () => {
    const ws = await workspace(CORPUS);
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    const manifest = (await readManifest(ws.index))!;
    await writeManifest(ws.index, { ...manifest, format: "citebot-index/3" });
    await fs.mkdir(path.join(ws.index, "build-old"));
    const result = await update(ws, app);
    assert.equal(result.added.length, 5);
    assert.equal(result.manifest.format, "citebot-index/4");
    assert.ok(!(await fs.readdir(ws.index)).includes("build-old"), "the old build directory is collected");
  });

  it("reads a PDF, DOCX or EPUB again when the index holds an older extractor's text, and only once", async () => {
    const fixtures = path.join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "formats");
    const ws = await workspace({ "notes.txt": "长江是中国最长的河流，全长约6300公里。" });
    await fs.copyFile(path.join(fixtures, "report.docx"), path.join(ws.corpus, "report.docx"));
    const app = testApp(ws.corpus, ws.index);
    await buildIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    const built = (await readManifest(ws.index))!;
    assert.equal(built.extraction, EXTRACTION_VERSION);
    assert.equal((await updateIndex(ws.corpus, ws.index, app.config.index, indexDeps(app))).upToDate, true);
    // An index written before the version was recorded (or by an older extractor).
    const { extraction: _, ...old } = built;
    await writeManifest(ws.index, old);
    const freshness = await checkFreshness(await scanCorpus(ws.corpus), old);
    assert.deepEqual(freshness.changed, ["report.docx"], "the parsed format only, not the text file");
    const result = await updateIndex(ws.corpus, ws.index, app.config.index, indexDeps(app));
    assert.deepEqual(result.changed.map((c) => c.source), ["report.docx"]);
    assert.equal(result.unchanged, 1);
    assert.equal((await readManifest(ws.index))!.extraction, EXTRACTION_VERSION);
    assert.equal((await updateIndex(ws.corpus, ws.index, app.config.index, indexDeps(app))).upToDate, true, "once");
  });
});
