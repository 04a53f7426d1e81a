/** Chunks → lexical index: BM25 over the chunk texts. */
import type { Analyzer } from "../search/analyzer.js";
import type { Bm25Index } from "../search/bm25.js";
import type { Bm25Params } from "../search/bm25-options.js";
import { Bm25Builder } from "../search/bm25-builder.js";
import type { Chunk } from "../types.js";

/** The lexical index yields to the event loop this often, so embedding workers are fed meanwhile. */
const LEXICAL_SLICE = 2000;

/** BM25 over the chunks, in chunk order; the analyzer feeds each text's terms (no string per CJK term). */
export async function buildLexical(chunks: Chunk[], params: Bm25Params, analyzer: Analyzer): Promise<Bm25Index> {
  const builder = new Bm25Builder(params);
  for (let i = 0; i < chunks.length; i++) {
    builder.addText(chunks[i].text, analyzer);
    if (i % LEXICAL_SLICE === LEXICAL_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return builder.finish();
}
