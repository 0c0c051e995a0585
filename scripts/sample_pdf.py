"""Render a parsed sample (sample_text.SampleDoc) as a text-layer PDF laid out as Nghị định
30/2020/NĐ-CP lays out an administrative document: A4, serif 13 pt; the header as two real
columns (issuer and số/ký hiệu left, national motto and place-date right); Nơi nhận beside the
signature block; footnotes under a short rule at the foot of the page that holds their mark;
page numbers at the top from page 2; an appendix table on landscape pages with drawn rules,
its header row repeated and a row split across the page break.

Deterministic: fixed fonts, ``invariant=1`` (no timestamps, fixed document id).
"""

from __future__ import annotations

import io
from html import escape
from pathlib import Path
from typing import ClassVar

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from sample_text import SampleDoc, Span

FONT = "SampleSerif"
# Serif families with Vietnamese glyphs, in order of preference: Debian fonts-liberation2, then
# fonts-dejavu-core. (The old fonts-liberation Liberation Serif, in .../liberation/, lacks 37
# Vietnamese glyphs: it is never used.)
FONT_CANDIDATES = (
    (Path("/usr/share/fonts/truetype/liberation2"),
     ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
      "LiberationSerif-BoldItalic.ttf")),
    (Path("/usr/share/fonts/truetype/dejavu"),
     ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf")),
)

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 20 * mm, 20 * mm, 20 * mm
FRAME_W = PAGE_W - LEFT - RIGHT
LAND_MARGIN = 15 * mm
BODY_SIZE = 13
NOTE_SIZE = 10


def find_fonts() -> tuple[Path, Path, Path, Path]:
    """Paths of the regular, bold, italic and bold-italic serif fonts; raises FileNotFoundError
    naming the packages to install when none of the candidate families is present."""
    for folder, names in FONT_CANDIDATES:
        paths = [folder / name for name in names]
        if all(p.is_file() for p in paths):
            return tuple(paths)  # type: ignore[return-value]
    raise FileNotFoundError(
        "no serif font with Vietnamese glyphs found under /usr/share/fonts "
        "(apt-get install fonts-liberation2 or fonts-dejavu-core)"
    )


def check_glyphs(text: str, where: str) -> None:
    """Raise ValueError naming ``where`` and the characters when a registered face lacks a glyph
    for a character of ``text`` (it would print as a blank box)."""
    chars = {c for c in text if not c.isspace()}
    for name in (FONT, FONT + "-Bold", FONT + "-Italic", FONT + "-BoldItalic"):
        cmap = pdfmetrics.getFont(name).face.charToGlyph
        missing = sorted(c for c in chars if ord(c) not in cmap)
        if missing:
            raise ValueError(f"{where}: font {name} has no glyph for {''.join(missing)!r}")


