"""Marks OCR lost: Tesseract's Vietnamese model often drops the circumflex, the breve or the
tone of a letter, on capitals above all ("KHẢN CÁP" for "KHẨN CẤP", "ĐIÊU PHÓI" for "ĐIỀU
PHỐI", "SỞ Y TÉ", "thị trân", "Thành phô"). The line still reads as Vietnamese, so the restorer
leaves it alone; here each syllable is read again by the language model from its bare letters,
and the printed one is replaced only when the model is sure of a reading of which the printed
one is that reading with marks lost — never a different tone or shape ("THỨ" is not made
"THỦ", "đài" not "đại"). The reading must hold both in the line alone (a header line is no
context for the next) and with the lines around it (a sentence broken at "…, Phó" goes on
"Chủ tịch" below: "Phố" it is not; "…, doanh nghiệp ngay" goes on "khi …"), except for the
first word of a line that goes on the sentence above, which alone has no context to be sure in
("… địa bàn Thành" / "phô cử …": "phố"). One exception to
"never another tone": a reading that makes, with the word beside it, one of the genre's verb
phrases ("có trách nhiệm" for "cỏ trách nhiệm", "tổ chức" for "tô chức"), unless the printed
word is a function word ("để nghị quyết")."""

from __future__ import annotations

import re
from functools import cache

from vndocx.lang.syllables import strip

# The model's probability of the reading put in, at least, and of the printed one, at most.
SURE, DOUBT = 0.9, 0.05


def restore_lost_marks(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``lines`` with the syllables whose marks OCR lost restored, and the (printed, restored)
    pairs changed, in order."""
    from vndocx.repair.glyphs import lost_marks

    alone = _readings(lines, [""] * len(lines), [""] * len(lines))
    before = ["", *lines[:-1]]
    after = [*lines[1:], ""]
    around = _readings(lines, before, after)
    out = list(lines)
    changes: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        spans = []
        # the first word of a line that goes on the sentence above ("… địa bàn Thành" / "phô cử …") is
        # read with that line: alone it has no context to be sure in
        first = re.match(r"\w+", line) if re.search(r"\w$", before[i]) and line[:1].islower() else None
        for (start, end), (best, sure, printed_p) in alone[i].items():
            printed = line[start:end]
            if first and first.span() == (start, end) and (sure < SURE or printed_p > DOUBT):
                best, sure, printed_p = around[i].get((start, end), (best, sure, printed_p))
            if best == printed or sure < SURE or printed_p > DOUBT or len(best) != len(printed):
                continue
            if around[i].get((start, end), ("",))[0] != best:
                continue  # the lines around read it otherwise
            if _in_place_name(line, start, end):
                continue  # "Cà Mau": a locality is spelled as listed, not as the model would
            if all(a == b or lost_marks(a, b) for a, b in zip(best.lower(), printed.lower(), strict=True)) or (
                    _makes_genre_phrase(line, start, end, best)):
                spans.append((start, end, best))
                changes.append((printed, best))
        for start, end, text in reversed(spans):
            line = line[:start] + text + line[end:]
        out[i] = line
    return out, changes


@cache
def _genre_words() -> tuple[frozenset[str], frozenset[str]]:
    """The two-word phrases a clause's verb opens with ("có trách", "tổ chức") and the function
    words ("để", "về"), lower case."""
    from vndocx.lang.rule_tables import load_clause_words

    words = load_clause_words()
    return frozenset(words["predicate"]), frozenset(words["function"])


def _makes_genre_phrase(line: str, start: int, end: int, best: str) -> bool:
    """Whether the reading ``best`` of the syllable at ``start:end`` makes, with the word printed
    beside it, a verb phrase of the genre: OCR put another mark on a word of it ("cỏ trách
    nhiệm", "tô chức", "thức hiện"), where the genre's own words outweigh the rule that a reading
    keeps the printed tone. A function word printed stays: "để nghị quyết …" is no "đề nghị"."""
    phrases, function = _genre_words()
    if line[start:end].lower() in function:
        return False
    before = re.search(r"(\w+)\s+$", line[:start])
    after = re.match(r"\s+(\w+)", line[end:])
    return bool(before and f"{before[1]} {best}".lower() in phrases) or bool(
        after and f"{best} {after[1]}".lower() in phrases)


def _readings(lines: list[str], before: list[str], after: list[str]
              ) -> list[dict[tuple[int, int], tuple[str, float, float]]]:
    """Per line, for each of its syllables with a choice ((start, end) in the line): the
    model's best reading, its probability and that of the printed one, with ``before[i]`` and
    ``after[i]`` as the text around line i (each line's text is read apart from the others')."""
    from vndocx.repair.restorer import ITEM_SEP, restore_text

    texts = [" ".join(filter(None, (b, line, a))) for b, line, a in zip(before, lines, after, strict=True)]
    offsets = [len(b) + 1 if b else 0 for b in before]
    # one call, each text apart: ITEM_SEP ends the phrase, and text i is the joined text's line 2i
    _, syllables = restore_text(ITEM_SEP.join(strip(t) for t in texts), alternatives=True)
    found: list[dict[tuple[int, int], tuple[str, float, float]]] = [{} for _ in lines]
    for s in syllables:
        i = s.line // 2
        start, end = s.start - offsets[i], s.end - offsets[i]
        if start < 0 or end > len(lines[i]) or not s.alternatives:
            continue
        printed = lines[i][start:end]
        best, p = s.alternatives[0]
        found[i][(start, end)] = (best, p, sum(q for a, q in s.alternatives if a == printed))
    return found


def _in_place_name(line: str, start: int, end: int) -> bool:
    """Whether the Capitalised word at ``start:end`` is part of a listed locality name with the
    Capitalised word before or after it ("Cần Thơ, Cà Mau")."""
    from vndocx.repair.places import places

    table = places()
    if table is None or not line[start:start + 1].isupper():
        return False
    words = [(m.start(), m.group()) for m in re.finditer(r"\w+", line)]
    at = next((k for k, (pos, _) in enumerate(words) if pos == start), None)
    if at is None:
        return False
    pairs = [words[k:k + 2] for k in (at - 1, at) if k >= 0 and k + 1 < len(words)]
    return any(all(w[:1].isupper() for _, w in pair) and table.match([w for _, w in pair]) for pair in pairs)
