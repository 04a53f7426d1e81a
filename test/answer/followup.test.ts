import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import { asksAboutNamedPerson, followUpContext, followUpEvidenceWords, isElliptic, lacksSubject, movesOn, nextTurn, preferCited, refersBack, resolveFollowUp, subjectPhrase } from "../../src/answer/followup.js";
import type { Engine } from "../../src/engine.js";
import type { RetrievedChunk } from "../../src/retrieve/retriever.js";
import type { Chunk } from "../../src/types.js";
import { analyzer, BUNDLED_CORPUS, tempDir, testApp, workspace } from "../helpers/workspace.js";

describe("isElliptic", () => {
  for (const q of ["那2022年呢？", "那么上海呢", "还有别的吗？", "2022年呢？", "上海呢？", "为什么？", "怎么做的？", "And in 2022?", "What about Shanghai?", "how about them", "Why?", "2022?", "why is that?"]) {
    it(`treats 「${q}」 as a follow-up`, () => assert.equal(isElliptic(q), true));
  }
  for (const q of ["北京有多少所高校试点开设思政选修课？", "怀进鹏是谁？", "什么是大思政课？", "How many laboratories did the school open in 2023?", "Who is the minister of education?"]) {
    it(`treats 「${q}」 as self-contained`, () => assert.equal(isElliptic(q), false));
  }
});

describe("refersBack", () => {
  for (const q of ["它持续了多少年？", "他出生于哪一年？", "她的丈夫是谁？", "其总部设在哪里？", "该活动持续了多久？", "這個活動持續了多久？", "牠吃什麼？", "When was it founded?", "What did they build?"]) {
    it(`hears a pronoun in 「${q}」`, () => assert.equal(refersBack(q), true));
  }
  for (const q of ["其他高校有哪些？", "吉他有几根弦？", "应该怎么申请？", "其中有多少名学生？", "北京有多少所高校？", "Who founded the university?"]) {
    it(`hears none in 「${q}」`, () => assert.equal(refersBack(q), false));
  }
});

describe("lacksSubject", () => {
  const tags = (q: string) => analyzer().tag(q);
  for (const q of ["持续了多少年？", "在哪一年获得诺贝尔奖？", "有多少人口？", "出生地在哪里？", "2007年，被指控的罪名有哪些？", "23岁时做了什么？", "什么时候正式结束运动生涯？"]) {
    it(`finds no subject in 「${q}」`, () => assert.equal(lacksSubject(tags(q)), true));
  }
  for (const q of ["北京市每年开展多少场主题宣讲？", "2023年全国教育工作会议在哪里召开？", "多少所高校试点开设思政选修课？", "How long did it last?"]) {
    it(`finds a subject in 「${q}」`, () => assert.equal(lacksSubject(tags(q)), false));
  }
});

describe("resolveFollowUp", () => {
  const previous = { question: "红色“1+1”党支部共建活动组织了多少个学生党支部？", citations: [{ chunkId: "c1", source: "a.txt" }] };
  const shape = (q: string, namesSubject = false) => ({ namesSubject, tags: analyzer().tag(q) });
  it("leans on the conversation for ellipsis, a pronoun or a missing subject", () => {
    for (const q of ["那冬奥会呢？", "它持续了多少年？", "持续了多少年？"]) assert.deepEqual(resolveFollowUp(q, previous, shape(q)), previous, q);
  });
  it("never bends a question that stands on its own", () => {
    const q = "北京市每年开展多少场主题宣讲？";
    assert.equal(resolveFollowUp(q, previous, shape(q, true)), undefined);
    assert.equal(resolveFollowUp("范廷颂在他的晚年做了什么？", previous, shape("范廷颂在他的晚年做了什么？", true)), undefined, "a pronoun after a name of its own");
  });
  it("takes a string context as a previous question without citations", () => {
    assert.deepEqual(resolveFollowUp("那2022年呢？", "北京2023年新增了多少基地？", shape("那2022年呢？")), { question: "北京2023年新增了多少基地？" });
  });
});

