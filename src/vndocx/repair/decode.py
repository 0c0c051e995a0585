"""Finding the likeliest syllable sequence in a lattice, many phrases at once.

Every phrase is a row of positions; every position has up to K candidate ids with an emission
log-probability each (``NEG`` pads the unused slots). Phrases are sorted longest first so that
at step t the phrases still running are a prefix of the arrays, and each step scores every
live (state, candidate) pair of every running phrase in one call to the language model.

The searches:

- :func:`viterbi` (any order; the one :func:`decode` runs): one state per candidate of the
  current position, holding the best path that ends in it; that path's earlier syllables are
  the model's longer context.
- :func:`viterbi_small`: the same search with the same result for short inputs (a line, a
  sentence: up to ``SMALL_NGRAMS`` n-grams to score). A batched step has a fixed numpy cost
  whatever its size, which made a 20-syllable line cost as much as a page (issue 14); here every
  n-gram the search could ask for is scored in one call, and the search runs on those tables.
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
    """Best candidate index at every position: one state per candidate of the current position,
    holding the best path that ends in it; that path's earlier syllables are the model's longer
    context (exact for a bigram model, the usual first-order approximation above).

    ``cand`` (N, K) ids and ``emit`` (N, K) emission log-probabilities of the N positions, phrase
    after phrase; ``lengths`` the phrase lengths (summing to N). Returns (N,) indices into K."""
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
    n_far = lm.order - 2
    score = np.where(e0 > _LIVE, e0 + lm.score([bos] * (n_far + 1), c0), NEG).astype(np.float32)
    # per state: the syllables before its own on its best path (oldest first), and its own
    far, prev = [bos] * n_far, c0
    back: list[np.ndarray] = [np.zeros((len(starts), k_max), dtype=np.int64)]
    final = np.zeros(len(starts), dtype=np.int64)

    def finish(lo: int, hi: int) -> None:  # phrases lo..hi end here: add P(</s>)
        eos = np.full(prev[lo:hi].shape, lm.eos, dtype=cand.dtype)
        end = score[lo:hi] + lm.score([*(f[lo:hi] for f in far), prev[lo:hi]], eos)
        final[lo:hi] = np.argmax(np.where(score[lo:hi] > _LIVE, end, NEG), axis=1)

    for t in range(1, t_max):
        n = int(active[t])
        if n < int(active[t - 1]):
            finish(n, int(active[t - 1]))
        pos = starts[:n] + t
        kc = int(width[pos].max())
        c, e = cand[pos, :kc], emit[pos, :kc]
        f, p, s = [x[:n] for x in far], prev[:n], score[:n]
        kp = s.shape[1]
        bows = lm.context_bows([*f, p]).reshape(n * kp, -1)
        live = np.flatnonzero(((s[:, :, None] > _LIVE) & (e[:, None, :] > _LIVE)).ravel())
        rj = live // kc  # (phrase, previous state)
        rk = (live // (kp * kc)) * kc + live % kc  # (phrase, candidate)
        total = np.full(n * kp * kc, NEG, dtype=np.float32)
        total[live] = (s.ravel()[rj] + e.ravel()[rk]
                       + lm.score([*(x.ravel()[rj] for x in f), p.ravel()[rj]], c.ravel()[rk], bows[rj]))
        total = total.reshape(n, kp, kc)
        best = np.argmax(total, axis=1)  # (n, kc): best previous state of each candidate
        score = np.take_along_axis(total, best[:, None, :], axis=1)[:, 0, :]
        far = [np.take_along_axis(x, best, axis=1) for x in (*f[1:], p)] if n_far else []
        prev = c
        back.append(best)
    finish(0, int(active[t_max - 1]))
    _backtrack(choice, starts, active, final, back, None)
    return choice


# Inputs up to this many n-gram scores go to :func:`viterbi_small` (one call per line beats
# one numpy step per position), longer ones to :func:`viterbi`.
SMALL_NGRAMS = 80_000


def _small_blocks(widths: np.ndarray, lengths: np.ndarray, order: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Per block of n-grams :func:`viterbi_small` scores (one per position, then one per phrase
    end): the rows of the candidates of the ``order`` positions up to it, oldest first, -1
    standing for ``<s>`` and -2 for ``</s>``, and their widths (N + phrases, order)."""
    n_phr = len(lengths)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    # blocks: position p of a phrase sits at block p + its phrase number; the phrase end after it
    phrase = np.repeat(np.arange(n_phr), lengths + 1)
    t = np.arange(len(phrase)) - (starts + np.arange(n_phr))[phrase]
    pos = starts[phrase] + t
    cols = [np.where(t >= back, pos - back, -1) for back in range(order - 1, 0, -1)]
    rows = np.stack([*cols, np.where(t < lengths[phrase], pos, -2)], axis=1)
    w_ext = np.append(widths, [1, 1])  # rows -2 and -1 index these
    return rows, w_ext[rows]


