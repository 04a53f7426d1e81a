import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AnswerRequest } from "../../../src/answer/answerer.js";
import { extractiveAnswerer } from "../../../src/answer/answerer.js";
import { createAnswerer, partialText } from "../../../src/answer/llm/answerer.js";
import { REFUSAL_TOKEN } from "../../../src/answer/llm/prompt.js";
import { createMemoryLogger } from "../../../src/log.js";
import { createFold } from "../../../src/search/fold.js";
import { providersOf } from "../../helpers/config.js";
import { type FakeModelServer, type Fault, startFakeModelServer } from "../../helpers/fake-model-servers.js";
import { CITER, DOCS, extractiveAnswer, standardEvidence } from "./fixtures.js";

const fold = createFold();
const QUESTION = "北京有多少所普通高校？";
const GOOD = "北京市共有「普通高校92所」[1]。";

interface Setup {
  provider: "openai" | "ollama";
  timeoutMs?: number;
}

function answerer(server: FakeModelServer, { provider, timeoutMs = 2000 }: Setup) {
  const config = providersOf({
    CITEBOT_LLM: provider, CITEBOT_LLM_MODEL: "fake-llm", OPENAI_BASE_URL: server.openaiUrl, OLLAMA_BASE_URL: server.url,
    CITEBOT_LLM_TIMEOUT_MS: String(timeoutMs), OPENAI_API_KEY: "sk-test-key",
  });
  config.llm.http!.retryBaseMs = 5;
  const logger = createMemoryLogger();
  return { answerer: createAnswerer(config, { analyzer: { fold }, logger }), logger };
}

function request(extra: Partial<AnswerRequest> = {}): AnswerRequest {
  const evidence = standardEvidence();
  return { question: QUESTION, evidence, extractive: extractiveAnswer(QUESTION, evidence), citer: CITER, ...extra };
}

const warnings = (lines: string[]) => lines.map((l) => JSON.parse(l)).filter((l) => l.level === "warn");

