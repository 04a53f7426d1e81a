import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { IndexError } from "../errors.js";

const LOCK_FILE = ".lock";
/** Removing a stale lock takes milliseconds; a takeover guard older than this was left by a crash. */
const GUARD_STALE_MS = 10_000;

/**
 * An exclusive lock on an index directory for writers. A lock left by a dead
 * process (its pid no longer exists) is taken over; a live one is waited on up to
 * `waitMs`, then refused.
 *
 * The lock is published by hard-linking a fully written file, so it never appears
 * half-written, and stale locks are removed by one contender at a time (under a
 * guard file), so a contender can never remove a lock another has just acquired.
 */
export async function acquireIndexLock(indexDir: string, waitMs = 30000): Promise<() => Promise<void>> {
  const file = path.join(indexDir, LOCK_FILE);
  const token = randomUUID();
  const own = `${file}.${token}.pending`;
  await fs.writeFile(own, JSON.stringify({ pid: process.pid, token, since: new Date().toISOString() }), { flag: "wx" });
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      try {
        await fs.link(own, file);
        return async () => {
          if ((await readLock(file))?.token === token) await fs.rm(file, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const held = await readLock(file);
      if (held === undefined) continue; // released meanwhile
      if (held.pid === undefined || !isAlive(held.pid)) {
        await removeStale(file, held.raw);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new IndexError("INDEX_LOCKED", `index ${indexDir} is being built by process ${held.pid}`, {
          hint: "wait for it to finish, or remove the .lock file if that process is gone",
        });
      }
      // A poll until the deadline rather than a retry: each turn looks at the holder anew (released, dead, or still working).
      await sleep(100);
    }
  } finally {
    await fs.rm(own, { force: true });
  }
}

/** Removes the lock if it still is the stale one judged dead; only the holder of the guard may. */
async function removeStale(file: string, judged: string): Promise<void> {
  const guard = `${file}.takeover`;
  try {
    await fs.writeFile(guard, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const since = await fs.stat(guard).then((s) => s.mtimeMs, () => Date.now());
    if (Date.now() - since > GUARD_STALE_MS) await fs.rm(guard, { force: true });
    else await sleep(5);
    return;
  }
  try {
    // While a stale lock exists no one can acquire, so it cannot change between this read and the removal.
    if ((await readLock(file))?.raw === judged) await fs.rm(file, { force: true });
  } finally {
    await fs.rm(guard, { force: true });
  }
}

interface LockContent {
  raw: string;
  pid?: number;
  token?: string;
}

/** The lock as it is now; undefined when there is none. */
async function readLock(file: string): Promise<LockContent | undefined> {
  let raw: string;
  try {
    raw = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as { pid?: unknown; token?: unknown };
    return {
      raw,
      pid: typeof parsed.pid === "number" ? parsed.pid : undefined,
      token: typeof parsed.token === "string" ? parsed.token : undefined,
    };
  } catch {
    return { raw }; // unreadable: locks are published whole, so this one is damaged and stale
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
