"""The syllable n-gram language model at run time: Kneser–Ney probabilities in backoff form,
stored as memory-mapped numpy arrays and scored in bulk.

Syllables are integer ids (``vocab.txt``, one syllable per line, line number = id). The
n-grams of each order are kept by hash only: one hash of the ids picks a bucket, a second one is
the n-gram's 32-bit fingerprint; the n-grams sit sorted by bucket (offsets array), each with its
fingerprint, log-probability and backoff weight (float16). No n-gram is stored as text.

    >>> lm = load()
    >>> lm.score(np.array([[lm.id("cộng"), lm.id("hòa")]]), np.array([lm.id("xã")]))
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from vndocx.repair.paths import model_dir

BITS = 16
MAX_VOCAB = 1 << BITS
BOS, EOS, UNK, NUM, COMMA, PUNCT = "<s>", "</s>", "<unk>", "<num>", "<comma>", "<punct>"
SPECIALS = (BOS, EOS, UNK, NUM, COMMA, PUNCT)


def pack(ids: list[np.ndarray]) -> np.ndarray:
    """Pack columns of ids (oldest first) into exact uint64 keys, 16 bits each (training)."""
    key = np.zeros(np.broadcast_shapes(*(np.shape(c) for c in ids)), dtype=np.uint64)
    for col in ids:
        key = (key << np.uint64(BITS)) | np.asarray(col, dtype=np.uint64)
    return key


# Odd 32-bit multipliers, one per n-gram position, for the two hashes (bucket and fingerprint).
_MUL_BUCKET = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1)
_MUL_PRINT = (0xD3A2646D, 0xFD7046C5, 0xB55A4F09, 0x7FEB352D, 0x846CA68B)


def _hash(cols: list[np.ndarray], mul: tuple[int, ...], seed: int) -> np.ndarray:
    # Multiply-xor chain over the ids (uint32), then murmur3's finaliser; in place after the first step.
    with np.errstate(over="ignore"):
        h = np.asarray(cols[0], dtype=np.uint32) ^ np.uint32(seed)
        h *= np.uint32(mul[0])
        for col, m in zip(cols[1:], mul[1:], strict=False):
            h ^= np.asarray(col, dtype=np.uint32)
            h *= np.uint32(m)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h


def hashes(cols: list[np.ndarray], bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Bucket (top ``bits`` bits of one hash) and 32-bit fingerprint (another hash) of n-grams
    given as columns of ids, oldest first. Cheap 32-bit arithmetic: this runs on every
    candidate the decoder scores."""
    bucket = _hash(cols, _MUL_BUCKET, 0x3C6EF372) >> np.uint32(32 - bits)
    return bucket.astype(np.intp), _hash(cols, _MUL_PRINT, 0x510E527F)


