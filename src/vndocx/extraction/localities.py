"""The country's localities from the ``vietnam-provinces`` package: the 34 provinces and
centrally-run cities and the 3,321 communes, wards and special zones after the 2025 merger.

The gazetteer uses them to read the locality after a body ("Ủy ban nhân dân xã …",
"Sở Tài chính tỉnh …") and to put back the official spelling of a place whose marks OCR damaged
or dropped. The package (2025.10) lists the current units only: the former provinces and
districts (before the merger) are not in it and stay in ``data/bodies.tsv``.
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz, process

from vndocx.lang.syllables import is_syllable
from vndocx.lang.text import key, strip_accents

_WARD_UNITS = {"xã": "xã", "phường": "phường", "đặc khu": "đặc khu"}
_CITY = re.compile(r"^(?:Thành\s+phố|Tỉnh)\s+", re.I)
_FUZZY_CUTOFF = 90.0


@cache
def provinces() -> tuple[str, ...]:
    """The names of the provinces and centrally-run cities as a locality prints them after
    "tỉnh"/"thành phố" ("Gia Lai", "Hà Nội"); () when the package is not installed."""
    try:
        from vietnam_provinces import Province
    except ImportError:  # pragma: no cover - a declared dependency
        return ()
    return tuple(sorted(_CITY.sub("", p.name) for p in Province.iter_all()))


@cache
def wards() -> dict[str, dict[str, str]]:
    """{unit ("xã", "phường", "đặc khu"): {key of the name: the name as spelt officially}}, the
    name without its unit ("Ia Hrú" for "Xã Ia Hrú")."""
    try:
        from vietnam_provinces import Ward
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    out: dict[str, dict[str, str]] = {unit: {} for unit in _WARD_UNITS.values()}
    for ward in Ward.iter_all():
        unit = str(ward.division_type.value)
        name = re.sub(rf"^{re.escape(unit)}\s+", "", ward.name, flags=re.I)
        out.setdefault(unit, {})[key(name)] = name
    return out


@cache
def _bare(unit: str) -> dict[str, str | None]:
    """{name without marks: its spelling}, None where two spellings share the bare form."""
    table: dict[str, str | None] = {}
    for name in wards().get(unit, {}).values():
        bare = strip_accents(key(name))
        table[bare] = name if table.get(bare, name) == name else None
    return table


def ward_spelling(unit: str, printed: str) -> str | None:
    """The official spelling of the commune, ward or special zone ``printed`` after ``unit``
    ("xã", "phường", "đặc khu"): the name itself when it is one, else the one name it is an
    OCR-damaged or unmarked form of ("Ia Hru" → "Ia Hrú"); None when it names none or could
    be several."""
    unit = " ".join(unit.split()).lower()
    names = wards().get(unit)
    if not names or not printed.strip():
        return None
    exact = names.get(key(printed))
    if exact:
        return exact
    bare_table = _bare(unit)
    bare = strip_accents(key(printed))
    if bare in bare_table:
        return bare_table[bare]
    if all(is_syllable(word) for word in key(printed).split()):
        return None  # well-formed words a letter off a ward's name: a former commune, no damaged one
    best = process.extract(bare, bare_table.keys(), scorer=fuzz.ratio, limit=2, score_cutoff=_FUZZY_CUTOFF)
    if not best or re.findall(r"\d+", bare) != re.findall(r"\d+", best[0][0]):
        return None
    if len(best) > 1 and best[0][1] - best[1][1] < 3.0:
        return None
    return bare_table[best[0][0]]
