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
from functools import lru_cache
from itertools import pairwise
from typing import overload

import numpy as np

from vndocx.lang.syllables import canonical, strip
from vndocx.repair.candidates import ocr_candidates, stripped_table
from vndocx.repair.case import case_class, case_emission
from vndocx.repair.decode import NEG, decode_tables, table_alternatives
from vndocx.repair.lines import line_stats
from vndocx.repair.lm import LanguageModel, load
from vndocx.repair.places import MAX_WORDS as MAX_PLACE_WORDS
from vndocx.repair.places import places
from vndocx.repair.tokens import COMMA, case_neutral, kind, layout, separator, split


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
# A Capitalised word inside a phrase whose best reading is less sure than this stays as written
# (0.6 before issue 14: it left too many "Phong", "Tinh" unrestored on real documents).
NAME_CONFIDENCE = 0.3
# A capital after punctuation (a list item's "- Họp", "(Sáng") is no evidence of a name or title
# word (:func:`vndocx.repair.tokens.case_neutral`).
CASE_NEUTRAL_AFTER_BREAKS = True
# Capitalised words that spell a locality name of the model's list are restored as listed.
PLACE_NAMES = True
# The last word (without marks) of the kinds of locality a name follows: tỉnh, huyện, quận, xã,
# thị xã, phường, thành phố, thị trấn, đặc khu.
PLACE_KINDS = frozenset({"tinh", "huyen", "quan", "xa", "phuong", "pho", "tran", "khu"})
# Weight of the case evidence: it is learned on the national gazette, where "tỉnh", "họp" are
# almost never Capitalised; local documents capitalise them far more often ("Tỉnh ủy").
CASE_WEIGHT = 0.5


