import assert from "node:assert/strict";
import { PassThrough, Readable } from "node:stream";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { runBatch } from "../../../src/cli/commands/ask.js";
import type { Answer, AskOptions } from "../../../src/types.js";
import { captureIo, tempDir } from "../../helpers/workspace.js";

/** An engine stand-in that records each question's context and cites one chunk named after the question. */
function recorder() {
  const calls: Array<{ q: string; context: AskOptions["context"] }> = [];
  const ask = async (q: string, options: AskOptions): Promise<Answer> => {
    calls.push({ q, context: options.context });
    const citation = { n: 1, source: "a.txt", start: 0, end: 1, line: 1, paragraph: 1, text: "x", score: 1, chunkId: `c-${q}` };
    return { question: q, found: true, answer: "x[1]", citations: [citation], ...(options.context ? { followUp: true } : {}) };
  };
  return { calls, ask };
}

describe("ask --json batch conversations", () => {
  it("answers lines of one conversation in order with the follow-up context, and other lines alone", async () => {
    const input = [
      { id: "1", q: "红色“1+1”党支部共建活动组织了多少个学生党支部？", conversation: "a" },
      { id: "2", q: "北京市每年开展多少场主题宣讲？" },
      { id: "3", q: "持续了多少年？", conversation: "a" },
      { id: "4", q: "持续了多少年？", conversation: "b" },
    ].map((l) => JSON.stringify(l)).join("\n") + "\n";
    const io = captureIo(tempDir(), input);
    const { calls, ask } = recorder();
    assert.equal(await runBatch(io, ask), 0);
    assert.deepEqual(calls.map((c) => c.context), [
      undefined,
      undefined,
      { question: "红色“1+1”党支部共建活动组织了多少个学生党支部？", citations: [{ chunkId: "c-红色“1+1”党支部共建活动组织了多少个学生党支部？", source: "a.txt" }] },
      undefined,
    ]);
    const out = io.out().trim().split("\n").map((l) => JSON.parse(l) as { id: string; followUp?: boolean });
    assert.deepEqual(out.map((o) => o.id), ["1", "2", "3", "4"]);
    assert.equal(out[2].followUp, true);
  });

  it("gives every line's id back as it came, a number as a number, on answers and on failures alike", async () => {
    const input = ['{"id": 7, "q": "持续了多少年？"}', '{"id": 8, "q": ""}', '{"id": "9", "q": "持续了多少年？"}', '{"id": 1.5, "q": 3}'].join("\n");
    const io = captureIo(tempDir(), input);
    const { ask } = recorder();
    const failing = async (q: string, options: AskOptions) => {
      if (!q) throw new (await import("../../../src/errors.js")).UsageError("the question is empty", { code: "QUESTION_EMPTY" });
      return ask(q, options);
    };
    await runBatch(io, failing);
    const out = io.out().trim().split("\n").map((l) => JSON.parse(l) as { id?: unknown; error?: { code: string } });
    assert.deepEqual(out.map((o) => [o.id, o.error?.code]), [[7, undefined], [8, "QUESTION_EMPTY"], ["9", undefined], [1.5, "USAGE"]]);
  });

  it("keeps a conversation going past a line that fails", async () => {
    const input = ['{"q": "第一个问题？", "conversation": 7}', '{"q": "", "conversation": 7}', '{"q": "它呢？", "conversation": 7}'].join("\n");
    const io = captureIo(tempDir(), input);
    const { calls, ask } = recorder();
    const failing = async (q: string, options: AskOptions) => {
      if (!q) throw new (await import("../../../src/errors.js")).UsageError("the question is empty", { code: "QUESTION_EMPTY" });
      return ask(q, options);
    };
    await runBatch(io, failing);
    assert.equal((calls[1].context as { question: string }).question, "第一个问题？");
    assert.match(io.out().split("\n")[1], /QUESTION_EMPTY/);
  });

  it("refuses a line whose fields have the wrong type, naming the field, and keeps unrelated conversations apart", async () => {
    const input = [
      '{"id": "n", "q": 123}',
      '{"id": {"x": 1}, "q": "问题？"}',
      '{"q": "红色“1+1”党支部共建活动组织了多少个学生党支部？", "conversation": {"user": 1}}',
      '{"q": "持续了多少年？", "conversation": {"user": 2}}',
      '{"id": 5, "q": "持续了多少年？", "conversation": 5}',
    ].join("\n");
    const io = captureIo(tempDir(), input);
    const { calls, ask } = recorder();
    assert.equal(await runBatch(io, ask), 0);
    const out = io.out().trim().split("\n").map((l) => JSON.parse(l) as { id?: string | number; found: boolean; error?: { code: string; message: string } });
    assert.equal(out.length, 5, "one output line per input line");
    assert.deepEqual(out.map((o) => o.error?.code), ["USAGE", "USAGE", "USAGE", "USAGE", undefined]);
    assert.match(out[0].error!.message, /line 1: "q" must be a string/);
    assert.equal(out[0].id, "n");
    assert.equal(out[1].error!.message, '第 2 行："id" 必须是字符串或数字', "in the language of the line's question");
    assert.equal(out[2].error!.message, '第 3 行："conversation" 必须是字符串或数字');
    assert.equal(out[4].id, 5, "a numeric id comes back a number, as it was sent");
    assert.deepEqual(calls, [{ q: "持续了多少年？", context: undefined }], "only the well-formed line is asked, with no conversation of another line");
  });
});

