import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { runMain } from "../../src/cli/main.js";
import { decodeBytes } from "../../src/ingest/decode.js";
import { captureIo, workspace } from "../helpers/workspace.js";

const FORMATS = path.resolve(import.meta.dirname, "../../../test/fixtures/formats");
const fixture = (name: string) => readFileSync(path.join(FORMATS, name));
const MAIN = path.resolve(import.meta.dirname, "../../src/cli/main.js");
const GBK_TEXT = "北京市教育委员会发布通知。\n\n全市共有高校九十二所，其中部属高校三十八所。";
const BOM_BYTES = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("标题\r\n\r\n带字节顺序标记的文件，第二行。\r\n", "utf8")]);

describe("citebot text and page/section citations", async () => {
  const ws = await workspace({
    "zh-report.pdf": fixture("zh-report.pdf"),
    "report.docx": fixture("report.docx"),
    "page.html": fixture("page.html"),
    "encrypted.pdf": fixture("encrypted.pdf"),
    "scan.pdf": fixture("scan.pdf"),
    "notes.md": "# 动物\n\n这是关于动物的笔记。\n\n## 海洋动物\n\n蓝鲸是世界上最大的动物，体长可达三十米。\n",
    "bom.txt": BOM_BYTES,
    "gbk.txt": iconv.encode(GBK_TEXT, "gbk"),
  });
  const common = ["--corpus", ws.corpus, "--index", ws.index];
  const run = async (...args: string[]) => {
    const io = captureIo(ws.root);
    const code = await runMain([...args, ...common], io);
    return { code, out: io.out(), err: io.err() };
  };
  const ask = async (question: string) => {
    const { code, out } = await run("ask", question, "--json", "-k", "5");
    assert.equal(code, 0);
    return JSON.parse(out) as { citations: Array<{ source: string; start: number; end: number; text: string; page?: number; section?: string; line: number }> };
  };
  const texts = new Map<string, string>();
  const textOf = async (source: string) => {
    if (!texts.has(source)) {
      const { code, out, err } = await run("text", source);
      assert.equal(code, 0, err);
      assert.equal(err, "", "a fresh index answers without extracting again");
      texts.set(source, out);
    }
    return texts.get(source)!;
  };

  it("indexes every file or reports it with a reason, on stderr and in stats --json", async () => {
    const { code, err } = await run("index");
    assert.equal(code, 0);
    assert.match(err, /encrypted\.pdf/);
    const stats = JSON.parse((await run("stats", "--json")).out) as { files: Array<{ source: string }>; skipped: Array<{ source: string; reason: string }> };
    const listed = [...stats.files.map((f) => f.source), ...stats.skipped.map((s) => s.source)].sort();
    assert.deepEqual(listed, (await fs.readdir(ws.corpus)).sort());
    assert.deepEqual(stats.skipped.find((s) => s.source === "encrypted.pdf"), { source: "encrypted.pdf", reason: "encrypted PDF (password protected)" });
    for (const s of stats.skipped) assert.ok(s.reason.length > 3, `${s.source} has a reason`);
  });

  it("a PDF citation carries the page its span starts on, and slices the text `citebot text` prints", async () => {
    const answer = await ask("全年全市居民人均可支配收入为多少？");
    const c = answer.citations.find((x) => x.source === "zh-report.pdf" && x.text.includes("45678"));
    assert.ok(c, JSON.stringify(answer));
    assert.equal(c.page, 3);
    assert.equal(c.section, "四、居民收入");
    const text = await textOf("zh-report.pdf");
    assert.equal(text.slice(c.start, c.end), c.text);
    for (const x of answer.citations) assert.equal((await textOf(x.source)).slice(x.start, x.end), x.text, x.source);
    for (const x of answer.citations.filter((y) => y.source.endsWith(".txt"))) assert.ok(!("page" in x) && !("section" in x));
  });

  it("DOCX, HTML and Markdown citations carry their nearest heading; no page", async () => {
    const cases: Array<[string, string, string]> = [
      ["全年营业收入为多少？", "report.docx", "年度工作报告"],
      ["成人票价调整为多少？", "page.html", "票价调整通知"],
      ["世界上最大的动物是什么？", "notes.md", "海洋动物"],
    ];
    for (const [question, source, heading] of cases) {
      const c = (await ask(question)).citations.find((x) => x.source === source);
      assert.ok(c, `${question} cites ${source}`);
      assert.equal(c.section, heading, source);
      assert.ok(!("page" in c));
      assert.equal((await textOf(source)).slice(c.start, c.end), c.text);
    }
  });

  it("prints the decoded text of BOM and GB18030 files exactly, and a PDF's byte for byte through a pipe", async () => {
    assert.equal(await textOf("bom.txt"), decodeBytes(BOM_BYTES)!.text);
    assert.equal(await textOf("gbk.txt"), GBK_TEXT);
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [MAIN, "text", "zh-report.pdf", ...common], { cwd: ws.root, encoding: "buffer" });
    assert.equal(stderr.length, 0);
    assert.ok(Buffer.from(await textOf("zh-report.pdf"), "utf8").equals(stdout), "stdout is the text, UTF-8, no newline added");
    assert.ok(!stdout.toString("utf8").endsWith("\n"));
  });

  it("extracts a file the index does not hold as it is now, saying so on stderr", async () => {
    const changed = "新的内容。\n第二行。";
    await fs.writeFile(path.join(ws.corpus, "gbk.txt"), changed);
    const { code, out, err } = await run("text", "gbk.txt");
    assert.equal(code, 0);
    assert.equal(out, changed);
    assert.match(err, /not in the index as it is now/);
  });

  it("accepts a path to the file; refuses unknown and skipped sources with exit 1, a missing SOURCE with exit 2", async () => {
    const io = captureIo(ws.root);
    assert.equal(await runMain(["text", path.join("corpus", "notes.md"), "--index", ws.index], io), 0);
    assert.equal(io.out(), await textOf("notes.md"));
    const unknown = await run("text", "zh-repor.pdf");
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no file "zh-repor\.pdf" in the corpus .*did you mean zh-report\.pdf\?.*\[SOURCE_UNKNOWN\]/);
    assert.equal(unknown.out, "");
    const skipped = await run("text", "encrypted.pdf");
    assert.equal(skipped.code, 1);
    assert.match(skipped.err, /encrypted\.pdf is not indexed: encrypted PDF \(password protected\) \[SOURCE_SKIPPED\]/);
    assert.equal((await run("text")).code, 2);
    assert.equal((await run("text", "a", "b")).code, 2);
  });
});
