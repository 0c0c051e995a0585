"""Geometry helpers shared by the PDF and OCR readers: words → lines → column runs."""

from __future__ import annotations

import dataclasses
import itertools
import re
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


def shifted(line: Line, dx: float, dy: float, page: int) -> Line:
    """``line`` (read from a crop) with its box and its words' boxes moved by (dx, dy) into the
    page's pixels, on ``page``, its text stripped."""
    def shift(b: BBox) -> BBox:
        return (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)

    return Line(text=line.text.strip(), page=page, bbox=shift(line.bbox), conf=line.conf,
                words=tuple(dataclasses.replace(w, bbox=shift(w.bbox)) for w in line.words))


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


# A cell line that opens an item of a list ("- Tổ chức …", "+ …", "• …").
BULLET_LINE = re.compile(r"^\s*[-–+•]\s")
# Lines of one entry stand a leading apart; a gap wider than this many line heights parts two.
ENTRY_GAP = 1.2


def _blocks(lines: Sequence[Line]) -> list[list[Line]]:
    """The lines of a cell in runs parted by a vertical gap wider than ``ENTRY_GAP`` line heights."""
    height = median(ln.bbox[3] - ln.bbox[1] for ln in lines)
    blocks = [[lines[0]]]
    for prev, line in itertools.pairwise(lines):
        if line.bbox[1] - prev.bbox[3] > ENTRY_GAP * height:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def stacked_rows(cells: Sequence[Sequence[Line]]) -> list[list[list[Line]]]:
    """The logical rows of one ruled row whose cells stack several entries side by side: a
    cell of "- " items beside a cell whose entries stand apart, each level with the items it
    belongs to (the owners of a schedule's items: "Văn phòng, Công đoàn" level with the first
    items, "Phòng BCVT; Văn phòng" lower, level with the last). Each entry takes the items from
    the last one opening at or above its top; every other cell spans all the logical rows and is
    repeated in each. Returns ``[cells]`` (lines top to bottom) when the row is no such stack."""
    cells = [sorted(c, key=lambda ln: ln.bbox[1]) for c in cells]
    listed = [i for i, c in enumerate(cells) if sum(bool(BULLET_LINE.match(ln.text)) for ln in c) >= 2]
    if len(listed) != 1:
        return [cells]
    items = cells[listed[0]]
    starts = [k for k, ln in enumerate(items) if BULLET_LINE.match(ln.text)]
    height = median(ln.bbox[3] - ln.bbox[1] for ln in items)
    cuts: tuple[int, ...] | None = None
    stacks: dict[int, list[list[Line]]] = {}
    for i, cell in enumerate(cells):
        if i == listed[0] or len(cell) < 2 or len(blocks := _blocks(cell)) < 2:
            continue
        found = tuple(max((k for k in starts if items[k].bbox[1] <= b[0].bbox[1] + height / 2), default=0)
                      for b in blocks[1:])
        if cuts is not None and found != cuts:
            return [cells]
        cuts, stacks[i] = found, blocks
    if cuts is None or any(b <= a for a, b in itertools.pairwise((starts[0], *cuts))):
        return [cells]  # no stacked cell, or an entry level with no item of its own
    bounds = [0, *cuts, len(items)]
    return [[items[bounds[n]:bounds[n + 1]] if i == listed[0] else stacks[i][n] if i in stacks else list(cell)
             for i, cell in enumerate(cells)] for n in range(len(bounds) - 1)]
