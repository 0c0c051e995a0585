"""DOCX reader (python-docx): paragraphs and tables in document order.

Real DOCX documents lay out the header block and the Nơi nhận/signer block as borderless
two-column tables. Those become lines with a pseudo-geometry (page width 1.0, left column
x 0–0.5, right column 0.5–1, rows aligned on y) so the segmenter reads them exactly as it
reads a PDF's two columns. Tables of three or more columns are data tables.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from vndocx.errors import CorruptFile
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
    checked against ``limits`` first (``check_docx``: sizes, paragraphs, no DOCTYPE)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable

    source = str(path)
    check_docx(path, limits)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CorruptFile(source, f"not a readable DOCX ({err})") from err

    page = Page(number=1, kind="docx", width=1.0)
    y = 0.0

    def add(text: str, x0: float = 0.0, x1: float = 1.0, at: float | None = None, **kw) -> None:
        top = y if at is None else at
        page.lines.append(Line(text=text, page=1, bbox=(x0, top, x1, top + 0.9), **kw))

    for block in document.iter_inner_content():
        if not isinstance(block, DocxTable):
            x0, x1 = _extent(block)
            for text in _paragraph_text(block).split("\n"):
                add(text, x0, x1)
                y += 1
            continue
        rows = [_unique_cells(row) for row in block.rows]
        width = max((len(r) for r in rows), default=0)
        if width <= 2:
            for cells in rows:
                depth = 0
                for col, cell in enumerate(cells):
                    x0 = col / len(cells)
                    texts = [t for p in cell.paragraphs for t in p.text.split("\n")]
                    for i, text in enumerate(texts):
                        add(text, x0, x0 + 1 / len(cells), at=y + i)
                    depth = max(depth, len(texts))
                y += depth
        else:
            index = len(page.tables)
            table_rows = [[cell.text for cell in cells] for cells in rows]
            page.tables.append(PageTable(rows=table_rows, page=1))
            for r, cells in enumerate(table_rows):
                add(table_row_text(cells), table=index, row=r)
                y += 1
    notes = _footnotes(document)
    if notes:  # Word keeps footnotes apart; they follow the text under a rule, as printed
        add("_" * 20)
        y += 1
        for mark, text in notes:
            add(f"{superscript(mark)}{text}")
            y += 1
    return [page]


def _paragraph_text(paragraph) -> str:
    """The paragraph's text with each footnote reference as its superscript mark ("quan²")."""
    from docx.oxml.ns import qn
    from docx.text.run import Run

    parts = []
    for r in paragraph._p.iter(qn("w:r")):
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
