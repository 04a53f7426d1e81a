import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import { DEFAULT_ENGINE, Engine } from "../../src/engine.js";
import type { Excerpt } from "../../src/answer/evidence.js";
import { margins } from "../../src/answer/selector.js";
import { NO_RIVAL_MARGIN, ONE_DOCUMENT_MARGIN } from "../../src/answer/gate.js";
import { BUNDLED_CORPUS, BUNDLED_DOC, tempDir, testApp, workspace } from "../helpers/workspace.js";

describe("the refusal gate on the bundled corpus", () => {
  let engine: Engine;
  const app = testApp(BUNDLED_CORPUS, tempDir());
  const text = readFileSync(BUNDLED_DOC, "utf8").replace(/^\uFEFF/, "");
  before(async () => {
    engine = await openEngine(app);
  });

  for (const question of ["明天北京的天气怎么样？", "What is the capital of France?", "如何用Python写一个快速排序？", "北京大学现任校长是谁？"]) {
    it(`refuses: ${question}`, async () => {
      const answer = await engine.ask(question);
      assert.equal(answer.found, false);
      assert.deepEqual(answer.citations, []);
      assert.equal(answer.shortAnswer, undefined);
    });
  }

  it("answers what the document says, with the gold text", async () => {
    const cases: Array<[string, string]> = [
      ["2023年全国教育工作会议是在什么地方举行的？", "北京"],
      ["红色“1+1”党支部共建活动组织了多少个学生党支部？", "近2万个"],
      ["“电影中的党史课”是和哪个博物馆合作的？", "中国电影博物馆"],
      ["北京引导毕业生到哪些地方去就业？", "基层"],
    ];
    for (const [q, gold] of cases) {
      const answer = await engine.ask(q);
      assert.equal(answer.found, true, q);
      assert.ok(answer.answer.includes(gold), `${q} → ${answer.answer}`);
      assert.equal(answer.closest, undefined);
    }
  });

  it("reads the one-document margin: the corpus has no other document to compare with", async () => {
    let reading: { margin: number; openMargin: number; alone: number } | undefined;
    await engine.ask("红色“1+1”党支部共建活动持续了多少年？", { onGate: (g) => (reading = g.reading) });
    assert.deepEqual(reading && [reading.margin, reading.openMargin, reading.alone], [ONE_DOCUMENT_MARGIN, ONE_DOCUMENT_MARGIN, 0]);
  });

  it("gives a refused near-topic question the closest passage as a separate hint, never as a citation", async () => {
    const answer = await engine.ask("北京冬奥会的吉祥物叫什么名字？");
    assert.equal(answer.found, false);
    assert.deepEqual(answer.citations, []);
    assert.ok(answer.closest, "a hint");
    assert.equal(answer.closest.text, text.slice(answer.closest.start, answer.closest.end));
    assert.ok(!answer.answer.includes(answer.closest.text));
    for (const q of ["What is the capital of France?", "火星上有没有水？"]) assert.equal((await engine.ask(q)).closest, undefined, `${q}: nothing close enough to show`);
  });

  it("keeps the legacy gate as a setting, for before/after runs", async () => {
    const legacy = new Engine({ index: engine.index, analyzer: app.analyzer, embedder: app.embedder, logger: app.logger }, { ...DEFAULT_ENGINE, gate: { ...DEFAULT_ENGINE.gate, kind: "legacy" } });
    assert.equal((await legacy.ask("What is the capital of France?")).found, false);
    assert.equal((await legacy.ask("红色“1+1”党支部共建活动组织了多少个学生党支部？")).found, true);
  });
});

describe("the refusal gate on English text", () => {
  const corpus = fileURLToPath(new URL("../../../test/fixtures/quality/english-dev/corpus", import.meta.url));
  let engine: Engine;
  before(async () => {
    engine = await openEngine(testApp(corpus, tempDir()));
  });

  it("refuses what the coverage gate lets through when the scored gate, at its own calibration, does not", async () => {
    let seen: { decidedBy: string; reading?: { coverage: number } } | undefined;
    const answer = await engine.ask("Which company makes the Macintosh?", { onGate: (g) => (seen = g) });
    assert.equal(answer.found, false, answer.answer);
    assert.equal(seen?.decidedBy, "score");
    assert.equal((await engine.ask("Who developed Tcl?")).found, true);
  });
});