describe("followUpContext and nextTurn", () => {
  it("passes the conversation unless it is the very same question", () => {
    assert.deepEqual(followUpContext("那2022年呢？", "北京2023年新增了多少基地？"), { question: "北京2023年新增了多少基地？" });
    assert.equal(followUpContext("那2022年呢？", undefined), undefined);
    assert.equal(followUpContext("为什么？", "为什么？"), undefined);
  });
  it("keeps the chain's subject question and moves to the passages just cited", () => {
    const citation = { n: 1, source: "a.txt", start: 0, end: 2, line: 1, paragraph: 1, text: "xx", score: 1, chunkId: "c2" };
    const first = { question: "Q1", citations: [{ chunkId: "c1", source: "a.txt" }] };
    assert.deepEqual(nextTurn("它呢？", first, { found: true, citations: [citation], followUp: true }), { question: "Q1", citations: [{ chunkId: "c2", source: "a.txt" }] });
    assert.deepEqual(nextTurn("它呢？", first, { found: false, citations: [], followUp: true }), first, "nothing found: the earlier passages stay");
    assert.deepEqual(nextTurn("Q2", first, { found: true, citations: [citation] }), { question: "Q2", citations: [{ chunkId: "c2", source: "a.txt" }] }, "a stand-alone question starts a new chain");
  });
});

describe("preferCited", () => {
  const chunk = (id: string, source: string, text = "…"): Chunk => ({ id, source, start: 0, end: 1, line: 1, paragraph: 1, text });
  const chunks = [chunk("a1", "a.txt", "红色1+1活动连续17年"), chunk("a2", "a.txt"), chunk("b1", "b.txt"), chunk("b2", "b.txt")];
  const index = { chunks, ordinalOf: (id: string) => chunks.findIndex((c) => c.id === id), fold: (t: string) => t };
  const hit = (ordinal: number, fused: number): RetrievedChunk => ({ ordinal, chunk: chunks[ordinal], fused, similarity: 0 });
  const turn = { question: "Q", citations: [{ chunkId: "a1", source: "a.txt" }] };
  it("ranks the cited document's chunks first and adds the cited passage when the query missed it", () => {
    const ranked = preferCited([hit(2, 1), hit(3, 0.9), hit(1, 0.2)], turn, index, false, 3);
    assert.deepEqual(ranked.map((r) => r.chunk.id), ["a1", "a2", "b1"]);
  });
  it("moves on from the cited passages for a topic they lack", () => {
    assert.equal(movesOn(turn, ["冬奥会"], index), true);
    assert.equal(movesOn(turn, ["红色"], index), false);
    assert.equal(movesOn(turn, [], index), false);
  });
  it("leaves the order alone without citations", () => {
    assert.deepEqual(preferCited([hit(2, 1), hit(0, 0.5)], { question: "Q" }, index, false, 2).map((r) => r.chunk.id), ["b1", "a1"]);
  });
});

describe("subjectPhrase", () => {
  it("takes the words before the first predicate", () => {
    assert.equal(subjectPhrase(analyzer().tag("地球体育场能容纳多少名观众？")), "地球体育场");
    assert.equal(subjectPhrase(analyzer().tag("华西医院起源于哪里？")), "华西医院");
  });
  it("is empty when the question opens with its predicate", () => {
    assert.equal(subjectPhrase(analyzer().tag("持续了多少年？")), "");
  });
});

describe("followUpEvidenceWords", () => {
  const word = (text: string, weight = 1, extra: { entity?: boolean; numeric?: boolean } = {}) => ({ text, weight, numeric: false, ...extra });
  // The retriever's words for 「它是哪个地方的足球俱乐部？」 after 「地球体育场能容纳多少名观众？」: the earlier question's at a quarter weight.
  const own = [word("地方"), word("足球"), word("俱乐部")];
  const words = [...own, word("地球", 0.25), word("体育场", 0.25), word("容纳", 0.25), word("观众", 0.25)];
  const texts = (ws: Array<{ text: string }>) => ws.map((w) => w.text);
  it("drops the earlier question's words that asked for the earlier fact and adds the cited document's title", () => {
    assert.deepEqual(texts(followUpEvidenceWords(words, own, "", [word("摩尔"), word("俱乐部")])), ["地方", "足球", "俱乐部", "摩尔"]);
  });
  it("keeps the earlier question's subject and names, but not its numbers", () => {
    const earlier = [...own, word("地球", 0.25), word("体育场", 0.25), word("1995", 0.25, { numeric: true }), word("莫克姆镇", 0.25, { entity: true }), word("观众", 0.25)];
    assert.deepEqual(texts(followUpEvidenceWords(earlier, own, "1995年地球体育场", [])), ["地方", "足球", "俱乐部", "地球", "体育场", "莫克姆镇"]);
  });
  it("weighs a subject word the title repeats at least as the title's word, and the question's own words as they are", () => {
    const out = followUpEvidenceWords(words, own, "地球体育场", [word("地球", 1), word("足球", 2)]);
    assert.equal(out.find((w) => w.text === "地球")?.weight, 1);
    assert.equal(out.find((w) => w.text === "足球")?.weight, 1);
  });
});