def _combos(ext: np.ndarray, rows: np.ndarray, w: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Every combination of candidates of the blocks of :func:`_small_blocks`, the last column
    varying fastest: (each block's offset in the flat layout, the block of each combination, the
    candidate index of each column, the candidate id of each column)."""
    sizes = w.prod(axis=1)
    offsets = np.cumsum(sizes) - sizes
    block = np.repeat(np.arange(len(sizes)), sizes)
    r = np.arange(int(sizes.sum())) - offsets[block]
    rb, wb = rows[block], w[block]
    idx: list[np.ndarray] = []
    for i in range(w.shape[1] - 1, -1, -1):
        idx.insert(0, r % wb[:, i])
        r = r // wb[:, i]
    return offsets, block, idx, [ext[rb[:, i], idx[i]] for i in range(w.shape[1])]


def _trigram_scores(lm: LanguageModel, ext: np.ndarray, rows: np.ndarray, w: np.ndarray, block: np.ndarray,
                    idx: list[np.ndarray], cols: list[np.ndarray]
                    ) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """``lm.score`` of every (a, b, c) triple of blocks of three columns (``rows``, ``w``) as a
    trigram model gives it, the same numbers in fewer look-ups: the backoff weight of (a, b) and
    the bigram (b, c) are looked up once per pair of the block, not once per triple, and the
    trigram only where (b, c) exists. Also returns whether each triple is a trigram of the model,
    and each block's offset and whether each (a, b) pair is a bigram (pairs laid out as
    :func:`_combos` lays them)."""
    n_blocks = len(w)

    def pairs(i: int, j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        size = w[:, i] * w[:, j]
        off = np.cumsum(size) - size
        blk = np.repeat(np.arange(n_blocks), size)
        q = np.arange(int(size.sum())) - off[blk]
        wj = w[blk, j]
        return ext[rows[blk, i], q // wj], ext[rows[blk, j], q % wj], off

    level2, level3 = lm.levels[2], lm.levels[3]
    a_ab, b_ab, off_ab = pairs(0, 1)
    slot = level2.find([a_ab, b_ab])
    bigram_ab = slot >= 0
    assert level2.bow is not None
    bow2 = np.where(slot >= 0, level2.bow[np.maximum(slot, 0)], 0.0).astype(np.float32)
    b_bc, c_bc, off_bc = pairs(1, 2)
    slot = level2.find([b_bc, c_bc])
    found_bc = slot >= 0
    logp2 = level2.logp[np.maximum(slot, 0)].astype(np.float32)
    ia, ib, ic = idx
    bow2_t = bow2[off_ab[block] + ia * w[block, 1] + ib]
    bc = off_bc[block] + ib * w[block, 2] + ic
    a, b, c = cols
    # as LanguageModel.score adds them: unigram + (bow2 + bow1), bigram + bow2, or the trigram
    result = lm.unigram_logp[c].astype(np.float32) + (bow2_t + lm.unigram_bow[b].astype(np.float32))
    where = np.flatnonzero(found_bc[bc])
    result[where] = logp2[bc[where]] + bow2_t[where]
    slot = level3.find([a[where], b[where], c[where]])
    hit = slot >= 0
    result[where[hit]] = level3.logp[slot[hit]]
    found = np.zeros(len(result), dtype=bool)
    found[where[hit]] = True
    return result, found, (off_ab, bigram_ab)


def _fourgram_scores(lm: LanguageModel, ext: np.ndarray, rows: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``lm.score`` of every (a, b, c, d) of the blocks of :func:`_viterbi_small` for a 4-gram
    model, laid out as :func:`_combos` lays them, in far fewer look-ups than one per combination:
    P(d | b c) per triple of the last three columns (:func:`_trigram_scores`) plus the backoff
    weight of (a, b, c) per triple of the first three, and the 4-gram looked up only where
    (b, c, d) is a trigram (a 4-gram is stored only then)."""
    level3, level4 = lm.levels[3], lm.levels[4]
    off_bcd, block_bcd, idx_bcd, cols_bcd = _combos(ext, rows[:, 1:], w[:, 1:])
    p_bcd, trigram, (off_bc, bigram) = _trigram_scores(lm, ext, rows[:, 1:], w[:, 1:], block_bcd, idx_bcd,
                                                       cols_bcd)
    off_abc, block_abc, idx_abc, cols_abc = _combos(ext, rows[:, :3], w[:, :3])
    # (a, b, c) is a context of the model only where (b, c) is a bigram
    maybe = np.flatnonzero(bigram[off_bc[block_abc] + idx_abc[1] * w[block_abc, 2] + idx_abc[2]])
    slot = level3.find([c[maybe] for c in cols_abc])
    assert level3.bow is not None
    bow_abc = np.zeros(len(cols_abc[0]), dtype=np.float32)
    bow_abc[maybe[slot >= 0]] = level3.bow[slot[slot >= 0]]
    size_bcd, size_abc = w[:, 1:].prod(axis=1), w[:, :3].prod(axis=1)
    sizes = w[:, 0] * size_bcd
    offsets = np.cumsum(sizes) - sizes
    result = np.empty(int(sizes.sum()), dtype=np.float32)
    for k, (wa, wb, wc, wd) in enumerate(w.tolist()):  # backoff weight of (a, b, c) + P(d | b c)
        o = offsets[k]
        result[o:o + sizes[k]] = (bow_abc[off_abc[k]:off_abc[k] + size_abc[k]].reshape(wa, wb, wc, 1)
                                  + p_bcd[off_bcd[k]:off_bcd[k] + size_bcd[k]].reshape(1, wb, wc, wd)).ravel()
    # where (b, c, d) is a trigram, the 4-gram of each a
    at = np.flatnonzero(trigram)
    blk = block_bcd[at]
    n_a = w[blk, 0]
    at_r, blk_r = np.repeat(at, n_a), np.repeat(blk, n_a)
    ia = np.arange(len(at_r)) - np.repeat(np.cumsum(n_a) - n_a, n_a)
    slot = level4.find([ext[rows[blk_r, 0], ia], *(c[at_r] for c in cols_bcd)])
    hit = slot >= 0
    flat = offsets[blk_r] + ia * size_bcd[blk_r] + (at_r - off_bcd[blk_r])
    result[flat[hit]] = level4.logp[slot[hit]]
    return result


