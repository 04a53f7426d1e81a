import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { AppError } from "../../src/errors.js";
import { documentTitle, listCorpusFiles, loadCorpus, loadCorpusFile, readCorpusBytes, SYNC_READ_MAX_BYTES } from "../../src/ingest/load.js";
import { createMemoryLogger } from "../../src/log.js";
import { tempDir, workspace } from "../helpers/workspace.js";

describe("loadCorpus", () => {
  it("loads txt, md and html recursively, and skips a binary file, a fake PDF and an unknown type with a warning naming each", async () => {
    const ws = await workspace({
      "a.txt": "第一篇文档。",
      "sub/b.md": "# 标题\n\n第二篇。",
      "sub/deeper/c.html": "<html><head><title>网页标题</title><script>alert('x')</script></head><body><p>正文 &amp; 内容</p><style>p{}</style></body></html>",
      "gbk.txt": iconv.encode("这是GBK编码的文件。", "gbk"),
      "big5.txt": iconv.encode("這是Big5編碼的檔案。", "big5"),
      "image.txt": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]),
      "fake.pdf": "not a PDF",
      "notes.xyz": "unknown type",
      ".hidden.xyz": "dot-files stay ignored",
    });
    const logger = createMemoryLogger("warn");
    const { docs, skipped } = await loadCorpus(ws.corpus, logger);
    assert.deepEqual(docs.map((d) => d.source), ["a.txt", "big5.txt", "gbk.txt", "sub/b.md", "sub/deeper/c.html"]);
    assert.equal(docs.find((d) => d.source === "gbk.txt")?.text, "这是GBK编码的文件。");
    assert.equal(docs.find((d) => d.source === "big5.txt")?.text, "這是Big5編碼的檔案。");
    const html = docs.find((d) => d.source === "sub/deeper/c.html")!;
    assert.equal(html.text, "正文 & 内容");
    assert.equal(html.title, "网页标题");
    assert.equal(docs.find((d) => d.source === "sub/b.md")?.title, "标题");
    assert.deepEqual(skipped.map((s) => [s.source, s.reason]), [
      ["notes.xyz", "unsupported file type .xyz"],
      ["fake.pdf", "not a PDF file (no %PDF- header)"],
      ["image.txt", "binary or undecodable (not UTF-8, UTF-16, GB18030 or Big5)"],
    ]);
    for (const name of ["image.txt", "fake.pdf", "notes.xyz"]) assert.ok(logger.lines.some((l) => l.includes(name) && l.includes("warn")), name);
  });

  it("warns about a file indexed with a flaw as indexed, not as damaged", async () => {
    const ws = await workspace({ "lossy.txt": Buffer.concat([Buffer.from("海洋生物的多样性十分丰富，".repeat(20)), Buffer.from([0xff]), Buffer.from("其余文字照常索引。")]) });
    const logger = createMemoryLogger("warn");
    const { docs } = await loadCorpus(ws.corpus, logger);
    assert.deepEqual(docs.map((d) => d.source), ["lossy.txt"]);
    const line = logger.lines.find((l) => l.includes("lossy.txt"));
    assert.match(line ?? "", /corpus file indexed with a warning/);
    assert.match(line!, /U\+FFFD/);
    assert.doesNotMatch(line!, /damaged/);
  });

  it("takes no rule (----, ====, ***) for a title", () => {
    const text = "--------\n==== \n***\n年度报告\n\n正文。";
    assert.equal(documentTitle(text, text, "report.txt"), "年度报告");
  });

  it("takes the first line for a title only when it looks like one, else the file name", () => {
    const title = (text: string) => documentTitle(text, text, "notes/canal-history.txt");
    // A sentence hard-wrapped onto the next line is no title, English or Chinese.
    assert.equal(title("The canal was dug by hand between 1790 and 1802 by several\nthousand labourers who came from farms across the county.\n"), "canal-history");
    assert.equal(title("经过十年建设，到2020年底全国新干线网络的总长度达到了两万\n一千公里，覆盖了全国主要城市。\n"), "canal-history");
    assert.equal(title("The canal opened in 1802.\n\nHistory\n\nIt was dug by hand."), "canal-history");
    // A short line with a blank line or an underline after it, a numbered heading, or a line far shorter than the text under it is one.
    assert.equal(title("The Old Canal\n\nThe canal was dug by hand."), "The Old Canal");
    assert.equal(title("Class definitions\n*****************\n\nA class definition defines a class object."), "Class definitions");
    assert.equal(title("第一章 总则\n第一条 为了规范管理，制定本办法。"), "第一章 总则");
    assert.equal(title("Annual report 2024\nThe company grew strongly in every region and opened three new offices this year.\n"), "Annual report 2024");
    assert.equal(title("当前位置：首页 > 文献\n\n北京市深入实施“时代新人铸魂工程”\n\n正文。"), "北京市深入实施“时代新人铸魂工程”");
  });

  it("reports an empty corpus as a clear error", async () => {
    const ws = await workspace({ "empty.txt": "  \n" });
    await assert.rejects(loadCorpus(ws.corpus, createMemoryLogger()), (e: unknown) => e instanceof AppError && e.code === "CORPUS_EMPTY");
  });

  it("reports a missing corpus directory", async () => {
    await assert.rejects(loadCorpus("/nonexistent/citebot", createMemoryLogger()), (e: unknown) => e instanceof AppError && e.code === "CORPUS_MISSING");
  });

  it("survives a symlink loop", async () => {
    const ws = await workspace({ "a.txt": "内容。" });
    await fs.symlink(ws.corpus, path.join(ws.corpus, "loop"));
    const { docs } = await loadCorpus(ws.corpus, createMemoryLogger());
    assert.deepEqual(docs.map((d) => d.source), ["a.txt"]);
  });

  describe("symlinks", () => {
    /** A folder beside the corpus holding what must never be indexed. */
    async function outside(): Promise<{ dir: string; secret: string }> {
      const dir = tempDir();
      await fs.writeFile(path.join(dir, "secret.txt"), "外部机密：服务器密码是 hunter2。");
      return { dir, secret: path.join(dir, "secret.txt") };
    }

    it("skips a file link and a folder link that lead outside the corpus, naming each in a warning", async () => {
      const ws = await workspace({ "a.txt": "第一篇文档。" });
      const out = await outside();
      await fs.symlink(out.secret, path.join(ws.corpus, "passwd.txt"));
      await fs.symlink(out.dir, path.join(ws.corpus, "hostetc"));
      const logger = createMemoryLogger("warn");
      const { docs, skipped } = await loadCorpus(ws.corpus, logger);
      assert.deepEqual(docs.map((d) => d.source), ["a.txt"]);
      assert.deepEqual(skipped, [
        { source: "hostetc", reason: "symlink leads outside the corpus" },
        { source: "passwd.txt", reason: "symlink leads outside the corpus" },
      ]);
      for (const name of ["hostetc", "passwd.txt"]) assert.ok(logger.lines.some((l) => l.includes(name) && l.includes("outside the corpus")));
    });

    it("indexes links that stay inside the corpus, under the link's name", async () => {
      const ws = await workspace({ "docs/a.txt": "第一篇文档。" });
      await fs.symlink(path.join(ws.corpus, "docs/a.txt"), path.join(ws.corpus, "alias.txt"));
      await fs.symlink("docs", path.join(ws.corpus, "same-docs"));
      const { files, skipped } = await listCorpusFiles(ws.corpus, createMemoryLogger());
      // The folder link is the same folder as docs/, listed once.
      assert.deepEqual(files.map((f) => f.source), ["alias.txt", "docs/a.txt"]);
      assert.deepEqual(skipped, []);
    });

    it("follows a chain of links to its end: outside is skipped, inside is indexed", async () => {
      const ws = await workspace({ "real/b.txt": "第二篇。", "a.txt": "第一篇。" });
      const out = await outside();
      await fs.symlink(out.secret, path.join(ws.corpus, "real/hop1.txt"));
      await fs.symlink("real/hop1.txt", path.join(ws.corpus, "hop2.txt")); // inside -> inside -> outside
      await fs.symlink("real/b.txt", path.join(ws.corpus, "real-hop.txt")); // inside -> inside
      await fs.symlink("real-hop.txt", path.join(ws.corpus, "real-hop2.txt"));
      // A folder link inside the corpus whose contents link back out through a relative path.
      await fs.symlink(path.relative(path.join(ws.corpus, "real"), out.dir), path.join(ws.corpus, "real/up"));
      await fs.symlink("real", path.join(ws.corpus, "z-nested")); // the same folder again: listed once
      const { files, skipped } = await listCorpusFiles(ws.corpus, createMemoryLogger());
      assert.deepEqual(files.map((f) => f.source), ["a.txt", "real/b.txt", "real-hop.txt", "real-hop2.txt"]);
      assert.deepEqual(skipped.map((s) => [s.source, s.reason]), [
        ["hop2.txt", "symlink leads outside the corpus"],
        ["real/hop1.txt", "symlink leads outside the corpus"],
        ["real/up", "symlink leads outside the corpus"],
      ]);
    });

    it("accepts a corpus folder that is itself a link, with links inside it", async () => {
      const ws = await workspace({ "a.txt": "第一篇。" });
      await fs.symlink("a.txt", path.join(ws.corpus, "b.txt"));
      const linked = path.join(tempDir(), "corpus-link");
      await fs.symlink(ws.corpus, linked);
      const { docs, skipped } = await loadCorpus(linked, createMemoryLogger());
      assert.deepEqual(docs.map((d) => d.source), ["a.txt", "b.txt"]);
      assert.deepEqual(skipped, []);
    });

    it("refuses to read a listed file whose folder was swapped for a link outside before the read", async () => {
      const ws = await workspace({ "sub/secret.txt": "本来的内容。" });
      const out = await outside();
      const { files } = await listCorpusFiles(ws.corpus, createMemoryLogger());
      assert.equal(files[0].source, "sub/secret.txt");
      await fs.rm(path.join(ws.corpus, "sub"), { recursive: true });
      await fs.symlink(out.dir, path.join(ws.corpus, "sub"));
      assert.deepEqual(await loadCorpusFile(files[0]), { skipped: "symlink leads outside the corpus" });
    });

    it("refuses to read a listed file that was swapped for a link before the read", async () => {
      const ws = await workspace({ "a.txt": "本来的内容。" });
      const out = await outside();
      const { files } = await listCorpusFiles(ws.corpus, createMemoryLogger());
      await fs.rm(path.join(ws.corpus, "a.txt"));
      await fs.symlink(out.secret, path.join(ws.corpus, "a.txt"));
      const result = await loadCorpusFile(files[0]);
      assert.ok("skipped" in result && /ELOOP/.test(result.skipped), JSON.stringify(result));
    });

    it("skips a listed file that was swapped for a FIFO before the read, without waiting for a writer", async () => {
      const ws = await workspace({ "a.txt": "本来的内容。" });
      const { files } = await listCorpusFiles(ws.corpus, createMemoryLogger());
      await fs.rm(path.join(ws.corpus, "a.txt"));
      execFileSync("mkfifo", [path.join(ws.corpus, "a.txt")]);
      // Opened without O_NONBLOCK, the read would wait for a writer forever, and hold the event loop.
      assert.deepEqual(await loadCorpusFile(files[0]), { skipped: "empty" });
    });

    it("reads a file above the blocking-read size through the thread pool, whole and with the same checks", async () => {
      const big = "大文件的一句话。".repeat(Math.ceil(SYNC_READ_MAX_BYTES / 24) + 10);
      const ws = await workspace({ "big.txt": big, "sub/big.txt": big, "small.txt": "小文件。" });
      const out = await outside();
      await fs.writeFile(path.join(out.dir, "big.txt"), big);
      const { files } = await listCorpusFiles(ws.corpus, createMemoryLogger());
      const [whole, inSub, small] = [files.find((f) => f.source === "big.txt")!, files.find((f) => f.source === "sub/big.txt")!, files.find((f) => f.source === "small.txt")!];
      assert.ok(whole.size > SYNC_READ_MAX_BYTES && small.size <= SYNC_READ_MAX_BYTES);
      // Grown since listing: read to its end on both paths.
      await fs.appendFile(path.join(ws.corpus, "big.txt"), "后来加的。");
      await fs.appendFile(path.join(ws.corpus, "small.txt"), "后来加的。");
      assert.equal(String(await readCorpusBytes(whole)), big + "后来加的。");
      assert.equal(String(await readCorpusBytes(small)), "小文件。后来加的。");
      await fs.rm(path.join(ws.corpus, "sub"), { recursive: true });
      await fs.symlink(out.dir, path.join(ws.corpus, "sub"));
      assert.deepEqual(await readCorpusBytes(inSub), { skipped: "symlink leads outside the corpus" });
    });
  });
});
