"""Writes the third held-out English QA fixture's documents (test/fixtures/quality/english-3/):
corpus/ (the articles citebot indexes) and absent/ (articles made the same way but kept out of the
corpus: the questions about them are the set's absent-article unanswerables).

Sources (see the fixture's README for the licences):
  - the Jargon File 4.4.7 as Debian's jargon-text 4.4.7-4.1 ships it (jargon.txt.gz), public domain;
  - FOLDOC, the Free On-line Dictionary of Computing, as Debian's dict-foldoc 20230119-1 ships it
    (dictd format: foldoc.index + foldoc.dict.dz), GFDL 1.1 or later, no invariant sections;
  - Jay F. Kominek's Elements database 20001107 as Debian's dict-elements 20001107-a-9.1 ships it,
    public domain (only the entries he wrote: none of the superheavy elements copied from Wikipedia).

Usage: python3 scripts/make-fixtures/english3_articles.py JARGON_ROOT FOLDOC_ROOT ELEMENTS_ROOT
where each root is a package unpacked with `dpkg-deb -x PACKAGE.deb ROOT`
(`apt-get download jargon-text dict-foldoc dict-elements` fetches the packages).
"""
import gzip
import os
import re
import sys

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "quality", "english-3")

# Jargon File lexicon entries: (headword, file). A .txt keeps the entry as published (hard-wrapped,
# indented, {cross-references} in braces); a .md is reflowed, one paragraph a line, braces dropped.
JARGON_CORPUS = [
    ("bug", "bug.txt"),
    ("ADVENT", "advent.txt"),
    ("Internet", "internet.md"),
    ("MUD", "mud.txt"),
    ("Multics", "multics.txt"),
    ("Unix", "unix.txt"),
    ("Linux", "linux.md"),
    ("VAX", "vax.txt"),
    ("TMRC", "tmrc.txt"),
    ("RFC", "rfc.txt"),
    ("INTERCAL", "intercal.txt"),
    ("TeX", "tex.txt"),
    ("TECO", "teco.txt"),
    ("TWENEX", "twenex.txt"),
    ("Foonly", "foonly.txt"),
    ("kremvax", "kremvax.txt"),
    ("HAKMEM", "hakmem.md"),
    ("EMACS", "emacs.txt"),
    ("Obfuscated C Contest", "obfuscated-c-contest.md"),
    ("scratch monkey", "scratch-monkey.txt"),
    ("demoscene", "demoscene.txt"),
]
JARGON_ABSENT = [
    ("Murphy's Law", "murphys-law.txt"),
    ("DDT", "ddt.txt"),
    ("dongle", "dongle.txt"),
    ("WAITS", "waits.txt"),
]
# Jargon File front matter and appendix sections: (first line, line that ends it, file).
JARGON_SECTIONS = [
    ("Chapter 3. Revision History", "Chapter 4. Jargon Construction", "jargon-file-history.txt"),
    ("The Story of Mel", "Appendix B. A Portrait of J. Random Hacker", "story-of-mel.txt"),
    ("TV Typewriters: A Tale of Hackish Ingenuity", "A Story About ‘Magic'", "tv-typewriters.md"),
]
# FOLDOC entries: (headword as in foldoc.index, file).
FOLDOC_CORPUS = [
    ("alan m. turing", "alan-turing.txt"),
    ("electronic numerical integrator and computer", "eniac.txt"),
    ("babbage, charles", "charles-babbage.txt"),
    ("grace hopper", "grace-hopper.txt"),
    ("cobol", "cobol.md"),
    ("pascal", "pascal.txt"),
    ("cerf, vint", "vint-cerf.txt"),
    ("berners-lee, tim", "tim-berners-lee.txt"),
    ("seymour cray", "seymour-cray.txt"),
    ("moore's law", "moores-law.md"),
    ("z3", "z3.txt"),
]
FOLDOC_ABSENT = [
    ("hamming, richard", "richard-hamming.txt"),
    ("atanasoff, john vincent", "john-atanasoff.txt"),
    ("herman hollerith", "herman-hollerith.txt"),
    ("boole, george", "george-boole.txt"),
    ("acorn", "acorn.txt"),
    ("bush, vannevar", "vannevar-bush.txt"),
]
# Elements: (title, element names, file); one article per group of the periodic table.
ELEMENTS_CORPUS = [("The noble gases", ["helium", "neon", "argon", "krypton", "xenon", "radon"], "noble-gases.md")]
ELEMENTS_ABSENT = [("The halogens", ["fluorine", "chlorine", "bromine", "iodine", "astatine"], "halogens.md")]


def read_gz(path, encoding="utf-8"):
    with gzip.open(path, "rt", encoding=encoding) as f:
        return f.read()


