"""References: the other documents a text cites, as ``Reference`` records.

    >>> [(r.doc_type, r.number, r.symbol, r.date) for r in
    ...  find_references("theo Công văn số 08/CV-TGV ngày 24 tháng 11 năm 2025")]
    [('Công văn', '08', 'CV-TGV', '2025-11-24')]

A citation is a type name from ``data/doc_types.tsv`` ("Nghị quyết", "Kế hoạch", "Công văn", …;
any case; "QĐ", "NQ", … in capitals), optionally "số", then the number and symbol
("57-NQ/TW": number 57, symbol NQ/TW; "1234/QĐ-UBND": number 1234, symbol QĐ-UBND;
"158/2025/NĐ-CP": number 158, symbol 2025/NĐ-CP — the split the header parser makes of
"Số:"), then, in either order, its date ("ngày 24 tháng 11 năm 2025", "ngày 27/10/2025") and
its issuer ("của Bộ Chính trị", "của UBND tỉnh" → "Ủy ban nhân dân tỉnh"). A number without a
symbol counts only after "số" ("Quyết định số 1234"); a blank number before a symbol
("Kế hoạch số    /KH-UBND", a draft) is ``number`` null. Further numbers listed after one type
("các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND") are citations of that type too. Laws may put their
name before the number ("Luật Đất đai số 31/2024/QH15").

``Document.references`` lists documents, so each cited document appears once, at its first
citation; a later citation of it fills in a date or issuer the first one lacked.
"""

from __future__ import annotations

import re

from vndocx.extraction.deadlines import parse_date
from vndocx.extraction.owners import Gazetteer
from vndocx.lang.patterns import alternation
from vndocx.lang.rule_tables import load_doc_types
from vndocx.lang.text import fold_space
from vndocx.records import Reference

_FULL = load_doc_types()
_ALL = load_doc_types(abbreviations=True)
_ABBREVIATED = {k: v for k, v in _ALL.items() if k not in _FULL}


# A symbol: capitals, digits, "&", joined by "-" or "/" (a line break may follow a hyphen).
_SYMBOL = r"[A-ZĐ\d][\wĐđ&]*(?:(?:[-/]\s*\n\s*|[-/])[A-ZĐa-zđ\d][\wĐđ&]*)*"
_NUMBER = r"\d{1,5}(?:\.\d{1,3})?[a-z]?"  # "57", "66.7", "12a"
# possessive runs of blanks throughout: each run is scanned once (a long one took cubic time)
_NUMSYM = rf"(?P<number>{_NUMBER})?[\s.…_]*+(?:[-/]\s*(?P<symbol>{_SYMBOL}))"
_TYPE = rf"(?P<type>(?i:{alternation(_FULL)})|{alternation(_ABBREVIATED)})(?!\w)"
_LAW_TYPES = {"Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"}
# A law's name before its number ("Luật Đất đai số 31/2024/QH15"); other types have none.
_LAW_TITLE = r"(?:(?<=Luật)|(?<=Pháp lệnh))(?:\s+[\w\-–]+){1,10}?"
_CITATION = re.compile(
    rf"(?<!\w){_TYPE}(?:(?P<title>{_LAW_TITLE})(?=\s+số))?"
    rf"(?:\s++(?i:số)\s*+(?::\s*+)?(?:{_NUMSYM}|(?P<bare>\d{{1,5}})(?![\d/\-]))"
    rf"|\s+(?P<n_number>{_NUMBER})[-/](?P<n_symbol>{_SYMBOL}))"
)
# Where a citation's number may be ("57-NQ/TW", "số 1234", "số    /KH-UBND"): searched first,
# then the type name is looked for just before it (the type names alone are too many to scan for).
_NUMBER_AHEAD = re.compile(rf"(?<![\w/.])(?:{_NUMBER}[\s.…_]*+[-/]\s*[A-ZĐ\d]"
                           r"|(?i:số)\s*+(?::\s*+)?(?:\d|[\s.…_]*+[-/]))")
_TYPE_BEFORE = re.compile(rf"(?s:.*?)(?<!\w)(?P<start>{_TYPE})(?:{_LAW_TITLE})?\s++(?:(?i:số)\s*+:?\s*+)?$")
_DATE = re.compile(
    r"\s*+(?:,\s*+)?(?i:ngày)\s++(?P<date>\d{1,2}\s++(?i:tháng)\s++\d{1,2}(?:\s*+,\s++|\s++)(?i:năm)\s++\d{4}"
    r"|\d{1,2}\s*([/.-])\s*\d{1,2}\s*\2\s*\d{4})")
