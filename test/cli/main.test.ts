import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { runMain } from "../../src/cli/main.js";
import { BUNDLED_CORPUS, BUNDLED_DOC, captureIo, tempDir } from "../helpers/workspace.js";

const text = readFileSync(BUNDLED_DOC, "utf8");

describe("citebot CLI (in-process)", () => {
  const index = tempDir();
  const common = ["--corpus", BUNDLED_CORPUS, "--index", index];

  it("index prints a one-line summary, in the corpus's language when the locale names none", async () => {
    const io = captureIo(tempDir());
    assert.equal(await runMain(["index", ...common], io), 0);
    assert.match(io.out(), /^已索引 1 个文件（\d+ 个片段），用时 [\d.]+ 秒/);
  });

  it("ask builds a missing index with the index summary on stderr, in the corpus's language, keeping stdout to the JSON answer", async () => {
    const io = captureIo(tempDir());
    const fresh = tempDir();
    assert.equal(await runMain(["ask", "宣讲活动覆盖了多少名师生？", "--json", "--corpus", BUNDLED_CORPUS, "--index", fresh], io), 0);
    assert.equal(JSON.parse(io.out()).found, true);
    const [notice, summary, ...rest] = io.err().split("\n");
    assert.match(notice, /^.* 中还没有索引：正在为 .* 建立索引……$/);
    assert.equal(summary.replace(/（\d+ 个片段），用时 [\d.]+ 秒/, "（N 个片段），用时 S 秒"), `已索引 1 个文件（N 个片段），用时 S 秒 → ${fresh}`);
    assert.deepEqual(rest, [""]);
  });

  it("ask --json follows the answer contract", async () => {
    const io = captureIo(tempDir());
    assert.equal(await runMain(["ask", "红色“1+1”党支部共建活动组织了多少个学生党支部？", "--json", ...common], io), 0);
    const answer = JSON.parse(io.out());
    assert.equal(answer.found, true);
    assert.equal(typeof answer.question, "string");
    assert.equal(typeof answer.answer, "string");
    const c = answer.citations[0];
    assert.deepEqual(Object.keys(c).filter((k) => ["n", "source", "start", "end", "line", "text", "score"].includes(k)).sort(), ["end", "line", "n", "score", "source", "start", "text"]);
    assert.equal(c.n, 1);
    assert.equal(c.text, text.slice(c.start, c.end));
    assert.ok(c.score > 0 && c.score <= 1);
  });

  it("answers a batch from stdin, one JSON line per question, carrying ids", async () => {
    const questions = ['{"id": "q1", "q": "红色“1+1”党支部共建活动组织了多少个学生党支部？"}', "What is the capital of France?", '{"id": 7, "q": ""}', "", "not json {"];
    const many = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `m${i}`, q: i % 2 ? "宣讲活动覆盖了多少名师生？" : "明天北京的天气怎么样？" }));
    const io = captureIo(tempDir(), [...questions, ...many].join("\n") + "\n");
    assert.equal(await runMain(["ask", ...common], io), 0);
    const lines = io.out().trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 5 + 300);
    assert.equal(lines[0].id, "q1");
    assert.equal(lines[0].found, true);
    assert.equal(lines[1].id, undefined);
    assert.equal(lines[1].found, false);
    assert.equal(lines[2].id, 7, "a numeric id comes back a number");
    assert.equal(lines[2].error.code, "QUESTION_EMPTY");
    assert.equal(lines[3].error.code, "QUESTION_EMPTY");
    assert.equal(lines[4].question, "not json {");
    assert.deepEqual(lines.slice(5).map((l) => l.id), many.map((_, i) => `m${i}`));
  });

  it("calls a question of punctuation only empty, in the language of its punctuation, alone and in a batch", async () => {
    const alone = captureIo(tempDir(), undefined, { LANG: "en_US.UTF-8" });
    assert.equal(await runMain(["ask", "？", ...common], alone), 2);
    assert.equal(alone.err(), 'citebot: 问题是空的 (citebot ask "QUESTION") [QUESTION_EMPTY]\n');
    const ascii = captureIo(tempDir(), undefined, { LANG: "en_US.UTF-8" });
    assert.equal(await runMain(["ask", "?", ...common], ascii), 2);
    assert.match(ascii.err(), /^citebot: the question is empty /);
    const batch = captureIo(tempDir(), ['{"id": 1, "q": "？"}', "？！", "?"].join("\n") + "\n", { LANG: "en_US.UTF-8" });
    assert.equal(await runMain(["ask", ...common], batch), 0);
    const lines = batch.out().trim().split("\n").map((l) => JSON.parse(l) as { question: string; error: { code: string; message: string } });
    assert.deepEqual(lines.map((l) => [l.question, l.error.code, l.error.message]), [
      ["？", "QUESTION_EMPTY", "问题是空的"], ["？！", "QUESTION_EMPTY", "问题是空的"], ["?", "QUESTION_EMPTY", "the question is empty"],
    ]);
  });

  it("says a question is too long in its own language and script, alone as in a batch", async () => {
    const io = captureIo(tempDir(), undefined, { LANG: "en_US.UTF-8" });
    assert.equal(await runMain(["ask", "臺灣問題".repeat(600), "--json", ...common], io), 2);
    assert.equal(io.out(), "");
    assert.equal(io.err(), "citebot: 問題有 2400 個字元，上限是 2000 個 [QUESTION_TOO_LONG]\n");
    const en = captureIo(tempDir(), undefined, { LANG: "zh_CN.UTF-8" });
    assert.equal(await runMain(["ask", "why ".repeat(600), ...common], en), 2);
    assert.match(en.err(), /^citebot: the question has 2399 characters; the limit is 2000 \(shorten it to at most 2000 characters\) \[QUESTION_TOO_LONG\]\n$/);
  });

  it("says a question of a link only is no question, with exit code 2 alone and a JSON error line in a batch", async () => {
    const alone = captureIo(tempDir(), undefined, { LANG: "en_US.UTF-8" });
    assert.equal(await runMain(["ask", "https://example.com/foo?x=1", "--json", ...common], alone), 2);
    assert.equal(alone.out(), "");
    assert.match(alone.err(), /^citebot: the question is only a link; ask about what the documents say .*\[QUESTION_EMPTY\]\n$/);
    const batch = captureIo(tempDir(), ['{"id": 1, "q": "www.moe.gov.cn"}', "看看 https://example.com"].join("\n") + "\n", { LANG: "zh_CN.UTF-8" });
    assert.equal(await runMain(["ask", ...common], batch), 0);
    const [link, asked] = batch.out().trim().split("\n").map((l) => JSON.parse(l) as { id?: number; error?: { code: string; message: string }; answer: string });
    assert.deepEqual([link.id, link.error?.code], [1, "QUESTION_EMPTY"]);
    assert.equal(asked.error, undefined, "words beside the link are a question");
    assert.match(asked.answer, /文档/, "asked in Chinese: answered in Chinese");
  });

  it("answers every batch line, blank and too-long ones with an error, so output line n answers input line n", async () => {
    const input = ["宣讲活动覆盖了多少名师生？", "", "   ", "问".repeat(5000), '{"id": "x", "q": "宣讲活动覆盖了多少名师生？"}', ""];
    const io = captureIo(tempDir(), input.join("\n") + "\n");
    assert.equal(await runMain(["ask", ...common], io), 0);
    const lines = io.out().split("\n").slice(0, -1).map((l) => JSON.parse(l));
    assert.equal(lines.length, input.length);
    assert.deepEqual(lines.map((l) => l.error?.code), [undefined, "QUESTION_EMPTY", "QUESTION_EMPTY", "QUESTION_TOO_LONG", undefined, "QUESTION_EMPTY"]);
    for (const l of lines.filter((l) => l.error)) {
      assert.equal(l.found, false);
      assert.deepEqual(l.citations, []);
      assert.equal(typeof l.error.message, "string");
    }
    assert.equal(lines[0].found, true);
    assert.equal(lines[4].id, "x");
    assert.equal(lines[4].found, true);
    assert.match(io.err(), /^4 行未能回答/, "said in the corpus's language when the locale names none");
    assert.equal(lines[3].question, `${"问".repeat(2000)}…`, "a too-long line is echoed cut, not whole");
  });

  it("says batch errors in each line's language, and those of lines without words in the locale's language, else the corpus's", async () => {
    const input = ["", "问".repeat(2100), "How many " + "x".repeat(2100), '{"id": 1, "q": "宣講活動覆蓋了多少名師生", "conversation": {}}', '{"q": 5}'];
    const batch = async (env: NodeJS.ProcessEnv) => {
      const io = captureIo(tempDir(), input.join("\n") + "\n", env);
      assert.equal(await runMain(["ask", ...common], io), 0);
      return { messages: io.out().trim().split("\n").map((l) => JSON.parse(l).error.message as string), err: io.err() };
    };
    const inLocale = await batch({ LANG: "en_US.UTF-8" });
    assert.deepEqual(inLocale.messages, [
      "the question is empty",
      "问题有 2100 个字符，上限是 2000 个",
      `the question has ${2100 + 9} characters; the limit is 2000`,
      '第 4 行："conversation" 必須是字串或數字',
      'line 5: "q" must be a string',
    ]);
    assert.equal(inLocale.err, '5 line(s) could not be answered (see "error" in the output)\n');
    const traditional = await batch({ LANG: "C.UTF-8", LC_ALL: "zh_TW.UTF-8" });
    assert.deepEqual([traditional.messages[0], traditional.messages[4], traditional.err], ["問題是空的", '第 5 行："q" 必須是字串', '5 行未能回答（見輸出中的 "error"）\n']);
    const corpus = await batch({ LANG: "C.UTF-8" });
    assert.deepEqual([corpus.messages[0], corpus.messages[2], corpus.err], ["问题是空的", `the question has ${2100 + 9} characters; the limit is 2000`, '5 行未能回答（见输出中的 "error"）\n']);
  });

  it("exits 2 on usage errors and 1 on runtime errors, with one line on stderr", async () => {
    const usage = captureIo(tempDir());
    assert.equal(await runMain(["ask", "q", "-k", "0", ...common], usage), 2);
    assert.match(usage.err(), /^citebot: .*-k.*\n$/);
    const unknown = captureIo(tempDir());
    assert.equal(await runMain(["frobnicate"], unknown), 2);
    const noQuestion = captureIo(tempDir());
    assert.equal(await runMain(["ask", ...common], noQuestion), 2);
    const missing = captureIo(tempDir());
    assert.equal(await runMain(["ask", "问题", "--corpus", "/nonexistent/corpus", "--index", tempDir()], missing), 1);
    assert.match(missing.err(), /^citebot: corpus directory not found.*\n$/);
    assert.doesNotMatch(missing.err(), /at .*\.js/);
  });

  it("a question over the length limit is a usage error (exit 2) that states the limit in the question's language", async () => {
    const io = captureIo(tempDir());
    assert.equal(await runMain(["ask", "问".repeat(5000), ...common], io), 2);
    assert.equal(io.err(), "citebot: 问题有 5000 个字符，上限是 2000 个 [QUESTION_TOO_LONG]\n");
    assert.equal(io.out(), "");
  });

  it("an unknown option is named with the closest valid one, exit 2, for every command", async () => {
    const typo = captureIo(tempDir());
    assert.equal(await runMain(["ask", "q", "--corpos", BUNDLED_CORPUS], typo), 2);
    assert.equal(typo.err(), "citebot: unknown option --corpos (did you mean --corpus?) [USAGE]\n");
    const prefix = captureIo(tempDir());
    assert.equal(await runMain(["stats", "--js"], prefix), 2);
    assert.equal(prefix.err(), "citebot: unknown option --js (did you mean --json?) [USAGE]\n");
    for (const command of ["ask", "chat", "index", "stats", "bot", "eval"]) {
      const io = captureIo(tempDir());
      assert.equal(await runMain([command, "--frobnicate"], io), 2, command);
      assert.match(io.err(), /^citebot: unknown option --frobnicate \(valid options: --[a-z]+(, -?-[a-z][a-z-]*)*\) \[USAGE\]\n$/, command);
    }
    const dash = captureIo(tempDir());
    assert.equal(await runMain(["ask", "-5度是多少？", ...common], dash), 2);
    assert.equal(dash.err(), 'citebot: unknown option -5 (an argument that starts with - goes after --: citebot ask -- "-5度是多少？") [USAGE]\n');
    const implicit = captureIo(tempDir());
    assert.equal(await runMain(["--indx", "x"], implicit), 2);
    assert.equal(implicit.err(), "citebot: unknown option --indx (did you mean --index?) [USAGE]\n");
  });

  it("every command's --help lists the options every command takes, --debug included", async () => {
    for (const command of ["ask", "chat", "index", "add", "remove", "stats", "text", "bot"]) {
      const io = captureIo(tempDir());
      assert.equal(await runMain([command, "--help"], io), 0);
      for (const option of ["--corpus DIR", "--index DIR", "--debug"]) assert.ok(io.out().includes(option), `${command} --help: ${option}`);
    }
  });

  it("a question given without ask says how to ask it, and a mistyped command names the one meant", async () => {
    const said = async (args: string[]) => {
      const io = captureIo(tempDir());
      assert.equal(await runMain(args, io), 2);
      return io.err();
    };
    assert.equal(await said(["火星有几颗卫星？"]), 'citebot: unknown command "火星有几颗卫星？" (to ask a question: citebot ask "火星有几颗卫星？") [USAGE]\n');
    assert.equal(await said(["how many moons"]), 'citebot: unknown command "how many moons" (to ask a question: citebot ask "how many moons") [USAGE]\n');
    assert.equal(await said(["indx"]), 'citebot: unknown command "indx" (did you mean citebot index?) [USAGE]\n');
    assert.equal(await said(["stat"]), 'citebot: unknown command "stat" (did you mean citebot stats?) [USAGE]\n');
    assert.equal(await said(["frobnicate"]), 'citebot: unknown command "frobnicate" (citebot --help lists the commands) [USAGE]\n');
  });

  it("a missing option value or a stray argument is a one-line usage error", async () => {
    const missing = captureIo(tempDir());
    assert.equal(await runMain(["ask", "q", "--corpus"], missing), 2);
    assert.equal(missing.err(), "citebot: option --corpus needs a value (citebot ask --help shows the options) [USAGE]\n");
    const beforeOption = captureIo(tempDir());
    assert.equal(await runMain(["ask", "q", "-k", "--json"], beforeOption), 2);
    assert.equal(beforeOption.err(), "citebot: option -k needs a value (citebot ask --help shows the options) [USAGE]\n");
    const stray = captureIo(tempDir());
    assert.equal(await runMain(["stats", "extra"], stray), 2);
    assert.equal(stray.err(), 'citebot: unexpected argument "extra" (citebot stats --help shows the options) [USAGE]\n');
    const value = captureIo(tempDir());
    assert.equal(await runMain(["stats", "--json=yes"], value), 2);
    assert.equal(value.err(), "citebot: option --json takes no value (citebot stats --help shows the options) [USAGE]\n");
  });

  it("options common to every command may come before the command (citebot --corpus DIR ask …)", async () => {
    const io = captureIo(tempDir());
    assert.equal(await runMain(["--corpus", BUNDLED_CORPUS, "--index", index, "ask", "宣讲活动覆盖了多少名师生？", "--json"], io), 0, io.err());
    assert.equal(JSON.parse(io.out()).found, true);
    const debug = captureIo(tempDir());
    assert.equal(await runMain(["--debug", "stats", ...common], debug), 0, debug.err());
    assert.match(debug.out(), /^index /);
    // A value is never taken for the command: here "ask" is the corpus folder, and "q" the command.
    const folder = captureIo(tempDir());
    assert.equal(await runMain(["--corpus", "ask", "q"], folder), 2);
    assert.equal(folder.err(), 'citebot: unknown command "q" (citebot --help lists the commands) [USAGE]\n');
  });

  it("after the common options a mistyped command or a question without ask gets the same hint as without them", async () => {
    const said = async (args: string[]) => {
      const io = captureIo(tempDir());
      assert.equal(await runMain(args, io), 2);
      return io.err();
    };
    assert.equal(await said(["--corpus", BUNDLED_CORPUS, "indx"]), 'citebot: unknown command "indx" (did you mean citebot index?) [USAGE]\n');
    assert.equal(await said(["--index", tempDir(), "火星有几颗卫星？"]), 'citebot: unknown command "火星有几颗卫星？" (to ask a question: citebot ask "火星有几颗卫星？") [USAGE]\n');
  });

  it("ask lists citations the answer does not use under further reading; --json is unchanged", async () => {
    const q = "宣讲活动覆盖了多少名师生？";
    const json = captureIo(tempDir());
    assert.equal(await runMain(["ask", q, "--json", ...common], json), 0);
    const answer = JSON.parse(json.out());
    const cited = new Set([...answer.answer.matchAll(/\[(\d+)\]/g)].map((m: RegExpMatchArray) => Number(m[1])));
    const uncited = answer.citations.filter((c: { n: number }) => !cited.has(c.n));
    assert.ok(cited.size > 0 && uncited.length > 0, "this question's answer leaves a citation unused");
    const io = captureIo(tempDir());
    assert.equal(await runMain(["ask", q, ...common], io), 0);
    const [main, further = ""] = io.out().split("\n延伸阅读（回答中未引用）：\n");
    for (const c of answer.citations) {
      const header = new RegExp(`^\\[${c.n}\\] `, "m");
      assert.match(cited.has(c.n) ? main! : further, header, `[${c.n}]`);
      assert.doesNotMatch(cited.has(c.n) ? further : main!, header, `[${c.n}]`);
    }
  });

  it("ask prints the answer and where each citation is, for people, labelled in the question's script; --json keeps its field names", async () => {
    const labels = async (q: string) => {
      const io = captureIo(tempDir());
      assert.equal(await runMain(["ask", q, "-k", "4", ...common], io), 0);
      return io.out();
    };
    const simplified = await labels("宣讲活动覆盖了多少名师生？");
    assert.match(simplified, /^\[1\] beijing-education-2023\.txt · .+ · 第\d+段 · 第\d+行（字符 \d+–\d+）$/m);
    assert.match(simplified, /^延伸阅读（回答中未引用）：$/m);
    const traditional = await labels("宣講活動覆蓋了多少名師生？");
    assert.match(traditional, /^\[1\] beijing-education-2023\.txt · .+ · 第\d+段 · 第\d+行（字元 \d+–\d+）$/m);
    assert.match(traditional, /^延伸閱讀（回答中未引用）：$/m);
    for (const out of [simplified, traditional]) assert.doesNotMatch(out, /paragraph|line \d|chars|Further reading/);
    const json = captureIo(tempDir());
    assert.equal(await runMain(["ask", "宣讲活动覆盖了多少名师生？", "--json", "-k", "4", ...common], json), 0);
    const answer = JSON.parse(json.out());
    assert.deepEqual(Object.keys(answer.citations[0]), ["n", "source", "start", "end", "line", "paragraph", "text", "score", "chunkId"]);
    assert.doesNotMatch(json.out(), /延伸|字符|第\d+段/);
  });

  it("ask labels the answer to a bare number in the language of the documents it quotes", async () => {
    const io = captureIo(tempDir());
    assert.equal(await runMain(["ask", "2023", "-k", "4", ...common], io), 0);
    assert.match(io.out(), /^\[1\] beijing-education-2023\.txt · .+ · 第\d+段 · 第\d+行（字符 \d+–\d+）$/m);
    assert.doesNotMatch(io.out(), /paragraph|chars|Further reading/);
  });

  it("the not-found text follows the question's script", async () => {
    for (const [q, expected] of [
      ["火星上有沒有水？", "文件中沒有找到能回答這個問題的內容。"],
      ["火星上有没有水？", "文档中没有找到能回答这个问题的内容。"],
      ["Is there water on Mars?", "The documents do not answer this question."],
    ]) {
      const json = captureIo(tempDir());
      assert.equal(await runMain(["ask", q!, "--json", ...common], json), 0);
      assert.deepEqual([JSON.parse(json.out()).found, JSON.parse(json.out()).answer], [false, expected]);
      const text = captureIo(tempDir());
      assert.equal(await runMain(["ask", q!, ...common], text), 0);
      assert.equal(text.out(), expected + "\n");
    }
  });

  it("stats shows documents, chunks and providers", async () => {
    const io = captureIo(tempDir());
    assert.equal(await runMain(["stats", "--json", ...common], io), 0);
    const stats = JSON.parse(io.out());
    assert.equal(stats.files[0].source, "beijing-education-2023.txt");
    assert.match(stats.providers.llm, /^none/);
    assert.match(stats.providers.embeddings, /^hash/);
    assert.equal(stats.upToDate, true);
  });

  it("chat says an unknown slash command is one, instead of asking it", async () => {
    const io = captureIo(tempDir(), "/foo\n/sourcez bar\n/help\n", { LANG: "en_US.UTF-8" });
    assert.equal(await runMain(["chat", ...common], io), 0);
    assert.equal(io.out(), "unknown command /foo, /help lists them\nunknown command /sourcez, /help lists them\nType a question and press Enter. /sources lists the documents, /quit leaves.\n");
  });

  it("a batch whose reader goes away (| head -1) stops quietly with exit 0, no EPIPE", { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "../../src/cli/main.js"), "ask", ...common], { stdio: ["pipe", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.once("data", () => child.stdout.destroy()); // the reader takes one line and leaves
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    child.stdin.on("error", () => undefined); // the child may be gone before all questions are written
    child.stdin.end("宣讲活动覆盖了多少名师生？\n".repeat(20_000));
    assert.equal(await exited, 0, err);
    assert.doesNotMatch(err, /EPIPE|Error/);
  });

  it("a CSV file in the corpus is indexed and its rows answer, the cell under the column asked for", async () => {
    const corpus = tempDir();
    writeFileSync(path.join(corpus, "chengshi.csv"), iconv.encode("城市,人口,建城年份\n临海,120万,1850年\n白沙,34万,1921年\n", "gbk"));
    const io = captureIo(tempDir());
    assert.equal(await runMain(["ask", "临海建城于哪一年？", "--json", "--corpus", corpus, "--index", tempDir()], io), 0, io.err());
    const answer = JSON.parse(io.out());
    assert.equal(answer.shortAnswer, "1850年");
    assert.deepEqual([answer.citations[0].source, answer.citations[0].text], ["chengshi.csv", "临海,120万,1850年"]);
  });

  it("chat asks a question that merely starts with a path", async () => {
    const io = captureIo(tempDir(), "/usr/lib 是什么？\n");
    assert.equal(await runMain(["chat", ...common], io), 0);
    assert.doesNotMatch(io.out(), /unknown command/);
    assert.match(io.out(), /文档中没有找到|\[1\]/, "answered (found or not)");
  });

  it("chat answers questions read from a pipe", async () => {
    const io = captureIo(tempDir(), "红色“1+1”党支部共建活动组织了多少个学生党支部？\n/sources\n");
    assert.equal(await runMain(["chat", ...common], io), 0);
    assert.match(io.out(), /近2万个学生党支部/);
    assert.match(io.out(), /^beijing-education-2023\.txt · .* · \d+ 个片段，\d+ 个字符$/m);
  });

  it("chat decodes piped questions as batch ask does: GBK and Big5 are asked as written, an undecodable line is said (in the last question's script) and skipped", async () => {
    for (const [encoding, question] of [["gbk", "红色“1+1”党支部共建活动组织了多少个学生党支部？"], ["big5", "紅色「1+1」黨支部共建活動組織了多少個學生黨支部？"]] as const) {
      const io = { ...captureIo(tempDir()), stdin: Readable.from([iconv.encode(`${question}\n`, encoding), Buffer.from([0x81, 0x0a]), iconv.encode("/sources\n", encoding)]) };
      assert.equal(await runMain(["chat", ...common], io), 0, io.err());
      assert.match(io.out(), /近2万个学生党支部/, encoding);
      const said = encoding === "gbk" ? /^（第 2 行不是有效的 GB18030 \(GBK\)，输入的编码是从第 1 行判断的；每一行请用同一种编码，最好是 UTF-8）$/m : /^（第 2 行不是有效的 Big5，輸入的編碼是從第 1 行判斷的；每一行請用同一種編碼，最好是 UTF-8）$/m;
      assert.match(io.out(), said, `${encoding}: said in the question's script`);
      assert.match(io.out(), /^beijing-education-2023\.txt · /m, encoding);
    }
  });

  it("chat says a question is too long or empty in the question's language and script", async () => {
    const long = (text: string) => text.repeat(Math.ceil(2100 / text.length)).slice(0, 2100);
    const lines = [long("北京有多少所高校"), long("北京有多少所高校試點開設"), "\u200b", long("How many universities piloted it "), "\u200b"];
    const io = captureIo(tempDir(), lines.join("\n") + "\n");
    assert.equal(await runMain(["chat", ...common], io), 0);
    assert.equal(
      io.out(),
      "（问题有 2100 个字符，上限是 2000 个）\n（問題有 2100 個字元，上限是 2000 個）\n（問題是空的）\n(the question has 2100 characters; the limit is 2000)\n(the question is empty)\n",
    );
  });

  it("chat answers its commands in the language and script of the last question; before the first, in the locale's language, else the corpus's", async () => {
    const before = async (env: NodeJS.ProcessEnv) => {
      const io = captureIo(tempDir(), "/nope\n", env);
      assert.equal(await runMain(["chat", ...common], io), 0);
      return io.out();
    };
    assert.equal(await before({}), "不认识命令 /nope，/help 查看用法\n");
    assert.equal(await before({ LANG: "C.UTF-8" }), "不认识命令 /nope，/help 查看用法\n", "C says nothing of the reader");
    assert.equal(await before({ LANG: "zh_HK.UTF-8" }), "不認識命令 /nope，/help 查看用法\n");
    assert.equal(await before({ LANG: "zh_CN.UTF-8", LC_ALL: "en_GB.UTF-8" }), "unknown command /nope, /help lists them\n", "LC_ALL wins");
    const io = captureIo(tempDir(), ["/sources", "/nope", "宣講活動覆蓋了多少名師生？", "/sources", "/help", "/nope", "2023", "Is there water on Mars?", "/help"].join("\n") + "\n", { LANG: "en_US.UTF-8" });
    assert.equal(await runMain(["chat", ...common], io), 0);
    const out = io.out();
    assert.match(out, /^beijing-education-2023\.txt · .* · \d+ chunks, \d+ chars\nunknown command \/nope, \/help lists them\n/);
    assert.match(out, /第\d+段 · 第\d+行（字元 \d+–\d+）/);
    assert.match(out, /^beijing-education-2023\.txt · .* · \d+ 個片段，\d+ 個字元\n輸入問題後按 Enter。\/sources 列出文件，\/quit 離開。\n不認識命令 \/nope，\/help 查看用法\n/m);
    assert.match(out, /Type a question and press Enter\. \/sources lists the documents, \/quit leaves\.\n$/);
  });
});
