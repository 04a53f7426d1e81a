/**
 * Binary forms of the document texts (docs.bin) and chunk table (chunks.bin).
 * Measured against the JSON files they replace (scripts/bench-perf, "formats"):
 * texts are stored as UTF-16LE, which decodes without transcoding and is smaller
 * than JSON-escaped UTF-8 for Chinese; the chunk table is columns of uint32.
 */
import type { Chunk, SourceDoc } from "../types.js";

export interface StoredDoc {
  source: string;
  title: string;
  text: string;
  /** PDF: start offset in `text` of each page (see SourceDoc.pages); absent in indexes written before citebot-docs/2. */
  pages?: number[];
  /** Headings, ascending by start (see SourceDoc.sections); absent when the document has none or the index predates citebot-docs/2. */
  sections?: NonNullable<SourceDoc["sections"]>;
}

/** /2 adds optional per-document pages and sections to the header; /1 (no pages, no sections) is still read. */
const DOCS_FORMAT = "citebot-docs/2";
const DOCS_FORMAT_V1 = "citebot-docs/1";
const CHUNKS_FORMAT = "citebot-chunks/1";

interface DocsHeader {
  format: string;
  count: number;
  units: number;
  sources: string[];
  titles: string[];
  /** /2: per document, its page starts or null. */
  pages?: Array<number[] | null>;
  /** /2: per document, its headings as [start, level, heading] or null. */
  sections?: Array<Array<[number, number, string]> | null>;
}

interface ChunksHeader {
  format: string;
  count: number;
  idBytes: number;
}

export function encodeDocs(docs: StoredDoc[]): Buffer {
  const offsets = new Uint32Array(docs.length + 1);
  docs.forEach((d, i) => (offsets[i + 1] = offsets[i] + d.text.length));
  const header: DocsHeader = {
    format: DOCS_FORMAT, count: docs.length, units: offsets[docs.length], sources: docs.map((d) => d.source), titles: docs.map((d) => d.title),
    pages: docs.map((d) => d.pages ?? null),
    sections: docs.map((d) => (d.sections?.length ? d.sections.map((s) => [s.start, s.level, s.heading] as [number, number, string]) : null)),
  };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const offsetsAt = align8(4 + json.length);
  const textAt = align8(offsetsAt + offsets.byteLength);
  const out = Buffer.alloc(textAt + offsets[docs.length] * 2);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  Buffer.from(offsets.buffer).copy(out, offsetsAt);
  docs.forEach((d, i) => out.write(d.text, textAt + offsets[i] * 2, "utf16le"));
  return out;
}

export function decodeDocs(bytes: Buffer): StoredDoc[] {
  const header = readHeader<DocsHeader>(bytes, [DOCS_FORMAT, DOCS_FORMAT_V1], "document store");
  const offsetsAt = align8(4 + bytes.readUInt32LE(0));
  const textAt = align8(offsetsAt + (header.count + 1) * 4);
  if (bytes.length !== textAt + header.units * 2 || header.sources.length !== header.count || header.titles.length !== header.count) {
    throw new Error("document store has the wrong size");
  }
  const offsets = u32(bytes, offsetsAt, header.count + 1);
  if (offsets[0] !== 0 || offsets[header.count] !== header.units) throw new Error("inconsistent document store");
  const docs: StoredDoc[] = new Array(header.count);
  for (let i = 0; i < header.count; i++) {
    if (offsets[i + 1] < offsets[i]) throw new Error("inconsistent document store");
    const doc: StoredDoc = { source: header.sources[i], title: header.titles[i], text: bytes.toString("utf16le", textAt + offsets[i] * 2, textAt + offsets[i + 1] * 2) };
    const pages = header.pages?.[i];
    if (pages) doc.pages = checkedStarts(pages, doc.text.length, "page");
    const sections = header.sections?.[i];
    if (sections) {
      doc.sections = sections.map(([start, level, heading]) => ({ start, heading, level }));
      checkedStarts(doc.sections.map((s) => s.start), doc.text.length, "section");
      if (doc.sections.some((s) => typeof s.heading !== "string" || !Number.isInteger(s.level))) throw new Error("inconsistent document store: bad section");
    }
    docs[i] = doc;
  }
  return docs;
}

