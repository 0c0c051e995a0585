"""The last check on header and closing values before they go into the record: a value that
cannot be what its field holds (OCR debris: broken syllables, stray symbols, a stamp's words, a
number in a name) is set to null, with a warning naming the field — a field is right or empty,
never filled with debris.
"""

from __future__ import annotations

import re

from vndocx.lang.syllables import is_syllable, syllable_share
from vndocx.records import Document, Signer

# Words of stamps and marks that OCR puts where the issuer stands.
# ("KHẨN CẤP", emergency, is part of names: "Trung tâm Ứng cứu khẩn cấp …")
_STAMP_WORDS = re.compile(r"\b(?:CÔNG\s+VĂN\s+Đ[ẾE]N|Đ[ẾE]N\b|HỎA\s+TỐC|HOẢ\s+TỐC|KHẨN(?!\s+CẤP)|SAO\s+Y|BẢN\s+SAO|"
                          r"DỰ\s+THẢO)", re.I)
# A signer's title names an office ("PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG BAN", "BỘ TRƯỞNG").
_TITLE_WORDS = re.compile(r"CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TRƯỞNG|CHÁNH|THỦ\s+TƯỚNG|TỔNG\s+THƯ\s+KÝ|BÍ\s+THƯ|CHỦ\s+NHIỆM|"
                          r"ỦY\s+VIÊN|UỶ\s+VIÊN|VĂN\s+PHÒNG|HIỆU\s+TRƯỞNG|TỔNG\s+BIÊN\s+TẬP|THƯ\s+KÝ|KẾ\s+TOÁN", re.I)
# The day and month of a date line, whatever they hold.
_DAY_MONTH = re.compile(r"ngày\s*(?P<day>\S*?)\s*tháng\s*(?P<month>\S*?)\s*năm")


def _junk_date(raw: str) -> bool:
    """Whether the day or month of a date line is neither blank nor a plausible number ("ngày 1Š
    tháng", "ngày 42 tháng", "tháng# năm")."""
    m = _DAY_MONTH.search(raw)
    if not m:
        return False
    day, month = m["day"], m["month"].rstrip("/")
    return (bool(day) and not (day.isdecimal() and len(day) <= 2 and 1 <= int(day) <= 31)) or \
        (bool(month) and not (month.isdecimal() and len(month) <= 2 and 1 <= int(month) <= 12))


# tried only where a run of specks starts, so that a long run is scanned once
_TRAILING_SPECKS = re.compile(r"(?<![\s.,;:ˆ^`'\"|_~*#])[\s.,;:ˆ^`'\"|_~*#]+$")


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def _debris_text(text: str) -> bool:
    """Whether ``text`` is OCR debris rather than a line of Vietnamese: most of its words are no
    syllable (abbreviations left out, unless all is capitals), or it has hardly any letters."""
    share, words = syllable_share(text)
    if words == 0:
        share, words = syllable_share(text, capitals=True)
    letters = sum(c.isalpha() for c in text)
    return words == 0 or share < 0.5 or letters < 0.5 * len(text.replace(" ", ""))


def readable_name(text: str | None) -> bool:
    """Whether ``text`` can be a body's name: Vietnamese syllables (abbreviations allowed), no
    digits or slashes of a number, no stamp words."""
    if not text:
        return False
    if re.search(r"\d\s*/|#|\||/\s*[A-ZĐ]", text) or _STAMP_WORDS.search(text):
        return False
    words = _words(text)
    if not words:
        return False
    valid = sum(is_syllable(w) or (w.isupper() and 2 <= len(w) <= 6) for w in words)
    return valid / len(words) >= 0.8


def readable_person(text: str | None) -> bool:
    """Whether ``text`` can be a person's name: two to six capitalised Vietnamese syllables."""
    if not text:
        return False
    words = text.split()
    return (2 <= len(words) <= 6 and all(w[:1].isupper() and w.isalpha() and is_syllable(w) for w in words))


def clean_header(document: Document, warnings: list[str]) -> None:
    """Null, in place, the header and closing fields of ``document`` that are debris, each with
    a warning; trailing specks are trimmed from names first."""
    for name in ("issuer", "parent_issuer"):
        value = getattr(document, name)
        if value:
            value = _TRAILING_SPECKS.sub("", value)
            setattr(document, name, value if readable_name(value) else None)
            if getattr(document, name) is None:
                warnings.append(f"{name} unreadable ({value!r} is not a body's name): left empty")
    if document.date_raw:  # words typed together: "ngày 02tháng 5năm 2017"
        document.date_raw = re.sub(r"(?<=\d)(?=tháng|năm)|(?:(?<=ngày)|(?<=tháng))(?=\d)", " ", document.date_raw)
    if document.recipients:  # a dotted blank left for the addressee is no recipient
        document.recipients = [r for r in document.recipients if re.search(r"[^\W\d_]", r)]
    raw = document.date_raw
    if raw and document.date is None and _junk_date(raw):
        warnings.append(f"date unreadable ({raw!r}: the day or month is not legible): left empty")
        document.date_raw = None
    subject = document.subject
    if subject and _debris_text(subject):
        warnings.append(f"subject unreadable ({subject[:60]!r}): left empty")
        document.subject = None
    place = document.place
    if place and syllable_share(place, capitals=True)[0] < 0.5:
        warnings.append(f"place unreadable ({place!r}): left empty")
        document.place = None
    signer: Signer | None = document.signer
    if signer is None:
        return
    if signer.name and not readable_person(signer.name):
        warnings.append(f"signer's name unreadable ({signer.name!r}): left empty")
        signer.name = None
    if signer.title and not _TITLE_WORDS.search(signer.title):
        warnings.append(f"signer's title unreadable ({signer.title!r}): left empty")
        signer.title = None
    if not (signer.name or signer.title or signer.authority):
        document.signer = None
