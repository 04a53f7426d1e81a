import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import type { Excerpt } from "../../src/answer/evidence.js";
import { Subjects } from "../../src/answer/subject.js";
import type { Engine } from "../../src/engine.js";
import type { LoadedIndex } from "../../src/index/types.js";
import { analyzer, BUNDLED_DOC, testApp, workspace } from "../helpers/workspace.js";

/** A second document about another city, with facts parallel to the bundled one's and one the bundled one lacks. */
const SHANGHAI = `上海市深入推进“大思政课”建设

上海市认真学习贯彻党的二十大精神，推动思政课改革创新。

上海市每年开展600余场主题宣讲活动，覆盖师生30余万人次。上海市建成48个青少年航天科普营地，每年接待学生10万人次。
`;

describe("Subject agreement (two cities' documents)", () => {
  let engine: Engine;
  before(async () => {
    const ws = await workspace({ "shanghai.txt": SHANGHAI });
    copyFileSync(BUNDLED_DOC, path.join(ws.corpus, "beijing-education-2023.txt"));
    engine = await openEngine(testApp(ws.corpus, ws.index));
  });

  it("does not answer a question about Beijing with the Shanghai sentence", async () => {
    const answer = await engine.ask("北京市每年开展多少场主题宣讲？");
    assert.ok(!answer.citations.some((c) => c.source === "shanghai.txt"), JSON.stringify(answer.citations.map((c) => c.source)));
    assert.doesNotMatch(answer.answer, /600余场/);
  });

  it("answers the same question about Shanghai from the Shanghai document", async () => {
    const answer = await engine.ask("上海市每年开展多少场主题宣讲？");
    assert.equal(answer.found, true);
    assert.equal(answer.citations[0].source, "shanghai.txt");
    assert.match(answer.answer, /600余场/);
  });

  it("offers what the documents say about the other city, as not found", async () => {
    const answer = await engine.ask("北京市建成了多少个青少年航天科普营地？");
    assert.equal(answer.found, false);
    assert.deepEqual(answer.citations, []);
    assert.equal(answer.otherSubject?.asked, "北京市");
    assert.equal(answer.otherSubject?.subject, "上海市");
    assert.equal(answer.otherSubject?.citations[0].source, "shanghai.txt");
    assert.match(answer.answer, /上海市/);
  });
});

describe("Subject agreement (an English name stated before the excerpt's chunk)", () => {
  const { fold } = analyzer();
  const filler = "The archive grew every year and the mirrors followed it. ".repeat(60);
  const parts = [filler, "Hartmut\n    Koptein started the first port for the Motorola m68k family. ", "He reports that after three months I uploaded 200 packages. ", "Later releases dropped the port again. "];
  const text = parts.join("");
  let at = 0;
  const chunks = parts.map((p, i) => {
    const chunk = { id: `c${i}`, source: "history.txt", start: at, end: at + p.length, line: 1, paragraph: 1, text: p };
    at += p.length;
    return chunk;
  });
  const index = { docs: [{ source: "history.txt", title: "history", text }], chunks, chunkDoc: Uint32Array.from(chunks.map(() => 0)) } as unknown as Pick<LoadedIndex, "docs" | "chunks" | "chunkDoc">;
  const subjects = new Subjects(index, fold, () => []);
  const excerpt = (ordinal: number): Excerpt => ({ ordinal, start: chunks[ordinal].start, end: chunks[ordinal].end, coverage: 1, score: 1, core: chunks[ordinal], missing: [] });
  const name = [{ text: "hartmut koptein", tag: "name" }];

  it("finds the name in the chunk just before, though wrapped across lines", () => {
    assert.equal(subjects.agree([excerpt(2)], name).agreeing, 1);
  });

  it("not two chunks before", () => {
    const check = subjects.agree([excerpt(3)], name);
    assert.equal(check.agreeing, 0);
    assert.deepEqual(check.excerpts[0].missing, ["hartmut koptein"]);
  });
});

describe("Subject agreement (an English question's names, as written)", () => {
  const { fold } = analyzer();
  const texts = ["Ada is a language named after Ada Lovelace. It was designed in 1979.", "Grace Hopper coined the adage that it is easier to ask forgiveness. She was named Woman of the Year in 1969."];
  const chunks = texts.map((text, i) => ({ id: `c${i}`, source: `d${i}.txt`, start: 0, end: text.length, line: 1, paragraph: 1, text }));
  const index = { docs: texts.map((text, i) => ({ source: `d${i}.txt`, title: `d${i}`, text })), chunks, chunkDoc: Uint32Array.from([0, 1]) } as unknown as Pick<LoadedIndex, "docs" | "chunks" | "chunkDoc">;
  const subjects = new Subjects(index, fold, () => []);
  const excerpt = (ordinal: number): Excerpt => ({ ordinal, start: 0, end: texts[ordinal].length, coverage: 1, score: 1, core: chunks[ordinal], missing: [] });

  it("are whole words: \"Ada\" is not in \"adage\"", () => {
    const named = subjects.named("Who was Ada named after?", [], []);
    assert.deepEqual(named.map((s) => s.name), ["Ada"]);
    const check = subjects.agree([excerpt(1), excerpt(0)], named);
    assert.equal(check.agreeing, 1);
    assert.equal(check.excerpts[0].ordinal, 0);
  });

  it("take acronyms and names with inner capitals whole", () => {
    assert.deepEqual(subjects.named("When was the IBM PC released, and who wrote TeX?", [], []).map((s) => s.name), ["IBM PC", "TeX"]);
  });
});
