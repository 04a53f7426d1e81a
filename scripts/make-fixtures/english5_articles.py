"""Writes the fifth held-out English QA fixture's documents (test/fixtures/quality/english-5/):
corpus/ (the articles citebot indexes) and absent/ (articles made the same way but kept out of the
corpus: the questions about them are the set's absent-article unanswerables).

Source: the nation descriptions ("legends") of Freeciv 3.0.6 as Debian's freeciv-data
3.0.6-1+deb12u1 ships them (usr/share/games/freeciv/nation/NATION.ruleset, the `legend` field: a
short encyclopedic history of a people or state), GPL-2+ like the rest of the package; see the
fixture's README.

Nations are grouped as the rulesets group them: by era (the earliest of Ancient, Medieval,
EarlyModern, Modern among a nation's groups) and continent (the first of African, American, Asian,
European, Oceanian); nations without both, or without a legend, are left out. Each group's nations,
in the order of their plural names, are cut into parts of at most nine, of even size; a part is one
article ("Medieval European nations: Florentines to Greater Poles"), a section a nation headed by
its plural name. A .txt is hard-wrapped at 76 columns with headings on lines of their own; a .md has
# headings and a paragraph a line; a .html is a page of its own with <h1>, <h2> and <p>.

Usage: python3 scripts/make-fixtures/english5_articles.py FREECIV_DATA_ROOT
where the root is the package unpacked with `dpkg-deb -x freeciv-data_3.0.6-1+deb12u1_all.deb ROOT`
(`apt-get download freeciv-data` fetches the package).
"""
import glob
import html
import math
import os
import re
import sys
import textwrap

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "quality", "english-5")

ERAS = [("Ancient", "Ancient"), ("Medieval", "Medieval"), ("EarlyModern", "Early modern"), ("Modern", "Modern")]
CONTINENTS = ["African", "American", "Asian", "European", "Oceanian"]
PART = 9

# (era, continent, part number from 0, file): the parts written, and in which format.
CORPUS = [
    ("Ancient", "African", 0, "ancient-african-nations.txt"),
    ("Ancient", "American", 0, "ancient-american-nations.txt"),
    ("Ancient", "Asian", 1, "ancient-asian-nations-gupta-to-karens.txt"),
    ("Ancient", "Asian", 2, "ancient-asian-nations-khwarezmians-to-mitanni.md"),
    ("Ancient", "Asian", 4, "ancient-asian-nations-scythians-to-zhuang.txt"),
    ("Ancient", "European", 0, "ancient-european-nations-asturians-to-celts.txt"),
    ("Ancient", "European", 1, "ancient-european-nations-circassians-to-gepids.md"),
    ("Ancient", "European", 2, "ancient-european-nations-germanics-to-langobards.txt"),
    ("Ancient", "European", 4, "ancient-european-nations-romans-to-west-romans.txt"),
    ("Medieval", "African", 0, "medieval-african-nations-arabs-to-kanem-bornu.txt"),
    ("Medieval", "African", 1, "medieval-african-nations-kongo-to-vhavenda.md"),
    ("Medieval", "American", 0, "medieval-american-nations-aymaras-to-incas.txt"),
    ("Medieval", "American", 1, "medieval-american-nations-iroquois-to-toltecs.html"),
    ("Medieval", "Asian", 0, "medieval-asian-nations-abkhazians-to-chams.txt"),
    ("Medieval", "Asian", 2, "medieval-asian-nations-khmers-to-mongols.md"),
    ("Medieval", "Asian", 4, "medieval-asian-nations-sikkimese-to-vietnamese.txt"),
    ("Medieval", "European", 0, "medieval-european-nations-albanians-to-badians.txt"),
    ("Medieval", "European", 3, "medieval-european-nations-florentines-to-greater-poles.md"),
    ("Medieval", "European", 4, "medieval-european-nations-hanseatic-league-to-kievan-rus.txt"),
    ("Medieval", "European", 7, "medieval-european-nations-normans-to-papal-states.html"),
    ("Medieval", "European", 8, "medieval-european-nations-poles-to-sardinians.txt"),
    ("Modern", "African", 4, "modern-african-nations-nigeriens-to-south-africans.txt"),
    ("Modern", "American", 3, "modern-american-nations-paraguayans-to-vincentians.md"),
    ("Modern", "Asian", 2, "modern-asian-nations-jordanian-to-lebanese.txt"),
    ("Modern", "Oceanian", 1, "modern-oceanian-nations-nauruans-to-solomon-islanders.txt"),
]
ABSENT = [
    ("Ancient", "Asian", 3, "ancient-asian-nations-palmyrenes-to-sarmatians.txt"),
    ("Ancient", "European", 3, "ancient-european-nations-liburnians-to-picts.txt"),
    ("Medieval", "Asian", 1, "medieval-asian-nations-cholas-to-kashmiris.md"),
    ("Medieval", "Asian", 3, "medieval-asian-nations-mons-to-shans.txt"),
    ("Medieval", "European", 1, "medieval-european-nations-basques-to-catalans.txt"),
    ("Medieval", "European", 6, "medieval-european-nations-mazovians-to-neapolitans.html"),
    ("Medieval", "European", 10, "medieval-european-nations-silesians-to-tyrolians.txt"),
    ("Modern", "African", 2, "modern-african-nations-ethiopians-to-liberians.md"),
    ("Modern", "American", 2, "modern-american-nations-guatemalans-to-panamanians.txt"),
    ("Modern", "European", 2, "modern-european-nations-liechtensteiners-to-ukrainians.txt"),
]


