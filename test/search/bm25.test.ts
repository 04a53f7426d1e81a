import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Bm25Index } from "../../src/search/bm25.js";
import { DEFAULT_BM25, DEFAULT_BM25_SEARCH } from "../../src/search/bm25-options.js";
import { Bm25Builder } from "../../src/search/bm25-builder.js";
import { bm25Corpus } from "../helpers/bm25.js";
import { analyzer } from "../helpers/workspace.js";

/** bm25.bin (citebot-bm25/2) of FIXTURE_TEXTS, as the code before the bm25.ts split wrote it. */
const FIXTURE_TEXTS = ["北京市2023年教育工作要点：全市共有普通高校92所。", "The schools' students were studying 3.14 hours.", "臺灣的大學成立於1928年，學生學習。"];
const FIXTURE =
  "mgAAAHsiZm9ybWF0IjoiY2l0ZWJvdC1ibTI1LzIiLCJwYXJhbXMiOnsiazEiOjEuMiwiYiI6MC43NX0sImF2Z0xlbmd0aCI6MjAuNjY2NjY2NjY2NjY2NjY4LCJ0ZXJtcyI6NTgsInBvc3RpbmdzIjo1OSwiZG9jQ291bnQiOjMsInZvY2FiVW5pdHMiOjExMSwidGZCeXRlcyI6MX0AAAAAAAAEAAAACAAAAAwAAAAOAAAAEgAAABgAAAAfAAAAJAAAACUAAAAmAAAAKAAAACkAAAArAAAALAAAAC4AAAAvAAAAMQAAADIAAAA0AAAANQAAADcAAAA4AAAAOgAAADsAAAA9AAAAPwAAAEEAAABCAAAARAAAAEUAAABHAAAASAAAAEoAAABLAAAATQAAAE4AAABPAAAAUQAAAFIAAABUAAAAVgAAAFcAAABYAAAAWgAAAFsAAABcAAAAXgAAAGAAAABhAAAAYwAAAGQAAABmAAAAZwAAAGkAAABqAAAAbAAAAG0AAABvAAAAAAAAAAAAAAABAAAAAgAAAAMAAAAEAAAABQAAAAYAAAAHAAAACAAAAAkAAAAKAAAACwAAAAwAAAANAAAADgAAAA8AAAAQAAAAEQAAABIAAAATAAAAFAAAABUAAAAWAAAAFwAAABgAAAAZAAAAGgAAABsAAAAcAAAAHQAAAB4AAAAfAAAAIQAAACIAAAAjAAAAJAAAACUAAAAmAAAAJwAAACgAAAApAAAAKgAAACsAAAAsAAAALQAAAC4AAAAvAAAAMAAAADEAAAAyAAAAMwAAADQAAAA1AAAANgAAADcAAAA4AAAAOQAAADoAAAA7AAAAAAAAAAIAAAAAAAAAAQAAAAAAAAABAAAAAQAAAAEAAAABAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAAAAgAAAAIAAAACAAAAAgAAAAIAAAACAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAACAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAAAAgAAAAAAAAACAAAAAgAAAAIAAAACAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACMAAAAFAAAAFgAAAAAAAADaank/gmtHP/qJuT+Ca0c/+om5P/qJuT/6ibk/+om5P9pqeT+Ca0c/gmtHP4JrRz+Ca0c/gmtHP4JrRz+Ca0c/gmtHP4JrRz+Ca0c/2mp5P9pqeT/aank/2mp5P3Nmxj/aank/2mp5P9pqeT+Ca0c/gmtHP+VFkz+Ca0c/2mp5P4JrRz/aank/2mp5P4JrRz+Ca0c/gmtHP4JrRz+Ca0c/gmtHP4JrRz/aank/2mp5P4JrRz/aank/2mp5P9pqeT/aank/2mp5P4JrRz+Ca0c/gmtHP4JrRz+Ca0c/gmtHP4JrRz+Ca0c/AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEDAQEBAQECAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEAAAAAADEAOQAyADgAMgAwADIAMwAzAC4AMQA0ADkAMgBoAG8AdQByAHMAYwBoAG8AbwBsAHMAdAB1AGQAZQBuAHQAcwB0AHUAZAB5AGBOrE6sTgJeXE9cT4GJaFFoUQJecVFxUQlnF1MXU6xO8FPwU35uJ1knWWZbZltmW2BOZlsQYmZbH3XlXeVdXE8CXgJecVF0XnReWWUQYhBiy3pAYlllWWWygG5mbmYakAlnbmYhaH5ufm6EdrlwH3UfdWZbhHYnWct6y3qOTrKAsoDlXYGJgYm5cBqQGpDYmtia2JohaAAA";

