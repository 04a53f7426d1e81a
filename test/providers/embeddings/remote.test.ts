import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ProviderConfig } from "../../../src/config/providers.js";
import { HashingEmbeddings } from "../../../src/embed/hashing.js";
import { ProviderError } from "../../../src/errors.js";
import { createMemoryLogger } from "../../../src/log.js";
import { createEmbedder } from "../../../src/providers/embedder.js";
import { OllamaEmbeddings } from "../../../src/providers/embeddings/ollama.js";
import { OpenAICompatibleEmbeddings } from "../../../src/providers/embeddings/openai.js";
import { ProviderCallError } from "../../../src/providers/http.js";
import { createAnalyzer } from "../../../src/search/analyzer.js";
import { providersOf } from "../../helpers/config.js";
import { type FakeModelServer, fakeVector, startFakeModelServer } from "../../helpers/fake-model-servers.js";

const http = (baseUrl: string, timeoutMs = 2000) => ({ baseUrl, timeoutMs, retries: 2, retryBaseMs: 5 });

function remoteConfig(provider: "openai" | "ollama", baseUrl: string, extra: Record<string, string> = {}): ProviderConfig {
  const config = providersOf({
    CITEBOT_EMBEDDINGS: provider, CITEBOT_EMBEDDINGS_MODEL: "test-embed", OPENAI_BASE_URL: `${baseUrl}/v1`, OLLAMA_BASE_URL: baseUrl, ...extra,
  });
  config.embeddings.http!.retryBaseMs = 5;
  return config;
}

