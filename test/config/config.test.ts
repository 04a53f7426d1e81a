import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { checkConfig, configSecrets, parseConfig } from "../../src/config/config.js";
import { AppError } from "../../src/errors.js";
import { configProblems, proxyOf } from "../helpers/config.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const ODD_TELEGRAM = { TELEGRAM_BOT_TOKEN: "not-a-token", CITEBOT_RATE_LIMIT: "lots", CITEBOT_WEBHOOK_SECRET: "has space", TELEGRAM_API_ROOT: "ftp://x" };

describe("the one configuration", () => {
  it("has documented defaults for everything", () => {
    const config = parseConfig({}, {}, "/work");
    assert.deepEqual(config.paths, { corpusDir: "/work/corpus", indexDir: "/work/embeddings", historyFile: path.join(os.homedir(), ".citebot_history") });
    assert.deepEqual(config.engine, { k: 3 });
    assert.deepEqual(config.log, { level: "warn", format: "pretty" });
    assert.equal(config.providers.embeddings.provider, "hash");
    assert.equal(config.providers.llm.provider, "none");
    assert.deepEqual(config.proxy, { env: {} });
    assert.equal(config.telegram, undefined);
  });

  it("lets flags win over variables, resolves paths against the working directory, and reads blank variables as unset", () => {
    const env = { CITEBOT_CORPUS: "docs", CITEBOT_INDEX: "/var/idx", CITEBOT_HISTORY_FILE: "h.txt", CITEBOT_LOG_LEVEL: " " };
    const fromEnv = parseConfig({}, env, "/work");
    assert.deepEqual(fromEnv.paths, { corpusDir: "/work/docs", indexDir: "/var/idx", historyFile: "/work/h.txt" });
    assert.equal(fromEnv.log.level, "warn");
    const fromFlags = parseConfig({ corpus: "c", index: "i", k: "7", debug: true }, env, "/work");
    assert.deepEqual([fromFlags.paths.corpusDir, fromFlags.paths.indexDir, fromFlags.engine.k, fromFlags.log.level], ["/work/c", "/work/i", 7, "debug"]);
  });

  it("watches the corpus by default; CITEBOT_WATCH=0 turns it off, and --watch or --no-watch win over the variable", () => {
    const watching = (flags: { watch?: boolean; "no-watch"?: boolean }, env: NodeJS.ProcessEnv) => parseConfig(flags, env).live.watchCorpus;
    assert.equal(watching({}, {}), true);
    assert.equal(watching({}, { CITEBOT_WATCH: "0" }), false);
    assert.equal(watching({ watch: true }, { CITEBOT_WATCH: "0" }), true);
    assert.equal(watching({ "no-watch": true }, { CITEBOT_WATCH: "1" }), false);
    assert.deepEqual(configProblems({ CITEBOT_WATCH: "yes" }), ['CITEBOT_WATCH must be 0 or 1 (got "yes")']);
  });

  it("takes a log level in any case, and logs as the bot does for the bot: JSON lines from info", () => {
    assert.equal(parseConfig({}, { CITEBOT_LOG_LEVEL: "Error" }).log.level, "error");
    assert.deepEqual(parseConfig({}, { TELEGRAM_BOT_TOKEN: TOKEN }, undefined, { bot: true }).log, { level: "info", format: "json" });
    assert.deepEqual(parseConfig({}, { TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_LOG_LEVEL: "WARN" }, undefined, { bot: true }).log, { level: "warn", format: "json" });
    assert.deepEqual(parseConfig({ debug: true }, { TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_LOG_LEVEL: "error" }, undefined, { bot: true }).log, { level: "debug", format: "json" });
    assert.deepEqual(configProblems({ CITEBOT_LOG_LEVEL: "loud" }), ['CITEBOT_LOG_LEVEL must be one of debug, info, warn, error, silent (got "loud")']);
  });

  it("checks CITEBOT_OCR with everything else: a word it does not know is a problem, not OCR left on", () => {
    assert.deepEqual(configProblems({ CITEBOT_OCR: "of", CITEBOT_LOG_LEVEL: "loud" }), [
      'CITEBOT_OCR must be one of auto, on, 1, true, yes, off, 0, false, no (got "of")',
      'CITEBOT_LOG_LEVEL must be one of debug, info, warn, error, silent (got "loud")',
    ]);
    for (const value of ["off", "OFF", "0", "no", "auto", "on", "1"]) assert.deepEqual(configProblems({ CITEBOT_OCR: value }), [], value);
  });

  it("checks -k and the directory flags as given", () => {
    for (const k of ["0", "21", "2.5", "", "three"]) {
      assert.deepEqual(checkConfig({ k }, {}).problems, [`-k must be a whole number from 1 to 20 (got ${JSON.stringify(k)})`], k);
    }
    assert.deepEqual(checkConfig({ corpus: "", index: " " }, {}).problems, ["--corpus needs a directory", "--index needs a directory"]);
  });

  it("reads the Telegram variables only for the bot: odd ones never stop another command", () => {
    const config = parseConfig({}, ODD_TELEGRAM);
    assert.equal(config.telegram, undefined);
    const problems = configProblems(ODD_TELEGRAM, { bot: true });
    assert.deepEqual(problems.map((p) => p.split(" ")[0]), ["TELEGRAM_BOT_TOKEN", "TELEGRAM_API_ROOT", "CITEBOT_WEBHOOK_SECRET", "CITEBOT_RATE_LIMIT", "CITEBOT_WEBHOOK_SECRET"]);
    assert.ok(!problems.join("\n").includes("not-a-token"), "the token is never echoed");
    assert.ok(!problems.join("\n").includes("has space"), "nor the webhook secret");
  });

  it("reports every problem of every section and flag at once, in one CONFIG_INVALID usage error", () => {
    const env = { ...ODD_TELEGRAM, CITEBOT_EMBEDDINGS: "bert", CITEBOT_LLM: "openai", HTTPS_PROXY: "socks4://p:1", CITEBOT_CONCURRENCY: "0" };
    assert.throws(
      () => parseConfig({ k: "99", corpus: "" }, env, undefined, { bot: true }),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, "CONFIG_INVALID");
        assert.equal(error.hint, "see docs/telegram.md");
        const names = error.message.split("; ").map((p) => p.split(" ")[0]);
        for (const name of ["-k", "--corpus", "TELEGRAM_BOT_TOKEN", "CITEBOT_RATE_LIMIT", "CITEBOT_CONCURRENCY", "CITEBOT_EMBEDDINGS", "CITEBOT_LLM_MODEL", "OPENAI_API_KEY", "HTTPS_PROXY"]) {
          assert.ok(names.includes(name), `${name} in ${error.message}`);
        }
        return true;
      },
    );
  });

  it("ignores the standard proxy variables, malformed ones included, when CITEBOT_PROXY is set", () => {
    const env = { CITEBOT_PROXY: "http://127.0.0.1:7890", HTTPS_PROXY: "socks4://p:1", no_proxy: "*" };
    assert.deepEqual(configProblems(env), []);
    assert.deepEqual(proxyOf(env), { url: "http://127.0.0.1:7890", env: {} });
    assert.deepEqual(configProblems({ https_proxy: "http://127.0.0.1:1", HTTPS_PROXY: "socks4://p:1" }), [], "only the spelling that wins is read");
  });

  it("is plain data, so it crosses worker threads whole", () => {
    const config = parseConfig({}, { TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_PROXY: "socks5h://127.0.0.1:1080", CITEBOT_LLM: "ollama", CITEBOT_LLM_MODEL: "m", CITEBOT_ALLOWED_IDS: "1,-2" }, undefined, { bot: true });
    assert.deepEqual(structuredClone(config), config);
  });

  it("lists the secrets the logger must hide, valid or not", () => {
    const secrets = configSecrets({ TELEGRAM_BOT_TOKEN: "bad-token-value", OPENAI_API_KEY: "sk-123456", CITEBOT_WEBHOOK_SECRET: "hook-secret", CITEBOT_PROXY: "http://u:pw-secret@127.0.0.1:1", CITEBOT_LLM: "none" });
    for (const secret of ["bad-token-value", "sk-123456", "hook-secret", "pw-secret"]) assert.ok(secrets.includes(secret), secret);
    assert.ok(!secrets.includes("none"));
  });
});