def reflow(text):
    """Hard-wrapped, indented paragraphs → one paragraph a line, {cross-reference} braces dropped."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    flat = "\n\n".join(" ".join(l.strip() for l in p.split("\n")) for p in paragraphs) + "\n"
    return re.sub(r"\{([^{}]*?)(?: \(https?://[^)]*\))?\}", r"\1", flat)


def plain(lines):
    """The lines with no-break spaces as spaces (the File's headings use them)."""
    return [l.replace("\u00a0", " ") for l in lines]


def jargon_entries(jargon):
    """Lexicon headword → its entry, from its `:headword:` line up to the next entry's."""
    lines = jargon.split("\n")
    appendix = plain(lines).index("Appendix A. Hacker Folklore")
    starts = [i for i, l in enumerate(lines[:appendix]) if re.match(r"^   :[^:]+:", l)]
    entries = {}
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else appendix
        body = "\n".join(lines[i:end]).rstrip() + "\n"
        # a letter's heading ("  B") closes the last entry under the letter before it
        body = re.sub(r"\n  [A-Z]\n*$", "\n", body)
        entries[re.match(r"^   :([^:]+):", lines[i]).group(1)] = body
    return entries


def jargon_section(jargon, first, end):
    """A section of the front matter or the appendices (the table of contents skipped)."""
    lines = jargon.split("\n")
    headings = plain(lines)
    after_contents = headings.index("Chapter 1. Hacker Slang and Hacker Culture")
    i = next(k for k in range(after_contents, len(lines)) if headings[k] == first)
    j = next(k for k in range(i + 1, len(lines)) if headings[k] == end)
    return "\n".join(lines[i:j]).rstrip() + "\n"


def dictd(root, name, encoding):
    """headword → definition of a dictd database (the index's offsets are base-64 numbers)."""
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def number(s):
        n = 0
        for c in s:
            n = n * 64 + digits.index(c)
        return n

    share = os.path.join(root, "usr", "share", "dictd")
    with gzip.open(os.path.join(share, name + ".dict.dz")) as f:
        data = f.read()
    with open(os.path.join(share, name + ".index"), encoding="utf-8") as f:
        index = [l.split("\t") for l in f.read().splitlines()]
    return {e[0]: data[number(e[1]):number(e[1]) + number(e[2])].decode(encoding) for e in index}


def write(folder, name, text):
    os.makedirs(os.path.join(FIXTURE, folder), exist_ok=True)
    with open(os.path.join(FIXTURE, folder, name), "w", encoding="utf-8") as f:
        f.write(text)


def jargon_article(entry, name):
    if not name.endswith(".md"):
        return entry
    head, body = entry.split("\n", 1)
    headword, grammar = re.match(r"^   :([^:]+):(.*)$", head).groups()
    return "# " + headword + "\n\n" + reflow((grammar.strip() + "\n\n" if grammar.strip() else "") + body)


def foldoc_article(entry, name):
    title, body = entry.split("\n", 1)
    if name.endswith(".md"):
        return "# " + title + "\n\n" + reflow(body)
    return entry.rstrip() + "\n"


def elements_article(elements, title, names):
    parts = ["# " + title]
    for n in names:
        lines = elements[n].strip().split("\n")
        parts.append("## " + lines[0].capitalize() + "\n\n" + "\n".join(lines[1:4]) + "\n\n" + " ".join(l.strip() for l in lines[4:]))
    return "\n\n".join(parts) + "\n"


def main(jargon_root, foldoc_root, elements_root):
    jargon = read_gz(os.path.join(jargon_root, "usr", "share", "doc", "jargon-text", "jargon.txt.gz"))
    entries = jargon_entries(jargon)
    foldoc = dictd(foldoc_root, "foldoc", "utf-8")
    elements = dictd(elements_root, "elements", "latin-1")  # the Elements database is Latin-1
    for folder, jargon_list, foldoc_list, elements_list in [
        ("corpus", JARGON_CORPUS, FOLDOC_CORPUS, ELEMENTS_CORPUS),
        ("absent", JARGON_ABSENT, FOLDOC_ABSENT, ELEMENTS_ABSENT),
    ]:
        for headword, name in jargon_list:
            write(folder, name, jargon_article(entries[headword], name))
        for headword, name in foldoc_list:
            write(folder, name, foldoc_article(foldoc[headword], name))
        for title, names, name in elements_list:
            write(folder, name, elements_article(elements, title, names))
    for first, end, name in JARGON_SECTIONS:
        section = jargon_section(jargon, first, end)
        write("corpus", name, "# " + first + "\n\n" + reflow(section.split("\n", 1)[1]) if name.endswith(".md") else section)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
