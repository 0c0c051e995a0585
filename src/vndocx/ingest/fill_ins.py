"""Numbers and days written by hand (or stamped) into the blanks of "Số: …/UBND-VX" and
"ngày … tháng … năm …": read a second time from their zone of the page, digits only, under
several binarisations, and kept when the readings agree on a plausible value. Tesseract's first
reading of handwriting is debris ("Số: €£/TB", "ngày 1Š tháng"), which would otherwise reach the
record."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from vndocx.ingest.base import Line

# The blank of the number: between "Số:" and the "/" of the symbol.
_NUMBER = re.compile(r"^(?P<lead>\W*S[ốoô6ó][\s.:;]*)(?P<fill>[^/]{0,14}?)(?P<rest>\s*/\s*[A-ZĐ].*)$")
# The blanks of the date: the day after "ngày", the month after "tháng".
_DAY = re.compile(r"(?P<lead>\bngày)(?P<fill>.{0,6}?)(?P<rest>\s*tháng\b.*)$")
_MONTH = re.compile(r"(?P<lead>\btháng)(?P<fill>.{0,5}?)(?P<rest>\s*năm\b.*)$")
_CLEAN = {"number": re.compile(r"^\s*\d{1,5}\s*$"), "day": re.compile(r"^\s*\d{1,2}\s*$"),
          "month": re.compile(r"^\s*\d{1,2}\s*$")}
_LIMITS = {"number": (1, 99999), "day": (1, 31), "month": (1, 12)}
THRESHOLDS = (110, 150, 190)  # binarisations voted over

Reader = Callable[[object], str]  # a crop → the digits Tesseract reads in it


def reread_fill_ins(image, lines: list[Line], read_digits: Reader) -> list[str]:
    """Mend, in place, the blanks of the number and date lines of ``lines`` (OCR'd from
    ``image``) whose first reading is not a clean value; returns what was mended, for warnings."""
    mended = []
    for line in lines:
        if not line.words or line.bbox is None:
            continue
        for field, pattern in (("number", _NUMBER), ("day", _DAY), ("month", _MONTH)):
            m = pattern.search(line.text)
            if not m or _CLEAN[field].match(m["fill"]) or (field == "number" and not m["fill"].strip()
                                                              and not _gap(line, m)):
                continue
            box = _zone(line, m)
            if box is None:
                continue
            value = _vote(image.crop(box), read_digits, field)
            if value is None:
                continue
            line.text = f"{line.text[:m.start('fill')].rstrip()} {value}{line.text[m.end('fill'):]}"
            if field == "number":
                line.text = line.text.replace(f"{m['lead'].rstrip()} {value}", f"{m['lead'].strip()} {value}", 1)
            mended.append(f"{field} {value}")
    return mended


def _gap(line: Line, m: re.Match[str]) -> bool:
    """Whether there is room between the lead word and the rest for a handwritten value."""
    box = _zone(line, m)
    return box is not None and box[2] - box[0] > 0.8 * (line.bbox[3] - line.bbox[1])


def _char_x(line: Line, offset: int) -> float | None:
    """The x position of character ``offset`` of ``line.text``, from its words' boxes."""
    pos = 0
    for word in line.words:
        start = line.text.find(word.text, pos)
        if start < 0:
            return None
        end = start + len(word.text)
        if start <= offset <= end:
            frac = (offset - start) / max(1, len(word.text))
            return word.bbox[0] + frac * (word.bbox[2] - word.bbox[0])
        pos = end
    return None


def _zone(line: Line, m: re.Match[str]) -> tuple[int, int, int, int] | None:
    x0, x1 = _char_x(line, m.end("lead")), _char_x(line, m.start("rest") + len(m["rest"]) - len(m["rest"].lstrip()))
    if x0 is None or x1 is None or x1 - x0 < 4:
        return None
    h = line.bbox[3] - line.bbox[1]
    return (int(x0) + 1, int(line.bbox[1] - 0.6 * h), int(x1) - 1, int(line.bbox[3] + 0.3 * h))


def _vote(crop, read_digits: Reader, field: str) -> str | None:
    gray = crop.convert("L")
    readings = []
    for t in THRESHOLDS:
        digits = re.sub(r"\D", "", read_digits(gray.point(lambda v, t=t: 255 if v > t else 0)))
        lo, hi = _LIMITS[field]
        if digits and lo <= int(digits[:6]) <= hi and len(digits) <= 5:
            readings.append(digits)
    if not readings:
        return None
    value, votes = Counter(readings).most_common(1)[0]
    # a day or month (1–31, 1–12) is taken on a majority; a number, which nothing bounds, only when all agree
    return value if votes >= (len(THRESHOLDS) if field == "number" else 2) else None



