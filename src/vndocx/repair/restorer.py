"""Diacritics restoration: every token gets the syllables it could stand for, the language model
picks the sequence (Viterbi search, :mod:`vndocx.repair.decode`), and the chosen syllables are
written back in the token's case. Text outside the tokens (spaces, punctuation, layout) is kept
byte for byte.

    >>> restore_diacritics("Ket qua thuc hien Nghi quyet so 57-NQ/TW cua Bo Chinh tri")
    'Kết quả thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from vndocx.repair.candidates import ocr_candidates, stripped_table
from vndocx.repair.case import case_class, case_emission
from vndocx.repair.decode import NEG, decode
from vndocx.repair.lm import LanguageModel, load
from vndocx.repair.syllables import canonical, strip
from vndocx.repair.tokens import COMMA, kind, layout, separator, split


@dataclass(frozen=True, slots=True)
class Syllable:
    """One restored token: where it is, what was written, what was chosen and the alternatives
    with their probability given the chosen neighbours (best first)."""

    line: int
    start: int
    end: int
    original: str
    text: str
    alternatives: tuple[tuple[str, float], ...]

    @property
    def changed(self) -> bool:
        """Whether restoration changed the token."""
        return self.text != self.original


@dataclass
class RestoreResult:
    """The restored text and, for each token that had more than one reading, the choice made."""

    text: str
    syllables: list[Syllable] = field(default_factory=list)

    @property
    def changed(self) -> list[Syllable]:
        """The tokens whose text changed."""
        return [s for s in self.syllables if s.changed]


def ocr_case(token: str) -> str:
    """The case pattern of an OCR token with the characters that stand for marked vowels left
    out: OCR reads "ở", "ộ" as a capital O or a digit ("SO" for "Sở", "cOng" for "công")."""
    letters = "".join(ch for ch in token if ch.isalpha() and ch not in "O")
    if not letters:
        return token
    if len(letters) == 1 and letters.isupper():
        return letters + "x"  # Capitalised
    return letters


def apply_case(model: str, syllable: str) -> str:
    """Return the lowercase ``syllable`` written in the case pattern of ``model``."""
    if model.islower():
        return syllable
    if model.isupper() and len(model) > 1:
        return syllable.upper()
    if model[0].isupper() and (len(model) == 1 or model[1:].islower()):
        return syllable[0].upper() + syllable[1:]
    if len(model) == len(syllable):
        return "".join(s.upper() if m.isupper() else s for m, s in zip(model, syllable, strict=True))
    return syllable[0].upper() + syllable[1:] if model[0].isupper() else syllable


# A code that OCR may have made of a word: letters with a look-alike digit or symbol ("S6",
# "m6i", "ngh¢"); and the emission of leaving such a code as it is.
_OCR_TOKEN = re.compile(r"(?=.*[^\W\d_])[\w¢©€&?’']{1,8}")
KEEP_CODE, KEEP_GARBLE = -8.0, -14.0
# Weight of the OCR confusion model against the language model (it was learned on rendered
# pages; real scans misread in their own ways).
OCR_EMISSION_WEIGHT = 1.0
# A Capitalised word inside a phrase whose best reading is less sure than this stays as written.
NAME_CONFIDENCE = 0.6


class _Lattice:
    """The text cut into separators and tokens, and for every position of the model's sequence
    its row of candidate ids and emission log-probabilities."""

    def __init__(self, text: str, editable: set[int] | None, ocr: bool = False) -> None:
        lm = load()
        self.lm = lm
        self.table = stripped_table()
        self.ocr = ocr_candidates() if ocr else None
        self.row_ids: list[np.ndarray] = []
        self.row_emit: list[np.ndarray] = []
        self.row_of: dict[object, int] = {}
        self.parts = parts = split(text)
        toks, seps = parts[1::2], parts[0:-1:2]
        n = len(toks)
        sep_code = {sep: separator(sep) for sep in dict.fromkeys(seps)}
        lay = layout(np.fromiter(map(sep_code.__getitem__, seps), dtype=np.int64, count=n))
        distinct = {tok: i for i, tok in enumerate(dict.fromkeys(toks))}
        tid = np.fromiter(map(distinct.__getitem__, toks), dtype=np.int64, count=n)
        # Per distinct token: the row that keeps it, its candidates inside a phrase (with the case
        # evidence) and at a phrase start (without), and whether it has a real choice.
        info = np.array([self._classify(tok) for tok in distinct], dtype=np.int64).reshape(-1, 4)
        fixed, inside, first, choice = (info[tid, j] for j in range(4))
        index = lm.index
        titled = np.array([case_class(tok) == "t" and tok.lower() in index for tok in distinct], dtype=bool)
        choice = choice.astype(bool)
        if editable is not None:
            newlines = np.fromiter((sep.count("\n") for sep in seps), dtype=np.int64, count=n)
            choice &= np.isin(np.cumsum(newlines), list(editable))
        rows = np.empty(lay.size, dtype=np.int64)
        rows[lay.token_pos] = np.where(choice, np.where(lay.token_first, first, inside), fixed)
        rows[lay.punct_pos] = np.where(lay.punct_code == COMMA, self._fixed(lm.comma), self._fixed(lm.punct))
        chosen = np.flatnonzero(choice)
        self.rows = rows
        self.lengths = lay.lengths
        self.edits = (2 * chosen + 1).tolist()  # index into parts of each token with a choice
        self.edit_rows = lay.token_pos[chosen]  # its position
        self.edit_first = lay.token_first[chosen]  # whether it starts its phrase
        # whether it is Capitalised and, as written, a syllable itself ("Lam"): maybe a name
        self.edit_titled = titled[tid[chosen]] if len(distinct) else np.zeros(0, dtype=bool)

    def _row(self, key: object, ids: np.ndarray, emit: np.ndarray | None = None) -> int:
        r = self.row_of.get(key)
        if r is None:
            r = self.row_of[key] = len(self.row_ids)
            self.row_ids.append(ids)
            self.row_emit.append(np.zeros(len(ids), dtype=np.float32) if emit is None else emit)
        return r

    def _fixed(self, wid: int) -> int:
        return self._row(wid, np.array([wid]))

    def _classify(self, tok: str) -> tuple[int, int, int, int]:
        lm = self.lm
        k = kind(tok)
        if k == "number" or (k == "code" and not (self.ocr and _OCR_TOKEN.fullmatch(tok))):
            fixed = self._fixed(lm.num if k == "number" else lm.unk)
            return fixed, fixed, fixed, 0
        lower = tok.lower()
        index = lm.index
        wid = index.get(canonical(lower), index.get(lower, lm.unk)) if k == "word" else lm.unk
        fixed = self._fixed(wid)
        cls = case_class(tok)
        if self.ocr is not None:
            if k == "word" and tok.isupper() and len(tok) > 1 and strip(lower) not in self.table.table:
                return fixed, fixed, fixed, 0  # an abbreviation ("CVP", "VNPT")
            if len(tok) == 1 and lower not in self.table.table:
                return fixed, fixed, fixed, 0  # "b)" numbers a list item
            if any(a.islower() and b.isupper() and b != "O" for a, b in pairwise(tok)):
                return fixed, fixed, fixed, 0  # a name such as "iGate", "VNeID"
            got = self.ocr.get(lower, near=sum(ch.isupper() for ch in tok) < 2)
            if got is None:
                return fixed, fixed, fixed, 0
            ids, emit = got
            emit = emit * OCR_EMISSION_WEIGHT
            if k == "code":  # "S6" may be "Số", or a code after all ("A4"); "S&" is no code
                keep = KEEP_CODE if any(ch.isdigit() for ch in tok) else KEEP_GARBLE
                ids, emit = np.append(ids, lm.unk), np.append(emit, keep).astype(np.float32)
            inside = self._row(("ocr", lower, cls), ids, emit + case_emission(lm, ids, cls))
            return fixed, inside, self._row(("ocr", lower), ids, emit), 1
        if lower.isascii():
            ids = self.table.get(lower)
            if ids is not None and (len(ids) > 1 or ids[0] != wid):
                inside = self._row((lower, cls), ids, case_emission(lm, ids, cls))
                return fixed, inside, self._row(lower, ids), 1
        return fixed, fixed, fixed, 0

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Candidate ids and emission log-probabilities, (positions, K)."""
        k = max((len(ids) for ids in self.row_ids), default=1)
        table = np.zeros((len(self.row_ids), k), dtype=np.uint32)
        emit = np.full((len(self.row_ids), k), NEG, dtype=np.float32)
        for r, (ids, e) in enumerate(zip(self.row_ids, self.row_emit, strict=True)):
            table[r, :len(ids)] = ids
            emit[r, :len(ids)] = e
        return table[self.rows], emit[self.rows]

    def where(self) -> list[tuple[int, int, int]]:
        """(line, start, end) of each token with a choice, in the order of ``edits``."""
        out = []
        parts = self.parts
        line, col = 0, 0
        targets = iter(self.edits)
        nxt = next(targets, None)
        for i, part in enumerate(parts):
            if i == nxt:
                out.append((line, col, col + len(part)))
                nxt = next(targets, None)
            if i % 2 == 0 and "\n" in part:
                line += part.count("\n")
                col = len(part) - part.rindex("\n") - 1
            else:
                col += len(part)
        return out


