#!/usr/bin/python3
"""Writes the format fixtures of test/fixtures/formats/ (and, with --bench-pages N, a long PDF for
scripts/bench-extract). Needs Debian's python3-reportlab, python3-docx, fonts-wqy-zenhei and qpdf;
scripts/make-fixtures/make-fixtures.sh installs them with apt when missing.

Everything is deterministic (fixed dates, ids and text) so that re-running it gives the same
extracted text; the tests assert exact slices of that text.

  /usr/bin/python3 scripts/make-fixtures/make_fixtures.py                 # test/fixtures/formats/
  /usr/bin/python3 scripts/make-fixtures/make_fixtures.py --out DIR       # elsewhere
  /usr/bin/python3 scripts/make-fixtures/make_fixtures.py --only justified.pdf   # just that one
  /usr/bin/python3 scripts/make-fixtures/make_fixtures.py --bench-pages 300 --out /tmp/x
"""
import argparse
import io
import os
import subprocess
import sys
import zipfile

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drawing import CID, FONT_FILE, ZH, draw_line, new_canvas, normalize_zip, wrap_cjk, wrap_latin  # noqa: E402  (registers the fonts)

PAGE_W, PAGE_H = A4
MARGIN = 72
TEXT_W = PAGE_W - 2 * MARGIN

class Flow:
    """A one-column page flow with a running header and a page-number footer."""

    def __init__(self, c, header, footer, font=ZH, size=12, leading=20, top=None, bottom=None):
        self.c, self.header, self.footer = c, header, footer
        self.font, self.size, self.leading = font, size, leading
        self.top = top or PAGE_H - MARGIN
        self.bottom = bottom or MARGIN
        self.page = 0
        self.y = None

    def start_page(self):
        self.page += 1
        c = self.c
        if self.header:
            c.setFont(ZH, 9)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 42, self.header)
            c.setLineWidth(0.5)
            c.line(MARGIN, PAGE_H - 48, PAGE_W - MARGIN, PAGE_H - 48)
        self.y = self.top - self.size

    def end_page(self, total):
        if self.footer:
            self.c.setFont(ZH, 9)
            self.c.drawCentredString(PAGE_W / 2, 40, self.footer(self.page, total))
        self.c.showPage()

    def need(self, total):
        if self.y is None:
            self.start_page()
        elif self.y < self.bottom:
            self.end_page(total)
            self.start_page()

    def heading(self, text, total, size=14):
        self.need(total)
        if self.y < self.top - self.size:
            self.y -= self.leading * 0.6
        draw_line(self.c, MARGIN, self.y, text, ZH, size)
        self.y -= self.leading * 1.4

    def paragraph(self, text, total, indent=24, lines=None, justify=True):
        lines = lines or wrap_cjk(text, self.font, self.size, TEXT_W - indent, TEXT_W)
        for i, line in enumerate(lines):
            self.need(total)
            x = MARGIN + (indent if i == 0 else 0)
            last = i == len(lines) - 1
            draw_line(self.c, x, self.y, line, self.font, self.size, None if last or not justify else MARGIN + TEXT_W - x)
            self.y -= self.leading
        self.y -= self.leading * 0.5


