"""Unicode normalisation of one line of Vietnamese text: NFC, ``Ð`` read as ``Đ``, legacy 8-bit
encodings (TCVN3, VNI, VISCII mojibake) converted, glyph substitutions of PDF text layers
("PHÕNG" → "PHÒNG", "ƣ" → "ư", Cyrillic look-alikes) and OCR look-alike symbols inside words
("ngh¢" → "nghe", left for restoration to mark) undone.

Cheap and idempotent: a line of ASCII or of correct Vietnamese returns unchanged after a few
set operations; the legacy tables and the vocabulary load only when a suspicious character
appears.

    >>> normalize("Tie\\u0302\\u0301ng Vie\\u0323\\u0302t"), normalize("TiÕng ViÖt")
    ('Tiếng Việt', 'Tiếng Việt')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vndocx.lang.syllables import LETTERS, is_syllable
from vndocx.repair import legacy
from vndocx.repair.tokens import PUNCTUATION

# Letters some PDF fonts map to the wrong code point, always: ƣ (U+01A3, "oi") for ư.
_ALWAYS = str.maketrans({"ƣ": "ư", "Ƣ": "Ư"})
# Letters a broken font map may put in place of another, fixed only when the word becomes a
# known syllable: "PHÕNG" for "PHÒNG".
_MAYBE = {"Õ": "Ò", "õ": "ò"}
# Cyrillic capitals and small letters that look like Latin ones ("ВСТ" for "BCT").
_CYRILLIC = str.maketrans(dict(zip("АВСЕНІЈКМОРЅТХУаеіјорсухѕ", "ABCEHIJKMOPSTXYaeijopcyxs", strict=True)))
# Symbols OCR without Vietnamese data reads for marked letters ("Công ngh¢" for "Công nghệ"):
# inside a word they become the bare letter, for restoration to mark.
_OCR_SYMBOLS = {"¢": "e", "©": "e"}
_SUSPECT = frozenset(_MAYBE) | frozenset("ƣƢ") | frozenset(_OCR_SYMBOLS)


# VISCII puts six capitals on control codes (Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ).
_VISCII_CONTROLS = re.compile("[\x02\x05\x06\x14\x19\x1e]")


def _may_encode(chunk: str) -> bool:
    return bool(chunk) and (not chunk.isascii() or bool(_VISCII_CONTROLS.search(chunk)))


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Syllables attested in the model's vocabulary (falls back to the inventory)."""
    from vndocx.lang.syllables import inventory
    from vndocx.repair.paths import model_dir

    path = model_dir() / "vocab.txt"
    if not path.exists():
        return inventory()
    return frozenset(w for w in path.read_text(encoding="utf-8").split("\n") if w in inventory())


def _core(chunk: str) -> str:
    return chunk.strip(PUNCTUATION)


def _valid(core: str) -> bool:
    # a syllable in one case pattern: a wrong table gives "bÂng" (TCVN3 read for VISCII "bằng")
    cased = core.islower() or core.isupper() or (core[:1].isupper() and core[1:].islower())
    return bool(core) and cased and is_syllable(core)


def _count(chunks: list[str]) -> tuple[int, int]:
    """(chunks with non-ASCII letters, how many of them are valid syllables)."""
    n = valid = 0
    for chunk in chunks:
        core = _core(chunk)
        if core and _may_encode(core):
            n += 1
            valid += _valid(core)
    return n, valid


def _caps(chunks: list[str], converted: list[str]) -> list[str]:
    # TCVN3 capital fonts (.VnTimeH) draw the lowercase bytes as capitals: a converted word whose
    # ASCII letters are capitals ("CộNG") was written in capitals, and so was a one-letter word
    # ("X·") next to such a word.
    def caps(word: str) -> int:
        letters = [ch for ch in word if ch.isascii() and ch.isalpha()]
        return len(letters) if letters and all(ch.isupper() for ch in letters) else 0

    out = list(converted)
    for i, (old, new) in enumerate(zip(chunks, converted, strict=True)):
        n = caps(new)
        if old == new or not n:
            continue
        if n >= 2 or any(0 <= j < len(chunks) and caps(converted[j]) >= 2 for j in (i - 1, i + 1)):
            out[i] = new.upper()
    return out


@lru_cache(maxsize=1)
def _single_byte() -> frozenset[str]:
    """Characters that Windows-1252 or Latin-1 can show: all a mojibake line is made of."""
    chars = {chr(c) for c in range(256)}
    chars |= {bytes([c]).decode("cp1252", errors="ignore") for c in range(128, 160)}
    return frozenset(chars - {""})


