import type { LoadedIndex } from "../index/types.js";
import type { VectorHit } from "../index/vectors.js";
import { loadDictionary } from "../lang/dictionary.js";
import { irregularVariants, spellingVariants } from "../lang/english.js";
import { isChinese, isCjk, writtenLang } from "../lang/script.js";
import type { Analyzer, QueryWord } from "../search/analyzer.js";
import type { Chunk, Embedder } from "../types.js";
import { chineseToEnglish, englishToChinese, type Translation } from "./translate.js";

export interface RetrieverSettings {
  /** Candidates taken from each of the lexical and vector lists before fusion. */
  candidates: number;
  /**
   * Weight of the cosine similarity in the fused score `bm25 / top bm25 + vectorWeight × cosine`.
   * Measured with the hashing embedder, 400-character chunks, gold-paragraph Recall@1 / @5 on
   * CMRC 2018 trial and DRCD test: BM25 alone 0.979 / 0.999 and 0.946 / 0.994; vectors alone
   * 0.749 / 0.890 and 0.681 / 0.827; weighted RRF (k = 60, lexical 0.6, the former default)
   * 0.910 / 0.974 and 0.840 / 0.949 — RRF counts ranks, not margins, so a weaker list drags a
   * sure BM25 hit down. Score fusion at 0.2: 0.978 / 0.999 and 0.947 / 0.994 (0.1–0.5 within
   * ±0.002): BM25's order stands where BM25 is sure; the vectors decide near-ties and add chunks
   * BM25 missed, which matters more with a neural embedder.
   */
  vectorWeight: number;
}

export const DEFAULT_RETRIEVER: RetrieverSettings = { candidates: 40, vectorWeight: 0.2 };

export interface RetrievedChunk {
  ordinal: number;
  chunk: Chunk;
  /** Fused score: BM25 relative to the best BM25 hit plus vectorWeight × cosine (about 0..1.2; page chrome scaled down). */
  fused: number;
  /** Cosine similarity of the query and the chunk vector. */
  similarity: number;
}

export interface Query {
  question: string;
  /** Folded question (plus context) used for matching. */
  folded: string;
  words: QueryWord[];
  terms: string[];
  vector: number[];
  /**
   * The question in the documents' language, when it is asked in another one (an English question
   * over Chinese documents): what evidence selection reads instead of `question`; `words` are then
   * its words (see ./translate.ts).
   */
  translated?: string;
}

/** A question is asked across languages when at least this share of its content words is absent from the index. */
const ABSENT_SHARE = 0.5;
/** Rarity at or above which a word counts as absent. */
const ABSENT = 0.99;
/** Characters of a document read to tell its language, and documents read (evenly spaced) at most. */
const LANGUAGE_SAMPLE = 2000;
const LANGUAGE_DOCS = 200;

/** Page chrome stays findable but ranks below real content. */
const CHROME_FACTOR = 0.25;

