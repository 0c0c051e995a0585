"""Render the phenomenon samples (samples/phenomena/*.txt): one document per thing that real
offices' files show and the ordinary renderings (sample_pdf, sample_docx, sample_scan) lack.

Each source text follows the samples/*.txt convention and says what a reader of the finished
document sees; the renderer then builds the file the way the phenomenon makes it:

- signed_pdf           text PDF whose number and day are not in the page content but in AcroForm
                       text-field widgets with appearance streams (as signing tools fill them), a
                       printed "Ký bởi … Thời gian ký …" stamp box, and a signature field whose /V
                       dictionary has /Name, /M, a real /ByteRange and a dummy /Contents;
- docx_layout          DOCX whose header, "Số:"/date row and closing stand in borderless 3-column
                       layout tables (an empty spacer column), with a ruled appendix task table;
- docx_textbox         DOCX whose header stands in anchored text boxes (w:txbxContent, DrawingML
                       with a VML fallback, as Word writes them) and whose "Số:" and date share
                       one tab-separated line;
- scan_stamps          colour scan: a red, slightly rotated receipt stamp ("ĐẾN") over the V/v and
                       Kính gửi lines, a round red seal over the signer's name, the number and day
                       filled by hand in blue ink into blank slots;
- damaged_glyphs       text PDF whose fonts' ToUnicode maps send Ấ/ấ to Á/á, ổ to ô and ầ to à,
                       while the glyphs drawn are the right ones;
- cong_van_paragraph,  the usual text PDF (their phenomena are in the text: assignments inside one
  quyet_dinh_articles  paragraph; a decision's work and execution articles).

Output goes to samples/phenomena/rendered/. Deterministic like the other renderers: fixed
seeds (from the sample name), fixed metadata and document ids, no timestamps.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from sample_docx import (
    FIXED_TIME,
    TEXT_W,
    _body,
    _cell_para,
    _closing,
    _deterministic_zip,
    _Notes,
    _para,
    _title,
    blank_document,
    closing_cells,
)
from sample_pdf import FONT, register_fonts, render_pdf
from sample_text import SampleDoc, parse_sample

HERE = Path(__file__).resolve().parent
PHENOMENA = HERE.parent / "samples" / "phenomena"

# What each sample is rendered as (suffixes under rendered/); the .txt source is its text form.
RENDERINGS: dict[str, tuple[str, ...]] = {
    "signed_pdf": (".pdf",),
    "docx_layout": (".docx",),
    "docx_textbox": (".docx",),
    "scan_stamps": (".scan.pdf", ".png"),
    "damaged_glyphs": (".pdf",),
    "cong_van_paragraph": (".pdf",),
    "quyet_dinh_articles": (".pdf",),
}

# The printed e-signature stamp and the signature dictionary of signed_pdf.
SIGNED_BY = "Ủy ban nhân dân tỉnh Lạc Sơn"
SIGNED_AT_PDF = "D:20260314091230+07'00'"
STAMP_LINES = (f"Ký bởi: {SIGNED_BY}", "Thời gian ký: 14.03.2026 09:12:30 +07:00")

# How damaged_glyphs' ToUnicode maps are broken: code points as reportlab writes them.
DAMAGE = {"Ấ": "Á", "ấ": "á", "ổ": "ô", "ầ": "à"}

MM = 72 / 25.4


# --- shared helpers -----------------------------------------------------------------------------

def _blank_slots(doc: SampleDoc, width: int = 7) -> tuple[SampleDoc, str, str]:
    """A copy of ``doc`` with the number and the day of the place-date line left blank (runs of
    spaces, as a form printed for the signer); returns it with the number and the day."""
    head = doc.header
    m = re.match(r"^(Số\s*:)\s*(\d+)(/.*)$", head.number)
    if not m:
        raise ValueError(f"{doc.name}: no number to blank in {head.number!r}")
    date_line = head.right[2]
    d = re.match(r"^(.*ngày)\s+(\d{1,2})\s+(tháng.*)$", date_line)
    if not d:
        raise ValueError(f"{doc.name}: no day to blank in {date_line!r}")
    number = m.group(1) + " " * width + m.group(3)
    date_blank = d.group(1) + " " * (width - 2) + d.group(3)
    header = dataclasses.replace(head, number=number, right=[*head.right[:2], date_blank, *head.right[3:]])
    return dataclasses.replace(doc, header=header), m.group(2), d.group(2)


def _lines(chars: list[dict]) -> list[list[dict]]:
    """pdfplumber chars grouped into lines (same top within 2 pt), each sorted by x."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(rows[-1][0]["top"] - ch["top"]) < 2:
            rows[-1].append(ch)
        else:
            rows.append([ch])
    return [sorted(r, key=lambda c: c["x0"]) for r in rows]