describe("the fact asked, on English text", () => {
  const corpus = fileURLToPath(new URL("../../../test/fixtures/quality/english-3/corpus", import.meta.url));

  it("must be stated by the best excerpt, not by another passage quoted after it", async () => {
    const engine = await openEngine(testApp(corpus, tempDir()));
    let seen: { decidedBy: string } | undefined;
    // The best excerpt dates Pascal's design; a later one gives Blaise Pascal's years (1623-1662), which are no birth of Wirth's.
    const answer = await engine.ask("When was Niklaus Wirth born?", { onGate: (g) => (seen = g) });
    assert.equal(answer.found, false, answer.answer);
    assert.equal(seen?.decidedBy, "type");
    assert.match((await engine.ask("When did Seymour Cray die?")).answer, /1996-10-05/);
  });

  it("is answered by an excerpt that states it and scores nearly as well as a best one that does not", async () => {
    const engine = await openEngine(testApp(corpus, tempDir()));
    // The best-scoring sentence gives the Pentium Pro's area (196 mm^2); the next, scoring within a few per cent, counts its transistors.
    const answer = await engine.ask("How many transistors were on the Pentium Pro?");
    assert.equal(answer.found, true, answer.answer);
    assert.match(answer.answer.split("[1]")[0], /5\.5 million on the Pentium Pro/);
  });
});

describe("the fact asked, on Chinese text", () => {
  it("must be stated by the answer's own document, not by another document's passage cited beside it", async () => {
    const ws = await workspace({
      "蓝线裸顶鲷.txt": "蓝线裸顶鲷\n\n蓝线裸顶鲷，又称蓝线白𫚭，俗名龙尖，为辐鳍鱼纲鲈形目龙占鱼科的其中一个种。本鱼分布于印度西太平洋区，栖息在岩礁附近的沙质海域。",
      "黄鳍鲷.txt": "黄鳍鲷\n\n黄鳍鲷为辐鳍鱼纲鲈形目鲷科的其中一个种。本鱼体长约是30公分，栖息在岩礁附近的沙质海域。",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    let seen: { decidedBy: string } | undefined;
    const answer = await engine.ask("蓝线裸顶鲷的体长约是多少公分？", { onGate: (g) => (seen = g) });
    assert.equal(answer.found, false, answer.answer);
    assert.equal(seen?.decidedBy, "type");
    assert.match((await engine.ask("黄鳍鲷的体长约是多少公分？")).answer, /30公分/);
  });
});

describe("the score margin the gate reads", () => {
  const excerpt = (ordinal: number, score: number) => ({ ordinal, score, start: 0, end: 1, core: { start: 0, end: 1 }, coverage: 1, missing: [] }) as Excerpt;
  const chunkDoc = [0, 1, 2];

  it("is how far the best excerpt stands above another document's, and neutral with no other document", () => {
    assert.deepEqual(margins([excerpt(0, 1), excerpt(1, 0.6)], chunkDoc), { margin: 0.4, alone: false, openMargin: 0.4 });
    assert.deepEqual(margins([excerpt(0, 1)], chunkDoc), { margin: NO_RIVAL_MARGIN, alone: false, openMargin: NO_RIVAL_MARGIN }, "a one-document corpus is never alone");
  });

  it("reads the calibrated one-document value over a corpus of one document, whatever the excerpts", () => {
    const one = { margin: ONE_DOCUMENT_MARGIN, alone: false, openMargin: ONE_DOCUMENT_MARGIN };
    assert.deepEqual(margins([excerpt(0, 1)], [0, 0, 0], 0, true), one);
    assert.deepEqual(margins([excerpt(0, 1), excerpt(1, 0.2)], [0, 0, 0], 1, true), one, "its own passages are no rivals");
    assert.ok(ONE_DOCUMENT_MARGIN < NO_RIVAL_MARGIN, "retrieval finding one document of many says more for an answer than a corpus of one");
  });

  it("counts only the documents naming the question's subject as rivals when some do", () => {
    // The subject check put the excerpt naming the subject first (agreeing: 1), ahead of a higher-scored one that never names it.
    const ranked = [excerpt(0, 0.8), excerpt(1, 1)];
    assert.equal(margins(ranked, chunkDoc).margin, 0, "read over every document, the answer looks contested");
    assert.deepEqual(margins(ranked, chunkDoc, 1), { margin: NO_RIVAL_MARGIN, alone: true, openMargin: 0 }, "no other document names the subject");
    assert.deepEqual(margins([excerpt(0, 0.8), excerpt(2, 0.4), excerpt(1, 1)], chunkDoc, 2), { margin: 0.5, alone: false, openMargin: 0.5 }, "another document naming it is a rival");
  });
});