_ISSUER = re.compile(r"\s*+(?:,\s*+)?(?i:của|do)\s+")
_MORE = re.compile(r"\s*+(?:,|;|và|hoặc)\s*+(?:(?i:số)\s*+)?(?=\d)" + _NUMSYM.replace("?P<", "?P<m_"))


def _fold(text: str) -> str:
    """Whitespace folded; a line break after a hyphen inside a symbol dropped."""
    return fold_space(re.sub(r"([-/])\s*\n\s*", r"\1", text))


def _tail(text: str, pos: int, gazetteer: Gazetteer) -> tuple[int, str | None, str | None]:
    """The date and issuer after a citation's number, in either order: (end, ISO date, issuer)."""
    day = issuer = None
    for _ in range(2):
        m = _DATE.match(text, pos)
        if m and day is None:
            parsed = parse_date(m.group("date"))
            day = parsed.isoformat() if parsed else None
            pos = m.end()
            continue
        m = _ISSUER.match(text, pos)
        if m and issuer is None:
            mentions = gazetteer.find(text[m.end():m.end() + 160])
            if mentions and mentions[0][0][0] == 0:
                issuer = gazetteer.canonical(mentions[0][1])[0]
                pos = m.end() + mentions[0][0][1]
                continue
        break
    return pos, day, issuer


def find_references(text: str, gazetteer: Gazetteer | None = None,
                    own: tuple[str | None, str | None] | None = None) -> list[Reference]:
    """Return the documents ``text`` cites, each once, in order of first citation (see the
    module docstring for the forms read). ``own``: the (number, symbol) of the document the
    text belongs to, whose mentions of itself ("Kèm theo Công văn số 1629/VP-KGVX") are left
    out. A short citation without a symbol ("Thông báo số 215") of a document cited in full
    elsewhere in the text is the same citation."""
    gazetteer = gazetteer or Gazetteer.default()
    found: dict[tuple[str | None, str | None, str | None], Reference] = {}
    pos = 0
    while True:
        m = _next_citation(text, pos)
        if m is None:
            break
        doc_type = _ALL.get(m.group("type")) or _type_of(m.group("type"))
        if m.group("title") and doc_type not in _LAW_TYPES:
            pos = m.start("title")
            continue
        number = m.group("number") or m.group("n_number") or m.group("bare")
        symbol = m.group("symbol") or m.group("n_symbol")
        if symbol and not re.search(r"[A-ZĐ]", symbol):
            pos = m.end()
            continue
        end, day, issuer = _tail(text, m.end(), gazetteer)
        _add(found, Reference(doc_type=doc_type, number=number, symbol=symbol and _fold(symbol), date=day,
                              issuer=issuer, raw=_fold(text[m.start():end])))
        pos = end
        while more := _MORE.match(text, pos):  # "…, 13/QĐ-UBND": another of the same type
            end, day, issuer = _tail(text, more.end(), gazetteer)
            _add(found, Reference(doc_type=doc_type, number=more.group("m_number"),
                                  symbol=_fold(more.group("m_symbol")), date=day, issuer=issuer,
                                  raw=_fold(text[more.start():end]).lstrip(",;và ")))
            pos = end
    refs = list(found.values())
    full = {(r.doc_type, _number(r.number)) for r in refs if r.symbol}
    own_key = (_number(own[0]), own[1]) if own else None
    return [r for r in refs if not (r.symbol is None and (r.doc_type, _number(r.number)) in full)
            and (own_key is None or (_number(r.number), r.symbol) != own_key)]


def _number(number: str | None) -> str | None:
    return number.lstrip("0") or "0" if number else None


def _next_citation(text: str, pos: int) -> re.Match[str] | None:
    """The next citation at or after ``pos``."""
    for anchor in _NUMBER_AHEAD.finditer(text, pos):
        before = _TYPE_BEFORE.match(text, max(pos, anchor.start() - 90), anchor.start())
        if before is None:
            continue
        m = _CITATION.match(text, before.start("start"))
        if m is not None and m.end() > anchor.start():
            return m
    return None


def _type_of(printed: str) -> str | None:
    wanted = fold_space(printed).casefold()
    return next((v for k, v in _FULL.items() if k.casefold() == wanted), None)


def _add(found: dict, ref: Reference) -> None:
    ref_key = (ref.doc_type, _number(ref.number), ref.symbol)
    first = found.get(ref_key)
    if first is None:
        found[ref_key] = ref
        return
    if first.date is None and ref.date:
        first.date = ref.date
    if first.issuer is None and ref.issuer:
        first.issuer = ref.issuer
