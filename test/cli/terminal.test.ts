import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { captureIo, tempDir } from "../helpers/workspace.js";

/** What a terminal would act on (or what reorders text) other than a line break: never in human output. */
const LIVE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

const EVIL_NAME = "evil\x1b]0;pwned\x07\nname.txt";
const EVIL_TEXT =
  "Annual \x1b[31mreport\u202e\n\n" +
  "The school opened 12 new laboratories in 2023.\x1b]0;pwned\x07\x1b[2J The \u202elaboratories\u202c cost 3 million yuan.\r\nStudents use them daily.\n\n" +
  "The school also renovated its sports hall, its canteen and two libraries, and planted trees along the main road. ".repeat(3) + "\n";
const BINARY_NAME = "bin\x1b[2J\nary.txt";

describe("human output with control characters in documents and file names", () => {
  // Made here, not in before(): a temporary directory lives until the end of the file.
  const root = tempDir();
  const common = ["--corpus", path.join(root, "corpus"), "--index", path.join(root, "embeddings")];
  let firstRun: { code: number; out: string; err: string };
  before(async () => {
    await fs.mkdir(path.join(root, "corpus"));
    const files = { [EVIL_NAME]: EVIL_TEXT, "plain.txt": "Library\n\nThe library holds 40000 books.\n", [BINARY_NAME]: new Uint8Array([0, 1, 2, 0, 0, 255]) };
    for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(root, "corpus", name), content);
    const io = captureIo(root);
    const code = await runMain(["ask", "How many new laboratories did the school open?", ...common], io);
    firstRun = { code, out: io.out(), err: io.err() };
  });

  it("ask shows escape sequences, CR and bidi controls as inert visible text", () => {
    assert.equal(firstRun.code, 0);
    assert.doesNotMatch(firstRun.out, LIVE);
    assert.match(firstRun.out, /in 2023\.␛\]0;pwned␇␛\[2J The \ufffdlaboratories\ufffd cost/);
    // The file name's newline is shown, so the citation header stays one line.
    assert.match(firstRun.out, /^\[1\] evil␛\]0;pwned␇␊name\.txt · Annual ␛\[31mreport\ufffd · paragraph 2, line 3 /m);
  });

  it("warnings and notices on stderr quote hostile file names on one inert line each", () => {
    assert.doesNotMatch(firstRun.err, LIVE);
    const lines = firstRun.err.trimEnd().split("\n");
    assert.ok(lines.includes("warn: skipped corpus file source=bin␛[2J␊ary.txt reason=binary or undecodable (not UTF-8, UTF-16, GB18030 or Big5)"), firstRun.err);
    assert.ok(lines.every((l) => /^(warn: |No index |Indexed )/.test(l)), firstRun.err);
  });

  it("ask --json keeps the exact text and file name", async () => {
    const io = captureIo(root);
    assert.equal(await runMain(["ask", "How many new laboratories did the school open?", "--json", ...common], io), 0, io.err());
    const c = JSON.parse(io.out()).citations[0];
    assert.equal(c.source, EVIL_NAME);
    assert.equal(c.text, EVIL_TEXT.slice(c.start, c.end));
    assert.match(c.text, /\x1b\]0;pwned\x07\x1b\[2J The \u202elaboratories\u202c/);
  });

  it("stats lists every file on its own line, names shown inert; --json keeps them exact", async () => {
    const text = captureIo(root);
    assert.equal(await runMain(["stats", ...common], text), 0);
    assert.doesNotMatch(text.out(), LIVE);
    const lines = text.out().split("\n");
    assert.ok(lines.includes("  evil␛]0;pwned␇␊name.txt · Annual ␛[31mreport\ufffd · 2 chunks, " + EVIL_TEXT.length + " chars, utf-8"), text.out());
    assert.ok(lines.includes("  skipped bin␛[2J␊ary.txt: binary or undecodable (not UTF-8, UTF-16, GB18030 or Big5)"), text.out());
    const json = captureIo(root);
    assert.equal(await runMain(["stats", "--json", ...common], json), 0);
    const stats = JSON.parse(json.out());
    assert.deepEqual(stats.files.map((f: { source: string }) => f.source).sort(), [EVIL_NAME, "plain.txt"].sort());
    assert.equal(stats.skipped[0].source, BINARY_NAME);
  });

  it("chat lists sources and answers with names and text shown inert", async () => {
    const io = captureIo(root, "/sources\nHow many new laboratories did the school open?\n");
    assert.equal(await runMain(["chat", ...common], io), 0);
    assert.doesNotMatch(io.out(), LIVE);
    assert.match(io.out(), /^evil␛\]0;pwned␇␊name\.txt · Annual ␛\[31mreport\ufffd · 2 chunks/m);
    assert.match(io.out(), /␛\]0;pwned␇␛\[2J/);
  });

  it("an error quoting a hostile path is one inert line", async () => {
    const io = captureIo(root);
    assert.equal(await runMain(["ask", "q", "--corpus", "/nonexistent/\x1b]0;x\x07\ncorpus", "--index", tempDir()], io), 1);
    assert.match(io.err(), /^citebot: corpus directory not found: \/nonexistent\/␛\]0;x␇␊corpus.*\[CORPUS_MISSING\]\n$/);
    assert.doesNotMatch(io.err().slice(0, -1), LIVE);
  });
});