describe("LLM answerer", () => {
  let server: FakeModelServer;
  let reply = GOOD;
  before(async () => {
    server = await startFakeModelServer({ reply: () => reply });
  });
  after(() => server.close());
  const script = (text: string, ...faults: Fault[]) => {
    reply = text;
    server.requests.length = 0;
    server.faults.length = 0;
    server.faults.push(...faults);
  };

  it("none is the extractive answerer", () => {
    assert.equal(createAnswerer(providersOf({}), { analyzer: { fold }, logger: createMemoryLogger() }), extractiveAnswerer);
  });

  for (const provider of ["openai", "ollama"] as const) {
    for (const streaming of [false, true]) {
      it(`${provider} ${streaming ? "streaming" : "non-streaming"}: a verified answer with exact citations`, async () => {
        script(GOOD);
        const { answerer, logger } = answerer_(server, { provider });
        const partials: string[] = [];
        const answer = await answerer.answer(request(streaming ? { onPartial: (t) => partials.push(t) } : {}));
        assert.equal(answer.mode, "llm");
        assert.equal(answer.found, true);
        assert.equal(answer.droppedCitations, 0);
        assert.equal(answer.id, "a1");
        assert.equal(answer.question, QUESTION);
        assert.equal(answer.answer, GOOD);
        assert.equal(answer.citations.length, 1);
        const c = answer.citations[0];
        assert.equal(DOCS[c.source].slice(c.start, c.end), "普通高校92所");
        assert.equal(c.text, "普通高校92所");
        assert.equal(warnings(logger.lines).length, 0);

        assert.equal(server.requests.length, 1);
        const sent = server.requests[0];
        assert.equal(sent.path, provider === "openai" ? "/v1/chat/completions" : "/api/chat");
        assert.equal(sent.body.model, "fake-llm");
        assert.equal(sent.body.stream, streaming);
        if (provider === "openai") {
          assert.equal(sent.body.temperature, 0);
          assert.equal(sent.headers.authorization, "Bearer sk-test-key");
        } else assert.equal(sent.body.options.temperature, 0);
        const [system, user] = sent.body.messages;
        assert.equal(system.role, "system");
        assert.match(system.content, new RegExp(REFUSAL_TOKEN));
        assert.match(system.content, /language of the question/);
        assert.match(user.content, /\[1\] \(beijing\.txt\)\n2023年，北京市共有普通高校92所/);
        assert.match(user.content, /\[3\] \(english\.txt\)/);
        assert.match(user.content, /Question: 北京有多少所普通高校？/);

        if (streaming) {
          assert.ok(partials.length >= 3, "partial text arrives as it streams");
          assert.ok(partials.every((p, i) => i === 0 || p.startsWith(partials[i - 1])), "each partial extends the last");
          assert.equal(partials.at(-1), GOOD);
        }
      });
    }
  }

  it("drops a citation number that does not exist and says how many were dropped", async () => {
    script("北京市共有普通高校92所[1][9]。上海有64所高校[5]。");
    const { answerer, logger } = answerer_(server, { provider: "openai" });
    const answer = await answerer.answer(request());
    assert.equal(answer.mode, "llm");
    assert.equal(answer.answer, "北京市共有普通高校92所[1]。");
    assert.equal(answer.droppedCitations, 2);
    assert.equal(warnings(logger.lines).length, 0);
  });

  it("drops a sentence whose quote is not in the passage", async () => {
    script("北京市共有「普通高校100所」[1]。全市义务教育阶段学校1600余所[1]。");
    const { answerer } = answerer_(server, { provider: "ollama" });
    const answer = await answerer.answer(request({ onPartial: () => undefined }));
    assert.equal(answer.mode, "llm");
    assert.equal(answer.answer, "全市义务教育阶段学校1600余所[1]。");
    assert.equal(answer.droppedCitations, 1);
  });

  it("falls back to the extractive answer when nothing verifiable is left", async () => {
    script("北京市共有「普通高校100所」[1]。");
    const { answerer, logger } = answerer_(server, { provider: "openai" });
    const req = request();
    const answer = await answerer.answer(req);
    assert.equal(answer.mode, "extractive");
    assert.equal(answer.answer, req.extractive.answer);
    assert.equal(answer.droppedCitations, 1);
    assert.equal(warnings(logger.lines).length, 1);
  });

  it("returns found:false when the model refuses", async () => {
    script(REFUSAL_TOKEN);
    for (const provider of ["openai", "ollama"] as const) {
      const { answerer } = answerer_(server, { provider });
      const partials: string[] = [];
      const answer = await answerer.answer(request({ onPartial: (t) => partials.push(t) }));
      assert.equal(answer.mode, "llm");
      assert.equal(answer.found, false);
      assert.deepEqual(answer.citations, []);
      assert.equal(answer.answer, "文档中没有找到能回答这个问题的内容。");
      assert.deepEqual(partials, [], "the refusal token is never shown as partial text");
    }
  });

  const failures: Array<{ name: string; faults: Fault[]; streaming: boolean; reason: string; requests: number }> = [
    { name: "malformed JSON", faults: [{ kind: "malformed" }], streaming: false, reason: "malformed", requests: 1 },
    { name: "a malformed stream", faults: [{ kind: "malformed" }], streaming: true, reason: "malformed", requests: 1 },
    { name: "a 500 (retried once)", faults: [{ kind: "status", status: 500 }, { kind: "status", status: 500 }], streaming: false, reason: "status", requests: 2 },
    { name: "a 500 while streaming (retried once)", faults: [{ kind: "status", status: 503 }, { kind: "status", status: 500 }], streaming: true, reason: "status", requests: 2 },
    { name: "a 404", faults: [{ kind: "status", status: 404 }], streaming: false, reason: "status", requests: 1 },
    { name: "an empty reply", faults: [{ kind: "raw", body: JSON.stringify({ choices: [{ message: { content: "" } }], message: { content: "" }, done: true }) }], streaming: false, reason: "malformed", requests: 1 },
  ];
  for (const provider of ["openai", "ollama"] as const) {
    for (const f of failures) {
      it(`${provider}: falls back to the extractive answer on ${f.name}, with one warn line`, async () => {
        script(GOOD, ...f.faults);
        const { answerer, logger } = answerer_(server, { provider });
        const req = request(f.streaming ? { onPartial: () => undefined } : {});
        const answer = await answerer.answer(req);
        assert.equal(answer.mode, "extractive");
        assert.equal(answer.answer, req.extractive.answer);
        assert.deepEqual(answer.citations, req.extractive.citations);
        assert.equal(server.requests.length, f.requests);
        const warns = warnings(logger.lines);
        assert.equal(warns.length, 1);
        assert.equal(warns[0].reason, f.reason);
        assert.equal(warns[0].model, `${provider}:fake-llm`);
      });
    }
  }

  it("succeeds after one retried 500", async () => {
    script(GOOD, { kind: "status", status: 500 });
    const { answerer, logger } = answerer_(server, { provider: "openai" });
    const answer = await answerer.answer(request());
    assert.equal(answer.mode, "llm");
    assert.equal(server.requests.length, 2);
    assert.equal(warnings(logger.lines).length, 0);
  });

  for (const provider of ["openai", "ollama"] as const) {
    it(`${provider}: times out a hanging server and falls back without hanging`, async () => {
      script(GOOD, { kind: "hang" });
      const { answerer, logger } = answerer_(server, { provider, timeoutMs: 200 });
      const started = Date.now();
      const answer = await answerer.answer(request());
      assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
      assert.equal(answer.mode, "extractive");
      const warns = warnings(logger.lines);
      assert.equal(warns.length, 1);
      assert.equal(warns[0].reason, "timeout");
    });

    it(`${provider}: times out a stream that stalls, after showing partial text`, async () => {
      script(GOOD, { kind: "stall", text: "北京市共有「普通" });
      const { answerer, logger } = answerer_(server, { provider, timeoutMs: 250 });
      const partials: string[] = [];
      const started = Date.now();
      const answer = await answerer.answer(request({ onPartial: (t) => partials.push(t) }));
      assert.ok(Date.now() - started < 1500);
      assert.equal(answer.mode, "extractive");
      assert.equal(partials.at(-1), "北京市共有「普通");
      assert.equal(warnings(logger.lines)[0].reason, "timeout");
    });
  }

  it("honours the request's AbortSignal without a warning", async () => {
    script(GOOD, { kind: "hang" });
    const { answerer, logger } = answerer_(server, { provider: "ollama", timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const answer = await answerer.answer(request({ signal: controller.signal }));
    assert.ok(Date.now() - started < 1000);
    assert.equal(answer.mode, "extractive");
    assert.equal(warnings(logger.lines).length, 0);
    const already = await answerer.answer(request({ signal: AbortSignal.abort() }));
    assert.equal(already.mode, "extractive");
  });

  it("does not call the model when there is no evidence", async () => {
    script(GOOD);
    const { answerer } = answerer_(server, { provider: "openai" });
    const answer = await answerer.answer({ question: QUESTION, evidence: [], extractive: extractiveAnswer(QUESTION, []), citer: CITER });
    assert.equal(answer.mode, "extractive");
    assert.equal(answer.found, false);
    assert.equal(server.requests.length, 0);
  });

  it("retries without temperature when a model refuses one", async () => {
    script(GOOD, { kind: "status", status: 400, body: JSON.stringify({ error: { message: "Unsupported parameter: 'temperature'" } }) });
    const { answerer } = answerer_(server, { provider: "openai" });
    const answer = await answerer.answer(request());
    assert.equal(answer.mode, "llm");
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0].body.temperature, 0);
    assert.equal("temperature" in server.requests[1].body, false);
  });

  it("hides reasoning and a possible refusal in partial text", () => {
    assert.equal(partialText("<think>hmm"), "");
    assert.equal(partialText("NO_"), "");
    assert.equal(partialText("<think>x</think>北京"), "北京");
  });
});

const answerer_ = answerer;
