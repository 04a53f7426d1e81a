/**
 * Real Redis and haproxy for integration tests, started by the project's own scripts
 * (scripts/services/). `.ci/run` starts one Redis and exports CITEBOT_TEST_REDIS_URL;
 * tests that must stop Redis start a private one with `startRedis`.
 *
 * Without CITEBOT_TEST_REDIS_URL such tests skip with the reason printed, except in CI
 * (`CI` set), where they fail: CI must never pass by skipping them.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestContext } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const SCRIPTS = path.join(import.meta.dirname, "../../../scripts/services");

/** Why Redis tests cannot run here, or undefined when they can. Throws in CI, where skipping is not allowed. */
export function redisUnavailable(): string | undefined {
  if (process.env.CITEBOT_TEST_REDIS_URL) return undefined;
  const why = "CITEBOT_TEST_REDIS_URL is unset (.ci/run starts Redis and sets it; or run scripts/services/start-redis.sh DIR and export its URL)";
  if (process.env.CI) throw new Error(`${why}: in CI the Redis tests must run`);
  return why;
}

/** The shared test Redis, or undefined after skipping `t` with the reason printed. */
export function testRedisUrl(t: TestContext): string | undefined {
  const why = redisUnavailable();
  if (why) {
    process.stdout.write(`# skipped: ${why}\n`);
    t.skip(why);
    return undefined;
  }
  return process.env.CITEBOT_TEST_REDIS_URL!;
}

/** A key prefix no other test uses, so tests share one Redis without seeing each other's keys. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
}

export interface Service {
  url: string;
  stop(): Promise<void>;
}

/** A private redis-server (loopback, no persistence): for tests that stop and restart it. `port` reuses a port (a restart). */
export async function startRedis(options: { port?: number; dir?: string } = {}): Promise<Service & { port: number; dir: string }> {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), "citebot-redis-"));
  const { stdout } = await run(path.join(SCRIPTS, "start-redis.sh"), [dir, ...(options.port ? [String(options.port)] : [])]);
  const url = stdout.trim();
  return { url, port: Number(new URL(url).port), dir, stop: () => stopServices(dir) };
}

/** haproxy on a free loopback port, round robin over the webhook servers on `backendPorts`, checking /healthz. */
export async function startHaproxy(backendPorts: readonly number[]): Promise<Service> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "citebot-haproxy-"));
  const port = (await run(path.join(SCRIPTS, "free-port.sh"), [])).stdout.trim();
  const { stdout } = await run(path.join(SCRIPTS, "start-haproxy.sh"), [dir, port, ...backendPorts.map(String)]);
  return { url: stdout.trim(), stop: () => stopServices(dir) };
}

async function stopServices(dir: string): Promise<void> {
  await run(path.join(SCRIPTS, "stop.sh"), [dir]);
}
