"""Segment stage: pages of lines → the standard parts of an administrative document.

``segment(pages, document)`` writes on ``document`` (the ``Document`` being built) the header
fields, the section tree, footnotes, the Nơi nhận list and signer, and ``text`` — the
document's text in reading order, which every offset (paragraph, table row) points into — and
returns ``Segments``: what the extract stage reads beyond the record (the body as paragraphs,
appendix tables, the rows each field and each stretch of text was read from).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vndocx.lang.text import fold_space
from vndocx.pages import Page
from vndocx.records import Document
from vndocx.segment.body import Body, Paragraph, build_body, traced_join
from vndocx.segment.closing import find_closing, is_appendix_start, parse_closing
from vndocx.segment.footnotes import split_footnotes, strip_marks
from vndocx.segment.header import date_below_body, parse_header
from vndocx.segment.numbering import mend_numbering
from vndocx.segment.pipe_tables import PipeTable, is_table_row, read_tables, split_pipe_row
from vndocx.segment.rows import Row, pages_to_rows, strip_markdown


@dataclass
class PlacedTable:
    """A table as placed in ``Segments.text``: the parsed table and, per data row, the
    offset of the row's line."""

    table: PipeTable
    row_offsets: list[int] = field(default_factory=list)


@dataclass
class Segments:
    """What the segment stage found: ``document``, the record being built, with its header and
    closing fields, section tree, footnotes and text written on it; and beside it the body as
    paragraphs (offsets into ``document.text``), the appendix tables, the warnings of this stage
    and where each part was read."""

    document: Document
    paragraphs: list[Paragraph]
    tables: list[PlacedTable]
    warnings: list[str] = field(default_factory=list)
    # (start, end, row): which row each stretch of ``text`` was read from, in text order
    placed_rows: list[tuple[int, int, Row]] = field(default_factory=list)
    # header and closing field name → the rows it was read from, with the part of each used
    sources: dict[str, list[tuple[Row, str]]] = field(default_factory=dict)


class _TextBuilder:
    """Accumulates ``Document.text`` line by line and hands out offsets; remembers the rows
    each line was read from."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.placed: list[tuple[int, int, Row]] = []

    def add(self, line: str, row: Row | None = None) -> int:
        start = self.length + (1 if self.parts else 0)
        self.parts.append(line)
        self.length = start + len(line)
        if row is not None:
            self.placed.append((start, self.length, row))
        return start

    def add_paragraph(self, paragraph: Paragraph) -> None:
        """Add a paragraph's text, setting its offsets and placing the rows it was joined from."""
        paragraph.start = self.add(paragraph.text)
        paragraph.end = paragraph.start + len(paragraph.text)
        bounds = [offset for offset, _ in paragraph.rows[1:]] + [len(paragraph.text)]
        for (offset, row), end in zip(paragraph.rows, bounds, strict=True):
            self.placed.append((paragraph.start + offset, paragraph.start + end, row))

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


# an annex's own title line: "PHỤ LỤC", "Phụ lục II" (not a mention: "(Phụ lục chi tiết kèm theo)")
_OWN_ANNEX = re.compile(r"^\s*(?:PH[UỤ]\s+L[UỤ]C\b|Ph[uụ]\s+l[uụ]c(?:\s+[IVXLC\d]+)?\s*$)")
_HEAD_ROWS = 8  # an attached document's own header and title: its "Phụ lục" mentions are no annex


def _annex_start(rows: list[Row]) -> int:
    """Index of the row of ``rows`` (an attached document) that opens its first annex ("Phụ lục
    I"), past the document's own header; ``len(rows)`` when it has none."""
    seen = 0
    for i, row in enumerate(rows):
        if row.blank:
            continue
        seen += 1
        if seen > _HEAD_ROWS and _OWN_ANNEX.match(fold_space(strip_markdown(row.text))):
            return i
    return len(rows)


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


def _paragraphs(rows: list[Row], marks: set[str]) -> tuple[list[str], list[list[tuple[int, Row]]]]:
    """The paragraphs of ``rows`` with footnote marks stripped, and for each the rows it was
    joined from with their offsets (moved back by the marks stripped before them)."""
    texts, traces = [], []
    for joined, trace in traced_join([r for r in rows if not is_table_row(r)]):
        text = strip_marks(joined, marks)
        if text != joined:
            trace = _shifted(joined, text, trace)
        texts.append(text)
        traces.append(trace)
    return texts, traces


