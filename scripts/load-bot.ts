/**
 * Load test of the Telegram bot (issue 6.5 / issue 7), loopback only.
 *
 *   scripts/load-bot [--questions 1000] [--chats 200] [--concurrent-chats N] [--think-ms 0]
 *                    [--faults] [--seed 1] [--bot-concurrency 16] [--deadline-s 45]
 *                    [--corpus DIR] [--engine-thread] [--json]
 *
 * The real bot (runBot, long polling through a TELEGRAM_API_ROOT-style apiRoot)
 * runs on the main thread over the real Engine (bundled corpus, index built in
 * a temp dir; with `--engine-thread` the answers are computed on a worker
 * thread, see src/telegram/engine-thread.ts). The fake Bot API (test/helpers/fake-telegram.ts, 127.0.0.1,
 * random port) and the simulated users run on a worker thread, so they do not
 * compete with the bot for its event loop.
 *
 * Users are closed-loop, like people: each chat asks its next question once the
 * previous one was answered, after `--think-ms` (±50%, default 0: saturation).
 * `--concurrent-chats N` keeps N chats in conversation at once (default: all
 * chats). Questions are a seeded mix of answerable, unanswerable
 * and follow-up questions. `--faults` adds random 429s (retry_after 1 s), 502s,
 * connection resets before processing and slow responses on every method, plus
 * a 0.5 s flood of 429s on sends a quarter of the way in.
 *
 * Reported: questions answered exactly once, lost, duplicated (counted per asking
 * message id after the bot has stopped, so late duplicates are seen), latency
 * from enqueueing the update to the fake receiving the reply (p50/p95/p99/max),
 * throughput, peak RSS of the whole process, and CPU time of the bot's thread
 * per question (Linux: /proc/self/task/<pid>/schedstat; elsewhere the event
 * loop's active time) next to the whole process's (bot + fake API + users +
 * GC and I/O helper threads). Stops by itself: the load phase
 * ends at the deadline (default 45 s) and a hard stop fires at 58 s.
 * Exit code 0 when every question was answered exactly once, else 1.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { seededRandom } from "../test/helpers/random.js";
import { plan } from "./load-plan.js";

interface Options {
  questions: number;
  chats: number;
  concurrentChats: number;
  thinkMs: number;
  faults: boolean;
  seed: number;
  botConcurrency: number;
  deadlineS: number;
  corpus: string;
  json: boolean;
  engineThread: boolean;
}

/** Worker → main messages. */
type DriverMessage =
  | { type: "ready"; apiRoot: string; token: string }
  | { type: "done"; load: LoadResult }
  | { type: "report"; delivery: Delivery; faults: Record<string, number> | undefined; botCalls: Record<string, number> };

interface LoadResult {
  asked: number;
  answeredInTime: number;
  timedOut: boolean;
  wallMs: number;
  latenciesMs: number[];
  kinds: Record<string, number>;
}

interface Delivery {
  questions: number;
  once: number;
  lost: number;
  duplicated: number;
}

const HARD_STOP_MS = 58_000;

// ---------------------------------------------------------------- worker: fake Bot API + users

