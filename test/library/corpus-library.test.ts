import assert from "node:assert/strict";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildAppIndex, indexSourcesIncrementally } from "../../src/app.js";
import { AppError } from "../../src/errors.js";
import { readManifest } from "../../src/index/manifest.js";
import { CorpusLibrary, type IndexSources } from "../../src/library/corpus-library.js";
import { createMemoryLogger } from "../../src/log.js";
import { testApp, workspace } from "../helpers/workspace.js";

const FORMATS = path.resolve(import.meta.dirname, "../../../test/fixtures/formats");
const ADA = { id: 7, name: "Ada" };
const NOTES = "火星探测计划简报\n\n火星探测计划于2030年发射着陆器，着陆器携带七台科学仪器。\n\n着陆区位于乌托邦平原，预计工作两个火星年。";

async function setupLibrary(options: { indexSources?: (real: IndexSources) => IndexSources } = {}) {
  const ws = await workspace({ "a.txt": "太阳系有八大行星。木星是最大的行星。\n\n地球距离太阳约1.5亿公里。" });
  const app = testApp(ws.corpus, ws.index);
  await buildAppIndex(app);
  let reloads = 0;
  let running = 0;
  let maxRunning = 0;
  const real = indexSourcesIncrementally(app);
  const counted: IndexSources = async (sources) => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    try {
      return await real(sources);
    } finally {
      running--;
    }
  };
  const logger = createMemoryLogger("debug");
  const library = new CorpusLibrary({
    corpusDir: ws.corpus, indexDir: ws.index, chunker: app.config.index.chunker, logger,
    indexSources: options.indexSources ? options.indexSources(counted) : counted,
    reload: async () => void reloads++,
    now: () => new Date("2026-12-07T05:00:00.000Z"),
  });
  return { ws, app, library, logs: logger.lines, reloads: () => reloads, maxRunning: () => maxRunning };
}

const uploads = async (corpus: string) => (await fs.readdir(path.join(corpus, "uploads")).catch(() => [] as string[])).sort();

