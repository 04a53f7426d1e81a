/**
 * An open-addressing map from uint32 keys to small integer slots, emptied in O(1)
 * by bumping a stamp: the per-text term counters of the hashing embedder and of
 * the BM25 builder each reuse one across millions of texts without reallocating.
 */
export class StampedKeySlots {
  private bits = 11;
  private keys = new Uint32Array(1 << 11);
  private slots = new Int32Array(1 << 11);
  private stamps = new Uint32Array(1 << 11);
  private stamp = 1;
  private count = 0;

  clear(): void {
    this.count = 0;
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  /** The slot stored for `key`; or, when the key is new, stores `slot` for it and returns -1. */
  claim(key: number, slot: number): number {
    const mask = (1 << this.bits) - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.stamps[s] === this.stamp) {
      if (this.keys[s] === key) return this.slots[s];
      s = (s + 1) & mask;
    }
    this.stamps[s] = this.stamp;
    this.keys[s] = key;
    this.slots[s] = slot;
    if (++this.count * 2 > this.keys.length) this.grow();
    return -1;
  }

  /** Doubles the table, re-inserting the live keys. */
  private grow(): void {
    const { keys, slots, stamps, stamp } = this;
    this.bits++;
    this.keys = new Uint32Array(1 << this.bits);
    this.slots = new Int32Array(1 << this.bits);
    this.stamps = new Uint32Array(1 << this.bits);
    const mask = (1 << this.bits) - 1;
    for (let i = 0; i < keys.length; i++) {
      if (stamps[i] !== stamp) continue;
      let s = Math.imul(keys[i], 0x9e3779b1) >>> (32 - this.bits);
      while (this.stamps[s] === stamp) s = (s + 1) & mask;
      this.stamps[s] = stamp;
      this.keys[s] = keys[i];
      this.slots[s] = slots[i];
    }
  }
}
