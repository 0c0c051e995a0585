"""Splitting text into the tokens the language model sees, the same way for training and for
restoration.

A token is a run of non-space characters with the punctuation at either end peeled off. It is a
*word* (letters only: a syllable, an abbreviation, a name, a foreign word), a *number*, or a
*code* ("470_TBKL_NQ57", "57-NQ/TW", "VNPT-iGate"), which is never changed. What lies between
tokens is a separator: whitespace (nothing for the model), a comma or other punctuation inside a
sentence (a token of the model, ``<comma>`` or ``<punct>``), or the end of a phrase (full stop,
semicolon, colon, question or exclamation mark, a blank line). :func:`layout` places tokens and
punctuation in the model's sequence of phrases, the same way for training and restoration.

    >>> split("Số: 57-NQ/TW, ngày")
    ['', 'Số', ': ', '57-NQ/TW', ', ', 'ngày', '']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

from vndocx.lang.syllables import LETTERS

Kind = Literal["word", "number", "code"]

# Characters peeled off either end of a chunk; each one ends the phrase.
PUNCTUATION = "\"'“”‘’`´()[]{}<>«».,;:!?…*•·–—-=+|/\\_~^#$%§¶°"
_P = re.escape(PUNCTUATION)
_TOKEN = re.compile(rf"([^\s{_P}](?:\S*[^\s{_P}])?)")
_WORD = re.compile("[" + re.escape("".join(sorted(LETTERS))) + "]+")
_NUMBER = re.compile(r"\d+(?:[.,/:-]\d+)*%?")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


@dataclass(frozen=True, slots=True)
class Token:
    """A token of one line: ``text`` is ``line[start:end]``; ``phrase_start`` says a phrase
    boundary (punctuation, a blank line, the start of the text) comes before it."""

    start: int
    end: int
    text: str
    kind: Kind
    phrase_start: bool


def split(text: str) -> list[str]:
    """``text`` cut into separators and tokens: even items are the separators (possibly empty),
    odd items the tokens, and ``"".join`` gives the text back."""
    return _TOKEN.split(text)


def kind(token: str) -> Kind:
    """Whether a token is a word, a number or a code."""
    if _WORD.fullmatch(token):
        return "word"
    if _NUMBER.fullmatch(token):
        return "number"
    return "code"


# Separator codes: whitespace, end of phrase, comma, other punctuation inside a phrase.
SPACE, BREAK, COMMA, PUNCT = 0, 1, 2, 3
# Long phrases are cut: at punctuation past SOFT_PHRASE positions, anywhere past HARD_PHRASE
# (scanned tables without full stops would otherwise make one endless phrase, and the search runs
# one step per position of the longest phrase).
SOFT_PHRASE, HARD_PHRASE = 32, 64
_ENDS = frozenset(".!?;:…")


def separator(sep: str) -> int:
    """What a separator is to the model: SPACE, the end of a phrase (BREAK), or a punctuation
    token inside the phrase (COMMA, PUNCT)."""
    if "\u2029" in sep:  # a paragraph separator: between the texts of a list restored at once
        return BREAK
    if sep.isspace() or not sep:
        return BREAK if _BLANK_LINE.search(sep) else SPACE
    chars = set(sep)
    if chars & _ENDS:
        return BREAK
    if "," in chars:
        return COMMA
    return PUNCT


@dataclass(frozen=True)
class Layout:
    """Where the tokens of a text and the punctuation between them sit in the model's
    sequence of positions, and how the positions fall into phrases."""

    token_pos: np.ndarray  # position of each token
    punct_pos: np.ndarray  # positions of the punctuation tokens
    punct_code: np.ndarray  # COMMA or PUNCT for each of them
    lengths: np.ndarray  # phrase lengths, in positions, in order
    token_first: np.ndarray  # whether each token is the first position of its phrase

    @property
    def size(self) -> int:
        """The number of positions."""
        return int(self.lengths.sum())


def layout(codes: np.ndarray) -> Layout:
    """The layout of tokens given the separator code before each of them (:func:`separator`;
    the first token always starts a phrase)."""
    import numpy as np

    n = len(codes)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Layout(empty, empty, empty, empty, np.zeros(0, dtype=bool))
    brk = codes == BREAK
    brk[0] = True
    inserted = (codes >= COMMA) & ~brk  # punctuation inside a phrase takes a position
    token_pos = np.arange(n) + np.cumsum(inserted)
    size = int(token_pos[-1]) + 1
    punct_pos = token_pos[inserted] - 1
    starts = np.zeros(size, dtype=bool)
    starts[token_pos[brk]] = True
    first_pos = np.flatnonzero(starts)
    lengths = np.diff(np.append(first_pos, size))
    # A long phrase is cut after its first comma (or other punctuation) past SOFT_PHRASE
    # positions; what is still longer, every HARD_PHRASE positions.
    for a, n_pos in zip(first_pos[lengths > SOFT_PHRASE].tolist(), lengths[lengths > SOFT_PHRASE].tolist(),
                        strict=True):
        piece = a
        lo, hi = np.searchsorted(punct_pos, [a, a + n_pos - 1])
        for p in punct_pos[lo:hi].tolist():
            if p + 1 - piece >= SOFT_PHRASE:
                starts[p + 1] = True
                piece = p + 1
    phrase = np.cumsum(starts) - 1
    first_pos = np.flatnonzero(starts)
    offset = np.arange(size) - first_pos[phrase]
    starts |= offset % HARD_PHRASE == 0
    first_pos = np.flatnonzero(starts)
    lengths = np.diff(np.append(first_pos, size))
    return Layout(token_pos, punct_pos, codes[inserted].astype(np.int64), lengths, starts[token_pos])


def case_neutral(sep: str) -> bool:
    """Whether a capital after this separator says nothing about the word: after punctuation
    (list items "- Họp", "+ Sở", brackets), which local documents follow with a capital wherever
    it sits in a phrase. After spaces or a line break a capital is evidence of a name or a title
    word (counting line breaks too lost 0.04 to 0.2 points on the gazette)."""
    return not (sep.isspace() or not sep)


def is_break(sep: str) -> bool:
    """Whether a separator ends the phrase."""
    return separator(sep) == BREAK


def tokenize(line: str, phrase_start: bool = True) -> tuple[list[Token], bool]:
    """Return the tokens of one line and whether a phrase boundary is open at its end (the line
    ended with a phrase end, or had no token). ``phrase_start`` says whether the previous line
    left a boundary open. (Punctuation inside a phrase is not returned; see :func:`split`.)"""
    parts = split(line)
    out: list[Token] = []
    boundary = phrase_start
    pos = 0
    for i, part in enumerate(parts):
        if i % 2 == 0:
            boundary = boundary or is_break(part)
        else:
            out.append(Token(pos, pos + len(part), part, kind(part), boundary))
            boundary = False
        pos += len(part)
    return out, boundary or not out
