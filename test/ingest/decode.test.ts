import assert from "node:assert/strict";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { decodeAs, decodeBytes, decodeLossy } from "../../src/ingest/decode.js";

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

  it("decodes UTF-16 LE and BE without a BOM, told by the side its zero bytes fall on, and still refuses binary", () => {
    const text = `年度报告\n${TEXT}\nThe report covers 2024.\n`;
    assert.deepEqual(decodeBytes(Buffer.from(text, "utf16le")), { text, encoding: "utf-16le-no-bom" });
    const be = Buffer.from(text, "utf16le");
    be.swap16();
    assert.deepEqual(decodeBytes(be), { text, encoding: "utf-16be-no-bom" });
    // Binary data has zeros on both sides; NULs read as UTF-16 are no text either.
    assert.equal(decodeBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3, 0, 0, 0x10, 0, 0, 0x20])), undefined);
    assert.equal(decodeBytes(Buffer.alloc(64)), undefined);
    assert.equal(decodeBytes(Buffer.from("abcd\u0000\u0000efgh", "latin1")), undefined);
  });

  it("detects GBK / GB18030 Chinese text automatically", () => {
    const gbk = iconv.encode(TEXT, "gbk");
    assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk));
    assert.deepEqual(decodeBytes(gbk), { text: TEXT, encoding: "gb18030" });
  });

  it("detects Big5 Traditional Chinese text, which GB18030 would read as other characters", () => {
    const traditional = "「夜柔吠陀」與阿闥婆吠陀均可以作為研究哪一門語言的參考？臺北市立圖書館，民國七十年。";
    const big5 = iconv.encode(traditional, "big5");
    assert.notEqual(iconv.decode(big5, "gb18030"), traditional);
    assert.deepEqual(decodeBytes(big5), { text: traditional, encoding: "big5" });
    assert.deepEqual(decodeBytes(iconv.encode("宣講活動覆蓋了多少名師生？", "big5")), { text: "宣講活動覆蓋了多少名師生？", encoding: "big5" });

    const vendor = Buffer.concat([iconv.encode(traditional.repeat(10), "big5"), Buffer.from([0x81, 0x40]), iconv.encode("完。", "big5")]);
    const read = decodeBytes(vendor);
    assert.equal(read?.encoding, "big5", "a rare character no table has does not make the file GB18030");
    assert.ok(read?.text.startsWith(traditional) && read.text.includes("\ufffd"));
  });

  it("keeps GBK text GBK, Traditional characters written in GBK too, and reads one ambiguous character as GB18030", () => {
    const traditional = "「夜柔吠陀」與阿闥婆吠陀均可以作為研究哪一門語言的參考？";
    assert.deepEqual(decodeBytes(iconv.encode(traditional, "gbk")), { text: traditional, encoding: "gb18030" });
    assert.deepEqual(decodeBytes(iconv.encode("宣讲活动覆盖了多少名师生？", "gbk")), { text: "宣讲活动覆盖了多少名师生？", encoding: "gb18030" });
    assert.equal(decodeBytes(iconv.encode("馬", "big5"))?.encoding, "gb18030");
  });

  it("decodes in a given encoding strictly, or with U+FFFD to show what was refused", () => {
    assert.equal(decodeAs(iconv.encode("北京有多少所高校？", "gbk"), "gb18030"), "北京有多少所高校？");
    assert.equal(decodeAs(iconv.encode("臺北有幾所大學？", "big5"), "big5"), "臺北有幾所大學？");
    assert.equal(decodeAs(Buffer.from("北京", "utf8"), "utf-8"), "北京");
    assert.equal(decodeAs(iconv.encode("北京", "gbk"), "utf-8"), undefined);
    assert.equal(decodeAs(Buffer.from([0x41, 0xb1]), "gb18030"), undefined, "a lead byte without its second byte");
    assert.equal(decodeAs(Buffer.from([0xa4, 0x30]), "big5"), undefined, "a second byte Big5 does not have");
    assert.equal(decodeAs(Buffer.from([0x81, 0x40]), "big5"), undefined, "a well-formed pair that names no character");
    assert.equal(decodeLossy(Buffer.from([0x41, 0xff, 0x42]), "utf-8"), "A\ufffdB");
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