describe("the corpus library", () => {
  it("stores an upload under uploads/, indexes it, reloads, and records who added it when", async () => {
    const { ws, library, reloads } = await setupLibrary();
    const added = await library.add({ fileName: "mars.txt", bytes: Buffer.from(NOTES), addedBy: ADA });
    assert.equal(added.source, "uploads/mars.txt");
    assert.equal(added.title, "火星探测计划简报");
    assert.ok(added.chunks >= 1);
    assert.equal(added.replaced, false);
    assert.ok(added.examples.length >= 1);
    assert.equal(reloads(), 1);
    assert.equal(await fs.readFile(path.join(ws.corpus, "uploads/mars.txt"), "utf8"), NOTES);
    assert.deepEqual(await uploads(ws.corpus), [".citebot-uploads.json", "mars.txt"], "no temp file is left");
    assert.ok((await readManifest(ws.index))!.files.some((f) => f.source === "uploads/mars.txt"));
    const listed = (await library.list()).find((d) => d.source === "uploads/mars.txt")!;
    assert.deepEqual(listed.addedBy, ADA);
    assert.equal(listed.addedAt, "2026-12-07T05:00:00.000Z");
    assert.equal((await library.list()).find((d) => d.source === "a.txt")!.addedBy, undefined);
  });

  it("holds an upload awaiting confirmation as a dot file under uploads/ that is never indexed, handed back once", async () => {
    const { ws, library } = await setupLibrary();
    const handle = await library.hold("mars.txt", Buffer.from(NOTES), 60_000);
    assert.match(handle, /^\.held-\d+-[0-9a-f-]{36}\.txt$/);
    assert.deepEqual(await uploads(ws.corpus), [handle]);
    await library.add({ fileName: "other.txt", bytes: Buffer.from("另一份文档\n\n土星有美丽的光环。"), addedBy: ADA });
    assert.deepEqual((await readManifest(ws.index))!.files.map((f) => f.source).sort(), ["a.txt", "uploads/other.txt"], "the held file is not a document");
    assert.equal(Buffer.from((await library.takeHeld(handle))!).toString("utf8"), NOTES);
    assert.equal(await library.takeHeld(handle), undefined, "handed back once");
    assert.deepEqual(await uploads(ws.corpus), [".citebot-uploads.json", "other.txt"]);
  });

  it("refuses handles it did not make, and drops held files whose time has passed at the next hold", async () => {
    const { ws, library } = await setupLibrary();
    for (const forged of ["../a.txt", ".held-1-../../a.txt", "other.txt", ".citebot-uploads.json"]) assert.equal(await library.takeHeld(forged), undefined, forged);
    assert.ok(readFileSync(path.join(ws.corpus, "a.txt")));
    const stale = await library.hold("old.txt", Buffer.from("x"), 0);
    const fresh = await library.hold("new.txt", Buffer.from("y"), 60_000);
    assert.deepEqual(await uploads(ws.corpus), [fresh]);
    assert.equal(await library.takeHeld(stale), undefined);
  });

  it("counts a PDF's pages", async () => {
    const { library } = await setupLibrary();
    const added = await library.add({ fileName: "report.pdf", path: path.join(FORMATS, "zh-report.pdf"), addedBy: ADA });
    assert.ok(added.pages! >= 1);
    assert.equal((await library.list()).find((d) => d.source === "uploads/report.pdf")!.pages, added.pages);
  });

  for (const [file, reason] of [["corrupt.pdf", "unreadable"], ["encrypted.pdf", "encrypted"]] as const) {
    it(`refuses ${file} (${reason}) and leaves the corpus and the index as they were`, async () => {
      const { ws, library, reloads } = await setupLibrary();
      const before = (await readManifest(ws.index))!.build;
      await assert.rejects(library.add({ fileName: file, bytes: readFileSync(path.join(FORMATS, file)), addedBy: ADA }), { name: "LibraryError", reason, code: "DOCUMENT_REFUSED" });
      assert.deepEqual(await uploads(ws.corpus), []);
      assert.equal((await readManifest(ws.index))!.build, before);
      assert.equal(reloads(), 0);
    });
  }

  it("refuses an empty file and an unsupported type", async () => {
    const { library } = await setupLibrary();
    await assert.rejects(library.add({ fileName: "blank.txt", bytes: new Uint8Array(), addedBy: ADA }), { reason: "empty" });
    await assert.rejects(library.add({ fileName: "tool.exe", bytes: Buffer.from("MZ"), addedBy: ADA }), { reason: "unsupported" });
  });

  it("keeps a nasty name inside uploads/", async () => {
    const { ws, library } = await setupLibrary();
    const added = await library.add({ fileName: "../../\u202eevil.txt", bytes: Buffer.from(NOTES), addedBy: ADA });
    assert.equal(added.source, "uploads/evil.txt");
    assert.deepEqual(await fs.readdir(ws.root).then((n) => n.sort()), ["corpus", "embeddings"]);
    await assert.rejects(library.add({ fileName: "..", bytes: Buffer.from(NOTES), addedBy: ADA }), { reason: "name" });
  });

  it("never overwrites silently: the same name is refused, and replaced only when asked", async () => {
    const { ws, library } = await setupLibrary();
    await library.add({ fileName: "mars.txt", bytes: Buffer.from(NOTES), addedBy: ADA });
    assert.equal(await library.exists("mars.txt"), true);
    assert.equal(await library.sameAs("mars.txt", Buffer.from(NOTES)), true);
    assert.equal(await library.sameAs("mars.txt", Buffer.from("新版\n\n九台仪器。")), false);
    assert.equal(await library.sameAs("venus.txt", Buffer.from(NOTES)), false);
    await assert.rejects(library.add({ fileName: "mars.txt", bytes: Buffer.from("新版\n\n九台仪器。"), addedBy: ADA }), { reason: "exists", code: "DOCUMENT_EXISTS" });
    assert.equal(await fs.readFile(path.join(ws.corpus, "uploads/mars.txt"), "utf8"), NOTES);
    const replaced = await library.add({ fileName: "mars.txt", bytes: Buffer.from("火星计划修订版\n\n修订后着陆器携带九台科学仪器。"), addedBy: ADA }, { replace: true });
    assert.equal(replaced.replaced, true);
    assert.equal(replaced.title, "火星计划修订版");
    assert.match(await fs.readFile(path.join(ws.corpus, "uploads/mars.txt"), "utf8"), /九台/);
    assert.deepEqual(await uploads(ws.corpus), [".citebot-uploads.json", "mars.txt"]);
  });

  it("puts the corpus back when indexing fails (a full disk): a new file is removed, a replaced one restored", async () => {
    let fail = false;
    const { ws, library, reloads } = await setupLibrary({
      indexSources: (real) => async (sources) => {
        if (fail) throw new AppError("INDEX_DISK_FULL", "no space left on device while writing the index");
        return real(sources);
      },
    });
    await library.add({ fileName: "mars.txt", bytes: Buffer.from(NOTES), addedBy: ADA });
    fail = true;
    await assert.rejects(library.add({ fileName: "venus.txt", bytes: Buffer.from("金星简报\n\n金星表面温度约为465摄氏度。"), addedBy: ADA }), { code: "INDEX_DISK_FULL" });
    await assert.rejects(library.add({ fileName: "mars.txt", bytes: Buffer.from("新版\n\n九台仪器。"), addedBy: ADA }, { replace: true }), { code: "INDEX_DISK_FULL" });
    assert.deepEqual(await uploads(ws.corpus), [".citebot-uploads.json", "mars.txt"]);
    assert.equal(await fs.readFile(path.join(ws.corpus, "uploads/mars.txt"), "utf8"), NOTES);
    assert.equal(reloads(), 1);
  });

  it("serialises two uploads at once, and both land", async () => {
    const { ws, library, maxRunning } = await setupLibrary();
    await Promise.all([
      library.add({ fileName: "mars.txt", bytes: Buffer.from(NOTES), addedBy: ADA }),
      library.add({ fileName: "venus.txt", bytes: Buffer.from("金星简报\n\n金星表面温度约为465摄氏度。"), addedBy: { id: 8 } }),
    ]);
    assert.equal(maxRunning(), 1);
    const files = (await readManifest(ws.index))!.files.map((f) => f.source);
    assert.deepEqual(files, ["a.txt", "uploads/mars.txt", "uploads/venus.txt"]);
  });

  it("removes a document and its file; an unknown source is refused; a failed index keeps the file", async () => {
    let fail = false;
    const { ws, library } = await setupLibrary({
      indexSources: (real) => async (sources) => {
        if (fail) throw new AppError("INDEX_WRITE_FAILED", "index build failed");
        return real(sources);
      },
    });
    await library.add({ fileName: "mars.txt", bytes: Buffer.from(NOTES), addedBy: ADA });
    await library.add({ fileName: "venus.txt", bytes: Buffer.from("金星简报\n\n金星表面温度约为465摄氏度。"), addedBy: ADA });
    fail = true;
    await assert.rejects(library.remove("uploads/venus.txt"), { code: "INDEX_WRITE_FAILED" });
    assert.deepEqual(await uploads(ws.corpus), [".citebot-uploads.json", "mars.txt", "venus.txt"]);
    fail = false;
    const removed = await library.remove("uploads/mars.txt");
    assert.equal(removed.title, "火星探测计划简报");
    assert.deepEqual(await uploads(ws.corpus), [".citebot-uploads.json", "venus.txt"]);
    assert.deepEqual((await library.list()).map((d) => d.source), ["a.txt", "uploads/venus.txt"]);
    const records = JSON.parse(await fs.readFile(path.join(ws.corpus, "uploads/.citebot-uploads.json"), "utf8"));
    assert.deepEqual(Object.keys(records.uploads), ["uploads/venus.txt"]);
    await assert.rejects(library.remove("../outside.txt"), { code: "SOURCE_UNKNOWN" });
    await assert.rejects(library.remove("uploads/mars.txt"), { code: "SOURCE_UNKNOWN" });
  });

  it("removes a document nobody uploaded without a warning, and makes no uploads folder for it", async () => {
    const { ws, app, library, logs } = await setupLibrary();
    await fs.writeFile(path.join(ws.corpus, "b.txt"), "土星有美丽的光环。");
    await buildAppIndex(app);
    await library.remove("b.txt");
    assert.deepEqual((await library.list()).map((d) => d.source), ["a.txt"]);
    assert.deepEqual(logs.filter((l) => /"level":"(warn|error)"/.test(l)), []);
    await assert.rejects(fs.stat(path.join(ws.corpus, "uploads")), { code: "ENOENT" });
  });
});
