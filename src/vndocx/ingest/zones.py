"""A second reading of the digits a scan's first page gives for the document's number ("Số: 123/…")
and day of issue ("…, ngày 14 tháng …"): the two places where offices write or stamp by hand
after printing, and where Tesseract, trained on print, reads handwriting as some other number
with no less assurance than a smudge.

A reading Tesseract is sure of stands. Any other is read again from its zone in several
binarisations (Otsu's threshold, lighter and darker than it, the grey crop enlarged) with
Tesseract restricted to digits, as a line and as a word; unless most of those readings give the
same digits, the digits are replaced by "?" — the field reads as unreadable (null, with a
warning) rather than as a wrong number or day.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable

from vndocx.ingest.layout import run_line
from vndocx.pages import Line

# A word read at this confidence or above is taken as printed and read right.
SURE = 85
# Share of the second readings that must give the first reading's digits for it to stand.
AGREEMENT = 0.7
# The number and the date line stand in the header: the top of the page.
HEADER_SHARE = 0.4

_DIGITS = "-c tessedit_char_whitelist=0123456789"
_NUMBER_LINE = re.compile(r"^\W*S[o6]\s*[:;.]?", re.I)  # accent-folded: "Số", "Sô", "S6"
_DAY_WORD = re.compile(r"^ngay(?P<rest>\S*)$", re.I)

Reader = Callable[[object, str], str]  # (crop, Tesseract options) → the digits read


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text).replace("đ", "d").replace("Đ", "D")


def _slot_words(line: Line, width: float) -> list[int]:
    """Indexes of the words of ``line`` (on a page ``width`` wide) that read as the digits of the
    number of a "Số: …/…" line in the left column or of the day of a "…, ngày … tháng" line right
    of the left margin (possibly joined to "Số:" or "ngày"); what reads as other than digits is
    left to the header's parser, which reads it as unreadable."""
    words = line.words
    folded = [_fold(w.text) for w in words]
    text = " ".join(folded)
    if _NUMBER_LINE.match(text) and "/" in text and line.bbox[0] < 0.5 * width:
        out = []
        for i, f in enumerate(folded):
            head = f.split("/")[0]
            if i == 0:
                head = _NUMBER_LINE.sub("", head)
            if re.fullmatch(r"\d+", head.strip(".…_ ")):
                out.append(i)
            if "/" in f or i >= 2:
                break
        return out
    if line.bbox[0] < 0.25 * width:  # a line of the body, not the header's right column
        return []
    for i, f in enumerate(folded):
        m = _DAY_WORD.match(f)
        if not m or i == 0:  # the date line's day follows its place
            continue
        if m["rest"]:  # "ngày22": the day joined to the word
            after = folded[i + 1] if i + 1 < len(folded) else ""
            return [i] if re.fullmatch(r"\d+", m["rest"]) and after.lower().startswith("th") else []
        if i + 2 < len(folded) and re.fullmatch(r"\d+", folded[i + 1]) and folded[i + 2].lower().startswith("th"):
            return [i + 1]
        return []
    return []


def _variants(crop) -> list:
    """The crop in several binarisations: grey, Otsu's threshold, 30 levels lighter and darker
    than it, and the grey crop enlarged twice."""
    import numpy as np
    from PIL import Image

    a = np.asarray(crop.convert("L"))
    hist = np.bincount(a.ravel(), minlength=256).astype(float)
    weight, mass = np.cumsum(hist), np.cumsum(hist * np.arange(256))
    between = (mass[-1] * weight - mass * weight[-1]) ** 2 / (weight * (weight[-1] - weight) + 1e-9)
    t = int(np.argmax(between))
    binary = [Image.fromarray(((a > min(255, max(0, t + d))) * 255).astype(np.uint8)) for d in (0, 30, -30)]
    return [crop, *binary, crop.resize((crop.width * 2, crop.height * 2), Image.LANCZOS)]


def _agreement(crop, digits: str, read: Reader) -> float:
    """Share of the second readings of ``crop`` (each variant, as a line and as a word) that give
    ``digits``."""
    readings = [read(v, f"--psm {psm} {_DIGITS}") for v in _variants(crop) for psm in (7, 8)]
    return sum(r == digits for r in readings) / len(readings)


def confirm_slots(image, lines: list[Line], page: int, read: Reader) -> tuple[list[Line], list[str]]:
    """``lines`` of page ``page`` (its greyscale ``image``) with the digits of the number and the
    day of issue that a second reading (``read``) does not confirm replaced by "?", and a warning
    for each."""
    out, warnings = [], []
    for line in lines:
        if line.bbox[1] > HEADER_SHARE * image.height or not line.words:
            out.append(line)
            continue
        words = list(line.words)
        changed = False
        for i in _slot_words(line, image.width):
            word = words[i]
            digits = "".join(re.findall(r"\d", _fold(word.text).split("/")[0]))
            if word.conf is not None and word.conf >= SURE:
                continue
            x0, y0, x1, y1 = (int(v) for v in word.bbox)
            m = max(4, (y1 - y0) // 2)
            crop = image.crop((max(0, x0 - m), max(0, y0 - m), min(image.width, x1 + m), min(image.height, y1 + m)))
            if _agreement(crop, digits, read) >= AGREEMENT:
                continue
            head, sep, tail = word.text.partition("/")
            unread = re.sub(r"\d", "", re.sub(r"\d+", "?", head, count=1))
            words[i] = dataclasses.replace(word, text=unread + sep + tail)
            changed = True
            warnings.append(f"page {page}: {word.text!r} (number or day of issue) not confirmed by a second "
                            "reading of its zone (handwritten or stamped?): read as unreadable")
        out.append(run_line(words, page) if changed else line)
    return out, warnings
