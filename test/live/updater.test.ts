import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IndexError } from "../../src/errors.js";
import { CorpusUpdater } from "../../src/live/updater.js";
import { createMemoryLogger } from "../../src/log.js";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("CorpusUpdater", () => {
  it("runs one update at a time; requests during one make exactly one more, then it reloads", async () => {
    let running = 0;
    let most = 0;
    let updates = 0;
    let reloads = 0;
    const gate = deferred();
    const updater = new CorpusUpdater({
      update: async () => {
        updates++;
        most = Math.max(most, ++running);
        if (updates === 1) await gate.promise;
        running--;
        return { added: ["a.txt"], changed: [], removed: [] };
      },
      reload: async () => void reloads++,
      logger: createMemoryLogger(),
    });
    updater.request();
    for (let i = 0; i < 5; i++) updater.request();
    gate.resolve();
    await updater.idle();
    assert.equal(updates, 2);
    assert.equal(most, 1);
    assert.equal(reloads, 2);
  });

  it("does not reload when the update found nothing to do", async () => {
    let reloads = 0;
    const reports = [undefined, { added: [], changed: [], removed: [] }];
    const updater = new CorpusUpdater({ update: async () => reports.shift(), reload: async () => void reloads++, logger: createMemoryLogger() });
    updater.request();
    await updater.idle();
    updater.request();
    await updater.idle();
    assert.equal(reports.length, 0);
    assert.equal(reloads, 0);
  });

  it("logs a failed update with its code and hint, and runs the next request", async () => {
    const logger = createMemoryLogger();
    let updates = 0;
    const updater = new CorpusUpdater({
      update: async () => {
        if (++updates === 1) throw new IndexError("INDEX_DISK_FULL", "no space left on device while writing the index in /x", { hint: "free some disk space" });
        return { added: [], changed: ["a.txt"], removed: [] };
      },
      reload: async () => undefined,
      logger,
    });
    updater.request();
    await updater.idle();
    updater.request();
    await updater.idle();
    assert.equal(updates, 2);
    assert.match(logger.lines.find((l) => l.includes('"level":"warn"')) ?? "", /indexing the corpus change failed.*no space left.*"code":"INDEX_DISK_FULL".*"hint":"free some disk space"/);
    assert.match(logger.lines.at(-1)!, /corpus change indexed.*"changed":1/);
  });

  it("takes no requests once closed", async () => {
    let updates = 0;
    const updater = new CorpusUpdater({ update: async () => void updates++, reload: async () => undefined, logger: createMemoryLogger() });
    await updater.close();
    updater.request();
    await updater.idle();
    assert.equal(updates, 0);
  });
});
