import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { HttpError } from "grammy";
import { UsageError } from "../../src/errors.js";
import { createMemoryLogger } from "../../src/log.js";
import { createBot } from "../../src/telegram/bot.js";
import { connect, explainConnectFailure, type ConnectRetry } from "../../src/telegram/connect.js";
import { FakeEngine } from "../helpers/fake-engine.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";
import { freePort } from "../helpers/net.js";
import { configFor } from "./harness.js";

/** Scaled down: production waits 1 s doubling to 30 s, 10 s per attempt. */
const FAST: ConnectRetry = { initialMs: 5, maxMs: 20, attemptTimeoutMs: 2000, warnEveryMs: 60_000 };

let fake: FakeTelegram | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

async function botFor(f: FakeTelegram, token?: string) {
  const config = { ...configFor(f), ...(token ? { token } : {}) };
  const logger = createMemoryLogger("debug");
  const bot = createBot(config, { engine: new FakeEngine(), logger });
  return { bot, config, logger };
}

describe("connect (getMe at start-up)", () => {
  it("retries failed getMe calls, reporting each with a reason and a hint, and connects once the API answers", async () => {
    fake = await FakeTelegram.start();
    fake.serverErrorNext("getMe", 3);
    const { bot, config, logger } = await botFor(fake);
    const me = await connect(bot.api, config, logger, { retry: FAST });
    assert.equal(me.username, fake.botInfo.username);
    assert.equal(fake.callsOf("getMe").length, 4, "one request per attempt: no retries hidden beneath");
    const failures = parsed(logger.lines).filter((l) => l.msg === "cannot connect to Telegram, retrying");
    assert.deepEqual(failures.map((l) => l.level), ["warn", "debug", "debug"], "the first failure warns, the rest within the minute are debug");
    for (const f of failures) {
      assert.match(String(f.reason), /502/);
      assert.ok(typeof f.hint === "string" && f.hint.length > 0);
    }
    assert.ok(parsed(logger.lines).some((l) => l.msg === "connected to Telegram" && l.failures === 3));
  });

  it("warns again once the warning interval has passed", async () => {
    fake = await FakeTelegram.start();
    fake.serverErrorNext("getMe", 3);
    const { bot, config, logger } = await botFor(fake);
    await connect(bot.api, config, logger, { retry: { ...FAST, warnEveryMs: 0 } });
    const levels = parsed(logger.lines).filter((l) => l.msg === "cannot connect to Telegram, retrying").map((l) => l.level);
    assert.deepEqual(levels, ["warn", "warn", "warn"]);
  });

  it("gives up at once with a clear configuration error when Telegram rejects the token (401)", async () => {
    fake = await FakeTelegram.start(); // knows another token: getMe gets 401
    const { bot, config, logger } = await botFor(fake, "987654321:WRONG-secret-abcdefghijklmnopqrstuv");
    await assert.rejects(connect(bot.api, config, logger, { retry: FAST }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, "Telegram rejected the token (401 Unauthorized) — check TELEGRAM_BOT_TOKEN");
      return true;
    });
    assert.ok(!logger.lines.some((l) => l.includes("cannot connect")), "not retried");
    assert.ok(logger.lines.every((l) => !l.includes("WRONG-secret")));
  });

  it("counts an attempt without an answer as failed and tries again", async () => {
    fake = await FakeTelegram.start();
    fake.delayNext("getMe", 3000);
    const { bot, config, logger } = await botFor(fake);
    await connect(bot.api, config, logger, { retry: { ...FAST, attemptTimeoutMs: 200 } });
    const first = parsed(logger.lines).find((l) => l.msg === "cannot connect to Telegram, retrying");
    assert.equal(first?.reason, "no answer within 200 ms");
  });

  it("says 'connection refused' for an API root nobody listens on, without the token", async () => {
    const port = await freePort();
    fake = await FakeTelegram.start();
    const config = { ...configFor(fake), apiRoot: `http://127.0.0.1:${port}` };
    const logger = createMemoryLogger("debug");
    const bot = createBot(config, { engine: new FakeEngine(), logger });
    const stop = new AbortController();
    const connecting = connect(bot.api, config, logger, { retry: FAST, signal: stop.signal });
    while (!logger.lines.some((l) => l.includes("cannot connect"))) await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    await assert.rejects(connecting);
    const first = parsed(logger.lines).find((l) => l.msg === "cannot connect to Telegram, retrying")!;
    assert.equal(first.reason, "connection refused");
    assert.match(String(first.hint), new RegExp(`127\\.0\\.0\\.1:${port}`));
    const secret = config.token.slice(config.token.indexOf(":") + 1);
    assert.ok(logger.lines.every((l) => !l.includes(secret)));
  });

  it("stops as soon as its signal aborts, also while waiting between attempts", async () => {
    fake = await FakeTelegram.start();
    fake.serverErrorNext("getMe", 1);
    const { bot, config, logger } = await botFor(fake);
    const stop = new AbortController();
    const connecting = connect(bot.api, config, logger, { retry: { ...FAST, initialMs: 60_000 }, signal: stop.signal });
    await fake.waitFor(() => fake!.callsOf("getMe").length === 1);
    while (!logger.lines.some((l) => l.includes("cannot connect"))) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    stop.abort(new Error("stop requested"));
    await assert.rejects(connecting, /stop requested/);
    assert.ok(Date.now() - started < 2000, "did not sit out the back-off");
    assert.equal(fake.callsOf("getMe").length, 1);
  });
});

