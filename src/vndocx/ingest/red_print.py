"""Print in red ink that belongs to the text: many offices stamp the signer's name, and often the
title ("PHÓ GIÁM ĐỐC"), in red beside the round seal. The page is read without its red ink
(``ocr.without_red_ink``: seals and receipt stamps are no text of the document), so those lines
are read apart, from the red ink alone, and kept only when they read as a person's name or a
signer's title — the seal's ring, its centre and the receipt stamp's words never do.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from vndocx.pages import Line

# A name or title is kept when Tesseract reads it at this mean confidence or above.
SURE = 75
# A mark of four letters or more that one band of red ink, read inside its frame, spells exactly
# is kept from this confidence: a worn stamp's letters ("KIIẨN" at 28) read unsure, yet no
# receipt stamp's or seal's words spell such a mark.
WORN_SURE = 25
# Signer's titles read from red ink must be this close (rapidfuzz ratio, marks aside) to one of
# the genre's titles.
TITLE_SIMILARITY = 90
# The signature block stands below the header: red ink above this share of the page height is
# a receipt stamp or a mark of urgency.
TOP_SHARE = 0.3

Reader = Callable[[object], list[Line]]  # (red-ink image) → its lines, boxes in its pixels


def red_layer(rgb, red_mask):
    """A greyscale page with only the red ink of ``rgb`` (a PIL RGB image) where ``red_mask``
    (numpy bool array) is true, dark on white paper (its green channel, in which red reads dark);
    everything else paper."""
    import numpy as np
    from PIL import Image

    a = np.asarray(rgb.convert("RGB"))
    out = np.full(a.shape[:2], 255, dtype=np.uint8)
    out[red_mask] = a[..., 1][red_mask]
    return Image.fromarray(out)


def name_like(text: str) -> bool:
    """Whether ``text`` reads as a person's name: two to five capitalised Vietnamese syllables,
    the first a family name (``surnames.tsv``: a name cut short, "Hoàng Anh" for "Lê Hoàng Anh",
    is no name)."""
    from vndocx.lang.rule_tables import load_surnames
    from vndocx.lang.syllables import is_syllable

    words = text.split()
    return (2 <= len(words) <= 5 and words[0] in load_surnames()
            and all(w[:1].isupper() and w[1:].islower() and w.isalpha() and is_syllable(w) for w in words))


def title_like(text: str) -> str | None:
    """The genre's signer's title ``text`` reads as, or None."""
    from rapidfuzz import fuzz, process

    from vndocx.lang.genre import AUTHORITY_PREFIX, SIGNER_TITLES
    from vndocx.lang.text import fold_accents

    def key(t: str) -> str:
        return re.sub(r"\W", "", fold_accents(t))

    if not text.isupper() or len(text.split()) < 2:
        return None
    prefix = AUTHORITY_PREFIX.match(text)
    body = text[prefix.end():] if prefix else text
    hit = process.extractOne(key(body), {t: key(t) for t in SIGNER_TITLES}, scorer=fuzz.ratio,
                             score_cutoff=TITLE_SIMILARITY)
    return (text[:prefix.end()] if prefix else "") + hit[2] if hit else None


def red_print_lines(layer, page: int, read: Reader) -> list[Line]:
    """The lines of red ink in ``layer`` (``red_layer``) below the header that read as a person's
    name or a signer's title, read by ``read``; boxes in the page's pixels."""
    import numpy as np

    a = np.asarray(layer)
    box = _red_box(a, int(TOP_SHARE * a.shape[0]), a.shape[0])
    if box is None:
        return []
    out = []
    for line in read(layer.crop(box)):
        if line.conf is None or line.conf < SURE:
            continue
        text = line.text.strip()
        if not name_like(text):
            text = title_like(text)
            if text is None:
                continue
        words = tuple(dataclasses.replace(w, bbox=_shift(w.bbox, box)) for w in line.words)
        out.append(Line(text=text, page=page, bbox=_shift(line.bbox, box), conf=line.conf, words=words))
    return out


def _red_box(a, top: int, bottom: int) -> tuple[int, int, int, int] | None:
    """The box (page pixels, a margin added) around the red ink of rows ``top:bottom`` of the
    layer array ``a``, or None when there is too little ink there to hold print."""
    ys, xs = (a[top:bottom] < 160).nonzero()
    if ys.size < 200:  # no red print there: a speck, a stamp's edge
        return None
    m = 20
    return (max(0, int(xs.min()) - m), top + max(0, int(ys.min()) - m),
            min(a.shape[1], int(xs.max()) + m), min(a.shape[0], top + int(ys.max()) + m))


def mark_of(text: str) -> str | None:
    """The urgency or confidentiality mark (``MARKS``, as printed) that ``text`` reads as, its
    marks and the stamp frame's rules aside ("|HOA TÓC|", "Ì KHẨN Ì", "KIEIẨN" → "HỎA TỐC", "KHẨN"), or None."""
    from vndocx.lang.genre import MARKS
    from vndocx.lang.text import fold_accents

    def key(t: str) -> str:
        # "II", "IEI": a worn stamp's H, its crossbar gone or read as a letter of its own ("KIEIẨN")
        words = re.sub(r"IE?I", "H", fold_accents(re.sub(r"[^\w\s]|_|\d", " ", t)).upper()).split()
        while words and len(words[0]) == 1:  # the frame's rules read as letters ("I", "Ì", "l")
            words.pop(0)
        while words and len(words[-1]) == 1:
            words.pop()
        return " ".join(words)

    return {key(m): m for m in reversed(MARKS)}.get(key(text))  # the first spelling of those alike


