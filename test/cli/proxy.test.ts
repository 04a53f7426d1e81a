import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { startFakeModelServer } from "../helpers/fake-model-servers.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";
import { freePort } from "../helpers/net.js";
import { startHttpProxy } from "../helpers/proxies.js";
import { BUNDLED_CORPUS, captureIo, tempDir } from "../helpers/workspace.js";

const PASSWORD = "cli-Pr0xy-secret";

describe("citebot behind a proxy", () => {
  it("runs the bot through CITEBOT_PROXY, Bot API and LLM alike, and never prints the proxy password, even with --debug", async () => {
    const fake = await FakeTelegram.start();
    const models = await startFakeModelServer({ reply: "" });
    const proxy = await startHttpProxy({ auth: { user: "ops", password: PASSWORD } });
    const shutdown = new AbortController();
    const io = { ...captureIo(tempDir()), shutdown: shutdown.signal };
    io.env = {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      CITEBOT_POLL_TIMEOUT_S: "1",
      CITEBOT_PROXY: proxy.urlWith("ops", PASSWORD),
      CITEBOT_LLM: "openai",
      CITEBOT_LLM_MODEL: "gpt-4o-mini",
      OPENAI_BASE_URL: models.openaiUrl,
    };
    try {
      const running = runMain(["bot", "--debug", "--corpus", BUNDLED_CORPUS, "--index", tempDir()], io);
      fake.enqueue(fake.privateText("红色“1+1”党支部共建活动组织了多少个学生党支部？"));
      await fake.waitFor(() => fake.sent().length >= 1, 15000);
      shutdown.abort();
      assert.equal(await running, 0);
      const apiHits = proxy.hits.filter((h) => h.kind === "forward");
      assert.ok(apiHits.some((h) => h.target.endsWith("/getUpdates")) && apiHits.some((h) => h.target.endsWith("/sendMessage")));
      assert.ok(proxy.hits.some((h) => h.kind === "connect" && h.target === models.url.replace("http://", "")), "the LLM was called through the proxy");
      assert.ok(models.requests.some((r) => r.path === "/v1/chat/completions"));
      assert.ok(proxy.hits.every((h) => h.credentials === `ops:${PASSWORD}` && !h.refused));
      assert.match(io.err(), /go through a proxy/);
      assert.ok(!io.err().includes(PASSWORD), "the proxy password never reaches stderr");
      assert.ok(!io.err().includes(fake.token));
    } finally {
      await Promise.all([fake.close(), models.close(), proxy.close()]);
    }
  });

  it("lists a bad CITEBOT_PROXY together with the Telegram problems, and exits 2", async () => {
    const io = captureIo(tempDir(), undefined, { CITEBOT_PROXY: `socks4://ops:${PASSWORD}@127.0.0.1:1080`, CITEBOT_WEBHOOK_SECRET: "abc" });
    assert.equal(await runMain(["bot", "--corpus", BUNDLED_CORPUS, "--index", tempDir()], io), 2);
    assert.match(io.err(), /TELEGRAM_BOT_TOKEN is not set/);
    assert.match(io.err(), /CITEBOT_WEBHOOK_SECRET is set but/);
    assert.match(io.err(), /CITEBOT_PROXY has an unsupported scheme "socks4"/);
    assert.match(io.err(), /\[CONFIG_INVALID\]/);
    assert.ok(!io.err().includes(PASSWORD));
  });

  it("refuses a malformed HTTPS_PROXY for any command, naming the variable", async () => {
    const io = captureIo(tempDir(), undefined, { HTTPS_PROXY: "http://ops:pw@127.0.0.1:7890/some/path" });
    assert.equal(await runMain(["ask", "问题", "--corpus", BUNDLED_CORPUS, "--index", tempDir()], io), 2);
    assert.match(io.err(), /HTTPS_PROXY must not have a path/);
  });

  it("tells which proxy could not be reached, without its credentials, when a remote embedder is behind it", async () => {
    const models = await startFakeModelServer();
    const io = captureIo(tempDir(), undefined, {
      CITEBOT_PROXY: `http://ops:${PASSWORD}@127.0.0.1:${await freePort()}`,
      CITEBOT_EMBEDDINGS: "ollama",
      CITEBOT_EMBEDDINGS_MODEL: "bge-m3",
      OLLAMA_BASE_URL: models.url,
      CITEBOT_EMBEDDINGS_TIMEOUT_MS: "3000",
    });
    try {
      assert.equal(await runMain(["ask", "问题", "--corpus", BUNDLED_CORPUS, "--index", tempDir()], io), 1);
      assert.match(io.err(), /through the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      assert.match(io.err(), /CITEBOT_PROXY/);
      assert.ok(!io.err().includes(PASSWORD));
      assert.equal(models.requests.length, 0);
    } finally {
      await models.close();
    }
  });
});