def viterbi_small(lm: LanguageModel, cand: np.ndarray, emit: np.ndarray, lengths: np.ndarray,
                  widths: np.ndarray | None = None) -> np.ndarray:
    """:func:`viterbi` for short inputs, same search and same result: every n-gram the search
    might ask for (every combination of candidates of ``order`` neighbouring positions) is scored
    in one call to the language model, and the search then runs phrase by phrase on those tables
    (a few tiny numpy operations per position instead of a batched step with its fixed cost)."""
    return _viterbi_small(lm, cand, emit, lengths, widths)[0]


def _viterbi_small(lm: LanguageModel, cand: np.ndarray, emit: np.ndarray, lengths: np.ndarray,
                   widths: np.ndarray | None = None, blocks: tuple[np.ndarray, np.ndarray] | None = None
                   ) -> tuple[np.ndarray, list[np.ndarray]]:
    """:func:`viterbi_small`, also returning the n-gram table of every block (see
    :func:`_small_blocks`): candidate indices of the ``order`` positions → log-probability."""
    choice = np.zeros(len(cand), dtype=np.int64)
    if len(lengths) == 0:
        return choice, []
    if widths is None:
        widths = (emit > _LIVE).sum(axis=1)
    widths = np.maximum(widths, 1)
    order = lm.order
    rows, w = blocks if blocks is not None else _small_blocks(widths, lengths, order)
    sizes = w.prod(axis=1)
    offsets = np.cumsum(sizes) - sizes
    ext = np.concatenate([cand, np.full((2, cand.shape[1]), 0, dtype=cand.dtype)])
    ext[-1, 0], ext[-2, 0] = lm.bos, lm.eos
    if order == 4:
        flat = _fourgram_scores(lm, ext, rows, w)
    else:
        _, block, idx, cols = _combos(ext, rows, w)
        flat = _trigram_scores(lm, ext, rows, w, block, idx, cols)[0] if order == 3 else lm.score(cols[:-1], cols[-1])
    tables = [flat[o:o + n].reshape(shape) for o, n, shape in
              zip(offsets.tolist(), sizes.tolist(), map(tuple, w.tolist()), strict=True)]
    n_far = order - 2
    start = 0
    for phrase, length in enumerate(lengths.tolist()):
        b0 = start + phrase  # this phrase's first block
        ww = widths[start:start + length].tolist()
        score = emit[start, :ww[0]] + tables[b0][(0,) * (order - 1)]
        # per state: indices of the candidates before its own on its best path (oldest first)
        far = [np.zeros(ww[0], dtype=np.int64)] * n_far
        back = []
        for t in range(1, length):
            prev = np.arange(ww[t - 1])
            total = (score[:, None] + emit[start + t, None, :ww[t]]) + tables[b0 + t][(*far, prev)]
            best = np.argmax(total, axis=0)
            score = total[best, np.arange(ww[t])]
            far = [x[best] for x in far[1:]] + [best] if n_far else []
            back.append(best)
        end = score + tables[b0 + length][(*far, np.arange(ww[length - 1]), 0)]
        k = int(np.argmax(end))
        choice[start + length - 1] = k
        for t in range(length - 1, 0, -1):
            k = int(back[t - 1][k])
            choice[start + t - 1] = k
        start += length
    return choice, tables


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
    """Best candidate index at every position: :func:`viterbi_small` on short inputs, else
    :func:`viterbi`."""
    return decode_tables(lm, cand, emit, lengths)[0]


