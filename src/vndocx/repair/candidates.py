"""What a written token could have been: the syllables it may stand for, with the log-probability
of seeing that token when the syllable was meant.

Text without diacritics: every syllable of the model's vocabulary with the same letters once the
marks are gone ("tinh" → tỉnh, tình, tinh, tính, …), the likeliest few by unigram probability.
OCR without Vietnamese data: the learned confusion model of :mod:`vndocx.repair.ocr_channel`.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import numpy as np

from vndocx.lang.syllables import strip
from vndocx.repair.lm import SPECIALS, LanguageModel, load

MAX_CANDIDATES = 10
# Candidates far less frequent than the commonest reading of the same letters are seldom chosen;
# dropping them keeps the lattice small (natural-log unigram margin) unless the corpus has them
# often enough to matter in their contexts ("theo dõi" next to "đối", "đổi").
UNIGRAM_MARGIN = 5.0
KEEP_COUNT = 100


class StrippedTable:
    """Stripped spelling (lowercase ASCII) → candidate ids (syllables and other words of the
    model, such as HĐND), likeliest first."""

    def __init__(self, lm: LanguageModel) -> None:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, word in enumerate(lm.vocab):
            if i >= len(SPECIALS):
                groups[strip(word)].append(i)
        logp = np.asarray(lm.unigram_logp, dtype=np.float32)
        count = np.asarray(lm.unigram_count)
        self.table: dict[str, np.ndarray] = {}
        for key, ids in groups.items():
            ids.sort(key=lambda i: -logp[i])
            best = logp[ids[0]]
            kept = [i for i in ids if logp[i] >= best - UNIGRAM_MARGIN or count[i] >= KEEP_COUNT]
            self.table[key] = np.array(kept[:MAX_CANDIDATES], dtype=np.int64)

    def get(self, key: str) -> np.ndarray | None:
        """Candidate ids for a lowercase ASCII spelling, or None when no syllable is spelled so."""
        return self.table.get(key)


@lru_cache(maxsize=1)
def stripped_table() -> StrippedTable:
    """The table of the default model (built once, on first use)."""
    return StrippedTable(load())


# Digits and symbols OCR writes for letters, by the letter they most often stand for: only to
# find spellings near a garbled token; the confusion model scores the candidates.
_LOOKALIKE = str.maketrans({"6": "o", "0": "o", "9": "o", "4": "a", "3": "a", "1": "l", "8": "e",
                            "¢": "e", "©": "e", "€": "e",
                            "&": None, "@": None, "?": None, "’": None, "'": None})
FUZZY_KEYS = 40
OCR_MAX_CANDIDATES = 20  # garbled tokens have more readings worth the language model's look
EMISSION_MARGIN = 10.0  # candidates whose emission + unigram is this far below the best are dropped
MIN_EMISSION = -15.0  # a spelling this unlikely to be read as the token is no candidate


class OcrCandidates:
    """Lowercase OCR token → candidate ids and emission log-probabilities P(token | syllable),
    from the reading index, the same letters without marks, and near spellings."""

    def __init__(self, lm: LanguageModel) -> None:
        from vndocx.repair.ocr_channel import reading_index

        self.lm = lm
        self.index = reading_index()
        self.stripped = stripped_table()
        self.keys: dict[str, list[str]] = defaultdict(list)  # by first letter
        for key in self.stripped.table:
            self.keys[key[0]].append(key)
        self.logp = np.asarray(lm.unigram_logp, dtype=np.float32)
        self._cache: dict[tuple[str, bool], tuple[np.ndarray, np.ndarray] | None] = {}

    @lru_cache(maxsize=200_000)  # noqa: B019 - one instance per model, kept for the process
    def emission(self, sid: int, reading: str) -> float:
        """log P(reading | syllable ``sid``) under the confusion model."""
        return self.index.channel.align(self.lm.vocab[sid], reading)[0]

    def get(self, reading: str, near: bool = True) -> tuple[np.ndarray, np.ndarray] | None:
        """Candidates for a lowercase token, likeliest first, or None when nothing is near.
        ``near``: also look at spellings one or two edits away (not for capitals such as
        "VNPT", which are abbreviations far more often than misread words)."""
        cache_key = (reading, near)
        if cache_key in self._cache:
            return self._cache[cache_key]
        found: dict[int, float] = {}
        got = self.index.get(reading)
        if got is not None:
            found.update(zip(got[0].tolist(), got[1].tolist(), strict=True))
        keys = [strip(reading)] if strip(reading).isalpha() else []
        if near:
            from rapidfuzz import process
            from rapidfuzz.distance import Levenshtein

            spelled = strip(reading).translate(_LOOKALIKE)
            if spelled:
                keys += [k for k, _, _ in process.extract(spelled, self.keys.get(spelled[0], []),
                                                          scorer=Levenshtein.distance, limit=FUZZY_KEYS,
                                                          score_cutoff=2)]
        for spelling in keys:
            ids = self.stripped.get(spelling)
            if ids is None:
                continue
            for sid in ids.tolist():
                if sid not in found:
                    e = self.emission(sid, reading)
                    if e >= MIN_EMISSION:
                        found[sid] = e
        result = None
        if found:
            ids = np.array(list(found), dtype=np.int64)
            emit = np.array(list(found.values()), dtype=np.float32)
            total = emit + self.logp[ids]
            order = np.argsort(-total)
            order = order[total[order] >= total[order[0]] - EMISSION_MARGIN][:OCR_MAX_CANDIDATES]
            result = ids[order], emit[order]
        self._cache[cache_key] = result
        return result


@lru_cache(maxsize=1)
def ocr_candidates() -> OcrCandidates:
    """The OCR candidate generator of the default model (built on first use)."""
    return OcrCandidates(load())
