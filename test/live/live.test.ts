import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { buildAppIndex } from "../../src/app.js";
import { openLive, switchNotice } from "../../src/live/live.js";
import type { SwitchEvent } from "../../src/live/live-engine.js";
import { DOCS } from "../helpers/index-fixtures.js";
import { testApp, workspace } from "../helpers/workspace.js";

const CLI = path.resolve(import.meta.dirname, "../../src/cli/main.js");
const NEPTUNE = "海王星\n\n海王星是距离太阳最远的行星，它有14颗已知的卫星。";
const QUESTION = "海王星有多少颗已知的卫星？";

async function until(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function indexed() {
  const ws = await workspace(DOCS);
  await buildAppIndex(testApp(ws.corpus, ws.index));
  return ws;
}

describe("the live index (real index, real file system)", () => {
  it("answers from a generation another process publishes (citebot index in another terminal), without a restart", async () => {
    const ws = await indexed();
    const app = testApp(ws.corpus, ws.index);
    const live = await openLive(app, { watchCorpus: false });
    const switches: SwitchEvent[] = [];
    live.engine.onSwitch((event) => switches.push(event));
    try {
      assert.equal((await live.engine.ask(QUESTION)).found, false);
      await fs.writeFile(path.join(ws.corpus, "neptune.txt"), NEPTUNE);
      const child = spawn(process.execPath, [CLI, "index", "--corpus", ws.corpus, "--index", ws.index], { stdio: "ignore" });
      const [code] = await once(child, "exit");
      assert.equal(code, 0);
      await until(() => switches.length > 0, "the switch");
      const answer = await live.engine.ask(QUESTION);
      assert.equal(answer.citations[0]?.source, "neptune.txt");
      assert.deepEqual(switches[0]!.added, ["neptune.txt"]);
      assert.match(switchNotice(switches[0]!), /^Index updated: \+1 file \(neptune\.txt\), 0 changed, 0 removed; now 3 files, \d+ chunks \(generation g\d+-\S+\)$/);
      assert.match(app.logs.find((l) => l.includes("index generation switched")) ?? "", /"generation":"g\d+-.*"files":3,"chunks":\d+,"added":1,"changed":0,"removed":0,"skipped":0,"in_flight":0,"ms":\d+/);
    } finally {
      await live.close();
    }
  });

  it("says one chunk as 1 chunk in the switch notice", () => {
    const event: SwitchEvent = { added: [], changed: [], removed: ["metro.txt"], skipped: [], build: "g3-x", previousBuild: "g2-x", files: 1, chunks: 1, ms: 5 };
    assert.equal(switchNotice(event), "Index updated: +0 files, 0 changed, 1 removed (metro.txt); now 1 file, 1 chunk (generation g3-x)");
  });

  it("says a broken file dropped into the corpus folder was not indexed, not an update of +0 files, and keeps answering", async () => {
    const ws = await indexed();
    const live = await openLive(testApp(ws.corpus, ws.index), { watchCorpus: true, corpusWatch: { debounceMs: 100 } });
    const switches: SwitchEvent[] = [];
    live.engine.onSwitch((event) => switches.push(event));
    try {
      const before = live.engine.sources().length;
      await fs.writeFile(path.join(ws.corpus, "broken.pdf"), "not a pdf at all");
      await until(() => switches.length > 0, "the switch");
      assert.deepEqual(switches[0]!.skipped, ["broken.pdf"]);
      assert.match(switchNotice(switches[0]!), /^Not indexed: broken\.pdf \(see the warning above\); still 2 files, \d+ chunks \(generation g\d+-\S+\)$/);
      assert.equal(live.engine.sources().length, before);
    } finally {
      await live.close();
    }
  });

  it("indexes a file dropped into the corpus folder and answers from it, with nothing else to run", async () => {
    const ws = await indexed();
    const live = await openLive(testApp(ws.corpus, ws.index), { watchCorpus: true, corpusWatch: { debounceMs: 100 } });
    try {
      await fs.writeFile(path.join(ws.corpus, "neptune.txt"), NEPTUNE);
      await until(() => live.engine.sources().some((s) => s.source === "neptune.txt"), "neptune.txt in the index");
      assert.equal((await live.engine.ask(QUESTION)).citations[0]?.source, "neptune.txt");
      await fs.rm(path.join(ws.corpus, "neptune.txt"));
      await until(() => !live.engine.sources().some((s) => s.source === "neptune.txt"), "neptune.txt gone");
      assert.equal((await live.engine.ask(QUESTION)).found, false);
    } finally {
      await live.close();
    }
  });

  it("keeps answering from the previous generation when indexing a change fails, and says why", async () => {
    const ws = await indexed();
    const app = testApp(ws.corpus, ws.index);
    const live = await openLive(app, { watchCorpus: true, corpusWatch: { debounceMs: 100 } });
    try {
      const build = live.engine.generation.build;
      // An emptied corpus is refused by the build (CORPUS_EMPTY), as `citebot index` refuses it.
      for (const name of Object.keys(DOCS)) await fs.rm(path.join(ws.corpus, name));
      await until(() => app.logs.some((l) => l.includes("indexing the corpus change failed")), "the warning");
      assert.match(app.logs.find((l) => l.includes("indexing the corpus change failed"))!, /"code":"CORPUS_EMPTY"/);
      assert.equal(live.engine.generation.build, build);
      assert.equal((await live.engine.ask("木星是什么行星？")).citations[0]?.source, "b.md");
    } finally {
      await live.close();
    }
  });
});
