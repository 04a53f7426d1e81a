import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { englishKind, englishMeasure, englishStem, hasEnglishWord, irregularVariants, namesName, offersEnglish, personNames, questionNames, spellingVariants, spellsOut, withoutDates } from "../../src/lang/english.js";

describe("English words", () => {
  it("are found at the start of a word, in any inflection the stemmer folds", () => {
    assert.equal(hasEnglishWord("the schools opened", englishStem("school")), true);
    assert.equal(hasEnglishWord("it was executed twice", englishStem("executes")), true);
    assert.equal(hasEnglishWord("two universities piloted it", englishStem("university")), true);
    assert.equal(hasEnglishWord("a fresh start", englishStem("art")), false);
  });
});

describe("English irregular verbs", () => {
  it("give a question word the other forms of its verb, stemmed", () => {
    assert.deepEqual([...irregularVariants("wrote")].sort(), ["write", "written"]);
    assert.deepEqual(irregularVariants("led"), ["lead"]);
    assert.deepEqual(irregularVariants(englishStem("bought")), ["buy"]);
  });

  it("inflect a prefixed verb as its root", () => {
    assert.deepEqual([...irregularVariants("rewrote")].sort(), ["rewrite", "rewritten"]);
  });

  it("leave other words and past forms that are as often another word alone", () => {
    assert.deepEqual(irregularVariants("school"), []);
    assert.deepEqual(irregularVariants("found"), [], "founded a company");
    assert.deepEqual(irregularVariants("left"), []);
    assert.equal(irregularVariants("find").includes("found"), false);
  });
});

describe("English spellings", () => {
  it("give a stem its British or American form", () => {
    assert.deepEqual(spellingVariants(englishStem("synchronised")), ["synchroniz"]);
    assert.deepEqual(spellingVariants("colour"), ["color"]);
    assert.deepEqual(spellingVariants("center"), ["centre"]);
    assert.deepEqual(spellingVariants(englishStem("travelled")), ["travel"]);
    assert.deepEqual(spellingVariants("water"), []);
  });
});

describe("English question names", () => {
  it("are runs of capitalised words and acronyms after the first word, not months", () => {
    assert.deepEqual(questionNames("When was the IBM PC released?"), ["IBM PC"]);
    assert.deepEqual(questionNames("In which city was Linus Torvalds born?"), ["Linus Torvalds"]);
    assert.deepEqual(questionNames("ENIAC had how many registers?"), ["ENIAC"]);
    assert.deepEqual(questionNames("Which company announced it in April 1999?"), []);
    assert.deepEqual(questionNames("What did I do?"), []);
    assert.deepEqual(questionNames("Who taught Frédéric Chopin?"), ["Frédéric Chopin"]);
  });

  it("are named by text holding each word, an acronym in capitals or spelled out, never as a common word", () => {
    assert.equal(namesName("the IBM\n  PC was", "IBM PC"), true);
    assert.equal(namesName("Unix is an operating system", "UNIX"), true);
    assert.equal(namesName("the board of Software in the Public Interest", "SPI"), true);
    assert.equal(namesName("once the basics have been mastered", "BASIC"), false);
    assert.equal(spellsOut("[acronym, Multi-User Dungeon; alt.: Multi-User Dimension]", "MUD"), true, "words joined by a hyphen");
    assert.equal(spellsOut("[Request For Comment] One of a long-established series", "RFC"), true);
    assert.equal(spellsOut("the model railroad club", "TMRC"), false, "not in lower case");
    assert.equal(spellsOut("Request For Comment", "Request"), false, "no acronym");
    assert.equal(spellsOut("1. [from Virtual Address eXtension] The most successful minicomputer", "VAX"), true, "a capital inside a word");
    assert.equal(spellsOut("an acronym for ‘[paper] Tape Editor and COrrector’", "TECO"), true, "two capitals of one word");
    assert.equal(spellsOut("they remain known as RFCs even once adopted", "RFC"), false, "the acronym's plural writes nothing out");
    assert.equal(spellsOut("Request; For Comment", "RFC"), false, "one run of words");
    assert.equal(spellsOut("la Société Générale de Banque", "SGB"), true, "accents taken off, offsets kept");
    assert.equal(namesName("IBM, Apple and Digital", "IBM PC"), false);
    assert.equal(namesName("the adage that it is easier", "Ada"), false);
    assert.equal(namesName("in Halifax, Canada", "Ada"), false);
    assert.equal(namesName("Ada's tasks; (After Ada Lovelace)", "Ada"), true);
    assert.equal(namesName("make the grid the same colour; the game ends", "Same Game"), false);
    assert.equal(namesName("Same\nGame is a puzzle", "Same Game"), true);
    assert.equal(namesName("The Debian Linux Manifesto", "Debian Manifesto"), true, "one capitalised word inside the name");
    assert.equal(namesName("Debian and the manifesto", "Debian Manifesto"), false, "not a lower-case word");
    assert.equal(namesName("Debian Free Software Guidelines", "Debian Guidelines"), false, "not two words");
    assert.equal(namesName("one report from a New Zealander that the slogan surfaced", "New Zealand"), true, "its people's noun");
    assert.equal(namesName("Zealandia is a continent", "Zealand"), false);
  });
});

