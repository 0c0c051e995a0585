"""A second reading of the digits a scan's first page gives for the document's number ("Số: 123/…")
and day of issue ("…, ngày 14 tháng …"): the two places where offices write or stamp by hand
after printing, and where Tesseract, trained on print, reads handwriting as some other number
with no less assurance than a smudge.

A reading Tesseract is sure of stands. Any other is read again from its zone in several
binarisations (Otsu's threshold, lighter and darker than it, the grey crop enlarged) with
Tesseract restricted to digits, as a line and as a word. Where those readings do not agree, or
OCR read no digits at all (a written "171" comes back as "|J|"), the slot's zone — between
"Số:" and the symbol's "/", "ngày" and "tháng", "tháng" and "năm" — is read as handwriting
(``vndocx.ingest.handwriting``); unless every digit is read surely there, the digits are
replaced by "?" — the field reads as unreadable (null, with a warning) rather than as a wrong
number or day.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from vndocx.ingest.handwriting import Zone, read_slot
from vndocx.ingest.layout import run_line
from vndocx.lang.text import fold_accents
from vndocx.pages import Line, Word

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


def _slot_words(line: Line, width: float) -> list[int]:
    """Indexes of the words of ``line`` (on a page ``width`` wide) that read as the digits of the
    number of a "Số: …/…" line in the left column or of the day of a "…, ngày … tháng" line right
    of the left margin (possibly joined to "Số:" or "ngày"); what reads as other than digits is
    left to the header's parser, which reads it as unreadable."""
    words = line.words
    folded = [fold_accents(w.text) for w in words]
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


@dataclass(frozen=True)
class Slot:
    """Where a line of the header leaves room for digits written by hand: ``kind`` ("number",
    "day" or "month"), the words ``first``–``last`` (indexes) that hold the slot with the printed words
    around it, and the ``zone`` the digits stand in."""

    kind: str
    first: int
    last: int
    zone: Zone


# Widths of printed words against that of "tháng" on the date line, as measured on real headers
# (0.52–0.57 for "Số:", 0.83–0.85 for "ngày"): where OCR ran a handwritten slot into the word
# before it, the printed word ends there.
SO_WIDTH = 0.54
NGAY_WIDTH = 0.84
_MOST = {"day": 31, "month": 12}
_NAMES = {"number": "number", "day": "day of issue", "month": "month of issue"}
_SO_WORD = re.compile(r"^[\W_]*S[o6]\s*[:;.]?$", re.I)
_SO_START = re.compile(r"^[\W_]*S[o6]", re.I)
_PRINTED = re.compile(r"^[\W_]*(S[o6]|ngay|thang)", re.I)  # the printed word a slot's first word opens with


def _unit(lines: list[Line], top: float) -> tuple[float, float] | None:
    """(width, height) of the printed "tháng" of the date line among ``lines`` (above ``top``),
    the measure of the header's print, or None when OCR read none cleanly."""
    for line in lines:
        if line.bbox[1] > top:
            continue
        for w in line.words:
            if fold_accents(w.text).lower() == "thang" and (w.conf or 0) >= 80:
                return w.bbox[2] - w.bbox[0], w.bbox[3] - w.bbox[1]
    return None


def slots(line: Line, width: float, unit: tuple[float, float]) -> list[Slot]:
    """The slots of ``line`` (on a page ``width`` wide) for the document's number (between "Số:"
    and the symbol's "/", left column) and its day and month of issue (between "ngày" and "tháng",
    "tháng" and "năm", right of the left margin), measured with ``unit`` (``_unit``)."""
    words = line.words
    folded = [fold_accents(w.text) for w in words]
    out = []
    so = next((i for i, f in enumerate(folded[:2]) if _SO_START.match(f)), None)
    slash = next((i for i, f in enumerate(folded) if "/" in f), None)
    if so is not None and slash is not None and slash >= so and line.bbox[0] < 0.5 * width:
        start, end = words[so].bbox, words[slash].bbox
        x0 = start[2] if so < slash and _SO_WORD.match(folded[so]) else start[0] + SO_WIDTH * unit[0]
        clip = so < slash and folded[slash].startswith("/")
        x1 = end[0] if clip else end[0] + (end[2] - end[0]) * folded[slash].index("/") / len(folded[slash])
        if x1 > x0:
            out.append(Slot("number", so, slash, Zone(x0, x1, end[3] - unit[1], end[3], unit[1], clip)))
    if line.bbox[0] >= 0.25 * width:
        day = next((i for i, f in enumerate(folded) if i and f.lower().startswith("ngay")), None)
        month = next((i for i, f in enumerate(folded) if day is not None and i > day and f.lower().startswith("th")),
                     None)
        year = next((i for i, f in enumerate(folded) if month is not None and i > month and f.lower() == "nam"), None)
        for kind, at, until, printed, share in (("day", day, month, "ngay", NGAY_WIDTH),
                                                ("month", month, year, "thang", 1.0)):
            if at is None or until is None:
                continue
            w, after = words[at].bbox, words[until].bbox
            clean = folded[at].lower() == printed and w[2] - w[0] <= 0.95 * share * unit[0]
            x0 = w[2] if clean else w[0] + share * unit[0]
            if after[0] > x0:
                out.append(Slot(kind, at, until - 1, Zone(x0, after[0], after[1], after[3], unit[1])))
    return out


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


