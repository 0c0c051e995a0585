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
    top = int(TOP_SHARE * a.shape[0])
    ys, xs = np.nonzero(a[top:] < 160)
    if ys.size < 200:  # no red print there: a speck, a stamp's edge
        return []
    m = 20
    box = (max(0, int(xs.min()) - m), top + max(0, int(ys.min()) - m),
           min(a.shape[1], int(xs.max()) + m), min(a.shape[0], top + int(ys.max()) + m))
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


def _shift(bbox, box) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = bbox
    return (x0 + box[0], y0 + box[1], x1 + box[0], y1 + box[1])
