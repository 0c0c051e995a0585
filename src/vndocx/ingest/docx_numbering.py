"""Word's automatic numbering, written out as printed: "Điều 1.", "1.", "a)", "-".

A paragraph that Word numbers itself (``w:numPr`` on the paragraph or its style) carries no
number in its text; the number is drawn from ``numbering.xml`` — the level's format
(``w:numFmt``), its pattern (``w:lvlText``, "Điều %1." or "%1.%2.") and a counter kept per list
(``w:num``), restarted below a level that moves on. Without it an auto-numbered decision's
articles, clauses and points read as plain paragraphs, and the segmenter finds no article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  # w:isLgl: the levels it shows are written in decimals


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    return _LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1)  # Word's a … z, aa … zz


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(n)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _levels(abstract) -> dict[int, _Level]:
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        start = _val(lvl, "w:start")
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = _Level(
            start=int(start) if start and start.lstrip("-").isdigit() else 1,
            fmt=_val(lvl, "w:numFmt") or "decimal",
            text=_val(lvl, "w:lvlText") or "",
            legal=lvl.find(qn("w:isLgl")) is not None)
    return levels


class Numbering:
    """The labels of a document's numbered paragraphs, in reading order: call ``label`` once per
    paragraph as it is read."""

    def __init__(self, document) -> None:
        self._lists: dict[str, dict[int, _Level]] = {}
        self._starts: dict[tuple[str, int], int] = {}  # w:lvlOverride/w:startOverride
        self._counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstracts = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            self._lists[num_id] = abstracts.get(_val(num, "w:abstractNumId"), {})
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start and start.isdigit():
                    self._starts[(num_id, int(override.get(qn("w:ilvl"), "0")))] = int(start)

    def label(self, paragraph) -> str:
        """The number or bullet Word prints before ``paragraph`` ("Điều 3.", "2.", "a)", "-"),
        or "" for a paragraph Word does not number."""
        num_id, ilvl = _num_pr(paragraph)
        levels = self._lists.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        level = levels[ilvl]
        if level.fmt == "none":
            return level.text.strip() if not _PLACEHOLDER.search(level.text) else ""
        if level.fmt == "bullet":
            return "-"
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, self._starts.get((num_id, ilvl), level.start) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def shown(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            other = levels.get(k, _Level())
            value = counters.get(k, self._starts.get((num_id, k), other.start))
            return str(value) if level.legal else _format(value, other.fmt)

        return " ".join(_PLACEHOLDER.sub(shown, level.text).split())


def _num_pr(paragraph) -> tuple[str | None, int]:
    """(numId, ilvl) of the paragraph's numbering, its own or its style's; numId "0" is none."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        style_pr = style.element.find(qn("w:pPr"))
        num_pr = style_pr.find(qn("w:numPr")) if style_pr is not None else None
        style = style.base_style
    if num_pr is None:
        return None, 0
    num_id = _val(num_pr, "w:numId")
    ilvl = _val(num_pr, "w:ilvl")
    return (None if num_id in (None, "0") else num_id), int(ilvl) if ilvl and ilvl.isdigit() else 0