def _bands(a, gap: int = 15) -> list[tuple[int, int]]:
    """The (top, bottom) rows of the bands of ink in the layer array ``a``, parted by ``gap``
    or more rows without ink: stamps stacked one above the other."""
    inked = (a < 160).any(axis=1)
    bands, start, blank = [], None, 0
    for y, ink in enumerate(inked):
        if ink:
            start, blank = (y if start is None else start), 0
        elif start is not None:
            blank += 1
            if blank >= gap:
                bands.append((start, y - blank + 1))
                start, blank = None, 0
    if start is not None:
        bands.append((start, len(inked)))
    return bands


# A stamp's frame is cut off its band before the band is read as one line: this share of the
# band's width on each side, and of its height at the top and bottom.
FRAME_INSET = (0.1, 0.15)


def red_marks(layer, page: int, read_block: Reader, read_line: Reader) -> list[Line]:
    """The urgency and confidentiality marks stamped in red ink in the header ("HỎA TỐC", "KHẨN",
    "MẬT" in a red box, above ``TOP_SHARE`` of the page) of ``layer`` (``red_layer``): its red
    ink read as a block (``read_block``), and each band of it inside its frame as a line
    (``read_line``: Tesseract reads nothing, or debris, with the frame's rules beside the
    words); the lines that read as one of the genre's marks, as printed — the receipt stamp's
    and the seal's words never do. Boxes in the page's pixels."""
    import numpy as np

    a = np.asarray(layer)
    box = _red_box(a, 0, int(TOP_SHARE * a.shape[0]))
    if box is None:
        return []
    crops = [box]
    for top, bottom in _bands(a[box[1]:box[3], box[0]:box[2]]):
        ink = np.nonzero((a[box[1] + top:box[1] + bottom, box[0]:box[2]] < 160).any(axis=0))[0]
        x0, x1, y0, y1 = box[0] + int(ink.min()), box[0] + int(ink.max()) + 1, box[1] + top, box[1] + bottom
        dx, dy = int(FRAME_INSET[0] * (x1 - x0)), int(FRAME_INSET[1] * (y1 - y0))
        if x1 - x0 > 2 * dx and y1 - y0 > 2 * dy:
            crops.append((x0 + dx, y0 + dy, x1 - dx, y1 - dy))
    out: list[Line] = []
    for n, crop in enumerate(crops):
        for line in (read_block if n == 0 else read_line)(layer.crop(crop)):
            if (mark := _band_mark(line, whole_box=n == 0)) and mark not in {ln.text for ln in out}:
                words = tuple(dataclasses.replace(w, bbox=_shift(w.bbox, crop)) for w in line.words)
                out.append(Line(text=mark, page=page, bbox=_shift(line.bbox, crop), conf=line.conf, words=words))
    if not out:  # a stamp set at a slant in the margin ("HỎA TỐC" inked by hand): read it turned level
        for box, level in _slanted_stamps(a):
            for line in read_line(level):
                if mark := _band_mark(line, whole_box=False):
                    return [Line(text=mark, page=page, bbox=box, conf=line.conf)]
    return out


def _band_mark(line: Line, whole_box: bool) -> str | None:
    """The mark ``line`` reads as (``mark_of``), when read surely enough: ``SURE``, or for a mark of
    four letters or more read from one band of red ink, ``WORN_SURE``."""
    mark = mark_of(line.text)
    sure = SURE if whole_box or len(mark or "") < 4 else WORN_SURE
    return mark if mark and line.conf is not None and line.conf >= sure else None


# A stamp set at a slant: its ink leans this many degrees at least from level and from upright, runs
# this many times longer than it is wide (a round seal does not), and stands in the top half of the page.
SLANT, STAMP_ASPECT, SLANT_SHARE = 10, 1.5, 0.5


def _slanted_stamps(a) -> list[tuple[tuple[float, float, float, float], object]]:
    """For each cluster of red ink in the top half of the layer array ``a`` that is an elongated
    stamp set at a slant: its box (page pixels) and its crop turned level, both ways round (the
    ink's long side gives the slant, not which end is up)."""
    import cv2
    import numpy as np
    from PIL import Image

    ink = (a[: int(SLANT_SHARE * a.shape[0])] < 160).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(ink, np.ones((31, 31), np.uint8)))
    out = []
    for k in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[k])
        if w < 150 or h < 80:
            continue  # a speck, a stroke
        ys, xs = np.nonzero((labels[y:y + h, x:x + w] == k) & (ink[y:y + h, x:x + w] > 0))
        (_, _), (long, short), angle = cv2.minAreaRect(np.stack([xs, ys], axis=1).astype(np.float32))
        if long < short:
            long, short, angle = short, long, angle + 90
        if long < STAMP_ASPECT * max(short, 1.0) or not SLANT <= abs((angle + 90) % 180 - 90) <= 90 - SLANT:
            continue  # round (a seal), level (the header's own reading), or upright (a rule, a stroke)
        crop = Image.fromarray(a[y:y + h, x:x + w])
        for turn in (angle, angle + 180):
            out.append(((x, y, x + w, y + h), crop.rotate(turn, expand=True, fillcolor=255, resample=Image.BICUBIC)))
    return out


def _shift(bbox, box) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = bbox
    return (x0 + box[0], y0 + box[1], x1 + box[0], y1 + box[1])