def _gap(line: list[dict], before: str, after: str) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) of the blank between the text ``before`` and the text ``after`` on a
    line of chars (pdfplumber coordinates, origin top-left)."""
    text = "".join(c["text"] for c in line)
    i = text.index(before) + len(before) - 1
    j = text.index(after, i + 1)
    return line[i]["x1"], min(c["top"] for c in line), line[j]["x0"], max(c["bottom"] for c in line)


def _slots(pdf: bytes) -> dict[str, tuple[float, float, float, float]]:
    """Where page 1 of a blanked rendering has its number slot, day slot, V/v and Kính gửi lines,
    and the signer's name (pdfplumber boxes, points)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        lines = _lines(page.chars)
    boxes: dict[str, tuple[float, float, float, float]] = {}
    texts = ["".join(c["text"] for c in line) for line in lines]
    for line, text in zip(lines, texts, strict=True):
        box = (line[0]["x0"], min(c["top"] for c in line), line[-1]["x1"], max(c["bottom"] for c in line))
        if text.startswith("Số:") and "number" not in boxes:
            boxes["number"] = _gap(line, "Số:", "/")
        if "ngày" in text and "tháng" in text and "day" not in boxes:
            boxes["day"] = _gap(line, "ngày", "tháng")
        if text.startswith("V/v") and "vv" not in boxes:
            boxes["vv"] = box
        if text.startswith("Kính gửi"):
            boxes["kinh_gui"] = box
    boxes["name"] = next(
        (line[0]["x0"], line[0]["top"], line[-1]["x1"], line[0]["bottom"])
        for line, _ in reversed(list(zip(lines, texts, strict=True)))
    )
    return boxes


# --- 1. signed_pdf ---------------------------------------------------------------------------------

def _stamp_flowable():
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable

    class StampBox(Flowable):
        """The printed e-signature stamp: a red rounded box with two lines."""

        width_box, height_box = 66 * mm, 13 * mm

        def wrap(self, avail_width, avail_height):
            self.avail = avail_width
            return avail_width, self.height_box

        def draw(self) -> None:
            canv = self.canv
            x0 = (self.avail - self.width_box) / 2
            canv.saveState()
            canv.setStrokeColorRGB(0.80, 0.08, 0.10)
            canv.setFillColorRGB(0.80, 0.08, 0.10)
            canv.setLineWidth(1.0)
            canv.roundRect(x0, 0, self.width_box, self.height_box, 2.5 * mm, stroke=1, fill=0)
            canv.setFont(FONT, 9.5)
            canv.drawString(x0 + 3 * mm, self.height_box - 5 * mm, STAMP_LINES[0])
            canv.drawString(x0 + 3 * mm, self.height_box - 10 * mm, STAMP_LINES[1])
            canv.restoreState()

    return StampBox()


def _signed_layout(doc: SampleDoc) -> bytes:
    """The blanked document laid out as sample_pdf does, with the stamp box in the space of the
    signature."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    import sample_pdf as sp

    left = [Paragraph("Nơi nhận:", sp.STYLES["noinhan"])]
    left += [Paragraph(sp.escape(item), sp.STYLES["noinhan_item"]) for item in doc.distribution]
    right = [Paragraph(sp.escape(line), sp.STYLES["signer"]) for line in doc.signer.lines]
    right += [Spacer(1, 6 * mm), _stamp_flowable(), Spacer(1, 7 * mm),
              Paragraph(sp.escape(doc.signer.name), sp.STYLES["signer"])]
    closing = Table([[left, right]], colWidths=[0.5 * sp.FRAME_W, 0.5 * sp.FRAME_W], spaceBefore=8)
    closing.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story = [*sp.header_flowables(doc), *sp.title_flowables(doc), *sp.body_flowables(doc), closing]
    buffer = io.BytesIO()
    template = sp._DocTemplate(buffer, doc, {}, title=doc.title, author="Lạc Sơn (fictional samples)",
                               creator="vndocx scripts/make_samples.py", subject=" ".join(doc.header.vv))
    template.build(story)
    return buffer.getvalue()


def _stamp_box(pdf: bytes) -> tuple[float, float, float, float]:
    """The stamp's rectangle on page 1 (pdfplumber box) from its drawn curve."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_words()
        top = next(w for w in words if w["text"] == "Ký")["top"]
        shapes = [s for s in page.curves + page.rects if s["top"] < top < s["bottom"]]
        shape = shapes[0]
        return shape["x0"], shape["top"], shape["x1"], shape["bottom"]


