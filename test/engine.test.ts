import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { openEngine } from "../src/app.js";
import { splitSentences } from "../src/lang/sentences.js";
import type { Engine } from "../src/engine.js";
import { HashingEmbeddings } from "../src/embed/hashing.js";
import { ProviderError } from "../src/errors.js";
import { analyzer, BUNDLED_CORPUS, BUNDLED_DOC, tempDir, testApp, workspace } from "./helpers/workspace.js";

describe("Engine over the bundled corpus", () => {
  let engine: Engine;
  const text = readFileSync(BUNDLED_DOC, "utf8");
  before(async () => {
    engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
  });

  it("answers the 1+1 question with the right number and an exact citation", async () => {
    const answer = await engine.ask("红色“1+1”党支部共建活动组织了多少个学生党支部？");
    assert.equal(answer.found, true);
    assert.match(answer.answer, /近2万个学生党支部/);
    assert.match(answer.answer, /\[1\]/);
    const c = answer.citations[0];
    assert.equal(c.source, "beijing-education-2023.txt");
    assert.equal(c.text, text.slice(c.start, c.end));
    assert.match(c.text, /近2万个学生党支部/);
    assert.equal(c.line, 19);
    assert.equal(c.paragraph, 10);
    assert.ok(answer.answer.replace(/\[\d+\]/g, "").length <= 220, "the answer quotes at most about 200 characters");
  });

  it("refuses a question about a year the document never names, and answers the same question about the year it does", async () => {
    assert.equal((await engine.ask("2024年全国教育工作会议在哪里召开？")).found, false);
    const named = await engine.ask("2023年全国教育工作会议在哪里召开？");
    assert.equal(named.found, true);
    assert.match(named.answer, /在北京召开/);
  });

  for (const question of ["明天北京的天气怎么样？", "What is the capital of France?", "如何用Python写一个快速排序？"]) {
    it(`refuses an out-of-scope question: ${question}`, async () => {
      const answer = await engine.ask(question);
      assert.equal(answer.found, false);
      assert.deepEqual(answer.citations, []);
      assert.ok(answer.answer.length > 0);
    });
  }

  const factual: Array<[string, RegExp]> = [
    ["多少所高校试点开设思政选修课？", /26所高校/],
    ["宣讲活动覆盖了多少名师生？", /近50万名师生/],
    ["2023年全国教育工作会议在哪里召开？", /在北京召开/],
    ["首都高校师生服务乡村振兴组建了多少支团队？", /100支团队/],
    ["系列宣传累计阅读量是多少？", /2000万次/],
    ["连续多少年开展红色1+1党支部共建活动？", /连续17年/],
    ["每年组织多少个青年教师社会调研团？", /100个青年教师社会调研团/],
    ["網絡宣講微博點擊量是多少？", /破亿人次/],
  ];
  for (const [question, expected] of factual) {
    it(`answers a factual question: ${question}`, async () => {
      const answer = await engine.ask(question);
      assert.equal(answer.found, true);
      assert.match(answer.citations[0].text, expected);
    });
  }

  it("cites exact slices of the source for questions built from every sentence (property)", async () => {
    const sentences = splitSentences(text).map((s) => text.slice(s.start, s.end)).filter((s) => s.length > 12);
    let checked = 0;
    for (const sentence of sentences) {
      for (const question of [sentence.slice(0, 20), `${sentence.slice(4, 18)}是什么？`]) {
        const answer = await engine.ask(question, { k: 5 });
        for (const c of answer.citations) {
          assert.equal(c.text, text.slice(c.start, c.end), `citation ${c.n} for ${question}`);
          checked++;
        }
        const markers = [...answer.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
        for (const n of markers) assert.ok(answer.citations.some((c) => c.n === n), `marker [${n}] has a citation`);
      }
    }
    assert.ok(checked > 50, `only ${checked} citations checked`);
  });

  it("rejects empty and overlong questions with codes", async () => {
    await assert.rejects(engine.ask("   "), { code: "QUESTION_EMPTY" });
    await assert.rejects(engine.ask("\u200b\u200d\ufeff"), { code: "QUESTION_EMPTY" }, "invisible characters only");
    await assert.rejects(engine.ask("？"), { code: "QUESTION_EMPTY" }, "punctuation only");
    await assert.rejects(engine.ask(" ?!…… "), { code: "QUESTION_EMPTY" }, "punctuation only");
    await assert.rejects(engine.ask("https://example.com/foo?x=1"), { code: "QUESTION_EMPTY", message: /only a link/ }, "a link only: no confident answer about its letters");
    await assert.rejects(engine.ask("问".repeat(5000)), { code: "QUESTION_TOO_LONG" });
  });

  it("says a question without words is not answered in its documents' language", async () => {
    const answer = await engine.ask("31415926");
    assert.equal(answer.found, false);
    assert.equal(answer.answer, "文档中没有找到能回答这个问题的内容。");
  });

  it("uses the previous question as context for a follow-up", async () => {
    const alone = await engine.ask("那每年呢？");
    const followUp = await engine.ask("那每年呢？", { context: "高校师生服务双百行动计划组织多少个大学生社会实践团？" });
    assert.equal(followUp.found, true);
    assert.match(followUp.citations[0].text, /100个大学生社会实践团/);
    assert.notDeepEqual(alone.citations[0]?.text, followUp.citations[0].text);
  });

  it("returns the passage around a citation and refuses forged references", async () => {
    const answer = await engine.ask("红色“1+1”党支部共建活动组织了多少个学生党支部？");
    const c = answer.citations[0];
    const passage = engine.passage(c.chunkId, c.start, c.end)!;
    assert.equal(passage.text.slice(passage.highlightStart, passage.highlightEnd), c.text);
    assert.equal(engine.passage("0000000000deadbeef00", c.start, c.end), undefined);
    assert.equal(engine.passage(c.chunkId, -5, 3), undefined);
    assert.equal(engine.passage(c.chunkId, c.start, 10_000_000), undefined);
  });

  for (const message of ["hello", "help", "Thanks!", "你好", "谢谢", "您好", "哈囉", "在吗？"]) {
    it(`answers small talk with what to ask, never from the documents: ${message}`, async () => {
      const answer = await engine.ask(message);
      assert.equal(answer.found, false);
      assert.deepEqual(answer.citations, []);
      assert.equal(answer.closest, undefined);
      assert.ok(answer.smallTalk);
      for (const example of engine.exampleQuestions(2)) assert.ok(answer.answer.includes(example), `${answer.answer} offers ${example}`);
      assert.match(answer.answer, /^[A-Za-z]/.test(message) ? /indexed documents/ : /哈囉/.test(message) ? /已索引的文件/ : /已索引的文档/);
    });
  }

  it("refuses a yes/no question whose number the documents neither state nor contradict, as its open form", async () => {
    for (const question of ["北京冬奥会有多少名志愿者？", "北京冬奥会有30000名志愿者吗？"]) {
      const answer = await engine.ask(question);
      assert.equal(answer.found, false, question);
      assert.deepEqual(answer.citations, []);
    }
  });

  it("answers a yes/no question whose name the documents lack with what its open form finds", async () => {
    assert.equal((await engine.ask("教育部部长是谁？")).shortAnswer, "怀进鹏");
    const answer = await engine.ask("教育部部长是王明吗？");
    assert.equal(answer.found, true);
    assert.match(answer.answer, /^不是：文档说是怀进鹏。/);
    const c = answer.citations[0];
    assert.equal(c.text, text.slice(c.start, c.end));
    assert.match((await engine.ask("北京有30所高校试点开设思政选修课吗？")).answer, /^不是：文档说是26所。/, "the evidence's own verdict is kept");
  });

  it("says yes to a yes/no question whose name, as written, is what its open form answers, and nothing to one that claims nothing", async () => {
    const answer = await engine.ask("教育部部长是怀进鹏吗？");
    assert.equal(answer.found, true);
    assert.match(answer.answer, /^是的。/);
    const c = answer.citations[0];
    assert.equal(c.text, text.slice(c.start, c.end));
    assert.ok(c.text.includes("怀进鹏"));
    const nothing = await engine.ask("这是真的吗？");
    assert.doesNotMatch(nothing.answer, /^(?:是的|不是)/);
  });

  it("answers questions about the document itself from its metadata lines, with exact citations", async () => {
    const cases: Array<[string, string, string]> = [
      ["这篇文章发表于什么时候？", "2023-03-07 来源:教育部收藏", "2023-03-07"],
      ["文章来源是哪里？", "2023-03-07 来源:教育部收藏", "教育部"],
      ["本文的责任编辑是谁？", "(责任编辑:曹建)", "曹建"],
      ["When was this article published?", "2023-03-07 来源:教育部收藏", "2023-03-07"],
    ];
    for (const [question, line, value] of cases) {
      const answer = await engine.ask(question);
      assert.equal(answer.found, true, question);
      const c = answer.citations[0];
      assert.equal(c.text, line);
      assert.equal(text.slice(c.start, c.end), c.text);
      assert.equal(answer.shortAnswer, value);
    }
  });

  it("lists sources and offers example questions that it answers", async () => {
    assert.deepEqual(engine.sources().map((s) => [s.source, s.chunks > 0]), [["beijing-education-2023.txt", true]]);
    const examples = engine.exampleQuestions(3);
    assert.ok(examples.length >= 2);
    for (const q of examples) assert.equal((await engine.ask(q)).found, true, q);
  });
});

describe("Engine over an English corpus", () => {
  it("offers English example questions that it answers", async () => {
    const english = path.resolve(import.meta.dirname, "../../test/fixtures/quality/english/corpus");
    const files: Record<string, string> = Object.fromEntries(readdirSync(english).map((name) => [name, readFileSync(path.join(english, name), "utf8")]));
    files["annual-report.txt"] = "Annual report 2024\n\nTotal revenue was $8.6 million in 2024, up 12% on the year before.\n\nThe number of employees reached 140 by December.\n";
    const ws = await workspace(files);
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const examples = engine.exampleQuestions(20);
    assert.ok(examples.length >= 8, `only ${examples.length}: ${examples.join(" / ")}`);
    assert.ok(examples.includes("What was total revenue?") && examples.includes("Who created Python?"), examples.join(" / "));
    for (const q of examples) assert.equal((await engine.ask(q)).found, true, q);
  });
});

describe("Engine when the embedding provider fails at question time", () => {
  it("answers from the lexical index alone and logs one warning", async () => {
    const index = tempDir();
    await openEngine(testApp(BUNDLED_CORPUS, index));
    const hashing = new HashingEmbeddings(analyzer());
    const failing = Object.assign(Object.create(hashing) as HashingEmbeddings, {
      embedQuery: async () => {
        throw new ProviderError("PROVIDER_FAILED", "embedding server unreachable");
      },
    });
    const app = testApp(BUNDLED_CORPUS, index, { embedder: { info: { id: hashing.id, provider: "hash", dimensions: 512 }, embeddings: failing } });
    const engine = await openEngine(app);
    const answer = await engine.ask("红色“1+1”党支部共建活动组织了多少个学生党支部？");
    assert.equal(answer.found, true);
    assert.match(answer.citations[0].text, /近2万个学生党支部/);
    assert.ok(app.logs.some((l) => l.includes("query embedding failed")));
  });
});

describe("Engine over a small English text", () => {
  it("answers a yes/no question naming another person than the documents do: no, and who they say", async () => {
    const ws = await workspace({ "library.txt": "Riverside Public Library\n\nThe library director is Dr. Mary Jones, who joined in 2019.\n\nThe library is open from Monday to Saturday.\n" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const no = await engine.ask("Is Dr. John Smith the library director?");
    assert.equal(no.found, true);
    assert.match(no.answer, /^No: the documents say Mary Jones\. The library director is Dr\. Mary Jones/);
    assert.match((await engine.ask("Is Mary Jones the library director?")).answer, /^Yes\. /);
    const hello = await engine.ask("hello");
    assert.equal(hello.found, false);
    assert.equal(hello.smallTalk, "greeting");
  });
});

describe("Engine over hard-wrapped text", () => {
  it("quotes a word hyphenated at a line end whole when the documents write it whole, and keeps a compound's hyphen", async () => {
    const ws = await workspace({
      "rail.txt":
        "Railways\n\nAfter a decade of building, the national rail network grew to 21,000 kilo-\nmetres of track, linking every major city in the country by 1900.\n\n" +
        "Each branch line is a few kilometres long.\n",
      "memory.txt": "Memory\n\nThe interpreter currently uses a reference-\ncounting scheme with delayed detection of cyclically linked garbage.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const rail = await engine.ask("How many kilometres of track did the national rail network have?");
    assert.match(rail.answer, /grew to 21,000 kilometres of track/);
    assert.equal(rail.shortAnswer, "21,000 kilo-\nmetres");
    const memory = await engine.ask("What scheme does the interpreter use for garbage collection?");
    assert.match(memory.answer, /uses a reference-counting scheme/);
    assert.equal(memory.citations[0].text.includes("reference-\ncounting"), true);
  });
});
