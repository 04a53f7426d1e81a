import { Embeddings } from "@langchain/core/embeddings";
import { HashingEmbeddings } from "../../src/embed/hashing.js";
import type { Embedder } from "../../src/types.js";
import { promises as fs } from "node:fs";
import path from "node:path";
import { runMain } from "../../src/cli/main.js";
import { analyzer, captureIo, workspace } from "./workspace.js";

/** Wraps the hashing embedder, counting documents embedded and optionally failing after N. */
export class CountingEmbeddings extends Embeddings {
  embedded = 0;
  constructor(private readonly inner = new HashingEmbeddings(analyzer()), private readonly failAfter = Infinity) {
    super({});
  }
  async embedDocuments(texts: string[]) {
    if (this.embedded + texts.length > this.failAfter) throw new Error("simulated crash during embedding");
    this.embedded += texts.length;
    return this.inner.embedDocuments(texts);
  }
  async embedQuery(text: string) {
    return this.inner.embedQuery(text);
  }
}

export function counting(failAfter = Infinity): Embedder & { embeddings: CountingEmbeddings } {
  return { info: { id: "hash-v2-d512", provider: "hash", dimensions: 512 }, embeddings: new CountingEmbeddings(undefined, failAfter) };
}

export const DOCS = {
  "a.txt": Array.from({ length: 12 }, (_, i) => `第${i + 1}段讲述了项目${i + 1}的情况，共有${i * 7 + 3}名成员参加。`).join("\n\n"),
  "b.md": "# 天文\n\n太阳系有八大行星。木星是最大的行星。\n\n地球距离太阳约1.5亿公里。",
};

/** A workspace with DOCS indexed by `citebot index`, and a folder outside the corpus for files to add. */
export async function indexedWorkspace() {
  const ws = await workspace(DOCS);
  const common = ["--corpus", ws.corpus, "--index", ws.index];
  const io = captureIo(ws.root);
  if ((await runMain(["index", ...common], io)) !== 0) throw new Error(io.err());
  const outside = path.join(ws.root, "incoming");
  await fs.mkdir(outside);
  return { ws, common, outside };
}
