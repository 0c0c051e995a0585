"""Render a parsed sample (sample_text.SampleDoc) as a DOCX the way provincial Word templates
are built: the header as a borderless two-column table, the body as justified paragraphs,
footnotes as real Word footnotes (word/footnotes.xml), the closing as a borderless
two-column table (Nơi nhận left, signer right), and the appendix as a ruled Word table in a
landscape section with a repeated header row.

Deterministic: fixed core properties, and the ZIP rewritten with fixed member timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from sample_text import Block, SampleDoc, Span

FONT = "Times New Roman"
FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)
TEXT_W = Mm(160)
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
# Appendix task table: column widths as shares of the landscape text width (STT … Kết quả).
TABLE_SHARES = (0.05, 0.12, 0.23, 0.14, 0.085, 0.09, 0.285)


def _para(container, text: str = "", *, size: float = 13, bold: bool = False, italic: bool = False,
          align=JUSTIFY, indent: bool = False, after: float = 0, before: float = 0):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    if indent:
        fmt.first_line_indent = Mm(10)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold or None
        run.italic = italic or None
    return paragraph


def _cell_para(cell, first: bool, text: str, **kw):
    """Write into a table cell: its existing first paragraph, then new ones."""
    if first:
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.alignment = kw.get("align", CENTER)
        fmt.space_after = Pt(kw.get("after", 0))
        run = paragraph.add_run(text)
        run.font.size = Pt(kw.get("size", 13))
        run.bold = kw.get("bold") or None
        run.italic = kw.get("italic") or None
        return paragraph
    return _para(cell, text, **{"align": CENTER, **kw})


def _two_columns(document, widths: tuple[float, float], rows: int):
    table = document.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, share in zip(row.cells, widths, strict=True):
            cell.width = int(TEXT_W * share)
    return table


class _Notes:
    """Word footnotes: the footnotes part and the references placed in the body."""

    def __init__(self, document, notes: dict[str, str]) -> None:
        self.notes = notes
        self.ids: dict[str, int] = {}
        if not notes:
            return
        body = "".join(self._note_xml(n + 1, notes[mark]) for n, mark in enumerate(sorted(notes, key=int)))
        xml = (
            f"<w:footnotes {nsdecls('w')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f"{body}</w:footnotes>"
        )
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode("utf-8"),
                    document.part.package)
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        settings = document.settings.element
        settings.insert_element_before(
            parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'),
            "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
            "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
            "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
            "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
        )
        self.ids = {mark: n + 1 for n, mark in enumerate(sorted(notes, key=int))}

    @staticmethod
    def _note_xml(note_id: int, text: str) -> str:
        from xml.sax.saxutils import escape

        return (
            f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r>'
            "</w:p></w:footnote>"
        )

    def reference(self, paragraph, mark: str) -> None:
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:vertAlign w:val="superscript"/></w:rPr>'))
        run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{self.ids[mark]}"/>'))


def _runs(paragraph, spans: list[Span], notes: _Notes, size: float = 13) -> None:
    for kind, value in spans:
        if kind == "note":
            notes.reference(paragraph, value)
            continue
        run = paragraph.add_run(value)
        run.font.size = Pt(size)
        run.bold = (kind == "bold") or None


def _header(document, doc: SampleDoc) -> None:
    head = doc.header
    table = _two_columns(document, (0.42, 0.58), 2)
    left, right = table.rows[0].cells
    for n, (text, bold) in enumerate(zip(head.issuer, head.issuer_bold, strict=True)):
        _cell_para(left, n == 0, text, size=12, bold=bold)
    motto, indep, date_line = [*head.right, "", "", ""][:3]
    _cell_para(right, True, motto, size=12, bold=True)
    _cell_para(right, False, indep, size=13, bold=True)
    left, right = table.rows[1].cells
    _cell_para(left, True, head.number, size=13)
    for line in head.vv:
        _cell_para(left, False, line, size=12)
    _cell_para(right, True, date_line, size=13, italic=True)


def _title(document, doc: SampleDoc) -> None:
    if doc.doc_type:
        _para(document, doc.doc_type, size=14, bold=True, align=CENTER, before=12)
        _para(document, " ".join(doc.subject), size=14, bold=True, align=CENTER, after=12)
    if doc.recipients_inline:
        _para(document, f"Kính gửi: {doc.recipients[0]}", size=14, align=CENTER, after=12)
    elif doc.recipients:
        for n, item in enumerate(doc.recipients):
            paragraph = _para(document, size=14, align=LEFT)
            paragraph.paragraph_format.left_indent = Mm(45)
            paragraph.paragraph_format.first_line_indent = Mm(-20) if n == 0 else None
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(45), WD_TAB_ALIGNMENT.LEFT)
            run = paragraph.add_run(f"Kính gửi:\t{item}" if n == 0 else item)
            run.font.size = Pt(14)
        paragraph.paragraph_format.space_after = Pt(12)


def _body(document, blocks: list[Block], notes: _Notes) -> None:
    for block in blocks:
        if block.style == "center":
            paragraph = _para(document, align=CENTER, before=6, after=6)
            _runs(paragraph, [("bold", block.text)], notes)
            continue
        paragraph = _para(document, indent=True, after=4)
        if block.style == "basis":
            _runs(paragraph, block.spans, notes)
            for run in paragraph.runs:
                run.italic = True
        else:
            _runs(paragraph, block.spans, notes)
        if block.style == "heading":
            paragraph.paragraph_format.keep_with_next = True


def _closing(document, doc: SampleDoc) -> None:
    _para(document, after=4)
    table = _two_columns(document, (0.5, 0.5), 1)
    left, right = table.rows[0].cells
    closing_cells(left, right, doc, LEFT)


def closing_cells(left, right, doc: SampleDoc, align) -> None:
    """Fill a closing's two cells: Nơi nhận on the left, the signature block on the right."""
    _cell_para(left, True, "Nơi nhận:", size=12, bold=True, italic=True, align=align)
    for item in doc.distribution:
        _cell_para(left, False, item, size=11, align=align)
    for n, line in enumerate(doc.signer.lines):
        _cell_para(right, n == 0, line, size=13, bold=True)
    for _ in range(4):
        _cell_para(right, False, "", size=13)
    _cell_para(right, False, doc.signer.name, size=13, bold=True)