def _shifted(before: str, after: str, trace: list[tuple[int, Row]]) -> list[tuple[int, Row]]:
    """``trace`` (offsets into ``before``) as offsets into ``after``, a copy of ``before`` with a few
    characters (footnote marks) taken out: each offset less the characters dropped before it."""
    from difflib import SequenceMatcher

    dropped = [(i2, i2 - i1) for tag, i1, i2, _, _ in SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
               if tag != "equal"]
    return [(max(0, min(len(after), offset - sum(n for end, n in dropped if end <= offset))), row)
            for offset, row in trace]


def _traced_body(texts: list[str], traces: list[list[tuple[int, Row]]]) -> Body:
    body = build_body(texts)
    for paragraph, trace in zip(body.paragraphs, traces, strict=True):
        paragraph.rows = trace
    return body


def segment(pages: list[Page], document: Document | None = None) -> Segments:
    """Split a document's pages into its standard parts, written on ``document`` (a new
    ``Document`` when None) and returned with the rest of the stage's findings (see ``Segments``)."""
    document = document if document is not None else Document(source="")
    rows = pages_to_rows(pages)
    header = parse_header(rows, document)
    date_below_body(rows, header.end, document, header)
    warnings = list(header.warnings)
    closing_at = find_closing(rows, header.end)
    if closing_at is not None:
        closing = parse_closing(rows, closing_at, document)
        body_rows, after = rows[header.end:closing_at], rows[closing.end:]
    else:
        closing = None
        end = _body_end(rows, header.end)
        body_rows, after = rows[header.end:end], rows[end:]

    warnings += _doubtful_fields(rows[: header.end], document, ("doc_type", "number", "symbol", "issuer",
                                 "parent_issuer", "place", "date", "subject", "recipients"))
    if closing is not None:
        warnings += _doubtful_fields(rows[closing.start:closing.end], document, ("distribution", "signer"))
        warnings += closing.warnings
    body_rows, notes = split_footnotes(body_rows)
    after, late_notes = split_footnotes(after)  # notes printed after the signature (DOCX, some PDFs)
    notes += late_notes
    marks = {n.mark for n in notes}
    table_rows = [r for r in body_rows if is_table_row(r)]
    warnings += mend_numbering(body_rows)
    body = _traced_body(*_paragraphs(body_rows, marks))
    attached = Body()
    if closing is not None and attached_document(after):
        # a plan or regulation issued with the decision: its assignments are the document's too
        # up to its own annexes (PHỤ LỤC: forms and tables), which are read as the main body's are
        end = _annex_start(after)
        warnings += mend_numbering(after[:end])
        attached = _traced_body(*_paragraphs(after[:end], marks))
        after = [r for r in after if is_table_row(r)]

    out = _TextBuilder()
    for row in rows[: header.end]:
        if not row.blank:
            out.add(row.clean, row)
    for paragraph in body.paragraphs:
        out.add_paragraph(paragraph)
    if closing is not None:
        for row in rows[closing.start:closing.end]:
            if not row.blank:
                out.add(row.clean, row)
    for paragraph in attached.paragraphs:
        out.add_paragraph(paragraph)

    appendix_rows = [r for r in table_rows + after if not r.blank]
    appendix = [fold_space(strip_markdown(r.text)) if not is_table_row(r) else r.text.strip() for r in appendix_rows]
    tables = read_tables(appendix)
    placed: list[PlacedTable] = []
    first_rows = {t.rows[0].line if t.rows else -1: t for t in tables}
    emitted: set[int] = set()
    for index, line in enumerate(appendix):
        table = first_rows.get(index)
        if table is not None and id(table) not in emitted:
            emitted.add(id(table))
            out.add("| " + " | ".join(table.columns) + " |")
            placed.append(PlacedTable(table, [out.add("| " + " | ".join(r.cells.values()) + " |", appendix_rows[r.line])
                                            for r in table.rows]))
        if not line.startswith("|"):
            out.add(line, appendix_rows[index])
    for note in notes:
        out.add(f"{note.mark} {note.text}")

    document.sections = body.sections + attached.sections
    document.footnotes = notes
    document.text = out.text()
    return Segments(
        document=document,
        paragraphs=body.paragraphs + attached.paragraphs,
        tables=placed,
        warnings=warnings,
        placed_rows=out.placed,
        sources={**header.sources, **(closing.sources if closing else {})},
    )


__all__ = ["Paragraph", "PlacedTable", "Row", "Segments", "segment", "split_pipe_row"]
