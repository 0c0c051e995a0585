"""Links between the documents of a folder: the document each citation points to, so that a
task can be traced to the plan or notice it follows up.

    >>> docs = [vndocx.extract(p) for p in Path("folder").glob("*.pdf")]
    >>> for ln in vndocx.link(docs):
    ...     print(ln.source, "cites", ln.target, ln.reference.raw, "tasks", ln.tasks)

A reference matches a document when their numbers are equal (leading zeros aside: "08" is
"8") and their symbols are equal (case, spaces and dash style aside: "KH-UBND", "kh–ubnd").
When both carry a date they must be equal too — plans are numbered anew every year, so
"Kế hoạch số 105/KH-UBND" of 2024 is not that of 2025; without a date on either side the
match is on number and symbol alone, and if several documents then match, each is linked
with ``ambiguous`` set. Document types must agree where both are named ("Văn bản" and
"Công văn" are both letters). A document never links to itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vndocx.records import Document, Reference

_LETTERS = {"Công văn", "Văn bản"}


class Link(BaseModel):
    """One citation resolved to a document of the same collection."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Document.source of the citing document")
    reference: Reference = Field(description="the citation, as found in the citing document")
    target: str = Field(description="Document.source of the cited document")
    matched_on: Literal["number+symbol+date", "number+symbol"]
    ambiguous: bool = Field(False, description="several documents match number and symbol, none by date")
    tasks: list[int] = Field(default_factory=list,
                             description="indices into the citing document's tasks whose text cites the target")


def _number_key(number: str | None) -> str | None:
    if not number or not number.strip():
        return None
    return number.strip().lstrip("0") or "0"


def _symbol_key(symbol: str | None) -> str | None:
    if not symbol:
        return None
    symbol = unicodedata.normalize("NFC", symbol).replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", "", symbol).upper() or None


def _same_type(a: str | None, b: str | None) -> bool:
    return not a or not b or a == b or (a in _LETTERS and b in _LETTERS)


def _cites(task_text: str, ref: Reference) -> bool:
    """Whether a task's text contains the citation's number and symbol."""
    number, symbol = _number_key(ref.number), _symbol_key(ref.symbol)
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFC", task_text)).upper().replace("–", "-")
    if symbol is None or symbol not in compact:
        return False
    return number is None or re.search(rf"(?<!\d)0*{re.escape(number)}[-/]{re.escape(symbol)}", compact) is not None


def link(documents: Iterable[Document]) -> list[Link]:
    """Return a Link for every reference of every document that resolves to another of
    ``documents``, in the order of the documents and their references."""
    documents = list(documents)
    index: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for doc in documents:
        number, symbol = _number_key(doc.number), _symbol_key(doc.symbol)
        if number and symbol:
            index[(number, symbol)].append(doc)
    links: list[Link] = []
    for doc in documents:
        for ref in doc.references:
            number, symbol = _number_key(ref.number), _symbol_key(ref.symbol)
            if not (number and symbol):
                continue
            candidates = [d for d in index.get((number, symbol), [])
                          if d is not doc and _same_type(ref.doc_type, d.doc_type)]
            dated = [d for d in candidates if ref.date and d.date and ref.date == d.date]
            if dated:
                chosen, on = dated, "number+symbol+date"
            else:
                chosen = [d for d in candidates if not (ref.date and d.date)]
                on = "number+symbol"
            tasks = [i for i, task in enumerate(doc.tasks) if _cites(task.text, ref)]
            for target in chosen:
                links.append(Link(source=doc.source, reference=ref, target=target.source, matched_on=on,
                                  ambiguous=len(chosen) > 1, tasks=tasks))
    return links
