import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { openEngine } from "../../src/app.js";
import { answerType, fitsType, TYPE_PATTERNS } from "../../src/answer/answer-type.js";
import { coverage, DEFAULT_EVIDENCE, questionBigrams, rareCoverage, selectEvidence, wordMatch } from "../../src/answer/evidence.js";
import { splitSentences } from "../../src/lang/sentences.js";
import type { Engine } from "../../src/engine.js";
import { analyzer, BUNDLED_CORPUS, BUNDLED_DOC, tempDir, testApp, workspace } from "../helpers/workspace.js";

describe("evidence scoring", () => {
  const { fold, queryWords } = analyzer();

  it("reads the kind of answer a question asks for", () => {
    const cases: Array<[string, string]> = [
      ["红色“1+1”党支部共建活动组织了多少个学生党支部？", "quantity"],
      ["故宫的占地面积有多大？", "quantity"],
      ["生产过众多大型舰船的造船厂是哪一间？", "thing"],
      ["清华大学是哪一年建校的？", "time"],
      ["什么时期的欧洲学者爱好使用天城体？", "time"],
      ["2023年全国教育工作会议开了哪几天？", "time"],
      ["怀进鹏担任什么职务？", "role"],
      ["谁发明了电话？", "person"],
      ["乌石渔港在哪里？", "place"],
      ["北京打造了哪些思政课品牌？", "thing"],
      ["北京为什么要联合国家大剧院打造特色课程？", "other"],
    ];
    for (const [q, type] of cases) assert.equal(answerType(fold(q)), type, q);
  });

  it("credits whole words, then bigrams of long words, then single characters", () => {
    const w = (text: string) => ({ text, weight: 1, numeric: /^\d+$/.test(text) });
    assert.equal(wordMatch("组织近2万个学生党支部", w("党支部")), 1);
    assert.equal(wordMatch("关岛原住民自4,000年前即居住于岛上", w("4000")), 1);
    assert.equal(wordMatch("北京冬奥会", w("冬奥精神")), 0.5 / 3);
    assert.equal(wordMatch("始建于1406年", w("修建")), 0.125);
    assert.equal(wordMatch("北京", w("上海")), 0);
    assert.ok(coverage("组织近2万个学生党支部", queryWords("组织了多少个学生党支部？")) === 1);
  });

  it("weights the refusal gate by rarity: missing a rare word costs more than missing a common one", () => {
    const words = [{ text: "怀进鹏", weight: 1.5, numeric: false, rarity: 0.7 }, { text: "出生", weight: 1, numeric: false, rarity: 1 }];
    const common = [{ text: "怀进鹏", weight: 1.5, numeric: false, rarity: 0.7 }, { text: "出生", weight: 1, numeric: false, rarity: 0.1 }];
    assert.ok(rareCoverage("部长怀进鹏出席会议", words) < rareCoverage("部长怀进鹏出席会议", common));
  });

  it("asks for a number next to the question's words, and a date anywhere in their sentence", () => {
    const words = queryWords("北京一共有多少所中小学？");
    assert.equal(fitsType(fold("发挥首都“四个中心”资源优势,组织市内高校智库,建设大中小学思政课一体化基地。"), words, TYPE_PATTERNS.quantity!, 1), false);
    assert.equal(fitsType(fold("北京共有中小学1800余所。"), words, TYPE_PATTERNS.quantity!, 1), true);
    const time = queryWords("國民政府自什麼時候開始實行省及縣兩級制度?");
    assert.equal(fitsType(fold("民國18年，國民政府通令廢道，實行省、縣兩級制。"), time, TYPE_PATTERNS.time!), true);
  });

  it("takes character bigrams of the question without its question words", () => {
    assert.deepEqual(questionBigrams(fold("谁发明了电话？")), ["发明", "明了", "了电", "电话"]);
  });
});