describe("English answer kinds", () => {
  it("tell an age from a duration from a length by how old and how long", () => {
    assert.equal(englishMeasure("How old were most summer reading participants?"), "age");
    assert.equal(englishMeasure("How long did the last repainting take?"), "duration");
    assert.equal(englishMeasure("How long has she led the library?"), "duration");
    assert.equal(englishMeasure("How long is the main span?"), "length");
    assert.equal(englishMeasure("How many books did each participant read?"), undefined);
  });

  it("take counting words for numbers and conditions for when-questions", () => {
    assert.equal(offersEnglish("quantity", "", "it is executed in two steps"), true);
    assert.equal(offersEnglish("quantity", "", "each clause executes at most once"), true);
    assert.equal(offersEnglish("quantity", "", "it is executed in steps"), false);
    assert.equal(offersEnglish("time", "", "when the iterator is exhausted, the suite runs"), true);
    assert.equal(offersEnglish("time", "", "in may 2000 the team moved"), true);
    assert.equal(offersEnglish("time", "", "in the 1970s basic interpreters became standard"), true, "a decade");
    assert.equal(offersEnglish("time", "", "revised 01/06/94"), true, "a date in digits");
    assert.equal(offersEnglish("time", "", "ratified on 2004-04-26"), true, "an iso date");
    assert.equal(offersEnglish("time", "", "about 3/4 of the grid is mines"), false, "a fraction is no date");
    assert.equal(offersEnglish("time", "", "the city was founded in 753 bc by its first king"), true, "a year of an era, of three digits");
    assert.equal(offersEnglish("time", "", "the romans came in a.d. 43"), true);
    assert.equal(offersEnglish("time", "", "the city has 753 houses"), false);
    assert.equal(offersEnglish("time", "", "he ran 2 ads on television"), false, "ads is no era");
    assert.equal(offersEnglish("time", "", "the abbey was built in 980."), true, "three digits after a preposition of time, before no noun");
    assert.equal(offersEnglish("time", "", "the empire fell in 476, and the city with it"), true);
    assert.equal(offersEnglish("time", "", "the manual has in 300 pages"), false, "a count of a noun");
  });

  it("take a person's name or an organisation for who-questions", () => {
    assert.equal(offersEnglish("person", "created by Guido van Rossum at CWI", ""), true);
    assert.equal(offersEnglish("person", "invented by John McCarthy at MIT", ""), true);
    assert.equal(offersEnglish("person", "developed by J. Presper Eckert during the war", ""), true);
    assert.equal(offersEnglish("person", "the Python Software Foundation owns it", ""), true);
    assert.equal(offersEnglish("person", "designed by the CODASYL Committee in April 1960", ""), true);
    assert.equal(offersEnglish("person", "funded by DARPA", ""), true);
    assert.equal(offersEnglish("person", "Commercial versions are available from Erlang Systems AB.", ""), true);
    assert.equal(offersEnglish("person", "controlled by Oracle, who bought Sun", ""), true);
    assert.equal(offersEnglish("person", "It owns Intellectual Property and Open Source code", ""), false);
    assert.equal(offersEnglish("person", "the language was designed by committee", ""), false);
    assert.equal(offersEnglish("person", "the empire grew under Ramesses II and his sons", ""), true, "a regnal number");
    assert.equal(offersEnglish("person", "the city fell to Alexander the Great in 332 BC", ""), true, "an epithet");
    assert.equal(offersEnglish("person", "as described in Chapter IV of the manual", ""), false);
    assert.equal(offersEnglish("person", "as listed in the table of Appendix II", ""), false);
    assert.equal(offersEnglish("person", "the relays of the Harvard machine Mark II", ""), false);
  });

  it("take a one-word name beside the question's own words (blanked) for who-questions, as their subject or object", () => {
    // The type check reads the text with the question's words blanked: "Who remains Python's principal author?".
    assert.equal(offersEnglish("person", "Guido        s         s                    , although it includes many contributions from others.", ""), true, "the subject");
    assert.equal(offersEnglish("person", "Honeywell     its computer          to Bull in the mid 80s", ""), true, "the object, after to");
    assert.equal(offersEnglish("person", "      for this        goes to Nikoli [12].", ""), true, "one word between");
    assert.equal(offersEnglish("person", "four of the project's main Web       s for bug tracking", ""), false, "a modifier, not a subject");
    assert.equal(offersEnglish("person", "including          and Ada (see also", ""), false, "and is no preposition of an agent or object");
    assert.equal(offersEnglish("person", "The first version of     was written in the programming language SAIL", ""), false, "far from the question's words");
    assert.equal(offersEnglish("person", "In          the language grew", ""), false, "a function word opening the sentence");
    assert.equal(offersEnglish("person", "The Greeks       it the Archer.", ""), true, "a people after The");
    assert.equal(offersEnglish("person", "It was       by the ancient Babylonians as a sign of spring.", ""), true, "an adjective before the people");
    assert.equal(offersEnglish("person", "The Web       s were taken off line.", ""), false, "The before a singular: a modifier");
  });

  it("read names with a second capital or initials whole", () => {
    const names = (t: string) => personNames(t).map((s) => t.slice(s.start, s.end));
    assert.deepEqual(names("invented by John McCarthy at MIT"), ["John McCarthy"]);
    assert.deepEqual(names("by J. Presper Eckert and Sean O'Brien"), ["J. Presper Eckert", "Sean O'Brien"]);
  });

  it("take an institution or a network address for where-questions, with or without a preposition", () => {
    assert.equal(offersEnglish("place", "the University of Twente Network Operations Center caught fire", ""), true);
    assert.equal(offersEnglish("place", "then an undergraduate at Purdue University", ""), true);
    assert.equal(offersEnglish("place", "Please report bugs to anakin@pobox.com.", ""), true);
    assert.equal(offersEnglish("place", "A text editor developed at MIT and modified by everybody.", ""), true, "an acronym");
    assert.equal(offersEnglish("place", "while working at the {Center for European Particle Research} (CERN)", ""), true, "in braces");
    assert.equal(offersEnglish("place", "written in C and ported to most machines", ""), false, "one capital letter is no place");
    assert.equal(offersEnglish("place", "I saw this game at floodit.appspot.com (no longer accessible).", ""), true);
    assert.equal(offersEnglish("place", "The building burnt to the ground.", ""), false);
    assert.equal(offersEnglish("place", "He was born in São Paulo in 1950.", ""), true, "accented names are names");
    assert.equal(offersEnglish("place", "She studied at Université Laval", ""), true);
  });

  it("take a named container or a position in an order for where-questions about a text or a program", () => {
    assert.equal(offersEnglish("place", "The order is preserved in the new class’s \"__dict__\".", ""), true, "in something quoted");
    assert.equal(offersEnglish("place", "the result is kept in {kernel} memory", ""), true, "in braces");
    assert.equal(offersEnglish("place", "", "an expression-less \"except\" clause, if present, must be last; it matches any exception."), true, "a position");
    assert.equal(offersEnglish("place", "", "the item goes at the end of the list"), true);
    assert.equal(offersEnglish("place", "It was the last release with \"a.out\" binaries.", "it was the last release with \"a.out\" binaries."), false, "last as an adjective");
    assert.equal(offersEnglish("place", "The name comes from the names of its creators.", "the name comes from the names of its creators."), false);
  });

  it("take a place named by its kind for where-questions", () => {
    assert.equal(offersEnglish("place", "", "they lived in the north of the island"), true);
    assert.equal(offersEnglish("place", "", "villages along the eastern coast"), true);
    assert.equal(offersEnglish("place", "", "they herded cattle in the high mountains"), true);
    assert.equal(offersEnglish("place", "", "they lived by fishing and hunting"), false);
    assert.equal(offersEnglish("place", "", "the northern lights were a sign of war"), false, "a geographic word with no preposition of place");
  });

  it("want a sum of money for how-much questions about money", () => {
    assert.equal(englishKind("How much did BeOpen.com pay for the team?", "quantity"), "money");
    assert.equal(englishKind("How many teams moved?", "quantity"), "quantity");
    assert.equal(englishKind("How much of their tube time do many hackers spend in EMACS?", "quantity"), "quantity", "a share of their time");
    assert.equal(offersEnglish("money", "", "in may 2000 the team moved"), false);
    assert.equal(offersEnglish("money", "", "it paid $2 million for the team"), true);
  });
});

