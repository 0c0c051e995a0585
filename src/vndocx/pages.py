"""The page/line representation every reader produces and every later stage reads.

Coordinates are in PDF points for PDF text layers and in pixels for OCR, origin top-left;
``bbox`` is ``(x0, top, x1, bottom)``. Text readers have no geometry (``bbox is None``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BBox = tuple[float, float, float, float]
PageKind = Literal["text", "pdf", "ocr", "docx"]


# OCR words and lines under this confidence (0–100, Tesseract's scale) are kept but flagged.
LOW_CONFIDENCE = 60.0
# A footnote mark in a line's text is written in these (readers turn raised digits into them).
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

@dataclass(frozen=True, slots=True)
class Word:
    """One word with its box; ``conf`` is Tesseract's 0–100 confidence, or None."""

    text: str
    bbox: BBox
    conf: float | None = None


@dataclass(slots=True)
class Line:
    """One line of text in reading order.

    ``table``/``row`` say which table (index into ``Page.tables``) and row a line renders,
    for DOCX and PDF tables; body stages skip such lines and read the table instead.
    """

    text: str
    page: int
    bbox: BBox | None = None
    conf: float | None = None
    words: tuple[Word, ...] = ()
    table: int | None = None
    row: int | None = None
    repaired: bool = False  # the repair stage restored this line's diacritics


@dataclass(slots=True)
class PageTable:
    """A table as rows of cell strings (``None`` for a merged/empty cell)."""

    rows: list[list[str | None]]
    page: int
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class SignatureInfo:
    """One digital signature of a file: who signed and when (ISO 8601), and its printed stamp."""

    signed_by: str | None
    signed_at: str | None
    raw: str | None = None


@dataclass(slots=True)
class Page:
    """One page: its lines in reading order, its tables, and how it was read."""

    number: int
    kind: PageKind
    lines: list[Line] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    warnings: list[str] = field(default_factory=list)
    # printed signature stamps ("Ký bởi: … Thời gian ký: …"), kept out of ``lines``
    stamps: list[str] = field(default_factory=list)
    # the file's digital signatures, earliest first (on the first page only)
    signatures: list[SignatureInfo] = field(default_factory=list)
