"""The gazetteer's names (``data/bodies.tsv``) as the segmenter uses them: to read an issuer
line OCR damaged out of capitals, and to put back the marks OCR read wrong in a listed name
inside a Nơi nhận item or a Kính gửi recipient ("Sở Thông tin và Truyện thông")."""

from __future__ import annotations

import re
from functools import cache

from vndocx.lang.rule_tables import load_bodies
from vndocx.lang.text import fold_accents, modern_tones

# Words a listed name must have for its letters, marks aside, to be taken for it: a shorter one
# ("Ban", "Sở Y tế") is as often another word with other marks.
LEAST_WORDS = 3
_WORD = re.compile(r"\w+")


def bare_key(text: str) -> str:
    """``text`` as its words' letters, marks and case aside, one space apart."""
    return " ".join(_WORD.findall(fold_accents(text).casefold()))


@cache
def listed_names(authorities: bool = False) -> dict[str, str]:
    """The names of ``LEAST_WORDS`` words or more of ``bodies.tsv`` (bodies and their other
    spellings; with ``authorities``, the offices that issue documents too), by their ``bare_key``."""
    kinds = ("body", "alias", "authority") if authorities else ("body", "alias")
    return {bare_key(row.name): row.name for row in load_bodies()
            if row.kind in kinds and len(row.name.split()) >= LEAST_WORDS}


def _as_printed(printed: str, listed: str) -> str:
    """The word ``listed`` in the case of ``printed`` (the same letters, marks aside)."""
    return "".join(b.upper() if a.isupper() else b.lower() for a, b in zip(printed, listed, strict=True))


@cache
def _longest() -> int:
    return max((len(k.split()) for k in listed_names(authorities=True)), default=0)


def mend_marks(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with each run of its words that spells a listed name, marks aside, given that
    name's marks (each word keeps its printed case, and a tone placed the old way, "Uỷ", stays),
    and the (printed, mended) words changed."""
    names = listed_names(authorities=True)
    longest = _longest()
    words = list(_WORD.finditer(text))
    keys = [bare_key(w.group()) for w in words]
    out, changes, last, i = [], [], 0, 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), LEAST_WORDS - 1, -1):
            name = names.get(" ".join(keys[i:i + n]))
            if name is None:
                continue
            for printed, listed in zip(words[i:i + n], _WORD.findall(name), strict=True):
                word = printed.group()
                if len(word) != len(listed) or modern_tones(word).casefold() == listed.casefold():
                    continue
                mended = _as_printed(word, listed)
                out.append(text[last:printed.start()] + mended)
                last = printed.end()
                changes.append((word, mended))
            i += n - 1
            break
        i += 1
    return "".join(out) + text[last:], changes


def mend_items(items: list[str], where: str) -> tuple[list[str], list[str]]:
    """The list ``items`` (Kính gửi's or Nơi nhận's, named ``where`` in the warnings) with
    ``mend_marks`` applied to each, and a warning for each word it changed."""
    out, warnings = [], []
    for item in items:
        item, changed = mend_marks(item)
        out.append(item)
        warnings += [f"{where}: {a!r} read as {b!r}, the marks of a listed body's name" for a, b in changed]
    return out, warnings
