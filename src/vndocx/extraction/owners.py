"""Owners: the public bodies a document names, found in text and written the one canonical
way, and lists of them split into bodies.

The gazetteer is built from ``data/bodies.tsv`` (bodies, their other spellings, the head words
of kinds of body, provinces) and ``data/abbreviations.tsv``; a document adds the bodies it
names itself (``Gazetteer.with_names``).

* ``find`` — every body mention in a text: a known name, printed in full or abbreviated
  ("UBND tỉnh", "Sở KH&CN", "VP UBND tỉnh"), in any case and either tone placement ("Uỷ",
  "Ủy"); a head word with the rest of a known name ("Phòng Văn hóa, Thể thao và Du lịch");
  a head word with a capitalised name ("Ban Quản lý Khu du lịch Hồ Xanh") — each followed by
  its locality ("tỉnh", "tỉnh Gia Lai", "xã Ia Hrú", "các xã, phường"). One compiled
  alternation over a token trie; a capitalised first letter is required.
* ``canonical`` — abbreviations expanded, the name spelled as the table spells it, the
  locality kept as printed but normalised ("TỈNH" → "tỉnh"; "xã, phường" stays as printed,
  with or without "các"); a name not found exactly is matched with rapidfuzz against the table and the
  document's own names (OCR damage, missing diacritics). A name still unknown is returned as
  printed — cleaned of list bullets, numbering, "Đối với"/"Về phía", a leading "với"/"cho",
  trailing punctuation and a trailing "(b/c)"-style note, with abbreviations expanded — and
  ``known`` False. A leading "các" is kept: "các Sở" is a class, not a body.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process

from vndocx.extraction import localities
from vndocx.lang.patterns import alternation, is_word, name_tokens, token_trie_regex
from vndocx.lang.rule_tables import BodyRow, load_abbreviations, load_bodies, load_clause_words, load_units
from vndocx.lang.syllables import SMALL
from vndocx.lang.text import fold_space, key, modern_tones, strip_accents

_UPPER = "A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
# Where a mention starts: a capital beginning a word, not inside a symbol ("105/KH-UBND"). It is
# consumed first: a pattern that begins with a character class lets the regex engine skip to the
# next capital at C speed; the trie after it looks back at that letter.
_FIRST = rf"(?-i:[{_UPPER}])(?<![\w&/].)(?<!\w-.)"
_UNITS = tuple(u.word for u in load_units())
_LOCAL_UNITS = tuple(u.word for u in load_units() if u.level == "local")
_FUZZY_CUTOFF = 88.0
_FUZZY_MARGIN = 3.0
# Bullets, numbering and lead words around a name as it comes from a heading or a list.
_LEAD = re.compile(
    r"^(?:\s*(?:[-+•*–]|\(?(?:\d{1,2}|[IVXLivxl]{1,4})[.)]|[a-zđ]\)|Điều\s+\d+\s*[.:]?)\s*)*"
    r"(?:(?:Đối\s+với|Về\s+phía|[Vv]ới|[Cc]ho)\s+)?")
_TRAIL_NOTE = re.compile(r"\s*\((?:[^()]{1,12})\)\s*$")
# Words of a sentence, not of a body's name: the verbs of assignments, and (for _STOP) function
# words; a lower-case run holding one never continues a name.
_WORDS = load_clause_words()
_VERBS = frozenset(_WORDS["verb"])
_STOP = _VERBS | frozenset(_WORDS["function"])
# Where the predicate of a clause begins, as word pairs (so "Chứng thực" or "Tổ chức" inside a
# name is not taken for the verb "thực hiện", "tổ chức"), and the one-word verbs: the end of a
# name that runs on in lower case ("Cục Báo chí chủ trì …"); after "các" the pair is a noun ("các tổ chức").
_PREDICATE_PAIRS = frozenset(tuple(p.split()) for p in _WORDS["predicate"])
_PREDICATE_WORDS = frozenset(_WORDS["predicate_word"])
_RUN_STOP = (_STOP - _VERBS) | _PREDICATE_WORDS
_STOP_IN_TAIL = (_RUN_STOP - {"và"}) | {"thuộc", "trực", "các", "những"}
_PREDICATE_RE = re.compile(r"(?<!các)(?<!những)\s+(?:" + "|".join(sorted(
    (r"\s+".join(pair) for pair in _PREDICATE_PAIRS), key=len, reverse=True)) + r")(?!\w)")
PREDICATE_RE = _PREDICATE_RE  # where the verb of a clause begins, for the task finder
# "…, cơ quan thường trực của" (or in brackets, after a dash) just before a body: a description of
# the body before, so the body it names is no item of the list
_APPOSITION = re.compile(r"(?:[,(]|\s[-–])\s*(?:là\s+)?" + alternation(_WORDS["apposition"], "i")
                         + r"(?:\s+(?:của|thuộc|cho))?\s*$")
_UNNAMED = re.compile(r"(?<!\w)(?:liên\s+quan|khác)(?!\w)")
_QUALIFIERS = r"(?:\s+(?:có\s+)?liên\s+quan|\s+khác|\s+trực\s+thuộc|\s+trên\s+địa\s+bàn(?:\s+tỉnh)?)?"


def in_symbol(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` is inside a document's number and symbol ("2855/QĐ-UBND",
    "12/2026/NĐ-CP"): the run of text with no space around it holds a digit before a slash."""
    start = text.rfind(" ", 0, at) + 1
    return re.match(r"\S*\d/", text[start:at]) is not None


