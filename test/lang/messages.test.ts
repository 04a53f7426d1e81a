import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addedFileText, amountQuestion, charRangeText, chatHelpText, documentSizeText, durationText, emptyQuestionText, furtherReadingText, indexUpdatedText, labelled, noCitedAnswerText, notFoundText, placeText,
  definitionQuestion, documentQuestion, questionTooLongText, sourceLanguageNote, topicQuestion, undecodableLineText,
  smallTalkText, unknownCommandText,
} from "../../src/lang/messages.js";

describe("the not-found text", () => {
  it("follows the question's script", () => {
    assert.equal(notFoundText("火星上有沒有水？"), "文件中沒有找到能回答這個問題的內容。");
    assert.equal(notFoundText("火星上有没有水？"), "文档中没有找到能回答这个问题的内容。");
    assert.equal(notFoundText("Is there water on Mars?"), "The documents do not answer this question.");
  });

  it("uses the language the caller decided, in the question's script", () => {
    assert.equal(notFoundText("2023？", "zh"), "文档中没有找到能回答这个问题的内容。");
    assert.equal(notFoundText("幾？", "en"), "The documents do not answer this question.");
  });
});

describe("the short not-found text", () => {
  it("follows the question's script, or the language the caller decided", () => {
    assert.equal(noCitedAnswerText("火星上有沒有水？"), "沒有找到帶引用的答案");
    assert.equal(noCitedAnswerText("火星上有没有水？"), "没有找到带引用的答案");
    assert.equal(noCitedAnswerText("Is there water on Mars?"), "No cited answer found");
    assert.equal(noCitedAnswerText("2023？", "zh"), "没有找到带引用的答案");
  });
});

describe("example questions", () => {
  it("ask about a topic, an amount, a definition, in the document's words", () => {
    assert.equal(topicQuestion("思政课程建设"), "思政课程建设方面做了什么？");
    assert.equal(amountQuestion("全年营业收入", "为"), "全年营业收入为多少？");
    assert.equal(definitionQuestion("a class definition", false), "What is a class definition?");
    assert.equal(definitionQuestion("the bounds", true), "What are the bounds?");
  });

  it("ask about a whole document by its title, in the title's language and script", () => {
    assert.equal(documentQuestion("年度工作报告"), "《年度工作报告》讲了什么？");
    assert.equal(documentQuestion("年度工作報告"), "《年度工作報告》講了什麼？");
    assert.equal(documentQuestion("Quarterly report"), 'What is "Quarterly report" about?');
  });
});

describe("the source-language note", () => {
  it("says in the question's language and script that the quote is in another language", () => {
    assert.equal(sourceLanguageNote("How many universities piloted the course?", "26所高校试点开设选修课。"), "From the Chinese source: ");
    assert.equal(sourceLanguageNote("博物馆几点开门？", "The museum opens at nine."), "来自英文文档：");
    assert.equal(sourceLanguageNote("博物館幾點開門？", "The museum opens at nine."), "來自英文文件：");
    assert.equal(sourceLanguageNote("How many?", "The museum opens at nine."), "");
    assert.equal(sourceLanguageNote("多少所？", "26所高校试点开设选修课。"), "");
  });

  it("adds no source-language note to a question without words of another language than the quote's", () => {
    assert.equal(sourceLanguageNote("2024", "2024年全市生产总值增长5.2%。"), "");
    assert.equal(sourceLanguageNote("2024？", "The museum opened in 2024."), "");
    assert.equal(sourceLanguageNote("GDP 2024", "2024年全市GDP增长5.2%。"), "", "a term the quote itself uses is not English");
    assert.equal(sourceLanguageNote("GDP growth in 2024?", "2024年全市GDP增长5.2%。"), "From the Chinese source: ");
  });
});