def decode_tables(lm: LanguageModel, cand: np.ndarray, emit: np.ndarray, lengths: np.ndarray
                  ) -> tuple[np.ndarray, list[np.ndarray] | None]:
    """:func:`decode`, and the trigram tables of :func:`viterbi_small` when it was the search
    (else None)."""
    widths = np.maximum((emit > _LIVE).sum(axis=1), 1)
    blocks = _small_blocks(widths, lengths, lm.order) if len(lengths) else None
    if blocks is None or int(blocks[1].prod(axis=1).sum()) <= SMALL_NGRAMS:
        return _viterbi_small(lm, cand, emit, lengths, widths, blocks)
    return viterbi(lm, cand, emit, lengths), None


def table_alternatives(tables: list[np.ndarray], emit: np.ndarray, choice: np.ndarray, lengths: np.ndarray,
                       positions: np.ndarray) -> np.ndarray:
    """Probability of each candidate at ``positions`` given the chosen candidates around it
    (emission + the n-gram terms it takes part in, normalised), read from the tables of
    :func:`viterbi_small`: (m, K), zero in the unused slots."""
    ends = np.cumsum(lengths)
    phrase_of = np.searchsorted(ends, positions, side="right")
    starts = ends - lengths
    order = tables[0].ndim if tables else 3
    out = np.zeros((len(positions), emit.shape[1]), dtype=np.float32)
    for n, (p, ph) in enumerate(zip(positions.tolist(), phrase_of.tolist(), strict=True)):
        t, length = p - int(starts[ph]), int(lengths[ph])
        base = p - t  # the phrase's first position

        def index(q: int, _base: int = base, _length: int = length) -> int:
            return int(choice[q]) if _base <= q < _base + _length else 0  # <s> and </s>: 0

        s = None
        for d in range(order):  # the n-gram ending d positions after p
            if t + d > length:
                break
            key = tuple(slice(None) if q == p else index(q) for q in range(p + d - order + 1, p + d + 1))
            term = tables[p + ph + d][key]
            s = term if s is None else s + term
        s = s + emit[p, :len(s)]
        s = s - s.max()
        e = np.exp(s)
        out[n, :len(s)] = e / e.sum()
    return out