describe("English counts are not dates", () => {
  it("blanks dates, years after a preposition or bracket, decades and clock times, keeping the offsets", () => {
    for (const text of ["founded around 600 bc", "revised 01/06/94", "founded on august 16th, 1993.", "held from the 5th to the 9th of july", "buster (july 2019): named", "released in 1995", "the early 1990s", "around 08:00 cet"]) {
      const blank = withoutDates(text);
      assert.equal(blank.length, text.length);
      assert.equal(/\d/.test(blank), false, text);
    }
  });

  it("keeps counts, four-digit ones too", () => {
    assert.equal(withoutDates("over 1500 packages maintained by 400 developers"), "over 1500 packages maintained by 400 developers");
    assert.equal(withoutDates("2. the context expression is evaluated").trim(), "the context expression is evaluated", "a list item's number");
    assert.equal(withoutDates("it holds 2. and more").includes("2"), true, "a number inside a line is kept");
  });

  it("so a how-many question is not answered by a date", () => {
    assert.equal(offersEnglish("quantity", "", "debian 10 buster (july 2019): named for andy's pet dog"), true, "10 is still a number");
    assert.equal(offersEnglish("quantity", "", "buster (july 2019): named for andy's pet dog"), false);
    assert.equal(offersEnglish("quantity", "", "it contained 474 packages"), true);
  });
});
