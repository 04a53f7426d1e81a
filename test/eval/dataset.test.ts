import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEvalSet } from "../../src/eval/dataset.js";

describe("eval question sets", () => {
  it("reads SQuAD-style JSON: one document per distinct context, gold answers deduplicated", () => {
    const squad = JSON.stringify({
      data: [
        { paragraphs: [{ context: "甲文", qas: [{ id: "1", question: " 问一？ ", answers: [{ text: "甲" }, { text: "甲" }] }, { id: "2", question: "无答案？", answers: [] }] }] },
        { paragraphs: [{ context: "甲文", qas: [{ id: "3", question: "问三？", answers: [{ text: "文" }] }] }, { context: "乙文", qas: [{ question: "问四？", answers: [{ text: "乙" }] }] }] },
      ],
    });
    const set = parseEvalSet(squad, "s");
    assert.equal(set.kind, "squad");
    assert.deepEqual(set.docs, [{ name: "p00001.txt", text: "甲文" }, { name: "p00002.txt", text: "乙文" }]);
    assert.deepEqual(set.items.map((i) => [i.id, i.question, i.answers, i.goldDocs]), [
      ["1", "问一？", ["甲"], ["p00001.txt"]],
      ["3", "问三？", ["文"], ["p00001.txt"]],
      ["q3", "问四？", ["乙"], ["p00002.txt"]],
    ]);
  });

  it("reads SQuAD 2.0's unanswerable questions (is_impossible) as questions without answers, their plausible answers not gold", () => {
    const squad = JSON.stringify({
      version: "v2.0",
      data: [{ paragraphs: [{ context: "甲文", qas: [
        { id: "1", question: "问一？", answers: [{ text: "甲" }], is_impossible: false },
        { id: "2", question: "问二？", answers: [], plausible_answers: [{ text: "文" }], is_impossible: true },
      ] }] }],
    });
    assert.deepEqual(parseEvalSet(squad, "s").items, [
      { id: "1", question: "问一？", answers: ["甲"], goldDocs: ["p00001.txt"] },
      { id: "2", question: "问二？", answers: [] },
    ]);
  });

  it("reads JSON lines of {q, answers}", () => {
    const set = parseEvalSet('{"q": "问一？", "answers": ["甲"]}\n\n{"question": "问二？", "answers": ["乙", 3], "id": 7}\n', "j");
    assert.equal(set.kind, "jsonl");
    assert.equal(set.docs, undefined);
    assert.deepEqual(set.items, [{ id: "line1", question: "问一？", answers: ["甲"] }, { id: "7", question: "问二？", answers: ["乙"] }]);
  });

  it("rejects what it cannot read, with the line", () => {
    assert.throws(() => parseEvalSet('{"q": "ok", "answers": []}\nnot json', "bad.jsonl"), { code: "EVAL_INPUT_INVALID", message: /bad\.jsonl line 2/ });
    assert.throws(() => parseEvalSet('{"answers": ["x"]}', "bad.jsonl"), { code: "EVAL_INPUT_INVALID" });
    assert.throws(() => parseEvalSet('{"data": []}', "empty.json"), { code: "EVAL_INPUT_INVALID" });
  });
});
