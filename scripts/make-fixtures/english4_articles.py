"""Writes the fourth held-out English QA fixture's documents (test/fixtures/quality/english-4/):
corpus/ (the articles citebot indexes) and absent/ (articles made the same way but kept out of the
corpus: the questions about them are the set's absent-article unanswerables).

Source: the sky culture descriptions of Stellarium 0.22.2 as Debian's stellarium-data 0.22.2-1
ships them (usr/share/stellarium/skycultures/CULTURE/description.en.utf8, HTML). Only the cultures
whose info.ini licenses them under the GNU GPL v2.0 or a CC BY-SA licence are used (none of the
NC or ND ones); see the fixture's README.

Each article is one culture's description, or one part of a long one (the Chinese, Mongolian,
Northern Andes and Hawaiian descriptions are split at their second-level headings). A .txt is the
text hard-wrapped at 76 columns with headings on lines of their own and table rows as lines of cells
joined by " - "; a .md is one paragraph a line with # headings, - lists and pipe tables; a .html is
the description's HTML as shipped, in a page of its own. Sections that only credit (Authors,
References, External links, Acknowledgements ...) are left out of .txt and .md articles.

Usage: python3 scripts/make-fixtures/english4_articles.py STELLARIUM_DATA_ROOT
where the root is the package unpacked with `dpkg-deb -x stellarium-data_0.22.2-1_all.deb ROOT`
(`apt-get download stellarium-data` fetches the package).
"""
import html
import os
import re
import sys
import textwrap
from html.parser import HTMLParser

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "quality", "english-4")

# (culture folder, h2 sections kept: None for all, else title prefixes; intro before the first h2
# kept; file). A split culture's later parts get the culture's h1 title with the part's heading.
CORPUS = [
    ("aztec", None, True, "aztec.txt"),
    ("boorong", None, True, "boorong.txt"),
    ("egyptian", None, True, "egyptian.txt"),
    ("inuit", None, True, "inuit.md"),
    ("macedonian", None, True, "macedonian.txt"),
    ("northern_andes", ["The Sun", "Clear Constellations"], True, "northern-andes.txt"),
    ("northern_andes", ["The Sacred Beings"], False, "northern-andes-dark-constellations.md"),
    ("sardinian", None, True, "sardinian.txt"),
    ("western_hlad", None, True, "western-hlad.txt"),
    ("chinese", ["Sun, Moon and Planets", "Notes"], True, "chinese.txt"),
    ("chinese", ["Xingguans", "Three Enclosures"], False, "chinese-three-enclosures.md"),
    ("chinese", ["Twenty-Eight Mansions", "The List of The Twenty-Eight Mansions"], False, "chinese-twenty-eight-mansions.txt"),
    ("chinese_contemporary", None, True, "chinese-contemporary.txt"),
    ("chinese_medieval", None, True, "chinese-medieval.html"),
    ("hawaiian_starlines", ["History"], True, "hawaiian-starlines.txt"),
    ("indian", None, True, "indian-vedic.md"),
    ("japanese_moon_stations", None, True, "japanese-moon-stations.txt"),
    ("maori", None, True, "maori.txt"),
    ("mongolian", ["Constellations", "Planets and Stars"], True, "mongolian.txt"),
    ("mongolian", ["Myths and Legends", "Other Beliefs", "Conclusion"], False, "mongolian-myths.md"),
    ("tongan", None, True, "tongan.html"),
    ("tukano", None, True, "tukano.txt"),
    ("western", None, True, "western.txt"),
    ("western_rey", None, True, "western-rey.md"),
    ("belarusian", None, True, "belarusian.txt"),
]
ABSENT = [
    ("korean", None, True, "korean.txt"),
    ("tupi", None, True, "tupi.txt"),
    ("romanian", None, True, "romanian.txt"),
    ("russian_siberian", None, True, "russian-siberian.txt"),
    ("western_SnT", None, True, "western-snt.txt"),
    ("sami", None, True, "sami.txt"),
    ("anutan", None, True, "anutan.txt"),
    ("navajo", None, True, "navajo.txt"),
    ("chinese", ["The Southern Sky", "Deep Space Objects"], False, "chinese-southern-sky.txt"),
    ("hawaiian_starlines", ["Star Lines"], False, "hawaiian-star-lines.md"),
]
# Sardinian's short "Credits" section, which names the researchers, is kept on purpose (not matched).
CREDITS = re.compile(r"^(authors?|references?|external links|acknowledgements|background and acknowledgements|thanks to|contributors|sources)\b", re.I)
BLOCKS = {"p", "li", "dt", "dd", "blockquote", "h1", "h2", "h3", "h4", "h5", "tr", "br", "table", "ul", "ol", "dl", "div"}


