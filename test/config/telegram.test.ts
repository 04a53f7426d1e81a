import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkConfig } from "../../src/config/config.js";
import { configProblems, telegramOf } from "../helpers/config.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const BOT = { bot: true } as const;

describe("Telegram configuration (citebot bot)", () => {
  it("needs only the token, and fills in documented defaults", () => {
    assert.deepEqual(configProblems({ TELEGRAM_BOT_TOKEN: TOKEN }, BOT), []);
    assert.deepEqual(telegramOf({ TELEGRAM_BOT_TOKEN: TOKEN }), {
      token: TOKEN,
      apiRoot: undefined,
      webhook: undefined,
      redisUrl: undefined,
      allowedIds: [],
      adminIds: [],
      rateLimitPerMinute: 20,
      maxJobsPerUser: 2,
      maxQuestionChars: 1000,
      sessionTtlSeconds: 600,
      concurrency: 16,
      shutdownTimeoutSeconds: 30,
      pollTimeoutSeconds: 30,
      engineThread: false,
      streamEditMs: 1000,
    });
    const hook = telegramOf({ TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_WEBHOOK_URL: "https://bot.example.com/", CITEBOT_WEBHOOK_SECRET: "s" }).webhook;
    assert.deepEqual(hook, { url: "https://bot.example.com/", path: "/", host: "0.0.0.0", port: 8080, secret: "s" });
  });

  it("reads every option", () => {
    const config = telegramOf({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
      CITEBOT_WEBHOOK_URL: "https://bot.example.com/tg/hook",
      CITEBOT_WEBHOOK_SECRET: "abc_DEF-123",
      CITEBOT_WEBHOOK_PORT: "9000",
      CITEBOT_WEBHOOK_HOST: "127.0.0.1",
      CITEBOT_ALLOWED_IDS: "1, 2 ,-1001234567890",
      CITEBOT_ADMIN_IDS: "7",
      CITEBOT_RATE_LIMIT: "0",
      CITEBOT_MAX_JOBS_PER_USER: "5",
      CITEBOT_MAX_QUESTION_CHARS: "500",
      CITEBOT_SESSION_TTL_S: "60",
      CITEBOT_CONCURRENCY: "4",
      CITEBOT_SHUTDOWN_TIMEOUT_S: "5",
      CITEBOT_POLL_TIMEOUT_S: "10",
      CITEBOT_ENGINE_THREAD: "1",
      CITEBOT_STREAM_EDIT_MS: "2500",
    });
    assert.equal(config.apiRoot, "http://127.0.0.1:8081", "trailing slash dropped for grammY");
    assert.deepEqual(config.webhook, { url: "https://bot.example.com/tg/hook", path: "/tg/hook", host: "127.0.0.1", port: 9000, secret: "abc_DEF-123" });
    assert.deepEqual(config.allowedIds, [1, 2, -1001234567890]);
    assert.deepEqual(config.adminIds, [7]);
    assert.equal(config.rateLimitPerMinute, 0);
    assert.equal(config.maxJobsPerUser, 5);
    assert.equal(config.maxQuestionChars, 500);
    assert.equal(config.sessionTtlSeconds, 60);
    assert.equal(config.concurrency, 4);
    assert.equal(config.shutdownTimeoutSeconds, 5);
    assert.equal(config.pollTimeoutSeconds, 10);
    assert.equal(config.engineThread, true);
    assert.equal(config.streamEditMs, 2500);
  });

  it("takes 0 (no streaming) or an edit interval Telegram's pace allows", () => {
    assert.equal(telegramOf({ TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_STREAM_EDIT_MS: "0" }).streamEditMs, 0);
    for (const bad of ["500", "999", "60001", "fast"]) {
      const { config, problems } = checkConfig({}, { TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_STREAM_EDIT_MS: bad }, undefined, BOT);
      assert.equal(config, undefined, bad);
      assert.match(problems[0]!, /CITEBOT_STREAM_EDIT_MS/);
    }
  });

  it("takes admins as user ids only: none by default, and a group id or a word is refused", () => {
    assert.deepEqual(telegramOf({ TELEGRAM_BOT_TOKEN: TOKEN }).adminIds, []);
    assert.deepEqual(telegramOf({ TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_ADMIN_IDS: "7, 8" }).adminIds, [7, 8]);
    for (const [bad, why] of [["7,-1001234567890", /-1001234567890, which is a group or channel id; admins are users/], ["7,alice", /"alice", which is not a numeric Telegram user or chat id/]] as const) {
      const { config, problems } = checkConfig({}, { TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_ADMIN_IDS: bad }, undefined, BOT);
      assert.equal(config, undefined, bad);
      assert.match(problems.join("\n"), why);
    }
  });

  it("collects all problems at once and never echoes the token", () => {
    const badToken = "not-a-token-but-secret-ish";
    const { config, problems } = checkConfig({}, {
      TELEGRAM_BOT_TOKEN: badToken,
      TELEGRAM_API_ROOT: "ftp://x",
      CITEBOT_WEBHOOK_URL: "http://insecure.example.com/hook",
      CITEBOT_ALLOWED_IDS: "12,abc",
      CITEBOT_RATE_LIMIT: "-1",
      CITEBOT_MAX_QUESTION_CHARS: "lots",
      CITEBOT_MAX_JOBS_PER_USER: "-2",
      CITEBOT_WEBHOOK_PORT: "70000",
    }, undefined, BOT);
    assert.equal(config, undefined);
    const text = problems.join("\n");
    for (const name of ["TELEGRAM_BOT_TOKEN", "TELEGRAM_API_ROOT", "CITEBOT_WEBHOOK_URL", "CITEBOT_WEBHOOK_SECRET", "CITEBOT_ALLOWED_IDS", "CITEBOT_RATE_LIMIT", "CITEBOT_MAX_QUESTION_CHARS", "CITEBOT_MAX_JOBS_PER_USER", "CITEBOT_WEBHOOK_PORT"]) {
      assert.ok(text.includes(name), `problem for ${name}`);
    }
    assert.ok(!text.includes(badToken));
  });

  it("takes a redis:// or rediss:// URL for shared state, and never echoes one it refuses (it may hold a password)", () => {
    assert.equal(telegramOf({ TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_REDIS_URL: "rediss://:pw@redis.internal:6380/2" }).redisUrl, "rediss://:pw@redis.internal:6380/2");
    const problems = configProblems({ TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_REDIS_URL: "http://:hunter2@redis:6379" }, BOT);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /CITEBOT_REDIS_URL.*redis:\/\//);
    assert.doesNotMatch(problems[0]!, /hunter2/);
  });

  it("requires the token", () => {
    const { config, problems } = checkConfig({}, {}, undefined, BOT);
    assert.equal(config, undefined);
    assert.match(problems[0]!, /TELEGRAM_BOT_TOKEN is not set/);
  });

  it("requires a well-formed secret with a webhook URL, and a URL with a secret", () => {
    assert.match(configProblems({ TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_WEBHOOK_URL: "https://a.example/h", CITEBOT_WEBHOOK_SECRET: "has space" }, BOT)[0]!, /may only contain/);
    assert.match(configProblems({ TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_WEBHOOK_SECRET: "abc" }, BOT)[0]!, /CITEBOT_WEBHOOK_URL is not/);
  });

  it("allows a plain-http webhook only with a self-hosted API root", () => {
    const env = { TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_WEBHOOK_URL: "http://127.0.0.1:9000/", CITEBOT_WEBHOOK_SECRET: "abc" };
    assert.equal(configProblems(env, BOT).length, 1);
    assert.deepEqual(configProblems({ ...env, TELEGRAM_API_ROOT: "http://127.0.0.1:8081" }, BOT), []);
  });
});