def render_signed(doc: SampleDoc) -> bytes:
    """signed_pdf: the page content has blank slots; two AcroForm text widgets draw the number and
    the day into them; a signature field carries /V with /Name, /M, /ByteRange and /Contents."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    blank, number, day = _blank_slots(doc)
    base = _signed_layout(blank)
    slots = _slots(base)
    stamp = _stamp_box(base)

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
    page = writer.pages[0]
    height = float(page.mediabox.height)

    def font(base_font: str):
        return writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(base_font), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }))

    fonts = {"/TiRo": ("Times-Roman", font("/Times-Roman")), "/TiIt": ("Times-Italic", font("/Times-Italic"))}
    font_dict = DictionaryObject({NameObject(k): ref for k, (_, ref) in fonts.items()})

    def rect(box) -> ArrayObject:
        x0, top, x1, bottom = box
        return ArrayObject([FloatObject(round(v, 2)) for v in (x0, height - bottom, x1, height - top)])

    def appearance(width: float, box_h: float, ops: bytes) -> object:
        stream = DecodedStreamObject()
        stream.set_data(ops)
        stream.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(round(width, 2)),
                                              FloatObject(round(box_h, 2))]),
            NameObject("/Resources"): DictionaryObject({NameObject("/Font"): font_dict}),
        })
        return writer._add_object(stream)

    widgets = []
    for name, value, box, font_key in (("SoVanBan", number, slots["number"], "/TiRo"),
                                       ("NgayBanHanh", day, slots["day"], "/TiIt")):
        x0, top, x1, bottom = box
        box = (x0 + 0.5, top - 1.5, x1 - 0.5, bottom + 1.5)
        width, box_h = box[2] - box[0], box[3] - box[1]
        size = 13
        text_w = stringWidth(value, fonts[font_key][0], size)
        ops = (f"/Tx BMC q BT {font_key} {size} Tf 0 g {(width - text_w) / 2:.2f} {box_h * 0.27:.2f} Td "
               f"({value}) Tj ET Q EMC").encode("ascii")
        widget = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject(name),
            NameObject("/V"): TextStringObject(value), NameObject("/DV"): TextStringObject(value),
            NameObject("/DA"): TextStringObject(f"{font_key} {size} Tf 0 g"), NameObject("/Q"): NumberObject(1),
            NameObject("/Ff"): NumberObject(1), NameObject("/F"): NumberObject(4),
            NameObject("/Rect"): rect(box), NameObject("/P"): page.indirect_reference,
            NameObject("/AP"): DictionaryObject({NameObject("/N"): appearance(width, box_h, ops)}),
        })
        widgets.append(writer._add_object(widget))

    contents_len = 4096
    signature = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Sig"), NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
        NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
        NameObject("/Name"): TextStringObject(SIGNED_BY), NameObject("/M"): TextStringObject(SIGNED_AT_PDF),
        NameObject("/Location"): TextStringObject("Lạc Sơn"),
        NameObject("/Reason"): TextStringObject("Phát hành văn bản"),
        NameObject("/ByteRange"): ArrayObject([NumberObject(0)] + [NumberObject(9_999_999_999)] * 3),
        NameObject("/Contents"): ByteStringObject(b"\0" * contents_len),
    }))
    sig_box = rect(stamp)
    sig_ap = appearance(float(sig_box[2] - sig_box[0]), float(sig_box[3] - sig_box[1]), b"")
    sig_field = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject("Signature1"),
        NameObject("/V"): signature, NameObject("/F"): NumberObject(132), NameObject("/Rect"): sig_box,
        NameObject("/P"): page.indirect_reference,
        NameObject("/AP"): DictionaryObject({NameObject("/N"): sig_ap}),
    }))
    page[NameObject("/Annots")] = ArrayObject([*widgets, sig_field])
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(DictionaryObject({
        NameObject("/Fields"): ArrayObject([*widgets, sig_field]),
        NameObject("/SigFlags"): NumberObject(3),
        NameObject("/DR"): DictionaryObject({NameObject("/Font"): font_dict}),
        NameObject("/DA"): TextStringObject("/TiRo 13 Tf 0 g"),
    }))
    out = io.BytesIO()
    writer.write(out)
    return _fill_byte_range(out.getvalue(), contents_len)


def _fill_byte_range(data: bytes, contents_len: int) -> bytes:
    """Write the real /ByteRange (everything but the /Contents hex string) over its placeholder,
    padded with spaces so no offset moves."""
    placeholder = re.search(rb"\[ ?0 9999999999 9999999999 9999999999 ?\]", data)
    hole = data.find(b"<" + b"00" * contents_len + b">")
    if placeholder is None or hole < 0:
        raise RuntimeError("signed_pdf: signature placeholders not found in the written PDF")
    end = hole + 2 * contents_len + 2
    value = f"[0 {hole} {end} {len(data) - end}]".encode("ascii")
    width = placeholder.end() - placeholder.start()
    return data[: placeholder.start()] + value.ljust(width) + data[placeholder.end():]


# --- 4. damaged_glyphs -----------------------------------------------------------------------------

def render_damaged(doc: SampleDoc) -> bytes:
    """The usual text PDF, with every font's ToUnicode CMap damaged by ``DAMAGE``."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_pdf(doc))))
    swaps = [(f"<{ord(a):04X}>".encode(), f"<{ord(b):04X}>".encode()) for a, b in DAMAGE.items()]
    done: set[int] = set()
    damaged = 0
    for page in writer.pages:
        for font_ref in page["/Resources"]["/Font"].values():
            font = font_ref.get_object()
            if "/ToUnicode" not in font or font_ref.idnum in done:
                continue
            done.add(font_ref.idnum)
            cmap = font["/ToUnicode"].get_object()
            data = cmap.get_data()
            for old, new in swaps:
                damaged += data.count(old)
                data = data.replace(old, new)
            for key in ("/Filter", "/DecodeParms"):
                cmap.pop(key, None)
            cmap[NameObject("/Filter")] = NameObject("/FlateDecode")
            cmap.decoded_self = None
            cmap._data = zlib.compress(data, 9)
    if not damaged:
        raise RuntimeError(f"{doc.name}: no ToUnicode entry of {''.join(DAMAGE)} to damage")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- 2. docx_layout and docx_textbox ---------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _save_docx(document, doc: SampleDoc) -> bytes:
    props = document.core_properties
    props.title = doc.title
    props.author = props.last_modified_by = "Lạc Sơn (fictional samples)"
    props.comments = "vndocx scripts/sample_phenomena.py"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _borders(table, value: str) -> None:
    """Explicit table borders: ``nil`` on every edge (a layout table) or ``single`` lines."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    size = ' w:sz="4" w:space="0" w:color="000000"' if value == "single" else ""
    edges = "".join(f'<w:{e} w:val="{value}"{size}/>' for e in ("top", "left", "bottom", "right", "insideH",
                                                                 "insideV"))
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(f"{{{W_NS}}}tblBorders"):
        tbl_pr.remove(old)
    tbl_pr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"))
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))


def _widths(table, widths: list[int]) -> None:
    """Column widths in the grid (what a fixed layout uses) and in every cell."""
    for col, width in zip(table._tbl.tblGrid.findall(f"{{{W_NS}}}gridCol"), widths, strict=True):
        col.set(f"{{{W_NS}}}w", str(int(width / 635)))  # EMU -> twentieths of a point
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _layout_table(document, shares: tuple[float, ...], rows: int):
    from docx.enum.table import WD_TABLE_ALIGNMENT

    table = document.add_table(rows=rows, cols=len(shares))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, [int(TEXT_W * share) for share in shares])
    _borders(table, "nil")
    return table


def render_docx_layout(doc: SampleDoc) -> bytes:
    """Header, Số/date row and closing in borderless three-column layout tables (issuer | spacer |
    motto), each header line its own paragraph; the appendix task table ruled, in landscape."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm

    center, left_align = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    document = blank_document()
    head = doc.header
    table = _layout_table(document, (0.40, 0.04, 0.56), 2)
    issuer, _, motto = table.rows[0].cells
    for n, (text, bold) in enumerate(zip(head.issuer, head.issuer_bold, strict=True)):
        _cell_para(issuer, n == 0, text, size=12.5, bold=bold)
    _cell_para(issuer, False, "_______", size=10, bold=False)
    motto_line, indep, date_line = head.right[:3]
    _cell_para(motto, True, motto_line, size=12, bold=True)
    _cell_para(motto, False, indep, size=13, bold=True)
    _cell_para(motto, False, "_____________________", size=10, bold=False)
    number, _, date = table.rows[1].cells
    _cell_para(number, True, head.number, size=13)
    _cell_para(date, True, date_line, size=13, italic=True)

    notes = _Notes(document, doc.notes)
    _title(document, doc)
    _body(document, doc.body, notes)

    _para(document, after=4)
    closing = _layout_table(document, (0.46, 0.06, 0.48), 1)
    noi_nhan, _, signer = closing.rows[0].cells
    closing_cells(noi_nhan, signer, doc, left_align)

    app = doc.appendix
    if app is not None:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(15))
        for title in app.titles:
            _para(document, title, size=13, bold=not title.startswith("("), italic=title.startswith("("),
                  align=center)
        _para(document, after=4)
        rows = app.table
        grid = document.add_table(rows=len(rows), cols=len(rows[0]))
        grid.autofit = False
        shares = (0.05, 0.42, 0.19, 0.19, 0.15)
        _widths(grid, [int(Mm(267) * share) for share in shares])
        for r, (cells, row) in enumerate(zip(rows, grid.rows, strict=True)):
            for c, (text, cell) in enumerate(zip(cells, row.cells, strict=True)):
                align = center if r == 0 or c in (0, 4) else left_align
                _cell_para(cell, True, text, size=12, bold=r == 0, align=align)
        _borders(grid, "single")
        grid.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    return _save_docx(document, doc)


