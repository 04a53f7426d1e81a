import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeySlots } from "../../src/search/key-slots.js";
import { seededRandom } from "../helpers/random.js";

describe("KeySlots (the open-addressing hash table)", () => {
  it("stores the slot of a new key (answering -1) and answers the stored slot for a known key", () => {
    const table = new KeySlots();
    assert.equal(table.claim(42, 7), -1);
    assert.equal(table.claim(42, 9), 7);
    assert.equal(table.claim(0, 1), -1);
    assert.equal(table.claim(0xffffffff, 2), -1);
    assert.deepEqual([table.claim(0, 5), table.claim(0xffffffff, 5), table.claim(42, 5)], [1, 2, 7]);
  });

  it("keeps every key while it grows far past its initial capacity", () => {
    const table = new KeySlots(2);
    const random = seededRandom(11);
    const keys = [...new Set(Array.from({ length: 50_000 }, () => Math.floor(random() * 0x100000000)))];
    // CJK bigram keys (c1 * 65536 + c2) share their high bits: many collide in the top bits the table hashes to.
    for (let c = 0x4e00; c < 0x4e00 + 2000; c++) keys.push(c * 65536 + 0x4e00);
    keys.forEach((key, i) => assert.equal(table.claim(key, i), -1));
    keys.forEach((key, i) => assert.equal(table.claim(key, -5), i));
  });

  it("forgets every key on clear and is reused", () => {
    const table = new KeySlots();
    for (let round = 0; round < 3; round++) {
      for (let key = 0; key < 5000; key++) assert.equal(table.claim(key * 31, key + round), -1);
      for (let key = 0; key < 5000; key++) assert.equal(table.claim(key * 31, 0), key + round);
      table.clear();
    }
  });

  it("forgets every key on clear through any number of clears, however large the slots", () => {
    const table = new KeySlots(4);
    for (let round = 0; round < 10; round++) {
      const big = (1 << 30) - 1 - round;
      assert.equal(table.claim(7, big), -1);
      assert.equal(table.claim(8, round), -1);
      assert.deepEqual([table.claim(7, 0), table.claim(8, 0)], [big, round]);
      table.clear();
    }
    assert.equal(table.claim(7, 3), -1, "forgotten after the last clear");
  });

  it("refuses an initial capacity that is not a power of two", () => {
    assert.throws(() => new KeySlots(1000), /power of two/);
    assert.throws(() => new KeySlots(1), /power of two/);
  });
});
