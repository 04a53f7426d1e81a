import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { captureIo, tempDir, workspace } from "../helpers/workspace.js";

describe("citebot with symlinks leading out of the corpus", () => {
  it("never answers from, lists or counts what lies outside, and names each skipped link", async () => {
    const ws = await workspace({ "a.txt": "太阳系有八大行星。木星是最大的行星。" });
    const outside = tempDir();
    await fs.writeFile(path.join(outside, "secret.txt"), "服务器的登录密码是 hunter2，请勿外传。");
    await fs.symlink(path.join(outside, "secret.txt"), path.join(ws.corpus, "passwd.txt"));
    await fs.symlink(outside, path.join(ws.corpus, "hostetc"));
    const common = ["--corpus", ws.corpus, "--index", ws.index];

    const ask = captureIo(ws.root);
    assert.equal(await runMain(["ask", "服务器的登录密码是什么？", "--json", ...common], ask), 0);
    assert.doesNotMatch(ask.out(), /hunter2/);
    assert.deepEqual(JSON.parse(ask.out()).citations.map((c: { source: string }) => c.source).filter((s: string) => s !== "a.txt"), []);
    for (const name of ["passwd.txt", "hostetc"]) assert.match(ask.err(), new RegExp(`${name}.*outside the corpus`));

    const stats = captureIo(ws.root);
    assert.equal(await runMain(["stats", "--json", ...common], stats), 0);
    const parsed = JSON.parse(stats.out());
    assert.deepEqual(parsed.files.map((f: { source: string }) => f.source), ["a.txt"]);
    assert.deepEqual(parsed.skipped, [
      { source: "hostetc", reason: "symlink leads outside the corpus" },
      { source: "passwd.txt", reason: "symlink leads outside the corpus" },
    ]);
    assert.doesNotMatch(stats.out(), /hunter2|secret\.txt/);

    const chat = captureIo(ws.root, "/sources\n");
    assert.equal(await runMain(["chat", ...common], chat), 0);
    assert.match(chat.out(), /a\.txt/);
    assert.doesNotMatch(chat.out(), /passwd|hostetc|secret/);
  });
});
