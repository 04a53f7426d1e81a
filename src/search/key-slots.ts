/**
 * The one open-addressing hash table of the search code: uint32 keys to slots
 * (integers in [0, 2^30)), linear probing, Fibonacci hashing, doubled at half full.
 * Users:
 *   - the per-text term counters of the hashing embedder and of the BM25 builder
 *     (cleared after every text, reused across millions of texts);
 *   - the BM25 builder's vocabulary of CJK terms by numeric key (never cleared).
 *
 * An entry is two int32s side by side (a probe reads one cache line): the key, and
 * `base + slot`. Entries stored before the last `clear` hold values below `base`, so
 * they read as empty and `clear` is O(1): it raises `base` past every slot stored
 * since the previous one.
 */
export class KeySlots {
  private bits: number;
  /** Entry e is table[2e] (the key, as int32) and table[2e + 1] (base + slot; below base when empty). */
  private table: Int32Array;
  /** Values below this are empty entries. At most 2^30, so base + slot fits an int32. */
  private base = 0;
  /** 1 + the largest slot stored since the last clear. */
  private span = 0;
  private count = 0;

  /** `capacity`: initial number of entries, a power of two (the table holds half as many keys before it doubles). */
  constructor(capacity = 1 << 11) {
    if (!(capacity >= 2 && (capacity & (capacity - 1)) === 0)) throw new RangeError(`capacity must be a power of two ≥ 2 (got ${capacity})`);
    this.bits = 31 - Math.clz32(capacity);
    this.table = new Int32Array(2 * capacity).fill(-1);
  }

  /** Forgets every key (keeps the memory). */
  clear(): void {
    this.count = 0;
    this.base += this.span;
    this.span = 0;
    if (this.base > 0x40000000) {
      this.table.fill(-1);
      this.base = 0;
    }
  }

  /** The slot stored for `key`; or, when the key is new, stores `slot` (in [0, 2^30)) for it and returns -1. */
  claim(key: number, slot: number): number {
    const table = this.table;
    const base = this.base;
    const mask = (1 << this.bits) - 1;
    const k = key | 0;
    let s = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const v = table[2 * s + 1];
      if (v < base) break;
      if (table[2 * s] === k) return v - base;
      s = (s + 1) & mask;
    }
    table[2 * s] = k;
    table[2 * s + 1] = base + slot;
    if (slot >= this.span) this.span = slot + 1;
    if (++this.count * 2 > mask + 1) this.grow();
    return -1;
  }

  /** Doubles the table, re-inserting the live entries. */
  private grow(): void {
    const old = this.table;
    const base = this.base;
    const n = 1 << this.bits;
    this.bits++;
    const mask = (1 << this.bits) - 1;
    const table = (this.table = new Int32Array(2 * (mask + 1)).fill(-1));
    for (let i = 0; i < n; i++) {
      const v = old[2 * i + 1];
      if (v < base) continue;
      const k = old[2 * i];
      let s = Math.imul(k, 0x9e3779b1) >>> (32 - this.bits);
      while (table[2 * s + 1] >= base) s = (s + 1) & mask;
      table[2 * s] = k;
      table[2 * s + 1] = v;
    }
  }
}
