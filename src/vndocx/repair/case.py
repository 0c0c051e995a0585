"""Capitalisation as evidence: a word written with a capital in the middle of a phrase is more
likely a name or a title word ("Gia Lai", "Bộ", "Sở") than a common word ("giá", "lại", "bổ").
The model keeps, per word, how often the corpus writes it in lowercase and Capitalised away
from phrase starts."""

from __future__ import annotations

import numpy as np

from vndocx.repair.lm import LanguageModel

LOWER, TITLE = 0, 1
# Pseudo-count pulling each word's case distribution toward the corpus average.
SMOOTHING = 2.0


def case_class(token: str) -> str:
    """``l`` lowercase, ``t`` Capitalised, ``u`` ALL CAPS (two letters or more), ``m`` mixed,
    ``-`` no letters."""
    if not any(ch.isalpha() for ch in token):
        return "-"
    if token.islower():
        return "l"
    if token.isupper():
        return "u" if len(token) > 1 else "t"
    if token[0].isupper() and token[1:].islower():
        return "t"
    return "m"


def case_table(observations: list[tuple[int, str]], vocab_size: int) -> np.ndarray:
    """(vocab_size, 2) natural-log P(lowercase | word), P(Capitalised | word) from (id, class)
    observations; phrase starts (class ``-``) and ALL CAPS/mixed tokens are not counted."""
    counts = np.zeros((vocab_size, 2))
    for wid, cls in observations:
        if cls == "l":
            counts[wid, LOWER] += 1
        elif cls == "t":
            counts[wid, TITLE] += 1
    prior = counts.sum(axis=0) / counts.sum()
    probs = (counts + SMOOTHING * prior) / (counts.sum(axis=1, keepdims=True) + SMOOTHING)
    return np.log(probs)


def case_emission(lm: LanguageModel, ids: np.ndarray, cls: str) -> np.ndarray:
    """log P(written in case class ``cls`` | word) for candidate ``ids``; zeros for the classes
    that carry no evidence (phrase start ``-``, ALL CAPS, mixed) or without a case table."""
    table = lm.case_logp
    if table is None or cls not in ("l", "t"):
        return np.zeros(len(ids), dtype=np.float32)
    return table[ids, LOWER if cls == "l" else TITLE].astype(np.float32)
