"""Footnotes: the notes at a page foot (under a rule) taken out of the body, and their marks
taken out of the sentences they interrupt, so the body reads on as one text again."""

from __future__ import annotations

import re

from vndocx.lang.syllables import SMALL
from vndocx.lang.text import fold_space
from vndocx.pages import SUPERSCRIPT_DIGITS
from vndocx.records import Footnote
from vndocx.segment.rows import Row, is_furniture

SUPERSCRIPTS = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# A rule above the notes: a long run of spaces (what PDF text extraction leaves) or of strokes.
_RULE = re.compile(r"^(?:\s{15,}|\s*[_\-–—]{8,}\s*)$")
_NOTE_START = re.compile(rf"^\s*(?P<mark>[{SUPERSCRIPT_DIGITS}]+|\d{{1,2}})\s*(?=\S)(?!\d)(?P<rest>.*)$")
_RESUME = re.compile(rf"^ {SMALL}")  # body text resuming after the notes of a page


def split_footnotes(rows: list[Row]) -> tuple[list[Row], list[Footnote]]:
    """Return the body rows without footnote blocks, and the footnotes in order.

    A block starts at a rule row (or, in PDF/OCR text, at a row opening with a superscript
    mark) and is followed by rows opening with a mark; it ends at a page break, at two blank
    rows, or where the body visibly resumes.
    """
    body: list[Row] = []
    notes: list[Footnote] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        starts_sup = bool(_SUPERSCRIPT_RUN.match(row.text.lstrip()))
        j = _next_note(rows, i if starts_sup else i + 1) if _RULE.match(row.text) or starts_sup else None
        if j is not None:
            page = rows[j].page
            current: list[str] | None = None
            blanks = 0
            while j < len(rows) and rows[j].page == page and rows[j].table is None:
                text = rows[j].text
                if not text.strip():
                    blanks += 1
                    if blanks >= 2:
                        break
                    j += 1
                    continue
                if is_furniture(text):
                    j += 1
                    continue
                m = _NOTE_START.match(text)
                if m and (current is None or _is_next_mark(m.group("mark"), notes)):
                    current = [m.group("rest")]
                    notes.append(Footnote(mark=m.group("mark").translate(SUPERSCRIPTS), text=""))
                elif _RESUME.match(text) or current is None:
                    break
                else:
                    current.append(text)
                notes[-1] = Footnote(mark=notes[-1].mark, text=fold_space(" ".join(current)))
                blanks = 0
                j += 1
            i = j
            continue
        body.append(row)
        i += 1
    return body, notes


def _next_note(rows: list[Row], i: int) -> int | None:
    """Index of the first row at or after ``i`` (skipping blanks) when it opens a note."""
    while i < len(rows) and not rows[i].text.strip():
        i += 1
    if i < len(rows) and (m := _NOTE_START.match(rows[i].text)):
        first = m.group("rest")[:1]
        if first.isupper() or first in "-–(":
            return i
    return None


# A note's mark is a short number; a longer run of digits is text (and would be slow to convert).
_MARK_DIGITS = 6


def _is_next_mark(mark: str, notes: list[Footnote]) -> bool:
    mark = mark.translate(SUPERSCRIPTS)
    last = notes[-1].mark.translate(SUPERSCRIPTS) if notes else ""
    return not notes or (mark.isdecimal() and last.isdecimal() and len(mark) <= _MARK_DIGITS
                         and len(last) <= _MARK_DIGITS and int(mark) == int(last) + 1)


def strip_marks(text: str, marks: set[str]) -> str:
    """Remove footnote marks from body text: superscript digits, and a mark glued to the end
    of a word ("liên quan2." → "liên quan.") when it is one of the document's notes."""
    text = _SUPERSCRIPT_RUN.sub("", text)
    if not marks:
        return text
    alternatives = "|".join(sorted((re.escape(m) for m in marks), key=len, reverse=True))
    return re.sub(rf"(?<=[^\W\d_])(?:{alternatives})(?=[\s.,;:)”\"]|$)", "", text)
