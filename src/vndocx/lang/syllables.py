"""Vietnamese syllables: spelling, tone marks and the inventory of valid syllables.

A written syllable is onset + rhyme + tone. The rhyme carries the vowel-shape marks (ă â ê ô ơ ư)
and the tone sits on one vowel of it. Two tone placements are in use for the open rhymes oa, oe,
uy ("hòa"/"hoà", "thuỷ"/"thủy"); :func:`canonical` rewrites a syllable to the placement on the
first vowel, "hòa", "thủy" (the one the gazette corpus uses twenty times out of twenty-one).

    >>> strip("Nghị quyết")
    'Nghi quyet'
    >>> canonical("thuỷ"), is_syllable("hoà"), is_syllable("tiéng")
    ('thủy', True, False)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

# Combining tone marks: sắc, huyền, hỏi, ngã, nặng.
TONE_MARKS = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn
VOWELS = "aăâeêioôơuưy"
_SHAPED = "ăâêôơư"

ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
          "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x")

# Rhymes without tone, as spelled. Loanword rhymes attested in the word lists (oong, ooc, uơ …) included.
RHYMES = tuple("""
a ai ao au ay am an ang anh ac ach ap at
ăm ăn ăng ăc ăp ăt
âu ây âm ân âng âc âp ât
e eo em en eng ec ep et
ê êu êm ên êng ênh êch êp êt
i ia iu im in inh ich ip it
iêu iêm iên iêng iêc iêp iêt
y yêu yêm yên yêng yêt
o oi om on ong oc op ot oong ooc
oa oai oay oao oam oan oang oanh oac oach oap oat
oăm oăn oăng oăc oăt
oe oeo oem oen oeng oet
ô ôi ôm ôn ông ôc ôp ôt
ơ ơi ơm ơn ơp ơt
u ua ui um un ung uc up ut
uâ uân uâng uât uây
uê uênh uêch uên uêt
uô uôi uôm uôn uông uôc uôt
uơ
uy uya uyu uynh uych uyt uyn uyp
uyê uyên uyêt
ư ưa ưi ưu ưm ưn ưng ưc ưt
ươ ươi ươu ươm ươn ương ươc ươp ươt
""".split())  # noqa: SIM905 - a table laid out by vowel is easier to check than a list

# After qu the glide u is the onset's: "quýt", "quỳnh" spell the rhymes uyt, uynh.
_QU_RHYMES = ("yt", "ynh", "ych", "yn", "yp")
_STOP_FINALS = ("c", "ch", "p", "t")
# Letters that may follow each onset spelling: k/gh/ngh before front vowels, c/g/ng elsewhere.
_FRONT = ("i", "e", "ê", "y")

_ASCII = str.maketrans({
    **{c: "a" for c in "àáảãạăằắẳẵặâầấẩẫậ"}, **{c: "A" for c in "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
    **{c: "e" for c in "èéẻẽẹêềếểễệ"}, **{c: "E" for c in "ÈÉẺẼẸÊỀẾỂỄỆ"},
    **{c: "i" for c in "ìíỉĩị"}, **{c: "I" for c in "ÌÍỈĨỊ"},
    **{c: "o" for c in "òóỏõọôồốổỗộơờớởỡợ"}, **{c: "O" for c in "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
    **{c: "u" for c in "ùúủũụưừứửữự"}, **{c: "U" for c in "ÙÚỦŨỤƯỪỨỬỮỰ"},
    **{c: "y" for c in "ỳýỷỹỵ"}, **{c: "Y" for c in "ỲÝỶỸỴ"},
    "đ": "d", "Đ": "D",
})
# Every letter of the Vietnamese alphabet with its diacritics, both cases, and the ASCII letters.
LETTERS = frozenset(map(chr, _ASCII)) | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


# A character class of the capital letters, Vietnamese ones included, for regexes: "[A-ZĐÀ-Ỹ]"
# would also take the small letters whose code points lie in that range ("đ", "ư", "ế").
CAPITAL = "[" + "".join(sorted(c for c in LETTERS if c.isupper())) + "]"
SMALL = "[" + "".join(sorted(c for c in LETTERS if c.islower())) + "]"


def strip(text: str) -> str:
    """Return ``text`` (NFC) with every Vietnamese diacritic removed and đ/Đ as d/D."""
    return text.translate(_ASCII)


def has_diacritics(text: str) -> bool:
    """Return True when ``text`` contains a Vietnamese letter with a diacritic (đ included)."""
    return strip(text) != text


def split_tone(syllable: str) -> tuple[str, int]:
    """Return the syllable without its tone mark (NFC) and the tone: 0 ngang, 1 sắc, 2 huyền,
    3 hỏi, 4 ngã, 5 nặng. A syllable with several tone marks keeps the last one."""
    tone = 0
    chars = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in TONE_MARKS:
            tone = TONE_MARKS.index(ch) + 1
        else:
            chars.append(ch)
    return unicodedata.normalize("NFC", "".join(chars)), tone


def split_onset(toneless: str) -> tuple[str, str]:
    """Split a lowercase toneless syllable into (onset, rhyme) by spelling; the rhyme may be
    invalid. "gi" and "qu" are onsets when a vowel follows ("gia", "quy"); "gìn" is g + in."""
    for n in (3, 2, 1):
        head = toneless[:n]
        if len(toneless) > n and head in ONSETS:
            if head in ("gi", "qu") and toneless[n] not in VOWELS:
                continue
            return head, toneless[n:]
    if toneless in ("gi",):
        return "g", "i"
    return "", toneless


def _tone_index(onset: str, rhyme: str, alt: bool) -> int:
    """Index inside ``rhyme`` of the vowel that carries the tone mark."""
    vowels = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    if not vowels:
        return -1
    if len(vowels) == 1:
        return vowels[0]
    shaped = [i for i in vowels if rhyme[i] in _SHAPED]
    if shaped:
        return shaped[-1]
    if vowels[-1] < len(rhyme) - 1:  # a final consonant follows: the last vowel
        return vowels[-1]
    cluster = rhyme[vowels[0]:vowels[-1] + 1]
    if cluster in ("oa", "oe", "uy"):
        return vowels[1] if alt else vowels[0]
    if len(vowels) == 3:
        return vowels[1]
    return vowels[0]


def place_tone(toneless: str, tone: int, alt: bool = False) -> str:
    """Return the lowercase toneless syllable with ``tone`` (see :func:`split_tone`) placed on its
    vowel: "hòa", "thủy", or with ``alt`` the other placement "hoà", "thuỷ"."""
    if tone == 0:
        return toneless
    onset, rhyme = split_onset(toneless)
    i = _tone_index(onset, rhyme, alt)
    if i < 0:
        return toneless
    marked = unicodedata.normalize("NFC", rhyme[i] + TONE_MARKS[tone - 1])
    return onset + rhyme[:i] + marked + rhyme[i + 1:]


@lru_cache(maxsize=65536)
def canonical(syllable: str) -> str:
    """Return the syllable (any case) with its tone mark where the corpus puts it ("hòa",
    "thủy"), case kept."""
    lower = syllable.lower()
    toneless, tone = split_tone(lower)
    fixed = place_tone(toneless, tone)
    if fixed == lower:
        return syllable
    return "".join(f.upper() if s.isupper() else f for f, s in zip(fixed, syllable, strict=False))


def _spelling_ok(onset: str, rhyme: str) -> bool:
    first = rhyme[0]
    if onset in ("k", "gh", "ngh"):
        return first in _FRONT
    if onset == "g":  # "gì", "gìn": g before i; "gia", "giêng" are spelled with the onset gi
        return first not in _FRONT or first == "i"
    if onset in ("c", "ng"):
        return first not in _FRONT
    if onset == "qu":
        return first not in ("o", "u", "ư") and not rhyme.startswith("uy")
    if onset == "gi":
        return not rhyme.startswith("i")
    return True


def _tones_for(rhyme: str) -> range | tuple[int, ...]:
    return (1, 5) if rhyme.endswith(_STOP_FINALS) else range(6)


@lru_cache(maxsize=1)
def inventory() -> frozenset[str]:
    """Every valid lowercase syllable (NFC): onset × rhyme × allowed tones, spelled by the rules
    above, in both tone placements."""
    out = set()
    pairs = [*product(ONSETS, RHYMES), *(("qu", r) for r in _QU_RHYMES)]
    for onset, rhyme in pairs:
        if not _spelling_ok(onset, rhyme):
            continue
        # a rhyme starting with y (yên) stands alone or after the glide u (uyên); i-rhymes need
        # no onset-less check: "im", "in", "ích" are words.
        if rhyme.startswith("yê") and onset not in ("", "qu"):
            continue
        toneless = onset + rhyme
        for tone in _tones_for(rhyme):
            out.add(place_tone(toneless, tone))
            out.add(place_tone(toneless, tone, alt=True))
    return frozenset(out)


def is_syllable(token: str) -> bool:
    """Return True when ``token`` (any case, NFC) is a valid Vietnamese syllable."""
    return token.lower() in inventory()


_WORDS = re.compile(r"[^\W\d_]+")


def syllable_share(text: str, capitals: bool = False) -> tuple[float, int]:
    """(share of the words of ``text`` that are Vietnamese syllables, number of words counted):
    words in capitals (abbreviations such as UBND, headings) are left out unless ``capitals``;
    ``(0.0, 0)`` for a text without words."""
    words = [w for w in _WORDS.findall(text) if capitals or not w.isupper()]
    return (sum(map(is_syllable, words)) / len(words), len(words)) if words else (0.0, 0)
