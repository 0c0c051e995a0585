"""The OCR confusion model: what Tesseract without Vietnamese data writes for each Vietnamese
letter ("ố" → "6", "đ" → "d" or "p", "ủ" → "ii", "ư" → "w"), learned from text rendered to
images and read back (:mod:`training.ocr_render`).

A written syllable is read letter by letter: each letter becomes zero, one or two characters.
The model is P(characters | letter), estimated by hard EM over the best alignments of the
syllables and what OCR made of them; P(OCR token | syllable) is the best alignment's product.
From it an index is built of the likeliest OCR readings of every syllable of the vocabulary, so
that a garbled token ("thdang", "ciia", "s6") finds its candidates ("tháng", "của", "số") in one
lookup. Everything is lowercase.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np

from vndocx.lang.syllables import strip
from vndocx.repair.tokens import PUNCTUATION

# Log-probabilities of readings never seen in training: the bare letter is a common reading of
# a marked one; other characters, nothing, or two characters are rare.
FLOOR_BASE, FLOOR_OTHER, FLOOR_DROP, FLOOR_PAIR = -4.0, -11.0, -9.0, -13.0
INDEX_PER_SYLLABLE = 96
INDEX_MIN_LOGP = -14.0
SEGMENTS_PER_LETTER = 6


# Symbols OCR without Vietnamese data writes for marked vowels ("ngh¢" for "nghệ"); any marked
# vowel may become one, beyond what training saw.
SYMBOLS = "¢©€¥@&?"
FLOOR_SYMBOL = -7.0


# A vowel read as some Latin-1 vowel with an accent ("nhén" for "nhân"): each scan and font
# shows its own such readings, beyond what the rendered training pages showed.
LATIN1_VOWELS = frozenset("àáâãäèéêëìíîïòóôõöùúûüý")
FLOOR_VOWEL = -5.0
# A marked vowel read as two thin glyphs: the hook and horn of "ủ", "ữ" become "ii", "ir", "ti";
# the dot of "ị" a "j".
THIN = frozenset("iltrfj1!|")
FLOOR_THIN_PAIR = -6.0


def _floor(letter: str, seg: str, learned: bool) -> float:
    if seg == letter:
        return FLOOR_OTHER if learned else -0.7  # a letter OCR never wrote itself stays unwritten
    if seg == strip(letter):
        return FLOOR_BASE
    if seg == "":
        return FLOOR_DROP
    if seg in SYMBOLS and letter != strip(letter):
        return FLOOR_SYMBOL
    if seg in LATIN1_VOWELS and strip(letter) in "aeiouy":
        return FLOOR_VOWEL
    if len(seg) == 2 and letter != strip(letter) and set(seg) <= THIN:
        return FLOOR_THIN_PAIR
    return FLOOR_OTHER if len(seg) == 1 else FLOOR_PAIR


class Channel:
    """P(characters | letter) as natural-log tables, with floors for unseen readings."""

    def __init__(self, table: dict[str, dict[str, float]]) -> None:
        self.table = table

    def logp(self, letter: str, seg: str) -> float:
        """log P(``seg`` is read | ``letter`` was written)."""
        got = self.table.get(letter)
        if got is not None:
            value = got.get(seg)
            if value is not None:
                return value
        return _floor(letter, seg, got is not None)

    def align(self, word: str, read: str) -> tuple[float, list[tuple[str, str]]]:
        """Best alignment of a written ``word`` and what was ``read``: its log-probability and
        the (letter, characters) pairs."""
        n, m = len(word), len(read)
        neg = -1e9
        best = [[neg] * (m + 1) for _ in range(n + 1)]
        back = [[0] * (m + 1) for _ in range(n + 1)]
        best[0][0] = 0.0
        for i in range(n):
            letter = word[i]
            row, nxt = best[i], best[i + 1]
            for j in range(m + 1):
                base = row[j]
                if base <= neg:
                    continue
                for k in (0, 1, 2):
                    if j + k > m:
                        break
                    v = base + self.logp(letter, read[j:j + k])
                    if v > nxt[j + k]:
                        nxt[j + k] = v
                        back[i + 1][j + k] = k
        pairs = []
        j = m
        for i in range(n, 0, -1):
            k = back[i][j]
            pairs.append((word[i - 1], read[j - k:j]))
            j -= k
        pairs.reverse()
        return best[n][m], pairs

    def readings(self, word: str, limit: int = INDEX_PER_SYLLABLE) -> list[tuple[str, float]]:
        """The ``limit`` likeliest readings of ``word`` with their log-probabilities."""
        options = []
        for letter in word:
            learned = self.table.get(letter)
            segs = dict(learned or {})
            extra = {letter, strip(letter), ""} | (set(SYMBOLS) if letter != strip(letter) else set())
            if strip(letter) in "aeiouy":
                extra |= LATIN1_VOWELS
            for seg in extra:
                segs.setdefault(seg, _floor(letter, seg, learned is not None))
            options.append(heapq.nlargest(SEGMENTS_PER_LETTER, segs.items(), key=lambda kv: kv[1]))
        beam: list[tuple[float, str]] = [(0.0, "")]
        for opts in options:
            grown = [(lp + v, text + seg) for lp, text in beam for seg, v in opts]
            beam = heapq.nlargest(limit * 2, grown)
        merged: dict[str, float] = {}
        for lp, text in beam:
            if text and lp >= INDEX_MIN_LOGP and lp > merged.get(text, -math.inf):
                merged[text] = lp
        return heapq.nlargest(limit, merged.items(), key=lambda kv: kv[1])

    def to_json(self) -> str:
        """The tables as JSON (letter → characters read → log-probability)."""
        table = {c: {s: round(v, 3) for s, v in segs.items()} for c, segs in sorted(self.table.items())}
        return json.dumps(table, ensure_ascii=False, indent=0)


def word_pairs(read_lines: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """(written, read) lowercase word pairs from the lines OCR split into as many words as were
    written; punctuation around words is dropped."""
    pairs = []
    for line, read in read_lines:
        if read is None:
            continue
        a, b = line.split(), read.split()
        if len(a) != len(b):
            continue
        for w, r in zip(a, b, strict=True):
            w, r = w.strip(PUNCTUATION).lower(), r.strip(PUNCTUATION).lower()
            if w and r and w.isalpha():
                pairs.append((w, r))
    return pairs


def estimate(pairs: list[tuple[str, str]], rounds: int = 3, smoothing: float = 0.5) -> Channel:
    """Hard EM: align every pair with the current model, count the readings of each letter,
    re-estimate; returns the final channel."""
    channel = Channel({})
    counted = Counter(pairs)
    for _ in range(rounds):
        counts: dict[str, Counter] = defaultdict(Counter)
        for (word, read), n in counted.items():
            _, aligned = channel.align(word, read)
            for letter, seg in aligned:
                counts[letter][seg] += n
        table = {}
        for letter, segs in counts.items():
            total = sum(segs.values()) + smoothing * len(segs)
            table[letter] = {seg: math.log((c + smoothing) / total) for seg, c in segs.items()}
        channel = Channel(table)
    return channel


def save_index(folder: Path, channel: Channel, vocab: list[str], first_syllable: int) -> int:
    """Write the channel (``ocr_channel.json``) and the index of likeliest readings: the
    distinct readings (``ocr_readings.txt``) and, per reading, its candidate ids and
    log-probabilities (``ocr_offsets.npy``, ``ocr_ids.npy``, ``ocr_logp.npy``). Returns the
    number of (reading, syllable) entries."""
    from vndocx.lang.syllables import inventory

    by_reading: dict[str, list[tuple[int, float]]] = defaultdict(list)
    inv = inventory()
    for sid in range(first_syllable, len(vocab)):
        syl = vocab[sid]
        if syl not in inv:
            continue
        for text, lp in channel.readings(syl):
            by_reading[text].append((sid, lp))
    readings = sorted(by_reading)
    offsets = np.zeros(len(readings) + 1, dtype=np.uint32)
    ids, logp = [], []
    for i, text in enumerate(readings):
        entries = sorted(by_reading[text], key=lambda e: -e[1])
        ids.extend(e[0] for e in entries)
        logp.extend(e[1] for e in entries)
        offsets[i + 1] = len(ids)
    (folder / "ocr_channel.json").write_text(channel.to_json() + "\n", encoding="utf-8")
    (folder / "ocr_readings.txt").write_text("\n".join(readings), encoding="utf-8")
    np.save(folder / "ocr_offsets.npy", offsets)
    np.save(folder / "ocr_ids.npy", np.array(ids, dtype=np.uint16))
    np.save(folder / "ocr_logp.npy", np.array(logp, dtype=np.float16))
    return len(ids)


class ReadingIndex:
    """OCR reading (lowercase) → candidate syllable ids and log P(reading | syllable)."""

    def __init__(self, folder: Path) -> None:
        path = folder / "ocr_readings.txt"
        if not path.exists():
            raise FileNotFoundError(f"{path}: no OCR confusion model (python -m training.restore_model --ocr)")
        self.position = {text: i for i, text in enumerate(path.read_text(encoding="utf-8").split("\n"))}
        self.offsets = np.load(folder / "ocr_offsets.npy", mmap_mode="r")
        self.ids = np.load(folder / "ocr_ids.npy", mmap_mode="r")
        self.logp = np.load(folder / "ocr_logp.npy", mmap_mode="r")
        self.channel = Channel(json.loads((folder / "ocr_channel.json").read_text(encoding="utf-8")))

    def get(self, reading: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Candidate ids and their log-probabilities for a lowercase reading, or None."""
        i = self.position.get(reading)
        if i is None:
            return None
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        return np.asarray(self.ids[a:b], dtype=np.int64), np.asarray(self.logp[a:b], dtype=np.float32)


@lru_cache(maxsize=1)
def reading_index() -> ReadingIndex:
    """The index of the default model (loaded on first use)."""
    from vndocx.repair.lm import model_dir

    return ReadingIndex(model_dir())