describe("citebot chat's notes", () => {
  const event = { added: ["a.txt", "b.txt", "c.txt", "d.txt"], changed: [], removed: ["old.md"], skipped: [], files: 1, chunks: 9, build: "g4-x" };

  it("says an index update in each script, naming at most three sources", () => {
    assert.equal(indexUpdatedText(event, "en"), "Index updated: +4 files (a.txt, b.txt, c.txt, …), 0 changed, 1 removed (old.md); now 1 file, 9 chunks (generation g4-x)");
    assert.equal(indexUpdatedText(event, "zh-Hans"), "索引已更新：新增 4 个文件（a.txt、b.txt、c.txt……），修改 0 个，删除 1 个（old.md）；现有 1 个文件、9 个片段（版本 g4-x）");
    assert.equal(indexUpdatedText(event, "zh-Hant"), "索引已更新：新增 4 個文件（a.txt、b.txt、c.txt……），修改 0 個，刪除 1 個（old.md）；現有 1 個文件、9 個片段（版本 g4-x）");
  });

  it("says a file it could not index instead of an update of nothing, and beside an update", () => {
    const broken = { added: [], changed: [], removed: [], skipped: ["broken.pdf"], files: 1, chunks: 17, build: "g2-y" };
    assert.equal(indexUpdatedText(broken, "en"), "Not indexed: broken.pdf (see the warning above); still 1 file, 17 chunks (generation g2-y)");
    assert.equal(indexUpdatedText(broken, "zh-Hans"), "未能索引：broken.pdf（原因见上方警告）；现有 1 个文件、17 个片段（版本 g2-y）");
    assert.equal(indexUpdatedText(broken, "zh-Hant"), "未能索引：broken.pdf（原因見上方警告）；現有 1 個文件、17 個片段（版本 g2-y）");
    const both = { ...broken, added: ["a.txt"], files: 2, chunks: 20 };
    assert.equal(indexUpdatedText(both, "en"), "Index updated: +1 file (a.txt), 0 changed, 0 removed, 1 not indexed (broken.pdf); now 2 files, 20 chunks (generation g2-y)");
    assert.equal(indexUpdatedText(both, "zh-Hans"), "索引已更新：新增 1 个文件（a.txt），修改 0 个，删除 0 个，未能索引 1 个（broken.pdf）；现有 2 个文件、20 个片段（版本 g2-y）");
  });

  it("says a refused question and an undecodable line in each script", () => {
    assert.equal(questionTooLongText(2100, 2000, "zh-Hant"), "問題有 2100 個字元，上限是 2000 個");
    assert.equal(emptyQuestionText("zh-Hans"), "问题是空的");
    assert.deepEqual(undecodableLineText({ line: 3, foundAt: 1 }, "zh-Hans"), { message: "第 3 行不是 UTF-8、GB18030 (GBK) 或 Big5 文本", hint: "请把问题存成 UTF-8" });
    assert.deepEqual(undecodableLineText({ line: 3, encoding: "Big5", foundAt: 1 }, "en"), {
      message: "line 3: not valid Big5, the input's encoding as found at line 1",
      hint: "write every line in one encoding, UTF-8 best",
    });
  });
});

describe("where a citation is", () => {
  it("names page, section, paragraph and line in each script, the heading as the document writes it", () => {
    const where = { paragraph: 10, line: 19, page: 3, section: "四、居民收入" };
    assert.equal(placeText(where, "en"), "p. 3 · § 四、居民收入 · paragraph 10, line 19");
    assert.equal(placeText(where, "zh-Hans"), "第 3 页 · 「四、居民收入」 · 第10段 · 第19行");
    assert.equal(placeText({ ...where, section: "四、居民收入情况" }, "zh-Hant"), "第 3 頁 · 「四、居民收入情况」 · 第10段 · 第19行");
    assert.equal(placeText({ paragraph: 1, line: 2 }, "zh-Hans"), "第1段 · 第2行");
  });

  it("puts a heading on one line, clipped, and leaves out a heading of only spaces", () => {
    assert.equal(placeText({ paragraph: 1, line: 1, section: `${"长".repeat(70)}\n下一行` }, "en"), `§ ${"长".repeat(59)}… · paragraph 1, line 1`);
    assert.equal(placeText({ paragraph: 1, line: 1, section: "Income\n\tand  spending" }, "en"), "§ Income and spending · paragraph 1, line 1");
    assert.equal(placeText({ paragraph: 1, line: 1, section: " \n " }, "zh-Hans"), "第1段 · 第1行");
  });

  it("gives the character offsets after the place, in full-width brackets in Chinese", () => {
    assert.equal(charRangeText(1596, 1673, "en"), " (chars 1596–1673)");
    assert.equal(charRangeText(1596, 1673, "zh-Hans"), "（字符 1596–1673）");
    assert.equal(charRangeText(1596, 1673, "zh-Hant"), "（字元 1596–1673）");
  });
});

