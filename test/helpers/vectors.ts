import { readFileSync } from "node:fs";
import type { HashingEmbeddings } from "../../src/embed/hashing.js";
import type { VectorMatrix } from "../../src/index/vectors.js";
import { BUNDLED_DOC } from "./workspace.js";

/** The texts embedded into a row-major matrix (in a SharedArrayBuffer when `shared`). */
export function matrixOf(texts: string[], embeddings: HashingEmbeddings, shared = false): VectorMatrix {
  const d = embeddings.dimensions;
  const data = new Float32Array(shared ? new SharedArrayBuffer(texts.length * d * 4) : new ArrayBuffer(texts.length * d * 4));
  texts.forEach((t, i) => embeddings.embedInto(t, data, i * d));
  return { data, count: texts.length, dimensions: d };
}

/** Overlapping slices of the bundled document, of varied length. */
export function sentences(): string[] {
  const text = readFileSync(BUNDLED_DOC, "utf8");
  const out: string[] = [];
  for (let i = 0; i + 40 < text.length; i += 23) out.push(text.slice(i, i + 40 + (i % 60)));
  return out;
}
