"""Segment stage: pages of lines → the standard parts of an administrative document.

``segment(pages)`` returns ``Segments``: the header fields, the body as paragraphs and a
section tree, footnotes, the Nơi nhận list and signer, appendix tables, and ``text`` — the
document's text in reading order, which every offset (paragraph, table row) points into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vndocx.ingest.base import Page
from vndocx.records import Footnote, Section, Signer
from vndocx.segment.body import Body, Paragraph, build_body, join_rows
from vndocx.segment.closing import find_closing, is_appendix_start, parse_closing
from vndocx.segment.footnotes import split_footnotes, strip_marks
from vndocx.segment.header import Header, parse_header
from vndocx.segment.numbering import mend_numbering
from vndocx.segment.rows import Row, fold_space, pages_to_rows, strip_markdown
from vndocx.segment.tables import ParsedTable, is_table_row, read_tables, split_pipe_row


@dataclass
class TextTable:
    """A table as placed in ``Segments.text``: the parsed table and, per data row, the
    offset of the row's line."""

    table: ParsedTable
    row_offsets: list[int] = field(default_factory=list)


@dataclass
class Segments:
    """The parts of one document, in the order the record contract lists them."""

    header: Header
    paragraphs: list[Paragraph]
    sections: list[Section]
    footnotes: list[Footnote]
    distribution: list[str]
    signer: Signer | None
    tables: list[TextTable]
    text: str
    warnings: list[str] = field(default_factory=list)


class _TextBuilder:
    """Accumulates ``Document.text`` line by line and hands out offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, line: str) -> int:
        start = self.length + (1 if self.parts else 0)
        self.parts.append(line)
        self.length = start + len(line)
        return start

    def text(self) -> str:
        return "\n".join(self.parts)


# The type line of a document issued with a decision ("QUY ĐỊNH", "KẾ HOẠCH"), or its note.
_ATTACHED = re.compile(r"^(?:QUY\s+ĐỊNH|QUY\s+CHẾ|KẾ\s+HOẠCH|CHƯƠNG\s+TRÌNH|PHƯƠNG\s+ÁN|HƯỚNG\s+DẪN|ĐỀ\s+ÁN|"
                       r"ĐIỀU\s+LỆ)\b")
_ANNEX = re.compile(r"^\W*PHỤ\s+LỤC\b", re.I)
_ATTACHED_LOOKAHEAD = 15


def attached_document(rows: list[Row]) -> bool:
    """Whether ``rows`` (what follows the closing) open a document issued with this one: a plan,
    regulation or programme with its own type line, not an annex (PHỤ LỤC) of tables."""
    for row in [r for r in rows if not r.blank][:_ATTACHED_LOOKAHEAD]:
        text = fold_space(strip_markdown(row.text))
        if _ANNEX.match(text):
            return False  # an annex of tables or forms comes first
        if _ATTACHED.match(text) and text.isupper():
            return True
    return False


def _body_end(rows: list[Row], start: int) -> int:
    for i in range(start, len(rows)):
        if not rows[i].blank and is_appendix_start(rows[i].text) and i > start:
            return i
    return len(rows)


def _doubtful_fields(rows: list[Row], parsed, fields: tuple[str, ...]) -> list[str]:
    """One warning per field that was filled from a block holding damaged rows (low OCR
    confidence, restored diacritics): the value may be wrong even though it was found."""
    reasons = sorted({r.doubt for r in rows if r.doubt and not r.blank})
    if not reasons:
        return []
    return [f"{name} read from damaged text ({', '.join(reasons)}): {getattr(parsed, name)!r}"
            for name in fields if getattr(parsed, name)]


def segment(pages: list[Page]) -> Segments:
    """Split a document's pages into its standard parts (see ``Segments``)."""
    rows = pages_to_rows(pages)
    header = parse_header(rows)
    warnings = list(header.warnings)
    closing_at = find_closing(rows, header.end)
    if closing_at is not None:
        closing = parse_closing(rows, closing_at)
        body_rows, after = rows[header.end:closing_at], rows[closing.end:]
    else:
        closing = None
        end = _body_end(rows, header.end)
        body_rows, after = rows[header.end:end], rows[end:]

    warnings += _doubtful_fields(rows[: header.end], header, ("doc_type", "number", "symbol", "issuer",
                                 "parent_issuer", "place", "date", "subject", "recipients"))
    if closing is not None:
        warnings += _doubtful_fields(rows[closing.start:closing.end], closing, ("distribution", "signer"))
    body_rows, notes = split_footnotes(body_rows)
    after, late_notes = split_footnotes(after)  # notes printed after the signature (DOCX, some PDFs)
    notes += late_notes
    marks = {n.mark for n in notes}
    table_rows = [r for r in body_rows if is_table_row(r)]
    warnings += mend_numbering(body_rows)
    texts = [strip_marks(t, marks) for t in join_rows([r for r in body_rows if not is_table_row(r)])]
    body = build_body(texts)
    attached = Body()
    if closing is not None and attached_document(after):
        # a plan or regulation issued with the decision: its assignments are the document's too
        attached = build_body([strip_marks(t, marks) for t in join_rows([r for r in after if not is_table_row(r)])])
        after = [r for r in after if is_table_row(r)]

    out = _TextBuilder()
    for row in rows[: header.end]:
        if not row.blank:
            out.add(row.clean)
    for paragraph in body.paragraphs:
        paragraph.start = out.add(paragraph.text)
        paragraph.end = paragraph.start + len(paragraph.text)
    if closing is not None:
        for row in rows[closing.start:closing.end]:
            if not row.blank:
                out.add(row.clean)
    for paragraph in attached.paragraphs:
        paragraph.start = out.add(paragraph.text)
        paragraph.end = paragraph.start + len(paragraph.text)

    appendix = [fold_space(strip_markdown(r.text)) if not is_table_row(r) else r.text.strip()
                for r in table_rows + after if not r.blank]
    tables = read_tables(appendix)
    placed: list[TextTable] = []
    first_rows = {t.rows[0].line if t.rows else -1: t for t in tables}
    emitted: set[int] = set()
    for index, line in enumerate(appendix):
        table = first_rows.get(index)
        if table is not None and id(table) not in emitted:
            emitted.add(id(table))
            out.add("| " + " | ".join(table.columns) + " |")
            placed.append(TextTable(table, [out.add("| " + " | ".join(r.cells.values()) + " |") for r in table.rows]))
        if not line.startswith("|"):
            out.add(line)
    for note in notes:
        out.add(f"{note.mark} {note.text}")

    return Segments(
        header=header,
        paragraphs=body.paragraphs + attached.paragraphs,
        sections=body.sections + attached.sections,
        footnotes=notes,
        distribution=closing.distribution if closing else [],
        signer=closing.signer if closing else None,
        tables=placed,
        text=out.text(),
        warnings=warnings,
    )


__all__ = ["Segments", "TextTable", "segment", "split_pipe_row"]
