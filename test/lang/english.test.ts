import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { englishKind, englishStem, hasEnglishWord, offersEnglish } from "../../src/lang/english.js";

describe("English words", () => {
  it("are found at the start of a word, in any inflection the stemmer folds", () => {
    assert.equal(hasEnglishWord("the schools opened", englishStem("school")), true);
    assert.equal(hasEnglishWord("it was executed twice", englishStem("executes")), true);
    assert.equal(hasEnglishWord("two universities piloted it", englishStem("university")), true);
    assert.equal(hasEnglishWord("a fresh start", englishStem("art")), false);
  });
});

describe("English answer kinds", () => {
  it("take counting words for numbers and conditions for when-questions", () => {
    assert.equal(offersEnglish("quantity", "", "it is executed in two steps"), true);
    assert.equal(offersEnglish("quantity", "", "each clause executes at most once"), true);
    assert.equal(offersEnglish("quantity", "", "it is executed in steps"), false);
    assert.equal(offersEnglish("time", "", "when the iterator is exhausted, the suite runs"), true);
    assert.equal(offersEnglish("time", "", "in may 2000 the team moved"), true);
  });

  it("take a person's name, not an organisation's, for who-questions", () => {
    assert.equal(offersEnglish("person", "created by Guido van Rossum at CWI", ""), true);
    assert.equal(offersEnglish("person", "the Python Software Foundation owns Intellectual Property", ""), false);
  });

  it("want a sum of money for how-much questions about money", () => {
    assert.equal(englishKind("How much did BeOpen.com pay for the team?", "quantity"), "money");
    assert.equal(englishKind("How many teams moved?", "quantity"), "quantity");
    assert.equal(offersEnglish("money", "", "in may 2000 the team moved"), false);
    assert.equal(offersEnglish("money", "", "it paid $2 million for the team"), true);
  });
});
