"""Text layers whose font maps some accented glyphs to the wrong letter (a damaged ToUnicode map):
the page shows "chất lượng", the text says "chát lượng", because the font sends ấ to á.

The damage belongs to one font and is systematic: a letter the language needs often never
appears in that font's text, and the letter it collapsed onto stands for both. So, per font:

1. *Missing letters*: accented letters that the font's syllables should hold several times
   (by their frequency in the language model's vocabulary) and never do.
2. *Collapse*: each missing letter may have lost some of its marks (ấ → á or â or a, ổ → ô or
   o). The language model reads the font's syllables with every such letter free to regain the
   marks of a missing letter; a (shown → meant) pair that it takes often, in a good share of
   the syllables that could have it, is the damage.
3. *Repair*: the font's syllables are read again with only those pairs free, the rest of the
   page fixed as context, and the chosen syllables written back in the token's case.

A font with too few syllables to judge is left alone, and so is every font with no missing letter.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

# A font with fewer word tokens than this is not judged.
MIN_FONT_WORDS = 40
# A letter is missing when the font's syllables should hold it at least this many times and hold
# it at most MISSING_SHARE of that.
MIN_EXPECTED, MISSING_SHARE = 2.0, 0.1
# A (shown → meant) pair is damage when the model takes it this many times, in this share of the
# words where it would give a commoner word than the one written.
MIN_TAKEN, TAKEN_SHARE = 2, 0.3
# Log-probability cost of reading a syllable otherwise than as written: the text layer is right
# unless the context says clearly otherwise.
CHANGE_COST = 1.0
# After repair, a font whose words are Vietnamese syllables less often than this is beyond repair.
MIN_VALID_AFTER = 0.8

_SHAPES = {"\u0302": "^", "\u0306": "(", "\u031b": "+"}  # circumflex, breve, horn
_TONES = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def _parts(ch: str) -> tuple[str, str, int]:
    """(base letter, shape mark or "", tone 0–5) of a lowercase letter; đ is d with a stroke "-"."""
    if ch == "đ":
        return "d", "-", 0
    base, shape, tone = "", "", 0
    for c in unicodedata.normalize("NFD", ch):
        if c in _SHAPES:
            shape = _SHAPES[c]
        elif c in _TONES:
            tone = _TONES[c]
        else:
            base += c
    return base, shape, tone


@lru_cache(maxsize=1)
def _letters() -> dict[str, tuple[str, str, int]]:
    """Every lowercase Vietnamese letter with its parts."""
    from vndocx.lang.syllables import LETTERS

    return {ch: _parts(ch) for ch in LETTERS if ch.islower()}


@lru_cache(maxsize=4096)
def lost_marks(meant: str, shown: str) -> bool:
    """Whether ``shown`` is ``meant`` with some of its marks lost (not both equal)."""
    if meant == shown:
        return False
    letters = _letters()
    if meant not in letters or shown not in letters:
        return False
    mb, ms, mt = letters[meant]
    sb, ss, st = letters[shown]
    return mb == sb and ss in ("", ms) and st in (0, mt)


@dataclass
class FontRepair:
    """What was found in one font: the letters it lacks, the damage pairs (shown letter → the
    letters it may stand for), how many of its syllables were read and changed, and whether the
    repaired text still does not read as Vietnamese."""

    font: str
    missing: list[str]
    pairs: dict[str, list[str]] = field(default_factory=dict)
    words: int = 0
    changed: int = 0
    beyond: bool = False

    def describe(self) -> str:
        """One line for the page's warnings."""
        pairs = ", ".join(f"{s}→{'/'.join(m)}" for s, m in sorted(self.pairs.items()))
        if self.beyond:
            return (f"font {self.font}: its glyph map loses marks ({pairs or 'no consistent repair'}) "
                    "and the text stays unreadable")
        return (f"font {self.font}: its glyph map loses marks ({pairs}); {self.changed} of {self.words} "
                "words repaired from the language model")


@lru_cache(maxsize=1)
def _expected() -> dict[str, float]:
    """Expected occurrences of each accented lowercase letter per word of running text, from the
    model's unigram probabilities over its syllables."""
    from vndocx.lang.syllables import has_diacritics, is_syllable
    from vndocx.repair.lm import SPECIALS, load

    lm = load()
    p = np.exp(np.asarray(lm.unigram_logp, dtype=np.float64))
    counts: dict[str, float] = defaultdict(float)
    total = 0.0
    for i, word in enumerate(lm.vocab):
        if i < len(SPECIALS) or not is_syllable(word):
            continue
        total += p[i]
        for ch in word:
            if has_diacritics(ch):
                counts[ch] += p[i]
    return {ch: c / total for ch, c in counts.items()}


