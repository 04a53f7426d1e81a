import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isUploadable, uploadSource } from "../../src/library/library.js";
import { defaultUploadName, MAX_NAME_BYTES, safeFileName } from "../../src/library/names.js";

describe("safe upload names", () => {
  it("keep an ordinary name as it is, Chinese included", () => {
    assert.equal(safeFileName("2023年工作报告.pdf"), "2023年工作报告.pdf");
    assert.equal(safeFileName("notes v2.md"), "notes v2.md");
  });

  it("keep only the last path component, so nothing climbs out of uploads/", () => {
    assert.equal(safeFileName("../../etc/passwd"), "passwd");
    assert.equal(safeFileName("a/b.pdf"), "b.pdf");
    assert.equal(safeFileName("..\\..\\windows\\win.ini"), "win.ini");
    assert.equal(uploadSource("../../etc/passwd.txt"), "uploads/passwd.txt");
  });

  it("refuse names with nothing usable left", () => {
    for (const name of ["", "..", ".", "...", "/", "a/..", "\u202e", "   ", "\u0000\u0007"]) assert.equal(safeFileName(name), undefined, JSON.stringify(name));
    assert.throws(() => uploadSource(".."), { name: "LibraryError", code: "DOCUMENT_REFUSED" });
  });

  it("drop control and bidi characters that could disguise a name, and leading dots", () => {
    assert.equal(safeFileName("report\u202egpj.pdf"), "reportgpj.pdf");
    assert.equal(safeFileName("\u202e.pdf"), "pdf");
    assert.equal(safeFileName("a\u0000b\nc.txt"), "abc.txt");
    assert.equal(safeFileName("zero\u200bwidth.txt"), "zerowidth.txt");
    assert.equal(safeFileName(".hidden.txt"), "hidden.txt");
    assert.equal(safeFileName("..config.md"), "config.md");
    assert.equal(safeFileName('a<b>:c"d|e?f*.txt'), "a_b__c_d_e_f_.txt");
  });

  it("cut very long names to the byte limit, keeping the extension and whole characters", () => {
    const latin = safeFileName("x".repeat(1000) + ".pdf")!;
    assert.equal(Buffer.byteLength(latin), MAX_NAME_BYTES);
    assert.ok(latin.endsWith(".pdf"));
    const han = safeFileName("报".repeat(200) + ".docx")!;
    assert.ok(Buffer.byteLength(han) <= MAX_NAME_BYTES);
    assert.match(han, /^报+\.docx$/);
  });

  it("accept the extensions the indexer reads, and nothing else", () => {
    for (const s of ["uploads/a.txt", "uploads/a.MD", "uploads/a.pdf", "uploads/a.docx", "uploads/a.epub", "uploads/a.html"]) assert.equal(isUploadable(s), true, s);
    for (const s of ["uploads/a.exe", "uploads/a.doc", "uploads/pdf", "uploads/a.tar.gz"]) assert.equal(isUploadable(s), false, s);
  });
});

describe("default upload names", () => {
  it("name a nameless upload after its MIME type, parameters and case aside", () => {
    assert.equal(defaultUploadName("application/pdf"), "document.pdf");
    assert.equal(defaultUploadName("application/vnd.openxmlformats-officedocument.wordprocessingml.document"), "document.docx");
    assert.equal(defaultUploadName("Text/Plain; charset=utf-8"), "document.txt");
    assert.equal(isUploadable(uploadSource(defaultUploadName("application/epub+zip"))), true);
  });

  it("give a type the indexer does not read no extension, so it is refused as unsupported", () => {
    assert.equal(defaultUploadName("application/zip"), "document");
    assert.equal(defaultUploadName(undefined), "document");
    assert.equal(isUploadable(uploadSource(defaultUploadName(undefined))), false);
  });
});