@lru_cache(maxsize=1)
def _frequency() -> dict[str, float]:
    """log(1 + count) of every word of the model's vocabulary ({} without a model)."""
    from vndocx.repair.paths import model_dir

    folder = model_dir()
    if not (folder / "unigram_count.npy").exists():
        return {}
    import numpy as np

    counts = np.load(folder / "unigram_count.npy")
    words = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
    return dict(zip(words, np.log1p(counts).tolist(), strict=True))


def _convert_legacy(text: str) -> str:
    chunks = text.split(" ")
    _, valid_before = _count(chunks)
    best: tuple[float, list[str]] | None = None
    for name in legacy.ENCODINGS:
        table = legacy.table(name)
        converted = _caps(chunks, [table.decode(c) if _may_encode(c) else c for c in chunks])
        n_after, valid_after = _count(converted)
        gain = valid_after - valid_before
        if gain < 1 or valid_after < 0.75 * n_after:
            continue
        changed = [_core(c).lower() for c, o in zip(converted, chunks, strict=True) if c != o]
        # one word alone ("5 µm" would read "5 ộm") must become a word the corpus knows
        if gain == 1 and not any(word in _known() for word in changed):
            continue
        # Several tables may give valid words ("biªn" is TCVN3 "biên" and VISCII "biến"): the
        # reading whose words the corpus uses more wins.
        freq = _frequency()
        score = gain * 100 + sum(freq.get(word, -1.0) for word in changed)
        if best is None or score > best[0]:
            best = (score, converted)
    return text if best is None else " ".join(best[1])


def _fix_glyphs(text: str) -> str:
    text = text.translate(_ALWAYS)
    if not (set(text) & (frozenset(_MAYBE) | frozenset(_OCR_SYMBOLS))):
        return text
    chunks = text.split(" ")
    for i, chunk in enumerate(chunks):
        core = _core(chunk)
        if not core:
            continue
        if any(ch in _MAYBE for ch in core) and core.lower() not in _known():
            fixed = "".join(_MAYBE.get(ch, ch) for ch in core)
            if fixed.lower() in _known():
                chunks[i] = chunk.replace(core, fixed)
                continue
        if any(ch in _OCR_SYMBOLS for ch in core):
            letters = [ch for ch in core if ch not in _OCR_SYMBOLS]
            if letters and all(ch in LETTERS for ch in letters):
                chunks[i] = chunk.replace(core, "".join(_OCR_SYMBOLS.get(ch, ch) for ch in core))
    return " ".join(chunks)


def _fix_cyrillic(text: str) -> str:
    if not any(ch in LETTERS and ch.isalpha() for ch in text):  # Cyrillic text stays Cyrillic
        return text
    chunks = text.split(" ")
    for i, chunk in enumerate(chunks):
        cyrillic = [ch for ch in chunk if _is_cyrillic(ch)]
        if cyrillic and all(ord(ch) in _CYRILLIC for ch in cyrillic):
            chunks[i] = chunk.translate(_CYRILLIC)
    return " ".join(chunks)


# A colon between the capitals of a symbol after its number: no symbol has one, a hyphen it is.
_SYMBOL_COLON = re.compile(r"(\d/[A-ZĐ]{1,8}):(?=[A-ZĐ])")


def normalize(text: str) -> str:
    """Return ``text`` in NFC with ``Ð`` (U+00D0) read as ``Đ``, legacy-encoded words (TCVN3,
    VNI, VISCII read as Windows-1252/Latin-1) converted, PDF glyph substitutions and OCR
    look-alike symbols inside words fixed, and the hyphen of a document's symbol OCR read as a
    colon ("2855/QĐ:UBND" → "2855/QĐ-UBND"). Correct Unicode Vietnamese comes back unchanged."""
    if ":" in text:
        text = _SYMBOL_COLON.sub(r"\1-", text)
    if text.isascii() and not _VISCII_CONTROLS.search(text):
        return text
    text = unicodedata.normalize("NFC", text)
    chars = set(text)
    if chars <= _single_byte():  # all Windows-1252/Latin-1: legacy mojibake, or Vietnamese that fits
        text = _convert_legacy(text)
        chars = set(text)
    if "\u00d0" in chars:  # after the legacy tables, where Ð is VISCII's Đ
        text = text.replace("\u00d0", "Đ")
        chars = set(text)
    if chars & _SUSPECT:
        text = _fix_glyphs(text)
    if any(map(_is_cyrillic, chars)):
        text = _fix_cyrillic(text)
    return text
