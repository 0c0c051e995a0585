"""Appendix tables read as rows with named columns.

Every reader renders a table row as one pipe-delimited line (``| 1 | 101_TBKL | … |``):
pdfplumber's table finder and DOCX tables do so in ingest, and text input writes tables that
way. Rows whose first cell is empty continue the row above (a row broken by a page break).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vndocx.lang.text import fold_space
from vndocx.segment.rows import Row

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = re.compile(r"^[\s|:\-]+$")


@dataclass
class PipeRow:
    """One data row: cells by column name, and the index of the text line it came from."""

    cells: dict[str, str]
    line: int


@dataclass
class PipeTable:
    """A table read from pipe rows: its column names (the first row) and its data rows."""

    columns: list[str]
    rows: list[PipeRow] = field(default_factory=list)


def split_pipe_row(text: str) -> list[str]:
    """Cells of a pipe-delimited row, whitespace folded."""
    return [fold_space(c) for c in text.strip().strip("|").split("|")]


def is_table_row(row: Row) -> bool:
    """True for a row rendering a table row."""
    return row.table is not None or bool(_PIPE_ROW.match(row.text))


def read_tables(lines: list[str]) -> list[PipeTable]:
    """Tables from consecutive pipe rows of ``lines`` (indices kept); the first row of a table
    names its columns, and a repeated header row on a later page is skipped."""
    tables: list[PipeTable] = []
    current: PipeTable | None = None
    for index, line in enumerate(lines):
        if not _PIPE_ROW.match(line):
            if line.strip():
                current = None if current is None or not _is_page_debris(line) else current
            continue
        if _SEPARATOR.match(line):
            continue
        cells = split_pipe_row(line)
        if current is None or (len(cells) != len(current.columns) and not tables):
            if tables and len(cells) == len(tables[-1].columns):
                current = tables[-1]  # a table continued after page debris
                if cells == current.columns:
                    continue
            else:
                current = PipeTable(columns=cells)
                tables.append(current)
                continue
        if cells == current.columns:
            continue  # header repeated on the next page
        padded = (cells + [""] * len(current.columns))[: len(current.columns)]
        row = dict(zip(current.columns, padded, strict=True))
        if current.rows and not padded[0] and any(padded):
            previous = current.rows[-1].cells
            for key, value in row.items():
                if value:
                    previous[key] = fold_space(f"{previous[key]} {value}")
            continue
        current.rows.append(PipeRow(cells=row, line=index))
    return tables


def _is_page_debris(line: str) -> bool:
    return bool(re.match(r"^\s*\d{1,3}\s*$", line))
