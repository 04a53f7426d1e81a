import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";
import { BUNDLED_CORPUS, captureIo, tempDir } from "../helpers/workspace.js";

describe("citebot bot (in-process, real engine, fake Bot API)", () => {
  it("answers a private question with a cited HTML reply and stops on shutdown", async () => {
    const fake = await FakeTelegram.start();
    const shutdown = new AbortController();
    const io = { ...captureIo(tempDir()), shutdown: shutdown.signal };
    io.env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, CITEBOT_POLL_TIMEOUT_S: "1", CITEBOT_LOG_LEVEL: "warn" };
    try {
      const running = runMain(["--corpus", BUNDLED_CORPUS, "--index", tempDir()], io);
      fake.enqueue(fake.privateText("红色“1+1”党支部共建活动组织了多少个学生党支部？"));
      await fake.waitFor(() => fake.sent().length >= 1, 15000);
      const reply = fake.sent()[0].payload as { text: string; parse_mode: string; reply_markup?: { inline_keyboard: { callback_data: string }[][] } };
      assert.equal(reply.parse_mode, "HTML");
      assert.match(reply.text, /近2万个学生党支部/);
      assert.match(reply.text, /\[1\]/);
      assert.ok(reply.reply_markup?.inline_keyboard.flat().length, "one button per citation");
      shutdown.abort();
      assert.equal(await running, 0);
      assert.ok(!io.err().includes(fake.token), "the token never reaches stderr");
    } finally {
      await fake.close();
    }
  });

  it("answers on a worker thread with CITEBOT_ENGINE_THREAD=1, the same reply as on the bot's thread", async () => {
    const fake = await FakeTelegram.start();
    const shutdown = new AbortController();
    const io = { ...captureIo(tempDir()), shutdown: shutdown.signal };
    io.env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, CITEBOT_POLL_TIMEOUT_S: "1", CITEBOT_LOG_LEVEL: "warn", CITEBOT_ENGINE_THREAD: "1" };
    try {
      const running = runMain(["bot", "--corpus", BUNDLED_CORPUS, "--index", tempDir()], io);
      fake.enqueue(fake.privateText("红色“1+1”党支部共建活动组织了多少个学生党支部？"));
      await fake.waitFor(() => fake.sent().length >= 1, 15000);
      assert.match((fake.sent()[0].payload as { text: string }).text, /近2万个学生党支部/);
      shutdown.abort();
      assert.equal(await running, 0, "stops cleanly, worker included");
    } finally {
      await fake.close();
    }
  });

  it("refuses an engine-thread setting other than 0 or 1", async () => {
    const io = captureIo(tempDir(), undefined, { TELEGRAM_BOT_TOKEN: "123456:abcdefghijklmnopqrstuvwxyz", CITEBOT_ENGINE_THREAD: "yes" });
    assert.equal(await runMain(["bot", "--corpus", BUNDLED_CORPUS, "--index", tempDir()], io), 2);
    assert.match(io.err(), /CITEBOT_ENGINE_THREAD/);
  });

  it("refuses to start with a clear message when the configuration is invalid", async () => {
    const io = captureIo(tempDir(), undefined, { TELEGRAM_BOT_TOKEN: "123:abc", CITEBOT_WEBHOOK_URL: "https://example.org/hook" });
    assert.equal(await runMain(["bot", "--corpus", BUNDLED_CORPUS, "--index", tempDir()], io), 2);
    assert.match(io.err(), /CITEBOT_WEBHOOK_SECRET/);
  });
});
