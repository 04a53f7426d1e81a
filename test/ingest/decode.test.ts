import assert from "node:assert/strict";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { decodeBytes } from "../../src/ingest/decode.js";

const TEXT = "红色“1+1”党支部共建活动，组织近2万个学生党支部。";

describe("decodeBytes", () => {
  it("decodes UTF-8 with and without a BOM, dropping the BOM", () => {
    const plain = Buffer.from(TEXT, "utf8");
    assert.deepEqual(decodeBytes(plain), { text: TEXT, encoding: "utf-8" });
    assert.deepEqual(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain])), { text: TEXT, encoding: "utf-8-bom" });
  });

  it("decodes UTF-16 LE and BE when they carry a BOM", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")]);
    assert.equal(decodeBytes(le)?.text, TEXT);
    const be = Buffer.from(le.subarray(2));
    be.swap16();
    assert.equal(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))?.text, TEXT);
  });

  it("detects GBK / GB18030 Chinese text automatically", () => {
    const gbk = iconv.encode(TEXT, "gbk");
    assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk));
    assert.deepEqual(decodeBytes(gbk), { text: TEXT, encoding: "gb18030" });
  });

  it("refuses binary data", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    assert.equal(decodeBytes(png), undefined);
    const random = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 167 + 13) % 256).filter((b) => b !== 0));
    assert.equal(decodeBytes(random), undefined);
  });

  it("refuses valid UTF-8 made mostly of control characters, rather than calling it lossy", () => {
    const controls = Buffer.from("\x01\x02\x03\x1b\x07ab".repeat(200), "utf8");
    assert.equal(decodeBytes(controls), undefined);
  });

  it("decodes UTF-8 with a rare broken sequence as lossy, and refuses it when it is mostly control characters", () => {
    const text = "正文内容足够长。".repeat(40);
    assert.equal(decodeBytes(Buffer.concat([Buffer.from(text, "utf8"), Buffer.from([0xff])]))?.encoding, "utf-8-lossy");
    assert.equal(decodeBytes(Buffer.concat([Buffer.from("\x01\x02\x03\x1b\x07正文".repeat(200), "utf8"), Buffer.from([0xff])])), undefined);
  });
});