class _Lookups:
    """Everything built once from the data files: lookups, the mention regex, fuzzy keys."""

    def __init__(self) -> None:
        abbreviations = [a for a in load_abbreviations() if a.kind in ("part", "role")]
        self.expansion = {fold_space(a.short): a.expansion for a in abbreviations}
        self.abbrev_re = re.compile(
            r"(?<![\w&/])" + alternation(self.expansion) + r"(?![\w&/])") if self.expansion else None
        terms = {fold_space(a.short): a.expansion for a in load_abbreviations() if a.kind == "term"}
        self.term_re = re.compile(r"(?<![\w&/])" + alternation(terms) + r"(?![\w&/])") if terms else None
        self.terms = terms
        # Names may be written with abbreviations in the table; they are written out here.
        rows = [BodyRow(self.expand(r.name), r.kind, self.expand(r.canonical), r.mark) for r in load_bodies()]
        self.canon: dict[str, str] = {}
        self.kind: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.roles: list[str] = []
        self.generic: list[str] = []
        self.sectors: set[str] = set()
        self.provinces: dict[str, str] = {}
        for row in rows:
            if row.kind == "type":
                self.types[key(row.name)] = row.name
            elif row.kind == "role":
                self.roles.append(row.name)
            elif row.kind == "generic":
                self.generic.append(row.name)
                if row.mark == "sector":
                    self.sectors.add(key(row.name))
            elif row.kind == "province":
                self.provinces[key(row.name)] = row.name
            else:
                self.canon[key(row.name)] = row.canonical
                self.kind.setdefault(row.canonical, "body" if row.kind == "alias" else row.kind)
        for name in localities.provinces():  # the provinces after the 2025 merger; the former ones are in the table
            self.provinces.setdefault(key(name), name)
        names = [row.name for row in rows if row.kind in ("body", "local", "authority", "alias")]
        variants = self._variants(names, [a for a in abbreviations if a.kind == "part"])
        # A head word with the rest of a known name: the tails that begin with a capital.
        self.tails: dict[str, str] = {}  # key of a printed tail → the tail of the canonical name
        for name in variants:
            head, tail = self.split_type(name)
            full = self.canon.get(key(self.expand(name)))
            if head and tail[:1].isupper() and full:
                self.tails.setdefault(key(tail), self.split_type(full)[1])
        printed_tails = [n for n in variants if self.split_type(n)[0] and self.split_type(n)[1][:1].isupper()]
        type_names = list(self.types.values()) + [s for s, e in self.expansion.items() if key(e) in self.types]
        self.mention_re = re.compile(
            _FIRST + r"(?:" + token_trie_regex(variants, True) + "|" + token_trie_regex(type_names, True) + r"\s+"
            + token_trie_regex([self.split_type(n)[1] for n in printed_tails]) + r")(?![\w&])", re.I)
        # a head word before a capital, or one of the types whose names go on in lower case
        lower_types = [r.name for r in rows if r.kind == "type" and r.mark == "lower"]
        self.type_start = re.compile(_FIRST + r"(?:" + token_trie_regex(type_names, True) + rf"\s+(?-i:(?=[{_UPPER}]))|"
                                     + token_trie_regex(lower_types, True) + rf"\s+(?-i:(?={SMALL})))", re.I)
        self.bigrams = {pair for name in names for pair in pairwise(
            t for t in name_tokens(name) if is_word(t))}
        # the same pairs without accents, for names whose diacritics OCR damaged ("Thẻ thao")
        self.bare_bigrams = {(strip_accents(a), strip_accents(b)) for a, b in self.bigrams}
        self.fuzzy = {strip_accents(k): v for k, v in self.canon.items()}
        self.role_re = re.compile(r"^" + alternation(self.roles, "i") + r"(?!\w)")
        generic = alternation(self.generic, "i") + r"(?!\w)"
        self.generic_start = re.compile(generic)
        self.catch_all = re.compile(
            rf"(?i:các|những|mọi)\s+{generic}(?:\s*,\s*{generic})*(?:\s*(?:,|và)\s*{generic})?{_QUALIFIERS}"
            rf"|{generic}(?:\s*,\s*{generic})*\s+(?:có\s+)?liên\s+quan")

    def expand(self, name: str) -> str:
        """``name`` with its abbreviations written out ("Sở KH&CN" → "Sở Khoa học và Công nghệ"),
        not those of a document's number and symbol it cites ("Quyết định số 2855/QĐ-UBND")."""
        if self.abbrev_re is None:
            return name
        return self.abbrev_re.sub(lambda m: m.group() if in_symbol(name, m.start())
                                  else self.expansion[fold_space(m.group())], name)

    def kind_of(self, name: str) -> str:
        """The table's kind of a known name ("body", "local", "authority"), else ""."""
        return self.kind.get(self.canon.get(key(name), ""), "")

    @staticmethod
    def _variants(names: list[str], parts) -> set[str]:
        """Every name and its abbreviated spellings ("Văn phòng UBND", "VP UBND", "VPUBND")."""
        out = set(names)
        for _ in range(2):
            for name in list(out):
                for a in parts:
                    if a.expansion in name and " " not in a.short:
                        out.add(re.sub(rf"(?<!\w){re.escape(a.expansion)}(?!\w)", a.short, name))
        return out

    def split_type(self, name: str) -> tuple[str, str]:
        """(head word, rest) of a name that begins with a kind of body ("Sở", "Văn phòng")."""
        words = name.split()
        for n in range(min(3, len(words) - 1), 0, -1):
            head = " ".join(words[:n])
            if key(head) in self.types:
                return self.types[key(head)], " ".join(words[n:])
        return "", name


_LOOKUPS: _Lookups | None = None


def _lookups() -> _Lookups:
    global _LOOKUPS
    if _LOOKUPS is None:
        _LOOKUPS = _Lookups()
    return _LOOKUPS


_UNIT = alternation(_UNITS, "i")
_NEXT_WORD = re.compile(r"([ \t]*,?[ \t]*)(\w+)")
_PROPER = rf"(?:[{_UPPER}]\w*|\d+)(?:[ \t]+[{_UPPER}]\w*){{0,3}}"  # one line
# a commune or ward may end in a number ("phường Tân An 3", "xã Sơn Kim 1"), never a year or a date
_LOCAL_PROPER = rf"{_PROPER}(?:[ \t]+\d{{1,2}}(?![\w/.,]\d))?"
# A locality as printed: the units (lower case) and then the place's name.
_LOCALITY_PARTS = re.compile(rf"^((?:(?:(?i:các|và|cấp|cơ\s+sở)|{_UNIT}|,)\s*)*)(.*)$")


