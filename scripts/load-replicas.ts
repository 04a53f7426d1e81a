/**
 * Load test of several bot replicas behind haproxy with shared state in Redis (issue 17), loopback only.
 *
 *   scripts/load-replicas [--questions 2000] [--chats 300] [--pipeline 2] [--throughput 1,2,3]
 *                         [--kill-replicas 3] [--seed 1] [--run-s 120] [--json]
 *
 * Real processes: `node dist/src/cli/main.js bot` in webhook mode (one per replica, over one
 * index built beforehand in a temp dir, as a shared volume would hold it), redis-server and
 * haproxy (round robin, /healthz checks) started by scripts/services/. The fake Bot API
 * (test/helpers/fake-telegram.ts) runs here and posts updates at the load balancer like
 * Telegram: one chat's next update only after the previous one was acknowledged, and a
 * failed delivery (no answer, 5xx) is retried after 1 s. Each chat keeps up to `--pipeline`
 * questions unanswered at once, so two updates of one chat are often in flight on two
 * replicas. Questions are the seeded mix of scripts/load-bot.ts.
 *
 * Runs: one per replica count in `--throughput` (no faults), then the kill run with
 * `--kill-replicas`: halfway through, one replica is killed with SIGKILL and started again
 * 1 s later. Reported per run: answered exactly once, lost, duplicated, per-chat order
 * violations (a reply to an earlier question sent after a reply to a later one), latency
 * from the first delivery attempt to the reply (p50/p95), throughput, and what the replicas
 * logged about takeovers. Each run stops by itself (`--run-s`). Exit code 0 when every
 * question of every run was answered exactly once and in order, else 1.
 */
