"""Writes the held-out English QA fixture's documents (test/fixtures/quality/english-2/corpus/).

Sources (see the fixture's README for the licences):
  - Debian's debian-history package 2.28 ("A Brief History of Debian", its appendix
    "The Debian Manifesto", and the Debian Social Contract), GPL-2+;
  - Simon Tatham's Portable Puzzle Collection manual as Debian's sgt-puzzles 20230122 ships it
    (puzzles.txt.gz and help/en/mines.html), MIT (Expat).

Usage: python3 scripts/make-fixtures/english2_articles.py DEBIAN_HISTORY_ROOT SGT_PUZZLES_ROOT
where each root is a package unpacked with `dpkg-deb -x PACKAGE.deb ROOT`
(`apt-get download debian-history sgt-puzzles` fetches the packages).
"""
import gzip
import os
import re
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "quality", "english-2", "corpus")


def read_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.read()


def between(text, start, end=None):
    """The text from the line that starts with `start` up to the line that starts with `end`."""
    lines = text.split("\n")
    plain = [l.replace("\u00a0", " ") for l in lines]  # the history's headings use no-break spaces
    i = next(k for k, l in enumerate(plain) if l.startswith(start))
    j = next((k for k in range(i + 1, len(lines)) if end is not None and plain[k].startswith(end)), len(lines))
    return "\n".join(lines[i:j]).rstrip() + "\n"


def reflow(text):
    """Hard-wrapped, indented paragraphs → one paragraph per line (as Markdown is often written)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(l.strip() for l in p.split("\n")) for p in paragraphs) + "\n"


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(text)


def main(history_root, puzzles_root):
    os.makedirs(OUT, exist_ok=True)
    doc = os.path.join(history_root, "usr", "share", "doc", "debian-history")
    history = read_gz(os.path.join(doc, "docs", "project-history.en.txt.gz"))
    write("debian-beginnings.txt", between(history, "Chapter 1. Introduction", "Chapter 3. Debian Releases"))
    releases = between(history, "Chapter 3. Debian Releases", "Chapter 4. A Detailed History")
    write("debian-releases.md", "# Debian Releases\n\n" + reflow(releases.split("\n", 1)[1]))
    write("debian-early-years.txt", between(history, "4.1. The 0.x Releases", "4.4. The 3.x Releases"))
    events = "".join(
        "## " + title + "\n\n" + reflow(between(history, heading, "4.13.").split("\n", 1)[1]) + "\n"
        for heading, title in [
            ("4.13.2. October 2000", "October 2000: Implementation of Package Pools"),
            ("4.13.6. November 2002", "November 2002: Fire burnt Debian server"),
            ("4.13.7. November 2003", "November 2003: Several Debian servers hacked"),
        ]
    )
    write("debian-incidents.md", "# Debian: important events\n\n" + events.rstrip() + "\n")
    manifesto = read_gz(os.path.join(doc, "debian-manifesto.gz"))
    write("debian-manifesto.txt", manifesto[manifesto.index("\t\t\tThe Debian Linux Manifesto"):])
    write("social-contract.txt", read_gz(os.path.join(doc, "social-contract.txt.gz")))

    puzzles = read_gz(os.path.join(puzzles_root, "usr", "share", "doc", "sgt-puzzles", "puzzles.txt.gz"))
    write("puzzles-introduction.md", "# Simon Tatham's Portable Puzzle Collection\n\n" + reflow(between(puzzles, "Chapter 1: Introduction", "Chapter 2:").split("-\n", 1)[1]))
    write("same-game.txt", between(puzzles, "Chapter 13: Same Game", "Chapter 14:"))
    write("bridges.txt", between(puzzles, "Chapter 26: Bridges", "Chapter 27:"))
    write("flood.txt", between(puzzles, "Chapter 39: Flood", "Chapter 40:"))
    with open(os.path.join(puzzles_root, "usr", "share", "sgt-puzzles", "help", "en", "mines.html"), encoding="ascii") as f:
        write("mines.html", f.read())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
