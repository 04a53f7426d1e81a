/**
 * A PDF cut short (an interrupted download or copy) has lost its end: the cross-reference table and
 * the trailer that names the document's catalog, often the catalog and page tree too. pdf.js rebuilds
 * the cross-references by scanning the objects, but without a trailer (or an object naming the catalog)
 * it gives up on the whole file. `completeTruncatedPdf` appends what is missing so pdf.js can read the
 * pages whose objects survived: a trailer naming the catalog when the catalog and its page tree are in
 * the bytes, else a new page tree of the page objects found (in file order) and a catalog over it. Pure:
 * bytes in, bytes out.
 */

/** The bytes read as Latin-1: one character per byte, so string offsets are byte offsets. */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** A file that ends properly says %%EOF in its last bytes (a few bytes of padding may follow). */
const TAIL = 1024;

/** Whether the file lacks its end: no %%EOF near the end of the bytes. */
export function looksTruncated(bytes: Uint8Array): boolean {
  return !latin1(bytes.subarray(Math.max(0, bytes.length - TAIL))).includes("%%EOF");
}

interface PdfObject {
  num: number;
  gen: number;
  /** The object's dictionary text, up to its stream or end (or the end of the bytes). */
  body: string;
}

const OBJECT = /(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g;
/** How much of an object's start is read for its dictionary keys. */
const DICT_SPAN = 4096;

function objects(text: string): Map<number, PdfObject> {
  const found = new Map<number, PdfObject>();
  for (const m of text.matchAll(OBJECT)) {
    const start = m.index! + m[0].length;
    let body = text.slice(start, start + DICT_SPAN);
    const cut = body.search(/\bstream\b|\bendobj\b/);
    if (cut !== -1) body = body.slice(0, cut);
    // A later object of the same number replaces an earlier one (incremental updates).
    found.set(Number(m[1]), { num: Number(m[1]), gen: Number(m[2]), body });
  }
  return found;
}

const typeOf = (o: PdfObject) => /\/Type\s*\/(\w+)/.exec(o.body)?.[1];

/**
 * The bytes with an end that names a readable catalog, or undefined when they hold no page to read
 * (nothing to do, or object streams hide the pages).
 */
export function completeTruncatedPdf(whole: Uint8Array): Uint8Array | undefined {
  const text = latin1(whole);
  // Cut inside the cross-reference table or the trailer (its dictionary unclosed would swallow the new one): the objects only.
  const lastObject = text.lastIndexOf("endobj");
  const bytes = lastObject !== -1 && /\b(?:xref|trailer)\b/.test(text.slice(lastObject)) ? whole.subarray(0, lastObject + "endobj".length) : whole;
  const all = objects(text.slice(0, bytes.length));
  if (all.size === 0) return undefined;
  const catalog = [...all.values()].reverse().find((o) => typeOf(o) === "Catalog");
  const pagesRef = catalog && /\/Pages\s+(\d+)\s+\d+\s+R/.exec(catalog.body);
  const pageTree = pagesRef ? all.get(Number(pagesRef[1])) : undefined;
  let tail: string;
  if (catalog && pageTree && typeOf(pageTree) === "Pages") {
    tail = `\ntrailer\n<< /Root ${catalog.num} ${catalog.gen} R /Size ${Math.max(...all.keys()) + 1} >>\n`;
  } else {
    const pages = [...all.values()].filter((o) => typeOf(o) === "Page");
    if (pages.length === 0) return undefined;
    const tree = Math.max(...all.keys()) + 1;
    const root = tree + 1;
    tail =
      `\n${tree} 0 obj\n<< /Type /Pages /Kids [${pages.map((p) => `${p.num} ${p.gen} R`).join(" ")}] /Count ${pages.length} >>\nendobj\n` +
      `${root} 0 obj\n<< /Type /Catalog /Pages ${tree} 0 R >>\nendobj\n` +
      `trailer\n<< /Root ${root} 0 R /Size ${root + 1} >>\n`;
  }
  // The last object is likely cut inside its stream: pdf.js ends an object at "endobj", else reads it to the end of
  // the file, swallowing what follows. A stray "endstream endobj" after a whole object is skipped as a token.
  const end = Buffer.from(`\nendstream\nendobj\n${tail}%%EOF\n`, "latin1");
  const out = new Uint8Array(bytes.length + end.length);
  out.set(bytes);
  out.set(end, bytes.length);
  return out;
}
