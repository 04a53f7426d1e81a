import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { promises as fs } from "node:fs";
import path from "node:path";
import { buildAppIndex, openEngine } from "../../src/app.js";
import { createAnswerer } from "../../src/answer/llm/answerer.js";
import type { Engine } from "../../src/engine.js";
import { AppError } from "../../src/errors.js";
import { createMemoryLogger } from "../../src/log.js";
import { answerOnThread, type ThreadedEngine } from "../../src/telegram/engine-thread.js";
import { providersOf } from "../helpers/config.js";
import { startFakeModelServer } from "../helpers/fake-model-servers.js";
import { analyzer, BUNDLED_CORPUS, tempDir, testApp, workspace } from "../helpers/workspace.js";

describe("answerOnThread", () => {
  let local: Engine;
  let threaded: ThreadedEngine;
  before(async () => {
    const app = testApp(BUNDLED_CORPUS, tempDir());
    local = await openEngine(app);
    threaded = await answerOnThread(local, { config: app.config });
  });
  after(() => threaded.close());

  it("answers on the worker exactly as the engine does on this thread, follow-up context included", async () => {
    for (const [q, context] of [["多少所高校试点开设思政选修课？", undefined], ["那每年呢？", "宣讲活动覆盖了多少名师生？"], ["明天北京的天气怎么样？", undefined]] as const) {
      const options = context ? { context } : {};
      assert.deepEqual(await threaded.ask(q, options), await local.ask(q, options));
    }
  });

  it("answers concurrent questions each with its own answer", async () => {
    const qs = ["宣讲活动覆盖了多少名师生？", "系列宣传累计阅读量是多少？", "What is the capital of France?"];
    const answers = await Promise.all(qs.map((q) => threaded.ask(q)));
    assert.deepEqual(answers.map((a) => a.question), qs);
  });

  it("answers on the worker from a newly published index generation once reload() resolves", async () => {
    const ws = await workspace({ "doc.txt": "北京高校思政课\n\n北京市推动全市高校全覆盖开设思想概论必修课，26所高校试点开设思政选修课。\n" });
    const app = testApp(ws.corpus, ws.index);
    const t = await answerOnThread(await openEngine(app), { config: app.config });
    try {
      assert.equal((await t.ask("海王星有多少颗已知的卫星？")).found, false);
      await fs.writeFile(path.join(ws.corpus, "neptune.txt"), "海王星\n\n海王星是距离太阳最远的行星，它有14颗已知的卫星。\n");
      const { manifest } = await buildAppIndex(app);
      // Its own manifest watch may have switched already; either way, once reload() resolves the worker answers from it.
      assert.equal((await t.reload())?.build, manifest.build);
      assert.equal((await t.ask("海王星有多少颗已知的卫星？")).citations[0]?.source, "neptune.txt");
    } finally {
      await t.close();
    }
    assert.equal(await t.reload(), undefined, "a closed worker has nothing to switch");
  });

  it("keeps the engine's error codes", async () => {
    await assert.rejects(threaded.ask("   "), (error: unknown) => error instanceof AppError && error.code === "QUESTION_EMPTY");
  });

  it("serves sources and passages from the given engine", () => {
    assert.deepEqual(threaded.sources(), local.sources());
    assert.deepEqual(threaded.exampleQuestions(2), local.exampleQuestions(2));
  });

  it("answers a cancellable question on the worker, and rejects it at once when its signal aborts", async () => {
    let onThisThread = 0;
    const spy = { ...local, sources: () => local.sources(), passage: local.passage.bind(local), exampleQuestions: local.exampleQuestions.bind(local), ask: (...args: Parameters<Engine["ask"]>) => (onThisThread++, local.ask(...args)) };
    const app = testApp(BUNDLED_CORPUS, tempDir());
    const t = await answerOnThread(spy, { config: app.config });
    try {
      const q = "多少所高校试点开设思政选修课？";
      assert.deepEqual(await t.ask(q, { signal: new AbortController().signal }), await local.ask(q));
      assert.equal(onThisThread, 0, "a signal no longer moves the question to this thread");
      const controller = new AbortController();
      const asked = t.ask(q, { signal: controller.signal });
      controller.abort(new Error("shutting down"));
      await assert.rejects(asked, /shutting down/);
      await assert.rejects(t.ask(q, { signal: controller.signal }), /shutting down/, "an aborted signal is refused up front");
      assert.equal((await t.ask(q)).found, true, "the worker keeps answering");
    } finally {
      await t.close();
    }
  });

  it("close() lets answers in progress finish; later questions are answered on this thread", async () => {
    const app = testApp(BUNDLED_CORPUS, tempDir());
    const engine = await openEngine(app);
    const t = await answerOnThread(engine, { config: app.config });
    const inFlight = t.ask("宣讲活动覆盖了多少名师生？");
    await t.close();
    assert.equal((await inFlight).found, true);
    assert.equal((await t.ask("系列宣传累计阅读量是多少？")).found, true);
  });

  it("streams on this thread: an LLM engine's question with onPartial is answered here, partial text included", async () => {
    const server = await startFakeModelServer({ reply: "「26所高校试点开设」选修课[1]。" });
    try {
      const providers = providersOf({ CITEBOT_LLM: "openai", CITEBOT_LLM_MODEL: "fake-llm", OPENAI_BASE_URL: server.openaiUrl, OPENAI_API_KEY: "sk-test" });
      const app = testApp(BUNDLED_CORPUS, tempDir(), { answerer: createAnswerer(providers, { analyzer: analyzer(), logger: createMemoryLogger() }) });
      const llmEngine = await openEngine(app);
      // The worker opens the index without the LLM: an answer with mode "llm" can only come from this thread.
      const t = await answerOnThread(llmEngine, { config: app.config });
      try {
        assert.equal(t.streaming, true, "the bot sees that answers stream");
        const partials: string[] = [];
        const answer = await t.ask("多少所高校试点开设思政选修课？", { onPartial: (text) => partials.push(text) });
        assert.ok(partials.length > 0);
        assert.equal(answer.mode, "llm");
        assert.equal(threaded.streaming, false, "an engine without an LLM does not stream");
      } finally {
        await t.close();
      }
    } finally {
      await server.close();
    }
  });

  it("fails to start with the worker's error when the index cannot be opened", async () => {
    const app = testApp(tempDir("citebot-no-corpus-") + "/missing", tempDir());
    await assert.rejects(answerOnThread(local, { config: app.config }), (error: unknown) => error instanceof AppError);
  });
});