@lru_cache(maxsize=64)
def _suffix_regex(provinces: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(the locality after a body, a province name, a place after a local body) regexes."""
    local_unit = alternation(_LOCAL_UNITS, "i")
    province = token_trie_regex(provinces)
    suffix = re.compile(
        rf"\s++(?:(?i:các)\s+{_UNIT}(?:\s*,\s*{_UNIT})*(?:\s*,?\s+(?i:và)\s+{_UNIT})?(?!\w)"
        rf"(?:\s+(?i:trực\s+thuộc\s+trung\s+ương)(?!\w))?"
        rf"|{_UNIT}(?:\s*,\s*{_UNIT})+(?!\w)"
        rf"|(?i:tỉnh|thành\s+phố)(?:\s+(?i:{province}))?(?!\w)"
        rf"|{local_unit}(?:\s+{_LOCAL_PROPER})?(?!\w)"
        rf"|(?i:cấp)\s+(?i:tỉnh|huyện|xã|cơ\s+sở)(?!\w)|(?i:các\s+cấp)(?!\w)"
        rf"|(?i:khu\s+vực)\s+(?:[IVXL]{{1,5}}|\d{{1,2}})(?!\w))")
    # possessive leading blanks: each is tried once at the end of a body, not once per blank
    province_re = re.compile(rf"\s++(?i:{province})(?!\w)")
    place = re.compile(rf"\s++(?:(?i:{province})|{_PROPER})(?!\w)")
    return suffix, province_re, place


class Gazetteer:
    """The public bodies known for one document: the national table plus the bodies the
    document names itself. Build with ``Gazetteer.default()`` and ``with_names``."""

    _default: Gazetteer | None = None

    def __init__(self) -> None:
        self._t = _lookups()
        self._doc_canon: dict[str, str] = {}
        self._doc_fuzzy: dict[str, str] = {}  # the table's fuzzy keys and the document's, once it has any
        self._places = dict(self._t.provinces)
        self._suffix, self._province, self._place = _suffix_regex(tuple(sorted(self._places.values())))
        self._doc_re: re.Pattern[str] | None = None
        self._doc_abbrev: dict[str, str] = {}  # the document's own abbreviations → their names
        self._doc_abbrev_re: re.Pattern[str] | None = None
        self._cache: dict[str, tuple[str, bool]] = {}
        self._found: dict[str, tuple[tuple[tuple[int, int], str], ...]] = {}

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer of ``data/bodies.tsv`` and ``data/abbreviations.tsv`` (built once)."""
        if cls._default is None:
            cls._default = cls()
        return cls._default

    def with_names(self, names: Iterable[str], places: Iterable[str] = (),
                   abbreviations: Mapping[str, str] | None = None) -> Gazetteer:
        """A gazetteer that also knows the bodies among ``names`` — recipients, section
        headings ("Sở Khoa học và Công nghệ:", "Đối với UBND các xã, phường") — the place
        names ``places`` (so "tỉnh Lạc Sơn" is one locality) and the document's own
        ``abbreviations`` (written out in names: "HĐTĐKT" → "Hội đồng Thi đua - Khen thưởng").
        Strings that name no body ("Về nhận thức, cách thức làm việc") are ignored."""
        other = copy.copy(self)
        if abbreviations:
            other._doc_abbrev = {**self._doc_abbrev, **abbreviations}
            other._doc_abbrev_re = re.compile(r"(?<![\w&/])" + alternation(other._doc_abbrev) + r"(?![\w&/])")
        other._doc_canon = dict(self._doc_canon)
        other._doc_fuzzy = dict(self._doc_fuzzy)
        other._cache = {}
        other._found = {}
        new_places = {key(p): fold_space(p) for p in places if p and p.strip() and key(p) not in self._places}
        if new_places:
            other._places = {**self._places, **new_places}
            other._suffix, other._province, other._place = _suffix_regex(tuple(sorted(other._places.values())))
        other._add(names)
        return other

    # ---- adding the document's own names

    def _add(self, names: Iterable[str]) -> None:
        new = []
        for raw in names:
            name = self._clean(raw)
            if not name or len(name.split()) > 16:
                continue
            mentions = self.find(name)
            if not mentions or mentions[0][0][0] != 0:
                continue
            if len(mentions) == 1 and mentions[0][0][1] < len(name):
                rest = name[mentions[0][0][1]:]
                if len(name.split()) > 12 or any(w in _VERBS for w in re.findall(r"\w+", rest)):
                    continue  # "Sở Tư pháp hướng dẫn …": a sentence, not a name
                if re.match(r"\s*(?:[,;]|và(?!\w))", rest):
                    continue  # "Vụ … và các cơ quan, đơn vị": a list, whose body the table reads
                canonical = self.canonical(name[:mentions[0][0][1]])[0] + rest
                self._doc_canon[key(canonical)] = canonical
                new.append(canonical)
                continue
            for _, printed in mentions:
                canonical, known = self.canonical(printed)
                if not known:
                    self._doc_canon[key(canonical)] = canonical
                    new.append(canonical)
        if new:
            self._cache.clear()
            self._found.clear()
            self._doc_fuzzy = {**self._t.fuzzy, **{strip_accents(k): v for k, v in self._doc_canon.items()}}
            self._doc_re = re.compile(_FIRST + token_trie_regex(self._doc_canon.values(), True) + r"(?![\w&])", re.I)

    # ---- finding mentions

    def find(self, text: str) -> list[tuple[tuple[int, int], str]]:
        """Every body mention in ``text``, in order and not overlapping, the longest at each
        place: ((start, end), the text printed there), the locality included."""
        found = self._found.get(text)
        if found is None:
            if len(self._found) > 2048:
                self._found.clear()
            found = self._found[text] = self._find(text)
        return list(found)

    def _find(self, text: str) -> tuple[tuple[tuple[int, int], str], ...]:
        t = self._t
        known: list[tuple[int, int]] = []
        for pattern in (t.mention_re, self._doc_re):
            for m in pattern.finditer(text) if pattern is not None else ():
                if text[m.start()].isupper():
                    end = self._damaged_continuation(text, m.start(), m.end())
                    known.append((m.start(), self._extend(text, end, text[m.start():end])))
        unknown: list[tuple[int, int]] = []
        for m in t.type_start.finditer(text):
            if any(s <= m.start() < e for s, e in known):
                continue  # inside a known name: no need to look further
            end = self._fallback_end(text, m.group().strip(), m.end())
            # kept unless it cuts into a known name; one that holds a known name whole is the
            # longer name ("Cục Bưu điện Trung ương", not "Bưu điện")
            if end > m.end() and not any(s < end and m.start() < e and not (m.start() < s and e <= end)
                                         for s, e in known):
                unknown.append((m.start(), self._extend(text, end, "")))
        found = []
        taken_until = -1
        for start, end in sorted(known + unknown, key=lambda c: (c[0], c[0] - c[1])):
            if start >= taken_until:
                found.append(((start, end), text[start:end]))
                taken_until = end
        return tuple(found)

    def _extend(self, text: str, end: int, core: str) -> int:
        """Where a mention whose body ends at ``end`` ends once its locality is added."""
        if core[-6:].casefold().endswith("cơ sở"):
            numbered = re.match(r"\s+\d{1,2}(?!\w)", text[end:end + 4])  # "Thuế cơ sở 3"
            end += numbered.end() if numbered else 0
        numbered = re.match(r"\s+số\s+\d{1,3}(?![\w/.,]\d)(?!\w)", text[end:end + 12])
        if numbered:  # "Ban Quản lý dự án số 2", "Tổ công tác số 01"
            end += numbered.end()
        m = self._suffix.match(text, end)
        if m:
            end = m.end()
        words = text[max(0, end - 12):end].split()
        if words and words[-1].casefold() in ("tỉnh", "phố"):
            p = self._province.match(text, end)  # "Công an tỉnh Gia Lai"
            return p.end() if p else self._damaged_province_end(text, end)
        if not m and core and self._t.kind_of(self.expand(core)) == "local":
            p = self._place.match(text, end)  # "VNPT Gia Lai"
            return p.end() if p else end
        return end

    def _damaged_continuation(self, text: str, start: int, end: int) -> int:
        """Where a known name runs on when OCR damaged the rest of a longer one ("Sở Lao động,
        Thương bình và Xã hội"): the words that follow while each pair is one of a known name's
        (marks ignored), kept only when the whole resolves to a known body; else ``end``."""
        t = self._t
        words = re.findall(r"\w+", text[max(start, end - 20):end])
        prev = strip_accents(modern_tones(words[-1]).casefold()) if words else ""
        pos, best, score = end, end, 0.0
        while pos < end + 120 and (m := _NEXT_WORD.match(text, pos)):
            word = strip_accents(modern_tones(m.group(2)).casefold())
            if (prev, word) not in t.bare_bigrams or "\n" in m.group(1):
                break
            pos, prev = m.end(), word
            name, known = self._canonical(text[start:pos])
            if known and self._known(text[start:pos]) is None:
                closeness = fuzz.ratio(strip_accents(key(text[start:pos])), strip_accents(key(name)))
                if closeness > score:
                    best, score = pos, closeness
        return best

    def _damaged_province_end(self, text: str, end: int) -> int:
        """Where a province name whose marks OCR damaged ends after "tỉnh" ("Khánh Hoa"), or
        ``end`` when the capitalised words there are no province."""
        m = re.match(rf"[ \t]+({_PROPER})", text[end:end + 60])
        if not m:
            return end
        words = list(re.finditer(r"\S+", m.group(1)))
        for n in range(len(words), 0, -1):
            if self._province_spelling(m.group(1)[:words[n - 1].end()]):
                return end + m.start(1) + words[n - 1].end()
        return end

    def _province_spelling(self, printed: str) -> str | None:
        """The province ``printed`` names, exactly or as an OCR-damaged or unmarked form of one."""
        exact = self._places.get(key(printed))
        if exact or len(printed) < 4:
            return exact
        bare = {strip_accents(k): v for k, v in self._places.items()}
        best = process.extract(strip_accents(key(printed)), bare.keys(), scorer=fuzz.ratio, limit=2,
                               score_cutoff=_FUZZY_CUTOFF)
        if not best or (len(best) > 1 and best[0][1] - best[1][1] < _FUZZY_MARGIN
                        and bare[best[0][0]] != bare[best[1][0]]):
            return None
        return bare[best[0][0]]

    def _fallback_end(self, text: str, head: str, pos: int) -> int:
        """End of a capitalised name after a head word: capitalised words, lower-case words
        that follow their neighbour in some known name ("Quản lý"), and short lower-case runs
        that end where the name's grammar does — closed by a capitalised word ("Ban Quản lý
        Khu du lịch Hồ Xanh"), a dash and a capitalised word ("Phòng Báo chí - Xuất bản"), the
        next body of a list ("Cục Báo chí, Cục Di sản"), a verb of the assignment ("… chủ trì")
        or the end of the clause (":", ";", ".", the end of the text)."""
        t = self._t
        if head.isupper() and len(head) > 1 and head not in t.expansion:
            return pos  # a heading in capitals ("VĂN PHÒNG", "CỘNG HÒA XÃ HỘI …") is not a head word ("HĐ" is)
        tokens = []
        closed = True  # whether the words end at the end of a clause rather than at the 16th word
        for m in re.finditer(r"(\s*)(\w+|[^\w\s])", text[pos:pos + 160]):
            if (m.group(2) not in ",-–&" and not m.group(2)[0].isalnum()) or (
                    "\n" in m.group(1) and m.group(2) in "-–") or len(tokens) == 16:
                closed = m.group(2) in ":;." or (m.group(2) in "-–" and "\n" in m.group(1))
                break
            tokens.append((m.group(2), pos + m.start(2), pos + m.end(2)))
        else:
            closed = pos + 160 >= len(text)

        def next_body(k: int) -> bool:
            at = tokens[k][1] if k < len(tokens) else -1
            return at >= 0 and bool(t.mention_re.match(text, at) or t.type_start.match(text, at))

        def opens_name(k: int) -> bool:  # a capitalised word that is not the next body
            return k < len(tokens) and tokens[k][0][0].isupper() and not next_body(k)

        def predicate(k: int) -> bool:  # the clause's verb begins at token k
            low = modern_tones(tokens[k][0]).casefold()
            nxt = modern_tones(tokens[k + 1][0]).casefold() if k + 1 < len(tokens) else ""
            return low in _PREDICATE_WORDS or (low, nxt) in _PREDICATE_PAIRS

        def closes_run(k: int) -> bool:  # what may follow a lower-case run that ends a name
            if k == len(tokens):
                return closed
            if k and self._suffix.match(text, tokens[k - 1][2]):
                return True  # the name's locality follows ("… các tỉnh, thành phố", "… xã Đồi Mai")
            word = tokens[k][0]
            if word in "-–":
                return opens_name(k + 1) or next_body(k + 1)
            if word == ",":
                return next_body(k + 1) or lower_tail(k + 1) is not None or catch_all(k + 1)
            if modern_tones(word).casefold() == "và":
                return next_body(k + 1) or catch_all(k + 1)  # "Vụ … và các cơ quan, đơn vị"
            return predicate(k)

        def catch_all(k: int) -> bool:
            return k < len(tokens) and bool(t.catch_all.match(text, tokens[k][1]))

        def known_pair(a: str | None, b: str) -> bool:
            return bool(a) and ((a, b) in t.bigrams or (strip_accents(a), strip_accents(b)) in t.bare_bigrams)

        def lower_tail(k: int) -> int | None:
            """The end (token index) of lower-case words from k that finish a name — no verb,
            function word or class noun among them, then the end of the clause, the verb, or the
            next body of a list — or None."""
            j = k
            while j < len(tokens) and j - k < 8 and (tokens[j][0][0].islower() or tokens[j][0] == "-") and \
                    tokens[j][0] not in _STOP_IN_TAIL and not predicate(j) and not generic(j):
                j += 1
            if j - k < 2 or tokens[j - 1][0] in ("và", "-"):
                return None
            if j == len(tokens):
                return j if closed else None
            word = tokens[j][0]
            if predicate(j) or word in ":;":
                return j
            if word == "," or modern_tones(word).casefold() == "và":
                return j if next_body(j + 1) else None
            return None

        def generic(k: int) -> bool:
            return bool(t.generic_start.match(text, tokens[k][1]))

        # a type whose name goes on in lower case: its last word is the first of the pairs
        prev = modern_tones(head.split()[-1]).casefold() if tokens and tokens[0][0][0].islower() else None
        end, i = pos, 0
        while i < len(tokens):
            word, _, stop = tokens[i]
            low = modern_tones(word).casefold()
            if word in ",-–&" or low == "và":
                after = modern_tones(tokens[i + 1][0]).casefold() if i + 1 < len(tokens) else ""
                if word == "," and prev and (j := lower_tail(i + 1)) is not None:
                    # "Cục Phát thanh, truyền hình và thông tin điện tử": a name whose parts after
                    # the comma are in lower case, up to where the clause goes on
                    stop, low, i = tokens[j - 1][2], modern_tones(tokens[j - 1][0]).casefold(), j
                    prev, end = low, stop
                    continue
                if not opens_name(i + 1) or (word == "," and not known_pair(prev, after)):
                    break  # a comma goes on only inside a name ("Văn hóa, Thể thao")
                i += 1
                continue
            if word[0].isupper():
                if (i and not opens_name(i)) or (text[stop:stop + 1] == ":" and (
                        not i or tokens[i - 1][0] in ",-–&")):
                    break  # the next body, or a label ("Lưu: VT"; "… Công nghiệp In:" ends a name)
            elif i and tokens[i - 1][0][0].isupper() and predicate(i):
                break  # "Văn phòng Bộ thông báo …": the verb, though "Bộ Thông tin …" makes the pair known
            elif not known_pair(prev, low):
                j = i
                while j < len(tokens) and j - i < 6 and tokens[j][0][0].islower() and \
                        tokens[j][0] not in _RUN_STOP and not predicate(j):
                    j += 1
                if not (prev and j > i and (opens_name(j) or closes_run(j))):
                    break
                stop, low, i = tokens[j - 1][2], modern_tones(tokens[j - 1][0]).casefold(), j - 1
            prev, end = low, stop
            i += 1
        return end

    # ---- canonical names

    def _clean(self, name: str) -> str:
        name = fold_space(unicodedata.normalize("NFC", name))
        name = _LEAD.sub("", name)
        name = _TRAIL_NOTE.sub("", name)
        return name.strip(" \t,;:.-–").strip()

    def expand(self, name: str, terms: bool = False) -> str:
        """``name`` with its abbreviations, the table's and the document's, written out ("Sở
        KH&CN" → "Sở Khoa học và Công nghệ"); with ``terms``, the genre's terms too, for a class
        named as printed ("các Sở có HTTT …" → "… hệ thống thông tin …")."""
        name = self._t.expand(name)
        if terms and self._t.term_re is not None:
            name = self._t.term_re.sub(lambda m: self._t.terms[fold_space(m.group())], name)
        if self._doc_abbrev_re is None:
            return name
        return self._doc_abbrev_re.sub(lambda m: m.group() if in_symbol(name, m.start())
                                       else self._doc_abbrev[m.group()], name)

    def known_abbreviations(self) -> set[str]:
        """The abbreviations the table writes out."""
        return set(self._t.expansion)

    def is_whole_name(self, name: str, after: str) -> bool:
        """Whether ``name``, followed in the text by the word ``after``, is a body's whole name:
        it opens with a kind of body, and does not stop before "và" or inside a word pair of
        the table's names ("Ủy ban nhân" before "dân")."""
        last = name_tokens(name)[-1:]
        following = name_tokens(after)[:1]
        return bool(self._t.split_type(name)[0]) and following != ["và"] and not (
            last and following and (last[0], following[0]) in self._t.bigrams)

    def canonical(self, name: str) -> tuple[str, bool]:
        """(canonical full name, whether it is a known body) for a body name as printed; see
        the module docstring for what an unknown name is returned as."""
        cached = self._cache.get(name)
        if cached is None:
            cached = self._cache[name] = self._canonical(name)
        return cached

    def _known(self, name: str) -> str | None:
        k = key(name)
        return self._t.canon.get(k) or self._doc_canon.get(k)

    def _canonical(self, name: str) -> tuple[str, bool]:
        t = self._t
        cleaned = self.expand(self._clean(name))
        if not cleaned:
            return "", False
        whole = self._known(cleaned)
        if whole:
            return whole, True
        core, locality = self._split_locality(cleaned)
        known = self._known(core)
        unit = re.match(r"(?i:tỉnh|thành\s+phố)(?!\w)", locality)
        if unit and self._known(f"{core} {unit.group()}"):  # "Ban Dân tộc" + "tỉnh Gia Lai"
            core, known = f"{core} {unit.group().lower()}", self._known(f"{core} {unit.group()}")
            locality = locality[unit.end():].strip()
        if known is None:
            head, tail = t.split_type(core)
            if head and key(tail) in t.tails:
                return self._join(f"{head} {t.tails[key(tail)]}", locality), False
            known = self._fuzzy(key(core))
        if known is None:
            return self._join(core, locality), False
        return self._join(known, locality), True

    def _split_locality(self, name: str) -> tuple[str, str]:
        """(body, locality) of a name that ends with a locality the gazetteer reads
        ("Ủy ban nhân dân" + "các xã, phường", "VNPT" + "Gia Lai"); (name, "") otherwise."""
        for m in re.finditer(r"\s+", name):
            core = name[:m.start()]
            if self._suffix.fullmatch(name, m.start()):
                return core, name[m.end():]
            damaged = re.fullmatch(r"(?i:tỉnh|thành\s+phố)\s+(.+)", name[m.end():])
            if damaged and self._province_spelling(damaged.group(1)):  # "tỉnh Khánh Hoa"
                return core, name[m.end():]
            if self._place.fullmatch(name, m.start()) and self._t.kind_of(core) == "local":
                return core, name[m.end():]
        return name, ""

    def _join(self, core: str, locality: str) -> str:
        """``core`` and its locality, units in lower case, the place's name as the table spells
        it (or capitalised when printed in capitals); a class of units ("xã, phường") as printed."""
        if not locality:
            return core
        units, place = _LOCALITY_PARTS.match(fold_space(locality)).groups()
        units = re.sub(r"\s*,\s*", ", ", units.strip().lower())
        if place:
            ward = localities.ward_spelling(units, place) if units in ("xã", "phường", "đặc khu") else None
            province = (self._province_spelling(place) if units in ("", "tỉnh", "thành phố")
                        else self._places.get(key(place)))
            place = province or ward or (place.title() if place.isupper() else place)
        return " ".join(part for part in (core, units, place) if part)

    def _fuzzy(self, core_key: str) -> str | None:
        query = strip_accents(core_key)
        choices = self._doc_fuzzy or self._t.fuzzy
        best = process.extract(query, choices.keys(), scorer=fuzz.ratio, limit=2, score_cutoff=_FUZZY_CUTOFF)
        if not best or re.findall(r"\d+", query) != re.findall(r"\d+", best[0][0]):
            return None
        if len(best) > 1 and best[0][1] - best[1][1] < _FUZZY_MARGIN and \
                choices[best[0][0]] != choices[best[1][0]]:
            return None
        return choices[best[0][0]]

    # ---- classes and roles

    def is_catch_all(self, text: str) -> bool:
        """Whether ``text`` is a catch-all ("các cơ quan, đơn vị liên quan", "các sở, ngành")."""
        return bool(self._t.catch_all.fullmatch(fold_space(text).strip(" ,;.")))

    def is_class(self, text: str, partly: bool = False) -> bool:
        """Whether a catch-all names a kind of body ("các sở, ngành", "các Sở, ban, ngành"):
        a class, which may coordinate, where "các cơ quan, đơn vị" or "… liên quan" is nobody in
        particular; ``partly``: one kind among its nouns is enough ("các phòng, ban, đơn vị", whom a
        lead-in may address)."""
        text = fold_space(text).strip(" ,;.")
        if not self._t.catch_all.fullmatch(text) or _UNNAMED.search(text):
            return False
        kinds = [key(m.group()) in self._t.sectors for m in self._t.generic_start.finditer(text)]
        return any(kinds) if partly else all(kinds)

    def is_nobody(self, text: str) -> bool:
        """Whether ``text`` is a catch-all that names no kind of body ("các cơ quan, tổ chức", "… liên
        quan"), where "các phòng, ban, đơn vị" addresses the offices there are."""
        return self.is_catch_all(text) and not self.is_class(text, partly=True)

    def is_head_word(self, name: str) -> bool:
        """Whether ``name`` is only the head word of a kind of body ("Tổ công tác", "Ban"), no name of one."""
        return key(name) in self._t.types

    def role_end(self, text: str) -> int:
        """Where the role word ``text`` begins with ends ("Chủ tịch" of "Chủ tịch Ủy ban …"), 0 if none."""
        m = self._t.role_re.match(text)
        return m.end() if m else 0

    def role(self, text: str) -> str | None:
        """The role ``text`` begins with, as printed up to the end of its class or body
        ("Thủ trưởng các cơ quan, đơn vị", "Giám đốc Sở Y tế"), or None."""
        m = self._t.role_re.match(text)
        if m is None:
            return None
        rest = text[m.end():]
        catch = re.match(r"\s+" + self._t.catch_all.pattern, rest)
        if catch:
            return text[:m.end() + catch.end()]
        mentions = self.find(rest)
        if mentions and rest[:mentions[0][0][0]].strip().casefold() in ("", "các", "những"):  # "Thư ký các Tổ …"
            return text[:m.end() + mentions[0][0][1]]
        return text[:m.end()]


def split_bodies(text: str, gazetteer: Gazetteer | None = None, catch_alls: bool = False) -> list[str]:
    """Return the bodies a list names, as printed but with a shared head word written out:
    "các Sở: Tư pháp, Nội vụ, Tài chính" → ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"];
    "Sở Tư pháp và Nội vụ" → ["Sở Tư pháp", "Sở Nội vụ"]. Lists split on ",", ";" and "và"
    but names never do ("Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân các xã, phường").
    Catch-alls ("các cơ quan, đơn vị liên quan") are left out unless ``catch_alls``; a bare
    class of localities ("các xã, phường") stands for their Ủy ban nhân dân."""
    g = gazetteer or Gazetteer.default()
    t = g._t
    text = g._clean(text)
    head_list = re.match(r"^(?:(?i:các)\s+)?(?P<head>\w+(?:\s+\w+)?)\s*:\s*(?P<rest>.+)$", text)
    head: str | None = None
    if head_list and key(head_list.group("head")) in t.types:  # "các Sở: Tư pháp, Nội vụ"
        head, text = t.types[key(head_list.group("head"))], head_list.group("rest")
    out: list[str] = []
    pos = 0
    for (start, end), printed in g.find(text):
        gap = _parent_word(text[pos:start], out)
        if out and (apposition := _APPOSITION.search(gap)):
            out.extend(_pieces(gap[:apposition.start()], g, head, catch_alls, out))
            pos = end
            continue
        out.extend(_pieces(gap, g, head, catch_alls, out))
        if qualified := _qualified_catch_all(gap, t):
            # "các đơn vị có liên quan thuộc Bộ Nội vụ", "các phòng, ban thuộc Sở": the body says
            # which ones; a class so qualified is one name, a catch-all stays one
            if not _UNNAMED.search(qualified):
                named = f"{qualified} thuộc {printed}"
                out[-1:] = [named] if out and out[-1] == qualified else [*out[-1:], named]
            pos = end
            continue
        joined = None
        if out and _BELONGS.search(out[-1]) and _BELONGS.search(gap):
            joined = f"{out[-1]} {printed}"  # "Phòng … thuộc Ủy ban nhân dân cấp xã": one body
        elif out and _PARENT_DASH.fullmatch(gap) and unit_of(out[-1], printed):
            joined = f"{out[-1]} - {printed}"  # "Cục … - Bộ Công an": a unit named with its parent body
        elif (out and gap[-1:].isspace() and gap.rstrip().endswith(out[-1])
              and (role := t.role_re.match(f"{out[-1]} {printed}")) and role.end() >= len(out[-1])):
            # "Trưởng Phòng Nội vụ", "Chánh Thanh tra Sở …": the office holder, not the title and the body
            joined = f"{out[-1]} {printed}"
        if joined:
            out[-1] = joined
            pos = end
            continue
        out.append(printed)
        head = t.split_type(g.canonical(printed)[0])[0] or None
        pos = end
    out.extend(_pieces(_parent_word(text[pos:], out), g, head, catch_alls, out))
    return out


# The bare head word of the issuing body after a name ("Hội đồng Thi đua - Khen thưởng Sở",
# "Công đoàn Bộ"): part of that name, as the list item ends
_PARENT_WORD = re.compile(r"^\s+(?:Sở|Bộ|Ban|Cục|Tổng\s+cục|Viện|Trường|Công\s+ty|Tập\s+đoàn)(?=\s*(?:[,;.:)]|và\s|$))")


def _parent_word(gap: str, out: list[str]) -> str:
    """``gap`` with the bare parent word it opens with ("Sở") written onto the last name in ``out``."""
    if out and (m := _PARENT_WORD.match(gap)):
        out[-1] = f"{out[-1]} {m.group().strip()}"
        return gap[m.end():]
    return gap


_PARENT_DASH = re.compile(r"\s+[-–]\s+")
_UNIT_HEAD = re.compile(r"^(?:Vụ|Cục|Chi\s+cục|Phòng|Ban|Trung\s+tâm|Viện|Văn\s+phòng|Thanh\s+tra)\s")
_PARENT_HEAD = re.compile(r"^(?:Bộ|Văn\s+phòng|Học\s+viện|Tổng\s+cục|Ủy\s+ban|Uỷ\s+ban|Đại\s+học|Tập\s+đoàn|"
                          r"Tổng\s+công\s+ty|Ban\s+Chỉ\s+đạo)\s")


def unit_of(unit: str, parent: str) -> bool:
    """Whether "<unit> - <parent>" names a unit with the body it belongs to ("Cục … - Bộ Công an",
    "Vụ Cải cách hành chính - Văn phòng Ban Chỉ đạo"), one name, not two bodies."""
    return bool(_UNIT_HEAD.match(unit) and _PARENT_HEAD.match(parent))


_BELONGS = re.compile(r"(?<!\w)(?:trực\s+)?thuộc\s*$")


def _qualified_catch_all(gap: str, t: _Lookups) -> str | None:
    """The catch-all or class that ``gap`` ends in before "thuộc" ("các đơn vị liên quan thuộc "), or None."""
    belongs = _BELONGS.search(gap)
    if not belongs:
        return None
    before = gap[:belongs.start()].rstrip()
    return next((fold_space(m.group()) for m in t.catch_all.finditer(before) if m.end() == len(before)), None)


# "thuộc" and the bare word of the body or the sector a class belongs to ("các đơn vị thuộc Sở",
# "… thuộc ngành TT&TT")
_OF_PARENT = re.compile(r"\s+(?:trực\s+)?thuộc\s+(?:Sở|Bộ|Ban|Cục|Tổng\s+cục|Viện|Thành\s+phố|[Tt]ỉnh|[Hh]uyện|"
                        r"[Nn]gành(?:\s+[A-ZĐ][A-ZĐ&-]+)?)(?=\s*(?:[,;.:)]|và\s|$))")
# a further item with no "các" of its own, closed by "liên quan": the list is one catch-all ("các
# đơn vị thuộc Bộ, cơ quan nhà nước có liên quan")
_SHARED_TAIL = re.compile(r",\s*+(?!các\s)[^,;]*?liên\s+quan\b", re.I)
_UNIT_CLASS = re.compile(rf"(?:(?i:các)\s+{_UNIT}(?:\s*,\s*{_UNIT})*|{_UNIT}(?:\s*,\s*{_UNIT})+)(?!\w)")


def _pieces(gap: str, g: Gazetteer, head: str | None, catch_alls: bool, before: list[str]) -> list[str]:
    """The list items in text between two found bodies (``before``: the items before it):
    catch-alls and classes of localities ("các xã, phường": their Ủy ban nhân dân) kept whole,
    the rest split."""
    protected = sorted([(m.start(), m.end(), "all") for m in g._t.catch_all.finditer(gap)]
                       + [(m.start(), m.end(), "units") for m in _UNIT_CLASS.finditer(gap)])
    out: list[str] = []
    pos = 0
    for start, end, what in protected:
        if start < pos:
            continue
        out.extend(_split_plain(gap[pos:start], g, head, (before + out)[-1:]))
        if what == "units":
            out.append(g._join("Ủy ban nhân dân", gap[start:end]))
        elif ((whose := _OF_PARENT.match(gap, end)) and not _UNNAMED.search(gap[start:end])
              and not _SHARED_TAIL.match(gap, whose.end())):
            out.append(fold_space(gap[start:whose.end()]))  # "các phòng, đơn vị thuộc Sở": which ones is said
            end = whose.end()
        elif catch_alls or g.is_class(gap[start:end]):  # a class ("các phòng", "các sở, ngành") names bodies
            out.append(fold_space(gap[start:end]))
        pos = end
    out.extend(_split_plain(gap[pos:], g, head, (before + out)[-1:]))
    return out


# a locality by its level and its name ("phường Cổ Nhuế 2", "xã Ia Hrú")
_LOCALITY = r"(?:xã|phường|thị\s+trấn|thị\s+xã|quận|huyện|thành\s+phố|tỉnh)(?:\s+[A-ZĐ0-9][\w-]*)+"
_BARE_LOCALITY = re.compile(_LOCALITY)
# the locality a body's name ends with, after the body's head ("Ủy ban nhân dân ")
_LOCALITY_OF = re.compile(rf"(?<=\S\s){_LOCALITY}$")
_SPREAD = re.compile(rf"^(?P<first>.*?\S\s{_LOCALITY})(?P<rest>(?:\s*(?:,|\svà)\s+{_LOCALITY})+)$")


def spread_localities(name: str) -> list[str]:
    """``name`` as one name per locality it lists, each with its head: "Chủ tịch Ủy ban nhân dân
    phường A và phường B" → "Chủ tịch Ủy ban nhân dân phường A", "… phường B"; else [name]."""
    m = _SPREAD.match(name)
    if not m:
        return [name]
    head = m["first"][:_LOCALITY_OF.search(m["first"]).start()]
    return [m["first"], *(head + p for p in re.split(r"\s*(?:,|\svà)\s+", m["rest"]) if p.strip())]


# starts only where a run of blanks starts (or at a word), so that split does not rescan a long run
_SEPARATOR = re.compile(r"((?:(?<!\s)\s++)?(?:[,;]|(?<!\w)(?:và|cùng|với)(?!\w))\s*+)")


def _split_plain(text: str, g: Gazetteer, head: str | None, last: list[str]) -> list[str]:
    """Split list text that holds no found body; under a shared head word ("Sở"), join back
    the pieces that make a known name with it ("Khoa học", "Công nghệ" → "Sở Khoa học và
    Công nghệ") and write the head before each piece. A bare locality after a body of another
    (``last``: the item before the text) is that body's: "Ủy ban nhân dân xã A và xã B" → "… xã B"."""
    parts = _SEPARATOR.split(text)
    pieces = [p.strip(" .:()") for p in parts[::2]]
    seps = parts[1::2]
    out = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if i and ";" in seps[i - 1]:
            head = None  # "các Sở: A, B; Thuế tỉnh": the shared head ends at ";"
        if not piece:
            i += 1
            continue
        if _BARE_LOCALITY.fullmatch(piece) and (of := _LOCALITY_OF.search((last + out)[-1] if last or out else "")):
            out.append(f"{of.string[:of.start()]}{piece}")
        elif piece[0].isupper() and g._t.role_re.fullmatch(piece):
            out.append(piece)  # "Giám đốc" before the body it heads, never "Sở Giám đốc"
        elif head and piece[0].isupper() and not g._t.split_type(piece)[0] and key(piece) not in g._t.types:
            for j in range(min(len(pieces) - 1, i + 4), i, -1):
                joined = "".join(pieces[k] + (seps[k] if k < j else "") for k in range(i, j + 1))
                if g._known(g.expand(f"{head} {joined}")):
                    piece, i = joined, j
                    break
            if len(piece.split()) <= 8:
                out.append(f"{head} {piece}")
        elif piece[0].isupper() or g._t.split_type(piece)[0]:
            cut = None if _BELONGS.search(piece) else _PREDICATE_RE.search(piece)  # "… thuộc": the name goes on
            out.append(piece[:cut.start()] if cut else piece)  # "Công đoàn Sở phát động …" → "Công đoàn Sở"
        i += 1
    return out