describe("evidence excerpts over the bundled corpus", () => {
  let engine: Engine;
  const text = readFileSync(BUNDLED_DOC, "utf8");
  before(async () => {
    engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
  });

  it("quotes at most about 200 source characters, never a whole multi-sentence chunk, always verbatim", async () => {
    const chunks = new Map(engine.index.chunks.map((c) => [c.id, c]));
    const sentences = splitSentences(text).map((s) => text.slice(s.start, s.end)).filter((s) => s.length > 16);
    let checked = 0;
    for (const sentence of sentences) {
      const answer = await engine.ask(`${sentence.slice(2, 16)}是什么？`);
      if (!answer.found) continue;
      assert.ok(answer.answer.replace(/\[\d+\]/g, "").length <= 205, answer.answer);
      for (const c of answer.citations) {
        assert.equal(c.text, text.slice(c.start, c.end));
        const chunk = chunks.get(c.chunkId)!;
        assert.ok(c.text.length <= 200);
        if (splitSentences(chunk.text).length > 1) assert.ok(!(c.start <= chunk.start && c.end >= chunk.end), `whole chunk quoted: ${c.text}`);
      }
      checked++;
    }
    assert.ok(checked > 20, `only ${checked} answered`);
  });

  it("puts the sentence with the number asked for into the answer and names it", async () => {
    const answer = await engine.ask("服务乡村振兴的团队一共奔赴了多少个乡村？");
    assert.match(answer.answer, /119个乡村/);
    assert.equal(answer.shortAnswer, "119个");
    assert.ok(answer.citations[0].text.includes(answer.shortAnswer!));
  });
});

