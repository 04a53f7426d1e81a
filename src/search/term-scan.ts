/**
 * Allocation-free replay of an index-term function (the analyzer's `terms`) for
 * bulk work at index time: CJK unigrams and bigrams come out as numeric keys
 * (the code unit, or `c1 * 65536 + c2` for a bigram) instead of new strings;
 * everything between CJK runs is handed to the term function itself.
 *
 * Nothing about the term function is assumed: which characters are CJK (form
 * overlapping bigrams), which CJK characters are indexed alone, and which
 * characters are plain separators is learnt by calling it on probes, and
 * `forTerms` refuses (returns undefined) unless the replay reproduces the
 * function exactly on a mixed sample. Callers then use the plain function.
 */

export type TermFn = (folded: string) => string[];

/** Called once per term, in the order the term function returns them: `key` for a CJK unigram/bigram, else `term`. */
export interface TermSink {
  cjk(key: number, length: 1 | 2): void;
  other(term: string): void;
}

const CJK_INDEXED = 1; // forms bigrams and is indexed alone
const CJK_BIGRAM_ONLY = 2; // forms bigrams, dropped alone (stop character)
const SEPARATOR = 3; // yields no term and never joins its neighbours
const OTHER = 4; // anything else: handed to the term function with its segment

const SAMPLE = [
  "北京市2023年教育工作要点：全市共有普通高校92所，在校生约60.5万人。",
  "臺灣的大學，例如國立臺灣大學（NTU）成立於1928年；The schools' students were studying 3.14 hours.",
  "他的名字是什么？这个问题的答案在第3段。日本語のテキスト、한국어 문장, émigré Ёлка 𠀋𡈽 😀 a.b 1.5.7 x-y",
  "　全角ＡＢＣ１２３，“引号”『书名』……！？;;  tab\tand\nnewline 的的的 了了",
].join("\n");

const cache = new WeakMap<TermFn, TermScanner | null>();

export class TermScanner {
  private readonly classes = new Uint8Array(0x10000);

  private constructor(private readonly terms: TermFn) {}

  /** A scanner that replays `terms` exactly, or undefined when it cannot (then use `terms` directly). */
  static forTerms(terms: TermFn): TermScanner | undefined {
    let scanner = cache.get(terms);
    if (scanner === undefined) {
      const candidate = new TermScanner(terms);
      scanner = candidate.replays(SAMPLE) ? candidate : null;
      cache.set(terms, scanner);
    }
    return scanner ?? undefined;
  }

  /** True when scanning `folded` gives exactly `terms(folded)`. */
  replays(folded: string): boolean {
    const expected = this.terms(folded);
    const got: string[] = [];
    this.scan(folded, {
      cjk: (key, length) => got.push(length === 1 ? String.fromCharCode(key) : String.fromCharCode(Math.floor(key / 65536), key % 65536)),
      other: (term) => got.push(term),
    });
    return got.length === expected.length && got.every((t, i) => t === expected[i]);
  }

  /** Feeds the terms of already-folded text to `sink`, in `terms(folded)` order. */
  scan(folded: string, sink: TermSink): void {
    const units = new Uint16Array(folded.length);
    for (let i = 0; i < folded.length; i++) units[i] = folded.charCodeAt(i);
    this.scanUnits(units, units.length, sink);
  }

  /** `scan` over the first n UTF-16 units of already-folded text. */
  scanUnits(units: Uint16Array, n: number, sink: TermSink): void {
    const classes = this.classes;
    let segment = 0;
    let plain = true; // the pending segment holds separators only
    for (let i = 0; i < n; i++) {
      const c = units[i];
      const kind = classes[c] || this.learn(c);
      if (kind === SEPARATOR) continue;
      if (kind === OTHER) {
        plain = false;
        continue;
      }
      if (!plain) for (const term of this.terms(unitsToString(units, segment, i))) sink.other(term);
      plain = true;
      if (kind === CJK_INDEXED) sink.cjk(c, 1);
      if (i + 1 < n) {
        const d = units[i + 1];
        const next = classes[d] || this.learn(d);
        if (next === CJK_INDEXED || next === CJK_BIGRAM_ONLY) sink.cjk(c * 65536 + d, 2);
      }
      segment = i + 1;
    }
    if (!plain) for (const term of this.terms(unitsToString(units, segment, n))) sink.other(term);
  }

  private learn(c: number): number {
    this.classes[c] = this.classify(c);
    return this.classes[c];
  }

  private classify(c: number): number {
    if (c >= 0xd800 && c <= 0xdfff) return OTHER;
    const ch = String.fromCharCode(c);
    const pair = ch + ch;
    const triple = this.terms(ch + ch + ch);
    if (same(triple, [ch, pair, ch, pair, ch])) return same(this.terms(ch), [ch]) ? CJK_INDEXED : OTHER;
    if (same(triple, [pair, pair])) return same(this.terms(ch), []) ? CJK_BIGRAM_ONLY : OTHER;
    // A separator yields nothing and splits its neighbours: "x?x" gives the terms of "x" twice.
    const splits = (w: string) => same(this.terms(`${w}${ch}${w}`), [...this.terms(w), ...this.terms(w)]);
    if (this.terms(ch).length === 0 && splits("x") && splits("1") && splits("中") && splits("ab")) {
      return SEPARATOR;
    }
    return OTHER;
  }
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

function unitsToString(units: Uint16Array, from: number, to: number): string {
  if (to - from <= 16) return String.fromCharCode.apply(null, units.subarray(from, to) as unknown as number[]);
  return Buffer.from(units.buffer, units.byteOffset + from * 2, (to - from) * 2).toString("utf16le");
}

/** The table behind a per-unit fold (every UTF-16 unit maps to exactly one unit): table[c] = fold(c). */
export function foldTableOf(fold: (text: string) => string): Uint16Array {
  const units = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) units[c] = c;
  const folded = fold(unitsToString(units, 0, units.length));
  if (folded.length !== units.length) throw new Error("fold does not map every UTF-16 unit to one unit");
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = folded.charCodeAt(c);
  return table;
}

const foldTables = new WeakMap<(text: string) => string, Uint16Array>();

/**
 * Folds with a table into a reused buffer and scans the result: the index-time
 * path that never builds the folded string or a string per CJK term.
 */
export class TextScanner {
  private units = new Uint16Array(4096);

  constructor(readonly table: Uint16Array, readonly scanner: TermScanner) {}

  /** A scanner equivalent to `terms(fold(text))`, or undefined when the term function cannot be replayed. */
  static forAnalyzer(analyzer: { fold: (text: string) => string; terms: TermFn }): TextScanner | undefined {
    const scanner = TermScanner.forTerms(analyzer.terms);
    if (!scanner) return undefined;
    let table = foldTables.get(analyzer.fold);
    if (!table) {
      table = foldTableOf(analyzer.fold);
      foldTables.set(analyzer.fold, table);
    }
    return new TextScanner(table, scanner);
  }

  scan(text: string, sink: TermSink): void {
    const n = text.length;
    if (n > this.units.length) this.units = new Uint16Array(Math.max(n, this.units.length * 2));
    const { units, table } = this;
    for (let i = 0; i < n; i++) units[i] = table[text.charCodeAt(i)];
    this.scanner.scanUnits(units, n, sink);
  }
}