def _confirmed(image, word, read: Reader) -> bool:
    """Whether Tesseract's digits in ``word`` stand: read surely, or given back by most second
    readings of its zone in ``image``."""
    if word.conf is not None and word.conf >= SURE:
        return True
    digits = "".join(re.findall(r"\d", fold_accents(word.text).split("/")[0]))
    x0, y0, x1, y1 = (int(v) for v in word.bbox)
    m = max(4, (y1 - y0) // 2)
    crop = image.crop((max(0, x0 - m), max(0, y0 - m), min(image.width, x1 + m), min(image.height, y1 + m)))
    return _agreement(crop, digits, read) >= AGREEMENT


def _has_digits(words: list[Word], slot: Slot) -> bool:
    """Whether OCR read a word of digits in ``slot`` (the printed "Số:", "ngày" or "tháng" it
    opens with, and the symbol after the number's "/", left aside)."""
    for n, word in enumerate(words[slot.first:slot.last + 1]):
        text = _PRINTED.sub("", fold_accents(word.text)) if n == 0 else fold_accents(word.text)
        if slot.kind == "number":
            text = text.split("/")[0]
        if re.fullmatch(r"\d+", text.strip(".…_: ")):
            return True
    return False


def _written(words: list[Word], slot: Slot, digits: str, sure: float) -> list[Word]:
    """The words of ``slot`` rebuilt around the ``digits`` read there by hand: "Số:" and
    "<digits>/<symbol>", or "ngày" (or "tháng") and "<digits>"."""
    head, tail, z = words[slot.first], words[slot.last], slot.zone
    printed = {"number": "Số:", "day": "ngày", "month": "tháng"}[slot.kind]
    lead = Word(text=printed, bbox=(head.bbox[0], head.bbox[1], z.x0, head.bbox[3]), conf=head.conf)
    after = tail.text[tail.text.index("/"):] if slot.kind == "number" else ""
    right = tail.bbox[2] if after else z.x1
    read = Word(text=digits + after, bbox=(z.x0, min(z.y0, tail.bbox[1]), right, max(z.y1, tail.bbox[3])),
                conf=round(100 * sure, 1))
    return [*words[:slot.first], lead, read, *words[slot.last + 1:]]


def confirm_slots(image, lines: list[Line], page: int, read: Reader) -> tuple[list[Line], list[str]]:
    """``lines`` of page ``page`` (its greyscale ``image``) with the digits of the number and the
    day of issue that Tesseract did not read surely: those a second reading (``read``) confirms
    stand; else the digits written by hand in the slot (``handwriting.read_slot``) when they are
    read surely; else "?". Returns the lines and a warning for each digit not Tesseract's own."""
    import numpy as np

    unit = _unit(lines, HEADER_SHARE * image.height)
    gray = None
    out, warnings = [], []
    for line in lines:
        if line.bbox[1] > HEADER_SHARE * image.height or not line.words:
            out.append(line)
            continue
        words = list(line.words)
        read_digits = _slot_words(line, image.width)
        unconfirmed = {i for i in read_digits if not _confirmed(image, words[i], read)}
        by_hand = []
        for slot in slots(line, image.width, unit) if unit else []:
            held = range(slot.first, slot.last + 1)
            if _has_digits(words, slot) and not unconfirmed.intersection(held):
                continue  # Tesseract's digits stand
            if gray is None:
                gray = np.asarray(image.convert("L"))
            found = read_slot(gray, slot.zone, most=5 if slot.kind == "number" else 2)
            if found is not None and 1 <= int(found[0]) <= _MOST.get(slot.kind, 99999):
                by_hand.append((slot, found))
                unconfirmed -= set(held)
        for i in sorted(unconfirmed):
            word = words[i]
            head, sep, tail = word.text.partition("/")
            unread = re.sub(r"\d", "", re.sub(r"\d+", "?", head, count=1))
            words[i] = dataclasses.replace(word, text=unread + sep + tail)
            warnings.append(f"page {page}: {word.text!r} (number or day of issue) not confirmed by a second "
                            "reading of its zone (handwritten or stamped?): read as unreadable")
        for slot, (digits, sure) in reversed(by_hand):  # from the right: the slots to the left keep their indexes
            was = " ".join(w.text for w in words[slot.first:slot.last + 1])
            words = _written(words, slot, digits, sure)
            warnings.append(f"page {page}: {_NAMES[slot.kind]} read as written by hand: {digits!r} where OCR "
                            f"read {was!r} (least sure digit {sure:.2f})")
        out.append(run_line(words, page) if unconfirmed or by_hand else line)
    return out, warnings