REPORT = [
    ("title", "2024年统计工作报告"),
    ("h", "一、总体情况"),
    ("p", "2024年，全市经济运行总体平稳，稳中有进。全年地区生产总值达到1234.5亿元，比上年增长5.2%。其中，第一产业增加值为56.7亿元，增长3.1%；第二产业增加值为456.8亿元，增长6.0%；第三产业增加值为721.0亿元，增长4.9%。"),
    ("latin", "In 2024 the statistics bureau of the city finished building the new shared data infrastructure, which connects all district offices and cuts the time needed for monthly reporting from ten days to three days."),
    ("h", "二、工业生产"),
    ("p", "全年规模以上工业增加值比上年增长6.8%。分经济类型看，国有控股企业增加值增长4.2%，股份制企业增长7.1%，外商及港澳台商投资企业增长5.5%。分门类看，采矿业增加值下降1.3%，制造业增长7.4%，电力、热力、燃气及水生产和供应业增长4.6%。"),
    ("p", "从重点产品看，全年发电量为312.4亿千瓦时，增长3.8%；钢材产量为456.2万吨，下降2.1%；水泥产量为789.3万吨，下降4.7%；汽车产量为12.6万辆，增长15.9%，其中新能源汽车产量为5.3万辆，增长35.2%。全年规模以上工业企业产品出口交货值为612.8亿元，增长3.3%。"),
    ("p", "全年规模以上工业企业实现营业收入3456.7亿元，同比增长7.8%；实现利润总额234.5亿元，增长9.1%。规模以上工业企业每百元营业收入中的成本为83.6元，比上年减少0.4元；营业收入利润率为6.8%，提高0.2个百分点。年末规模以上工业企业资产负债率为55.3%，比上年末下降0.6个百分点。工业产品销售率达到98.1%，新产品产值增长12.4%，高技术制造业增加值占规模以上工业增加值的比重为18.9%，比上年提高1.2个百分点。全年新增规模以上工业企业112家，新能源汽车、工业机器人和集成电路等新兴产品产量分别增长35.2%、21.7%和16.3%。"),
    ("h", "三、固定资产投资"),
    ("p", "全年固定资产投资比上年增长4.5%。其中，基础设施投资增长8.2%，制造业投资增长9.6%，房地产开发投资下降5.1%。分产业看，第一产业投资增长2.3%，第二产业投资增长8.8%，第三产业投资增长2.9%。"),
    ("p", "年末全市共有各类市场主体45.6万户，比上年末增长8.7%。其中，企业13.2万户，增长10.3%；个体工商户31.9万户，增长8.0%。"),
    ("h", "四、居民收入"),
    ("p", "全年全市居民人均可支配收入为45678元，比上年增长5.6%。按常住地分，城镇居民人均可支配收入为56789元，增长5.1%；农村居民人均可支配收入为23456元，增长6.9%。"),
]


def zh_report(path):
    """Three pages: running header, "第 N 页 共 3 页" footer, wrapped and justified Chinese lines, a
    paragraph across the page break, a hyphenated Latin word, headings."""
    total = 3
    c = new_canvas(path)
    c.setTitle("2024年统计工作报告")
    flow = Flow(c, "示例市统计局　2024年统计工作报告", lambda n, t: f"第 {n} 页 共 {t} 页", bottom=MARGIN + 40)
    for kind, body in REPORT:
        if kind == "title":
            flow.need(total)
            c.setFont(ZH, 18)
            c.drawCentredString(PAGE_W / 2, flow.y, body)
            flow.y -= 40
        elif kind == "h":
            flow.heading(body, total)
        elif kind == "latin":
            lines = wrap_latin(body, ZH, 12, TEXT_W, {"infrastructure": "infra"})
            assert any(line.endswith("infra-") for line in lines), lines  # the fixture needs a hyphenated word
            flow.paragraph("", total, indent=0, lines=lines, justify=False)  # ragged right
        else:
            flow.paragraph(body, total)
        # a fixed page break before section four keeps page 3 for it
        if body == REPORT[-3][1]:
            flow.end_page(total)
            flow.start_page()
    flow.end_page(total)
    assert flow.page == total, flow.page
    c.save()


