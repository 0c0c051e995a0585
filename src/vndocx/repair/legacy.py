"""The legacy 8-bit Vietnamese encodings still found in government files — TCVN3 (ABC fonts,
``.VnTime``), VNI and VISCII — as they arrive: bytes read as Windows-1252 or Latin-1, i.e.
mojibake such as "TiÕng ViÖt" (TCVN3) or "Tieáng Vieät" (VNI) for "Tiếng Việt".

The byte tables are data (``vndocx/data/legacy_*.tsv``); :func:`encode` produces the mojibake
from Unicode (what the tests round-trip through) and :func:`decode` turns it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

ENCODINGS = ("tcvn3", "vni", "viscii")


@dataclass(frozen=True)
class Legacy:
    """One legacy encoding: Unicode letter → mojibake string, and the way back."""

    name: str
    to_legacy: dict[str, str]
    from_legacy: dict[str, str]
    pattern: re.Pattern[str]

    def decode(self, text: str) -> str:
        """``text`` with every mojibake sequence of this encoding replaced by its letter."""
        return self.pattern.sub(lambda m: self.from_legacy[m.group()], text)


def _read(name: str) -> list[tuple[str, bytes]]:
    path = resources.files("vndocx") / "data" / f"legacy_{name}.tsv"
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            letter, hexes = line.split("\t")
            rows.append((letter, bytes(int(h, 16) for h in hexes.split())))
        except ValueError as err:
            raise ValueError(f"{path}:{n}: expected 'letter<TAB>hex bytes' ({err})") from None
    return rows


def _as_text(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


@cache
def table(name: str) -> Legacy:
    """The tables of one encoding (``tcvn3``, ``vni`` or ``viscii``)."""
    if name not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {name!r}; known: {', '.join(ENCODINGS)}")
    to_legacy: dict[str, str] = {}
    from_legacy: dict[str, str] = {}
    for letter, raw in _read(name):
        to_legacy[letter] = raw.decode("latin-1")
        for codec in ("cp1252", "latin-1"):  # a byte of 0x80-0x9F reads differently in each
            text = _as_text(raw, codec)
            if text is not None:
                from_legacy.setdefault(text, letter)
    keys = sorted(from_legacy, key=len, reverse=True)  # VNI: base + mark before a lone mark
    return Legacy(name, to_legacy, from_legacy, re.compile("|".join(map(re.escape, keys))))


def encode(text: str, name: str) -> str:
    """``text`` (NFC) written in a legacy encoding and read back as Latin-1: the mojibake a
    legacy file shows. Letters outside the encoding (capitals in TCVN3) are written in
    lowercase, as the capital fonts of TCVN3 expect."""
    legacy = table(name)
    out = []
    for ch in text:
        got = legacy.to_legacy.get(ch)
        if got is None and ch.lower() != ch:
            got = legacy.to_legacy.get(ch.lower())
        out.append(ch if got is None else got)
    return "".join(out)


def decode(text: str, name: str) -> str:
    """``text`` read as mojibake of a legacy encoding, converted to Unicode."""
    return table(name).decode(text)
