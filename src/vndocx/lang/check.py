"""Does a text read as Vietnamese? The share of its words that are Vietnamese syllables, with
their diacritics or with all of them stripped (``vndocx.lang.syllables`` holds the syllables).

Foreign text, OCR garbage and the wrong file are not failures — the record is kept — but the
pipeline's extract stage adds a warning so the reader knows not to trust the fields.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

_WORD = re.compile(r"[^\W\d_]+")

# A text is judged only when it has at least MIN_WORDS words, and flagged when fewer than
# MIN_SHARE of them are Vietnamese syllables (Vietnamese prose with abbreviations and names
# scores > 0.9, a page OCR'd without Vietnamese data about 0.7; English or French prose about
# 0.3, because "the", "in", "a" are Vietnamese syllables too). At most MAX_WORDS words are
# read: enough for a stable share.
MIN_WORDS = 20
MIN_SHARE = 0.5
MAX_WORDS = 3000


@lru_cache(maxsize=1)
def _stripped_inventory() -> frozenset[str]:
    from vndocx.lang.syllables import inventory, strip

    return frozenset(strip(s) for s in inventory())


@lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """True when ``word`` is one Vietnamese syllable, spelt with its diacritics or without any."""
    from vndocx.lang.syllables import inventory

    lower = word.lower()
    return lower in inventory() or lower in _stripped_inventory()


def vietnamese_share(text: str) -> tuple[float, int]:
    """Return (share of words that are Vietnamese syllables, number of words read) for ``text``;
    at most the first MAX_WORDS words are read."""
    words = [m.group() for m in islice(_WORD.finditer(text), MAX_WORDS)]
    if not words:
        return 0.0, 0
    return sum(map(is_syllable, words)) / len(words), len(words)


def language_warning(text: str) -> str | None:
    """A warning when ``text`` does not read as Vietnamese, else None (also for short texts)."""
    share, count = vietnamese_share(text)
    if count < MIN_WORDS or share >= MIN_SHARE:
        return None
    return f"the text does not read as Vietnamese: only {share:.0%} of its {count} words are Vietnamese syllables"
