"""DOCX reader (python-docx): paragraphs and tables in document order.

Real DOCX documents lay out the header block and the Nơi nhận/signer block as borderless
two-column tables. Those become lines with a pseudo-geometry (page width 1.0, left column
x 0–0.5, right column 0.5–1, rows aligned on y) so the segmenter reads them exactly as it
reads a PDF's two columns. Tables of three or more columns are data tables.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from vndocx.errors import CorruptFile
from vndocx.ingest.docx_numbering import Numbering
from vndocx.ingest.guards import check_docx
from vndocx.ingest.layout import superscript, table_row_text
from vndocx.lang.text import fold_space
from vndocx.limits import DEFAULT_LIMITS, Limits
from vndocx.pages import Line, Page, PageTable


def _unique_cells(row) -> list:
    """Cells of a row with horizontally merged cells (repeated by python-docx) taken once."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _extent(paragraph) -> tuple[float, float]:
    """Pseudo x-extent of a paragraph from its alignment: a centred title block (type line,
    trích yếu) stands apart from the body, which starts at the left margin."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    alignment = paragraph.alignment
    if alignment is None and paragraph.style is not None:
        alignment = paragraph.style.paragraph_format.alignment
    if alignment == WD_ALIGN_PARAGRAPH.CENTER:
        return 0.2, 0.8
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        return 0.5, 1.0
    return 0.0, 1.0


def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    """Return the document as one page of lines (DOCX has no fixed pagination); the parts are
    checked against ``limits`` first (``check_docx``: sizes, paragraphs, no DOCTYPE). The first
    page's header (a draft mark, sometimes the issuer) comes first, the body with its text boxes
    and nested tables in order, then the footnotes and the first page's footer; page numbers are
    left out."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    source = str(path)
    check_docx(path, limits)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CorruptFile(source, f"not a readable DOCX ({err})") from err

    page = Page(number=1, kind="docx", width=1.0)
    writer = _Writer(page, document)
    header, footer = _first_page_parts(document)
    if header is not None:
        writer.part(header)
    writer.blocks(_inner(document.element.body, document._body), 0.0, 1.0, body=True)
    notes = _footnotes(document)
    if notes:  # Word keeps footnotes apart; they follow the text under a rule, as printed
        writer.add("_" * 20)
        for mark, text in notes:
            writer.add(f"{superscript(mark)}{text}")
    if footer is not None:
        writer.part(footer)
    return [page]


def _first_page_parts(document) -> tuple[object | None, object | None]:
    """The header and footer printed on the first page (the first-page ones when the first
    section has them), or None where the section has none."""
    if not document.sections:
        return None, None
    section = document.sections[0]
    first = section.different_first_page_header_footer
    header = section.first_page_header if first else section.header
    footer = section.first_page_footer if first else section.footer
    return (None if header.is_linked_to_previous else header), (None if footer.is_linked_to_previous else footer)


# A tab run that carries the text after it this far across the text width starts a second block
# (issuer left, national motto right on one line); nearer, it is an indent or a list's tab.
TAB_COLUMN = 0.3
# Width of an average character, in twips, when nothing says the size: 13 pt Times, about half an em.
CHAR_TWIPS = 130
DEFAULT_TAB_TWIPS = 720


