import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseConfig } from "../../src/config/config.js";
import { createMemoryLogger } from "../../src/log.js";
import { createEmbedder } from "../../src/providers/embedder.js";
import { postJson, postStream, ProviderCallError } from "../../src/providers/http.js";
import { type FakeModelServer, startFakeModelServer } from "../helpers/fake-model-servers.js";
import { startHttpProxy, startSocksProxy, type TestProxy } from "../helpers/proxies.js";
import { freePort } from "../helpers/net.js";
import { analyzer } from "../helpers/workspace.js";

const PASSWORD = "pr0xy-Secret";

describe("model providers through a proxy", () => {
  let server: FakeModelServer;
  let httpProxy: TestProxy;
  let socksProxy: TestProxy;
  before(async () => {
    server = await startFakeModelServer({ reply: "你好，世界" });
    httpProxy = await startHttpProxy({ auth: { user: "citebot", password: PASSWORD } });
    socksProxy = await startSocksProxy({ auth: { user: "citebot", password: PASSWORD } });
  });
  after(async () => {
    await Promise.all([server.close(), httpProxy.close(), socksProxy.close()]);
  });

  it("sends OpenAI embeddings and Ollama chat (streamed too) through CITEBOT_PROXY, with its credentials", async () => {
    const config = parseConfig({}, {
      CITEBOT_PROXY: httpProxy.urlWith("citebot", PASSWORD),
      CITEBOT_EMBEDDINGS: "openai",
      CITEBOT_EMBEDDINGS_MODEL: "text-embedding-3-small",
      OPENAI_BASE_URL: server.openaiUrl,
      CITEBOT_LLM: "ollama",
      CITEBOT_LLM_MODEL: "qwen2.5:7b",
      OLLAMA_BASE_URL: server.url,
    });
    httpProxy.hits.length = 0;
    server.requests.length = 0;
    const logger = createMemoryLogger("debug");
    const embedder = await createEmbedder(config.providers, { analyzer: analyzer(), logger });
    assert.equal((await embedder.embeddings.embedDocuments(["一", "二"])).length, 2);
    const llm = { ...config.providers.llm.http!, label: "test chat", logger };
    const json = (await postJson("api/chat", { model: "qwen2.5:7b", stream: false, messages: [] }, llm)) as { message: { content: string } };
    assert.equal(json.message.content, "你好，世界");
    const { lines } = await postStream("api/chat", { model: "qwen2.5:7b", stream: true, messages: [] }, llm);
    let streamed = 0;
    for await (const line of lines) if (line.trim()) streamed++;
    assert.ok(streamed > 1);

    assert.deepEqual(server.requests.map((r) => r.path), ["/v1/embeddings", "/v1/embeddings", "/api/chat", "/api/chat"]);
    assert.ok(httpProxy.hits.length >= 1, "tunnels are opened through the proxy (and reused)");
    for (const hit of httpProxy.hits) assert.deepEqual(hit, { kind: "connect", target: server.url.replace("http://", ""), credentials: `citebot:${PASSWORD}` });
    assert.ok(!logger.lines.join("\n").includes(PASSWORD));
  });

  it("sends provider calls through a socks5h proxy", async () => {
    const config = parseConfig({}, { CITEBOT_PROXY: socksProxy.urlWith("citebot", PASSWORD, "socks5h"), CITEBOT_LLM: "openai", CITEBOT_LLM_MODEL: "gpt-4o-mini", OPENAI_BASE_URL: server.openaiUrl.replace("127.0.0.1", "localhost") });
    socksProxy.hits.length = 0;
    const json = (await postJson("chat/completions", { model: "gpt-4o-mini", stream: false, messages: [] }, { ...config.providers.llm.http!, label: "test chat" })) as { choices: { message: { content: string } }[] };
    assert.equal(json.choices[0]!.message.content, "你好，世界");
    assert.equal(socksProxy.hits.length, 1);
    assert.equal(socksProxy.hits[0]!.addressType, "domain");
    assert.equal(socksProxy.hits[0]!.credentials, `citebot:${PASSWORD}`);
  });

  it("sends a provider named in NO_PROXY direct while HTTP_PROXY is set", async () => {
    const config = parseConfig({}, { HTTP_PROXY: httpProxy.urlWith("citebot", PASSWORD), NO_PROXY: "127.0.0.1", CITEBOT_LLM: "ollama", CITEBOT_LLM_MODEL: "m", OLLAMA_BASE_URL: server.url });
    httpProxy.hits.length = 0;
    await postJson("api/chat", { model: "m", stream: false, messages: [] }, { ...config.providers.llm.http!, label: "test chat" });
    assert.equal(httpProxy.hits.length, 0);
  });

  it("names the unreachable proxy, without its credentials, when a provider call cannot get through", async () => {
    const dead = `http://citebot:${PASSWORD}@127.0.0.1:${await freePort()}`;
    const config = parseConfig({}, { CITEBOT_PROXY: dead, CITEBOT_LLM: "ollama", CITEBOT_LLM_MODEL: "m", OLLAMA_BASE_URL: server.url });
    const logger = createMemoryLogger("debug");
    await assert.rejects(postJson("api/chat", { model: "m" }, { ...config.providers.llm.http!, retries: 1, retryBaseMs: 5, label: "ollama chat (m)", logger }), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, "network");
      assert.match(error.message, /through the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      assert.match(error.hint ?? "", /CITEBOT_PROXY/);
      assert.ok(!`${error.message} ${error.hint}`.includes(PASSWORD));
      return true;
    });
    assert.ok(logger.lines.length > 0, "the retry was logged");
    assert.ok(!logger.lines.join("\n").includes(PASSWORD));
  });

  it("says the proxy refused the credentials (HTTP 407)", async () => {
    const config = parseConfig({}, { CITEBOT_PROXY: httpProxy.urlWith("citebot", "wrong-password"), CITEBOT_LLM: "ollama", CITEBOT_LLM_MODEL: "m", OLLAMA_BASE_URL: server.url });
    await assert.rejects(postJson("api/chat", { model: "m" }, { ...config.providers.llm.http!, retries: 0, label: "ollama chat (m)" }), /the proxy answered HTTP 407 \(Proxy Authentication Required/);
  });
});