def build_buckets(grams: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lay out n-grams ((n, k) ids) for :func:`find`, about one n-gram per two buckets.

    Returns the order that sorts the n-grams by bucket, the bucket offsets (2**bits + 1, where
    bucket b holds positions offsets[b] to offsets[b+1]) and the fingerprints in bucket order,
    with one empty entry at the end. Raises ValueError when two n-grams share bucket and
    fingerprint (they could not be told apart; it has not happened, but such a model must not
    be written)."""
    n = len(grams)
    bits = max(4, int(np.ceil(np.log2(max(n, 2)))) + 1)
    bucket, fp = hashes([grams[:, i] for i in range(grams.shape[1])], bits)
    order = np.lexsort((fp, bucket))
    b, f = bucket[order], fp[order]
    if np.any((b[1:] == b[:-1]) & (f[1:] == f[:-1])):
        raise ValueError("two n-grams share a bucket and a fingerprint")
    offsets = np.searchsorted(b, np.arange((1 << bits) + 1)).astype(np.uint32)
    return order, offsets, np.append(f, np.uint32(0))


def find(offsets: np.ndarray, prints: np.ndarray, cols: list[np.ndarray]) -> np.ndarray:
    """Position of each n-gram (columns of ids, broadcastable) in the bucket layout, or -1."""
    bits = (len(offsets) - 1).bit_length() - 1
    shape = np.broadcast_shapes(*(np.shape(c) for c in cols))
    bucket, fp = hashes([np.broadcast_to(c, shape).ravel() for c in cols], bits)
    start = offsets[bucket]
    size = offsets[bucket + 1] - start
    # Most buckets hold one n-gram or none: test the first entry everywhere (an empty bucket's
    # first entry belongs to the next bucket or is the empty end entry, so test the size too).
    out = start.astype(np.intp)
    out[(prints[start] != fp) | (size == 0)] = -1
    more = np.flatnonzero((size > 1) & (out < 0))
    for j in range(1, int(size.max(initial=0))):
        if not len(more):
            break
        idx = start[more] + j
        hit = prints[idx] == fp[more]
        out[more[hit]] = idx[hit]
        more = more[~hit & (size[more] > j + 1)]
    return out.reshape(shape)


@dataclass
class Level:
    """One order's n-grams in bucket layout: offsets, fingerprints, log-probabilities and
    backoff weights (the latter two float16)."""

    offsets: np.ndarray
    fp: np.ndarray
    logp: np.ndarray
    bow: np.ndarray | None

    def find(self, cols: list[np.ndarray]) -> np.ndarray:
        """Position of each n-gram (columns of ids) or -1 (see :func:`find`)."""
        return find(self.offsets, self.fp, cols)


def _map(path: Path) -> np.ndarray:
    """The array in ``path``, memory-mapped, as a plain ndarray (indexing a np.memmap is slower)."""
    try:
        return np.asarray(np.load(path, mmap_mode="r"))
    except (OSError, ValueError) as err:
        raise OSError(f"{path}: cannot read the model array ({err})") from err


class LanguageModel:
    """A syllable n-gram model; ``score`` gives natural-log probabilities of next syllables."""

    def __init__(self, folder: Path) -> None:
        meta_path = folder / "provenance.json"
        if not meta_path.exists():
            raise FileNotFoundError(f"{meta_path}: no language model here "
                                    "(run python -m training.restore_model)")
        self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.order: int = self.meta["order"]
        self.vocab: list[str] = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.unigram_logp = _map(folder / "unigram_logp.npy")
        self.unigram_bow = _map(folder / "unigram_bow.npy")
        self.unigram_count = _map(folder / "unigram_count.npy")
        case_path = folder / "case_logp.npy"
        self.case_logp = _map(case_path) if case_path.exists() else None
        self.levels: dict[int, Level] = {}
        for k in range(2, self.order + 1):
            bow_path = folder / f"order{k}_bow.npy"
            self.levels[k] = Level(
                _map(folder / f"order{k}_offsets.npy"),
                _map(folder / f"order{k}_fp.npy"),
                _map(folder / f"order{k}_logp.npy"),
                _map(bow_path) if bow_path.exists() else None,
            )
        self.bos, self.eos, self.unk, self.num, self.comma, self.punct = (self.index[s] for s in SPECIALS)

    def id(self, syllable: str) -> int:
        """The id of a lowercase canonical syllable, or of ``<unk>``."""
        return self.index.get(syllable, self.unk)

    def context_bows(self, ctx: np.ndarray | list[np.ndarray]) -> np.ndarray:
        """Backoff weights of the contexts: ``ctx`` is (..., order-1) ids, or that many columns,
        oldest first.

        Returns (..., order-1) float32: column j-1 holds the weight of the last j ids (0 when
        that context was never seen)."""
        cols = _columns(ctx)
        n = self.order - 1
        out = np.zeros((*np.shape(cols[-1]), n), dtype=np.float32)
        out[..., 0] = self.unigram_bow[cols[-1]]
        for j in range(2, n + 1):
            level = self.levels[j]
            slot = level.find(cols[-j:])
            assert level.bow is not None
            out[..., j - 1] = np.where(slot >= 0, level.bow[np.maximum(slot, 0)], 0.0)
        return out

    def score(self, ctx: np.ndarray | list[np.ndarray], word: np.ndarray,
              bows: np.ndarray | None = None) -> np.ndarray:
        """log P(word | ctx) for ``ctx`` (..., order-1) ids or that many columns (oldest first),
        broadcastable with ``word`` (...).

        ``bows`` are the context weights from :meth:`context_bows` when already computed."""
        cols = _columns(ctx)
        if bows is None:
            bows = self.context_bows(cols)
        shape = np.broadcast_shapes(*(np.shape(c) for c in cols), np.shape(word))
        flat = [np.broadcast_to(c, shape).ravel() for c in (*cols, word)]
        bows = np.broadcast_to(bows, (*shape, self.order - 1)).reshape(-1, self.order - 1)
        # An n-gram can only be stored if its shorter suffix is: look up order k only where
        # order k-1 was found (most candidate sequences stop at the bigrams).
        # tail[j]: the summed weights of the contexts of length j+1 and longer
        tail = [bows[:, -1].astype(np.float32)]
        for j in range(self.order - 3, -1, -1):
            tail.insert(0, tail[0] + bows[:, j])
        result = self.unigram_logp[flat[-1]].astype(np.float32) + tail[0]
        where = np.arange(len(flat[-1]))
        for k in range(2, self.order + 1):
            level = self.levels[k]
            slot = level.find([c[where] for c in flat[-k:]])
            hit = slot >= 0
            where = where[hit]
            # found at order k: its probability plus the weights of the longer contexts missed
            result[where] = level.logp[slot[hit]]
            if k < self.order:
                result[where] += tail[k - 1][where]
            if not len(where):
                break
        return result.reshape(shape)


def _columns(ctx: np.ndarray | list[np.ndarray]) -> list[np.ndarray]:
    if isinstance(ctx, list):
        return ctx
    return [ctx[..., i] for i in range(ctx.shape[-1])]


@lru_cache(maxsize=1)
def load(folder: str | None = None) -> LanguageModel:
    """The language model (loaded once, memory-mapped)."""
    return LanguageModel(Path(folder) if folder else model_dir())
