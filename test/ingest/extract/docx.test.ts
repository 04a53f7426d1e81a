import assert from "node:assert/strict";
import { describe, it } from "node:test";
import JSZip from "jszip";
import { extractDocument, isSkip } from "../../../src/ingest/extract/index.js";

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A minimal .docx: one paragraph with tracked changes and a footnote marker, and the footnote. */
async function docxWithFootnote(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
  );
  zip.file("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`);
  zip.file("word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="${REL}/footnotes" Target="footnotes.xml"/></Relationships>`);
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t xml:space="preserve">Revenue grew by </w:t></w:r>` +
      '<w:del w:id="1" w:author="a"><w:r><w:delText>ten</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>twelve</w:t></w:r></w:ins>' +
      '<w:r><w:t xml:space="preserve"> percent.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t xml:space="preserve"> The board approved it.</w:t></w:r></w:p></w:body></w:document>',
  );
  zip.file(
    "word/footnotes.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ${W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
      '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Audited figures.</w:t></w:r></w:p></w:footnote></w:footnotes>',
  );
  return zip.generateAsync({ type: "uint8array" });
}

describe("Word .docx extraction", () => {
  it("keeps accepted insertions, leaves deletions out, and lists footnotes at the end without their ↑ back-links", async () => {
    const result = await extractDocument(await docxWithFootnote(), ".docx");
    assert.ok(!isSkip(result));
    assert.equal(result.text, "Revenue grew by twelve percent.[1] The board approved it.\n\n1. Audited figures.");
  });
});
