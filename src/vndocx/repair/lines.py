"""Word counts of a line — marked syllables, plain (unmarked) spellings, garbled tokens — that
decide where restoration is needed and whether an OCR'd line was beyond repair. Its own module
because both the planner (``repair.py``) and the restorer (``restorer.py``) read them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vndocx.lang.syllables import has_diacritics, is_syllable
from vndocx.repair.tokens import kind, split


@dataclass
class LineStats:
    """Counts of the word tokens of one line."""

    marked: int = 0  # valid syllables with their marks
    plain: int = 0  # unmarked spellings of some syllable ("thuc", "cho")
    garbled: int = 0  # neither: "viéc", "thdang", "ciia", "S6"

    @property
    def words(self) -> int:
        """The word tokens counted."""
        return self.marked + self.plain + self.garbled

    @property
    def share(self) -> float:
        """Share of the words that are valid marked syllables (1.0 for a line without words)."""
        return self.marked / self.words if self.words else 1.0

    def add(self, other: LineStats) -> None:
        """Add another line's counts to these."""
        self.marked += other.marked
        self.plain += other.plain
        self.garbled += other.garbled


@lru_cache(maxsize=1)
def _plain_keys() -> frozenset[str]:
    from vndocx.repair.candidates import stripped_table

    return frozenset(stripped_table().table)


@lru_cache(maxsize=100_000)
def _word_class(tok: str) -> str:
    """``m`` marked syllable, ``p`` plain spelling of one, ``g`` garbled, ``-`` not counted."""
    k = kind(tok)
    lower = tok.lower()
    if k == "code":
        letters = sum(ch.isalpha() for ch in tok)
        return "g" if letters and len(tok) <= 6 and letters < len(tok) and not tok.isupper() else "-"
    if k != "word":
        return "-"
    if has_diacritics(lower):
        return "m" if is_syllable(lower) else "g"
    if lower in _plain_keys():
        return "p"
    if tok.isupper() or len(tok) == 1:  # abbreviations, initials
        return "-"
    return "g"


def line_stats(line: str) -> LineStats:
    """The word counts of one line."""
    stats = LineStats()
    for tok in split(line)[1::2]:
        c = _word_class(tok)
        if c == "m":
            stats.marked += 1
        elif c == "p":
            stats.plain += 1
        elif c == "g":
            stats.garbled += 1
    return stats