JUSTIFIED_TITLE = "计算神经科学"
JUSTIFIED = [
    "计算神经科学（Computational Neuroscience）是一门利用数学分析和计算机模拟的方法，在不同层次上研究神经系统的结构、功能和发展的交叉学科。",
    "这一名称由美国学者Eric L. Schwartz于1985年在一次会议上提出，会议的论文后来结集出版。早期的重要工作包括霍奇金与赫胥黎在1952年提出的神经元动作电位模型，以及后来关于突触可塑性和学习规则的各种理论。",
    "浮龙属（学名：\"Plotosaurus\"）意为「游泳的蜥蜴」，是沧龙科的一属，生存于白垩纪晚期（马斯垂克阶），化石发现于加州费雷斯诺县。浮龙最初在1942年由柏克莱大学的古生物学家Charles Lewis Camp命名为\"Kolposaurus\"；在1951年，Camp发现已有一种幻龙类使用这个名称，因此改为现名。这个例子说明，研究者通常把神经系统看作一个处理信息的系统，用微分方程描述单个神经元的膜电位变化。",
    "随着计算能力的提高和实验数据的积累，这一领域的研究对象从单个离子通道扩展到整个大脑，研究方法也从理论推导扩展到大规模的数值模拟。今天，计算神经科学与人工智能、认知科学和医学影像等领域都有密切的联系，它的许多概念也被用来设计新的机器学习算法。",
    "在教学方面，许多大学开设了计算神经科学的课程，内容通常包括神经元模型、神经编码、网络动力学和学习理论等，学生需要同时掌握生物学、数学和编程的知识。",
]


def justified(path):
    """The benchmark's article layout (scripts/make-fixtures/render_articles.py): A5, the title as
    the running header of every page AND as the heading on page 1, justified lines (character
    spacing) that are spread wide where a long Latin word did not fit (mixed CJK/Latin), two pages."""
    import render_articles  # noqa: E402  (same folder)

    truth = render_articles.pdf(path, JUSTIFIED_TITLE, JUSTIFIED)
    assert len(truth["pages"]) == 2, len(truth["pages"])
    first = truth["pages"][0]
    assert first[1].rstrip().endswith("Computational"), first[1]  # a short line, spread by character spacing
    assert any(line.rstrip().endswith("Camp命名为") for page in truth["pages"] for line in page)  # spread: Latin words inside


COLUMN_LEFT = "左栏的内容从这里开始。双栏排版在期刊和公报中很常见，阅读顺序应当是先读完左栏，再读右栏。如果按行横向拼接，两栏的句子就会交错在一起，引用也就失去了意义。"
COLUMN_RIGHT = "右栏的内容从这里开始。抽取程序需要识别栏间的空白，把同一栏中的各行连成段落，并保持段落之间的分隔，这样每一句话都能被准确引用。"


def columns(path):
    """Page 1: a full-width title over two columns (CID font STSong-Light, needs CMaps);
    page 2: a page with /Rotate 90; page 3: text drawn rotated by 90 degrees."""
    c = new_canvas(path)
    gutter = 24
    col_w = (TEXT_W - gutter) / 2
    c.setFont(ZH, 18)
    c.drawCentredString(PAGE_W / 2, PAGE_H - MARGIN - 18, "双栏排版示例")
    for x0, text in ((MARGIN, COLUMN_LEFT), (MARGIN + col_w + gutter, COLUMN_RIGHT)):
        lines = wrap_cjk(text, CID, 11, col_w - 22, col_w)
        y = PAGE_H - MARGIN - 60
        for i, line in enumerate(lines):
            x = x0 + (22 if i == 0 else 0)
            draw_line(c, x, y, line, CID, 11, None if i == len(lines) - 1 else x0 + col_w - x)
            y -= 18
    c.setFont(ZH, 9)
    c.drawCentredString(PAGE_W / 2, 40, "- 1 -")
    c.showPage()

    # /Rotate 90: reportlab then makes the MediaBox landscape (PAGE_H wide, PAGE_W high)
    c.setPageRotation(90)
    flow_y = PAGE_W - MARGIN - 12
    land_w = PAGE_H - 2 * MARGIN
    for i, line in enumerate(wrap_cjk("这一页在文件中被标记为旋转九十度，阅读器会把它转过来显示，但文字本身的坐标没有变化。抽取时不需要考虑页面的旋转角度，只需要按照文字的方向和位置重建行与段落，就能得到正确的阅读顺序。", ZH, 12, land_w - 24, land_w)):
        draw_line(c, MARGIN + (24 if i == 0 else 0), flow_y, line, ZH, 12)
        flow_y -= 20
    c.setFont(ZH, 9)
    c.drawCentredString(PAGE_H / 2, 40, "- 2 -")
    c.showPage()
    c.setPageRotation(0)

    # rotated text: baseline runs upwards (a landscape table printed on a portrait page)
    c.saveState()
    c.translate(PAGE_W - MARGIN, MARGIN)
    c.rotate(90)
    y = 0
    rotated_w = PAGE_H - 2 * MARGIN
    text = "这一页的文字是旋转九十度排印的，就像横向表格被放进竖向页面。抽取时应当按文字自己的方向重建行和段落，而不是把每个字当成单独的一行。"
    for i, line in enumerate(wrap_cjk(text, ZH, 12, rotated_w - 24, rotated_w)):
        draw_line(c, 24 if i == 0 else 0, y, line, ZH, 12)
        y -= 20
    c.restoreState()
    c.setFont(ZH, 9)
    c.drawCentredString(PAGE_W / 2, 40, "- 3 -")
    c.showPage()
    c.save()