_TXBX_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)
EMU_PER_MM = 36000


def _txbx_paragraphs(lines: list[tuple[str, int, bool]]) -> str:
    from xml.sax.saxutils import escape

    out = []
    for text, half_points, bold in lines:
        rpr = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{half_points}"/></w:rPr>'
        out.append(f'<w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr>'
                   f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
    return "".join(out)


def _text_box(shape_id: int, x_mm: float, width_mm: float, height_mm: float,
              lines: list[tuple[str, int, bool]]) -> str:
    """One anchored, borderless text box as Word 2010+ writes it: a wps shape inside
    mc:AlternateContent, with the VML v:textbox fallback holding the same w:txbxContent."""
    cx, cy, x = (round(v * EMU_PER_MM) for v in (width_mm, height_mm, x_mm))
    content = f"<w:txbxContent>{_txbx_paragraphs(lines)}</w:txbxContent>"
    pt = 72 / 25.4
    return (
        f"<w:r {_TXBX_NS}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
        f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="{251658240 + shape_id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="Text Box {shape_id}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="6350"><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx>{content}</wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" '
        'anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        "</w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f'<v:shape id="Text Box {shape_id}" o:spid="_x0000_s{1025 + shape_id}" type="#_x0000_t202" '
        f'style="position:absolute;margin-left:{x_mm * pt:.1f}pt;margin-top:0;width:{width_mm * pt:.1f}pt;'
        f'height:{height_mm * pt:.1f}pt;z-index:{shape_id};mso-position-horizontal-relative:margin;'
        'mso-position-vertical-relative:text" filled="f" stroked="f">'
        f'<v:textbox inset="0,0,0,0">{content}</v:textbox></v:shape></w:pict></mc:Fallback>'
        "</mc:AlternateContent></w:r>"
    )


def render_docx_textbox(doc: SampleDoc) -> bytes:
    """The issuer and the motto in two anchored text boxes; then "Số: …<tab>place, ngày …" on one
    line with tab stops; title, body and closing as sample_docx writes them."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.shared import Mm, Pt

    document = blank_document()
    head = doc.header
    anchor = _para(document)
    anchor.paragraph_format.space_after = Pt(50)
    issuer = [(text, 24, bold) for text, bold in zip(head.issuer, head.issuer_bold, strict=True)]
    anchor._p.append(parse_xml(_text_box(1, 0, 70, 20, [*issuer, ("________", 20, False)])))
    motto = [(head.right[0], 24, True), (head.right[1], 26, True), ("____________________", 20, False)]
    anchor._p.append(parse_xml(_text_box(2, 71, 89, 20, motto)))

    line = _para(document)
    stops = line.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(33), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Mm(115), WD_TAB_ALIGNMENT.CENTER)
    number = line.add_run(f"\t{head.number}\t")
    number.font.size = Pt(13)
    date = line.add_run(head.right[2])
    date.font.size = Pt(13)
    date.italic = True

    notes = _Notes(document, doc.notes)
    _title(document, doc)
    _body(document, doc.body, notes)
    _closing(document, doc)
    return _save_docx(document, doc)


# --- 3. scan_stamps ------------------------------------------------------------------------------

DPI = 300
PX = DPI / 72
RED = (196, 28, 36)
BLUE = (22, 44, 150)
HAND_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf")
STAMP_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
STAMP_FONT_REGULAR = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
RECEIPT = ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số:", "Ngày:", "Chuyển:")
RECEIPT_HAND = ("1186", "18/3/2026")
SEAL_RING = "ỦY BAN NHÂN DÂN TỈNH LẠC SƠN ★ "


def _hand(text: str, height_px: int, rng: np.random.Generator) -> Image.Image:
    """An alpha mask of ``text`` written by hand: an oblique face, sheared further, each glyph
    on its own baseline and size, slightly rotated."""
    font_px = int(height_px * 1.15)
    glyphs = []
    for ch in text:
        size = int(font_px * rng.uniform(0.92, 1.08))
        font = ImageFont.truetype(str(HAND_FONT), size)
        box = font.getbbox(ch)
        tile = Image.new("L", (box[2] + 12, int(font_px * 1.6)), 0)
        ImageDraw.Draw(tile).text((4, int(rng.uniform(-0.06, 0.06) * font_px) + 4), ch, font=font, fill=255,
                                  stroke_width=1)
        glyphs.append(tile)
    width = sum(g.width for g in glyphs) - 6 * len(glyphs) + 20
    mask = Image.new("L", (width, int(font_px * 1.7)), 0)
    x = 6
    for tile in glyphs:
        mask.paste(tile, (x, 0), tile)
        x += tile.width - 6
    shear = 0.28
    mask = mask.transform((mask.width + int(mask.height * shear), mask.height), Image.Transform.AFFINE,
                          (1, shear, -mask.height * shear, 0, 1, 0), resample=Image.Resampling.BICUBIC)
    mask = mask.rotate(float(rng.uniform(-4, 4)), resample=Image.Resampling.BICUBIC, expand=True)
    return mask.crop(mask.getbbox())


def _receipt_stamp(rng: np.random.Generator) -> tuple[Image.Image, Image.Image]:
    """(red mask, blue mask) of the receipt stamp: a rectangle with the receiving body, a big
    "ĐẾN", slots for the receiving number and date (filled by hand), rotated a little."""
    w, h = int(70 * MM * PX), int(27 * MM * PX)
    red = Image.new("L", (w, h), 0)
    blue = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(red)
    draw.rectangle((6, 6, w - 7, h - 7), outline=255, width=9)
    small = ImageFont.truetype(str(STAMP_FONT), 40)
    regular = ImageFont.truetype(str(STAMP_FONT_REGULAR), 38)
    big = ImageFont.truetype(str(STAMP_FONT), 86)
    draw.text((w / 2, 44), RECEIPT[0], font=small, fill=255, anchor="mm")
    draw.line((20, 78, w - 20, 78), fill=255, width=5)
    draw.text((34, 98), "ĐẾN", font=big, fill=255)
    for n, label in enumerate(RECEIPT[1:]):
        y = 100 + n * 68
        draw.text((290, y), label, font=regular, fill=255)
        draw.line((440, y + 46, w - 30, y + 46), fill=255, width=3)
    for n, value in enumerate(RECEIPT_HAND):
        hand = _hand(value, 46, rng)
        blue.paste(hand, (450, 140 + n * 68 - hand.height), hand)
    angle = float(rng.uniform(2.5, 3.5))
    return (red.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True),
            blue.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True))


def _seal(rng: np.random.Generator) -> Image.Image:
    """A red round seal: two rings, the body's name around, a star in the middle."""
    d = int(36 * MM * PX)
    mask = Image.new("L", (d, d), 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((4, 4, d - 5, d - 5), outline=255, width=12)
    draw.ellipse((78, 78, d - 79, d - 79), outline=255, width=5)
    font = ImageFont.truetype(str(STAMP_FONT), 44)
    text = SEAL_RING
    radius = d / 2 - 44
    for n, ch in enumerate(text):
        angle = 200 + 320 * n / len(text)  # degrees, clockwise from the top-left
        tile = Image.new("L", (70, 70), 0)
        ImageDraw.Draw(tile).text((35, 35), ch, font=font, fill=255, anchor="mm")
        tile = tile.rotate(-angle, resample=Image.Resampling.BICUBIC)
        rad = np.deg2rad(angle - 90)
        cx, cy = d / 2 + radius * np.cos(rad), d / 2 + radius * np.sin(rad)
        mask.paste(255, (int(cx - 35), int(cy - 35)), tile)
    star = []
    for k in range(10):
        r = 62 if k % 2 == 0 else 25
        a = np.deg2rad(-90 + 36 * k)
        star.append((d / 2 + r * np.cos(a), d / 2 + r * np.sin(a)))
    draw.polygon(star, fill=255)
    # uneven ink: the seal is pressed harder on one side
    ramp = np.linspace(0.75, 1.0, d)[None, :] * rng.uniform(0.85, 1.0, (d, d))
    return Image.fromarray((np.asarray(mask, dtype=np.float32) * ramp).astype(np.uint8))


def _signature(width: int, height: int, rng: np.random.Generator) -> Image.Image:
    """A signature's stroke: a few joined loops of a pen."""
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    t = np.linspace(0, 1, 400)
    xs = 40 + t * (width - 80)
    ys = height / 2 + np.sin(t * 14 + 0.6) * height * 0.25 * (1 - t * 0.5) + rng.normal(0, 1.2, t.size)
    points = list(zip(xs.tolist(), ys.tolist(), strict=True))
    draw.line(points, fill=255, width=6, joint="curve")
    draw.line([(60, height * 0.75), (width - 60, height * 0.35)], fill=255, width=5)
    return mask


def _ink(page: np.ndarray, mask: Image.Image, color: tuple[int, int, int], at: tuple[int, int],
         strength: float = 0.9) -> None:
    """Lay ``mask`` in ``color`` on ``page`` (float RGB, 0–255) at ``at``, multiplying like ink."""
    x, y = at
    alpha = np.asarray(mask, dtype=np.float32) / 255 * strength
    h, w = alpha.shape
    region = page[y:y + h, x:x + w]
    alpha = alpha[: region.shape[0], : region.shape[1], None]
    tint = np.array(color, dtype=np.float32) / 255
    region[:] = region * (1 - alpha) + region * tint * alpha


def scan_stamps_page(doc: SampleDoc) -> Image.Image:
    """Page 1 of scan_stamps as a colour 300 dpi scan."""
    import pypdfium2 as pdfium

    from sample_scan import BLUR, skew_of

    seed = zlib.crc32(doc.name.encode("utf-8"))
    rng = np.random.default_rng(seed)
    blank, number, day = _blank_slots(doc, width=11)
    pdf = render_pdf(blank)
    slots = _slots(pdf)
    document = pdfium.PdfDocument(pdf)
    try:
        if len(document) != 1:
            raise ValueError(f"{doc.name}: the stamped scan must fit on one page, not {len(document)}")
        clean = document[0].render(scale=PX).to_pil().convert("RGB")
    finally:
        document.close()
    page = np.asarray(clean, dtype=np.float32).copy()

    def px(box):
        return tuple(round(v * PX) for v in box)

    # the number and the day, written by hand in blue into the blank slots
    for key, value in (("number", number), ("day", day)):
        x0, top, x1, bottom = px(slots[key])
        hand = _hand(value, int((bottom - top) * 0.8), rng)
        at = ((x0 + x1 - hand.width) // 2, bottom - hand.height - int((bottom - top) * 0.12))
        _ink(page, hand, BLUE, at, 0.95)
    # the receipt stamp over the V/v lines and Kính gửi
    red, blue = _receipt_stamp(rng)
    vx0, vtop, _, _ = px(slots["vv"])
    _, _, _, kbottom = px(slots["kinh_gui"])
    at = (vx0 + int(8 * MM * PX), (vtop + kbottom) // 2 - red.height // 2)
    _ink(page, red, RED, at, 0.85)
    _ink(page, blue, BLUE, at, 0.95)
    # the signature, then the seal over the signer's name, its centre left of the name's middle
    nx0, ntop, nx1, _ = px(slots["name"])
    sign = _signature(int(50 * MM * PX), int(18 * MM * PX), rng)
    _ink(page, sign, (30, 30, 90), ((nx0 + nx1) // 2 - sign.width // 2, ntop - sign.height - 10), 0.9)
    seal = _seal(rng)
    centre = (nx0 + (nx1 - nx0) // 4, ntop - int(9 * MM * PX))
    _ink(page, seal, RED, (centre[0] - seal.width // 2, centre[1] - seal.height // 2), 0.8)

    # the scanner: warm paper, toner noise, skew, dust, blur
    paper = np.array((247, 244, 236), dtype=np.float32)
    ink = 255 - page
    stroke = ink.max(axis=2) > 25
    noise = rng.normal(0.0, 8.0, (int(stroke.sum()), 1))
    ink[stroke] = np.clip(ink[stroke] * 0.92 + noise, 0, 255)
    pixels = np.clip(paper - ink * (paper / 255), 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels, "RGB").rotate(skew_of(doc.name, 1), resample=Image.Resampling.BICUBIC,
                                                  fillcolor=tuple(int(v) for v in paper))
    pixels = np.array(image)
    height, width = pixels.shape[:2]
    ys = rng.integers(0, height - 2, 1200)
    xs = rng.integers(0, width - 2, 1200)
    levels = rng.integers(60, 200, 1200).astype(np.uint8)
    for dy in (0, 1):
        for dx in (0, 1):
            pixels[ys + dy, xs + dx] = np.minimum(pixels[ys + dy, xs + dx], levels[:, None])
    return Image.fromarray(pixels, "RGB").filter(ImageFilter.GaussianBlur(BLUR))


def _scan_outputs(page: Image.Image, name: str) -> tuple[bytes, bytes]:
    pdf = io.BytesIO()
    page.save(pdf, "PDF", resolution=DPI, quality=60, optimize=True, title=f"{name} (scan)",
              creator="vndocx scripts/make_samples.py", creationDate=None, modDate=None)
    png = io.BytesIO()
    # 256 colours (fast octree keeps the small blue and red areas), stored as RGB
    page.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).convert("RGB").save(
        png, "PNG", dpi=(DPI, DPI), compress_level=9)
    return pdf.getvalue(), png.getvalue()


# --- all of them ---------------------------------------------------------------------------------

def render_phenomenon(path: Path) -> dict[str, bytes]:
    """The renderings of the phenomenon sample at ``path``: {suffix: bytes}."""
    register_fonts()
    doc = parse_sample(path)
    name = doc.name
    if name == "signed_pdf":
        return {".pdf": render_signed(doc)}
    if name == "docx_layout":
        return {".docx": render_docx_layout(doc)}
    if name == "docx_textbox":
        return {".docx": render_docx_textbox(doc)}
    if name == "scan_stamps":
        scan, png = _scan_outputs(scan_stamps_page(doc), name)
        return {".scan.pdf": scan, ".png": png}
    if name == "damaged_glyphs":
        return {".pdf": render_damaged(doc)}
    if name in RENDERINGS:
        return {".pdf": render_pdf(doc)}
    raise ValueError(f"{path}: not a known phenomenon sample ({', '.join(RENDERINGS)})")


def render_all(out: Path, folder: Path = PHENOMENA, names: list[str] | None = None) -> dict[str, dict[str, int]]:
    """Render every phenomenon sample (or those in ``names``) of ``folder`` into ``out``; returns
    the bytes written per sample and suffix."""
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, dict[str, int]] = {}
    for path in sorted(folder.glob("*.txt")):
        if names and path.stem not in names:
            continue
        files = render_phenomenon(path)
        sizes[path.stem] = {}
        for suffix, data in files.items():
            (out / f"{path.stem}{suffix}").write_bytes(data)
            sizes[path.stem][suffix] = len(data)
    return sizes


__all__ = ["PHENOMENA", "RENDERINGS", "render_all", "render_phenomenon"]
