/**
 * Allocation-free index terms for bulk work at index time: text is folded by table
 * into a reused buffer, CJK unigrams and bigrams come out as numeric keys (the code
 * unit, or `c1 * 65536 + c2` for a bigram) instead of new strings, and everything
 * between CJK runs is handed to the analyzer's own term function.
 *
 * Nothing is learnt or guessed: the analyzer declares, per UTF-16 unit of folded
 * text, what its term function does with it (`TermRules`), and the analyzer's
 * `scan` is this scanner over those rules (src/search/analyzer.ts). Tests check that
 * the scan gives exactly the analyzer's terms (test/search/term-scan.test.ts).
 */

type TermFn = (folded: string) => string[];

/** Called once per term, in the order the term function returns them: `key` for a CJK unigram/bigram, else `term`. */
export interface TermSink {
  cjk(key: number, length: 1 | 2): void;
  other(term: string): void;
}

// Plain constants in the scanning loop; exported together as UnitClass.
const OTHER = 0;
const CJK = 1;
const CJK_BIGRAM_ONLY = 2;
const SEPARATOR = 3;

/** What a term function does with one UTF-16 unit of folded text. */
export const UnitClass = Object.freeze({
  /** Anything else: handed to `segmentTerms` with the units around it up to the nearest CJK unit. */
  OTHER,
  /** A CJK unit: a term alone, and a bigram with a following CJK unit. */
  CJK,
  /** A CJK unit too common to be a term alone (a stop character); still forms bigrams. */
  CJK_BIGRAM_ONLY,
  /** Yields no term and never joins its neighbours (spaces, punctuation). */
  SEPARATOR,
});

/**
 * An analyzer's term function, declared: its terms of folded text are, left to right,
 * for each CJK unit its unigram (class CJK) then its bigram with the next unit (when
 * that is CJK or CJK_BIGRAM_ONLY), and for each stretch between CJK units that holds
 * an OTHER unit, `segmentTerms` of that stretch.
 */
export interface TermRules {
  /** Class (UnitClass) of each of the 65,536 UTF-16 units. */
  classes: Uint8Array;
  /** Terms of a stretch of folded text that holds no CJK unit. */
  segmentTerms: TermFn;
}

/** Folds text by table and feeds its terms, by the rules given, to a sink. Not reentrant (one reused buffer). */
export class TermScanner {
  private units = new Uint16Array(4096);

  /** `foldTable[c]` is the folded form of unit c (see fold.ts); `rules` apply to folded units. */
  constructor(private readonly foldTable: Uint16Array, private readonly rules: TermRules) {
    if (foldTable.length !== 0x10000 || rules.classes.length !== 0x10000) throw new RangeError("a fold table and unit classes have 65,536 entries");
  }

  /** Feeds the terms of `text`, folded, to `sink`, in the order of rules' term function. */
  scan(text: string, sink: TermSink): void {
    const n = text.length;
    if (n > this.units.length) this.units = new Uint16Array(Math.max(n, this.units.length * 2));
    const { units, foldTable } = this;
    for (let i = 0; i < n; i++) units[i] = foldTable[text.charCodeAt(i)];
    this.scanUnits(units, n, sink);
  }

  private scanUnits(units: Uint16Array, n: number, sink: TermSink): void {
    const { classes, segmentTerms } = this.rules;
    let segment = 0;
    let plain = true; // the pending segment holds separators only
    for (let i = 0; i < n; i++) {
      const c = units[i];
      const kind = classes[c];
      if (kind === SEPARATOR) continue;
      if (kind === OTHER) {
        plain = false;
        continue;
      }
      if (!plain) for (const term of segmentTerms(unitsToString(units, segment, i))) sink.other(term);
      plain = true;
      if (kind === CJK) sink.cjk(c, 1);
      if (i + 1 < n) {
        const d = units[i + 1];
        const next = classes[d];
        if (next === CJK || next === CJK_BIGRAM_ONLY) sink.cjk(c * 65536 + d, 2);
      }
      segment = i + 1;
    }
    if (!plain) for (const term of segmentTerms(unitsToString(units, segment, n))) sink.other(term);
  }
}

function unitsToString(units: Uint16Array, from: number, to: number): string {
  if (to - from <= 16) return String.fromCharCode.apply(null, units.subarray(from, to) as unknown as number[]);
  return Buffer.from(units.buffer, units.byteOffset + from * 2, (to - from) * 2).toString("utf16le");
}
