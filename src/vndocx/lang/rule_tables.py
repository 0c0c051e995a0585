"""The one loader of the word lists and rule tables in ``src/vndocx/data/*.tsv``, which every
stage reads (names of bodies, abbreviations, date words, document types, administrative units,
task statuses, the words of a clause). Names are looked up by :func:`vndocx.lang.text.key`.

Every table is a tab-separated file with ``#`` comment lines; a malformed line raises
``ValueError`` naming the file and the line. Loaders are cached: each file is read once per
process.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


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
    mark: str = ""  # "lower": a type whose names may go on in lower case ("Hội đồng khoa học Sở");
    # "sector": a generic noun naming one kind of body, so "các sở, ngành" is a class, not a catch-all


BODY_KINDS = ("body", "local", "authority", "alias", "type", "role", "province", "generic")
_MARKS = {"type": "lower", "generic": "sector"}  # the mark a kind's rows may carry in a third column


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
        elif len(fields) == 3 and fields[1] in _MARKS:
            if fields[2] != _MARKS[fields[1]]:
                raise _bad(name, number, f"a {fields[1]} row's third column, if any, is '{_MARKS[fields[1]]}'")
            rows.append(BodyRow(fields[0], fields[1], fields[0], mark=fields[2]))
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


@dataclass(frozen=True, slots=True)
class Unit:
    word: str
    level: str  # province | local
    is_class: bool  # a heading naming it ("các xã, phường") names a class of bodies


@cache
def load_units() -> tuple[Unit, ...]:
    """Rows of ``units.tsv`` in file order: the administrative-unit words, lower case."""
    name = "units.tsv"
    rows = []
    for number, fields in _table(name):
        if len(fields) not in (2, 3) or fields[1] not in ("province", "local") or fields[2:] not in ([], ["class"]):
            raise _bad(name, number, "expected 'word<TAB>province|local[<TAB>class]'")
        rows.append(Unit(fields[0], fields[1], fields[2:] == ["class"]))
    return tuple(rows)


@cache
def load_statuses() -> dict[str, bool]:
    """``statuses.tsv`` as {status as printed: whether it says the task is finished}, in file order."""
    name = "statuses.tsv"
    table = {}
    for number, fields in _table(name):
        if len(fields) not in (1, 2) or not fields[0] or fields[1:] not in ([], ["finished"]):
            raise _bad(name, number, "expected 'status[<TAB>finished]'")
        table[fields[0]] = fields[1:] == ["finished"]
    return table


CLAUSE_WORD_KINDS = ("verb", "function", "predicate", "predicate_word", "apposition")


@cache
def load_clause_words() -> dict[str, tuple[str, ...]]:
    """``clause_words.tsv`` as {kind: words in file order}, for each of ``CLAUSE_WORD_KINDS``."""
    name = "clause_words.tsv"
    table: dict[str, list[str]] = {kind: [] for kind in CLAUSE_WORD_KINDS}
    for number, fields in _table(name):
        if len(fields) != 2 or fields[0] not in table or not fields[1]:
            raise _bad(name, number, f"expected 'kind<TAB>word' with kind one of {', '.join(CLAUSE_WORD_KINDS)}")
        table[fields[0]].append(fields[1])
    return {kind: tuple(words) for kind, words in table.items()}


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