def register_fonts() -> Path:
    """Register the serif family as ``FONT`` (with bold/italic for <b>/<i>); returns the
    regular face's path."""
    regular, bold, italic, bold_italic = find_fonts()
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(regular)))
        pdfmetrics.registerFont(TTFont(FONT + "-Bold", str(bold)))
        pdfmetrics.registerFont(TTFont(FONT + "-Italic", str(italic)))
        pdfmetrics.registerFont(TTFont(FONT + "-BoldItalic", str(bold_italic)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT + "-Bold", italic=FONT + "-Italic",
                                      boldItalic=FONT + "-BoldItalic")
    return regular


def _style(name: str, size: float = BODY_SIZE, leading: float | None = None, align=TA_JUSTIFY,
           font: str = FONT, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.25,
                          alignment=align, **kw)


STYLES = {
    "para": _style("para", firstLineIndent=10 * mm, spaceAfter=4),
    "bullet": _style("bullet", firstLineIndent=10 * mm, spaceAfter=4),
    "heading": _style("heading", firstLineIndent=10 * mm, spaceAfter=4, spaceBefore=2),
    "center": _style("center", align=TA_CENTER, font=FONT + "-Bold", spaceBefore=6, spaceAfter=6),
    "basis": _style("basis", font=FONT + "-Italic", firstLineIndent=10 * mm, spaceAfter=3),
    "type": _style("type", 14, align=TA_CENTER, font=FONT + "-Bold", spaceBefore=18),
    "subject": _style("subject", 14, 17, align=TA_CENTER, font=FONT + "-Bold", spaceAfter=12),
    "kinhgui": _style("kinhgui", 14, align=TA_CENTER, spaceBefore=4, spaceAfter=12),
    "kinhgui_label": _style("kinhgui_label", 14, align=TA_RIGHT),
    "kinhgui_item": _style("kinhgui_item", 14, align=TA_LEFT),
    "head_left": _style("head_left", 12, 15, align=TA_CENTER),
    "head_motto": _style("head_motto", 12, 15, align=TA_CENTER, font=FONT + "-Bold"),
    "head_indep": _style("head_indep", 13, 15, align=TA_CENTER, font=FONT + "-Bold"),
    "head_number": _style("head_number", 13, 16, align=TA_CENTER),
    "head_date": _style("head_date", 13, 16, align=TA_CENTER, font=FONT + "-Italic"),
    "head_vv": _style("head_vv", 12, 14, align=TA_CENTER),
    "noinhan": _style("noinhan", 12, 14, align=TA_LEFT, font=FONT + "-BoldItalic"),
    "noinhan_item": _style("noinhan_item", 11, 13, align=TA_LEFT),
    "signer": _style("signer", 13, 16, align=TA_CENTER, font=FONT + "-Bold"),
    "note": _style("note", NOTE_SIZE, 12),
    "app_title": _style("app_title", 13, 16, align=TA_CENTER, font=FONT + "-Bold"),
    "app_sub": _style("app_sub", 13, 16, align=TA_CENTER, font=FONT + "-Italic"),
    "cell": _style("cell", 10.5, 12.5, align=TA_LEFT),
    "cell_center": _style("cell_center", 10.5, 12.5, align=TA_CENTER),
    "cell_head": _style("cell_head", 10.5, 12.5, align=TA_CENTER, font=FONT + "-Bold"),
    "page_number": _style("page_number", 13, align=TA_CENTER),
}

# Appendix task table: column widths as shares of the landscape frame (STT … Kết quả).
TABLE_SHARES = (0.04, 0.125, 0.235, 0.14, 0.085, 0.09, 0.285)


def _keep_spaces(text: str) -> str:
    """Escape for reportlab markup; runs of spaces (a blank number or day left for the signer
    to fill) become non-breaking spaces so the gap survives."""
    out = escape(text, quote=False)
    return _spaces(out)


def _spaces(markup: str) -> str:
    import re

    return re.sub(r" {2,}", lambda m: "&nbsp;" * len(m.group()), markup)


def markup(spans: list[Span]) -> str:
    """Reportlab paragraph markup for spans: bold, and footnote marks as superscripts that
    report the page they are drawn on."""
    out = []
    for kind, value in spans:
        if kind == "note":
            out.append(f'<super rise="5" size="8">{escape(value)}</super><onDraw name="footnote" label="{value}"/>')
        elif kind == "bold":
            out.append(f"<b>{_keep_spaces(value)}</b>")
        else:
            out.append(_keep_spaces(value))
    return "".join(out)


class Rule(Flowable):
    """A short horizontal rule centred in the available width (under the issuer and motto)."""

    def __init__(self, width: float, gap: float = 3) -> None:
        super().__init__()
        self.rule_width = width
        self.gap = gap

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.gap + 1

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        x0 = (self.avail - self.rule_width) / 2
        self.canv.line(x0, 1, x0 + self.rule_width, 1)


def _text_width(text: str, style: ParagraphStyle) -> float:
    return pdfmetrics.stringWidth(text, style.fontName, style.fontSize)


def header_flowables(doc: SampleDoc) -> list[Flowable]:
    """The two-column header block as a borderless table."""
    head = doc.header
    left_w, right_w = 0.42 * FRAME_W, 0.58 * FRAME_W
    left: list[Flowable] = []
    for text, bold in zip(head.issuer, head.issuer_bold, strict=True):
        left.append(Paragraph(f"<b>{escape(text)}</b>" if bold else escape(text), STYLES["head_left"]))
    left.append(Rule(0.35 * left_w))
    motto, indep, date_line = [*head.right, "", "", ""][:3]
    right: list[Flowable] = [
        Paragraph(escape(motto), STYLES["head_motto"]),
        Paragraph(escape(indep), STYLES["head_indep"]),
        Rule(_text_width(indep, STYLES["head_indep"])),
    ]
    rows = [
        [left, right],
        [Paragraph(_keep_spaces(head.number), STYLES["head_number"]),
         Paragraph(_keep_spaces(date_line), STYLES["head_date"])],
    ]
    if head.vv:
        rows.append([Paragraph("<br/>".join(escape(v) for v in head.vv), STYLES["head_vv"]), ""])
    table = Table(rows, colWidths=[left_w, right_w])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [table]


def title_flowables(doc: SampleDoc) -> list[Flowable]:
    """Type line, trích yếu and Kính gửi."""
    out: list[Flowable] = []
    if doc.doc_type:
        out.append(Paragraph(escape(doc.doc_type), STYLES["type"]))
        out.append(Paragraph("<br/>".join(escape(s) for s in doc.subject), STYLES["subject"]))
    else:
        out.append(Spacer(1, 10))
    if doc.recipients_inline:
        out.append(Paragraph(f"Kính gửi: {escape(doc.recipients[0])}", STYLES["kinhgui"]))
    elif doc.recipients:
        items = [Paragraph(escape(r), STYLES["kinhgui_item"]) for r in doc.recipients]
        table = Table([[Paragraph("Kính gửi:", STYLES["kinhgui_label"]), items]],
                      colWidths=[0.3 * FRAME_W, 0.7 * FRAME_W], spaceAfter=12)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
        out.append(table)
    return out


def body_flowables(doc: SampleDoc) -> list[Flowable]:
    out: list[Flowable] = []
    for block in doc.body:
        para = Paragraph(markup(block.spans), STYLES[block.style])
        if block.style == "heading":
            para.keepWithNext = True
        out.append(para)
    return out


def closing_flowables(doc: SampleDoc) -> list[Flowable]:
    """Nơi nhận (small, left) beside the signature block (right)."""
    left: list[Flowable] = [Paragraph("Nơi nhận:", STYLES["noinhan"])]
    left += [Paragraph(escape(item), STYLES["noinhan_item"]) for item in doc.distribution]
    right: list[Flowable] = [Paragraph(escape(line), STYLES["signer"]) for line in doc.signer.lines]
    right += [Spacer(1, 26 * mm), Paragraph(escape(doc.signer.name), STYLES["signer"])]
    table = Table([[left, right]], colWidths=[0.5 * FRAME_W, 0.5 * FRAME_W], spaceBefore=8)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [table]


class SplitTable(Table):
    """A ruled Table that records in ``splits`` when one of its rows was broken across a page,
    and draws every column rule and its outer frame over the full height of each page's part
    (reportlab leaves the rules of a broken row open at the break; Word closes them)."""

    splits: ClassVar[list[int]] = []

    def _splitCell(self, *args, **kwargs):
        result = super()._splitCell(*args, **kwargs)
        if result:
            SplitTable.splits.append(1)
        return result

    def draw(self) -> None:
        super().draw()
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(0.6)
        top, bottom = self._rowpositions[0], self._rowpositions[-1]
        for x in self._colpositions:
            canv.line(x, bottom, x, top)
        canv.line(self._colpositions[0], bottom, self._colpositions[-1], bottom)
        canv.line(self._colpositions[0], top, self._colpositions[-1], top)
        canv.restoreState()


def appendix_flowables(doc: SampleDoc, gap: float = 8) -> list[Flowable]:
    """The appendix on landscape pages: titles, ``gap`` points, then the task table with drawn
    rules."""
    if doc.appendix is None:
        return []
    app = doc.appendix
    out: list[Flowable] = [NextPageTemplate("landscape"), PageBreak()]
    for title in app.titles:
        style = STYLES["app_sub"] if title.startswith("(") else STYLES["app_title"]
        out.append(Paragraph(escape(title), style))
    out.append(Spacer(1, gap))
    width = PAGE_H - 2 * LAND_MARGIN
    rows = []
    for r, cells in enumerate(app.table):
        row = []
        for c, cell in enumerate(cells):
            style = STYLES["cell_head"] if r == 0 else STYLES["cell_center"] if c in (0, 4, 5) else STYLES["cell"]
            row.append(Paragraph(escape(cell), style))
        rows.append(row)
    shares = TABLE_SHARES if len(app.table[0]) == len(TABLE_SHARES) else [1 / len(app.table[0])] * len(app.table[0])
    # As Word does by default, a row may break across pages (at least two lines on each side).
    table = SplitTable(rows, colWidths=[s * width for s in shares], repeatRows=1, splitByRow=0, splitInRow=26)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, "black"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, "black"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    out.append(table)
    return out


class _DocTemplate(BaseDocTemplate):
    """Portrait pages whose frame leaves room at the foot for that page's footnotes, plus a
    landscape template for the appendix. ``reserve`` maps a page number to the marks whose
    notes go at its foot (from the previous pass); ``placed`` collects where marks were drawn."""

    def __init__(self, buffer, doc: SampleDoc, reserve: dict[int, list[str]], **kw) -> None:
        super().__init__(buffer, pagesize=A4, invariant=1, leftMargin=LEFT, rightMargin=RIGHT,
                         topMargin=TOP, bottomMargin=BOTTOM, **kw)
        self.sample = doc
        self.reserve = reserve
        self.placed: dict[str, int] = {}
        land_w, land_h = landscape(A4)
        self.addPageTemplates([
            self._portrait(1),
            PageTemplate(id="landscape", pagesize=landscape(A4), frames=[
                Frame(LAND_MARGIN, LAND_MARGIN, land_w - 2 * LAND_MARGIN, land_h - 2 * LAND_MARGIN,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="land")]),
        ])

    def _notes_height(self, page: int) -> float:
        marks = self.reserve.get(page, [])
        if not marks:
            return 0.0
        return 10 + sum(self._note(m).wrap(FRAME_W, PAGE_H)[1] for m in marks)

    def _note(self, mark: str) -> Paragraph:
        text = f'<super rise="3" size="6.5">{escape(mark)}</super> {escape(self.sample.notes[mark])}'
        return Paragraph(text, STYLES["note"])

    def _portrait(self, page: int) -> PageTemplate:
        reserved = self._notes_height(page)
        frame = Frame(LEFT, BOTTOM + reserved, FRAME_W, PAGE_H - TOP - BOTTOM - reserved,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"body{page}")
        return PageTemplate(id=f"portrait{page}", pagesize=A4, frames=[frame],
                            onPage=self._on_page, onPageEnd=self._on_page_end)

    def beforeDocument(self) -> None:
        self.canv.setNamedCB("footnote", self._mark_drawn)

    def handle_pageBegin(self) -> None:
        if self.pageTemplate.id != "landscape":
            template = self._portrait(self.page + 1)
            self.pageTemplates.append(template)
            self.pageTemplate = template
        super().handle_pageBegin()

    def _mark_drawn(self, canv, kind, label) -> None:
        self.placed.setdefault(label, canv.getPageNumber())

    def _on_page(self, canv, doc) -> None:
        if doc.page >= 2:
            canv.setFont(FONT, BODY_SIZE)
            canv.drawCentredString(PAGE_W / 2, PAGE_H - 12 * mm, str(doc.page))

    def _on_page_end(self, canv, doc) -> None:
        marks = self.reserve.get(doc.page, [])
        if not marks:
            return
        height = self._notes_height(doc.page) - 10
        canv.setLineWidth(0.6)
        canv.line(LEFT, BOTTOM + height + 5, LEFT + 50 * mm, BOTTOM + height + 5)
        y = BOTTOM + height
        for mark in marks:
            para = self._note(mark)
            _, h = para.wrap(FRAME_W, PAGE_H)
            y -= h
            para.drawOn(canv, LEFT, y)


def story(doc: SampleDoc, gap: float = 8) -> list[Flowable]:
    """All flowables of the document in order."""
    return [*header_flowables(doc), *title_flowables(doc), *body_flowables(doc), *closing_flowables(doc),
            *appendix_flowables(doc, gap)]


def _layout(doc: SampleDoc, gap: float, max_passes: int) -> bytes:
    """Footnotes are placed by repeated layout: each pass reserves room on the pages where the
    previous pass drew the marks, until that is stable."""
    reserve: dict[int, list[str]] = {}
    for _ in range(max_passes):
        buffer = io.BytesIO()
        template = _DocTemplate(buffer, doc, reserve, title=doc.title, author="Lạc Sơn (fictional samples)",
                                creator="vndocx scripts/make_samples.py",
                                subject=" ".join(doc.subject) or " ".join(doc.header.vv))
        SplitTable.splits = []
        template.build(story(doc, gap))
        placed: dict[int, list[str]] = {}
        for mark, page in sorted(template.placed.items(), key=lambda kv: int(kv[0])):
            placed.setdefault(page, []).append(mark)
        if placed == reserve:
            return buffer.getvalue()
        reserve = placed
    raise RuntimeError(f"{doc.name}: footnote placement did not settle in {max_passes} passes")


# Gaps (points) tried between the appendix titles and its table until a row breaks across
# the page, so every rendering exercises the joining of a split row.
APPENDIX_GAPS = (8, 14, 20, 26, 32, 38, 44)


def render_pdf(doc: SampleDoc, max_passes: int = 6) -> bytes:
    """Return the PDF bytes of ``doc``; an appendix table is laid out so that one of its rows
    continues on the next page (under the repeated header row)."""
    register_fonts()
    check_glyphs(doc.source_text, doc.name)
    if doc.appendix is None:
        return _layout(doc, APPENDIX_GAPS[0], max_passes)
    for gap in APPENDIX_GAPS:
        data = _layout(doc, gap, max_passes)
        if SplitTable.splits:
            return data
    raise RuntimeError(f"{doc.name}: no appendix row crosses a page break with any of the gaps {APPENDIX_GAPS}")