@lru_cache(maxsize=100_000)
def _plain_token(tok: str, case_weight: float) -> tuple[int, tuple[str, str], np.ndarray | None, np.ndarray | None]:
    """For text without marks (not OCR): the id that keeps ``tok``, and when it has a real choice
    the row key, its candidate ids and their emissions inside a phrase (the case evidence)."""
    lm = load()
    k = kind(tok)
    if k != "word":
        return (lm.num if k == "number" else lm.unk), ("", ""), None, None
    lower = tok.lower()
    index = lm.index
    wid = index.get(canonical(lower), index.get(lower, lm.unk))
    cls = case_class(tok)
    if lower.isascii():
        ids = stripped_table().get(lower)
        if ids is not None and (len(ids) > 1 or ids[0] != wid):
            return wid, (lower, cls), ids, case_weight * case_emission(lm, ids, cls)
    return wid, (lower, cls), None, None


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
        # each separator as the index of its distinct text: what it says is then read per distinct one
        sep_of = {sep: i for i, sep in enumerate(dict.fromkeys(seps))}
        self.sep_texts = list(sep_of)
        self.sep_ids = sid = np.fromiter(map(sep_of.__getitem__, seps), dtype=np.int64, count=n)
        lay = layout(np.array([separator(sep) for sep in sep_of], dtype=np.int64)[sid])
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
        # no case evidence at a phrase start, nor after punctuation
        plain = lay.token_first.copy()
        if CASE_NEUTRAL_AFTER_BREAKS:
            plain |= np.array([case_neutral(sep) for sep in sep_of], dtype=bool)[sid]
        rows[lay.token_pos] = np.where(choice, np.where(plain, first, inside), fixed)
        rows[lay.punct_pos] = np.where(lay.punct_code == COMMA, self._fixed(lm.comma), self._fixed(lm.punct))
        if PLACE_NAMES:
            self._place_names(toks, seps, tid, distinct, choice, rows, lay.token_pos)
        chosen = np.flatnonzero(choice)
        self.rows = rows
        self.lengths = lay.lengths
        self.edits = (2 * chosen + 1).tolist()  # index into parts of each token with a choice
        self.edit_rows = lay.token_pos[chosen]  # its position
        self.edit_first = plain[chosen]  # whether its capital says nothing (phrase start, after punctuation)
        # whether it is Capitalised and, as written, a syllable itself ("Lam"): maybe a name
        self.edit_titled = titled[tid[chosen]] if len(distinct) else np.zeros(0, dtype=bool)

    def _place_names(self, toks: list[str], seps: list[str], tid: np.ndarray, distinct: dict[str, int],
                     choice: np.ndarray, rows: np.ndarray, token_pos: np.ndarray) -> None:
        """Runs of Capitalised words, one space apart, that spell a listed locality name: their
        candidates become the name's syllables (:mod:`vndocx.repair.places`)."""
        table = places()
        if table is None or len(toks) < 2:
            return
        capital = np.array([t.isascii() and t.isalpha() and t[0].isupper() and (len(t) == 1 or t[1:].islower())
                            for t in distinct], dtype=bool)[tid]
        # the separators are looked at only where two Capitalised words meet (few of them)
        starts = np.flatnonzero(capital[:-1] & capital[1:] & choice[:-1])
        end = -1
        for i in starts.tolist():
            if i < end or seps[i + 1] != " ":
                continue
            j = i + 2
            while j < len(toks) and j - i < MAX_PLACE_WORDS and capital[j] and seps[j] == " ":
                j += 1
            got = table.match(toks[i:j])
            if got is None:
                continue
            n, ids = got
            # only after the kind of locality ("xã", "phường", "thành phố", …) or before the date
            # of the place-and-date line ("…, ngày 3 tháng 4 năm 2026"): persons and bodies share
            # names with places ("Bộ Y tế", a ward "Bờ Y")
            after_kind = i > 0 and seps[i] == " " and strip(toks[i - 1]).lower() in PLACE_KINDS
            before_date = (i + n < len(toks) and seps[i + n].strip() == ","
                           and strip(toks[i + n]).lower() == "ngay")
            if not (after_kind or before_date):
                continue
            for k in range(n):
                if choice[i + k]:
                    rows[token_pos[i + k]] = self._row(("place", *ids[k].tolist()), ids[k])
            end = i + n

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
        if self.ocr is None:  # the common case, its work cached per token
            wid, key, ids, inside_emit = _plain_token(tok, CASE_WEIGHT)
            fixed = self._fixed(wid)
            if ids is None:
                return fixed, fixed, fixed, 0
            return fixed, self._row(key, ids, inside_emit), self._row(key[0], ids), 1
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
                inside = self._row((lower, cls), ids, CASE_WEIGHT * case_emission(lm, ids, cls))
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
    emission + the n-gram terms it takes part in, normalised over the candidates."""
    return _local_probabilities(lm, cand[positions], emit[positions], chosen, lengths, positions)


def _local_probabilities(lm: LanguageModel, c: np.ndarray, emitted: np.ndarray, chosen: np.ndarray,
                         lengths: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """:func:`_alternatives` for the candidate ids ``c`` (m, K') at ``positions`` and their
    emissions ``emitted`` (m, K'), which may be a selection of the lattice's columns."""
    n = len(chosen)
    phrase = np.repeat(np.arange(len(lengths)), lengths)
    start = (np.cumsum(lengths) - lengths)[phrase]
    end = start + lengths[phrase]
    order = lm.order

    def at(offset: int) -> np.ndarray:
        idx = positions + offset
        ok = (idx >= start[positions]) & (idx < end[positions])
        fill = lm.bos if offset < 0 else lm.eos
        return np.where(ok, chosen[np.clip(idx, 0, n - 1)], fill)

    shape = c.shape
    bc = np.broadcast_to
    s = None
    for d in range(order):  # the n-gram ending d positions after the candidate
        cols = [c if off == 0 else bc(at(off)[:, None], shape) for off in range(d - order + 1, d + 1)]
        term = lm.score(np.stack(cols[:-1], -1), cols[-1])
        if d >= 2:  # it exists while the phrase goes on after the candidate's next position
            has = (positions + d - 1) < end[positions]
            term = np.where(has[:, None], term, 0.0)
        s = term if s is None else s + term
    s = s + emitted
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s)
    return p / p.sum(axis=1, keepdims=True)


def _probabilities(lm: LanguageModel, cand: np.ndarray, emit: np.ndarray, choice: np.ndarray,
                   chosen: np.ndarray, lengths: np.ndarray, positions: np.ndarray,
                   tables: list[np.ndarray] | None) -> np.ndarray:
    """:func:`_alternatives`, read from the search's n-gram tables when it kept them."""
    if tables is not None:
        return table_alternatives(tables, emit, choice, lengths, positions)
    return _alternatives(lm, cand, emit, chosen, lengths, positions)


def _uncertain_names(lm: LanguageModel, lat: _Lattice, cand: np.ndarray, emit: np.ndarray,
                     choice: np.ndarray, chosen: np.ndarray, tables: list[np.ndarray] | None) -> np.ndarray:
    """Edits to leave as written (bool per edit): Capitalised words inside a phrase (names, most
    likely) whose best reading is doubtful, when the word as written is a syllable itself ("Lam"
    may be Lâm, Lam or Làm)."""
    keep = np.zeros(len(lat.edits), dtype=bool)
    names = np.flatnonzero(lat.edit_titled & ~lat.edit_first)
    if len(names):
        probs = _probabilities(lm, cand, emit, choice, chosen, lat.lengths, lat.edit_rows[names], tables)
        keep[names] = probs.max(axis=1) < NAME_CONFIDENCE
    return keep


def restore_text(text: str, editable: Iterable[int] | None = None, alternatives: bool = False,
                 ocr: bool = False) -> tuple[str, list[Syllable]]:
    """Restore the diacritics of ``text`` (only on the lines whose index is in ``editable``, when
    given; the others still serve as context). With ``ocr`` the text is taken for OCR output
    made without Vietnamese data, and every token may be a misreading (the OCR confusion
    model gives the candidates). Returns the new text and, with ``alternatives``, the
    :class:`Syllable` of every token that had a choice (else an empty list)."""
    out, records, _ = _restore(text, editable, alternatives, ocr)
    return out, records


# A line repaired from OCR output is beyond repair when at least BEYOND_SHARE of its words (and
# BEYOND_MIN_TOKENS of them) are still garbled after repair or were changed to a reading this
# unlikely to be read as written (natural log, under the OCR confusion model).
BEYOND_EMISSION, BEYOND_SHARE, BEYOND_MIN_TOKENS = -9.0, 0.5, 2


def repair_ocr_lines(text: str, editable: Iterable[int] | None = None) -> tuple[str, list[int]]:
    """:func:`restore_text` with ``ocr``, and the lines beyond repair: where most words are noise
    or readings the OCR confusion model finds very unlikely, a repair would be a guess. Those
    lines come back as they were; returns the text and their indices."""
    out, _, (lat, emitted) = _restore(text, editable, False, True)
    if lat is None:
        return out, []
    low: dict[int, int] = {}
    for (li, _, _), e in zip(lat.where(), emitted.tolist(), strict=True):
        low[li] = low.get(li, 0) + (e < BEYOND_EMISSION)
    old, new = text.split("\n"), out.split("\n")
    beyond = []
    for li in sorted(set(range(len(old))) if editable is None else set(editable)):
        stats = line_stats(new[li])
        bad = stats.garbled + low.get(li, 0)
        if bad >= BEYOND_MIN_TOKENS and bad >= BEYOND_SHARE * max(stats.words, 1):
            beyond.append(li)
            new[li] = old[li]
    return ("\n".join(new) if beyond else out), beyond


# Adaptation to the text at hand (a cache model, Kuhn & De Mori 1990, as unigram rescaling): the
# search's choices say which reading of each spelling this text uses; a reading it uses more
# often than the corpus does gains ADAPT_WEIGHT × log(its share here / its corpus share), one it
# uses less loses as much, and the tokens where that favours a reading not chosen by ADAPT_GAIN
# nats or more are chosen again (:func:`_adapt_choice`). The share here is smoothed toward the
# corpus with ADAPT_PRIOR pseudo-counts and only counted for spellings seen ADAPT_MIN times, in
# texts of ADAPT_TOKENS tokens with a choice or more (a line has too few to tell anything).
ADAPT_WEIGHT, ADAPT_PRIOR, ADAPT_MIN, ADAPT_GAIN, ADAPT_TOKENS = 0.75, 2.0, 3, 0.3, 40


def _adaptation(lm: LanguageModel, cand: np.ndarray, emit: np.ndarray, chosen: np.ndarray,
                positions: np.ndarray, group: np.ndarray | None = None) -> np.ndarray | None:
    """The emission bias (positions, K) of the text's own use of each reading (see ADAPT_WEIGHT),
    from the ids chosen at the tokens with a choice; None when no spelling is seen often enough
    or the text has fewer than ADAPT_TOKENS such tokens. With ``group`` (per position, the index
    of the text it belongs to: the items of a list), each text is adapted to itself alone."""
    c = cand[positions]
    alive = emit[positions] > NEG / 2
    # every syllable id has one stripped spelling: counting the chosen ids counts, per spelling,
    # how often the text chose each of its readings
    if group is None:
        if len(positions) < ADAPT_TOKENS:
            return None
        picked = np.bincount(chosen[positions], minlength=len(lm.vocab)).astype(np.float32)
        doc = np.where(alive, picked[c], 0.0)
    else:
        big = np.flatnonzero(np.bincount(group)[group] >= ADAPT_TOKENS)
        if not len(big):
            return None
        keys = group[big].astype(np.int64) * len(lm.vocab) + chosen[positions[big]]
        uniq, counts = np.unique(keys, return_counts=True)
        query = group[big].astype(np.int64)[:, None] * len(lm.vocab) + c[big]
        at = np.minimum(np.searchsorted(uniq, query), len(uniq) - 1)
        doc = np.zeros(c.shape, dtype=np.float32)
        doc[big] = np.where(alive[big] & (uniq[at] == query), counts[at], 0)
    total = doc.sum(axis=1, keepdims=True)
    bg = np.where(alive, lm.unigram_count[c].astype(np.float32) + 0.5, 0.0)
    bg /= bg.sum(axis=1, keepdims=True)
    share = (doc + ADAPT_PRIOR * bg) / (total + ADAPT_PRIOR)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(alive & (total >= ADAPT_MIN), np.log(share / bg), 0.0)
    if not ratio.any():
        return None
    bias = np.zeros(emit.shape, dtype=np.float32)
    bias[positions] = ADAPT_WEIGHT * ratio
    return bias


def _adapt_choice(lm: LanguageModel, cand: np.ndarray, emit: np.ndarray, lengths: np.ndarray,
                  choice: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """The choice again, with the adapted emissions ``emit`` (bias included), at the positions
    where the bias favours a reading not chosen by ADAPT_GAIN nats or more: each takes its best
    reading given the chosen neighbours (one sweep of iterated conditional modes; a second search
    of the whole text cost as much as the first and chose no better). Returns the new indices."""
    rows = np.arange(len(cand))
    base = bias[rows, choice]
    gain = np.flatnonzero(bias.max(axis=1) > base + ADAPT_GAIN)
    if not len(gain):
        return choice
    chosen = cand[rows, choice]
    # Only the readings the bias favours over the chosen one can overtake it: the search's choice
    # scored best given its neighbours before the bias. They are scored in groups of like width
    # (most tokens have one such reading, a few up to seven).
    keep = (bias[gain] > base[gain, None]) & (emit[gain] > NEG / 2)
    keep[np.arange(len(gain)), choice[gain]] = True
    width = keep.sum(axis=1)
    cols = np.argsort(~keep, axis=1, kind="stable")
    out = choice.copy()
    low = 0
    for high in (2, 4, 8, cand.shape[1]):
        group = np.flatnonzero((width > low) & (width <= high))
        low = high
        if not len(group):
            continue
        at, k = gain[group], cols[group, :high]
        e = np.where(keep[group[:, None], k], emit[at[:, None], k], NEG)
        probs = _local_probabilities(lm, cand[at[:, None], k], e, chosen, lengths, at)
        out[at] = k[np.arange(len(group)), probs.argmax(axis=1)]
    return out


def _item_of(lat: _Lattice) -> np.ndarray:
    """Per token with a choice, the index of the item it is in, the text being a list's items
    joined by ITEM_SEP (whose paragraph separator no item holds)."""
    cuts = np.array(["\u2029" in sep for sep in lat.sep_texts], dtype=np.int64)[lat.sep_ids]
    return np.cumsum(cuts)[(np.asarray(lat.edits, dtype=np.int64) - 1) // 2]


def _restore(text: str, editable: Iterable[int] | None, alternatives: bool, ocr: bool, items: bool = False
             ) -> tuple[str, list[Syllable], tuple[_Lattice | None, np.ndarray]]:
    """:func:`restore_text`, also returning the lattice and the emission log-probability of the
    reading chosen for every token with a choice. With ``items``, ``text`` is a list's items
    joined by ITEM_SEP, each adapted to itself alone."""
    lm = load()
    lat = _Lattice(text, None if editable is None else set(editable), ocr)
    if not lat.edits:
        return text, [], (None, np.zeros(0, dtype=np.float32))
    cand, emit = lat.arrays()
    lengths = lat.lengths
    choice, tables = decode_tables(lm, cand, emit, lengths)
    positions = lat.edit_rows
    chosen = cand[np.arange(len(cand)), choice]
    if ADAPT_WEIGHT and not ocr and len(positions) >= ADAPT_TOKENS:
        group = _item_of(lat) if items else None
        bias = _adaptation(lm, cand, emit, chosen, positions, group)
        if bias is not None:
            emit = emit + bias
            # the search's n-gram tables stay valid: they hold no emission and are read at the new choice
            choice = _adapt_choice(lm, cand, emit, lengths, choice, bias)
            chosen = cand[np.arange(len(cand)), choice]
    vocab = lm.vocab
    case_of = ocr_case if ocr else str
    parts = np.array(lat.parts, dtype=object)
    originals = parts[lat.edits].tolist()
    uncertain = _uncertain_names(lm, lat, cand, emit, choice, chosen, tables)
    sids = np.where(uncertain, lm.unk, chosen[positions]).tolist()
    keys = list(zip(originals, sids, strict=True))
    written = {key: tok if sid == lm.unk else apply_case(case_of(tok), vocab[sid])
               for key in dict.fromkeys(keys) for tok, sid in (key,)}
    parts[lat.edits] = list(map(written.__getitem__, keys))
    records: list[Syllable] = []
    if alternatives:
        probs = _probabilities(lm, cand, emit, choice, chosen, lengths, positions, tables)
        for n, ((li, start, end), original) in enumerate(zip(lat.where(), originals, strict=True)):
            pos = positions[n]
            ids = cand[pos]
            order = np.argsort(-probs[n])
            alts = tuple((original if ids[k] == lm.unk else apply_case(case_of(original), vocab[ids[k]]),
                          float(probs[n, k])) for k in order if emit[pos, k] > NEG / 2)
            records.append(Syllable(li, start, end, original, parts[lat.edits[n]], alts))
    # a token changed to an unlikely reading: the emission of what was chosen, else 0
    changed = np.array([w != o for w, o in zip(parts[lat.edits].tolist(), originals, strict=True)], dtype=bool)
    emitted = np.where(changed, emit[positions, choice[positions]], 0.0)
    return "".join(parts.tolist()), records, (lat, emitted)


def restore(text: str, ocr: bool = False) -> RestoreResult:
    """Restore the diacritics of ``text`` (``ocr``: see :func:`restore_text`); returns the text and
    every choice with its alternatives."""
    out, records = restore_text(text, alternatives=True, ocr=ocr)
    return RestoreResult(out, records)


# Between the texts of a list restored in one call: a paragraph separator always ends the phrase
# (:func:`vndocx.repair.tokens.separator`), so no text is context for the next.
ITEM_SEP = "\n\u2029\n"


@overload
def restore_diacritics(text: str) -> str: ...
@overload
def restore_diacritics(text: Iterable[str]) -> list[str]: ...


def restore_diacritics(text: str | Iterable[str]) -> str | list[str]:
    """Return ``text`` with the diacritics of its unaccented syllables restored; words that are
    not Vietnamese syllables (abbreviations, codes, numbers, foreign words) are left alone.

    Given a list (any iterable) of texts, restores them in one call, each on its own (none is
    context for another), and returns the list of results: much faster than one call per line.

        >>> restore_diacritics(["Kinh gui So Tai chinh", "Ket qua thuc hien"])
        ['Kính gửi Sở Tài chính', 'Kết quả thực hiện']
    """
    if isinstance(text, str):
        return restore_text(text)[0]
    items = list(text)
    if not all(isinstance(t, str) for t in items):
        raise TypeError("restore_diacritics() takes a string or an iterable of strings")
    if not items:
        return []
    if any("\u2029" in t for t in items):  # cannot be joined safely: one by one
        return [restore_text(t)[0] for t in items]
    out = _restore(ITEM_SEP.join(items), None, False, False, items=True)[0].split(ITEM_SEP)
    if len(out) != len(items):  # restoration keeps separators byte for byte; never happens
        raise AssertionError("restoration changed the separators of the list")
    return out