EN_TOPICS = ["coastal erosion", "river flooding", "urban heat", "drought planning", "wildfire smoke", "glacier melt", "storm surge", "soil salinity"]
EN_HYPHENATE = {"assessment": "assess", "considerably": "consider", "municipalities": "munici", "infrastructure": "infra", "maintenance": "mainte", "governments": "govern", "neighbourhoods": "neighbour"}


def en_paragraph(topic, n):
    return (f"The committee reviewed {topic} in section {n}. Its assessment found that the problem accelerated "
            f"considerably during the last decade, particularly in unprotected municipalities. Local governments "
            f"responded to {topic} with restoration programmes and long-term infrastructure maintenance funded by regional budgets.")


def en_columns(path):
    """An English report as users' PDFs come: Helvetica (not embedded), two ragged-right columns
    with hyphenated line ends, a running header (title left, "Draft" right) and a "Page N of 2"
    footer on every page, and on page 2 a table (three cells a row) under the columns."""
    c = new_canvas(path)
    col_w = (PAGE_W - 2 * MARGIN - 24) / 2
    n = 0
    for page in (1, 2):
        c.setFont("Helvetica", 9)
        c.drawString(MARGIN, PAGE_H - 40, "Climate Adaptation Review 2024")
        c.drawRightString(PAGE_W - MARGIN, PAGE_H - 40, "Draft")
        c.drawCentredString(PAGE_W / 2, 36, f"Page {page} of 2")
        bottom = PAGE_H
        for col in (0, 1):
            y = PAGE_H - 80
            for _ in range(2):
                n += 1
                for line in wrap_latin(en_paragraph(EN_TOPICS[n - 1], n), "Helvetica", 10, col_w, EN_HYPHENATE):
                    draw_line(c, MARGIN + col * (col_w + 24), y, line, "Helvetica", 10)
                    y -= 13
                y -= 8
            bottom = min(bottom, y)
        if page == 2:
            y = bottom - 12
            for row in (["Region", "Retreat (m/yr)", "Budget"], ["North Coast", "1.8", "4.2 million"], ["South Bay", "0.9", "1.1 million"]):
                for k, cell in enumerate(row):
                    draw_line(c, MARGIN + 150 * k, y, cell, "Helvetica", 10)
                y -= 14
        c.showPage()
    c.save()


