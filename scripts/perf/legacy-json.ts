/**
 * The JSON artifacts of the previous index layout (citebot-index/1: docs.json,
 * chunks.json, and LangChain HNSWLib's docstore.json), written from a loaded
 * index and loaded back the way that layout loaded them, to compare with the
 * binary docs.bin / chunks.bin (and no docstore file) that replaced them.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { Document } from "@langchain/core/documents";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import type { StoredDoc } from "../../src/index/records.js";
import type { LoadedIndex } from "../../src/index/types.js";
import type { Chunk } from "../../src/types.js";
import { round } from "./stats.js";

interface EncodedChunks {
  doc: number[];
  start: number[];
  end: number[];
  line: number[];
  paragraph: number[];
  chrome: number[];
  id: string[];
}

export async function writeLegacyJson(index: LoadedIndex, dir: string): Promise<Record<string, number>> {
  const { chunks, chunkDoc, docs } = index;
  const encoded: EncodedChunks = {
    doc: Array.from(chunkDoc), start: chunks.map((c) => c.start), end: chunks.map((c) => c.end), line: chunks.map((c) => c.line),
    paragraph: chunks.map((c) => c.paragraph), chrome: chunks.flatMap((c, i) => (c.chrome ? [i] : [])), id: chunks.map((c) => c.id),
  };
  await fs.writeFile(path.join(dir, "chunks.json"), JSON.stringify(encoded));
  await fs.writeFile(path.join(dir, "docs.json"), JSON.stringify(docs));
  const docstore = chunks.map((_, i) => [String(i), new Document({ pageContent: "", metadata: { i } })]);
  await fs.writeFile(path.join(dir, "docstore.json"), JSON.stringify(docstore));
  const sizes: Record<string, number> = {};
  for (const name of ["docs.json", "chunks.json", "docstore.json"]) sizes[name] = (await fs.stat(path.join(dir, name))).size;
  return sizes;
}

/** Loads the JSON files as citebot-index/1 and HNSWLib.load did; returns time and heap growth. */
export async function legacyJsonLoad(dir: string): Promise<{ ms: number; heapMb: number; keep: number }> {
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t = performance.now();
  const docs = JSON.parse(await fs.readFile(path.join(dir, "docs.json"), "utf8")) as StoredDoc[];
  const e = JSON.parse(await fs.readFile(path.join(dir, "chunks.json"), "utf8")) as EncodedChunks;
  const chrome = new Set(e.chrome);
  const chunks = e.id.map((id, i): Chunk => {
    const doc = docs[e.doc[i]];
    return {
      id, source: doc.source, start: e.start[i], end: e.end[i], line: e.line[i], paragraph: e.paragraph[i],
      text: doc.text.slice(e.start[i], e.end[i]), ...(chrome.has(i) ? { chrome: true } : {}),
    };
  });
  const docstoreEntries = JSON.parse(await fs.readFile(path.join(dir, "docstore.json"), "utf8")) as Array<[string, Document]>;
  const docstore = new SynchronousInMemoryDocstore(new Map(docstoreEntries));
  const ms = round(performance.now() - t, 1);
  globalThis.gc?.();
  const heapMb = Math.round((process.memoryUsage().heapUsed - heap0) / 1e6);
  return { ms, heapMb, keep: chunks.length + docstore._docs.size };
}