async function driver(options: Options): Promise<void> {
  const { FakeTelegram } = await import("../test/helpers/fake-telegram.js");
  const port = parentPort!;
  const fake = await FakeTelegram.start({ maxPollWaitMs: 30_000 });
  const updates: import("grammy/types").Update[] = [];
  const waiters = new Map<string, (at: number, text: string) => void>();
  fake.onCall((call) => {
    if (call.method !== "sendMessage" || !call.ok || !call.payload.reply_parameters) return;
    const key = `${call.payload.chat_id}:${call.payload.reply_parameters.message_id}`;
    const waiter = waiters.get(key);
    if (waiter) {
      waiters.delete(key);
      waiter(performance.now(), call.plainText ?? "");
    }
  });
  port.postMessage({ type: "ready", apiRoot: fake.apiRoot, token: fake.token } satisfies DriverMessage);

  await new Promise<void>((resolve) => port.once("message", () => resolve())); // "go"
  if (options.faults) {
    fake.chaos({ seed: options.seed, rateLimit: 0.03, retryAfter: 1, serverError: 0.01, reset: 0.02, slow: 0.05, slowMs: [50, 300] });
  }
  const chats = plan(options).map((questions) => ({ user: fake.user({ languageCode: "zh" }), questions, next: 0 }));
  const ready = chats.filter((c) => c.questions.length > 0);
  const latencies: number[] = [];
  const thinking = seededRandom(options.seed + 1);
  const kinds: Record<string, number> = { answer: 0, not_found: 0, error: 0, other: 0 };
  const started = performance.now();
  const deadline = started + options.deadlineS * 1000;
  let asked = 0;
  let timedOut = false;
  let flooded = false;

  const classify = (text: string) =>
    /📚 引用|📚 Sources/.test(text) ? "answer" : /没有在已索引的文档中找到答案|couldn't find an answer/.test(text) ? "not_found" : /出错了|went wrong/.test(text) ? "error" : "other";

  const user = async () => {
    // With a think time, people do not all press Enter in the same millisecond: stagger the first questions.
    if (options.thinkMs > 0) await new Promise((r) => setTimeout(r, thinking() * options.thinkMs));
    for (let chat = ready.shift(); chat; chat = ready.shift()) {
      const update = fake.privateText(chat.questions[chat.next++]!, { user: chat.user });
      const key = `${update.message!.chat.id}:${update.message!.message_id}`;
      const answered = new Promise<{ at: number; text: string } | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - performance.now()));
        waiters.set(key, (at, text) => {
          clearTimeout(timer);
          resolve({ at, text });
        });
      });
      updates.push(update);
      asked++;
      if (options.faults && !flooded && asked >= options.questions / 4) {
        flooded = true;
        fake.floodFor(500, 1, ["sendMessage", "sendChatAction"]);
      }
      const enqueued = performance.now();
      fake.enqueue(update);
      const reply = await answered;
      if (!reply) {
        waiters.delete(key);
        timedOut = true;
        return;
      }
      latencies.push(reply.at - enqueued);
      kinds[classify(reply.text)]!++;
      if (options.thinkMs > 0) {
        const pause = Math.min(options.thinkMs * (0.5 + thinking()), Math.max(0, deadline - performance.now()));
        await new Promise((r) => setTimeout(r, pause));
      }
      if (chat.next < chat.questions.length) ready.push(chat);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrentChats) }, user));
  const load: LoadResult = { asked, answeredInTime: latencies.length, timedOut, wallMs: performance.now() - started, latenciesMs: latencies, kinds };
  // Faults off for the shutdown, so the final offset confirmation is not what gets measured.
  fake.chaos(undefined);
  port.postMessage({ type: "done", load } satisfies DriverMessage);

  await new Promise<void>((resolve) => port.once("message", () => resolve())); // "report": the bot has stopped
  const report = fake.deliveryReport(updates);
  const botCalls: Record<string, number> = {};
  for (const c of fake.calls) botCalls[c.method] = (botCalls[c.method] ?? 0) + 1;
  port.postMessage({
    type: "report",
    delivery: { questions: report.questions, once: report.once, lost: report.lost, duplicated: report.duplicated },
    faults: options.faults ? { ...fake.faults } : undefined,
    botCalls,
  } satisfies DriverMessage);
  await fake.close();
}

// ---------------------------------------------------------------- main: the bot

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      questions: { type: "string", default: "1000" },
      chats: { type: "string", default: "200" },
      "concurrent-chats": { type: "string" },
      "think-ms": { type: "string", default: "0" },
      faults: { type: "boolean", default: false },
      seed: { type: "string", default: "1" },
      "bot-concurrency": { type: "string", default: "16" },
      "deadline-s": { type: "string", default: "45" },
      corpus: { type: "string" },
      json: { type: "boolean", default: false },
      "engine-thread": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(
      "usage: scripts/load-bot [--questions 1000] [--chats 200] [--concurrent-chats N] [--think-ms 0] [--faults] [--seed 1]\n" +
        "                        [--bot-concurrency 16] [--deadline-s 45] [--corpus DIR] [--engine-thread] [--json]\n",
    );
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, min: number, max: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      process.stderr.write(`load-bot: --${name} must be a whole number from ${min} to ${max}\n`);
      process.exit(2);
    }
    return n;
  };
  const chats = int("chats", values.chats, 1, 100_000);
  return {
    questions: int("questions", values.questions, 1, 1_000_000),
    chats,
    concurrentChats: Math.min(chats, values["concurrent-chats"] === undefined ? chats : int("concurrent-chats", values["concurrent-chats"], 1, 100_000)),
    thinkMs: int("think-ms", values["think-ms"], 0, 60_000),
    faults: values.faults!,
    seed: int("seed", values.seed, 0, 2 ** 31),
    botConcurrency: int("bot-concurrency", values["bot-concurrency"], 1, 1000),
    deadlineS: int("deadline-s", values["deadline-s"], 1, 50),
    corpus: path.resolve(values.corpus ?? path.join(import.meta.dirname, "../../corpus")),
    json: values.json!,
    engineThread: values["engine-thread"]!,
  };
}

