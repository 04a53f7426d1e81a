import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runMain } from "../../src/cli/main.js";
import { DEFAULT_ENGINE } from "../../src/engine.js";
import { parseEvalSet } from "../../src/eval/dataset.js";
import { formatHoldout, gateComparison, holdoutSplit, runHoldout, runSilent, silentSplit } from "../../src/eval/holdout.js";
import { BUNDLED_CORPUS, captureIo, tempDir, testApp } from "../helpers/workspace.js";
import { promises as fs } from "node:fs";
import path from "node:path";

/** A tiny SQuAD-style set: eight one-paragraph articles on unrelated topics, two questions each. */
const ARTICLES: Array<[string, string, Array<[string, string]>]> = [
  ["乌石渔港", "乌石渔港位于台湾宜兰县头城镇，是宜兰县最大的渔港。渔港于1991年开始兴建，2003年完工启用。", [["乌石渔港位于哪个县？", "宜兰县"], ["乌石渔港哪一年完工启用？", "2003年"]]],
  ["尤金袋鼠", "尤金袋鼠是袋鼠科中细小的成员，分布在澳洲南部岛屿及西岸地区。牠们的体重约为七公斤。", [["尤金袋鼠分布在哪些地区？", "澳洲南部岛屿及西岸地区"], ["尤金袋鼠的体重约为多少？", "七公斤"]]],
  ["故宫", "北京故宫始建于1406年，占地面积约72万平方米，是明清两代的皇家宫殿。故宫有大小宫殿七十多座。", [["北京故宫占地面积约多少？", "72万平方米"], ["故宫是哪两代的皇家宫殿？", "明清两代"]]],
  ["泡泡战士", "泡泡战士是韩国Nexon开发的游戏，中国大陆由盛大游戏运营。玩家的生命数耗完即算死亡。", [["泡泡战士由哪家公司开发？", "Nexon"], ["泡泡战士在中国大陆由谁运营？", "盛大游戏"]]],
  ["天坛", "天坛位于北京东城区，是明清两代皇帝祭天祈谷的场所。天坛的祈年殿高38米。", [["祈年殿有多高？", "38米"], ["天坛是皇帝做什么的场所？", "祭天祈谷"]]],
  ["光学", "光学是研究光的行为和性质的物理学分支。牛顿在1704年出版了著作《光学》。", [["牛顿在哪一年出版了《光学》？", "1704年"], ["光学研究的是什么？", "光的行为和性质"]]],
  ["麻省理工学院", "麻省理工学院位于美国马萨诸塞州剑桥市，创立于1861年，以理工科见长。", [["麻省理工学院位于哪座城市？", "剑桥市"], ["麻省理工学院创立于哪一年？", "1861年"]]],
  ["慈禧太后", "慈禧太后生于1835年，是清朝咸丰帝的妃嫔，同治帝的生母，晚清的实际统治者。", [["慈禧太后生于哪一年？", "1835年"], ["慈禧太后是哪位皇帝的生母？", "同治帝"]]],
];

function squad(): string {
  return JSON.stringify({
    data: ARTICLES.map(([title, context, qas], a) => ({
      title, paragraphs: [{ context, qas: qas.map(([question, answer], q) => ({ id: `a${a}q${q}`, question, answers: [{ text: answer }] })) }],
    })),
  });
}

