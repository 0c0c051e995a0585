"""Abbreviations a document uses for bodies it also names in full: "Hội đồng Thi đua - Khen
thưởng (HĐTĐKT)" defined once, or a table's owner cell "HĐTĐKT" where the text says "Hội đồng
Thi đua - Khen thưởng". The name is a run of words, opening with a capital, whose initials spell
the abbreviation ("và" as "&" or left out; a dash between words does not break the run), so a
parenthesis that merely follows a name is no definition, and an abbreviation that two different
runs spell is left alone."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from vndocx.lang.syllables import is_syllable
from vndocx.lang.text import fold_space, key, strip_accents

_DEFINED = re.compile(
    r"\(\s*(?:(?:sau\s+đây\s+)?(?:được\s+)?(?:gọi\s+tắt|viết\s+tắt)(?:\s+là)?\s*:?\s*)?[\"“]?"
    r"(?P<abbr>[A-ZĐ][A-ZĐ&]{1,11})[\"”]?\s*\)")
# an abbreviation worth spelling out: capitals (and "&") that are no Vietnamese syllable ("BAN")
_ABBREVIATION = re.compile(r"(?<![\w&/])[A-ZĐ][A-ZĐ&]{2,11}(?![\w&/])")
_TOKEN = re.compile(r"\w+|[-–]|[^\w\s]")
_BREAK = "|"  # any mark but a dash ends a run of words
_MAX_WORDS = 16


def _initial(word: str) -> str:
    if word.lower() == "và":
        return "&"
    first = word[0].upper()
    return first if first == "Đ" else strip_accents(first)


def _spelled(runs: list[str]) -> set[str]:
    """The strings the initials of ``runs`` make: as printed, and with "và" left out."""
    return {"".join(runs), "".join(r for r in runs if r != "&")}


def defined_abbreviations(text: str) -> dict[str, str]:
    """Return abbreviation → name for each abbreviation the text defines in a parenthesis
    right after the name (the first definition of each wins)."""
    found: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        abbr = m["abbr"]
        if abbr in found:
            continue
        before = text[max(0, m.start() - 300):m.start()]
        words = list(re.finditer(r"\w+", before))[-_MAX_WORDS:]
        for n in range(1, len(words) + 1):
            run = words[-n:]
            if run[0].group()[0].isupper() and abbr in _spelled([_initial(w.group()) for w in run]):
                found[abbr] = fold_space(before[run[0].start():run[-1].end()])
                break
    return found


def _spelled_in_text(abbr: str, text: str, tokens: list[re.Match[str]], initials: list[str],
                     starts: dict[str, list[int]]) -> list[tuple[str, str]]:
    """The names in the text whose initials spell ``abbr``, with the word after each: one per
    name however its dashes and capitals are printed, the spelling printed most."""
    spellings: dict[str, Counter[tuple[str, str]]] = {}
    for i in starts.get(abbr[0], ()):
        got: list[str] = []
        for j in range(i, min(len(initials), i + 2 * len(abbr) + 2)):
            if initials[j] == _BREAK or (len(tokens[j].group()) > 1 and tokens[j].group().isupper()):
                break  # a mark, or a word in capitals (another abbreviation, a heading)
            if initials[j] == "-":
                continue
            got.append(initials[j])
            if len(got) > len(abbr):
                break
            if got[-1] != "&" and abbr in _spelled(got):
                name = fold_space(text[tokens[i].start():tokens[j].end()])
                after = tokens[j + 1].group() if j + 1 < len(tokens) else ""
                before = tokens[i - 1].group() if i else ""
                spellings.setdefault(key(re.sub(r"\s*[-–]\s*", " ", name)), Counter())[(name, after, before)] += 1
                break
    return [c.most_common(1)[0][0] for c in spellings.values()]  # ties: the first printed


def document_abbreviations(text: str, known: set[str], is_name: Callable[[str, str], bool]) -> dict[str, str]:
    """Return abbreviation → name for the abbreviations of ``text`` (those in ``known``, the
    gazetteer's own, left out) that it defines, or that exactly one run of its words spells
    where ``is_name(run, the word after it)`` says the run is a body's whole name."""
    found = {a: n for a, n in defined_abbreviations(text).items() if a not in known}
    wanted = {a for a in _ABBREVIATION.findall(text)
              if a not in known and a not in found and not is_syllable(a.lower())}
    if not wanted:
        return found
    tokens = list(_TOKEN.finditer(text))
    initials = [_initial(t.group()) if t.group()[0].isalnum() else
                "-" if t.group() in "-–" else _BREAK for t in tokens]
    starts: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        if t.group()[0].isupper():
            starts.setdefault(initials[i], []).append(i)
    for abbr in sorted(wanted):
        names = _spelled_in_text(abbr, text, tokens, initials, starts)
        if len(names) == 1 and is_name(*names[0][:2]):
            found[abbr] = names[0][0]
            continue
        # "phòng BCVT" where the text names "Phòng Bưu chính - Viễn thông": the name after its kind
        printed = re.finditer(rf"(?<!\w)({_KINDS})\s+{re.escape(abbr)}(?![\w&])", text, re.I)
        kinds = {m.group(1).casefold() for m in printed}
        after_kind = [n for n, _, before in names if before.casefold() in kinds]
        if len(after_kind) == 1:
            found[abbr] = after_kind[0]
    return found


# The one-word kinds of body a name part follows ("phòng BCVT", "Sở KH&ĐT").
_KINDS = "Phòng|Sở|Ban|Vụ|Cục|Viện|Đoàn|Tổ"