/** CPU time consumed so far by the calling (main) thread, in ms; undefined where /proc is missing. */
function threadCpuMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return undefined;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const hardStop = setTimeout(() => {
    process.stderr.write(`load-bot: hard stop after ${HARD_STOP_MS / 1000} s\n`);
    process.exit(3);
  }, HARD_STOP_MS);
  hardStop.unref();

  const { createApp, openEngine } = await import("../src/app.js");
  const { parseConfig } = await import("../src/config/config.js");
  const { createLogger } = await import("../src/log.js");
  const { runBot } = await import("../src/telegram/run.js");

  const indexDir = mkdtempSync(path.join(os.tmpdir(), "citebot-load-"));
  try {
    const t0 = performance.now();
    const appConfig = parseConfig({ corpus: options.corpus, index: indexDir }, {});
    const app = createApp(appConfig, createLogger({ level: "silent" }), () => {});
    const local = await openEngine(app);
    const { answerOnThread } = await import("../src/telegram/engine-thread.js");
    const engine = options.engineThread ? await answerOnThread(local, { config: appConfig }) : local;
    const engineMs = performance.now() - t0;
    const sources = engine.sources();

    const worker = new Worker(new URL(import.meta.url), { workerData: options });
    const messages: DriverMessage[] = [];
    const waiting: ((m: DriverMessage) => void)[] = [];
    worker.on("message", (m: DriverMessage) => (waiting.length ? waiting.shift()!(m) : messages.push(m)));
    worker.on("error", (error) => {
      process.stderr.write(`load-bot: driver failed: ${error.stack ?? error}\n`);
      process.exit(3);
    });
    const next = () => new Promise<DriverMessage>((resolve) => (messages.length ? resolve(messages.shift()!) : waiting.push(resolve)));

    const ready = (await next()) as Extract<DriverMessage, { type: "ready" }>;
    const { telegram: config } = parseConfig({}, {
      TELEGRAM_BOT_TOKEN: ready.token,
      TELEGRAM_API_ROOT: ready.apiRoot,
      // Capacity, not the per-user limiter, is under test (20 per minute would cap chats asking more than 20).
      CITEBOT_RATE_LIMIT: "0",
      CITEBOT_CONCURRENCY: String(options.botConcurrency),
      CITEBOT_SHUTDOWN_TIMEOUT_S: "5",
      CITEBOT_POLL_TIMEOUT_S: "10",
    }, undefined, { bot: true });
    const logged: Record<string, number> = { warn: 0, error: 0 };
    const samples: string[] = [];
    const logger = createLogger({
      level: "warn",
      secrets: [ready.token],
      write: (line) => {
        const { level, msg, t: _t, ...fields } = JSON.parse(line) as { level: string; msg: string; t: string };
        logged[level]!++;
        if (samples.length < 5) samples.push(`${level}: ${msg} ${JSON.stringify(fields)}`);
      },
    });
    const runtime = await runBot(config, { engine, logger, handleSignals: false });

    const cpu0 = { thread: threadCpuMs(), process: process.cpuUsage(), elu: performance.eventLoopUtilization() };
    worker.postMessage("go");
    const done = (await next()) as Extract<DriverMessage, { type: "done" }>;
    const elu = performance.eventLoopUtilization(cpu0.elu);
    const threadMs = threadCpuMs();
    const processCpu = process.cpuUsage(cpu0.process);
    await runtime.stop();
    if ("close" in engine) await engine.close();
    worker.postMessage("report");
    const report = (await next()) as Extract<DriverMessage, { type: "report" }>;
    await worker.terminate();

    const { load } = done;
    const sorted = [...load.latenciesMs].sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    const round2 = (n: number) => Math.round(n * 100) / 100;
    const perQuestion = (ms: number) => round2(ms / (load.asked || 1));
    const result = {
      questions: options.questions,
      chats: options.chats,
      concurrent_chats: options.concurrentChats,
      think_ms: options.thinkMs,
      faults: options.faults,
      seed: options.seed,
      bot_concurrency: options.botConcurrency,
      asked: load.asked,
      answered_exactly_once: report.delivery.once,
      lost: report.delivery.lost + (options.questions - load.asked),
      duplicated: report.delivery.duplicated,
      deadline_hit: load.timedOut,
      latency_ms: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN), mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)) },
      replies: load.kinds,
      wall_s: round(load.wallMs / 1000),
      throughput_qps: round(load.answeredInTime / (load.wallMs / 1000)),
      peak_rss_mb: round(process.resourceUsage().maxRSS / 1024),
      cpu_ms_per_question: {
        bot_thread: perQuestion(threadMs !== undefined && cpu0.thread !== undefined ? threadMs - cpu0.thread : elu.active),
        bot_thread_source: threadMs !== undefined ? "schedstat" : "event-loop active time",
        bot_event_loop_utilization: round2(elu.utilization),
        whole_process: perQuestion((processCpu.user + processCpu.system) / 1000),
      },
      engine: { documents: sources.length, chunks: sources.reduce((n, s) => n + s.chunks, 0), open_s: round(engineMs / 1000) },
      bot_logs: logged,
      bot_log_samples: samples,
      faults_injected: report.faults,
      api_calls: report.botCalls,
    };
    if (options.json) {
      process.stdout.write(JSON.stringify(result) + "\n");
    } else {
      const l = result.latency_ms;
      const lines = [
        `citebot load test: ${result.questions} questions from ${result.chats} chats (${result.concurrent_chats} at once, think time ${result.think_ms} ms), faults ${result.faults ? `on (seed ${result.seed})` : "off"}`,
        `  engine              ${result.engine.documents} document(s), ${result.engine.chunks} chunks, opened in ${result.engine.open_s} s; bot concurrency ${result.bot_concurrency}`,
        `  answered once       ${result.answered_exactly_once} / ${result.questions}`,
        `  lost                ${result.lost}${result.deadline_hit ? "  (deadline hit)" : ""}`,
        `  duplicated          ${result.duplicated}`,
        `  replies             ${result.replies.answer} answers, ${result.replies.not_found} not found, ${result.replies.error} errors, ${result.replies.other} other`,
        `  latency             p50 ${l.p50} ms   p95 ${l.p95} ms   p99 ${l.p99} ms   max ${l.max} ms   (update enqueued → reply received by the fake API)`,
        `  throughput          ${result.throughput_qps} questions/s over ${result.wall_s} s`,
        `  CPU per question    ${result.cpu_ms_per_question.bot_thread} ms on the bot's thread (${result.cpu_ms_per_question.bot_thread_source}; its event loop ${Math.round(result.cpu_ms_per_question.bot_event_loop_utilization * 100)}% busy), ${result.cpu_ms_per_question.whole_process} ms whole process`,
        `  peak RSS            ${result.peak_rss_mb} MB (whole process: bot + engine + fake API + simulated users)`,
        `  bot log             ${logged.warn} warnings, ${logged.error} errors`,
        ...samples.map((line) => `                      ${line.length > 160 ? line.slice(0, 157) + "..." : line}`),
      ];
      if (result.faults_injected) {
        const f = result.faults_injected;
        lines.push(`  faults injected     ${f.rateLimited} × 429, ${f.serverErrors} × 502, ${f.resets} resets, ${f.delayed} slow responses`);
      }
      process.stdout.write(lines.join("\n") + "\n");
    }
    return result.lost === 0 && result.duplicated === 0 && result.answered_exactly_once === options.questions ? 0 : 1;
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}

if (isMainThread) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`load-bot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(3);
    },
  );
} else {
  void driver(workerData as Options);
}
