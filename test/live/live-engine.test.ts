import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IndexError } from "../../src/errors.js";
import { diffFiles } from "../../src/live/generation.js";
import { LiveEngine, type SwitchEvent } from "../../src/live/live-engine.js";
import { createMemoryLogger } from "../../src/log.js";
import { BEIJING, type FakeDoc, SHANGHAI } from "../helpers/fake-engine.js";
import { MemoryGenerations } from "../helpers/memory-generations.js";

const QUANTUM: FakeDoc = { source: "quantum.txt", text: "量子计算机实验室\n\n量子计算机实验室的主任是张三。" };
const QUESTION = "量子计算机实验室的主任是谁？";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function live(generations: MemoryGenerations) {
  const logger = createMemoryLogger("debug");
  const engine = new LiveEngine(generations, generations.current(), logger);
  const switches: SwitchEvent[] = [];
  engine.onSwitch((event) => switches.push(event));
  return { engine, logs: logger.lines, switches };
}

describe("LiveEngine", () => {
  it("finishes a question in flight on the generation it started with, and the next question sees the new document", async () => {
    const generations = new MemoryGenerations();
    const held = deferred();
    generations.publish("b1", [BEIJING], { engine: { hold: held.promise } });
    const { engine, switches } = live(generations);
    const inFlight = engine.ask(QUESTION);

    generations.publish("b2", [BEIJING, QUANTUM]);
    assert.deepEqual(await engine.reload(), { changed: true, build: "b2" });
    assert.deepEqual(generations.closed, [], "b1 is still answering a question");
    held.resolve();
    const old = await inFlight;
    assert.equal(old.found, false, "answered by b1, which has no quantum.txt");
    assert.deepEqual(generations.closed, ["b1"], "b1 closed once its last question was answered");

    const fresh = await engine.ask(QUESTION);
    assert.equal(fresh.found, true);
    assert.equal(fresh.citations[0]!.source, "quantum.txt");
    assert.deepEqual(engine.sources().map((s) => s.source), ["beijing-2023.txt", "quantum.txt"]);
    assert.equal(switches.length, 1);
    assert.deepEqual({ ...switches[0], ms: 0 }, { build: "b2", previousBuild: "b1", files: 2, chunks: 2, added: ["quantum.txt"], changed: [], removed: [], skipped: [], ms: 0 });
  });

  it("closes a replaced generation at once when no question uses it", async () => {
    const generations = new MemoryGenerations();
    generations.publish("b1", [BEIJING]);
    const { engine } = live(generations);
    generations.publish("b2", [SHANGHAI]);
    await engine.reload();
    await engine.close();
    assert.deepEqual(generations.closed, ["b1", "b2"]);
  });

  it("does nothing when the published build is the one answering", async () => {
    const generations = new MemoryGenerations();
    generations.publish("b1", [BEIJING]);
    const { engine, switches } = live(generations);
    assert.deepEqual(await engine.reload(), { changed: false, build: "b1" });
    assert.deepEqual(generations.opened, ["b1"]);
    assert.equal(switches.length, 0);
  });

  it("coalesces concurrent reloads: a burst opens the new generation once", async () => {
    const generations = new MemoryGenerations();
    generations.publish("b1", [BEIJING]);
    const { engine, switches } = live(generations);
    const gate = deferred();
    generations.openGate = gate.promise;
    generations.publish("b2", [BEIJING, QUANTUM]);
    const reloads = Array.from({ length: 5 }, () => engine.reload());
    gate.resolve();
    const results = await Promise.all(reloads);
    assert.deepEqual(generations.opened, ["b1", "b2"]);
    assert.deepEqual(results.map((r) => r.build), ["b2", "b2", "b2", "b2", "b2"]);
    assert.equal(results.filter((r) => r.changed).length, 1);
    assert.equal(switches.length, 1);
  });

  it("a generation published while one is being opened is opened right after it", async () => {
    const generations = new MemoryGenerations();
    generations.publish("b1", [BEIJING]);
    const { engine } = live(generations);
    const gate = deferred();
    generations.openGate = gate.promise;
    generations.publish("b2", [BEIJING, SHANGHAI]);
    const first = engine.reload();
    await new Promise((r) => setImmediate(r)); // b2's open has started
    generations.publish("b3", [BEIJING, SHANGHAI, QUANTUM]);
    const second = engine.reload();
    gate.resolve();
    await first;
    assert.deepEqual(await second, { changed: true, build: "b3" });
    assert.equal(engine.generation.build, "b3");
  });

  it("keeps answering from the current generation when a new one fails to open, warns once, and tries the next one published", async () => {
    const generations = new MemoryGenerations();
    generations.publish("b1", [BEIJING]);
    const { engine, logs } = live(generations);
    generations.publish("b2", [BEIJING, QUANTUM], { fail: new IndexError("INDEX_CORRUPT", "index file build-b2/bm25.bin is missing") });
    assert.deepEqual(await engine.reload(), { changed: false, build: "b1" });
    assert.deepEqual(await engine.reload(), { changed: false, build: "b1" });
    const warnings = logs.filter((l) => l.includes('"level":"warn"'));
    assert.equal(warnings.length, 1, logs.join("\n"));
    assert.match(warnings[0]!, /cannot be opened.*"generation":"b2".*"current":"b1".*bm25\.bin is missing.*"code":"INDEX_CORRUPT"/);
    assert.equal((await engine.ask("北京有多少所高校试点开设思政选修课？")).found, true, "b1 still answers");
    assert.deepEqual(generations.closed, []);

    generations.publish("b3", [BEIJING, QUANTUM]);
    assert.deepEqual(await engine.reload(), { changed: true, build: "b3" });
    assert.equal((await engine.ask(QUESTION)).found, true);
  });

  it("opens the newer generation, without a warning, when the one being opened was superseded and removed meanwhile", async () => {
    const generations = new MemoryGenerations();
    generations.publish("b1", [BEIJING]);
    const { engine, logs } = live(generations);
    const gate = deferred();
    generations.openGate = gate.promise;
    generations.publish("b2", [BEIJING, SHANGHAI], { fail: new IndexError("INDEX_CORRUPT", "index file build-b2/chunks.bin is missing") });
    const reload = engine.reload();
    await new Promise((r) => setImmediate(r));
    generations.publish("b3", [BEIJING, SHANGHAI, QUANTUM]);
    generations.openGate = undefined;
    gate.resolve();
    assert.deepEqual(await reload, { changed: true, build: "b3" });
    assert.equal(logs.filter((l) => l.includes('"level":"warn"')).length, 0, logs.join("\n"));
  });

  it("keeps answering when the manifest cannot be read, and says so once", async () => {
    const generations = new MemoryGenerations();
    generations.publish("b1", [BEIJING]);
    const { engine, logs } = live(generations);
    generations.publishedBuild = async () => {
      throw new IndexError("INDEX_CORRUPT", "manifest.json is not valid JSON (truncated or corrupted)");
    };
    await engine.reload();
    await engine.reload();
    assert.equal(logs.filter((l) => l.includes("cannot read the index manifest")).length, 1);
    assert.equal(engine.generation.build, "b1");
  });

  it("waits for questions in flight when closed, and switches no more", async () => {
    const generations = new MemoryGenerations();
    const held = deferred();
    generations.publish("b1", [BEIJING], { engine: { hold: held.promise } });
    const { engine } = live(generations);
    const inFlight = engine.ask("北京有多少所高校试点开设思政选修课？");
    const closing = engine.close();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(generations.closed, []);
    held.resolve();
    assert.equal((await inFlight).found, true);
    await closing;
    assert.deepEqual(generations.closed, ["b1"]);
    generations.publish("b2", [SHANGHAI]);
    assert.deepEqual(await engine.reload(), { changed: false, build: "b1" });
  });
});

describe("diffFiles", () => {
  it("names the sources added, changed (another hash) and removed", () => {
    const before = { files: [{ source: "a", hash: "1" }, { source: "b", hash: "2" }, { source: "c", hash: "3" }], skipped: [] };
    const after = { files: [{ source: "a", hash: "1" }, { source: "b", hash: "9" }, { source: "d", hash: "4" }], skipped: [] };
    assert.deepEqual(diffFiles(before, after), { added: ["d"], changed: ["b"], removed: ["c"], skipped: [] });
  });

  it("names the files newly skipped, or skipped for another reason, but not a skip that stands", () => {
    const files = [{ source: "a", hash: "1" }];
    const before = { files, skipped: [{ source: "old.pdf", reason: "encrypted" }, { source: "x.pdf", reason: "empty" }] };
    const after = { files, skipped: [{ source: "old.pdf", reason: "encrypted" }, { source: "x.pdf", reason: "not a PDF file" }, { source: "new.docx", reason: "damaged" }] };
    assert.deepEqual(diffFiles(before, after), { added: [], changed: [], removed: [], skipped: ["x.pdf", "new.docx"] });
  });
});