describe("the hold-out refusal protocol", () => {
  const set = parseEvalSet(squad(), "tiny");

  it("keeps articles, leaves out a seeded share, and drops held-out questions whose answer the corpus still holds", () => {
    assert.equal(set.articles!.length, 8);
    const a = holdoutSplit(set, 0.25, 7);
    const b = holdoutSplit(set, 0.25, 7);
    assert.deepEqual([...a.files.keys()], [...b.files.keys()], "the same seed gives the same split");
    assert.equal(a.files.size, 6);
    assert.equal(a.heldOutArticles, 2);
    assert.equal(a.present.length, 12);
    assert.equal(a.heldOut.length + a.dropped, 4);
    for (const text of a.files.values()) assert.match(text, /^.+\n\n.+\n$/, "title, blank line, the paragraphs");
    assert.notDeepEqual([...holdoutSplit(set, 0.25, 8).files.keys()], [...a.files.keys()], "another seed, another split");
    const withAnswerElsewhere = parseEvalSet(JSON.stringify({ data: [
      { title: "x", paragraphs: [{ context: "甲城建于1900年。", qas: [{ id: "x", question: "甲城建于哪一年？", answers: [{ text: "1900年" }] }] }] },
      { title: "y", paragraphs: [{ context: "乙城也建于1900年。", qas: [{ id: "y", question: "乙城建于哪一年？", answers: [{ text: "1900年" }] }] }] },
    ] }), "twins");
    const split = holdoutSplit(withAnswerElsewhere, 0.5, 1);
    assert.equal(split.heldOut.length, 0);
    assert.equal(split.dropped, 1);
  });

  it("takes the sentence answering one question out of a seeded share of the present articles, keeping the article", () => {
    const split = holdoutSplit(set, 0.25, 7);
    const all = silentSplit(set, 0.25, 7, 1);
    assert.deepEqual([...all.files.keys()], [...split.files.keys()], "the same articles as the hold-out split of that seed");
    assert.equal(all.articles, 6, "every present article lost a sentence");
    assert.ok(all.silent.length >= 6, "its question, and any other whose answer went with the sentence");
    const corpus = [...all.files.values()].join("\n");
    for (const item of all.silent) assert.ok(!item.answers.some((a) => corpus.includes(a)), `${item.question}: no gold answer left`);
    for (const [name, text] of all.files) {
      const before = split.files.get(name)!;
      assert.ok(text.length < before.length, name);
      assert.equal(text.split("\n")[0], before.split("\n")[0], "the title stays");
      assert.ok(before.includes(text.slice(text.indexOf("\n\n") + 2).trim().slice(0, 8)), "the rest of the article stays");
    }
    assert.deepEqual(silentSplit(set, 0.25, 7, 1).silent.map((i) => i.id), all.silent.map((i) => i.id), "the same seed, the same sentences");
    assert.equal(silentSplit(set, 0.25, 7, 0).silent.length, 0);
  });

  it("asks the silent questions per gate, with exact citations", async () => {
    const app = testApp(BUNDLED_CORPUS, tempDir());
    const report = await runSilent(app, { set, share: 0.25, seed: 7, silentShare: 1, engines: gateComparison(DEFAULT_ENGINE) });
    assert.equal(report.articles, 6);
    assert.equal(report.asked, silentSplit(set, 0.25, 7, 1).silent.length);
    assert.deepEqual(report.runs.map((r) => r.label), ["before (legacy gate)", "after"]);
    for (const run of report.runs) {
      assert.equal(run.inexact, 0);
      assert.ok(run.refused >= 0 && run.refused <= 1);
    }
  });

  it("asks both groups on one index and reports refusals, false refusals and answer-hit per gate", async () => {
    const app = testApp(BUNDLED_CORPUS, tempDir());
    const report = await runHoldout(app, { set, share: 0.25, seed: 7, engines: gateComparison(DEFAULT_ENGINE), details: true });
    assert.equal(report.runs.length, 2);
    assert.deepEqual(report.runs.map((r) => r.label), ["before (legacy gate)", "after"]);
    assert.equal(report.presentAsked, 12);
    for (const run of report.runs) {
      assert.equal(run.inexact, 0);
      assert.ok(run.citations > 0);
      assert.equal(run.records!.length, report.presentAsked + report.heldOutAsked);
      const held = run.records!.filter((r) => !r.present);
      assert.equal(run.heldOutRefused, held.filter((r) => !r.found).length / held.length);
    }
    const after = report.runs[1];
    assert.ok(after.answerHit >= 0.75, `answer-hit ${after.answerHit}`);
    assert.ok(after.heldOutRefused >= 0.5, `held-out refused ${after.heldOutRefused}`);
    assert.match(formatHoldout(report), /held-out unanswerable refused\s+\d\.\d{3}\s+\d\.\d{3}\n/);
  });

  it("is citebot eval --holdout, with --seed and --gate; bad values are usage errors", async () => {
    const cwd = tempDir();
    const file = path.join(cwd, "tiny.json");
    await fs.writeFile(file, squad());
    const table = captureIo(cwd);
    assert.equal(await runMain(["eval", "--qa", file, "--holdout", "0.25", "--seed", "7"], table), 0);
    assert.match(table.out(), /2 of 8 articles left out \(share 0\.25, seed 7\)/);
    assert.match(table.out(), /before \(legacy gate\)\s+after/);
    const json = captureIo(cwd);
    assert.equal(await runMain(["eval", "--qa", file, "--holdout", "0.25", "--gate", "score", "--json"], json), 0);
    const report = JSON.parse(json.out());
    assert.equal(report.seed, 2);
    assert.deepEqual(report.runs.map((r: { label: string }) => r.label), ["after"]);
    for (const args of [["--holdout", "1"], ["--holdout", "0.2", "--seed", "x"], ["--holdout", "0.2", "--gate", "new"], ["--seed", "3"], ["--holdout", "0.2", "--limit", "3"]]) {
      const io = captureIo(cwd);
      assert.equal(await runMain(["eval", "--qa", file, ...args], io), 2, args.join(" "));
    }
    const jsonl = path.join(cwd, "q.jsonl");
    await fs.writeFile(jsonl, '{"q": "宣讲活动覆盖了多少名师生？", "answers": ["近50万名师生"]}\n');
    const notSquad = captureIo(cwd);
    assert.equal(await runMain(["eval", "--qa", jsonl, "--holdout", "0.2"], notSquad), 2);
    assert.match(notSquad.err(), /SQuAD-style input/);
  });
});
