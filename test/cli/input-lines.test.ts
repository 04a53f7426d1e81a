import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { inputLines } from "../../src/cli/input-lines.js";

/** The lines of these chunks, each as its text or as its error's code and message. */
async function read(...chunks: (Uint8Array | string)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of inputLines((async function* () { yield* chunks; })())) out.push(line.error ? `${line.error.code}: ${line.error.message}` : line.text);
  return out;
}

const cut = (bytes: Uint8Array, ...at: number[]) => [0, ...at].map((start, i) => bytes.subarray(start, [...at, bytes.length][i]));

const SIMPLIFIED = ["红色“1+1”党支部共建活动组织了多少个学生党支部？", '{"id": 2, "q": "宣讲活动覆盖了多少名师生？"}'];
const TRADITIONAL = ["紅色「1+1」黨支部共建活動組織了多少個學生黨支部？", '{"id": 2, "q": "宣講活動覆蓋了多少名師生？"}'];

describe("batch input lines", () => {
  it("reads UTF-8 with or without a BOM, and UTF-16 with one", async () => {
    const text = SIMPLIFIED.join("\n") + "\n";
    assert.deepEqual(await read(Buffer.from(text)), SIMPLIFIED);
    assert.deepEqual(await read(Buffer.from("\ufeff" + text)), SIMPLIFIED);
    assert.deepEqual(await read(...cut(Buffer.from("\ufeff" + text), 1, 2, 7)), SIMPLIFIED, "a BOM and a character split between chunks");
    assert.deepEqual(await read(text), SIMPLIFIED, "a stream of strings");
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    assert.deepEqual(await read(...cut(le, 1, 9)), SIMPLIFIED);
    const be = Buffer.from(text, "utf16le").swap16();
    assert.deepEqual(await read(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), SIMPLIFIED);
  });

  it("reads GBK and Big5 questions as the document loader reads such files, lines split anywhere", async () => {
    const gbk = iconv.encode(SIMPLIFIED.join("\r\n") + "\r\n", "gbk");
    assert.deepEqual(await read(gbk), SIMPLIFIED);
    assert.deepEqual(await read(...cut(gbk, 1, 5, gbk.indexOf(0x0d) + 1)), SIMPLIFIED, "a character and a CRLF split between chunks");
    assert.deepEqual(await read(iconv.encode(TRADITIONAL.join("\n"), "big5")), TRADITIONAL);
    assert.deepEqual(await read(iconv.encode(TRADITIONAL.join("\r"), "big5")), TRADITIONAL, "CR alone ends a line, as in readline");
  });

  it("tells Big5 from GBK by the lines received with the first, and keeps the encoding for the lines after", async () => {
    // 馬 alone reads as GB18030 too; the lines that came with it say Big5.
    const lines = ["馬", ...TRADITIONAL];
    const big5 = lines.map((l) => iconv.encode(l + "\n", "big5"));
    assert.deepEqual(await read(Buffer.concat(big5)), lines);
    assert.deepEqual(await read(Buffer.concat(big5.slice(1)), big5[0]!), [...TRADITIONAL, "馬"], "a later chunk keeps the first chunk's encoding");
  });

  it("keeps blank lines, and ASCII lines whatever the encoding", async () => {
    assert.deepEqual(await read(Buffer.concat([Buffer.from("\nWhat?\r\n\r\n"), iconv.encode("北京？\n", "gbk")])), ["", "What?", "", "北京？"]);
    assert.deepEqual(await read(""), []);
  });

  it("says which line cannot be decoded and why, and goes on", async () => {
    const mixed = Buffer.concat([Buffer.from(SIMPLIFIED[0] + "\n"), iconv.encode("北京有多少所高校？\n", "gbk"), Buffer.from("What?\n" + SIMPLIFIED[1])]);
    assert.deepEqual(await read(mixed), [
      SIMPLIFIED[0],
      "INPUT_UNDECODABLE: line 2: not valid UTF-8, the input's encoding as found at line 1",
      "What?",
      SIMPLIFIED[1],
    ]);
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0x80, 0x0a, 0x41]);
    assert.deepEqual(await read(binary), ["INPUT_UNDECODABLE: line 1: not text in UTF-8, GB18030 (GBK) or Big5", "A"]);
  });

  it("gives each line as soon as it has arrived", async () => {
    const input = new PassThrough();
    const lines = inputLines(input);
    input.write(iconv.encode("北京有多少所高校？\n宣讲", "gbk"));
    assert.deepEqual(await lines.next(), { done: false, value: { text: "北京有多少所高校？" } });
    input.end(iconv.encode("活动覆盖了多少名师生？", "gbk"));
    assert.deepEqual(await lines.next(), { done: false, value: { text: "宣讲活动覆盖了多少名师生？" } });
    assert.equal((await lines.next()).done, true);
  });
});