@lru_cache(maxsize=1)
def _by_letters() -> dict[str, list[int]]:
    """Stripped spelling → ids of every syllable of the model's vocabulary spelled so."""
    from vndocx.lang.syllables import strip
    from vndocx.repair.lm import SPECIALS, load

    groups: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(load().vocab):
        if i >= len(SPECIALS) and word.isalpha() and word.islower():
            groups[strip(word)].append(i)
    return groups


def missing_letters(words: Sequence[str]) -> list[str]:
    """The accented lowercase letters that ``words`` (one font's word tokens) should hold and
    lack. A font maps its capitals apart from its small letters, so only the small letters of
    words not in capitals are counted."""
    from vndocx.lang.syllables import is_syllable

    counts: Counter[str] = Counter()
    n = 0
    for w in words:
        if w.isalpha() and not w.isupper():
            n += 1
            if is_syllable(w.lower()):
                counts.update(ch for ch in w if ch.islower())
    return sorted(ch for ch, f in _expected().items()
                  if f * n >= MIN_EXPECTED and counts[ch] <= MISSING_SHARE * f * n)


def _candidates(token: str, free: dict[str, set[str]]) -> list[int]:
    """Ids of the syllables ``token`` may stand for when each shown letter ``s`` may be any
    letter of ``free[s]`` (letters in their case: a font maps Ấ apart from ấ); the token as
    written first, when the model has it."""
    from vndocx.lang.syllables import canonical, strip
    from vndocx.repair.lm import load

    lm = load()
    shown = canonical(token)
    own = lm.index.get(shown.lower())
    out = [own] if own is not None else []
    if not any(ch in free for ch in shown):
        return out
    for sid in _by_letters().get(strip(shown.lower()), ()):
        word = lm.vocab[sid]
        if sid != own and len(word) == len(shown) and all(
                m == s or m in free.get(s, ()) for m, s in zip(_cased(word, shown), shown, strict=True)):
            out.append(sid)
    return out


def _cased(word: str, model: str) -> str:
    """``word`` (lowercase) with the case of ``model``, letter for letter (same length)."""
    return "".join(w.upper() if m.isupper() else w for w, m in zip(word, model, strict=True))


def _with_capitals(pairs: dict[str, list[str]], shown: set[str]) -> dict[str, list[str]]:
    """``pairs`` and their capitals, for a capital meant letter that the font never shows while it
    shows the capital it would collapse onto: the capitals of a broken map are seldom common
    enough to be confirmed by themselves."""
    out = {s: list(m) for s, m in pairs.items()}
    for s, meant in pairs.items():
        caps = [m.upper() for m in meant if m.upper() not in shown]
        if caps and s.upper() in shown:
            out[s.upper()] = sorted(set(out.get(s.upper(), [])) | set(caps))
    return out


def _choice(cands: list[int] | None, tok: _Token) -> bool:
    """Whether a token's candidates offer a reading other than the token as written."""
    from vndocx.lang.syllables import canonical
    from vndocx.repair.lm import load

    return bool(cands) and (len(cands) > 1 or cands[0] != load().index.get(canonical(tok.text.lower())))


@dataclass
class _Token:
    line: int
    word: int
    start: int  # offset of the token in its word's text
    end: int
    text: str
    font: str | None


def _decode(tokens: list[_Token], seps: list[str], cands: list[list[int] | None]) -> list[int | None]:
    """The syllable id chosen for each token with candidates (``None`` elsewhere)."""
    from vndocx.lang.syllables import canonical
    from vndocx.repair.case import case_class, case_emission
    from vndocx.repair.decode import NEG, decode
    from vndocx.repair.lm import load
    from vndocx.repair.restorer import CASE_WEIGHT
    from vndocx.repair.tokens import BREAK, COMMA, case_neutral, kind, layout, separator

    lm = load()
    lay = layout(np.array([separator(s) for s in seps], dtype=np.int64))
    k = max((len(c) for c in cands if c), default=1)
    cand = np.zeros((lay.size, k), dtype=np.uint32)
    emit = np.full((lay.size, k), NEG, dtype=np.float32)
    emit[:, 0] = 0.0
    for pos, code in zip(lay.punct_pos.tolist(), lay.punct_code.tolist(), strict=True):
        cand[pos, 0] = lm.comma if code == COMMA else lm.punct
    for tok, sep, c, pos in zip(tokens, seps, cands, lay.token_pos.tolist(), strict=True):
        if c:
            cand[pos, :len(c)] = c
            own = lm.index.get(canonical(tok.text.lower()))
            emit[pos, :len(c)] = [0.0 if sid == own else -CHANGE_COST for sid in c]
            if separator(sep) != BREAK and not case_neutral(sep):
                # a capital inside a phrase is evidence of a name or a title word ("Tân", "Sở")
                emit[pos, :len(c)] += CASE_WEIGHT * case_emission(lm, np.array(c), case_class(tok.text))
        else:
            t = kind(tok.text)
            lower = tok.text.lower()
            cand[pos, 0] = lm.num if t == "number" else lm.index.get(canonical(lower), lm.index.get(lower, lm.unk))
    # only the phrases that hold a choice are searched: the rest of the text is fixed
    lengths = lay.lengths
    phrase = np.repeat(np.arange(len(lengths)), lengths)
    open_ = np.zeros(len(lengths), dtype=bool)
    open_[phrase[[pos for c, pos in zip(cands, lay.token_pos.tolist(), strict=True) if c]]] = True
    keep = open_[phrase]
    choice = np.zeros(lay.size, dtype=np.int64)
    if keep.any():
        choice[keep] = decode(lm, cand[keep], emit[keep], lengths[open_])
    return [int(cand[pos, choice[pos]]) if c else None
            for c, pos in zip(cands, lay.token_pos.tolist(), strict=True)]


