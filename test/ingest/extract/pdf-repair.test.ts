import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { completeTruncatedPdf, looksTruncated } from "../../../src/ingest/extract/pdf-repair.js";
import { readPdf } from "../../../src/ingest/extract/pdf-read.js";

/** A one-page PDF whose catalog and page tree come last (as many writers put them), cut before them. */
const CUT = [
  "%PDF-1.4",
  "1 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj",
  "2 0 obj << /Length 52 >> stream",
  "BT /F1 12 Tf 72 712 Td (Hello from page one) Tj ET",
  "endstream endobj",
  "3 0 obj << /Type /Page /Parent 5 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 1 0 R >> >> /Contents 2 0 R >> endobj",
  "4 0 obj << /Type /Catalog /Pa",
].join("\n");

describe("completing a PDF cut short", () => {
  it("tells a file without its %%EOF", () => {
    assert.equal(looksTruncated(new TextEncoder().encode(CUT)), true);
    assert.equal(looksTruncated(new TextEncoder().encode(`${CUT}\n%%EOF\n`)), false);
  });

  it("gives the pages found a new page tree and catalog when the file's own were cut off, so pdf.js reads them", async () => {
    const completed = completeTruncatedPdf(new TextEncoder().encode(CUT));
    assert.ok(completed);
    const tail = Buffer.from(completed).toString("latin1").slice(CUT.length);
    assert.match(tail, /5 0 obj\n<< \/Type \/Pages \/Kids \[3 0 R\] \/Count 1 >>/);
    assert.match(tail, /trailer\n<< \/Root 6 0 R \/Size 7 >>\n%%EOF\n$/);
    const read = await readPdf(new TextEncoder().encode(CUT));
    assert.equal(read.kind, "ok");
    assert.ok(read.kind === "ok" && read.truncated && read.layout.text.includes("Hello from page one"));
  });

  it("has nothing to complete without a page", () => {
    assert.equal(completeTruncatedPdf(new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Font >> endobj\n2 0 obj << /Len")), undefined);
  });
});
