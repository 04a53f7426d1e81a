import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { englishShortAnswer } from "../../src/answer/short-answer-en.js";
import { analyzer } from "../helpers/workspace.js";

describe("English short answers", () => {
  const { fold } = analyzer();
  const span = (q: string, excerpt: string) => {
    const s = englishShortAnswer(q, excerpt, fold);
    return s && excerpt.slice(s.start, s.end);
  };

  it("name the number, date, person or place asked for, beyond the question's own words", () => {
    assert.equal(span("Who created Python?", "Python was created in the early 1990s by Guido van Rossum at Stichting Mathematisch Centrum."), "Guido van Rossum");
    assert.equal(span("When did the team move to BeOpen.com?", "In May 2000, Guido and the team moved to BeOpen.com."), "May 2000");
    assert.equal(span("In which year was the PSF formed?", "In 2001, the PSF was formed."), "2001");
    assert.equal(span("When did the bridge open?", "The bridge opened on Sept. 12, 2004."), "Sept. 12, 2004", "a month's abbreviation belongs to its date");
    assert.equal(span("In how many steps is the import statement executed?", "The import statement is executed in two steps:"), "two");
    assert.equal(span("In how many ways is the module made available?", "It is made available in one of three ways:"), "three");
    assert.equal(span("Where is the Corporation for National Research Initiatives located?", "He worked at the Corporation for National Research Initiatives in Reston, Virginia where he released versions."), "Reston, Virginia");
  });

  it("name a person without the capitalised word a sentence opens with, and not one the question names", () => {
    assert.equal(span("Who started the first port?", "During August 1995 Hartmut Koptein started the first port."), "Hartmut Koptein");
    assert.equal(span("Who made the quip about Lisp?", "All Lisp functions return values, which gave rise to Alan Perlis's famous quip."), "Alan Perlis");
    assert.equal(span("Where was he born?", "He was born in São Paulo, Brazil in 1950."), "São Paulo, Brazil");
    assert.equal(span("Who designed Pascal?", "(After the French mathematician Blaise Pascal) A language designed by Niklaus Wirth around 1970."), "Niklaus Wirth");
    assert.equal(span("Who rewrote TeX's I/O to run under ITS?", "Guy Steele was at Stanford. When he returned, he rewrote TeX's I/O to run under ITS."), "Guy Steele");
  });

  it("take the date or number nearest the question's words when the excerpt holds several", () => {
    const excerpt = "The towpath, which was paved in 1821, became the main road until the railway opened in 1848 and took 3 barges away.";
    assert.equal(span("When did the railway open?", excerpt), "1848");
    assert.equal(span("When was the towpath paved?", excerpt), "1821");
    assert.equal(span("How many barges did the railway take away?", excerpt), "3");
  });

  it("give none for other questions, or when the excerpt has nothing of the kind", () => {
    assert.equal(span("What does the with statement do?", "The with statement wraps a block."), undefined);
    assert.equal(span("Who created Python?", "Python was created in the early 1990s."), undefined);
  });
});
