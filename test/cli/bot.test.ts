import assert from "node:assert/strict";
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { after, describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { startFakeModelServer } from "../helpers/fake-model-servers.js";
import { FakeTelegram } from "../helpers/fake-telegram.js";
import { freePort } from "../helpers/net.js";
import { BUNDLED_CORPUS, captureIo, tempDir, workspace } from "../helpers/workspace.js";

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
      shutdown.abort(); // a failed assertion must not leave the bot running (and the test file hanging)
      await fake.close();
    }
  });

  it("answers from a document dropped into the corpus while it runs, without a restart", async () => {
    const fake = await FakeTelegram.start();
    const shutdown = new AbortController();
    const ws = await workspace({ "doc.txt": "北京高校思政课\n\n北京市推动全市高校全覆盖开设思想概论必修课，26所高校试点开设思政选修课。\n" });
    const io = { ...captureIo(ws.root), shutdown: shutdown.signal };
    io.env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, CITEBOT_POLL_TIMEOUT_S: "1", CITEBOT_LOG_LEVEL: "info" };
    try {
      const running = runMain(["bot", "--corpus", ws.corpus, "--index", ws.index], io);
      fake.enqueue(fake.privateText("海王星有多少颗已知的卫星？"));
      await fake.waitFor(() => fake.sent().length >= 1, 15000);
      assert.doesNotMatch((fake.sent()[0].payload as { text: string }).text, /14颗/);

      await dropIn(ws, "neptune.txt", "海王星\n\n海王星是距离太阳最远的行星，它有14颗已知的卫星。\n");
      // The switch that brought the new file in (files=2), not an earlier one.
      await fake.waitFor(() => /"index generation switched"[^\n]*"files":2,/.test(io.err()), 15000);
      fake.enqueue(fake.privateText("海王星有多少颗已知的卫星？"));
      await fake.waitFor(() => fake.sent().length >= 2, 15000);
      assert.match((fake.sent()[1].payload as { text: string }).text, /14颗已知的卫星/);
      shutdown.abort();
      assert.equal(await running, 0);
    } finally {
      shutdown.abort(); // a failed assertion must not leave the bot running (and the test file hanging)
      await fake.close();
    }
  });

  it("on a worker thread (CITEBOT_ENGINE_THREAD=1) too, answers from the new generation once the bot's thread has switched", async () => {
    const fake = await FakeTelegram.start();
    const shutdown = new AbortController();
    const ws = await workspace({ "doc.txt": "北京高校思政课\n\n北京市推动全市高校全覆盖开设思想概论必修课，26所高校试点开设思政选修课。\n" });
    const io = { ...captureIo(ws.root), shutdown: shutdown.signal };
    io.env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, CITEBOT_POLL_TIMEOUT_S: "1", CITEBOT_LOG_LEVEL: "info", CITEBOT_ENGINE_THREAD: "1" };
    try {
      const running = runMain(["bot", "--corpus", ws.corpus, "--index", ws.index], io);
      await fake.waitFor(() => io.err().includes("bot running"), 15000);
      await dropIn(ws, "neptune.txt", "海王星\n\n海王星是距离太阳最远的行星，它有14颗已知的卫星。\n");
      // The switch that brought the new file in (files=2), not an earlier one.
      await fake.waitFor(() => /"index generation switched"[^\n]*"files":2,/.test(io.err()), 15000);
      // The worker switches when told by the bot's thread: a moment later, never a restart.
      let replies = 0;
      for (let attempt = 0; attempt < 20 && !/14颗/.test((fake.sent().at(-1)?.payload as { text?: string })?.text ?? ""); attempt++) {
        fake.enqueue(fake.privateText("海王星有多少颗已知的卫星？"));
        await fake.waitFor(() => fake.sent().length > replies, 15000);
        replies = fake.sent().length;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match((fake.sent().at(-1)!.payload as { text: string }).text, /14颗已知的卫星/);
      shutdown.abort();
      assert.equal(await running, 0);
    } finally {
      shutdown.abort(); // a failed assertion must not leave the bot running (and the test file hanging)
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
      shutdown.abort(); // a failed assertion must not leave the bot running (and the test file hanging)
      await fake.close();
    }
  });

  it("takes a PDF an admin sends (real library, temp corpus and index), and answers the next question from it", async () => {
    const fake = await FakeTelegram.start();
    const shutdown = new AbortController();
    const ws = await workspace({ "a.txt": "太阳系有八大行星。木星是最大的行星。\n\n地球距离太阳约1.5亿公里。" });
    const io = { ...captureIo(tempDir()), shutdown: shutdown.signal };
    io.env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, CITEBOT_POLL_TIMEOUT_S: "1", CITEBOT_LOG_LEVEL: "warn", CITEBOT_ADMIN_IDS: "4242" };
    try {
      const running = runMain(["bot", "--corpus", ws.corpus, "--index", ws.index], io);
      const admin = fake.user({ id: 4242, languageCode: "zh" });
      const pdf = readFileSync(path.resolve(import.meta.dirname, "../../../test/fixtures/formats/zh-report.pdf"));
      fake.enqueue(fake.documentMessage(fake.registerFile(pdf, { fileName: "年度报告.pdf" }), { user: admin }));
      await fake.waitFor(() => fake.edits(admin.id).some((c) => /已收录/.test(c.plainText ?? "")), 30000);
      const reply = fake.edits(admin.id).at(-1)!.plainText!;
      assert.match(reply, /（uploads\/年度报告\.pdf）\n\d+ 页 · \d+ 个片段 · 用时 [\d.]+ 秒\n\n现在就可以提问，例如：\n• /);
      assert.ok(readFileSync(path.join(ws.corpus, "uploads", "年度报告.pdf")).equals(pdf));
      const example = /• (.+)$/.exec(reply)![1]!;
      fake.enqueue(fake.privateText(example, { user: admin }));
      await fake.waitFor(() => fake.sent(admin.id).length >= 2, 15000);
      const answer = fake.sent(admin.id).at(-1)!.plainText!;
      assert.doesNotMatch(answer, /没有找到/);
      assert.match(answer, /uploads\/年度报告\.pdf/, "the answer cites the new document");
      shutdown.abort();
      assert.equal(await running, 0);
    } finally {
      shutdown.abort(); // a failed assertion must not leave the bot running (and the test file hanging)
      await fake.close();
    }
  });

  it("exits 1 with TELEGRAM_CONFLICT and what to do when another instance is polling (409)", async () => {
    const fake = await FakeTelegram.start();
    const io = { ...captureIo(tempDir()), shutdown: new AbortController().signal };
    io.env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, CITEBOT_POLL_TIMEOUT_S: "1", CITEBOT_LOG_LEVEL: "error" };
    try {
      fake.failNext("getUpdates", { error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" });
      assert.equal(await runMain(["bot", "--corpus", BUNDLED_CORPUS, "--index", tempDir()], io), 1);
      const line = io.err().split("\n").find((l) => l.startsWith("citebot: "));
      assert.match(line ?? "", /^citebot: Telegram refused polling \(409 Conflict\): Conflict: terminated by other getUpdates request.*only one may poll.*\[TELEGRAM_CONFLICT\]$/);
      assert.doesNotMatch(io.err(), /unexpected error/);
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

/**
 * The real process, started directly (npx would not pass SIGTERM on): what an operator sees in the first
 * seconds, and how fast signals end it. Time limits are generous (CI shares two cores among many jobs);
 * the promises are "a line within a second" and "exits within 5 s".
 */
describe("citebot bot as a process: start-up and shutdown", () => {
  const CLI = path.resolve(import.meta.dirname, "../../src/cli/main.js");
  const TOKEN = "123456789:SECRET-part_abcdefghijklmnopqrstuvwxyz0";
  const SECRET = TOKEN.slice(TOKEN.indexOf(":") + 1);

  /** A fresh workspace with its index built, so the bot starts straight away. */
  async function indexedWorkspace() {
    const ws = await workspace({ "doc.txt": "北京高校思政课\n\n北京市推动全市高校全覆盖开设思想概论必修课，26所高校试点开设思政选修课。\n" });
    const io = captureIo(ws.root);
    assert.equal(await runMain(["index", "--corpus", ws.corpus, "--index", ws.index], io), 0, io.err());
    return ws;
  }

  interface Running {
    child: ChildProcessByStdio<null, Readable, Readable>;
    stderr(): string;
    /** Resolves with the ms since spawn when a stderr line matches, rejects after `timeoutMs`. */
    line(pattern: RegExp, timeoutMs?: number): Promise<number>;
    /** Resolves with the exit code and the ms it took after `signal` was sent. */
    stop(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
    exited: Promise<number | null>;
  }

  async function spawnBot(env: Record<string, string>): Promise<Running> {
    const ws = await indexedWorkspace();
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, [CLI, "bot", "--corpus", ws.corpus, "--index", ws.index], {
      env: { PATH: process.env.PATH ?? "", HOME: ws.root, TELEGRAM_BOT_TOKEN: TOKEN, CITEBOT_POLL_TIMEOUT_S: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stdout.resume();
    child.stderr.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    after(() => void child.kill("SIGKILL"));
    return {
      child,
      exited,
      stderr: () => err,
      line: async (pattern, timeoutMs = 15_000) => {
        while (!pattern.test(err)) {
          if (Date.now() - spawnedAt > timeoutMs || child.exitCode !== null) throw new Error(`no line matching ${pattern} on stderr: ${err}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        return Date.now() - spawnedAt;
      },
      stop: async (signal) => {
        const sentAt = Date.now();
        child.kill(signal);
        const code = await exited;
        return { code, ms: Date.now() - sentAt };
      },
    };
  }

  it("with an API root nobody answers: speaks at once, reports the failures with a hint, and exits soon after SIGTERM", async () => {
    const root = `http://127.0.0.1:${await freePort()}`;
    const bot = await spawnBot({ TELEGRAM_API_ROOT: root });
    const firstLineMs = await bot.line(/\n/);
    assert.ok(firstLineMs < 5000, `first line after ${firstLineMs} ms`);
    const first = JSON.parse(bot.stderr().split("\n")[0]!) as Record<string, unknown>;
    assert.equal(first.api_root, root);
    assert.equal(first.bot_id, 123456789);
    await bot.line(/"level":"warn","msg":"cannot connect to Telegram, retrying".*"reason":"connection refused","hint":"[^"]+"/);
    const { code, ms } = await bot.stop("SIGTERM");
    assert.ok(ms < 5000, `exited ${ms} ms after SIGTERM`);
    assert.equal(code, 0);
    assert.ok(!bot.stderr().includes(SECRET), "the token's secret half is never printed");
  });

  it("SIGINT during start-up stops it too", async () => {
    const bot = await spawnBot({ TELEGRAM_API_ROOT: `http://127.0.0.1:${await freePort()}` });
    await bot.line(/connecting to Telegram/);
    const { code, ms } = await bot.stop("SIGINT");
    assert.ok(ms < 5000, `exited ${ms} ms after SIGINT`);
    assert.equal(code, 0);
  });

  it("exits with code 2 and a clear message when Telegram rejects the token (401)", async () => {
    const fake = await FakeTelegram.start(); // knows another token: every call gets 401
    try {
      const bot = await spawnBot({ TELEGRAM_API_ROOT: fake.apiRoot });
      assert.equal(await bot.exited, 2);
      assert.match(bot.stderr(), /citebot: Telegram rejected the token \(401 Unauthorized\) — check TELEGRAM_BOT_TOKEN/);
      assert.ok(!bot.stderr().includes(SECRET));
    } finally {
      await fake.close();
    }
  });

  it("with the API up: starts polling, answers, and exits soon after SIGTERM", async () => {
    const fake = await FakeTelegram.start({ token: TOKEN, maxPollWaitMs: 1000 });
    try {
      const bot = await spawnBot({ TELEGRAM_API_ROOT: fake.apiRoot });
      await bot.line(/"msg":"bot running"/);
      fake.enqueue(fake.privateText("多少所高校试点开设思政选修课？"));
      await fake.waitFor(() => fake.sent().length === 1, 15_000);
      assert.match(fake.sent()[0]!.plainText!, /26所高校/);
      const { code, ms } = await bot.stop("SIGTERM");
      assert.ok(ms < 5000, `exited ${ms} ms after SIGTERM`);
      assert.equal(code, 0);
    } finally {
      await fake.close();
    }
  });

  it("an answer still unfinished at the shutdown timeout is abandoned: the process exits and never sends it", async () => {
    const fake = await FakeTelegram.start({ token: TOKEN, maxPollWaitMs: 1000 });
    const model = await startFakeModelServer({ faults: [{ kind: "hang" }] }); // the LLM never answers
    try {
      const bot = await spawnBot({
        TELEGRAM_API_ROOT: fake.apiRoot,
        CITEBOT_SHUTDOWN_TIMEOUT_S: "1",
        CITEBOT_LLM: "openai",
        CITEBOT_LLM_MODEL: "test-model",
        CITEBOT_LLM_TIMEOUT_MS: "600000",
        OPENAI_BASE_URL: model.openaiUrl,
      });
      await bot.line(/"msg":"bot running"/);
      fake.enqueue(fake.privateText("多少所高校试点开设思政选修课？"));
      while (!model.requests.some((r) => r.path.includes("chat/completions"))) await new Promise((r) => setTimeout(r, 10));
      const { code, ms } = await bot.stop("SIGTERM");
      assert.ok(ms < 5000, `exited ${ms} ms after SIGTERM`);
      assert.equal(code, 0);
      assert.deepEqual(fake.sent(), [], "the abandoned answer was not sent");
      assert.match(bot.stderr(), /abandoning unfinished answers/);
    } finally {
      await model.close();
      await fake.close();
    }
  });
});

/** Drops a whole file into the corpus (written beside it, then renamed in), so the watch never sees it half-written. */
async function dropIn(ws: { root: string; corpus: string }, name: string, text: string): Promise<void> {
  const staged = path.join(ws.root, `${name}.staged`);
  await fs.writeFile(staged, text);
  await fs.rename(staged, path.join(ws.corpus, name));
}
