"""Marks OCR lost: Tesseract's Vietnamese model often drops the circumflex, the breve or the
tone of a letter, on capitals above all ("KHẢN CÁP" for "KHẨN CẤP", "ĐIÊU PHÓI" for "ĐIỀU
PHỐI", "SỞ Y TÉ", "thị trân", "Thành phô"). The line still reads as Vietnamese, so the restorer
leaves it alone; here each syllable is read again by the language model from its bare letters,
in its line, and the printed one is replaced only when the model is sure of a reading of which
the printed one is that reading with marks lost — never a different tone or shape ("THỨ" is
not made "THỦ", "đài" not "đại")."""

from __future__ import annotations

from vndocx.lang.syllables import strip

# The model's probability of the reading put in, at least, and of the printed one, at most.
SURE, DOUBT = 0.9, 0.05


def restore_lost_marks(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``lines`` with the syllables whose marks OCR lost restored, and the (printed, restored)
    pairs changed, in order. Each line is its own context."""
    from vndocx.repair.glyphs import lost_marks
    from vndocx.repair.restorer import ITEM_SEP, restore_text

    out = list(lines)
    changes: list[tuple[str, str]] = []
    # one call, each line apart: ITEM_SEP ends the phrase, and line i is the text's line 2i
    _, syllables = restore_text(ITEM_SEP.join(strip(line) for line in lines), alternatives=True)
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for s in syllables:
        n = s.line // 2
        printed = lines[n][s.start:s.end]
        best, p = s.alternatives[0] if s.alternatives else (printed, 1.0)
        if best == printed or p < SURE or len(best) != len(printed):
            continue
        if sum(q for a, q in s.alternatives if a == printed) > DOUBT:
            continue
        if all(a == b or lost_marks(a, b) for a, b in zip(best.lower(), printed.lower(), strict=True)):
            edits.setdefault(n, []).append((s.start, s.end, best))
            changes.append((printed, best))
    for i, spans in edits.items():
        line = out[i]
        for start, end, text in reversed(spans):
            line = line[:start] + text + line[end:]
        out[i] = line
    return out, changes