def _alternatives(lm, cand: np.ndarray, emit: np.ndarray, chosen: np.ndarray, lengths: np.ndarray,
                  positions: np.ndarray) -> np.ndarray:
    """Probability of each candidate at ``positions`` given the chosen syllables around it:
    emission + the three trigram terms it takes part in, normalised over the candidates."""
    n = len(chosen)
    phrase = np.repeat(np.arange(len(lengths)), lengths)
    start = (np.cumsum(lengths) - lengths)[phrase]
    end = start + lengths[phrase]

    def at(offset: np.ndarray) -> np.ndarray:
        idx = positions + offset
        ok = (idx >= start[positions]) & (idx < end[positions])
        fill = lm.bos if offset < 0 else lm.eos
        return np.where(ok, chosen[np.clip(idx, 0, n - 1)], fill)

    m2, m1, p1, p2 = at(-2), at(-1), at(1), at(2)
    c = cand[positions]  # (m, K)
    shape = c.shape
    bc = np.broadcast_to
    s = lm.score(np.stack([bc(m2[:, None], shape), bc(m1[:, None], shape)], -1), c)
    s = s + lm.score(np.stack([bc(m1[:, None], shape), c], -1), bc(p1[:, None], shape))  # p1 may be </s>
    has_next = (positions + 1) < end[positions]
    after = lm.score(np.stack([c, bc(p1[:, None], shape)], -1), bc(p2[:, None], shape))
    s = s + np.where(has_next[:, None], after, 0.0)
    s = s + emit[positions]
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s)
    return p / p.sum(axis=1, keepdims=True)