def _appendix(document, doc: SampleDoc) -> None:
    if doc.appendix is None:
        return
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    for title in doc.appendix.titles:
        _para(document, title, size=13, bold=not title.startswith("("), italic=title.startswith("("), align=CENTER)
    _para(document, after=4)
    rows = doc.appendix.table
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    width = Mm(297 - 30)
    shares = TABLE_SHARES if len(rows[0]) == len(TABLE_SHARES) else [1 / len(rows[0])] * len(rows[0])
    for r, (cells, row) in enumerate(zip(rows, table.rows, strict=True)):
        for c, (text, cell) in enumerate(zip(cells, row.cells, strict=True)):
            cell.width = int(width * shares[c])
            align = CENTER if r == 0 or c in (0, 4, 5) else LEFT
            _cell_para(cell, True, text, size=10.5, bold=r == 0, align=align)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _deterministic_zip(data: bytes) -> bytes:
    """The same DOCX with every member stamped with a fixed time (python-docx uses 'now')."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def blank_document():
    """A python-docx Document on A4 with the genre's margins and a 13 pt serif, its body empty."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    # python-docx starts with one empty paragraph in the body: drop it so the header table
    # is the first block, as in real templates.
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return document


def render_docx(doc: SampleDoc) -> bytes:
    """Return the DOCX bytes of ``doc``."""
    document = blank_document()
    notes = _Notes(document, doc.notes)
    _header(document, doc)
    _title(document, doc)
    _body(document, doc.body, notes)
    _closing(document, doc)
    _appendix(document, doc)

    props = document.core_properties
    props.title = doc.title
    props.author = props.last_modified_by = "Lạc Sơn (fictional samples)"
    props.comments = "vndocx scripts/make_samples.py"
    props.created = props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())


__all__ = ["render_docx"]