describe("BM25 index", () => {
  const an = analyzer();
  const texts = bm25Corpus(500, 3);
  const index = Bm25Builder.build(texts.map((t) => an.terms(an.fold(t))));

  it("loads an index written before, and writes the same bytes for the same texts", () => {
    const old = Buffer.from(FIXTURE, "base64");
    const loaded = Bm25Index.deserialize(old);
    assert.equal(loaded.docCount, 3);
    assert.deepEqual(loaded.params, DEFAULT_BM25);
    assert.equal(loaded.search(an.terms(an.fold("臺灣的大學")), 1)[0].doc, 2);
    const builder = new Bm25Builder();
    for (const t of FIXTURE_TEXTS) builder.addText(t, an);
    assert.deepEqual(builder.finish().serialize(), old);
  });

  it("round-trips through its binary form, aligned or not, and rejects damaged bytes", () => {
    const bytes = index.serialize();
    const again = Bm25Index.deserialize(bytes);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    const unaligned = Bm25Index.deserialize(shifted.subarray(1));
    const query = an.terms(an.fold("北京市教育委员会2023年工作要点"));
    for (const loaded of [again, unaligned]) {
      assert.equal(loaded.docCount, index.docCount);
      assert.deepEqual(loaded.search(query, 20), index.search(query, 20));
      assert.equal(loaded.df("教育"), index.df("教育"));
      assert.deepEqual(loaded.serialize(), bytes);
    }
    assert.throws(() => Bm25Index.deserialize(bytes.subarray(0, bytes.length >> 1)), /truncated|inconsistent/);
    assert.throws(() => Bm25Index.deserialize(bytes.subarray(0, 3)), /truncated/);
    const wrong = Buffer.from(bytes);
    wrong.write("citebot-bm25/9", bytes.indexOf("citebot-bm25/"));
    assert.throws(() => Bm25Index.deserialize(wrong), /format/);
  });

  it("looks terms up in its sorted vocabulary", () => {
    assert.ok(index.df("教育") > 0);
    assert.equal(index.df("不存在"), 0);
    assert.equal(index.df(""), 0);
    assert.ok(index.idf("教育") < index.idf("不存在"));
    const tiny = Bm25Builder.build([["b", "a"], ["c"], ["a", "a"]]);
    assert.deepEqual([tiny.df("a"), tiny.df("b"), tiny.df("c"), tiny.df("d")], [2, 1, 1, 0]);
    assert.deepEqual(["a", "b", "c", "d"].map((t) => tiny.termId(t)), [0, 1, 2, -1]);
  });

  it("answers what a live index asks of a segment: terms by id, list lengths, lengths, df within some documents, a searcher with other statistics", () => {
    const tiny = Bm25Builder.build([["b", "a"], ["c"], ["a", "a", "c"]]);
    assert.deepEqual([0, 1, 2].map((id) => tiny.termText(id)), ["a", "b", "c"]);
    assert.deepEqual([0, 1, 2].map((id) => tiny.listLength(id)), [2, 1, 2]);
    assert.equal(tiny.totalLength(), 6);
    assert.equal(tiny.totalLength(Uint32Array.of(0, 1)), 3);
    assert.deepEqual([...tiny.dfWithin(Uint32Array.of(0, 2))].sort(), [[0, 2], [1, 1], [2, 1]]);
    assert.equal(tiny.searcher({ avgLength: 2 }), tiny.searcher({ avgLength: 2 }), "its own statistics: its own searcher, no new norms");
    const other = tiny.searcher({ avgLength: 4, deleted: Uint32Array.of(2) });
    const hits = other.exhaustive({ ids: [0, 2], weights: [1, 1] }, 5);
    assert.deepEqual(hits.map((h) => h.doc), [1, 0], "document 2 is deleted");
    const norm = 1.2 * (1 - 0.75 + (0.75 * 2) / 4);
    assert.equal(hits[1].score, Math.fround((1 * 1 * 2.2) / (1 + norm)));
  });

  it("searches with its own options over DEFAULT_BM25_SEARCH, and refuses a negative or missing number", () => {
    assert.deepEqual(index.searchOptions, DEFAULT_BM25_SEARCH);
    const bytes = index.serialize();
    const loaded = Bm25Index.deserialize(bytes, { postingBudget: 1000, minLeaders: undefined });
    assert.deepEqual(loaded.searchOptions, { ...DEFAULT_BM25_SEARCH, postingBudget: 1000 });
    assert.deepEqual(loaded.serialize(), bytes, "search options are not stored");
    assert.throws(() => Bm25Index.deserialize(bytes, { postingBudget: -1 }), /postingBudget/);
    assert.throws(() => Bm25Index.deserialize(bytes, { minLeaders: Number.NaN }), /minLeaders/);
  });

  it("has frozen defaults (nothing in src/search is shared mutable state)", () => {
    assert.ok(Object.isFrozen(DEFAULT_BM25) && Object.isFrozen(DEFAULT_BM25_SEARCH));
  });
});
