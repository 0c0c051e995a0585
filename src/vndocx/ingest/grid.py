"""Ruled tables in a page image: deskew the scan, find the long horizontal and vertical rules,
and give the grid of cells that OCR word boxes are then sorted into (column bands)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Search range and step of the deskew, in degrees; scans are rarely more than 2° off.
MAX_SKEW = 2.0
COARSE_STEP = 0.5
SKEW_STEP = 0.1
# A horizontal rule spans at least this share of the page width; a vertical one at least this
# share of the table's height.
MIN_RULE_WIDTH = 0.35
MIN_RULE_SPAN = 0.8
INK = 128
# After halving, a rule one or two pixels wide is a grey line: a lighter threshold keeps it.
HALF_SIZE_INK = 170


@dataclass
class Grid:
    """A ruled table: the y of each horizontal rule and the x of each vertical rule, in pixels
    of the deskewed image, top to bottom and left to right."""

    rows: list[int]
    columns: list[int]

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return (self.columns[0], self.rows[0], self.columns[-1], self.rows[-1])

    def cell_of(self, box: tuple[float, float, float, float]) -> tuple[int, int] | None:
        """(row, column) index of the cell holding the centre of ``box``, or None outside."""
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        r = int(np.searchsorted(self.rows, y)) - 1
        c = int(np.searchsorted(self.columns, x)) - 1
        if 0 <= r < len(self.rows) - 1 and 0 <= c < len(self.columns) - 1:
            return r, c
        return None


def _run_lengths(ink: np.ndarray) -> np.ndarray:
    """Length of the run of ink ending at each pixel, along axis 1."""
    filled = np.cumsum(ink, axis=1, dtype=np.int32)
    reset = np.maximum.accumulate(np.where(ink, 0, filled), axis=1)
    return filled - reset


def estimate_skew(gray) -> float:
    """Return the angle (degrees, PIL's counter-clockwise sense) that makes the text rows of a
    greyscale page image horizontal: the rotation whose row profile is sharpest, searched every
    ``COARSE_STEP`` degrees, then every ``SKEW_STEP`` around the best."""
    small = gray.reduce(4) if min(gray.size) > 800 else gray
    scores: dict[float, float] = {}

    def sharpness(angle: float) -> float:
        if angle not in scores:
            rotated = np.asarray(small.rotate(angle, fillcolor=255), dtype=np.uint8) < INK
            scores[angle] = float(np.var(rotated.sum(axis=1)))
        return scores[angle]

    def around(centre: float, reach: float, step: float) -> list[float]:
        n = round(reach / step)
        return [a for k in range(-n, n + 1) if abs(a := round(centre + k * step, 2)) <= MAX_SKEW]

    best = max(around(0.0, MAX_SKEW, COARSE_STEP), key=sharpness)
    best = max(around(best, COARSE_STEP, SKEW_STEP), key=sharpness)
    if not sharpness(best) > sharpness(0.0) * 1.01:
        return 0.0  # a blank or square-on page stays as it is
    # the vertex of the parabola through the best step and its neighbours
    left, mid, right = (sharpness(round(best + k * SKEW_STEP, 2)) for k in (-1, 0, 1))
    curve = left - 2 * mid + right
    shift = 0.5 * (left - right) / curve if curve < 0 else 0.0
    return round(best + max(-0.5, min(0.5, shift)) * SKEW_STEP, 3)


def deskew(gray, angle: float):
    """Return the greyscale page image turned ``angle`` degrees counter-clockwise about its
    centre (bilinear, white corners), as ``gray.rotate(angle, resample=2, fillcolor=255)``
    would, by OpenCV: a fifth of Pillow's time on a 300 dpi page, for the same pixels."""
    import cv2
    from PIL import Image

    cv2.setNumThreads(1)  # one core per worker: parallelism comes from pages and files
    pixels = np.asarray(gray, dtype=np.uint8)
    height, width = pixels.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return Image.fromarray(cv2.warpAffine(pixels, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=255))


def _positions(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-D mask."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.view(np.int8), [0]))))
    return list(zip(edges[::2], edges[1::2], strict=True))


def find_grids(gray) -> list[Grid]:
    """Ruled tables of a deskewed greyscale page image, top to bottom (coordinates in pixels
    of ``gray``). The search runs at half size: rules survive it, and it takes a quarter of the time."""
    half = gray.reduce(2)
    return [Grid(rows=[2 * y for y in g.rows], columns=[2 * x for x in g.columns]) for g in _find_grids(half)]


def _find_grids(gray) -> list[Grid]:
    ink = np.asarray(gray, dtype=np.uint8) < HALF_SIZE_INK
    width = ink.shape[1]
    long_rows = _run_lengths(ink).max(axis=1) >= MIN_RULE_WIDTH * width
    rules = [(a + b - 1) // 2 for a, b in _positions(long_rows)]
    grids: list[Grid] = []
    if len(rules) < 2:
        return grids  # no table: spare the column scan
    column_runs = _run_lengths(ink.T)  # run lengths down each pixel column
    start = 0
    while start < len(rules) - 1:
        # the rules of one table are joined by vertical rules: grow while the next gap is spanned
        end = start
        columns: list[int] = []
        while end + 1 < len(rules):
            top, bottom = rules[end], rules[end + 1]
            spanned = column_runs[:, bottom - 1] >= MIN_RULE_SPAN * (bottom - top)
            xs = [(a + b - 1) // 2 for a, b in _positions(spanned)]
            if len(xs) < 2:
                break
            columns = columns or xs
            end += 1
        if end > start and len(columns) >= 3:
            grids.append(Grid(rows=rules[start:end + 1], columns=columns))
        start = end + 1 if end > start else start + 1
    return grids


def erase_rules(gray, grids: list[Grid], thickness: int = 4):
    """Return a copy of the image with the grids' rules painted white, so OCR reads the cells
    without taking the rules for letters (``|``, ``l``, ``I``)."""
    pixels = np.array(gray, dtype=np.uint8)
    for grid in grids:
        x0, y0, x1, y1 = grid.bbox
        for y in grid.rows:
            pixels[max(0, y - thickness):y + thickness + 1, x0 - thickness:x1 + thickness + 1] = 255
        for x in grid.columns:
            pixels[y0 - thickness:y1 + thickness + 1, max(0, x - thickness):x + thickness + 1] = 255
    from PIL import Image

    return Image.fromarray(pixels)
