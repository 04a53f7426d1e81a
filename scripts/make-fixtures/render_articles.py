#!/usr/bin/python3
"""Renders benchmark articles three ways for scripts/bench-formats (issue 14): plain text, PDF and DOCX.

  /usr/bin/python3 scripts/make-fixtures/render_articles.py --in articles.json --out DIR

articles.json is a list of {"id": "a001", "title": "...", "paragraphs": ["...", ...]}. Writes
  DIR/txt/<id>.txt     title, blank line, the paragraphs separated by blank lines
  DIR/pdf/<id>.pdf     A5 pages, embedded CJK font (WenQuanYi Zen Hei), a running header with the
                       title and a rule on every page, a "第 n 页 / 共 m 页" footer, a narrow text
                       column (about 20 characters a line) with justified lines, so that sentences
                       wrap across lines and pages and most articles span two pages or more
  DIR/docx/<id>.docx   title as Heading 1 and the paragraphs, with a header (the title) and a
                       footer with a PAGE field
  DIR/truth/<id>.json  what the PDF renderer put on each page: {"pages": [[body line, ...], ...],
                       "paragraphs": [[first page, last page], ...], "heading_page": 1}
                       (body lines only; pages are 1-based), "header": the running header,
                       "footers": the footer of every page

Needs Debian's python3-reportlab, python3-docx and fonts-wqy-zenhei (scripts/bench-formats installs
them when missing). Deterministic: same input, same bytes.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drawing import ZH, draw_line, new_canvas, normalize_zip, wrap_cjk  # noqa: E402  (registers the fonts)

from reportlab.lib.pagesizes import A5  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402

PAGE_W, PAGE_H = A5  # 420 x 595 pt
LEFT = 84
TEXT_W = PAGE_W - 2 * LEFT  # 252 pt: about 21 CJK characters at 12 pt
TOP = PAGE_H - 80
BOTTOM = 90
SIZE, LEADING, INDENT = 12, 22, 24
HEAD_SIZE = 15


def fit(text, font, size, width):
    """A header line shortened with an ellipsis to fit the width."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def layout(title, paragraphs):
    """Pages of draw operations (x, y, text, font, size, justify-to-width or None) and the page span of every paragraph."""
    pages, ops, y = [], [], TOP - HEAD_SIZE
    spans = []

    def new_page():
        nonlocal ops, y
        pages.append(ops)
        ops, y = [], TOP - SIZE

    for line in wrap_cjk(title, ZH, HEAD_SIZE, TEXT_W, TEXT_W):
        ops.append((LEFT, y, line, ZH, HEAD_SIZE, None))
        y -= LEADING * 1.3
    y -= LEADING * 0.5
    for text in paragraphs:
        lines = wrap_cjk(text.strip(), ZH, SIZE, TEXT_W - INDENT, TEXT_W)
        first = None
        for i, line in enumerate(lines):
            if y < BOTTOM:
                new_page()
            if first is None:
                first = len(pages) + 1
            x = LEFT + (INDENT if i == 0 else 0)
            last = i == len(lines) - 1
            ops.append((x, y, line, ZH, SIZE, None if last else LEFT + TEXT_W - x))
            y -= LEADING
        spans.append([first or len(pages) + 1, len(pages) + 1])
        y -= LEADING * 0.6
    pages.append(ops)
    return pages, spans


def pdf(path, title, paragraphs):
    pages, spans = layout(title, paragraphs)
    total = len(pages)
    c = new_canvas(path)
    c.setPageSize(A5)
    c.setTitle(title)
    header = fit(title, ZH, 9, TEXT_W)
    for n, ops in enumerate(pages, 1):
        c.setFont(ZH, 9)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 42, header)
        c.setLineWidth(0.5)
        c.line(LEFT, PAGE_H - 48, PAGE_W - LEFT, PAGE_H - 48)
        for x, y, text, font, size, width in ops:
            draw_line(c, x, y, text, font, size, width)
        c.setFont(ZH, 9)
        c.drawCentredString(PAGE_W / 2, 36, f"第 {n} 页 / 共 {total} 页")
        c.showPage()
    c.save()
    return {"pages": [[op[2] for op in ops] for ops in pages], "paragraphs": spans, "heading_page": 1,
            "header": header, "footers": [f"第 {n} 页 / 共 {total} 页" for n in range(1, total + 1)]}


def docx(path, title, paragraphs):
    import datetime
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = "citebot"
    props.created = props.modified = datetime.datetime(2024, 1, 1)
    props.last_modified_by = "citebot"
    props.revision = 1
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = title
    foot = sec.footer.paragraphs[0]
    foot.add_run("第 ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    foot._p.append(field)
    foot.add_run(" 页")
    doc.add_heading(title, level=1)
    for text in paragraphs:
        doc.add_paragraph(text.strip())
    doc.save(path)
    normalize_zip(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--in", dest="input", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    with open(args.input, encoding="utf-8") as f:
        articles = json.load(f)
    for sub in ("txt", "pdf", "docx", "truth"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    total_pages = 0
    for a in articles:
        aid, title, paragraphs = a["id"], a["title"].strip(), a["paragraphs"]
        with open(os.path.join(args.out, "txt", aid + ".txt"), "w", encoding="utf-8") as f:
            f.write(title + "\n\n" + "\n\n".join(p.strip() for p in paragraphs) + "\n")
        truth = pdf(os.path.join(args.out, "pdf", aid + ".pdf"), title, paragraphs)
        total_pages += len(truth["pages"])
        with open(os.path.join(args.out, "truth", aid + ".json"), "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False)
        docx(os.path.join(args.out, "docx", aid + ".docx"), title, paragraphs)
    print(json.dumps({"articles": len(articles), "pdfPages": total_pages}))


if __name__ == "__main__":
    sys.exit(main())
