"""Drawing helpers shared by make_fixtures.py and render_articles.py: the CJK fonts (registered on
import), a reproducible canvas, CJK/Latin line wrapping, justified lines, reproducible zips."""
import zipfile

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
ZH = "WQY"  # embedded (subset) TrueType CJK font
CID = "STSong-Light"  # a non-embedded CID font: needs pdf.js's CMaps (UniGB-UCS2-H)

pdfmetrics.registerFont(TTFont(ZH, FONT_FILE, subfontIndex=0))
pdfmetrics.registerFont(UnicodeCIDFont(CID))


def new_canvas(path):
    c = canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1)
    c.setCreator("citebot make_fixtures.py")
    c.setProducer("citebot make_fixtures.py")
    return c


NO_LINE_START = set("，。；：、！？）》」』”’%％")


def wrap_cjk(text, font, size, first_width, width):
    """Greedy line breaking by width, character by character (Latin words are kept whole)."""
    lines, line, avail = [], "", first_width
    tokens, i = [], 0
    while i < len(text):  # Latin words / numbers as one token, every CJK character on its own
        j = i
        while j < len(text) and text[j].isascii() and text[j] != " ":
            j += 1
        if j > i:
            tokens.append(text[i:j])
            i = j
        else:
            tokens.append(text[i])
            i += 1
    for tok in tokens:
        # no line starts with closing punctuation: it stays on the line, which is squeezed a little
        if pdfmetrics.stringWidth(line + tok, font, size) <= avail or not line or tok in NO_LINE_START:
            line += tok
        else:
            lines.append(line)
            line, avail = tok.lstrip(), width
    if line:
        lines.append(line)
    return lines


def wrap_latin(text, font, size, width, hyphenate):
    """Greedy word wrapping, ragged right; a word in `hyphenate` may break after its given prefix."""
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        prefix = hyphenate.get(word.strip(",."))
        if prefix and pdfmetrics.stringWidth(f"{line} {prefix}-", font, size) <= width:
            lines.append(f"{line} {prefix}-")
            line = word[len(prefix):]
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def draw_line(c, x, y, text, font, size, width=None):
    """Draws one line; with `width`, justified to exactly that width (character spacing)."""
    t = c.beginText(x, y)
    t.setFont(font, size)
    if width is not None and len(text) > 1:
        natural = pdfmetrics.stringWidth(text, font, size)
        t.setCharSpace((width - natural) / (len(text) - 1))
    t.textOut(text)
    c.drawText(t)


def normalize_zip(path):
    """Rewrites a zip with fixed timestamps so the file is byte-for-byte reproducible."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
