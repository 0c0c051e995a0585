"""Text helpers of the Vietnamese genre: whitespace folding, accents, tone placement, the
lookup key of a name.

    >>> fold_space("  Sở   Tài chính\\n")
    'Sở Tài chính'
    >>> strip_accents("Đồng Tháp"), fold_accents("Đồng Tháp")
    ('Dong Thap', 'Dong Thap')
    >>> modern_tones("Uỷ ban"), old_tones("hóa")
    ('Ủy ban', 'hoá')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# An open "oa", "oe", "uy" syllable with its tone mark on the second vowel ("hoá", "Uỷ"), in
# decomposed text; "quý" keeps its tone on the y.
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([aeyAEY])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])")
# The same syllable with its tone on the first vowel ("hóa").
_NEW_TONE = re.compile(r"(?<![qQ])([oOuU])([\u0300\u0301\u0303\u0309\u0323])([aeyAEY])(?![\w\u0300-\u036f])")
_WORD = re.compile(r"\w+|[^\w\s]")
# The letters OCR reads for the strokes of one digit, and only that digit ("II" for 11, "1Š" for
# 15; not "B", which may be 8 or 13), once accents are folded; a bare rule ("|", "!") is a 1 only
# as a day's tens, where no other digit is one stroke (as units it may be the stem of a 4 or a 7).
_STROKES = str.maketrans({"I": "1", "l": "1", "O": "0", "o": "0", "S": "5"})
_BARE_STROKE = str.maketrans({"|": "1", "!": "1"})


def fold_space(text: str) -> str:
    """Return ``text`` with runs of whitespace collapsed to one space, trimmed."""
    return " ".join(text.split())


def strip_accents(text: str) -> str:
    """Return ``text`` without diacritics, ``đ`` read as ``d`` (the key fuzzy matching compares)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_accents(text: str) -> str:
    """Return ``text`` with its diacritics stripped keeping one output character per input
    character (``đ``→``d``), so offsets in the folded text are offsets in the original."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append("d" if base == "đ" else "D" if base == "Đ" else base)
    return "".join(out)


def stroke_digits(slot: str) -> str | None:
    """The one or two digits of a day or month that OCR read, in whole or in part, as the
    letters of their strokes ("II" → "11", "1Š" → "15", "|O" → "10"), or None."""
    read = fold_accents(re.sub(r"[.…_ \-]", "", slot)).translate(_STROKES)
    if len(read) == 2:
        read = read[0].translate(_BARE_STROKE) + read[1]
    return read if read.isascii() and read.isdigit() and len(read) <= 2 else None


def modern_tones(text: str) -> str:
    """Return ``text`` with the tone of open "oa/oe/uy" syllables on the first vowel, the
    spelling the tables use ("Uỷ ban" → "Ủy ban", "Hoá" → "Hóa"); "quý" is left alone."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return text if moved == decomposed else unicodedata.normalize("NFC", moved)


def old_tones(token: str) -> str:
    """Return the other tone placement of an open "oa/oe/uy" syllable ("hóa" → "hoá"), NFC."""
    decomposed = unicodedata.normalize("NFD", token)
    moved = _NEW_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """Return the lookup key of a name: NFC, modern tone placement, dashes unified, whitespace
    folded (also around punctuation), case folded."""
    text = modern_tones(unicodedata.normalize("NFC", text)).replace("–", "-").replace("—", "-")
    return " ".join(_WORD.findall(text)).casefold()
