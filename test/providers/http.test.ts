import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { postJson, postStream, ProviderCallError } from "../../src/providers/http.js";
import { type FakeModelServer, startFakeModelServer } from "../helpers/fake-model-servers.js";

const settings = (baseUrl: string, extra: Partial<{ timeoutMs: number; retries: number; apiKey: string }> = {}) => ({
  baseUrl, timeoutMs: 2000, retries: 2, retryBaseMs: 5, label: "test", ...extra,
});

describe("http client", () => {
  let server: FakeModelServer;
  before(async () => {
    server = await startFakeModelServer({ reply: "你好，世界" });
  });
  after(() => server.close());

  it("posts JSON with the bearer key and parses the answer", async () => {
    server.requests.length = 0;
    const json = (await postJson("chat/completions", { model: "m", stream: false }, settings(server.openaiUrl, { apiKey: "sk-abcdef" }))) as any;
    assert.equal(json.choices[0].message.content, "你好，世界");
    assert.equal(server.requests[0].headers.authorization, "Bearer sk-abcdef");
    assert.equal(server.requests[0].headers["content-type"], "application/json");
  });

  it("retries 429 and 5xx with back-off, honouring Retry-After", async () => {
    server.requests.length = 0;
    server.faults.push({ kind: "status", status: 429, retryAfter: "0" }, { kind: "status", status: 503 });
    const json = (await postJson("api/chat", { model: "m" }, settings(server.url))) as any;
    assert.equal(json.message.content, "你好，世界");
    assert.equal(server.requests.length, 3);
  });

  it("gives up after the configured retries", async () => {
    server.requests.length = 0;
    server.faults.push({ kind: "status", status: 500 }, { kind: "status", status: 500 }, { kind: "status", status: 500 });
    await assert.rejects(postJson("api/chat", { model: "m" }, settings(server.url)), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, "status");
      assert.equal(error.status, 500);
      assert.equal(error.code, "PROVIDER_FAILED");
      assert.match(error.message, /HTTP 500/);
      return true;
    });
    assert.equal(server.requests.length, 3);
  });

  it("does not retry a 4xx other than 408/429", async () => {
    server.requests.length = 0;
    server.faults.push({ kind: "status", status: 404, body: "model not found" });
    await assert.rejects(postJson("api/chat", {}, settings(server.url)), /HTTP 404: model not found/);
    assert.equal(server.requests.length, 1);
  });

  it("does not retry malformed JSON", async () => {
    server.requests.length = 0;
    server.faults.push({ kind: "malformed" });
    await assert.rejects(postJson("api/chat", {}, settings(server.url)), (e: unknown) => e instanceof ProviderCallError && e.kind === "malformed");
    assert.equal(server.requests.length, 1);
  });

  it("times out a hanging server within the budget", async () => {
    server.faults.push({ kind: "hang" });
    const started = Date.now();
    await assert.rejects(postJson("api/chat", {}, settings(server.url, { timeoutMs: 150 })), (e: unknown) => e instanceof ProviderCallError && e.kind === "timeout");
    assert.ok(Date.now() - started < 1000);
  });

  it("honours the caller's AbortSignal", async () => {
    server.faults.push({ kind: "hang" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(postJson("api/chat", {}, { ...settings(server.url), signal: controller.signal }), (e: unknown) => e instanceof ProviderCallError && e.kind === "aborted");
  });

  it("retries network errors, then says the server cannot be reached", async () => {
    const dead = await startFakeModelServer();
    const url = dead.url;
    await dead.close();
    await assert.rejects(postJson("api/embed", {}, settings(url, { retries: 1 })), (e: unknown) => {
      assert.ok(e instanceof ProviderCallError);
      assert.equal(e.kind, "network");
      assert.match(e.message, /cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/embed \(ECONNREFUSED\)/);
      return true;
    });
  });

  it("streams lines", async () => {
    const { lines } = await postStream("api/chat", { model: "m", stream: true }, settings(server.url));
    const got: string[] = [];
    for await (const line of lines) got.push(line);
    assert.ok(got.length >= 3);
    assert.equal(got.map((l) => JSON.parse(l).message.content).join(""), "你好，世界");
  });
});