export function encodeChunks(chunks: Chunk[], chunkDoc: ArrayLike<number>): Buffer {
  const n = chunks.length;
  const ids = Buffer.from(chunks.map((c) => c.id).join("\n"), "utf8");
  if (chunks.some((c) => c.id.includes("\n"))) throw new Error("chunk ids must not contain newlines");
  const json = Buffer.from(JSON.stringify({ format: CHUNKS_FORMAT, count: n, idBytes: ids.length } satisfies ChunksHeader), "utf8");
  const columnsAt = align8(4 + json.length);
  const flagsAt = columnsAt + 5 * n * 4;
  const idsAt = align8(flagsAt + n);
  const out = Buffer.alloc(idsAt + ids.length);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  const columns = new Uint32Array(out.buffer, out.byteOffset + columnsAt, 5 * n);
  chunks.forEach((c, i) => {
    columns[i] = chunkDoc[i];
    columns[n + i] = c.start;
    columns[2 * n + i] = c.end;
    columns[3 * n + i] = c.line;
    columns[4 * n + i] = c.paragraph;
    out[flagsAt + i] = c.chrome ? 1 : 0;
  });
  ids.copy(out, idsAt);
  return out;
}

export function decodeChunks(bytes: Buffer, docs: StoredDoc[]): { chunks: Chunk[]; chunkDoc: Uint32Array } {
  const header = readHeader<ChunksHeader>(bytes, [CHUNKS_FORMAT], "chunk table");
  const n = header.count;
  const columnsAt = align8(4 + bytes.readUInt32LE(0));
  const flagsAt = columnsAt + 5 * n * 4;
  const idsAt = align8(flagsAt + n);
  if (bytes.length !== idsAt + header.idBytes) throw new Error("chunk table has the wrong size");
  const columns = u32(bytes, columnsAt, 5 * n);
  const ids = n ? bytes.toString("utf8", idsAt, idsAt + header.idBytes).split("\n") : [];
  if (ids.length !== n) throw new Error("chunk table ids are damaged");
  const chunkDoc = columns.slice(0, n);
  const chunks: Chunk[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const doc = docs[chunkDoc[i]];
    const start = columns[n + i];
    const end = columns[2 * n + i];
    if (!doc || end > doc.text.length || start > end) throw new Error(`chunk ${i} points outside its document`);
    const chunk: Chunk = { id: ids[i], source: doc.source, start, end, line: columns[3 * n + i], paragraph: columns[4 * n + i], text: doc.text.slice(start, end) };
    if (bytes[flagsAt + i] === 1) chunk.chrome = true;
    chunks[i] = chunk;
  }
  return { chunks, chunkDoc };
}

/** Offsets ascending within [0, length]. */
function checkedStarts(starts: unknown, length: number, what: string): number[] {
  if (!Array.isArray(starts)) throw new Error(`inconsistent document store: bad ${what} starts`);
  starts.forEach((s, k) => {
    if (!Number.isInteger(s) || s < 0 || s > length || (k > 0 && s < starts[k - 1])) throw new Error(`inconsistent document store: bad ${what} starts`);
  });
  return starts as number[];
}

/** `formats[0]` is the one written; the others are older ones still read. */
function readHeader<T extends { format: string }>(bytes: Buffer, formats: readonly string[], what: string): T {
  if (bytes.length < 4) throw new Error(`truncated ${what}`);
  const length = bytes.readUInt32LE(0);
  if (4 + length > bytes.length) throw new Error(`truncated ${what}`);
  let header: T;
  try {
    header = JSON.parse(bytes.toString("utf8", 4, 4 + length)) as T;
  } catch {
    throw new Error(`${what} header is corrupted`);
  }
  if (!formats.includes(header.format)) throw new Error(`${what} format ${JSON.stringify(header.format)}, expected ${formats[0]}`);
  return header;
}

/** A Uint32Array view of bytes[at, at + 4n), copied only when unaligned. */
function u32(bytes: Buffer, at: number, n: number): Uint32Array {
  const offset = bytes.byteOffset + at;
  if (offset % 4 === 0) return new Uint32Array(bytes.buffer, offset, n);
  return new Uint32Array(bytes.buffer.slice(offset, offset + n * 4));
}

function align8(n: number): number {
  return n + ((8 - (n % 8)) % 8);
}
