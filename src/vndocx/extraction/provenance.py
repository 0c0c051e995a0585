"""Provenance (``Document.provenance``, ``Task.provenance``): the page, box and OCR confidence
of each value, from the ingested lines that the segmenter's rows carry.

A header or closing field knows the rows it was read from (``Segments.sources``); a task
knows its span in ``Document.text``, and ``Segments.placed_rows`` says which row every
stretch of the text came from. Boxes exist only for PDF text layers (points) and OCR'd
pages (pixels); text and DOCX input get the page alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vndocx.pages import BBox, Line, Page, Word
from vndocx.records import Provenance
from vndocx.segment import Row

_GEOMETRY = ("pdf", "ocr")  # page kinds whose line boxes are real positions on the page


def field_provenance(sources: Sequence[tuple[Row, str]], pages: list[Page]) -> Provenance | None:
    """The provenance of a field read from ``sources`` (rows, each with the part of its text
    used): the first row's page, the union box of the parts on that page and their mean OCR
    confidence; None when no source row carries its line."""
    parts = [(row.line, part) for row, part in sources if row.line is not None]
    if not parts:
        return None
    page = parts[0][0].page
    return _provenance(page, [_part_words(line, part) for line, part in parts if line.page == page], pages)


def span_provenance(span: tuple[int, int] | None, placed: Sequence[tuple[int, int, Row]],
                    pages: list[Page]) -> Provenance | None:
    """The provenance of the text at ``span`` in ``Document.text``: the page of its first line
    and the union box of its lines on that page; None when no placed row overlaps it."""
    if span is None:
        return None
    start, end = span
    lines = [row.line for a, b, row in placed if row.line is not None and a < max(end, start + 1) and b > start]
    if not lines:
        return None
    page = lines[0].page
    return _provenance(page, [(line, list(line.words)) for line in lines if line.page == page], pages)


def _provenance(page: int, parts: list[tuple[Line, list[Word]]], pages: list[Page]) -> Provenance:
    kind = next((p.kind for p in pages if p.number == page), "text")
    boxes = [_box(line, words) for line, words in parts] if kind in _GEOMETRY else []
    boxes = [b for b in boxes if b is not None]
    confs = [w.conf for _, words in parts for w in words if w.conf is not None]
    if not confs:
        confs = [line.conf for line, _ in parts if line.conf is not None]
    confidence = min(1.0, max(0.0, sum(confs) / len(confs) / 100)) if confs and kind == "ocr" else None
    return Provenance(page=max(1, page), bbox=_union(boxes) if boxes else None,
                      confidence=None if confidence is None else round(confidence, 3))


def _box(line: Line, words: list[Word]) -> BBox | None:
    return _union(w.bbox for w in words) if words else line.bbox


def _union(boxes: Iterable[BBox]) -> BBox:
    x0s, y0s, x1s, y1s = zip(*boxes, strict=True)
    return (round(min(x0s), 1), round(min(y0s), 1), round(max(x1s), 1), round(max(y1s), 1))


def _part_words(line: Line, part: str) -> tuple[Line, list[Word]]:
    """The line with those of its words that print ``part`` of its text: all of them when the
    part is the whole line or cannot be placed exactly."""
    words = list(line.words)
    tokens = part.split()
    texts = [w.text for w in words]
    if not tokens or not words or len(tokens) >= len(words):
        return line, words
    hits = [i for i in range(len(texts) - len(tokens) + 1) if texts[i:i + len(tokens)] == tokens]
    if len(hits) == 1:
        return line, words[hits[0]:hits[0] + len(tokens)]
    return line, words