describe("ask batch input encodings", () => {
  const batch = async (bytes: Buffer) => {
    const io = { ...captureIo(tempDir()), stdin: Readable.from([bytes]) };
    const { calls, ask } = recorder();
    assert.equal(await runBatch(io, ask), 0);
    return { calls, out: io.out().trim().split("\n").map((l) => JSON.parse(l) as { id?: string; question: string; error?: { code: string; message: string } }), err: io.err() };
  };

  it("asks GBK and Big5 questions as written, ids and conversations kept", async () => {
    const lines = ['{"id": "a", "q": "红色“1+1”党支部共建活动组织了多少个学生党支部？", "conversation": 1}', '{"id": "b", "q": "持续了多少年？", "conversation": 1}', "北京市每年开展多少场主题宣讲？"];
    const gbk = await batch(iconv.encode(lines.join("\r\n") + "\r\n", "gbk"));
    assert.deepEqual(gbk.calls.map((c) => c.q), ["红色“1+1”党支部共建活动组织了多少个学生党支部？", "持续了多少年？", "北京市每年开展多少场主题宣讲？"]);
    assert.equal((gbk.calls[1]!.context as { question: string }).question, "红色“1+1”党支部共建活动组织了多少个学生党支部？");
    assert.deepEqual(gbk.out.map((o) => o.id), ["a", "b", undefined]);
    assert.equal(gbk.err, "");
    const big5 = await batch(iconv.encode('{"id": "t", "q": "宣講活動覆蓋了多少名師生？"}\n臺北市每年開展多少場主題宣講？\n', "big5"));
    assert.deepEqual(big5.calls.map((c) => c.q), ["宣講活動覆蓋了多少名師生？", "臺北市每年開展多少場主題宣講？"]);
  });

  it("answers a line it cannot decode with INPUT_UNDECODABLE, keeping its id, says the hint once on stderr, and goes on", async () => {
    const input = Buffer.concat([
      Buffer.from('{"id": "u", "q": "红色“1+1”党支部共建活动组织了多少个学生党支部？"}\n'),
      Buffer.from('{"id": "g", "q": "'), iconv.encode("持续了多少年？", "gbk"), Buffer.from('"}\n'),
      iconv.encode("北京有多少所高校？\n", "gbk"),
      Buffer.from("宣讲活动覆盖了多少名师生？\n"),
    ]);
    const { calls, out, err } = await batch(input);
    assert.equal(out.length, 4, "one output line per input line");
    assert.deepEqual(out.map((o) => [o.id, o.error?.code]), [["u", undefined], ["g", "INPUT_UNDECODABLE"], [undefined, "INPUT_UNDECODABLE"], [undefined, undefined]]);
    assert.equal(out[1]!.error!.message, "line 2: not valid UTF-8, the input's encoding as found at line 1");
    assert.deepEqual(calls.map((c) => c.q), ["红色“1+1”党支部共建活动组织了多少个学生党支部？", "宣讲活动覆盖了多少名师生？"], "no mojibake is asked");
    assert.equal(
      err,
      "citebot: line 2: not valid UTF-8, the input's encoding as found at line 1 (write every line in one encoding, UTF-8 best) [INPUT_UNDECODABLE]\n" +
        '2 line(s) could not be answered (see "error" in the output)\n',
    );
  });
});

describe("ask batch ids", () => {
  it("gives a number id back as the line wrote it, a 64-bit id too (JSON.parse would round it)", async () => {
    const input = ['{"id": 9007199254740993, "q": "一？"}', '{"q": "\\"id\\": 7", "id": 1e2}', '{"id": 12, "q": "二？", "meta": {"id": 3}}', '{"id": 18446744073709551615, "q": ""}', '{"id": "9007199254740993", "q": "三？"}'].join("\n") + "\n";
    const io = captureIo(tempDir(), input);
    await runBatch(io, recorder().ask);
    const ids = io.out().trim().split("\n").map((l) => /^\{"id":([^,]+),/.exec(l)?.[1]);
    assert.deepEqual(ids, ["9007199254740993", "1e2", "12", "18446744073709551615", '"9007199254740993"']);
    for (const l of io.out().trim().split("\n")) JSON.parse(l); // still JSON
  });
});

describe("ask batch on shutdown", () => {
  it("stops after the line it is answering when shut down (Ctrl-C, SIGTERM), without waiting for more input, and exits 130", { timeout: 10_000 }, async () => {
    const stdin = new PassThrough(); // a producer that never ends its input
    const shutdown = new AbortController();
    const io = { ...captureIo(tempDir()), stdin, shutdown: shutdown.signal };
    const { calls, ask } = recorder();
    const asking = async (q: string, options: AskOptions) => {
      const answer = await ask(q, options);
      if (calls.length === 2) shutdown.abort(); // Ctrl-C while the second line is answered
      return answer;
    };
    stdin.write("第一个问题？\n第二个问题？\n第三个问题？\n");
    assert.equal(await runBatch(io, asking), 130);
    assert.deepEqual(calls.map((c) => c.q), ["第一个问题？", "第二个问题？"]);
    assert.equal(io.out().trim().split("\n").length, 2, "the line being answered is finished");
  });
});

describe("ask batch: failed lines echo the question", () => {
  it("echoes a q of spaces as the empty question, as a blank line is", async () => {
    const io = captureIo(tempDir(), ['{"id": 1, "q": "  "}', "   ", '{"q": "\\t问题 "}'].join("\n"));
    const empty = async (q: string): Promise<Answer> => {
      throw new (await import("../../../src/errors.js")).UsageError(`the question is empty: ${q.length}`, { code: q.trim() ? "QUESTION_TOO_LONG" : "QUESTION_EMPTY" });
    };
    await runBatch(io, empty);
    const out = io.out().trim().split("\n").map((l) => JSON.parse(l) as { question: string; error: { code: string } });
    assert.deepEqual(out.map((o) => [o.question, o.error.code]), [["", "QUESTION_EMPTY"], ["", "QUESTION_EMPTY"], ["问题", "QUESTION_TOO_LONG"]]);
  });
});
