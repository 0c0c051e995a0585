"""Deciding where restoration is needed, doing it, and showing what changed.

A line reads as Vietnamese when most of its syllables are valid and carry their marks. The
document decides first: when it mostly reads as Vietnamese, only lines that clearly lost their
marks are restored; otherwise every line that does not read as Vietnamese is. Text OCR'd
without Vietnamese data ("S6", "thdang", "ciia", "viéc": marked letters read as digits, other
letters or Latin-1 accents) is told from plain unmarked text by its share of garbled words,
and is restored with the OCR confusion model.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from vndocx.repair.lines import LineStats, line_stats

# A document whose syllables carry their marks this often reads as Vietnamese.
DOCUMENT_SHARE = 0.4
# In such a document, a line is restored when it has this many unmarked words and almost no marks.
LINE_MIN_WORDS, LINE_SHARE = 4, 0.1
# Elsewhere a line is left alone when it reads as Vietnamese by itself.
LINE_KEEP_SHARE = 0.5
# Share of garbled words that marks OCR without Vietnamese data.
OCR_SHARE = 0.03


@dataclass
class Plan:
    """What restoration will do to a text: the lines to restore, whether as OCR output, and the
    document's counts."""

    lines: list[int]
    ocr: bool
    total: LineStats
    stats: list[LineStats]


def plan(lines: list[str]) -> Plan:
    """Decide which lines need restoration and how."""
    stats = [line_stats(line) for line in lines]
    total = LineStats()
    for s in stats:
        total.add(s)
    if total.words == 0:
        return Plan([], False, total, stats)
    if total.share >= DOCUMENT_SHARE:
        chosen = [i for i, s in enumerate(stats)
                  if s.plain + s.garbled >= LINE_MIN_WORDS and s.share < LINE_SHARE]
    else:
        chosen = [i for i, s in enumerate(stats) if s.words and s.share < LINE_KEEP_SHARE]
    part = LineStats()
    for i in chosen:
        part.add(stats[i])
    ocr = part.words > 0 and part.garbled / part.words >= OCR_SHARE
    return Plan(chosen, ocr, total, stats)


def repair_text(text: str) -> tuple[str, list[str]]:
    """Restore the diacritics of the lines of ``text`` that need it. Returns the text with the
    same lines (line i of the result repairs line i) and the warnings for the document, e.g.
    ``"diacritics restored on 37 of 52 lines (share of valid accented syllables 0.04)"``.
    Text that reads as Vietnamese comes back unchanged."""
    lines = text.split("\n")
    p = plan(lines)
    if not p.lines:
        return text, []
    from vndocx.repair.restorer import repair_ocr_lines, restore_text

    beyond: list[int] = []
    if p.ocr:
        out, beyond = repair_ocr_lines(text, editable=p.lines)
    else:
        out, _ = restore_text(text, editable=p.lines)
    new_lines = out.split("\n")
    if len(new_lines) != len(lines):  # restoration never adds or removes a line break
        raise AssertionError("restoration changed the number of lines")
    changed = sum(1 for a, b in zip(lines, new_lines, strict=True) if a != b)
    left = ([f"{len(beyond)} line{'s' if len(beyond) > 1 else ''} beyond repair left as "
             "they were (OCR noise or unreadable words): "
             f"lines {', '.join(str(i + 1) for i in beyond[:10])}{', …' if len(beyond) > 10 else ''}"]
            if beyond else [])
    if not changed:
        return text, left
    with_words = sum(1 for s in p.stats if s.words)
    what = "OCR misreadings repaired and diacritics restored" if p.ocr else "diacritics restored"
    warning = (f"{what} on {changed} of {with_words} lines "
               f"(share of valid accented syllables {p.total.share:.2f})")
    return out, [warning, *left]


def _token_changes(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.split(), after.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if i2 - i1 == j2 - j1:  # word for word, as restoration changes them
            out.extend(zip(a[i1:i2], b[j1:j2], strict=True))
        else:
            out.append((" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return out


def diff(before: str, after: str) -> str:
    """A readable diff of two versions of a text with the same lines: for each changed line its
    number, the changed words (``old → new``), and the line before (``-``) and after (``+``)."""
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return "\n".join(difflib.unified_diff(old, new, "before", "after", lineterm=""))
    out = []
    for n, (a, b) in enumerate(zip(old, new, strict=True), 1):
        if a == b:
            continue
        changes = ", ".join(f"{x} → {y}" for x, y in _token_changes(a, b))
        out += [f"line {n}: {changes}", f"- {a}", f"+ {b}"]
    return "\n".join(out)
