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

  it("answer how old with an age, never a count or a year", () => {
    const text = "The summer reading program of 2022 drew 1,450 participants, most of them aged 8 to 12.";
    assert.equal(span("How old were most summer reading participants?", text), "aged 8 to 12");
    assert.equal(span("How old was she when she joined?", "She joined the library in 2010 at the age of 34."), "34");
    assert.equal(span("How old was Thomas Reed when he retired?", "Thomas Reed retired in 1891 at 67 years old."), "67 years old");
    assert.equal(span("How old was the engineer?", "A 60-year-old engineer, Anna Berg, led the repairs."), "60");
    assert.equal(span("How old were the participants?", "The program drew 1,450 participants in 2022."), undefined, "no age stated: no short answer");
  });

  it("answer how long with the duration of the question's own event, or with a length when asked how long something is", () => {
    const text = "After 7 years of fundraising, the repainting took 14 months and cost $220,000.";
    assert.equal(span("How long did the last repainting take?", text), "14 months", "took is take's");
    assert.equal(span("How long did the fundraising last?", text), "7 years");
    assert.equal(span("How long did the repainting take?", "The facade was repainted in 2019 by 12 painters."), undefined, "a year or a count is no duration");
    assert.equal(span("How long is the main span?", "The bridge took three years to build. Its main span is 240 metres long."), "240 metres");
    assert.equal(span("How long was Martin the leader?", "Martin led Debian from March 2003 until March 2005."), "March 2003 until March 2005", "two dates make a span of time");
    assert.equal(span("How long did an addition take?", "The machine performed an addition in 200 microseconds."), "200 microseconds");
  });

  it("answer when with the date of the question's verb, not another event's date in the same sentence", () => {
    const text = "Construction of the main building, approved by voters in 1998, began in Jan. 2001 and ended in March 2003.";
    assert.equal(span("When did construction begin?", text), "Jan. 2001");
    assert.equal(span("When did construction of the main building end?", text), "March 2003");
    assert.equal(span("When did voters approve the main building?", text), "1998");
    assert.equal(span("When will construction of the second branch begin?", "A second branch, approved in 2023, will be built downtown. Construction of the second branch will begin in September, and it is expected to open in 2026."), "September", "a month alone after a preposition is a date");
    assert.equal(span("When did the school begin the programme?", "In 2015 the school began a new programme."), "2015", "a date before the verb when no other is in its clause");
  });

  it("count with a number of its clause, not a year", () => {
    assert.equal(span("How many participants did the program draw?", "The summer reading program of 2022 drew 1,450 participants."), "1,450");
    assert.equal(span("How many pupils did the school enroll in its first year?", "The school enrolled 85 pupils in its first year. Classes met in a hall for two years."), "85");
  });

  it("give none for other questions, or when the excerpt has nothing of the kind", () => {
    assert.equal(span("What does the with statement do?", "The with statement wraps a block."), undefined);
    assert.equal(span("Who created Python?", "Python was created in the early 1990s."), undefined);
  });
});