describe("evidence excerpts stay in their paragraph", () => {
  it("a short paragraph before or after the answer (an HTML <p>) is not pulled into the excerpt, nor a heading", async () => {
    const ws = await workspace({
      "notice.html":
        "<h1>票价调整</h1><p>本馆今年新增两个展厅。</p><p>自2024年5月1日起，成人票价调整为&euro;25，儿童票价为&euro;12.5。</p><p>请提前预约。</p>" +
        "<h2>开放时间</h2><p>每天九点开馆，十七点闭馆，周一闭馆，节假日照常开放。</p>",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const price = await engine.ask("成人票价调整为多少？");
    assert.equal(price.citations[0]?.text, "自2024年5月1日起，成人票价调整为€25，儿童票价为€12.5。");
    const hours = await engine.ask("节假日照常开放吗？");
    assert.match(hours.citations[0]?.text ?? "", /^每天九点开馆/);
  });

  it("never runs into the next paragraph's lead sentence (issue 16: 「…贡献青春力量。」 then 「营造浓厚氛围,吹响接续奋斗“冲锋号”。」)", async () => {
    const engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
    const text = readFileSync(BUNDLED_DOC, "utf8");
    for (const q of ["首都高校师生服务乡村振兴行动计划组建了多少支团队？", "为服务乡村振兴战略贡献了什么？", "组建100支团队奔赴多少个省份？"]) {
      const answer = await engine.ask(q);
      for (const c of answer.citations) {
        assert.doesNotMatch(c.text, /\n[ \t\u3000]*\n/, `${q}: ${c.text}`);
        assert.ok(!c.text.includes("营造浓厚氛围"), `${q}: ${c.text}`);
        assert.equal(c.text, text.slice(c.start, c.end));
      }
    }
  });

  it("takes the sentence before one that refers back to it inside (由此, 称之为), since that is what it names", async () => {
    const ws = await workspace({
      "heart.txt": "鱼类的心脏只有一心房一心室。心室收缩时，含氧量低的血液由此被送进动脉，再流向鳃部进行气体交换。鳃部的血液含氧量较高。\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("含氧量低的血液会经由什么被送进动脉中？");
    assert.match(answer.citations[0]?.text ?? "", /^鱼类的心脏只有一心房一心室。心室收缩时/);
  });

  it("takes the sentence before one that opens with a month or 同年, where its year is", async () => {
    const ws = await workspace({
      "zhang.txt": "1918年，张作霖的势力扩展到整个东北。9月，北京政府任命张作霖为东三省巡阅使。1919年3月，张作霖下令恢复开办东三省陆军讲武堂。\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("北京政府在哪一年任命张作霖担任东三省巡阅使？");
    assert.match(answer.citations[0]?.text ?? "", /^1918年，张作霖的势力扩展到整个东北。9月，北京政府任命/);
  });

  it("quotes the paragraph under a heading that says more than the question, not the heading alone (「票价调整了吗？」)", async () => {
    for (const heading of ["三、票价调整方案", "（一）票价调整情况", "## 票价调整说明"]) {
      const ws = await workspace({
        "notice.md": `市公共交通调整通知\n\n为进一步优化城市公共交通服务，市交通局决定对部分线路进行调整。\n\n${heading}\n\n` +
          "自2024年3月1日起，地铁起步票价由2元调整为3元，公交票价保持不变。\n\n线路调整\n\n12路公交车延伸至高新区南站。\n",
      });
      const engine = await openEngine(testApp(ws.corpus, ws.index));
      for (const q of ["票价调整了吗？", "票价调整情况如何？"]) {
        assert.match((await engine.ask(q)).citations[0]?.text ?? "", /^自2024年3月1日起，地铁起步票价由2元调整为3元/, `${heading}: ${q}`);
      }
    }
  });

  it("still quotes a heading line that answers when the paragraph under it is about something else", async () => {
    const engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
    assert.equal((await engine.ask("这是教育部简报第几期？")).citations[0]?.text, "教育部简报〔2023〕第1期");
  });

  it("quotes a line of its own that confirms a yes/no question saying all it says", async () => {
    const engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
    const yes = await engine.ask("责任编辑是曹建吗？");
    assert.equal(yes.citations[0]?.text, "(责任编辑:曹建)", "not a paragraph about something else");
    assert.match(yes.answer, /^是的。/);
    assert.match((await engine.ask("责任编辑是张伟吗？")).answer, /^不是：文档说是曹建。/);
  });

  it("does not lead with the title or a heading when the question is not about it", async () => {
    const ws = await workspace({
      "report.txt": "Annual report of the city library\n\nOpening hours\n\nThe library opens at nine and closes at five on weekdays. It is closed on public holidays.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("When does the library open on weekdays?");
    assert.equal(answer.found, true);
    assert.match(answer.citations[0].text, /^The library opens at nine/);
  });

  it("reads the dash-led line under the title as its subtitle: never cited for a question not about the title", async () => {
    const engine = await openEngine(testApp(BUNDLED_CORPUS, tempDir()));
    const answer = await engine.ask("Where was the 2023 national education work conference held?");
    assert.equal(answer.found, true);
    assert.ok(answer.citations.every((c) => !c.text.startsWith("——")), answer.citations.map((c) => c.text).join(" | "));
    assert.match(answer.citations[0].text, /在北京召开/);
  });
});

describe("English excerpts", () => {
  it("must hold a version the question names (Debian 12, Python 2), however short, where its paragraph names it", async () => {
    const ws = await workspace({
      "releases.txt": "Debian 1.1 Buzz (June 1996): the first release with a code name. This release was fully ELF and contained 474 packages.\n\n" +
        "Debian 9 Stretch (June 2017): named for the toy octopus. It dropped the powerpc architecture.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.equal((await engine.ask("How many packages did Debian 1.1 contain?")).found, true);
    assert.equal((await engine.ask("How many packages did Debian 11 contain?")).found, false, "11 is not 1.1");
    assert.equal((await engine.ask("What is the code name of Debian 12?")).found, false);
    assert.match((await engine.ask("Which architecture did Debian 9 drop?")).answer, /powerpc/);
  });

  it("are not evidence when no searched passage names a name the question asks about (an acronym never as a common word)", async () => {
    const ws = await workspace({
      "perl.txt": "Perl\n\nPerl is a language started by Larry Wall in 1987. Its syntax is simple once the basics have been mastered.\n",
      "linux.txt": "Linux\n\nLinux is supported by hardware companies such as IBM and Apple. It was first released in 1991.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.equal((await engine.ask("When was Perl started?")).found, true);
    assert.equal((await engine.ask("When was BASIC created?")).found, false, "the basics");
    assert.equal((await engine.ask("When was the IBM PC released?")).found, false);
  });

  it("count the words of the document's title as said by its sentences, which name their subject with she or it", () => {
    const { fold, queryWords } = analyzer();
    const text = "Ada Lovelace\n\nShe wrote the first program for the Analytical Engine in 1843.\n";
    const start = text.indexOf("She");
    const retrieved = [{ ordinal: 0, chunk: { id: "c0", source: "lovelace.txt", start, end: text.length, line: 3, paragraph: 2, text: text.slice(start) }, fused: 1, bm25: 1, similarity: 0.5 }];
    const question = "What did Ada Lovelace program for the Analytical Engine?";
    const words = queryWords(question).map((w) => ({ ...w, rarity: 0.5 }));
    const covered = (title: string) => selectEvidence(question, words, retrieved, () => ({ text, title }), fold)[0].coverage;
    assert.equal(covered("Ada Lovelace"), 1);
    assert.ok(covered("Notes") < 0.7, "the title names the subject the sentence calls she");
  });

  it("read an English entry's title and its section's heading as the subject of sentences that leave their headword out", async () => {
    const ws = await workspace({
      "intercal.txt": "   :INTERCAL: /in't@r.kal/, n.\n\n   A computer language designed by Don Woods and James Lyons in 1972.\n   INTERCAL has many other peculiar features designed to make it unspeakable.\n",
      "gases.md": "# The noble gases\n\n## Neon\n\nAtomic number: 10\n\nNeon glows red in discharge tubes.\n\n## Xenon\n\nAtomic number: 54\n\nXenon is used in flash lamps.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.match((await engine.ask("Who designed INTERCAL?")).answer, /Don Woods/);
    const xenon = await engine.ask("What is the atomic number of xenon?");
    assert.match(xenon.answer, /54/);
    assert.doesNotMatch(xenon.answer, /10/);
  });

  it("answer what an acronym stands for with the sentence that writes it out", async () => {
    const ws = await workspace({
      "rfc.txt": "   :RFC: /R-F-C/, n.\n\n   [Request For Comment] One of a long-established series of numbered Internet\n   informational documents. For this reason, they remain known as RFCs even once\n   adopted as standards.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.match((await engine.ask("What does RFC stand for?")).answer, /^\[Request For Comment\]/);
  });

  it("find a name written with accents, whether the question writes them or not", async () => {
    const ws = await workspace({
      "beyonce.txt": "Beyoncé\n\nBeyoncé Knowles released her debut album, Dangerously in Love, in 2003. It earned five Grammy Awards.\n",
      "chopin.txt": "Chopin\n\nFrédéric Chopin was a Polish composer who left Warsaw in 1830.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.match((await engine.ask("When did Beyoncé release Dangerously in Love?")).answer, /2003/);
    assert.match((await engine.ask("When did Beyonce release Dangerously in Love?")).answer, /2003/);
    assert.match((await engine.ask("When did Frédéric Chopin leave Warsaw?")).answer, /1830/);
  });

  it("take the neighbour holding the kind of answer asked for, even when the two sentences are the whole passage", async () => {
    const ws = await workspace({
      "tex.txt": "Guy Steele happened to be at Stanford during the summer of 1978, when Knuth was developing his first version of TeX. When he returned to MIT that fall, he rewrote the I/O of TeX to run under ITS.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("Who rewrote the I/O of TeX?");
    assert.equal(answer.found, true, answer.answer);
    assert.match(answer.citations[0].text, /^Guy Steele happened/);
  });

  it("grow an English sentence by the next one of its paragraph even when the two are the whole passage", async () => {
    const ws = await workspace({
      "mines.txt": "Mines\n\nThe mine count sets how many mines the grid holds.\n\nBeware of setting the mine count too high. At very high densities, the program may spend forever searching for a solvable grid.\n\nEnsure solubility\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("Why should the mine count not be set too high?");
    assert.equal(answer.found, true, answer.answer);
    assert.equal(answer.citations[0].text, "Beware of setting the mine count too high. At very high densities, the program may spend forever searching for a solvable grid.");
  });

  it("grow an English why-question's excerpt onto the reason in the next sentence, past maxChars", async () => {
    const ws = await workspace({
      "formats.txt": "Packages\n\nSome felt that the Debian-specific format created by dpkg-deb should be dropped in favour of the format of the ar program. After several revised file formats and correspondingly-revised packaging tools, the ar format was adopted. The key value of this change is that it makes it possible for a package to be unpacked on any Unix-like system without the need to run an untrusted executable.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("Why was the ar format adopted?");
    assert.equal(answer.found, true, answer.answer);
    assert.match(answer.citations[0].text, /^After several revised file formats.*untrusted executable\.$/s);
    assert.ok(answer.citations[0].text.length > DEFAULT_EVIDENCE.maxChars);
  });

  it("take the sentence before one that opens with This, He or With this, since that is what it names", async () => {
    const ws = await workspace({
      "releases.txt": "Debian 3.0 Woody was released in July 2002 for eleven architectures. This release was the first one to include KDE and cryptographic software. Later releases added more.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const answer = await engine.ask("Which release was the first to include KDE?");
    assert.match(answer.citations[0]?.text ?? "", /^Debian 3\.0 Woody was released/);
  });

  it("answer how long with a number or the dates bounding the time, and are no evidence without either", async () => {
    const ws = await workspace({
      "leaders.txt": "Martin Michlmayr led Debian from March 2003 until March 2005.\n\nMines generates its mine positions so that you never need to guess where a mine is.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.match((await engine.ask("How long did Martin Michlmayr lead Debian?")).answer, /March 2003 until March 2005/);
    assert.equal((await engine.ask("How long does Mines take to generate mine positions?")).found, false);
  });

  it("take the lead line of the paragraph before, and a long sentence's antecedent, for a sentence that names its subject by a pronoun", async () => {
    const ws = await workspace({
      "releases.md": "Debian 8 Jessie (April 2015): named for the cow girl doll who first appeared in Toy Story 2.\n\n" +
        "This release introduced for the first time the systemd init system as default. Two new architectures were introduced.\n\n" +
        "Many distributions have started out as fairly good systems. A case-in-point is the Softlanding Linux System (better known as SLS). " +
        "It is quite possibly the most bug-ridden and badly maintained Linux distribution available; unfortunately, it is also quite possibly the most popular one, by far.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.match((await engine.ask("Which release made systemd the default init system?")).answer, /^Debian 8 Jessie .*systemd/s);
    assert.match((await engine.ask("Which Linux distribution is the most bug-ridden?")).answer, /^A case-in-point is the Softlanding Linux System/);
  });

  it("quote the line that goes on with a pronoun, in a text written a sentence a line, with the line it refers to", async () => {
    const ws = await workspace({ "makerspace.txt": "A new makerspace opened in 2021.\nIt offers 3D printers and laser cutters.\nThe café closes at 9 pm.\n" });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const text = readFileSync(`${ws.corpus}/makerspace.txt`, "utf8");
    const c = (await engine.ask("What does the makerspace offer?")).citations[0];
    assert.equal(c?.text, "A new makerspace opened in 2021.\nIt offers 3D printers and laser cutters.");
    assert.equal(c.text, text.slice(c.start, c.end));
    assert.doesNotMatch((await engine.ask("When does the café close?")).citations[0]?.text ?? "", /printers/, "a line not opening with a pronoun is its own paragraph");
  });

  it("read a paragraph opening with \"The release was …\" after a lead line as about what the lead line names", async () => {
    const ws = await workspace({
      "releases.md": "Debian 7.0 Wheezy (May 2013): named for the rubber toy penguin with a red bow tie.\n\n" +
        "The release was frozen on June 30, 2012, very close to the Debian developers gathering in the 12th DebConf.\n\n" +
        "Debian 8 Jessie (April 2015): named for the cow girl doll.\n\nThe release was frozen on November 5, 2014.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.match((await engine.ask("When was Wheezy frozen?")).answer, /^Debian 7\.0 Wheezy .*June 30, 2012/s);
  });

  it("quote whole sentences of hard-wrapped English text: no cut at a line break, a semicolon, an abbreviation or a comma", async () => {
    const ws = await workspace({
      "history.txt":
        "History\n\nPython was created in the early 1990s by Guido van Rossum at Stichting\nMathematisch Centrum (CWI, see https://www.cwi.nl) in the Netherlands\n" +
        "as a successor of a language called ABC.  Guido remains Python's principal author,\nalthough it includes many contributions from others; e.g. the PSF was formed in 2001.\n\n" +
        "In 1995, Guido continued his work on Python at the Corporation for National Research Initiatives\n(CNRI) in Reston, Virginia where he released several versions of the software.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const text = readFileSync(`${ws.corpus}/history.txt`, "utf8");
    const who = await engine.ask("Who created Python?");
    assert.match(who.citations[0].text, /^Python was created in the early 1990s by Guido van Rossum at Stichting\nMathematisch Centrum .* language called ABC\.$/s);
    const when = await engine.ask("In which year was the PSF formed?");
    assert.match(when.answer, /formed in 2001/);
    assert.match(when.citations[0].text, /^Guido remains .* in 2001\.$/s);
    const where = await engine.ask("Where did Guido release several versions of the software in 1995?");
    assert.match(where.answer, /Reston, Virginia/);
    for (const a of [who, when, where]) for (const c of a.citations) assert.equal(c.text, text.slice(c.start, c.end));
  });

  it("quote a run-on sentence longer than a chunk from its start or a clause mark to its end or a clause mark, never to the chunk edge, marking a cut with …", async () => {
    const runOn =
      "The canal was dug by hand between 1790 and 1802 by several thousand labourers who came from farms across the county, and it carried coal, grain and timber " +
      "from the upland mines to the river port at Harwick, where barges were unloaded onto sea-going ships bound for London and the Baltic, while the towpath beside it, " +
      "which was paved with local sandstone in 1821, became the main road for horse traffic in the valley until the railway opened in 1848 and took most of the freight " +
      "away from the waterway, leaving the locks to decay until volunteers restored them in the 1970s.";
    assert.ok(runOn.length > 550);
    const ws = await workspace({ "canal.txt": `The Old Canal\n\n${runOn}\n\nToday the canal is used by pleasure boats. It is maintained by a charitable trust.\n` });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const text = readFileSync(`${ws.corpus}/canal.txt`, "utf8");
    const sentenceStart = text.indexOf(runOn);
    const sentenceEnd = sentenceStart + runOn.length;
    const restored = await engine.ask("When did volunteers restore the locks?");
    assert.equal(restored.citations[0].end, sentenceEnd);
    assert.equal(restored.shortAnswer, "1970s");
    // A list ("coal, grain and timber") is not cut at its commas; an English clause run may be as long as a sentence quoted whole.
    assert.match((await engine.ask("What did the canal carry?")).answer, /carried coal, grain and timber/);
    for (const q of ["When did volunteers restore the locks?", "When was the towpath paved?", "When did the railway open?", "What did the canal carry?"]) {
      const answer = await engine.ask(q);
      const c = answer.citations[0];
      assert.equal(c.text, text.slice(c.start, c.end));
      const startsWhole = c.start === sentenceStart;
      const endsWhole = c.end === sentenceEnd;
      assert.ok(startsWhole || /[,;:]\s*$/.test(text.slice(sentenceStart, c.start)), `${q}: starts mid-clause: ${c.text}`);
      assert.ok(endsWhole || /[,;:]$/.test(c.text), `${q}: ends mid-clause: ${c.text}`);
      assert.equal(answer.answer, `${startsWhole ? "" : "… "}${c.text}${endsWhole ? "" : " …"}[1]`, q);
      // The citation says where it cuts, so the terminal and Telegram mark it as the answer does.
      assert.deepEqual(c.clipped ?? { start: false, end: false }, { start: !startsWhole, end: !endsWhole }, q);
    }
  });

  it("quote what a colon introduces when the clause after it is too long to add whole, cut at a word and marked …, not the label alone", async () => {
    const items = Array.from({ length: 30 }, (_, i) => `district ${i + 1} received ${(i + 1) * 3} million yuan for road repairs and ${i + 8} new buses`).join(", ");
    const ws = await workspace({ "budget.txt": `City Budget Report 2023\n\nThe transport budget for 2023 was allocated as follows: ${items}.\n\nOther spending was unchanged.\n` });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    const text = readFileSync(`${ws.corpus}/budget.txt`, "utf8");
    const answer = await engine.ask("How was the transport budget for 2023 allocated?");
    const c = answer.citations[0];
    assert.equal(c.text, text.slice(c.start, c.end));
    assert.match(c.text, /^The transport budget for 2023 was allocated as follows: district 1 received 3 million yuan/);
    assert.ok(c.text.length <= 400, c.text);
    assert.match(c.text, /\w$/, "cut after a whole word");
    assert.deepEqual(c.clipped, { start: false, end: true });
    assert.ok(answer.answer.endsWith(" …[1]"), answer.answer);
  });

  it("refuse a who-question whose passage names no person, and a how-much question about money whose passage has no sum", async () => {
    const ws = await workspace({
      "history.txt": "In May 2000, the Python core development team moved to BeOpen.com to form the BeOpen PythonLabs team.\n\nIn 2001, the Python Software Foundation was formed, a non-profit organization created to own Python-related Intellectual Property.\n",
    });
    const engine = await openEngine(testApp(ws.corpus, ws.index));
    assert.equal((await engine.ask("Who was the first chairman of the Python Software Foundation?")).found, false);
    assert.equal((await engine.ask("How much did BeOpen.com pay for the PythonLabs team?")).found, false);
    assert.equal((await engine.ask("When did the core development team move to BeOpen.com?")).found, true);
  });
});
