"""Section numbers that OCR damaged ("HI." for "III.", "l." for "1.", "2," for "2.", "ø)" for
"g)"), mended where the numbering around them says what they were.

A damaged number is read only as the next number of its sequence (the roman headings, or the
arabic items under the current roman one) and only at the start of a line that follows a title
or the end of a sentence, so a wrapped line that happens to begin "2, …" is left alone.
"""

from __future__ import annotations

import re

from vndocx.segment.body import heading_of
from vndocx.segment.rows import Row

# Letters OCR gives for the strokes of roman numerals, and for the digit 1 and 0.
_ROMAN_LOOKALIKES = str.maketrans({"l": "I", "1": "I", "|": "I", "!": "I", "H": "II", "U": "II"})
# what each may stand for: a damaged number is read as whichever its sequence expects
_DIGIT_LOOKALIKES = {"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "Š": "5", "S": "5", "§": "58", "B": "8"}
_DAMAGED_ROMAN = re.compile(r"^(?P<num>[IVXlH1|!U]{1,4})\s*[.:,]\s+(?=\S)")
_DAMAGED_ARABIC = re.compile(r"^(?P<num>[0-9lI|OoŠS§B]{1,2})\s*[.,]\s+(?=\S)")
# a damaged parent number of a dotted item ("§.1." for "8.1." under item 8)
_DAMAGED_DOTTED = re.compile(r"^(?P<num>[0-9lI|OoŠS§B]{1,2})\s*[.,](?P<sub>\d{1,2})\.?\s+(?=\S)")
# the letters of a list's points (điểm) in Vietnamese order, and the marks OCR gives for some
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LETTER_LOOKALIKES = {"ø": "go", "9": "g", "q": "g", "€": "e", "©": "c", "ä": "a", "ô": "o", "0": "o"}
_DAMAGED_LETTER = re.compile(r"^(?P<num>\S)\s*\)\s+(?=\S)")
_ENDS_SENTENCE = re.compile(r"[.;:!?)]\s*$")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
          "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}
_ROMAN_OF = {v: k for k, v in _ROMAN.items()}


def mend_numbering(rows: list[Row]) -> list[str]:
    """Rewrite, in place, the rows of the body whose section number OCR damaged; return one
    warning that lists them ("section numbers read by their sequence: 'HI.' as 'III.', …"), or []."""
    notes: list[str] = []
    roman = arabic = 0
    letter = ""  # the last point's letter ("" before the first)
    opens = False  # whether the line before ended a sentence or was a title: a new item may start
    for row in rows:
        if row.blank or row.table is not None:
            continue
        text = row.clean
        heading = heading_of(text)
        if heading is None and opens:
            mended = _mended(text, roman, arabic) or _mended_letter(text, letter)
            if mended:
                notes.append(f"{text[:len(text) - len(mended[1])].strip()!r} as {mended[0]!r}")
                row.text = text = f"{mended[0]} {mended[1]}"
                heading = heading_of(text)
        if heading is not None:
            level, number, _ = heading
            if number in _ROMAN:
                roman, arabic, letter = _ROMAN[number], 0, ""
            elif number.isdigit() and level == 2:
                arabic, letter = int(number), ""
            elif number in _LETTERS and level == 3:
                letter = number
        # a heading in capitals or a roman one stands alone; an item's line may wrap mid-sentence
        opens = bool(_ENDS_SENTENCE.search(text)) or (heading is not None and (
            heading[1] in _ROMAN or heading[2].isupper()))
    return [f"section numbers damaged by OCR, read by their sequence: {', '.join(notes)}"] if notes else []


def _mended(text: str, roman: int, arabic: int) -> tuple[str, str] | None:
    """(the number as it should read, the rest of the line) when ``text`` opens with a damaged
    form of the next roman or arabic number; None otherwise."""
    m = _DAMAGED_ROMAN.match(text)
    if m and roman and _ROMAN.get(m.group("num").translate(_ROMAN_LOOKALIKES)) == roman + 1:
        return f"{_ROMAN_OF[roman + 1]}.", text[m.end():]
    m = _DAMAGED_ARABIC.match(text)
    if m and _reads_as(m.group("num"), arabic + 1):
        return f"{arabic + 1}.", text[m.end():]
    m = _DAMAGED_DOTTED.match(text)
    if m and arabic and not m.group("num").isdigit() and _reads_as(m.group("num"), arabic):
        return f"{arabic}.{m.group('sub')}.", text[m.end():]
    return None


def _reads_as(damaged: str, number: int) -> bool:
    """Whether ``damaged`` ("l", "Š", "1O") can be read as ``number`` by its lookalikes."""
    want = str(number)
    return len(damaged) == len(want) and all(
        c == w or w in _DIGIT_LOOKALIKES.get(c, "") for c, w in zip(damaged, want, strict=True))


def _mended_letter(text: str, letter: str) -> tuple[str, str] | None:
    """(the point's letter as it should read, the rest of the line) when ``text`` opens with a
    damaged form of the letter after ``letter`` ("ø)" after "e)" for "g)"); None otherwise."""
    m = _DAMAGED_LETTER.match(text)
    if not m or not letter or letter == _LETTERS[-1] or m.group("num") in _LETTERS:
        return None
    want = _LETTERS[_LETTERS.index(letter) + 1]
    return (f"{want})", text[m.end():]) if want in _LETTER_LOOKALIKES.get(m.group("num"), "") else None
