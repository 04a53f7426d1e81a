import { promises as fs } from "node:fs";
import path from "node:path";
import { IndexError } from "../errors.js";

const LOCK_FILE = ".lock";

/**
 * An exclusive lock on an index directory for writers. A lock left by a dead
 * process (its pid no longer exists) is taken over; a live one is waited on up to
 * `waitMs`, then refused.
 */
export async function acquireIndexLock(indexDir: string, waitMs = 30000): Promise<() => Promise<void>> {
  const file = path.join(indexDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await fs.writeFile(file, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { flag: "wx" });
      return async () => {
        await fs.rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await readHolder(file);
    if (holder === undefined || !isAlive(holder)) {
      await fs.rm(file, { force: true }); // stale: its owner died mid-build
      continue;
    }
    if (Date.now() >= deadline) {
      throw new IndexError("INDEX_LOCKED", `index ${indexDir} is being built by process ${holder}`, {
        hint: "wait for it to finish, or remove the .lock file if that process is gone",
      });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function readHolder(file: string): Promise<number | undefined> {
  try {
    const pid = (JSON.parse(await fs.readFile(file, "utf8")) as { pid?: unknown }).pid;
    return typeof pid === "number" ? pid : undefined;
  } catch {
    return undefined;
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