describe("remote embeddings", () => {
  let server: FakeModelServer;
  const analyzer = createAnalyzer();
  before(async () => {
    server = await startFakeModelServer();
  });
  after(() => server.close());

  for (const provider of ["openai", "ollama"] as const) {
    it(`${provider}: probes the dimension, encodes it in the id, batches and keeps order`, async () => {
      server.requests.length = 0;
      const logger = createMemoryLogger();
      const embedder = await createEmbedder(remoteConfig(provider, server.url, { CITEBOT_EMBEDDINGS_BATCH: "2" }), { analyzer, logger });
      assert.deepEqual(embedder.info, { id: `${provider}:test-embed:8`, provider, model: "test-embed", dimensions: 8 });
      assert.equal(server.requests.length, 1, "one probe request");
      const texts = ["北京", "上海市", "广州", "深圳", "tea"];
      const vectors = await embedder.embeddings.embedDocuments(texts);
      assert.deepEqual(vectors, texts.map((t) => fakeVector(t)));
      assert.equal(server.requests.length, 1 + 3, "5 texts in batches of 2");
      const path = provider === "openai" ? "/v1/embeddings" : "/api/embed";
      assert.ok(server.requests.every((r) => r.path === path && r.body.model === "test-embed"));
      assert.deepEqual(server.requests[1].body.input, ["北京", "上海市"]);
      assert.deepEqual(await embedder.embeddings.embedQuery("深圳"), fakeVector("深圳"));
    });
  }

  it("uses a configured dimension without probing", async () => {
    server.requests.length = 0;
    const embedder = await createEmbedder(remoteConfig("ollama", server.url, { CITEBOT_EMBEDDINGS_DIMENSIONS: "8" }), { analyzer, logger: createMemoryLogger() });
    assert.equal(embedder.info.id, "ollama:test-embed:8");
    assert.equal(server.requests.length, 0);
  });

  it("refuses a model whose dimension is not the configured one", async () => {
    await assert.rejects(
      createEmbedder(remoteConfig("openai", server.url, { CITEBOT_EMBEDDINGS_DIMENSIONS: "1024" }), { analyzer, logger: createMemoryLogger() }).then((e) => e.embeddings.embedQuery("x")),
      /has 8 dimensions, expected 1024/,
    );
  });

  it("rejects a vector of the wrong dimension", async () => {
    const odd = await startFakeModelServer({ embed: (texts) => texts.map((t) => (t === "bad" ? fakeVector(t, 7) : fakeVector(t))) });
    try {
      for (const Cls of [OpenAICompatibleEmbeddings, OllamaEmbeddings]) {
        const base = Cls === OpenAICompatibleEmbeddings ? odd.openaiUrl : odd.url;
        const e = new Cls({ model: "m", http: http(base), batchSize: 4 });
        assert.equal(await e.probe(), 8);
        await assert.rejects(e.embedDocuments(["ok", "bad"]), (error: unknown) => {
          assert.ok(error instanceof ProviderCallError);
          assert.equal(error.kind, "invalid");
          assert.match(error.message, /vector 1 has 7 dimensions, expected 8/);
          assert.match(error.hint ?? "", /citebot index/);
          return true;
        });
      }
    } finally {
      await odd.close();
    }
  });

  it("rejects NaN, null and non-numbers in a vector", async () => {
    const bad = await startFakeModelServer({ embed: (texts) => texts.map((t) => (t === "null" ? [0.1, null, 0.3] : t === "str" ? [0.1, "NaN", 0.2] : [0.1, 0.2, 0.3])) });
    try {
      const e = new OllamaEmbeddings({ model: "m", http: http(bad.url), batchSize: 4 });
      await assert.rejects(e.embedQuery("null"), /non-finite value \(null\) at position 1/);
      await assert.rejects(e.embedQuery("str"), /non-finite value \(NaN\) at position 1/);
      // A Python server's bare NaN is not JSON: reported as malformed, not retried.
      bad.requests.length = 0;
      bad.faults.push({ kind: "raw", body: '{"embeddings": [[0.1, NaN, 0.3]]}' });
      await assert.rejects(e.embedQuery("x"), (error: unknown) => error instanceof ProviderCallError && error.kind === "malformed");
      assert.equal(bad.requests.length, 1);
    } finally {
      await bad.close();
    }
  });

  it("rejects a response with the wrong number of vectors or no data", async () => {
    const e = new OpenAICompatibleEmbeddings({ model: "m", http: http(server.openaiUrl), batchSize: 4 });
    server.faults.push({ kind: "raw", body: JSON.stringify({ data: [{ index: 0, embedding: [1, 0] }] }) });
    await assert.rejects(e.embedDocuments(["a", "b"]), /sent 2 texts, got 1 vectors back/);
    server.faults.push({ kind: "raw", body: JSON.stringify({ object: "list" }) });
    await assert.rejects(e.embedDocuments(["a"]), /no "data" array/);
    server.faults.push({ kind: "malformed" });
    await assert.rejects(e.embedDocuments(["a"]), /malformed JSON/);
  });

  it("retries a 500 and succeeds; gives up after the retries with a clear error", async () => {
    const e = new OllamaEmbeddings({ model: "m", http: http(server.url), batchSize: 4 });
    server.requests.length = 0;
    server.faults.push({ kind: "status", status: 500 });
    assert.deepEqual(await e.embedQuery("重试"), fakeVector("重试"));
    assert.equal(server.requests.length, 2);
    server.requests.length = 0;
    server.faults.push({ kind: "status", status: 500 }, { kind: "status", status: 502 }, { kind: "status", status: 503 });
    await assert.rejects(e.embedQuery("x"), (error: unknown) => error instanceof ProviderError && /HTTP 503/.test(error.message));
    assert.equal(server.requests.length, 3);
  });

  it("times out instead of hanging", async () => {
    const e = new OpenAICompatibleEmbeddings({ model: "m", http: http(server.openaiUrl, 150), batchSize: 4 });
    server.faults.push({ kind: "hang" });
    const started = Date.now();
    await assert.rejects(e.embedQuery("x"), (error: unknown) => error instanceof ProviderCallError && error.kind === "timeout");
    assert.ok(Date.now() - started < 1000);
  });

  it("reports an unreachable server at creation, naming the provider", async () => {
    const dead = await startFakeModelServer();
    const url = dead.url;
    await dead.close();
    await assert.rejects(createEmbedder(remoteConfig("ollama", url), { analyzer, logger: createMemoryLogger() }), (error: unknown) => {
      assert.ok(error instanceof ProviderError);
      assert.match(error.message, /cannot use ollama embeddings \(test-embed\): cannot reach .*ECONNREFUSED/);
      assert.ok(error.hint);
      return true;
    });
  });

  it("sends the API key", async () => {
    const keyed = await startFakeModelServer({ apiKey: "sk-secret-1" });
    try {
      const ok = new OpenAICompatibleEmbeddings({ model: "m", http: { ...http(keyed.openaiUrl), apiKey: "sk-secret-1" }, batchSize: 4 });
      assert.equal((await ok.embedQuery("x")).length, 8);
      const wrong = new OpenAICompatibleEmbeddings({ model: "m", http: { ...http(keyed.openaiUrl), apiKey: "sk-wrong" }, batchSize: 4 });
      await assert.rejects(wrong.embedQuery("x"), (error: unknown) => error instanceof ProviderCallError && error.status === 401 && /OPENAI_API_KEY/.test(error.hint ?? ""));
    } finally {
      await keyed.close();
    }
  });

  it("hash stays the default, with the hashing embedder's id", async () => {
    const embedder = await createEmbedder(providersOf({}), { analyzer, logger: createMemoryLogger() });
    assert.ok(embedder.embeddings instanceof HashingEmbeddings);
    assert.deepEqual(embedder.info, { id: "hash-v2-d512", provider: "hash", dimensions: 512 });
  });
});