def _uncertain_names(lm: LanguageModel, lat: _Lattice, cand: np.ndarray, emit: np.ndarray,
                     chosen: np.ndarray) -> np.ndarray:
    """Edits to leave as written (bool per edit): Capitalised words inside a phrase (names, most
    likely) whose best reading is doubtful, when the word as written is a syllable itself ("Lam"
    may be Lâm, Lam or Làm)."""
    keep = np.zeros(len(lat.edits), dtype=bool)
    names = np.flatnonzero(lat.edit_titled & ~lat.edit_first)
    if len(names):
        probs = _alternatives(lm, cand, emit, chosen, lat.lengths, lat.edit_rows[names])
        keep[names] = probs.max(axis=1) < NAME_CONFIDENCE
    return keep


def restore_text(text: str, editable: Iterable[int] | None = None, alternatives: bool = False,
                 ocr: bool = False) -> tuple[str, list[Syllable]]:
    """Restore the diacritics of ``text`` (only on the lines whose index is in ``editable``, when
    given; the others still serve as context). With ``ocr`` the text is taken for OCR output
    made without Vietnamese data, and every token may be a misreading (the OCR confusion
    model gives the candidates). Returns the new text and, with ``alternatives``, the
    :class:`Syllable` of every token that had a choice (else an empty list)."""
    lm = load()
    lat = _Lattice(text, None if editable is None else set(editable), ocr)
    if not lat.edits:
        return text, []
    cand, emit = lat.arrays()
    lengths = lat.lengths
    choice = decode(lm, cand, emit, lengths)
    positions = lat.edit_rows
    chosen = cand[np.arange(len(cand)), choice]
    vocab = lm.vocab
    case_of = ocr_case if ocr else str
    parts = np.array(lat.parts, dtype=object)
    originals = parts[lat.edits].tolist()
    sids = np.where(_uncertain_names(lm, lat, cand, emit, chosen), lm.unk, chosen[positions]).tolist()
    keys = list(zip(originals, sids, strict=True))
    written = {key: tok if sid == lm.unk else apply_case(case_of(tok), vocab[sid])
               for key in dict.fromkeys(keys) for tok, sid in (key,)}
    parts[lat.edits] = list(map(written.__getitem__, keys))
    records: list[Syllable] = []
    if alternatives:
        probs = _alternatives(lm, cand, emit, chosen, lengths, positions)
        for n, ((li, start, end), original) in enumerate(zip(lat.where(), originals, strict=True)):
            pos = positions[n]
            ids = cand[pos]
            order = np.argsort(-probs[n])
            alts = tuple((original if ids[k] == lm.unk else apply_case(case_of(original), vocab[ids[k]]),
                          float(probs[n, k])) for k in order if emit[pos, k] > NEG / 2)
            records.append(Syllable(li, start, end, original, parts[lat.edits[n]], alts))
    return "".join(parts.tolist()), records


def restore(text: str, ocr: bool = False) -> RestoreResult:
    """Restore the diacritics of ``text`` (``ocr``: see :func:`restore_text`); returns the text and
    every choice with its alternatives."""
    out, records = restore_text(text, alternatives=True, ocr=ocr)
    return RestoreResult(out, records)


def restore_diacritics(text: str) -> str:
    """Return ``text`` with the diacritics of its unaccented syllables restored; words that are
    not Vietnamese syllables (abbreviations, codes, numbers, foreign words) are left alone."""
    return restore_text(text)[0]
