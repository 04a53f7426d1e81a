/** Chunks → lexical index: BM25 over the chunk texts. */
import type { Analyzer } from "../search/analyzer.js";
import { Bm25Builder, type Bm25Index, type Bm25Params } from "../search/bm25.js";
import { TextScanner } from "../search/term-scan.js";
import type { Chunk } from "../types.js";

/** The lexical index yields to the event loop this often, so embedding workers are fed meanwhile. */
const LEXICAL_SLICE = 2000;

/** BM25 over the chunks, in chunk order. */
export async function buildLexical(chunks: Chunk[], params: Bm25Params, analyzer: Analyzer): Promise<Bm25Index> {
  const builder = new Bm25Builder(params);
  const add = textAdder(builder, analyzer);
  for (let i = 0; i < chunks.length; i++) {
    add(chunks[i].text);
    if (i % LEXICAL_SLICE === LEXICAL_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return builder.finish();
}

/**
 * How a text's terms reach the builder: scanned term by term, without a string per
 * CJK term, when the analyzer allows it; else as the analyzer's term list. The one
 * place the build meets the analyzer-to-BM25 interface of search/.
 */
function textAdder(builder: Bm25Builder, analyzer: Analyzer): (text: string) => void {
  const scanner = TextScanner.forAnalyzer(analyzer);
  if (scanner) return (text) => builder.addText(text, scanner);
  return (text) => builder.addTerms(analyzer.terms(analyzer.fold(text)));
}
