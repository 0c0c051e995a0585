"""Finding the likeliest syllable sequence in a lattice, many phrases at once.

Every phrase is a row of positions; every position has up to K candidate ids with an emission
log-probability each (``NEG`` pads the unused slots). Phrases are sorted longest first so that
at step t the phrases still running are a prefix of the arrays, and each step scores every
live (state, candidate) pair of every running phrase in one call to the language model.

Two searches:

- :func:`viterbi` (trigram models): one state per candidate of the current position, holding
  the best path that ends in it; that path's previous syllable is the trigram's far context.
- :func:`beam` (any order): ``width`` histories per phrase, histories that the model can no
  longer tell apart merged (only the best of them can win).
"""

from __future__ import annotations

import numpy as np

from vndocx.repair.lm import LanguageModel

NEG = np.float32(-1e30)
_LIVE = NEG / 2


def _layout(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Phrase order (longest first), start position of each sorted phrase and, per step t,
    how many sorted phrases are longer than t."""
    order = np.argsort(-lengths, kind="stable")
    sorted_len = lengths[order]
    starts = (np.cumsum(lengths) - lengths)[order]
    active = np.searchsorted(-sorted_len, -np.arange(int(sorted_len[0])), side="left")
    return order, starts, active


def _backtrack(choice: np.ndarray, starts: np.ndarray, active: np.ndarray, final: np.ndarray,
               back_state: list[np.ndarray], back_cand: list[np.ndarray] | None) -> None:
    t_max = len(active)
    cur = np.zeros(len(starts), dtype=np.int64)
    for t in range(t_max - 1, -1, -1):
        n = int(active[t])
        done_from = int(active[t + 1]) if t + 1 < t_max else 0
        cur[done_from:n] = final[done_from:n]
        rows = np.arange(n)
        choice[starts[:n] + t] = cur[:n] if back_cand is None else back_cand[t][rows, cur[:n]]
        cur[:n] = back_state[t][rows, cur[:n]]


def viterbi(lm: LanguageModel, cand: np.ndarray, emit: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Best candidate index at every position, for a trigram model.

    ``cand`` (N, K) ids and ``emit`` (N, K) emission log-probabilities of the N positions, phrase
    after phrase; ``lengths`` the phrase lengths (summing to N). Returns (N,) indices into K."""
    if lm.order != 3:
        raise ValueError(f"viterbi() needs a trigram model, not order {lm.order}: use beam()")
    choice = np.zeros(len(cand), dtype=np.int64)
    if len(lengths) == 0:
        return choice
    k_max = cand.shape[1]
    _, starts, active = _layout(lengths)
    t_max = len(active)
    # Candidates fill each row from the left: a step only needs as many columns as the widest
    # of its rows (the states of the step before keep that step's width).
    width = (emit > _LIVE).sum(axis=1)
    c0, e0 = cand[starts], emit[starts]
    bos = np.full(c0.shape, lm.bos, dtype=cand.dtype)
    score = np.where(e0 > _LIVE, e0 + lm.score([bos, bos], c0), NEG).astype(np.float32)
    far, prev = bos, c0  # per state: the syllable before its own, and its own
    back: list[np.ndarray] = [np.zeros((len(starts), k_max), dtype=np.int64)]
    final = np.zeros(len(starts), dtype=np.int64)

    def finish(lo: int, hi: int) -> None:  # phrases lo..hi end here: add P(</s>)
        eos = np.full(prev[lo:hi].shape, lm.eos, dtype=cand.dtype)
        end = score[lo:hi] + lm.score([far[lo:hi], prev[lo:hi]], eos)
        final[lo:hi] = np.argmax(np.where(score[lo:hi] > _LIVE, end, NEG), axis=1)

    for t in range(1, t_max):
        n = int(active[t])
        if n < int(active[t - 1]):
            finish(n, int(active[t - 1]))
        pos = starts[:n] + t
        kc = int(width[pos].max())
        c, e = cand[pos, :kc], emit[pos, :kc]
        f, p, s = far[:n], prev[:n], score[:n]
        kp = s.shape[1]
        bows = lm.context_bows([f, p]).reshape(n * kp, -1)
        live = np.flatnonzero(((s[:, :, None] > _LIVE) & (e[:, None, :] > _LIVE)).ravel())
        rj = live // kc  # (phrase, previous state)
        rk = (live // (kp * kc)) * kc + live % kc  # (phrase, candidate)
        total = np.full(n * kp * kc, NEG, dtype=np.float32)
        total[live] = (s.ravel()[rj] + e.ravel()[rk]
                       + lm.score([f.ravel()[rj], p.ravel()[rj]], c.ravel()[rk], bows[rj]))
        total = total.reshape(n, kp, kc)
        best = np.argmax(total, axis=1)  # (n, kc): best previous state of each candidate
        score = np.take_along_axis(total, best[:, None, :], axis=1)[:, 0, :]
        far, prev = np.take_along_axis(p, best, axis=1), c
        back.append(best)
    finish(0, int(active[t_max - 1]))
    _backtrack(choice, starts, active, final, back, None)
    return choice


def beam(lm: LanguageModel, cand: np.ndarray, emit: np.ndarray, lengths: np.ndarray,
         width: int = 8) -> np.ndarray:
    """Best candidate index at every position by beam search (any model order); arguments and
    result as :func:`viterbi`."""
    n_ctx = lm.order - 1
    choice = np.zeros(len(cand), dtype=np.int64)
    if len(lengths) == 0:
        return choice
    k_max = cand.shape[1]
    _, starts, active = _layout(lengths)
    t_max = len(active)
    n_phr = len(starts)
    hist = np.full((n_phr, width, n_ctx), lm.bos, dtype=np.int64)
    score = np.full((n_phr, width), NEG, dtype=np.float32)
    score[:, 0] = 0.0
    back_beam: list[np.ndarray] = []
    back_cand: list[np.ndarray] = []
    final = np.zeros(n_phr, dtype=np.int64)
    earlier = np.arange(width)[None, :] < np.arange(width)[:, None]  # [b, b']: b' < b
    for t in range(t_max):
        n = int(active[t])
        pos = starts[:n] + t
        c, e, h = cand[pos], emit[pos], hist[:n]
        total = np.full((n, width, k_max), NEG, dtype=np.float32)
        live = (score[:n, :, None] > _LIVE) & (e[:, None, :] > _LIVE)
        r, b, k = np.nonzero(live)
        bows = lm.context_bows(h)
        total[r, b, k] = score[r, b] + e[r, k] + lm.score(h[r, b], c[r, k], bows[r, b])
        # Histories that agree on all the model will still see of them extend to the same
        # states: only the best extension of each survives.
        same = np.all(h[:, :, None, 1:] == h[:, None, :, 1:], axis=-1)  # (n, b, b')
        other = total[:, None, :, :]
        this = total[:, :, None, :]
        beaten = (other > this) | ((other == this) & earlier[None, :, :, None])
        dominated = np.any(same[..., None] & beaten, axis=2)
        total = np.where(dominated, NEG, total).reshape(n, width * k_max)
        if width * k_max > width:
            sel = np.argpartition(-total, width - 1, axis=1)[:, :width]
        else:
            sel = np.broadcast_to(np.arange(width), (n, width))
        b_idx, k_idx = sel // k_max, sel % k_max
        new_hist = np.empty_like(h)
        if n_ctx > 1:
            new_hist[:, :, :-1] = np.take_along_axis(h[:, :, 1:], b_idx[:, :, None], axis=1)
        new_hist[:, :, -1] = np.take_along_axis(c, k_idx, axis=1)
        hist[:n], score[:n] = new_hist, np.take_along_axis(total, sel, axis=1)
        back_beam.append(b_idx)
        back_cand.append(k_idx)
        done_from = int(active[t + 1]) if t + 1 < t_max else 0
        if done_from < n:  # phrases ending here: add P(</s>)
            hd = hist[done_from:n]
            end = score[done_from:n] + lm.score(hd, np.full(hd.shape[:-1], lm.eos))
            final[done_from:n] = np.argmax(end, axis=1)
    _backtrack(choice, starts, active, final, back_beam, back_cand)
    return choice


def decode(lm: LanguageModel, cand: np.ndarray, emit: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Best candidate index at every position: :func:`viterbi` for a trigram model, else
    :func:`beam`."""
    if lm.order == 3:
        return viterbi(lm, cand, emit, lengths)
    return beam(lm, cand, emit, lengths)