import { spawn, type ChildProcess, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { Update } from "grammy/types";
import { FakeTelegram } from "../test/helpers/fake-telegram.js";
import { plan } from "./load-plan.js";

interface Options {
  questions: number;
  chats: number;
  pipeline: number;
  throughput: number[];
  killReplicas: number;
  seed: number;
  runS: number;
  json: boolean;
}

interface RunResult {
  replicas: number;
  killed: boolean;
  questions: number;
  answered_exactly_once: number;
  lost: number;
  duplicated: number;
  order_violations: number;
  redeliveries: number;
  latency_ms: { p50: number; p95: number; max: number };
  throughput_qps: number;
  wall_s: number;
  replica_logs: Record<string, number>;
}

const ROOT = path.join(import.meta.dirname, "../..");
const SERVICES = path.join(ROOT, "scripts/services");
const MAIN = path.join(ROOT, "dist/src/cli/main.js");
const SECRET = "load_replicas_secret";
const PATH = "/telegram/hook";
/** Replica log messages worth counting (docs/scaling.md explains each). */
const NOTABLE = [
  "update taken over from a stopped replica after its answer was sent; not answered again",
  "conversation lease lost while answering: another replica took it over",
  "conversation paused: the state store failed",
  "Redis unreachable: webhook updates get 503 until it is back",
];

const sh = (script: string, args: string[]) => execFileSync(path.join(SERVICES, script), args, { encoding: "utf8" }).trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

class Replica {
  child: ChildProcess | undefined;
  logs: Record<string, number> = {};

  constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(): void {
    const child = spawn(process.execPath, [MAIN, "bot"], { env: { ...this.env, CITEBOT_WEBHOOK_PORT: String(this.port) }, stdio: ["ignore", "ignore", "pipe"] });
    let rest = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        const msg = /"msg":"([^"]*)"/.exec(line)?.[1];
        if (msg && NOTABLE.includes(msg)) this.logs[msg] = (this.logs[msg] ?? 0) + 1;
      }
    });
    this.child = child;
  }

  async healthy(deadline: number): Promise<void> {
    while (performance.now() < deadline) {
      const ok = await fetch(`http://127.0.0.1:${this.port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`replica on port ${this.port} did not become healthy`);
  }

  kill(): void {
    this.child?.kill("SIGKILL");
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(5000).then(() => child.kill("SIGKILL"))]);
  }
}

async function runOnce(options: Options, replicaCount: number, kill: boolean, env: NodeJS.ProcessEnv, redisUrl: string, workDir: string): Promise<RunResult> {
  execFileSync("redis-cli", ["-u", redisUrl, "flushall"]);
  const fake = await FakeTelegram.start();
  const ports = Array.from({ length: replicaCount }, () => Number(sh("free-port.sh", [])));
  const lbDir = path.join(workDir, `lb-${replicaCount}-${kill ? "kill" : "plain"}`);
  const lbPort = Number(sh("free-port.sh", []));
  const lb = sh("start-haproxy.sh", [lbDir, String(lbPort), ...ports.map(String)]);
  const replicaEnv = {
    ...env,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    CITEBOT_WEBHOOK_URL: `${lb}${PATH}`,
    CITEBOT_WEBHOOK_SECRET: SECRET,
    CITEBOT_WEBHOOK_HOST: "127.0.0.1",
    CITEBOT_REDIS_URL: redisUrl,
  };
  const replicas = ports.map((port) => new Replica(port, replicaEnv));
  try {
    replicas.forEach((r) => r.start());
    const startDeadline = performance.now() + 60_000;
    await Promise.all(replicas.map((r) => r.healthy(startDeadline)));
    while (!(await fetch(`${lb}/healthz`).then((r) => r.status === 200, () => false))) await sleep(100);

    const replies = new Map<string, number[]>();
    const replyOrder = new Map<number, number[]>();
    const waiters = new Map<string, () => void>();
    fake.onCall((call) => {
      if (call.method !== "sendMessage" || !call.ok || !call.payload.reply_parameters) return;
      const chat = Number(call.payload.chat_id);
      const id = call.payload.reply_parameters.message_id as number;
      const key = `${chat}:${id}`;
      replies.set(key, [...(replies.get(key) ?? []), performance.now()]);
      replyOrder.set(chat, [...(replyOrder.get(chat) ?? []), id]);
      waiters.get(key)?.();
      waiters.delete(key);
    });

    const chats = plan({ questions: options.questions, chats: options.chats, seed: options.seed }).map((questions) => ({ user: fake.user({ languageCode: "zh" }), questions }));
    const asked: Update[] = [];
    const firstTry = new Map<string, number>();
    const deadline = performance.now() + options.runS * 1000;
    let redeliveries = 0;
    let killedAt = -1;
    const started = performance.now();

    /** Delivers like Telegram: retried after 1 s until acknowledged (or the run's deadline). */
    const deliver = async (update: Update) => {
      for (;;) {
        const status = await fake.deliverWebhook(update).catch(() => 0);
        if (status === 200 || performance.now() > deadline) return;
        redeliveries++;
        await sleep(1000);
      }
    };
    const chatLoop = async (chat: (typeof chats)[number]) => {
      const pending: Promise<void>[] = [];
      for (const text of chat.questions) {
        if (performance.now() > deadline) return;
        if (pending.length >= options.pipeline) await pending.shift();
        const update = fake.privateText(text, { user: chat.user });
        const key = `${update.message!.chat.id}:${update.message!.message_id}`;
        asked.push(update);
        const answered = new Promise<void>((resolve) => {
          waiters.set(key, resolve);
          setTimeout(resolve, Math.max(0, deadline - performance.now())).unref();
        });
        firstTry.set(key, performance.now());
        await deliver(update);
        pending.push(answered);
        if (kill && killedAt < 0 && asked.length >= options.questions / 2) {
          killedAt = asked.length;
          const victim = replicas[replicas.length - 1]!;
          victim.kill();
          setTimeout(() => victim.start(), 1000);
        }
      }
      await Promise.all(pending);
    };
    await Promise.all(chats.map(chatLoop));
    // Late replies (a takeover after a lease expiry) and late duplicates still count.
    await sleep(3000);

    let once = 0;
    let lost = 0;
    let duplicated = 0;
    const latencies: number[] = [];
    for (const u of asked) {
      const key = `${u.message!.chat.id}:${u.message!.message_id}`;
      const times = replies.get(key) ?? [];
      if (times.length === 0) lost++;
      else if (times.length === 1) once++;
      else duplicated++;
      if (times.length > 0) latencies.push(times[0]! - firstTry.get(key)!);
    }
    let violations = 0;
    for (const ids of replyOrder.values()) for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[i - 1]!) violations++;
    const sorted = latencies.sort((a, b) => a - b);
    // Until the last first reply: a lost question would otherwise stretch the run to its deadline.
    const lastReply = Math.max(started, ...[...replies.values()].map((t) => t[0]!));
    const wallMs = lastReply - started;
    const logs: Record<string, number> = {};
    for (const r of replicas) for (const [k, n] of Object.entries(r.logs)) logs[k] = (logs[k] ?? 0) + n;
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      replicas: replicaCount,
      killed: kill,
      questions: options.questions,
      answered_exactly_once: once,
      lost: lost + (options.questions - asked.length),
      duplicated,
      order_violations: violations,
      redeliveries,
      latency_ms: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? NaN) },
      throughput_qps: round((once + duplicated) / (wallMs / 1000)),
      wall_s: round(wallMs / 1000),
      replica_logs: logs,
    };
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    sh("stop.sh", [lbDir]);
    await fake.close();
  }
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      questions: { type: "string", default: "2000" },
      chats: { type: "string", default: "300" },
      pipeline: { type: "string", default: "2" },
      throughput: { type: "string", default: "1,2,3" },
      "kill-replicas": { type: "string", default: "3" },
      seed: { type: "string", default: "1" },
      "run-s": { type: "string", default: "120" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write("usage: scripts/load-replicas [--questions 2000] [--chats 300] [--pipeline 2] [--throughput 1,2,3] [--kill-replicas 3] [--seed 1] [--run-s 120] [--json]\n");
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, min: number, max: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      process.stderr.write(`load-replicas: --${name} must be a whole number from ${min} to ${max}\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    questions: int("questions", values.questions, 1, 100_000),
    chats: int("chats", values.chats, 1, 10_000),
    pipeline: int("pipeline", values.pipeline, 1, 10),
    throughput: values.throughput!.split(",").filter(Boolean).map((n) => int("throughput", n, 1, 8)),
    killReplicas: int("kill-replicas", values["kill-replicas"], 0, 8),
    seed: int("seed", values.seed, 0, 2 ** 31),
    runS: int("run-s", values["run-s"], 10, 600),
    json: values.json!,
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const workDir = mkdtempSync(path.join(os.tmpdir(), "citebot-replicas-"));
  const servicesDir = path.join(workDir, "services");
  try {
    const indexDir = path.join(workDir, "index");
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CITEBOT_CORPUS: path.join(ROOT, "corpus"),
      CITEBOT_INDEX: indexDir,
      // Capacity and correctness are under test, not the per-user limits.
      CITEBOT_RATE_LIMIT: "0",
      CITEBOT_MAX_JOBS_PER_USER: "0",
      CITEBOT_LOG_LEVEL: "warn",
      CITEBOT_SHUTDOWN_TIMEOUT_S: "5",
    };
    // One index, built once, on the "shared volume" every replica opens.
    execFileSync(process.execPath, [MAIN, "index"], { env, stdio: ["ignore", "ignore", "inherit"] });
    const redisUrl = sh("start-redis.sh", [servicesDir]);
    const runs: RunResult[] = [];
    for (const n of options.throughput) runs.push(await runOnce(options, n, false, env, redisUrl, workDir));
    if (options.killReplicas > 0) runs.push(await runOnce(options, options.killReplicas, true, env, redisUrl, workDir));
    const machine = { cores: os.cpus().length, load_avg_1m: Math.round(os.loadavg()[0]! * 100) / 100 };
    if (options.json) process.stdout.write(JSON.stringify({ options, machine, runs }) + "\n");
    else {
      const lines = [`citebot replicas: ${options.questions} questions from ${options.chats} chats (up to ${options.pipeline} unanswered per chat), ${machine.cores} cores, load ${machine.load_avg_1m}`];
      for (const r of runs) {
        lines.push(
          `  ${r.replicas} replica(s)${r.killed ? " + kill -9 of one, restarted" : ""}: once ${r.answered_exactly_once}/${r.questions}, lost ${r.lost}, duplicated ${r.duplicated}, order violations ${r.order_violations}, ` +
            `p50 ${r.latency_ms.p50} ms, p95 ${r.latency_ms.p95} ms, ${r.throughput_qps} q/s over ${r.wall_s} s, ${r.redeliveries} redeliveries`,
        );
        for (const [msg, n] of Object.entries(r.replica_logs)) lines.push(`      ${n} × ${msg}`);
      }
      process.stdout.write(lines.join("\n") + "\n");
    }
    return runs.every((r) => r.answered_exactly_once === r.questions && r.order_violations === 0) ? 0 : 1;
  } finally {
    sh("stop.sh", [servicesDir]);
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`load-replicas: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(3);
  },
);