class _Writer:
    """Lines with a pseudo-geometry (page width 1.0, one unit of y a line) written in reading order."""

    def __init__(self, page: Page, document) -> None:
        self.page = page
        self.document = document
        self.y = 0.0
        section = document.sections[0] if document.sections else None
        width = (section.page_width - section.left_margin - section.right_margin) if section else None
        self.text_emu = width if width and width > 0 else None
        self.margin_emu = section.left_margin if section and section.left_margin else 0
        self.default_tab = _default_tab(document)
        self.numbering = Numbering(document)

    def add(self, text: str, x0: float = 0.0, x1: float = 1.0, at: float | None = None, **kw) -> None:
        top = self.y if at is None else at
        self.page.lines.append(Line(text=text, page=1, bbox=(x0, top, x1, top + 0.9), **kw))
        if at is None:
            self.y += 1

    def part(self, part) -> None:
        """A header or footer: its blocks and watermark, lines without letters (page numbers) left out."""
        for path in part._element.iter("{urn:schemas-microsoft-com:vml}textpath"):
            mark = " ".join((path.get("string") or "").split())
            if any(ch.isalpha() for ch in mark):
                self.add(mark, 0.2, 0.8)
        start = len(self.page.lines)
        self.blocks(_inner(part._element, part), 0.0, 1.0, body=True)
        self.page.lines[start:] = [ln for ln in self.page.lines[start:] if any(ch.isalpha() for ch in ln.text)]

    def blocks(self, items, x0: float, x1: float, body: bool = False) -> None:
        """Paragraphs and tables of a container, in order, in the column x0–x1."""
        from docx.table import Table as DocxTable

        for block in items:
            if isinstance(block, DocxTable):
                self.table(block, x0, x1)
            else:
                self.paragraph(block, x0, x1, body)

    def paragraph(self, paragraph, x0: float, x1: float, body: bool) -> None:
        lo, hi = _extent(paragraph) if body else (0.0, 1.0)
        lo, hi = x0 + lo * (x1 - x0), x0 + hi * (x1 - x0)
        text = _paragraph_text(paragraph)
        label = self.numbering.label(paragraph)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        boxes = _text_boxes(paragraph._p)
        if text.strip() or not boxes:
            for line in text.split("\n"):
                split = self._tab_blocks(paragraph, line) if body and x0 == 0.0 and x1 == 1.0 else None
                if split:
                    (left, right, at) = split
                    self.add(left, 0.0, min(at, 0.5), at=self.y)
                    self.add(right, max(at, 0.5), 1.0)
                else:
                    self.add(line, lo, hi)
        if boxes:
            self.text_boxes(paragraph, boxes, x0, x1)

    def text_boxes(self, paragraph, boxes: list, x0: float, x1: float) -> None:
        """The text boxes anchored in a paragraph, each in its horizontal place; boxes side by side
        share their rows, a box under another follows it."""
        placed: list[tuple[float, float, float]] = []  # (x0, x1, bottom) of the boxes written
        base = self.y
        for content, lo, hi in self._placed(boxes):
            top = max([base, *(bottom for a, b, bottom in placed if a < hi and lo < b)])
            self.y = top
            self.blocks(_inner(content, paragraph._parent), x0 + lo * (x1 - x0), x0 + hi * (x1 - x0), body=False)
            placed.append((lo, hi, self.y))
        self.y = max([base, *(bottom for _, _, bottom in placed)])

    def _placed(self, boxes: list) -> list[tuple[object, float, float]]:
        """(content, x0, x1) of each box, top to bottom then left to right; a narrow box is kept
        to its half of the column, as a cell of a two-column layout table."""
        out = []
        for content, anchor in boxes:
            lo, hi, top = _box_place(anchor, self.text_emu, self.margin_emu)
            if hi - lo < 0.75:
                if (lo + hi) / 2 >= 0.5:
                    lo = max(lo, 0.5)
                else:
                    hi = min(hi, 0.5)
            out.append((top, lo, content, hi))
        out.sort(key=lambda b: (b[0], b[1]))
        return [(content, lo, hi) for _, lo, content, hi in out]

    def table(self, table, x0: float, x1: float) -> None:
        rows = [_unique_cells(row) for row in table.rows]
        width = max((len(r) for r in rows), default=0)
        if width > 2 and _is_layout(table, rows):
            # two blocks with a spacer column between them: the blocks take the halves
            used = [c for c in range(width) if any(c < len(r) and _cell_text(r[c]).strip() for r in rows)]
            if len(used) <= 2:
                rows = [[r[c] for c in used if c < len(r)] for r in rows]
                width = max((len(r) for r in rows), default=0)
        if width <= 2:
            for cells in rows:
                top, bottom = self.y, self.y
                for col, cell in enumerate(cells):
                    self.y = top
                    lo = x0 + (x1 - x0) * col / len(cells)
                    self.blocks(_inner(cell._tc, cell), lo, lo + (x1 - x0) / len(cells))
                    bottom = max(bottom, self.y)
                self.y = bottom
        else:
            index = len(self.page.tables)
            table_rows = [[_cell_text(cell) for cell in cells] for cells in rows]
            self.page.tables.append(PageTable(rows=table_rows, page=1))
            for r, cells in enumerate(table_rows):
                self.add(table_row_text(cells), x0, x1, table=index, row=r)

    def _tab_blocks(self, paragraph, line: str) -> tuple[str, str, float] | None:
        """(left text, right text, where the right one starts as a share of the text width) when a
        run of tabs carries the rest of the line to a second block; else None."""
        if "\t" not in line or self.text_emu is None:
            return None
        stops = _tab_stops(paragraph)
        width = self.text_emu / 635  # EMU → twips
        x = 0.0
        for m in re.finditer(r"\t+|[^\t]+", line):
            piece = m.group()
            if not piece.startswith("\t"):
                x += len(piece) * CHAR_TWIPS
                continue
            for _ in piece:
                x = next((s for s in stops if s > x + 1), (x // self.default_tab + 1) * self.default_tab)
            left, right = line[:m.start()].strip(), line[m.end():].strip()
            # a right part without letters is a page number or an amount on a leader, not a block
            if left and any(ch.isalpha() for ch in right) and x / width >= TAB_COLUMN:
                return " ".join(left.split()), right, min(x / width, 0.9)
        return None


# A borderless table of this many rows or fewer whose text stands in two columns (the others
# empty spacers) lays out blocks (header, closing); a longer one, or one with rules, is data.
LAYOUT_ROWS = 6
_SHOWN = {"nil", "none"}


def _is_layout(table, rows: list) -> bool:
    """Whether a table of three or more columns may only lay out blocks: few rows and no rules."""
    from docx.oxml.ns import qn

    if len(rows) > LAYOUT_ROWS:
        return False
    style = table.style.name if table.style is not None else ""
    borders = table._tbl.tblPr.find(qn("w:tblBorders")) if table._tbl.tblPr is not None else None
    if borders is None and "grid" in style.lower():
        return False
    ruled = [b for b in ([] if borders is None else list(borders)) + table._tbl.findall(f".//{qn('w:tcBorders')}/*")
             if (b.get(qn("w:val")) or "none") not in _SHOWN]
    return not ruled


def _inner(element, parent):
    """The paragraphs and tables of a container element in order (python-docx objects), those
    inside content controls (w:sdt) included, a table of contents left out."""
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == f"{_W}p":
            yield Paragraph(child, parent)
        elif child.tag == f"{_W}tbl":
            yield DocxTable(child, parent)
        elif child.tag == f"{_W}sdt" and not _table_of_contents(child):
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _inner(content, parent)


def _table_of_contents(sdt) -> bool:
    """Whether a content control holds Word's table of contents (headings again, with page
    numbers: nothing the record reads)."""
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and "contents" in (gallery.get(f"{_W}val") or "").lower()


def _default_tab(document) -> float:
    """The document's default tab stop, in twips."""
    from docx.oxml.ns import qn

    try:
        found = document.settings.element.find(qn("w:defaultTabStop"))
        value = int(found.get(qn("w:val"))) if found is not None else DEFAULT_TAB_TWIPS
    except (ValueError, TypeError, KeyError):
        value = DEFAULT_TAB_TWIPS
    return float(value) if value > 0 else float(DEFAULT_TAB_TWIPS)


def _tab_stops(paragraph) -> list[float]:
    """The paragraph's own and its style's tab stops, in twips, left to right (cleared ones out)."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    stops = []
    for fmt in (paragraph.paragraph_format, paragraph.style.paragraph_format if paragraph.style else None):
        if fmt is None:
            continue
        for stop in fmt.tab_stops:
            if stop.alignment != WD_TAB_ALIGNMENT.CLEAR:
                stops.append(stop.position / 635)
    return sorted(stops)


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _outside_boxes(element, top) -> bool:
    """Whether ``element`` belongs to the text of ``top`` itself: not inside a text box of it,
    nor in the fallback copy Word writes of a drawing (mc:Fallback)."""
    for parent in element.iterancestors():
        if parent is top:
            return True
        if parent.tag in (f"{_W}txbxContent", f"{_MC}Fallback"):
            return False
    return True


def _text_boxes(p) -> list[tuple[object, object | None]]:
    """The text boxes anchored in paragraph ``p``, each once: (its w:txbxContent, its wp:anchor
    or None). Word writes a box twice, as DrawingML and in a VML fallback: the first is read."""
    out = []
    for content in p.iter(f"{_W}txbxContent"):
        if _outside_boxes(content, p):
            anchor = next((a for a in content.iterancestors(f"{_WP}anchor", f"{_WP}inline")), None)
            out.append((content, anchor))
    return out


def _box_place(anchor, text_emu: float | None, margin_emu: float = 0) -> tuple[float, float, float]:
    """(x0, x1) of a text box as shares of the text width, and its vertical offset (EMU), from its
    DrawingML anchor; the whole width when it says nothing usable."""
    if anchor is None or text_emu is None or anchor.tag != f"{_WP}anchor":
        return 0.0, 1.0, 0.0
    extent = anchor.find(f"{_WP}extent")
    try:
        width = int(extent.get("cx")) / text_emu if extent is not None else 1.0
    except (TypeError, ValueError):
        width = 1.0
    width = min(max(width, 0.05), 1.0)

    def offset(axis: str) -> tuple[float | None, str | None, str | None]:
        pos = anchor.find(f"{_WP}position{axis}")
        if pos is None:
            return None, None, None
        off = pos.find(f"{_WP}posOffset")
        align = pos.find(f"{_WP}align")
        try:
            value = float(off.text) if off is not None and off.text else None
        except ValueError:
            value = None
        return value, (align.text if align is not None else None), pos.get("relativeFrom")

    x, align, rel = offset("H")
    top = offset("V")[0] or 0.0
    if align in ("right", "outside"):
        lo = 1.0 - width
    elif align == "center":
        lo = (1.0 - width) / 2
    elif x is not None:
        lo = (x - (margin_emu if rel == "page" else 0)) / text_emu  # from the page edge or the margin
    else:
        lo = 0.0
    lo = min(max(lo, 0.0), 1.0 - width)
    return lo, lo + width, top


def _cell_text(cell) -> str:
    """A data table cell's text, nested tables included (their rows one a line)."""
    from docx.table import Table as DocxTable

    parts = []
    for block in _inner(cell._tc, cell):
        if isinstance(block, DocxTable):
            parts.extend(" ".join(_cell_text(c) for c in _unique_cells(row)) for row in block.rows)
        else:
            parts.append(_paragraph_text(block))
    return "\n".join(parts)


def _paragraph_text(paragraph) -> str:
    """The paragraph's text with each footnote reference as its superscript mark ("quan²")."""
    from docx.oxml.ns import qn
    from docx.text.run import Run

    parts = []
    p = paragraph._p
    for r in p.iter(qn("w:r")):
        if not _outside_boxes(r, p):
            continue  # a text box's text is read as its own block, once
        ref = r.find(qn("w:footnoteReference"))
        parts.append(superscript(ref.get(qn("w:id"))) if ref is not None else Run(r, paragraph).text)
    return "".join(parts)


def _footnotes(document) -> list[tuple[str, str]]:
    """(mark, text) of the document's footnotes, separators left out."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype.endswith("/footnotes") and not rel.is_external), None)
    if part is None:
        return []
    notes = []
    for note in parse_xml(part.blob).iter(qn("w:footnote")):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in note.iter(qn("w:p")))
        if text.strip():
            notes.append((note.get(qn("w:id")), fold_space(text)))
    return notes