describe("the terminal's labels", () => {
  it("head further reading in each script, with a colon of the script's width", () => {
    assert.equal(labelled(furtherReadingText("en"), "en"), "Further reading (not cited in the answer):");
    assert.equal(labelled(furtherReadingText("zh-Hans"), "zh-Hans"), "延伸阅读（回答中未引用）：");
    assert.equal(labelled(furtherReadingText("zh-Hant"), "zh-Hant"), "延伸閱讀（回答中未引用）：");
  });

  it("size a document, counting one in the singular in English", () => {
    assert.equal(documentSizeText(1, 1, "en"), "1 chunk, 1 char");
    assert.equal(documentSizeText(17, 2388, "en"), "17 chunks, 2388 chars");
    assert.equal(documentSizeText(17, 2388, "zh-Hans"), "17 个片段，2388 个字符");
    assert.equal(documentSizeText(17, 2388, "zh-Hant"), "17 個片段，2388 個字元");
  });

  it("help and refuse an unknown chat command in each script", () => {
    assert.match(chatHelpText("zh-Hans"), /^输入问题后按回车。/);
    assert.match(chatHelpText("zh-Hant"), /^輸入問題後按 Enter。/);
    assert.equal(unknownCommandText("nope", "en"), "unknown command /nope, /help lists them");
    assert.equal(unknownCommandText("nope", "zh-Hans"), "不认识命令 /nope，/help 查看用法");
    assert.equal(unknownCommandText("nope", "zh-Hant"), "不認識命令 /nope，/help 查看用法");
  });
});

describe("durationText", () => {
  it("says a running time to the minute, or to the hour past a day, in each script", () => {
    assert.equal(durationText(2 * 3600 + 3 * 60 + 15, "en"), "2 h 3 min");
    assert.equal(durationText(2 * 3600 + 3 * 60 + 15, "zh-Hans"), "2小时3分");
    assert.equal(durationText(2 * 3600 + 3 * 60 + 15, "zh-Hant"), "2小時3分");
    assert.equal(durationText(45, "en"), "45 s");
    assert.equal(durationText(0, "zh-Hans"), "0秒");
    assert.equal(durationText(60, "en"), "1 min");
    assert.equal(durationText(3600, "zh-Hans"), "1小时");
    assert.equal(durationText(26 * 3600 + 59, "en"), "1 d 2 h");
    assert.equal(durationText(3 * 86400, "zh-Hant"), "3天");
  });
});

describe("citebot add's line per file", () => {
  it("says what became of the file, with pages, chunks and seconds, in each script", () => {
    const added = { status: "added", source: "报告.pdf", indexed: { title: "年度报告", chunks: 1, pages: 2, ms: 1234 } } as const;
    assert.equal(addedFileText(added, "en"), "added 报告.pdf · 年度报告 · 2 pages, 1 chunk in 1.23 s");
    assert.equal(addedFileText(added, "zh-Hans"), "已添加 报告.pdf · 年度报告 · 2 页，1 个片段，用时 1.23 秒");
    assert.equal(addedFileText({ ...added, status: "replaced" }, "zh-Hant"), "已取代 报告.pdf · 年度报告 · 2 頁，1 個片段，用時 1.23 秒");
    assert.equal(addedFileText({ status: "unchanged", source: "a.txt" }, "en"), "already indexed a.txt");
    assert.equal(addedFileText({ status: "refused", file: "/tmp/x.xyz", reason: "unsupported file type .xyz" }, "zh-Hant"), "未新增 /tmp/x.xyz：unsupported file type .xyz");
  });
});

describe("the answer to small talk", () => {
  it("says what the bot does and what to ask, with the examples, in the message's script", () => {
    const examples = ["强化理论武装方面做了什么？", "服务重大活动方面做了什么？"];
    assert.equal(smallTalkText("greeting", examples, "zh-Hans"), "你好！我根据已索引的文档回答问题，并附上编号引用。请就文档的内容提问。例如：强化理论武装方面做了什么？ / 服务重大活动方面做了什么？");
    assert.match(smallTalkText("thanks", examples, "zh-Hant"), /^不客氣！我根據已索引的文件回答問題/);
    const help = smallTalkText("help", examples, "en");
    assert.match(help, /^I answer questions about the indexed documents/);
    assert.ok(help.endsWith("For example: 强化理论武装方面做了什么？ / 服务重大活动方面做了什么？"));
    assert.ok(!/example/i.test(smallTalkText("greeting", [], "en")), "no examples, no 'for example'");
  });
});
