"""The signer's name as OCR reads it under a signature and a seal: the given names, printed clear
of the strokes, come out whole; the family name, where the signature starts and the seal's rim
falls, comes out as specks, a wrong mark or a letter short ("Lẽ", "Ngu#ễn", "*Phạn"). The family
names are a closed list (``data/surnames.tsv``), so a damaged one is mended when it can be only
one of them; any other damage leaves the name unread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from rapidfuzz.distance import Levenshtein

from vndocx.lang.rule_tables import load_surnames
from vndocx.lang.syllables import is_syllable

# Under this OCR confidence a given name is not trusted: it may be another syllable.
GIVEN_CONFIDENCE = 80
# A family name mended by its ending keeps at least this many of its letters.
_ENDING = 4
_SPECK = re.compile(r"^[\W_]*$|^\d+[\W_]*$")


def _fold(text: str) -> str:
    base = "".join(unicodedata.normalize("NFD", c)[0] for c in text)
    return base.replace("đ", "d").replace("Đ", "D").lower()


@cache
def _folded_surnames() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for name in load_surnames():
        table.setdefault(_fold(name), []).append(name)
    return table


def _one(names: set[str]) -> str | None:
    return names.pop() if len(names) == 1 else None


def mend_surname(token: str, conf: float | None = None) -> str | None:
    """The family name ``token`` (read at OCR confidence ``conf``) stands for: itself when it is
    one; else the one family name with the same letters but other marks (a sure reading only),
    one letter off (four letters or more), or ending in its last four letters or more; None
    when it can be none or several."""
    if token in load_surnames():
        return token
    letters = "".join(c for c in token if c.isalpha())
    if len(letters) < 2:
        return None
    folded = _fold(letters)
    table = _folded_surnames()
    if folded in table and (conf is None or conf >= GIVEN_CONFIDENCE):
        return _one(set(table[folded]))
    if len(folded) >= 4:
        near = {n for key, names in table.items() if Levenshtein.distance(folded, key) <= 1 for n in names}
        if near:
            return _one(near)
        ends = {n for key, names in table.items() if len(key) > _ENDING and folded.endswith(key[-_ENDING:])
                for n in names}
        return _one(ends)
    return None


def mend_name(words: Sequence[tuple[str, float | None]]) -> str | None:
    """A signer's name from the words of its line (text, OCR confidence): leading specks
    dropped, the family name mended (``mend_surname``), the given names taken as read when each
    is a capitalised Vietnamese syllable read with confidence; None when the line cannot be read
    as a name that way."""
    words = list(words)
    while words and _SPECK.match(words[0][0]):
        words.pop(0)
    if not 2 <= len(words) <= 5:
        return None
    first, *given = words
    for text, conf in given:
        if not (text[:1].isupper() and text[1:].islower() and text.isalpha() and is_syllable(text)):
            return None
        if conf is not None and conf < GIVEN_CONFIDENCE:
            return None
    surname = mend_surname(first[0], first[1])
    return " ".join([surname, *(text for text, _ in given)]) if surname else None