def scan(path):
    """A page with no text layer: a picture of Chinese text plus some shapes (what a scanner makes)."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (1200, 360), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT_FILE, 48, index=0)
    d.text((40, 60), "扫描件没有文字层。", font=font, fill=0)
    d.text((40, 180), "需要光学字符识别。", font=font, fill=0)
    img = img.convert("1")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    c = new_canvas(path)
    c.drawImage(ImageReader(buf), MARGIN, PAGE_H - MARGIN - 150, width=TEXT_W, height=TEXT_W * 360 / 1200)
    c.setLineWidth(2)
    c.rect(MARGIN, MARGIN, TEXT_W, 200)
    c.circle(PAGE_W / 2, MARGIN + 100, 60)
    c.showPage()
    c.save()


def encrypted(path, tmp):
    c = new_canvas(tmp)
    c.setFont(ZH, 12)
    c.drawString(MARGIN, PAGE_H - MARGIN, "这是一份加密的文件。")
    c.showPage()
    c.save()
    subprocess.run(["qpdf", "--static-id", "--encrypt", "secret", "owner-secret", "256", "--", tmp, path], check=True)
    os.remove(tmp)


def corrupt(path):
    """A PDF header followed by garbage: no xref, no objects."""
    body = bytes((i * 37 + 11) % 256 for i in range(600))
    with open(path, "wb") as f:
        f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n" + body)


def docx(path):
    """Header and footer (must not reach the body), headings, a list, a numbered list, a table."""
    import datetime
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    props = doc.core_properties
    props.title = "年度工作报告"
    props.author = "citebot"
    props.created = props.modified = datetime.datetime(2024, 1, 1)
    props.last_modified_by = "citebot"
    props.revision = 1
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "示例公司内部文件（页眉）"
    sec.footer.paragraphs[0].text = "页脚：仅供内部使用"
    doc.add_heading("年度工作报告", level=1)
    p = doc.add_paragraph("本报告总结了公司")
    r = p.add_run("2024年")
    r.bold = True
    p.add_run("的主要工作。全年营业收入为8.6亿元，同比增长12%。")
    doc.add_heading("主要指标", level=2)
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([["指标", "2023年", "2024年"], ["营业收入", "7.7亿元", "8.6亿元"], ["员工人数", "1200人", "1350人"]]):
        for col, value in enumerate(row):
            table.cell(r, col).text = value
    doc.add_heading("重点工作", level=2)
    for item in ["完成新厂区建设。", "上线客户服务系统。"]:
        doc.add_paragraph(item, style="List Bullet")
    for item in ["第一步：调研需求。", "第二步：制定方案。"]:
        doc.add_paragraph(item, style="List Number")
    p = doc.add_paragraph("联系人：张三")
    p.add_run().add_break()
    p.add_run("电话：010-12345678")
    for para in doc.paragraphs:
        for run in para.runs:
            run.font.size = run.font.size or Pt(11)
    doc.save(path)
    normalize_zip(path)


HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>票价调整通知&nbsp;&mdash;&nbsp;示例博物馆</title>
<style>p { margin: 0 }</style>
<script>var tracking = "<p>不应出现</p>";</script>
</head>
<body>
<nav class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/news">通知公告</a></nav>
<header><div class="logo">示例博物馆</div></header>
<h1>票价调整通知</h1>
<p>自2024年5月1日起，成人票价调整为&euro;25，儿童票价为&euro;12.5。</p>
<p>开放时间：每天9:00&ndash;17:00&nbsp;&nbsp;（周一闭馆）</p>
<div>咨询电话&#xff1a;010&#8209;12345678，AT&T 用户请拨分机&nbsp;2。
<p>第一段没有结束标签
<p>第二段紧跟其后。</p></div>
<script>document.write("<p>也不应出现</p>")</script>
<h2>注意事项</h2>
<ul><li>请勿携带食品&amp;饮料入馆。</li><li>未知实体&unknown;保持原样。</li></ul>
<table><tr><th>票种</th><th>价格</th></tr><tr><td><p>成人</p></td><td>&euro;25</td></tr><tr><td>儿童</td><td>&euro;12.5</td></tr></table>
<p>地址：示例市<br>文化路1号</p>
<pre>  保留
    缩进</pre>
<noscript><p>请启用脚本</p></noscript>
<footer><p>版权所有 &copy; 2024 示例博物馆</p></footer>
</body>
</html>
"""


