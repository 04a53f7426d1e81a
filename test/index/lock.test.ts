import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { AppError } from "../../src/errors.js";
import { acquireIndexLock } from "../../src/index/lock.js";
import { tempDir } from "../helpers/workspace.js";

const DEAD_PID = 999999;

/** Many contenders acquire, hold briefly and release; records the most that held the lock at once. */
async function contend(dir: string, contenders: number): Promise<number> {
  let holding = 0;
  let most = 0;
  await Promise.all(Array.from({ length: contenders }, async (_, i) => {
    await new Promise((r) => setTimeout(r, i % 3)); // staggered, so reads and removals interleave
    const release = await acquireIndexLock(dir, 20000);
    holding++;
    most = Math.max(most, holding);
    await new Promise((r) => setTimeout(r, 2));
    holding--;
    await release();
  }));
  return most;
}

describe("acquireIndexLock", () => {
  it("lets exactly one contender at a time take over a stale lock", async () => {
    for (let round = 0; round < 10; round++) {
      const dir = tempDir();
      await fs.writeFile(path.join(dir, ".lock"), JSON.stringify({ pid: DEAD_PID }));
      assert.equal(await contend(dir, 8), 1);
      assert.deepEqual((await fs.readdir(dir)).sort(), [], "no lock or stale leftovers remain");
    }
  });

  it("waits for a live holder, then refuses at the deadline", async () => {
    const dir = tempDir();
    const release = await acquireIndexLock(dir);
    await assert.rejects(acquireIndexLock(dir, 300), (e: unknown) => e instanceof AppError && e.code === "INDEX_LOCKED" && /being built/.test(e.message));
    await release();
    assert.deepEqual(await fs.readdir(dir), [], "the refused contender leaves nothing behind");
  });

  it("takes over a damaged lock", async () => {
    const dir = tempDir();
    await fs.writeFile(path.join(dir, ".lock"), "{ half");
    const release = await acquireIndexLock(dir, 300);
    await release();
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it("never removes a lock that another writer holds", async () => {
    const dir = tempDir();
    const release = await acquireIndexLock(dir);
    await fs.rm(path.join(dir, ".lock"));
    const other = await acquireIndexLock(dir);
    await release();
    assert.deepEqual(await fs.readdir(dir), [".lock"], "the other writer's lock stands");
    await other();
    assert.deepEqual(await fs.readdir(dir), []);
  });
});
