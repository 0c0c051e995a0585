"""Locality names (provinces, wards, communes) as the model folder lists them (``places.tsv``,
written by the trainer from the ``vietnam-provinces`` package): a run of Capitalised words whose
letters without marks spell a listed name is restored as that name ("Hoa Vang" → "Hòa Vang"),
which the gazette, a national corpus, seldom prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from vndocx.lang.syllables import canonical, strip
from vndocx.repair.lm import LanguageModel, load

MAX_WORDS = 4  # the longest name looked up, in words


@dataclass(frozen=True)
class Places:
    """Stripped lowercase name (words joined by one space) → per word, the candidate ids the
    listed names with those letters give it (one id unless two names share the letters)."""

    names: dict[str, tuple[np.ndarray, ...]]

    def match(self, words: list[str]) -> tuple[int, tuple[np.ndarray, ...]] | None:
        """The longest listed name that ``words`` (Capitalised tokens, as written) start with:
        its length in words and its candidates; None when there is none of two words or more."""
        keys = [strip(w).lower() for w in words[:MAX_WORDS]]
        for n in range(len(keys), 1, -1):
            got = self.names.get(" ".join(keys[:n]))
            if got is not None:
                return n, got
        return None


def read_places(lm: LanguageModel, lines: list[str]) -> Places:
    """The table of ``lines`` ("key<TAB>name"); names with a word outside the model's vocabulary
    are left out."""
    by_key: dict[str, list[list[int]]] = {}
    for line in lines:
        key, _, name = line.partition("\t")
        ids = [lm.index.get(canonical(w.lower())) for w in name.split()]
        if not name or len(ids) != len(key.split()) or any(i is None for i in ids):
            continue
        by_key.setdefault(key, []).append(ids)  # type: ignore[arg-type]
    names = {key: tuple(np.array(sorted(set(col)), dtype=np.int64) for col in zip(*found, strict=True))
             for key, found in by_key.items()}
    return Places(names)


@lru_cache(maxsize=1)
def places() -> Places | None:
    """The locality table of the default model, or None when its folder has none."""
    from vndocx.repair.paths import model_dir

    path = model_dir() / "places.tsv"
    if not path.exists():
        return None
    return read_places(load(), path.read_text(encoding="utf-8").splitlines())
