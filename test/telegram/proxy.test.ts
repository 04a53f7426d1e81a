import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { createMemoryLogger } from "../../src/log.js";
import { createNetwork, type Network } from "../../src/net/network.js";
import { createBot } from "../../src/telegram/bot.js";
import { runBot, type BotRuntime } from "../../src/telegram/run.js";
import { proxyOf } from "../helpers/config.js";
import { FakeEngine } from "../helpers/fake-engine.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";
import { freePort } from "../helpers/net.js";
import { startHttpProxy, startSocksProxy, type TestProxy } from "../helpers/proxies.js";
import { configFor, FAST_NETWORK_RETRY_MS } from "./harness.js";

const PASSWORD = "tg-Pr0xy-pass";
const Q = "北京有多少所高校试点开设思政选修课？";

let fake: FakeTelegram | undefined;
let proxy: TestProxy | undefined;
let network: Network | undefined;
let runtime: BotRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  await network?.close();
  await proxy?.close();
  await fake?.close();
  runtime = network = proxy = fake = undefined;
});

async function networkFor(env: NodeJS.ProcessEnv): Promise<Network> {
  return createNetwork(proxyOf(env));
}

describe("the bot behind a proxy", () => {
  it("sends every Bot API call through CITEBOT_PROXY, even to a self-hosted API root on 127.0.0.1", async () => {
    fake = await FakeTelegram.start();
    proxy = await startHttpProxy({ auth: { user: "bot", password: PASSWORD } });
    network = await networkFor({ CITEBOT_PROXY: proxy.urlWith("bot", PASSWORD) });
    const logger = createMemoryLogger("debug");
    runtime = await runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine: new FakeEngine(), logger, network, handleSignals: false });
    fake.enqueue(fake.privateText(Q));
    await fake.waitFor(() => fake!.sent().length === 1);

    const methods = new Set(proxy.hits.map((h) => new URL(h.target).pathname.split("/").pop()));
    for (const method of ["getMe", "deleteWebhook", "setMyCommands", "getUpdates", "sendMessage"]) assert.ok(methods.has(method), `${method} went through the proxy`);
    assert.equal(proxy.hits.length, fake.calls.length, "no call went around the proxy");
    for (const hit of proxy.hits) {
      assert.equal(hit.kind, "forward");
      assert.ok(hit.target.startsWith(`${fake.apiRoot}/bot`));
      assert.equal(hit.credentials, `bot:${PASSWORD}`);
    }
    const logs = logger.lines.join("\n");
    assert.match(logs, /Bot API requests go through a proxy.*http:\/\/\*\*\*@127\.0\.0\.1:\d+/);
    assert.ok(!logs.includes(PASSWORD), "the proxy password never reaches a log line");
  });

  it("talks to the Bot API through a SOCKS5 proxy with credentials", async () => {
    fake = await FakeTelegram.start();
    proxy = await startSocksProxy({ auth: { user: "bot", password: PASSWORD } });
    network = await networkFor({ CITEBOT_PROXY: proxy.urlWith("bot", PASSWORD, "socks5h") });
    runtime = await runBot(configFor(fake, { CITEBOT_POLL_TIMEOUT_S: "1" }), { engine: new FakeEngine(), logger: createMemoryLogger(), network, handleSignals: false });
    fake.enqueue(fake.privateText(Q));
    await fake.waitFor(() => fake!.sent().length === 1);
    assert.ok(proxy.hits.length >= 1);
    for (const hit of proxy.hits) assert.deepEqual(hit, { kind: "socks", target: fake.apiRoot.replace("http://", ""), addressType: "ipv4", credentials: `bot:${PASSWORD}` });
  });

  it("gives features a fetch for Telegram file downloads that goes through the same proxy", async () => {
    fake = await FakeTelegram.start();
    proxy = await startHttpProxy();
    network = await networkFor({ CITEBOT_PROXY: proxy.url });
    const response = await network.fetch(`${fake.apiRoot}/file/bot${fake.token}/documents/file_1.txt`);
    await response.arrayBuffer();
    assert.deepEqual(proxy.hits, [{ kind: "connect", target: fake.apiRoot.replace("http://", "") }]);
  });

  it("leaves the Bot API direct when NO_PROXY names its host, with the standard variables", async () => {
    fake = await FakeTelegram.start();
    proxy = await startHttpProxy();
    network = await networkFor({ HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" });
    const bot = createBot(configFor(fake), { engine: new FakeEngine(), logger: createMemoryLogger(), network });
    await bot.init();
    assert.equal(bot.botInfo.username, fake.botInfo.username);
    assert.equal(proxy.hits.length, 0);
  });

  it("fails a call through an unreachable proxy with an error that names the proxy, never its password or the token", async () => {
    fake = await FakeTelegram.start();
    network = await networkFor({ CITEBOT_PROXY: `http://bot:${PASSWORD}@127.0.0.1:${await freePort()}` });
    const logger = createMemoryLogger("debug");
    const bot = createBot(configFor(fake), { engine: new FakeEngine(), logger, network, networkRetryDelaysMs: FAST_NETWORK_RETRY_MS });
    // (bot.init() would retry getMe quietly forever: grammY's start-up behaviour.)
    await assert.rejects(bot.api.getMe(), (error: Error) => {
      assert.match(error.message, /^Network request for 'getMe' failed! \(through the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+: ECONNREFUSED\)$/);
      const everything = JSON.stringify(error, Object.getOwnPropertyNames(error)) + String((error as { error?: Error }).error?.stack);
      assert.ok(!everything.includes(PASSWORD));
      assert.ok(!everything.includes(fake!.token));
      return true;
    });
    assert.equal(fake.calls.length, 0);
    const warnings = logger.lines.filter((l) => l.includes('"level":"warn"'));
    assert.equal(warnings.length, 1, "one warning, not one per attempt");
    assert.match(warnings[0]!, /cannot reach the Bot API through the proxy.*"proxy":"http:\/\/\*\*\*@127\.0\.0\.1:\d+".*"reason":"ECONNREFUSED"/);
    assert.ok(!logger.lines.join("\n").includes(PASSWORD));
  });

  it("reports a start-up through a proxy that is down, or whose host does not resolve, as the proxy's problem, not Telegram's", async () => {
    fake = await FakeTelegram.start();
    const cases: Array<[string, RegExp, RegExp]> = [
      [`http://bot:${PASSWORD}@127.0.0.1:${await freePort()}`, /^the proxy refused the connection$/, /is the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ running, and can it reach/],
      [`http://bot:${PASSWORD}@proxy.invalid:3128`, /^cannot resolve the proxy's host proxy\.invalid:3128 \(DNS\)$/, /CITEBOT_PROXY/],
    ];
    for (const [url, reason, hint] of cases) {
      network = await networkFor({ CITEBOT_PROXY: url });
      const logger = createMemoryLogger("debug");
      const stop = new AbortController();
      const started = runBot(configFor(fake), { engine: new FakeEngine(), logger, network, handleSignals: false, signal: stop.signal, connectRetry: { initialMs: 5, maxMs: 20, attemptTimeoutMs: 5000, warnEveryMs: 60_000 } });
      const deadline = Date.now() + 10_000;
      while (!logger.lines.some((l) => l.includes("cannot connect to Telegram")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      stop.abort();
      await (await started).done;
      const failure = logger.lines.map((l) => JSON.parse(l) as Record<string, string>).find((l) => l.msg === "cannot connect to Telegram, retrying");
      assert.ok(failure, url);
      assert.match(failure.reason!, reason);
      assert.match(failure.hint!, hint);
      assert.doesNotMatch(failure.reason!, /api\.telegram|127\.0\.0\.1:\d+ \(DNS/);
      assert.ok(!logger.lines.join("\n").includes(PASSWORD));
      await network.close();
    }
    assert.equal(fake.calls.length, 0);
  });

  it("says a proxy that refuses the credentials may be the cause", async () => {
    fake = await FakeTelegram.start();
    proxy = await startHttpProxy({ auth: { user: "bot", password: PASSWORD } });
    network = await networkFor({ CITEBOT_PROXY: proxy.urlWith("bot", "wrong") });
    const bot = createBot(configFor(fake), { engine: new FakeEngine(), logger: createMemoryLogger(), network, networkRetryDelaysMs: [] });
    await assert.rejects(bot.api.getMe(), /getMe' failed! \(through the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+: .*wrong credentials/);
    assert.equal(proxy.hits[0]?.refused, "auth");
  });
});