class Blocks(HTMLParser):
    """The description as blocks: (tag, text) for headings and paragraphs, ("tr", [cells]) for table rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.text, self.tag, self.cells, self.cell = [], [], None, None, None

    def flush(self):
        if self.cell is not None:  # a <br> or <p> inside a table cell stays in the cell
            return
        text = re.sub(r"\s+", " ", "".join(self.text)).strip()
        if text:
            self.blocks.append((self.tag or "p", text))
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.flush()
            self.cells = []
        elif tag in ("td", "th"):
            self.cell = []
            self.text = []
        elif tag in BLOCKS:
            self.flush()
            self.tag = tag if tag in ("h1", "h2", "h3", "h4", "h5", "li", "dt") else "p"

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cells.append(re.sub(r"\s+", " ", "".join(self.text)).strip())
            self.cell, self.text = None, []
        elif tag == "tr" and self.cells is not None:
            if any(self.cells):
                self.blocks.append(("tr", self.cells))
            self.cells = None
        elif tag in BLOCKS:
            self.flush()
            self.tag = None

    def handle_data(self, data):
        self.text.append(data)


def sections(blocks):
    """(title, h1 title, intro blocks, [(h2 title, blocks)])."""
    title = next(t for k, t in blocks if k == "h1")
    intro, parts = [], []
    for kind, text in blocks:
        if kind == "h1":
            continue
        if kind == "h2":
            parts.append((text, [(kind, text)]))
        elif parts:
            parts[-1][1].append((kind, text))
        else:
            intro.append((kind, text))
    return title, intro, parts


def select(blocks, keep, with_intro):
    title, intro, parts = sections(blocks)
    chosen = [b for name, body in parts if (keep is None and not CREDITS.match(name)) or (keep and any(name.startswith(k) for k in keep)) for b in body]
    if not with_intro and parts:
        title = title + ": " + next(name for name, _ in parts if any(name.startswith(k) for k in keep))
        chosen = chosen[1:]  # the first kept heading became the title
    return title, (intro if with_intro else []) + chosen


def as_txt(title, blocks):
    out = [title]
    for kind, text in blocks:
        if kind == "tr":
            line = " - ".join(c for c in text if c)
            out.append(textwrap.fill(line, 76, subsequent_indent="    "))
        elif kind == "li":
            out.append(textwrap.fill(text, 76, initial_indent="  * ", subsequent_indent="    "))
        else:
            out.append(textwrap.fill(text, 76))
    # a table's rows, and a list's items, stay together; everything else is a paragraph of its own
    text, prev = "", None
    for kind, block in zip(["h1"] + [k for k, _ in blocks], out):
        sep = "\n" if prev is not None and kind == prev and kind in ("tr", "li") else "\n\n"
        text += (sep if text else "") + block
        prev = kind
    return text + "\n"


def as_md(title, blocks):
    out, prev = ["# " + title], None
    for kind, text in blocks:
        if kind == "tr":
            row = "| " + " | ".join(c.replace("|", "/") for c in text) + " |"
            if prev != "tr":
                out.append(row + "\n|" + "---|" * len(text))
            else:
                out[-1] += "\n" + row
        elif kind == "li":
            item = "- " + text
            if prev == "li":
                out[-1] += "\n" + item
            else:
                out.append(item)
        elif kind in ("h2", "h3", "h4", "h5"):
            out.append("#" * int(kind[1]) + " " + text)
        else:
            out.append(text)
        prev = kind
    return "\n\n".join(out) + "\n"


def as_html(title, source):
    body = re.sub(r"</?notr>", "", source)
    body = re.sub(r"<img[^>]*>", "", body)
    return f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{html.escape(title)}</title>\n</head>\n<body>\n{body.strip()}\n</body>\n</html>\n"


def write(folder, name, text):
    os.makedirs(os.path.join(FIXTURE, folder), exist_ok=True)
    with open(os.path.join(FIXTURE, folder, name), "w", encoding="utf-8") as f:
        f.write(text)


def main(root):
    cultures = os.path.join(root, "usr", "share", "stellarium", "skycultures")
    for folder, specs in (("corpus", CORPUS), ("absent", ABSENT)):
        for culture, keep, with_intro, name in specs:
            with open(os.path.join(cultures, culture, "description.en.utf8"), encoding="utf-8") as f:
                source = f.read()
            parser = Blocks()
            parser.feed(re.sub(r"</?notr>", "", source))
            parser.close()
            parser.flush()
            title, blocks = select(parser.blocks, keep, with_intro)
            if name.endswith(".html"):
                write(folder, name, as_html(title, source))
            elif name.endswith(".md"):
                write(folder, name, as_md(title, blocks))
            else:
                write(folder, name, as_txt(title, blocks))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