def epub(path):
    container = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""
    opf = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">citebot-fixture</dc:identifier>
    <dc:title>示例电子书</dc:title>
    <dc:language>zh</dc:language>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c2" href="text/chapter2.xhtml" media-type="application/xhtml+xml"/>
    <item id="c1" href="text/chapter1.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine>
    <itemref idref="nav" linear="no"/>
    <itemref idref="c1"/>
    <itemref idref="c2"/>
  </spine>
</package>
"""
    chapter = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title><link rel="stylesheet" href="../style.css"/></head>
<body><h1>{title}</h1>{body}</body></html>
"""
    nav = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>目录</title></head>
<body><nav epub:type="toc"><ol><li><a href="text/chapter1.xhtml">第一章</a></li><li><a href="text/chapter2.xhtml">第二章</a></li></ol></nav></body></html>
"""
    with zipfile.ZipFile(path, "w") as z:
        def put(name, data, stored=False):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        put("mimetype", "application/epub+zip", stored=True)
        put("META-INF/container.xml", container)
        put("OEBPS/content.opf", opf)
        put("OEBPS/nav.xhtml", nav)
        put("OEBPS/style.css", "p { text-indent: 2em }")
        put("OEBPS/text/chapter1.xhtml", chapter.format(title="第一章 出发", body="<p>清晨，船离开了港口。</p><p>海面上起了薄雾&hellip;&hellip;</p>"))
        put("OEBPS/text/chapter2.xhtml", chapter.format(title="第二章 抵达", body="<p>三天后，船抵达了对岸的小城。</p>"))


BENCH_PARAGRAPHS = [REPORT[i][1] for i in (2, 5, 6, 8, 9, 11)]


def bench(path, pages):
    """A long report: `pages` pages of wrapped Chinese paragraphs with header and "Page N of M" footer."""
    c = new_canvas(path)
    flow = Flow(c, "示例市统计局　统计年鉴（基准测试）", lambda n, t: f"Page {n} of {t}", bottom=MARGIN + 40)
    i = 0
    while True:
        flow.need(pages)
        if flow.page > pages or (flow.page == pages and flow.y < flow.bottom + 60):
            break
        if i % 5 == 0:
            flow.heading(f"第{i // 5 + 1}节　统计数据", pages)
        flow.paragraph(BENCH_PARAGRAPHS[i % len(BENCH_PARAGRAPHS)], pages)
        i += 1
    if flow.page <= pages:
        flow.end_page(pages)
    c.save()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "..", "test", "fixtures", "formats"))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=default_out)
    ap.add_argument("--bench-pages", type=int, default=0, help="only write bench-N.pdf with N pages")
    ap.add_argument("--only", nargs="*", help="write only these fixtures (file names), e.g. --only justified.pdf")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)  # noqa: E731
    if args.bench_pages:
        bench(out(f"bench-{args.bench_pages}.pdf"), args.bench_pages)
        print(out(f"bench-{args.bench_pages}.pdf"))
        return
    def html(path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(HTML)

    writers = {
        "zh-report.pdf": zh_report,
        "columns-rotated.pdf": columns,
        "en-columns.pdf": en_columns,
        "justified.pdf": justified,
        "scan.pdf": scan,
        "encrypted.pdf": lambda path: encrypted(path, out("encrypted.tmp.pdf")),
        "corrupt.pdf": corrupt,
        "report.docx": docx,
        "page.html": html,
        "book.epub": epub,
    }
    for name in args.only or writers:
        if name not in writers:
            ap.error(f"unknown fixture {name}; one of {', '.join(writers)}")
        writers[name](out(name))
    for name in sorted(os.listdir(args.out)):
        print(f"{os.path.getsize(out(name)):>8}  {name}")


if __name__ == "__main__":
    sys.exit(main())