def _tokens(lines: Sequence[Sequence[tuple[str, str | None]]]) -> tuple[list[_Token], list[str]]:
    """The model's tokens of the page (words joined by spaces, lines by line breaks) with the
    font of the word each lies in, and the separator before each token."""
    from vndocx.repair.tokens import split

    tokens: list[_Token] = []
    seps: list[str] = []
    pending = ""
    for li, line in enumerate(lines):
        if li:
            pending += "\n"
        for wi, (text, font) in enumerate(line):
            if wi:
                pending += " "
            parts = split(text)
            at = 0
            for i, part in enumerate(parts):
                if i % 2:
                    tokens.append(_Token(li, wi, at, at + len(part), part, font))
                    seps.append(pending)
                    pending = ""
                else:
                    pending += part
                at += len(part)
    return tokens, seps


def _name_like(text: str, sep: str) -> bool:
    """Whether a token is Capitalised inside a phrase: a name or a title word."""
    from vndocx.repair.tokens import BREAK, separator

    return text[:1].isupper() and not text.isupper() and separator(sep) != BREAK


def _free(pairs: dict[str, list[str]]) -> dict[str, set[str]]:
    return {s: set(m) for s, m in pairs.items()}


def repair_fonts(lines: Sequence[Sequence[tuple[str, str | None]]]
                 ) -> tuple[list[list[str]], list[FontRepair]]:
    """Find and repair fonts whose glyph map loses marks. ``lines`` is the document in reading
    order, each line a list of (word text, font name) pairs (an empty line between pages).
    Returns the words' texts (same shape, repaired where a font was found damaged) and a
    :class:`FontRepair` for each font that was repaired or lacks letters it should have
    (``pairs`` empty when no damage was confirmed).

    A font not found damaged by itself (too few words to judge: a bold title, a signer's name)
    is read with the damage found in the document's other fonts, for the letters it never shows:
    a producer that broke one font's map broke its siblings' too, and a letter the font does show
    is intact."""
    from vndocx.lang.syllables import is_syllable

    out = [[text for text, _ in line] for line in lines]
    tokens, seps = _tokens(lines)
    by_font: dict[str | None, list[int]] = defaultdict(list)
    for i, tok in enumerate(tokens):
        if tok.text.isalpha():
            by_font[tok.font].append(i)
    reports: list[FontRepair] = []
    for font, idx in by_font.items():
        if font is None or len(idx) < MIN_FONT_WORDS:
            continue
        missing = missing_letters([tokens[i].text for i in idx])
        if missing:
            reports.append(_repair_font(font, missing, idx, tokens, seps, out))
    found: dict[str, set[str]] = defaultdict(set)
    for rep in reports:
        for shown, meant in rep.pairs.items():
            found[shown].update(meant)
    if found:
        damaged = {rep.font for rep in reports if rep.pairs}
        for font, idx in by_font.items():
            if font is None or font in damaged:
                continue
            seen = {ch for i in idx for ch in tokens[i].text}
            pairs = {s: sorted(m - seen) for s, m in found.items() if s in seen and m - seen}
            if pairs:
                changed = _apply(font, pairs, idx, tokens, seps, out)
                if changed:
                    reports = [r for r in reports if r.font != font]
                    reports.append(FontRepair(font, sorted({m for ms in pairs.values() for m in ms}), pairs,
                                              len(idx), changed))
    for rep in reports:
        if rep.pairs:
            words = [out[t.line][t.word][t.start:t.end] for t in (tokens[i] for i in by_font[rep.font])]
            judged = [w.lower() for w in words if not w.isupper()]
            rep.beyond = sum(map(is_syllable, judged)) < MIN_VALID_AFTER * len(judged)
    return out, reports


