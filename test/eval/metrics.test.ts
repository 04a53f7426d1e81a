import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exactMatch, f1Score, firstRelevantRank, mixedSegmentation, percentile, removePunctuation, summariseRanks } from "../../src/eval/metrics.js";

describe("CMRC 2018 metrics", () => {
  it("segments CJK characters one by one and other runs into words, punctuation removed on request", () => {
    assert.deepEqual(mixedSegmentation("近2万个 students，「共建」"), ["近", "2", "万", "个", "students", "，", "「", "共", "建", "」"]);
    assert.deepEqual(mixedSegmentation("近2万个 students，「共建」", true), ["近", "2", "万", "个", "students", "共", "建"]);
    assert.equal(removePunctuation(" 《八篇书》 "), "八篇书");
  });

  it("EM compares after removing punctuation and case; the best gold answer counts", () => {
    assert.equal(exactMatch(["八篇书", "《八篇书》"], "《八篇书》"), 1);
    assert.equal(exactMatch(["NBA"], "nba"), 1);
    assert.equal(exactMatch(["1928年"], "1928"), 0);
    assert.equal(exactMatch(["1928年"], undefined), 0);
  });

  it("F1 is over the longest common contiguous run of segments", () => {
    // gold 近2万个 (4 segments), prediction 2万个学生 (5): common run 2万个 = 3 → P 3/5, R 3/4
    const f1 = f1Score(["近2万个"], "2万个学生");
    assert.ok(Math.abs(f1 - (2 * 0.6 * 0.75) / (0.6 + 0.75)) < 1e-9);
    assert.equal(f1Score(["近2万个"], "近2万个"), 1);
    assert.equal(f1Score(["北京"], "上海"), 0);
    assert.equal(f1Score(["北京"], undefined), 0);
    // a non-contiguous overlap does not count beyond its longest run
    assert.ok(f1Score(["甲乙丙丁"], "甲乙X丙丁") < f1Score(["甲乙丙丁"], "甲乙丙丁X"));
  });

  it("summarises ranks into Recall@k and MRR@10; percentiles by nearest rank", () => {
    const s = summariseRanks([1, 2, 6, 0, 21]);
    assert.deepEqual([s.recallAt1, s.recallAt5, s.recallAt20], [0.2, 0.4, 0.6]);
    assert.ok(Math.abs(s.mrrAt10 - (1 + 0.5 + 1 / 6) / 5) < 1e-9);
    assert.equal(firstRelevantRank(["a", "b", "c"], (x) => x === "c"), 3);
    assert.equal(firstRelevantRank(["a"], () => false), 0);
    assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
    assert.equal(percentile([], 50), 0);
  });
});