describe("asksAboutNamedPerson", () => {
  const tags = (q: string) => analyzer().tag(q);
  it("hears 他/她 (he, she) after a question whose subject is a name, jieba's or an unknown word", () => {
    assert.equal(asksAboutNamedPerson("他担任什么职务？", tags("怀进鹏出席了什么会议？")), true);
    assert.equal(asksAboutNamedPerson("她在哪里出生？", tags("张韶涵唱了什么歌？")), true);
  });
  it("not for 它, 其他, 他们, nor after a question whose subject is no name", () => {
    assert.equal(asksAboutNamedPerson("它担任什么职务？", tags("怀进鹏出席了什么会议？")), false);
    assert.equal(asksAboutNamedPerson("其他学校呢？", tags("怀进鹏出席了什么会议？")), false);
    assert.equal(asksAboutNamedPerson("他们去了哪里？", tags("怀进鹏出席了什么会议？")), false);
    assert.equal(asksAboutNamedPerson("他担任什么职务？", tags("会议在哪里召开？")), false);
  });
});

describe("Follow-ups in the engine (bundled corpus)", () => {
  let engine: Engine;
  before(async () => {
    engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
  });

  it("answers 「持续了多少年？」 from the sentence the previous answer cited", async () => {
    const first = await engine.ask("红色“1+1”党支部共建活动组织了多少个学生党支部？");
    const turn = nextTurn(first.question, undefined, first);
    const answer = await engine.ask("持续了多少年？", { context: followUpContext("持续了多少年？", turn) });
    assert.equal(answer.followUp, true);
    assert.match(answer.citations[0].text, /^连续17年/, "the quote opens with the sentence that answers, not with a neighbour sharing a word of the document's headline");
    const next = nextTurn("持续了多少年？", turn, answer);
    const olympics = await engine.ask("那冬奥会呢？", { context: next });
    assert.match(olympics.answer, /冬奥/, "a follow-up naming a new topic moves on to it");
  });

  it("answers 「他担任什么职务？」 after 「怀进鹏出席了什么会议？」 about him, not with the document's lead that shares its title's nouns", async () => {
    const first = await engine.ask("怀进鹏出席了什么会议？");
    const q = "他担任什么职务？";
    const answer = await engine.ask(q, { context: followUpContext(q, nextTurn(first.question, undefined, first)) });
    assert.equal(answer.followUp, true);
    assert.match(answer.citations[0]?.text ?? "", /部长怀进鹏/);
  });

  it("answers a stand-alone question the same with or without an unrelated conversation", async () => {
    const first = await engine.ask("红色“1+1”党支部共建活动组织了多少个学生党支部？");
    const q = "2023年全国教育工作会议在哪里召开？";
    const alone = await engine.ask(q);
    const after = await engine.ask(q, { context: nextTurn(first.question, undefined, first) });
    assert.equal(after.followUp, undefined);
    assert.deepEqual(after.citations, alone.citations);
  });
});

/** A club's document whose lead says where it is, then what its stadium holds. */
const CLUB = `青山足球俱乐部

青山足球俱乐部是位于江南省临河镇的足球俱乐部，成立于1951年，现时在甲级联赛中作赛。球队早年由镇上的纺织工人组建，1978年首次升入乙级联赛，2005年又升入甲级联赛，此后多次打入全国杯赛的八强，培养出多名国家队球员。星光体育场是一座足球场，2010年启用，取代了旧球场，成为俱乐部的主场。星光体育场可以容纳8000名观众，其中主看台有3000个坐席，足球俱乐部的球迷看台在两端。
`;

const MUSEUM = `临河博物馆

临河博物馆位于临河镇中心，收藏了两千多件文物，每年接待观众十万人次。
`;

describe("Follow-ups whose subject is the cited document's (club and museum documents)", () => {
  let engine: Engine;
  before(async () => {
    const ws = await workspace({ "club.txt": CLUB, "museum.txt": MUSEUM });
    engine = await openEngine(testApp(ws.corpus, ws.index));
  });

  it("answers 「它是哪个地方的足球俱乐部？」 about the club, not again with the stadium the earlier question asked about", async () => {
    const first = await engine.ask("星光体育场能容纳多少名观众？");
    assert.match(first.answer, /8000名观众/);
    const q = "它是哪个地方的足球俱乐部？";
    const answer = await engine.ask(q, { context: followUpContext(q, nextTurn(first.question, undefined, first)) });
    assert.equal(answer.followUp, true);
    assert.match(answer.answer, /江南省临河镇/);
  });
});
