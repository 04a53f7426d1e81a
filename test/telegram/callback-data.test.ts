import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodePassageRef, encodePassageRef, PassageRefStore } from "../../src/telegram/callback-data.js";
import { MemoryRefTable } from "../../src/state/memory.js";

describe("passage callback data", () => {
  it("round-trips a reference in at most 64 bytes", () => {
    const ref = { chunkId: "c3b09a7c7917b", start: 1234, end: 98765, lang: "zh" as const };
    const data = encodePassageRef(ref)!;
    assert.equal(data, "p:c3b09a7c7917b:ya:247h:z");
    assert.ok(Buffer.byteLength(data) <= 64);
    assert.deepEqual(decodePassageRef(data), ref);
  });

  it("rejects forged or malformed payloads", () => {
    for (const data of ["", "p:", "p:a:1:0:z", "p:a:1:1:z", "p:a:-1:2:z", "p:a b:0:1:z", "p:a:0:1:x", "p:a:0:1", "q:a:0:1:z", "p:a:0:1:z:extra", "p:a:zzzzzzzzzzzz:1:z"]) {
      assert.equal(decodePassageRef(data), undefined, data);
    }
  });

  it("does not encode ids that would not fit or contain separators", () => {
    assert.equal(encodePassageRef({ chunkId: "x".repeat(60), start: 0, end: 1, lang: "en" }), undefined);
    assert.equal(encodePassageRef({ chunkId: "a:b", start: 0, end: 1, lang: "en" }), undefined);
  });

  it("keeps long ids in a bounded table that forgets the oldest", async () => {
    const store = new PassageRefStore(new MemoryRefTable(2));
    const long = (i: number) => ({ chunkId: `sha256-${"f".repeat(56)}-${i}`, start: 0, end: 5, lang: "en" as const });
    const a = await store.encode(long(1));
    const b = await store.encode(long(2));
    const c = await store.encode(long(3));
    for (const d of [a, b, c]) assert.ok(Buffer.byteLength(d) <= 64);
    assert.equal(await store.decode(a), undefined, "evicted");
    assert.deepEqual(await store.decode(c), long(3));
    assert.equal(PassageRefStore.langOf(a), "en");
    assert.equal(await store.decode("r:zz:e"), undefined);
  });

  it("trusts nothing a shared table returns: a malformed stored value is a stale button", async () => {
    const table = new MemoryRefTable<unknown>();
    const store = new PassageRefStore(table);
    const key = await table.put({ chunkId: "x", start: 5, end: 2, lang: "zh" });
    assert.equal(await store.decode(`r:${key}:z`), undefined);
  });
});
