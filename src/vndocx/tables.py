"""The rule tables of the extract stage, read from ``src/vndocx/data/*.tsv``, and the text
keys they are looked up by.

Every table is a tab-separated file with ``#`` comment lines; a malformed line raises
``ValueError`` naming the file and the line. Loaders are cached: each file is read once per
process.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

# An open "oa", "oe", "uy" syllable with its tone mark on the second vowel ("hoá", "Uỷ"), in
# decomposed text; "quý" keeps its tone on the y.
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([aeyAEY])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])")
_WORD = re.compile(r"\w+|[^\w\s]")


def _table(name: str) -> list[tuple[int, list[str]]]:
    """Rows of ``data/<name>`` as (line number, fields), comments and blank lines skipped."""
    path = resources.files("vndocx") / "data" / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise FileNotFoundError(f"{path}: rule table missing from the package") from error
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append((number, [unicodedata.normalize("NFC", f.strip()) for f in line.split("\t")]))
    return rows


def _bad(name: str, number: int, problem: str) -> ValueError:
    return ValueError(f"src/vndocx/data/{name}, line {number}: {problem}")


def modern_tones(text: str) -> str:
    """Return ``text`` with the tone of open "oa/oe/uy" syllables on the first vowel, the
    spelling the tables use ("Uỷ ban" → "Ủy ban", "Hoá" → "Hóa"); "quý" is left alone."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return text if moved == decomposed else unicodedata.normalize("NFC", moved)


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """Lookup key of a name: NFC, modern tone placement, dashes unified, whitespace folded
    (also around punctuation), case folded."""
    text = modern_tones(unicodedata.normalize("NFC", text)).replace("–", "-").replace("—", "-")
    return " ".join(_WORD.findall(text)).casefold()


def strip_accents(text: str) -> str:
    """``text`` without diacritics, ``đ`` read as ``d`` (the key fuzzy matching compares)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Abbreviation:
    short: str
    expansion: str
    kind: str  # part | role | term


@cache
def load_abbreviations() -> tuple[Abbreviation, ...]:
    """Rows of ``abbreviations.tsv``, longest abbreviation first."""
    name = "abbreviations.tsv"
    rows = []
    for number, fields in _table(name):
        if len(fields) != 3 or fields[2] not in ("part", "role", "term"):
            raise _bad(name, number, "expected 'abbreviation<TAB>expansion<TAB>part|role|term'")
        rows.append(Abbreviation(*fields))
    return tuple(sorted(rows, key=lambda a: -len(a.short)))


@dataclass(frozen=True, slots=True)
class BodyRow:
    name: str
    kind: str  # body | local | authority | alias | type | role | province | generic
    canonical: str


BODY_KINDS = ("body", "local", "authority", "alias", "type", "role", "province", "generic")


@cache
def load_bodies() -> tuple[BodyRow, ...]:
    """Rows of ``bodies.tsv``; ``canonical`` is the name itself except for aliases."""
    name = "bodies.tsv"
    rows = []
    for number, fields in _table(name):
        if len(fields) < 2 or fields[1] not in BODY_KINDS:
            raise _bad(name, number, f"expected 'name<TAB>kind' with kind one of {', '.join(BODY_KINDS)}")
        if fields[1] == "alias":
            if len(fields) != 3 or not fields[2]:
                raise _bad(name, number, "an alias row needs the canonical name in a third column")
            rows.append(BodyRow(fields[0], "alias", fields[2]))
        else:
            rows.append(BodyRow(fields[0], fields[1], fields[0]))
    return tuple(rows)


@cache
def load_date_words() -> dict[str, dict[str, str]]:
    """``date_words.tsv`` as {kind: {word: value}} (words as printed, value may be "")."""
    name = "date_words.tsv"
    table: dict[str, dict[str, str]] = {}
    for number, fields in _table(name):
        if len(fields) not in (2, 3) or not fields[1]:
            raise _bad(name, number, "expected 'kind<TAB>word[<TAB>value]'")
        table.setdefault(fields[0], {})[fields[1]] = fields[2] if len(fields) == 3 else ""
    return table


@cache
def load_doc_types(abbreviations: bool = False) -> dict[str, str]:
    """``doc_types.tsv`` as {printed name: document type in sentence case}, longest printed
    name first, so that the first name a text starts with is the right one. Abbreviated
    names ("QĐ", only for citations) are included when ``abbreviations`` is true."""
    name = "doc_types.tsv"
    table = {}
    for number, fields in _table(name):
        if len(fields) not in (2, 3) or not all(fields) or fields[2:] not in ([], ["abbreviation"]):
            raise _bad(name, number, "expected 'printed name<TAB>document type[<TAB>abbreviation]'")
        if len(fields) == 2 or abbreviations:
            table[fields[0]] = fields[1]
    return dict(sorted(table.items(), key=lambda item: -len(item[0])))


@cache
def load_surnames() -> frozenset[str]:
    """``surnames.tsv``: the Vietnamese family names, as spelled (NFC)."""
    name = "surnames.tsv"
    names = set()
    for number, fields in _table(name):
        if len(fields) != 1 or len(fields[0].split()) != 1:
            raise _bad(name, number, "expected one family name of one syllable")
        names.add(fields[0])
    return frozenset(names)
