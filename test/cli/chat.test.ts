import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { runMain } from "../../src/cli/main.js";
import { DOCS } from "../helpers/index-fixtures.js";
import { captureIo, workspace } from "../helpers/workspace.js";

async function until(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("citebot chat with a live index", () => {
  it("prints one notice line, in the last question's language and script, when a new index generation is published, and answers from it", async () => {
    const ws = await workspace(DOCS);
    const common = ["--corpus", ws.corpus, "--index", ws.index];
    assert.equal(await runMain(["index", ...common], captureIo(ws.root)), 0);
    const stdin = new PassThrough();
    const io = { ...captureIo(ws.root), stdin };
    // --no-watch: the new generation comes from `citebot index`, as from another terminal.
    const running = runMain(["chat", "--no-watch", ...common], io);
    const answers = () => io.out().split("\n\n").filter((block) => block.trim()).length;

    stdin.write("海王星有多少颗已知的卫星？\n");
    await until(() => answers() >= 1, "the first answer");
    assert.doesNotMatch(io.out(), /neptune\.txt/);

    await fs.writeFile(path.join(ws.corpus, "neptune.txt"), "海王星\n\n海王星是距离太阳最远的行星，它有14颗已知的卫星。");
    assert.equal(await runMain(["index", ...common], captureIo(ws.root)), 0);
    await until(() => io.err().includes("索引已更新"), "the notice");

    stdin.write("海王星有多少颗已知的卫星？\n");
    await until(() => io.out().includes("neptune.txt"), "an answer citing neptune.txt");
    stdin.end();
    assert.equal(await running, 0);
    const notices = io.err().split("\n").filter((line) => line.startsWith("索引已更新"));
    assert.equal(notices.length, 1, io.err());
    assert.match(notices[0]!, /^索引已更新：新增 1 个文件（neptune\.txt），修改 0 个，删除 0 个；现有 3 个文件、\d+ 个片段（版本 g\d+-\S+）$/);
    assert.match(io.out(), /14颗已知的卫星.*\[1\][\s\S]*\[1\] neptune\.txt · 海王星/);
  });

  it("at a terminal, says its start-up line in the locale's language, else in the corpus's dominant script", async () => {
    const ws = await workspace({ ...DOCS, "en.txt": "Planets\n\nJupiter is the largest planet." });
    const common = ["--corpus", ws.corpus, "--index", ws.index];
    const firstLine = async (env: NodeJS.ProcessEnv) => {
      const tty = <T extends object>(stream: T) => Object.assign(stream, { isTTY: true });
      const stdin = tty(new PassThrough());
      const io = { ...captureIo(ws.root, undefined, { CITEBOT_HISTORY_FILE: path.join(ws.root, "history"), ...env }), stdin, stdout: tty(new PassThrough()) };
      let out = "";
      io.stdout.on("data", (d) => (out += d));
      const running = runMain(["chat", "--no-watch", ...common], io);
      await until(() => out.includes("? "), "the prompt");
      stdin.end("/quit\n");
      assert.equal(await running, 0);
      return out.split("\n")[0]!;
    };
    assert.match(await firstLine({ LANG: "C.UTF-8" }), /^citebot — 可以询问 3 个文档的内容；\/help 查看命令。/);
    assert.match(await firstLine({ LC_MESSAGES: "zh_TW.UTF-8", LANG: "en_US.UTF-8" }), /^citebot — 可以詢問 3 個文件的內容；\/help 查看命令。/);
    assert.match(await firstLine({ LANG: "en_US.UTF-8" }), /^citebot — ask about 3 documents; \/help for commands\./);
    const english = await workspace({ "en.txt": "Planets\n\nJupiter is the largest planet.", "moons.txt": "Moons\n\nThe Moon is the only natural satellite of the Earth." });
    common.splice(0, common.length, "--corpus", english.corpus, "--index", english.index);
    assert.match(await firstLine({}), /^citebot — ask about 2 documents; \/help for commands\./);
  });

  it("answers a greeting with what to ask, in its language, never with a quote, and goes on to the question", async () => {
    const ws = await workspace({ "en.txt": "Planets\n\nJupiter is the largest planet." });
    const io = captureIo(ws.root, "hello\n你好\nWhat is the largest planet?\n", { LANG: "en_US.UTF-8" });
    assert.equal(await runMain(["chat", "--no-watch", "--corpus", ws.corpus, "--index", ws.index], io), 0, io.err());
    const [hello, nihao, answer] = io.out().split("\n\n").filter((block) => block.trim());
    assert.match(hello!, /^Hello! I answer questions about the indexed documents/);
    assert.match(nihao!, /^你好！我根据已索引的文档回答问题/);
    assert.doesNotMatch(`${hello}${nihao}`, /\[1\]|Jupiter/);
    assert.match(answer!, /Jupiter is the largest planet\.\[1\]/);
  });

  it("says a line of punctuation only is an empty question, in its punctuation's language, and goes on", async () => {
    const ws = await workspace({ "en.txt": "Planets\n\nJupiter is the largest planet." });
    const io = captureIo(ws.root, "？\n?\n", { LANG: "en_US.UTF-8" });
    assert.equal(await runMain(["chat", "--no-watch", "--corpus", ws.corpus, "--index", ws.index], io), 0, io.err());
    assert.deepEqual(io.out().trim().split("\n"), ["（问题是空的）", "(the question is empty)"]);
  });

  it("refuses --watch together with --no-watch", async () => {
    const ws = await workspace(DOCS);
    const io = captureIo(ws.root, "");
    assert.equal(await runMain(["chat", "--watch", "--no-watch", "--corpus", ws.corpus, "--index", ws.index], io), 2);
    assert.match(io.err(), /--no-watch cannot be given with --watch/);
  });
});