describe("explainConnectFailure", () => {
  const config = { token: "123456789:secret-abcdefghijklmnopqrstuvwxyz" } as Parameters<typeof explainConnectFailure>[1];
  const net = (cause: object) => new HttpError("Network request for 'getMe' failed!", cause);

  it("points at the network or a proxy for the public Bot API", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH"]) {
      assert.match(explainConnectFailure(net({ code }), config).hint, /CITEBOT_PROXY/, code);
    }
    assert.equal(explainConnectFailure(net({ code: "ENOTFOUND" }), config).reason, "cannot resolve api.telegram.org (DNS)");
    assert.match(explainConnectFailure(net({ code: "SELF_SIGNED_CERT_IN_CHAIN" }), config).reason, /TLS/);
    assert.match(explainConnectFailure(undefined, config, 10_000).reason, /no answer within 10 s/);
  });

  it("points at the proxy when the request went through one: its refusal, its host name, and for socks5:// the server's name too", () => {
    const label = "http://***@proxy.example.com:3128";
    assert.equal(explainConnectFailure(net({ code: "ECONNREFUSED" }), config, undefined, label).reason, "the proxy refused the connection");
    assert.match(explainConnectFailure(net({ code: "ECONNREFUSED" }), config, undefined, label).hint, /proxy http:\/\/\*\*\*@proxy\.example\.com:3128 running/);
    assert.equal(explainConnectFailure(net({ code: "ENOTFOUND" }), config, undefined, label).reason, "cannot resolve the proxy's host proxy.example.com:3128 (DNS)");
    assert.equal(explainConnectFailure(net({ code: "EAI_AGAIN" }), config, undefined, "socks5://127.0.0.1:1080").reason, "cannot resolve 127.0.0.1:1080 (the proxy) or api.telegram.org (DNS)");
  });

  it("points at TELEGRAM_API_ROOT for a self-hosted server", () => {
    const selfHosted = { ...config, apiRoot: "http://127.0.0.1:8081" };
    assert.match(explainConnectFailure(net({ code: "ECONNREFUSED" }), selfHosted).hint, /127\.0\.0\.1:8081/);
    assert.match(explainConnectFailure(net({ type: "invalid-json" }), selfHosted).hint, /TELEGRAM_API_ROOT/);
  });

  it("quotes the system's reason for an unknown failure, never the URL's token", () => {
    const cause = { message: `request to https://api.telegram.org/bot${config.token}/getMe failed, reason: socket hang up ${config.token}` };
    const { reason } = explainConnectFailure(net(cause), config);
    assert.match(reason, /socket hang up/);
    assert.ok(!reason.includes("secret-abcdefghij"));
  });
});
