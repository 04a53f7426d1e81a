import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { documentFieldAsked, documentFieldLine } from "../../src/answer/metadata.js";
import { analyzer } from "../helpers/workspace.js";

describe("questions about the document itself", () => {
  const { fold } = analyzer();
  const asked = (q: string) => documentFieldAsked(fold(q));

  it("reads which field a question asks for", () => {
    assert.equal(asked("这篇文章发表于什么时候？"), "date");
    assert.equal(asked("本文的发布日期是哪天？"), "date");
    assert.equal(asked("文章来源是哪里？"), "source");
    assert.equal(asked("這篇文章的作者是誰？"), "author");
    assert.equal(asked("When was this article published?"), "date");
    assert.equal(asked("What is the source of this document?"), "source");
    assert.equal(asked("Who wrote the article?"), "author");
  });

  it("leaves questions about what the document says alone", () => {
    for (const q of ["文章中提到的会议是什么时候召开的？", "会议在哪里召开？", "教育部部长是谁？", "When was the library opened?", "Who wrote the letter the article quotes?"]) {
      assert.equal(asked(q), undefined, q);
    }
  });

  const DOC = "当前位置:首页 > 文献\n\n北京市深入实施“时代新人铸魂工程”\n\n2023-03-07 来源:教育部收藏\n\n  编者按:1月12日至13日,2023年全国教育工作会议在北京召开。\n\n(责任编辑:曹建)\n";
  const value = (text: string, field: Parameters<typeof documentFieldLine>[1]) => {
    const line = documentFieldLine(text, field);
    return line && [text.slice(line.start, line.end), text.slice(line.value.start, line.value.end)];
  };

  it("finds the line stating the field and the value in it, as exact offsets", () => {
    assert.deepEqual(value(DOC, "date"), ["2023-03-07 来源:教育部收藏", "2023-03-07"], "not the meeting's date inside a sentence");
    assert.deepEqual(value(DOC, "source"), ["2023-03-07 来源:教育部收藏", "教育部"], "a web page's 收藏 button is no part of the source");
    assert.deepEqual(value(DOC, "author"), ["(责任编辑:曹建)", "曹建"]);
    const en = "City News\n\nBy Mary Jones\nPublished: March 7, 2023\n\nThe council met on 12 January 2023.\n";
    assert.deepEqual(value(en, "author"), ["By Mary Jones", "Mary Jones"]);
    assert.deepEqual(value(en, "date"), ["Published: March 7, 2023", "March 7, 2023"]);
  });

  it("finds nothing in a document without such lines", () => {
    const plain = "Annual report\n\nThe school opened 12 new laboratories in 2023, on 2023-09-01 after a long renovation of the old building that took two years.\n";
    for (const field of ["date", "source", "author"] as const) assert.equal(documentFieldLine(plain, field), undefined, field);
  });
});
