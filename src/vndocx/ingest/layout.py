"""Geometry helpers shared by the PDF and OCR readers: words → lines → column runs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from statistics import median

from vndocx.lang.text import fold_space
from vndocx.pages import SUPERSCRIPT_DIGITS, BBox, Line, Word

# A gap between neighbouring words wider than this many word heights parts two columns of one
# row (issuer | national motto, Nơi nhận | signer): far wider than a justified word space.
COLUMN_GAP = 2.5


def union(boxes: Iterable[BBox]) -> BBox:
    """Return the smallest box holding all ``boxes``."""
    xs0, ys0, xs1, ys1 = zip(*boxes, strict=True)
    return (min(xs0), min(ys0), max(xs1), max(ys1))


def group_rows(words: Sequence[Word], tolerance: float = 0.5) -> list[list[Word]]:
    """Group words into visual rows: a word joins a row when its vertical centre lies within
    ``tolerance`` × the row's median height of the row's centre. Rows come top to bottom,
    words left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0])):
        centre = (word.bbox[1] + word.bbox[3]) / 2
        if rows:
            row = rows[-1]
            row_centre = median((w.bbox[1] + w.bbox[3]) / 2 for w in row)
            height = median(w.bbox[3] - w.bbox[1] for w in row)
            if abs(centre - row_centre) <= tolerance * height:
                row.append(word)
                continue
        rows.append([word])
    return [sorted(row, key=lambda w: w.bbox[0]) for row in rows]


def split_runs(row: Sequence[Word], gap: float) -> list[list[Word]]:
    """Split a row of words where the horizontal gap between neighbours exceeds ``gap``:
    side-by-side columns (issuer | national motto, Nơi nhận | signer) become separate runs."""
    runs: list[list[Word]] = [[row[0]]]
    for prev, word in itertools.pairwise(row):
        if word.bbox[0] - prev.bbox[2] > gap:
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs


def words_to_lines(words: Sequence[Word], page: int, gap_factor: float = COLUMN_GAP) -> list[Line]:
    """Turn positioned words into lines in reading order (top to bottom, then left to right).

    A row is split into runs at gaps wider than ``gap_factor`` × the median word height,
    far wider than a justified word space, so each side of a two-column block is its own line.
    """
    if not words:
        return []
    height = median(w.bbox[3] - w.bbox[1] for w in words)
    return [run_line(run, page) for row in group_rows(words) for run in split_runs(row, gap_factor * height)]


def run_line(run: Sequence[Word], page: int) -> Line:
    """Return the Line of a run of words in reading order: their text, box and mean confidence."""
    confs = [w.conf for w in run if w.conf is not None]
    return Line(
        text=" ".join(w.text for w in run),
        page=page,
        bbox=union(w.bbox for w in run),
        conf=sum(confs) / len(confs) if confs else None,
        words=tuple(run),
    )


def table_row_text(cells: Sequence[str | None]) -> str:
    """Render a table row as one pipe-delimited line, the form text input uses for tables."""
    return "| " + " | ".join(fold_space(c or "") for c in cells) + " |"


def inside(box: BBox, boxes: Iterable[BBox]) -> bool:
    """Whether the centre of ``box`` lies in one of ``boxes``."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


# The digits footnote marks are written in, whatever the reader (PDF sizes, DOCX references).
_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


def superscript(mark: str) -> str:
    """A footnote mark in superscript digits, the form every reader gives marks in ("12" → "¹²")."""
    return mark.translate(_SUPERSCRIPT)