/** A name a question quotes, as folding writes it: 《…》, or between ASCII quotes (「…」 and “…” fold to them). */
const QUOTED = /[《"]([^《》"]{2,30})[》"]/g;

/** An index term that is a number (1552, 3.5). */
const NUMBER_TERM = /^\d/;

/** A query word of Latin letters (and digits), the analyzer's stemmed term as it is. */
const LATIN_TERM = /^[a-z][a-z0-9\u00c0-\u024f]*$/;

export class Retriever {
  constructor(
    private readonly index: LoadedIndex,
    private readonly analyzer: Analyzer,
    private readonly embedder: Embedder,
    private readonly settings: RetrieverSettings = DEFAULT_RETRIEVER,
    /** Told when the query could not be embedded or searched (provider or search thread down); retrieval then uses BM25 alone. */
    private readonly onVectorFailure?: (error: unknown) => void,
  ) {}

  /** Analyses a question; a previous question as `context` contributes its words at half weight. */
  async analyse(question: string, context?: string): Promise<Query> {
    const words = this.analyzer.queryWords(question);
    if (context) {
      const own = new Set(words.map((w) => w.text));
      for (const w of this.analyzer.queryWords(context)) if (!own.has(w.text)) words.push({ ...w, weight: w.weight / 2 });
    }
    const variants = isChinese(question) ? [] : this.withVariants(words);
    for (const w of words) w.rarity = Math.min(this.rarity(w.text), ...(w.alternatives ?? []).map((a) => this.rarity(a)));
    const translation = await this.translate(question, words);
    const text = context ? `${question} ${context}` : question;
    const folded = this.analyzer.fold(text);
    if (!translation) {
      const terms = this.analyzer.terms(folded);
      return { question, folded, words, terms: [...terms, ...(isChinese(question) ? this.emphasis(folded, terms) : variants)], vector: await this.embedQuery(text) };
    }
    for (const w of translation.words) w.rarity = this.rarity(w.text);
    const own = translation.words.flatMap((w) => [w.text, ...(w.alternatives ?? [])]).join(" ");
    return {
      question, folded, words: translation.words, translated: translation.question,
      terms: [...this.analyzer.terms(folded), ...this.analyzer.terms(this.analyzer.fold(own))],
      vector: await this.embedQuery(`${text} ${translation.question}`),
    };
  }

  /**
   * The question in the documents' language, when most of its content words are absent from the index
   * and the dictionary translates some: an English question over Chinese documents, or the other way round.
   * The dictionary is loaded here, by the first question that needs it.
   */
  private async translate(question: string, words: QueryWord[]): Promise<Translation | undefined> {
    const content = words.filter((w) => !w.numeric);
    if (content.length === 0 || content.filter((w) => (w.rarity ?? 1) >= ABSENT).length < ABSENT_SHARE * content.length) return undefined;
    const chinese = isChinese(question);
    // Only into a language the documents are written in: an English question about what English documents lack stays English.
    if (!this.languages().has(chinese ? "en" : "zh")) return undefined;
    const present = (word: string) => this.present(word);
    const dictionary = await loadDictionary();
    return chinese ? chineseToEnglish(question, words, present, dictionary) : englishToChinese(question, present, dictionary, (word) => this.verbatim(word));
  }

  /**
   * Query terms a Chinese question's BM25 search counts again. A word written in Latin letters (Koppen, Princeps) or a
   * number (1552) is one index term where a two-character Chinese word is three (its characters and their bigram), so it
   * weighed a third of a Chinese word as rare: it counts three times. A name the question quotes (《遠鄉》, 「Koppen」) is
   * what it is about, yet its terms counted no more than its question words': they count twice. Measured on the hold-out
   * dev splits (seeds 1 and 3), Latin words and quoted names: DRCD false refusals 0.0171 → 0.0157 and 0.0147 → 0.0137 at
   * the same refusals, answer-hit +0.001 to +0.003 on both sets; DRCD's paragraph-per-document eval 0.9007 → 0.9021,
   * CMRC's −0.003 (three questions about a show each of whose paragraphs names it, now answered from another of them).
   * Numbers besides (seeds 1, 3, 5, 6): answer-hit +0.001 to +0.002 on CMRC, false refusals −0.0004 to −0.0013 on both,
   * DRCD refusals −1 question on seeds 5 and 6; the paragraph-per-document eval's Recall@1 0.977 → 0.979 (CMRC) and
   * 0.9488 → 0.9496 (DRCD), answer-hit 0.829 → 0.832 and 0.9007 → 0.9009.
   */
  private emphasis(folded: string, terms: readonly string[]): string[] {
    const extra = terms.filter((t) => LATIN_TERM.test(t) || NUMBER_TERM.test(t)).flatMap((t) => [t, t]);
    for (const [, name] of folded.matchAll(QUOTED)) extra.push(...this.analyzer.terms(name));
    return extra;
  }

  private docLanguages?: ReadonlySet<"zh" | "en">;

  /** Whether a document's text holds `word` as written (a translated name must occur whole, not as bigrams apart). */
  private verbatim(word: string): boolean {
    // The index is asked first: spelling a pinyin name tries ~1,000–2,000 character runs per question, and scanning every
    // document's text for each cost 150 ms over a 3 MB corpus (linear in its size); the index rules out ~95% of them.
    return this.present(word) && this.index.docs.some((d) => d.text.includes(word));
  }

  /** The languages the documents are written in (each sampled document by the start of its text, lang/script.ts writtenLang), found once. */
  private languages(): ReadonlySet<"zh" | "en"> {
    if (!this.docLanguages) {
      const found = new Set<"zh" | "en">();
      const { docs } = this.index;
      const step = Math.max(1, Math.floor(docs.length / LANGUAGE_DOCS));
      for (let i = 0; i < docs.length; i += step) {
        // A document of neither Han nor Latin words (numbers only, another script) is in neither language.
        const lang = writtenLang(docs[i].text.slice(0, LANGUAGE_SAMPLE));
        if (lang) found.add(lang);
        if (found.size === 2) break;
      }
      this.docLanguages = found;
    }
    return this.docLanguages;
  }

  /** Whether the index holds a word: every CJK bigram of it (its character, when it has one), or every term of a Latin word. */
  present(word: string): boolean {
    const { bm25 } = this.index;
    const n = bm25.docCount;
    if (n === 0) return false;
    const terms = this.analyzer.terms(this.analyzer.fold(word));
    const bigrams = terms.filter((t) => t.length === 2 && isCjk(t.charCodeAt(0)) && isCjk(t.charCodeAt(1)));
    const use = bigrams.length ? bigrams : terms;
    const absent = Math.log(1 + (n + 0.5) / 0.5);
    return use.length > 0 && use.every((t) => bm25.idf(t) < absent - 1e-9);
  }

  /** A failing embedding provider must not fail the question: retrieval goes on with BM25 alone (empty vector). */
  private async embedQuery(text: string): Promise<number[]> {
    try {
      return await this.embedder.embeddings.embedQuery(text);
    } catch (error) {
      this.onVectorFailure?.(error);
      return [];
    }
  }

  /**
   * An English question's irregular verbs and British or American spellings, each word given its other forms the index holds as
   * alternatives ("wrote" → written, write; "colour" → color: lang/english.ts irregularVariants, spellingVariants), which match
   * in the evidence and are searched as terms (returned).
   */
  private withVariants(words: QueryWord[]): string[] {
    const added: string[] = [];
    for (const w of words) {
      if (!LATIN_TERM.test(w.text)) continue;
      const held = [...irregularVariants(w.text), ...spellingVariants(w.text)].filter((v) => v !== w.text && this.index.bm25.df(v) > 0);
      if (held.length === 0) continue;
      w.alternatives = [...(w.alternatives ?? []), ...held];
      added.push(...held);
    }
    return added;
  }

  /**
   * A word's IDF relative to that of a term absent from the index (0..1). A CJK word is as
   * common as its commonest character bigram, a single character as itself.
   */
  rarity(word: string): number {
    const { bm25 } = this.index;
    const n = bm25.docCount;
    if (n === 0) return 1;
    // A Latin query word is already its stemmed index term: stemming it again reads another term ("releas" → "relea").
    const terms = LATIN_TERM.test(word) ? [word] : this.analyzer.terms(word);
    const bigrams = terms.filter((t) => t.length === 2 && isCjk(t.charCodeAt(0)) && isCjk(t.charCodeAt(1)));
    const use = bigrams.length ? bigrams : terms;
    if (use.length === 0) return 1;
    const absent = Math.log(1 + (n + 0.5) / 0.5);
    return Math.min(1, Math.min(...use.map((t) => bm25.idf(t))) / absent);
  }

  /**
   * Hybrid retrieval: the BM25 list (char unigrams + bigrams of folded text) and the
   * vector list, fused by score. The vector search is started first and runs beside
   * BM25 when the index searches on worker threads. A chunk the vector list did not
   * return is given the lowest similarity it did return (an upper bound), so exact
   * cosines are only read for the chunks handed back.
   */
  async retrieve(query: Query, limit: number): Promise<RetrievedChunk[]> {
    const { candidates, vectorWeight } = this.settings;
    const { vectors, bm25, chunks } = this.index;
    const vectorSearch = query.vector.length ? vectors.search(query.vector, candidates) : Promise.resolve([]);
    vectorSearch.catch(() => undefined); // awaited below, after BM25
    const lexical = bm25.search(query.terms, candidates);
    let vector: VectorHit[] = [];
    try {
      vector = await vectorSearch;
    } catch (error) {
      this.onVectorFailure?.(error); // the lexical list alone still answers
    }
    const top = lexical[0]?.score || 1;
    const similarity = new Map<number, number>();
    for (const hit of vector) similarity.set(hit.ordinal, hit.similarity);
    const floor = vector.length ? Math.max(0, vector[vector.length - 1].similarity) : 0;
    const fused = new Map<number, number>();
    for (const hit of lexical) fused.set(hit.doc, hit.score / top + vectorWeight * (similarity.get(hit.doc) ?? floor));
    for (const hit of vector) if (!fused.has(hit.ordinal)) fused.set(hit.ordinal, vectorWeight * Math.max(0, hit.similarity));
    const ranked: Array<{ ordinal: number; fused: number }> = [];
    for (const [ordinal, score] of fused) ranked.push({ ordinal, fused: chunks[ordinal].chrome ? score * CHROME_FACTOR : score });
    ranked.sort((a, b) => b.fused - a.fused || a.ordinal - b.ordinal);
    const kept = ranked.slice(0, limit);
    const unknown = vector.length ? kept.filter((r) => !similarity.has(r.ordinal)).map((r) => r.ordinal) : [];
    if (unknown.length) {
      const exact = await vectors.similarities(query.vector, unknown).catch(() => unknown.map(() => floor));
      unknown.forEach((ordinal, i) => similarity.set(ordinal, exact[i]));
    }
    return kept.map(({ ordinal, fused: score }) => ({ ordinal, chunk: chunks[ordinal], fused: score, similarity: similarity.get(ordinal) ?? 0 }));
  }
}
