"""A second reading of the Nơi nhận list of a scan: the block in the left column, from the heading
"Nơi nhận:" down, beside the signature. Next to the signature and the seal, in print smaller than
the body's, Tesseract's page layout cuts the list into pieces: an item read as two letters
("- Như trên;" as "CN"), an item split into two lines, two items run into one, the heading itself
lost. Where a line of the zone was read unsurely, the zone is read again as one block of text,
which reads it item by item. A line of that reading replaces the first reading's lines at its
height when Tesseract is surer of it or when they are pieces of it, and is added where the first
reading has no line; anything else stays as read.

Where the heading was not read, the zone is the one facing the signer's first line ("TM. ỦY BAN
NHÂN DÂN", "GIÁM ĐỐC") if it holds the list's last item, "Lưu: …".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vndocx.ingest.layout import shifted
from vndocx.ingest.red_print import title_like
from vndocx.lang.genre import AUTHORITY_PREFIX
from vndocx.lang.text import fold_accents
from vndocx.pages import Line

Reader = Callable[[object], list[Line]]  # (crop) → its lines as one block, boxes in its pixels

_HEADING = re.compile(r"^\W*noi nhan\b", re.I)
_LAST_ITEM = re.compile(r"^\W*luu\b", re.I)
# The zone reaches this many heading heights below the heading: the longest lists measured.
DEPTH = 30
# The zone is read again only when a line of it was read with less confidence than this.
SURE = 85
# A line of the second reading counts when it has this confidence and this many letters.
LEAST_CONF, LEAST_LETTERS = 60, 3
# It replaces the first reading's lines at its height when it is this much surer than the best
# of them, or when they cover less than this share of its width (pieces of it) and it is not
# less sure than they are by more than the margin.
MARGIN, PIECES = 10, 0.8


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _zone(size: tuple[int, int], lines: list[Line]) -> tuple[int, int, int, int] | None:
    """The box of the Nơi nhận list on a page of ``size`` with ``lines``, or None."""
    width, height = size
    heading = next((ln for ln in lines if ln.bbox[0] < 0.5 * width
                    and _HEADING.match(fold_accents(ln.text.strip()))), None)
    if heading is not None:
        x0, top, _, y1 = heading.bbox
        h = y1 - top
        left = x0 - h
    else:
        signer = next((ln for ln in lines if ln.bbox[0] >= 0.4 * width and ln.bbox[1] >= 0.15 * height
                       and ln.text.strip().isupper()
                       and (title_like(ln.text.strip()) or AUTHORITY_PREFIX.match(ln.text.strip()))), None)
        if signer is None:
            return None
        _, top, _, y1 = signer.bbox
        h = y1 - top
        below = [ln for ln in lines if top - h <= ln.bbox[1] <= top + DEPTH * h and ln.bbox[2] < signer.bbox[0]]
        last = [ln for ln in below if _LAST_ITEM.match(fold_accents(ln.text.strip()))]
        if not last:
            return None
        left = min(ln.bbox[0] for ln in below) - h
    top, bottom = top - h / 2, min(height, top + DEPTH * h)
    # the signature's column: the first sure line right of the list's column
    right = min([0.6 * width, *(ln.bbox[0] - h / 2 for ln in lines
                                if ln.bbox[0] > left + 0.25 * width and top <= ln.bbox[1] < bottom
                                and (ln.conf or 0) >= LEAST_CONF and _letters(ln.text) >= LEAST_LETTERS)])
    return int(max(0, left)), int(max(0, top)), int(right), int(bottom)


def _shared(a: Line, b: Line) -> float:
    """The height ``a`` and ``b`` share when they stand side by side at one height (half the
    lower one's height or more), else 0."""
    shared = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
    least = min(a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1])
    beside = a.bbox[0] < b.bbox[2] and b.bbox[0] < a.bbox[2]
    return shared if beside and shared >= 0.5 * least else 0.0


def reread_recipients(image, lines: list[Line], page: int, read: Reader) -> tuple[list[Line], int]:
    """(the page's lines with the Nơi nhận list read again as one block where that reads it better,
    how many lines of the second reading went in); ``lines`` as they are when the page has no such
    list."""
    zone = _zone(image.size, lines)
    if zone is None:
        return lines, 0
    inside = [ln for ln in lines if zone[0] <= ln.bbox[0] < zone[2] and zone[1] <= ln.bbox[1] < zone[3]]
    if all((ln.conf or 0) >= SURE for ln in inside):
        return lines, 0  # every line of the list read surely: nothing to read again
    second = [shifted(ln, zone[0], zone[1], page) for ln in read(image.crop(zone))]
    # each line of the first reading faces the line of the second it shares most height with
    facing: dict[int, list[Line]] = {}
    for ln in lines:
        shares = [_shared(ln, new) for new in second]
        if shares and max(shares) > 0:
            facing.setdefault(shares.index(max(shares)), []).append(ln)
    dropped: set[int] = set()
    added: list[Line] = []
    for i, new in enumerate(second):
        if (new.conf or 0) < LEAST_CONF or _letters(new.text) < LEAST_LETTERS:
            continue
        there = facing.get(i, [])
        if any(ln.bbox[2] > zone[2] + (new.bbox[3] - new.bbox[1]) for ln in there):
            continue  # a line running on beyond the list's column (the body, the signer's side)
        if there:
            best = max(ln.conf or 0 for ln in there)
            pieces = sum(ln.bbox[2] - ln.bbox[0] for ln in there) < PIECES * (new.bbox[2] - new.bbox[0])
            if not (new.conf >= best + MARGIN or (pieces and new.conf >= best - MARGIN)):
                continue
        dropped.update(id(ln) for ln in there)
        added.append(new)
    kept = [ln for ln in lines if id(ln) not in dropped] + added
    return sorted(kept, key=lambda ln: (ln.bbox[1], ln.bbox[0])), len(added)