def _repair_font(font: str, missing: list[str], idx: list[int], tokens: list[_Token], seps: list[str],
                 out: list[list[str]]) -> FontRepair:
    """Confirm the damage of one font that lacks ``missing`` letters and repair its words in
    ``out`` (in place)."""
    from vndocx.lang.syllables import canonical
    from vndocx.repair.lm import load

    lm = load()
    rep = FontRepair(font=font, missing=missing, words=len(idx))
    letters = _letters()
    free = {s: {m for m in missing if lost_marks(m, s)} for s in letters}
    free = {s: m for s, m in free.items() if m}
    mine = set(idx)

    logp = lm.unigram_logp

    def commoner(c: list[int], tok: _Token) -> list[int]:
        # damage turns common words into rare ones ("chất" into "chát"): to confirm it, only
        # readings commoner than the word as written are worth the model's look
        own = lm.index.get(canonical(tok.text.lower()))
        return c if own is None else [sid for sid in c if sid == own or logp[sid] > logp[own]]

    found: dict[str, list[int] | None] = {}
    for i in idx:
        tok = tokens[i]
        if tok.text not in found:
            c = commoner(_candidates(tok.text, free), tok)
            found[tok.text] = c if _choice(c, tok) else None
    chosen = _decode(tokens, seps, [found.get(t.text) if i in mine else None for i, t in enumerate(tokens)])
    could: Counter[tuple[str, str]] = Counter()
    taken: Counter[tuple[str, str]] = Counter()
    offered: dict[str, set[tuple[str, str]]] = {}  # token → the pairs its readings use
    for text, c in found.items():
        shown = canonical(text)
        offered[text] = {(s, m) for sid in c or () if len(lm.vocab[sid]) == len(shown)
                         for m, s in zip(_cased(lm.vocab[sid], shown), shown, strict=True) if m != s}
    for i in idx:
        if _name_like(tokens[i].text, seps[i]):
            continue  # names ("Tân", "Ngọ") are where the model knows least: no evidence
        shown = canonical(tokens[i].text)
        could.update(offered[tokens[i].text])
        sid = chosen[i]
        if sid is None or len(lm.vocab[sid]) != len(shown):
            continue
        for pair in {(s, m) for m, s in zip(_cased(lm.vocab[sid], shown), shown, strict=True) if m != s}:
            taken[pair] += 1
    # a broken glyph maps to one wrong letter: each meant letter keeps the shown one taken most
    best: dict[str, tuple[int, str]] = {}
    for (s, m), n in taken.items():
        if n >= MIN_TAKEN and n >= TAKEN_SHARE * could[s, m] and n > best.get(m, (0, ""))[0]:
            best[m] = (n, s)
    pairs: dict[str, list[str]] = defaultdict(list)
    for m, (_, s) in best.items():
        pairs[s].append(m)
    if pairs:
        shown_letters = {ch for i in idx for ch in tokens[i].text}
        rep.pairs = _with_capitals({s: sorted(m) for s, m in pairs.items()}, shown_letters)
        rep.changed = _apply(font, rep.pairs, idx, tokens, seps, out)
    return rep


def _apply(font: str, pairs: dict[str, list[str]], idx: list[int], tokens: list[_Token], seps: list[str],
           out: list[list[str]]) -> int:
    """Read the words ``idx`` of ``font`` again with each shown letter of ``pairs`` free to be the
    letters it stands for, write the changed ones into ``out``; returns how many changed."""
    from vndocx.lang.syllables import canonical
    from vndocx.repair.lm import load
    from vndocx.repair.restorer import apply_case

    lm = load()
    free = _free(pairs)
    mine = set(idx)
    found: dict[str, list[int] | None] = {}
    for i in idx:
        tok = tokens[i]
        if tok.text not in found:
            c = _candidates(tok.text, free)
            found[tok.text] = c if _choice(c, tok) else None
    chosen = _decode(tokens, seps, [found.get(t.text) if i in mine else None for i, t in enumerate(tokens)])
    changed = 0
    for i in idx:
        sid, tok = chosen[i], tokens[i]
        if sid is None or lm.vocab[sid] == canonical(tok.text.lower()):
            continue
        new = apply_case(tok.text, lm.vocab[sid])
        if len(new) != len(tok.text):
            continue
        text = out[tok.line][tok.word]
        out[tok.line][tok.word] = text[:tok.start] + new + text[tok.end:]
        changed += 1
    return changed
