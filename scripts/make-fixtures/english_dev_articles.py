"""Writes the English development fixture's documents (test/fixtures/quality/english-dev/corpus/):
encyclopedic entries of FOLDOC, the Free On-line Dictionary of Computing (© 1993 Denis Howe and
contributors, GFDL 1.1 or later), as Debian's dict-foldoc 20230119 ships it.

Each entry becomes one article: its title on the first line, then its paragraphs reflowed to one line
each (as encyclopedic text is often stored), FOLDOC's {cross-reference} braces, <category> tags and
trailing (YYYY-MM-DD) edit dates taken out.

Usage: python3 scripts/make-fixtures/english_dev_articles.py DICT_FOLDOC_ROOT
where the root is the package unpacked with `dpkg-deb -x dict-foldoc_*.deb ROOT`
(`apt-get download dict-foldoc` fetches it).
"""
import gzip
import os
import re
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "quality", "english-dev", "corpus")

ENTRIES = [
    "Ada", "ENIAC", "COBOL", "Grace Hopper", "Lisp", "Smalltalk", "Unix", "Linux", "Multics", "Pascal",
    "Tcl", "TeX", "Perl", "ARPANET", "Ethernet", "Intel 4004", "GNU", "Java",
]


def entry(text, head):
    lines = text.split("\n")
    i = lines.index(head)
    j = next((k for k in range(i + 1, len(lines)) if lines[k] and not lines[k][0].isspace()), len(lines))
    return "\n".join(lines[i + 1:j])


def clean(body):
    body = re.sub(r"\{([^{}]*?)(?:\s*\([a-z]+://[^()]*\))?\}", r"\1", body)  # {link (url)} -> link
    body = re.sub(r"\{([^{}]*)\}", r"\1", body)
    body = re.sub(r"^\s*<[^>]+>\s*", "", body.strip())  # the leading <category> tag(s)
    body = re.sub(r"\(\d{4}-\d{2}-\d{2}\)\s*$", "", body.strip())
    paragraphs = [" ".join(l.strip() for l in p.split("\n")) for p in re.split(r"\n\s*\n", body.strip())]
    return "\n\n".join(p for p in paragraphs if p)


def main(root):
    with gzip.open(os.path.join(root, "usr/share/dictd/foldoc.dict.dz"), "rt", encoding="utf-8") as f:
        text = f.read()
    os.makedirs(OUT, exist_ok=True)
    for head in ENTRIES:
        name = re.sub(r"[^a-z0-9]+", "-", head.lower()).strip("-") + ".txt"
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as out:
            out.write(f"{head}\n\n{clean(entry(text, head))}\n")


if __name__ == "__main__":
    main(sys.argv[1])