def field(text, key):
    """A translatable string field of a ruleset, its continuation lines joined and escapes undone."""
    m = re.search(r"^" + key + r'\s*=\s*_\("((?:[^"\\]|\\.)*)"\)', text, re.S | re.M)
    if not m:
        return None
    value = m.group(1).replace("\\\n", " ").replace('\\"', '"').replace("\\'", "'")
    return re.sub(r"^\?\w+:", "", re.sub(r"\s+", " ", value).strip())


def nations(root):
    """{(era, continent): [(plural name, legend)]}, each list in the order of the plural names."""
    groups = {}
    for path in sorted(glob.glob(os.path.join(root, "usr", "share", "games", "freeciv", "nation", "*.ruleset"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        legend, plural = field(text, "legend"), field(text, "plural")
        line = re.search(r"^groups\s*=\s*(.*)$", text, re.M)
        names = [g.split(":")[-1] for g in re.findall(r'"([^"]+)"', line.group(1))] if line else []
        era = next((e for e, _ in ERAS if e in names), None)
        continent = next((c for c in CONTINENTS if c in names), None)
        if legend and plural and era and continent:
            groups.setdefault((era, continent), []).append((plural, legend))
    return {k: sorted(v) for k, v in groups.items()}


def part(groups, era, continent, number):
    members = groups[(era, continent)]
    n = math.ceil(len(members) / PART)
    chosen = members[number * len(members) // n:(number + 1) * len(members) // n]
    label = dict(ERAS)[era]
    title = f"{label} {continent} nations" + (f": {chosen[0][0]} to {chosen[-1][0]}" if n > 1 else "")
    return title, chosen


def as_txt(title, sections):
    out = [title]
    for name, legend in sections:
        out.append(name)
        out.append(textwrap.fill(legend, 76))
    return "\n\n".join(out) + "\n"


def as_md(title, sections):
    out = ["# " + title]
    for name, legend in sections:
        out.append("## " + name)
        out.append(legend)
    return "\n\n".join(out) + "\n"


def as_html(title, sections):
    body = "\n".join(f"<h2>{html.escape(name)}</h2>\n<p>{html.escape(legend, quote=False)}</p>" for name, legend in sections)
    return f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{html.escape(title)}</title>\n</head>\n<body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body>\n</html>\n"


def write(folder, name, text):
    os.makedirs(os.path.join(FIXTURE, folder), exist_ok=True)
    with open(os.path.join(FIXTURE, folder, name), "w", encoding="utf-8") as f:
        f.write(text)


def main(root):
    groups = nations(root)
    for folder, specs in (("corpus", CORPUS), ("absent", ABSENT)):
        for era, continent, number, name in specs:
            title, sections = part(groups, era, continent, number)
            render = as_html if name.endswith(".html") else as_md if name.endswith(".md") else as_txt
            write(folder, name, render(title, sections))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
