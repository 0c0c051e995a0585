"""The body: rows re-joined into paragraphs where the page width broke them, and the
paragraphs arranged into the genre's section tree (I. > 1. > a); ``-``/``+`` bullets stay
inside the text of their section)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import quantiles

from vndocx.lang.genre import (
    CHILD_SECTION_KINDS,
    INLINE_LIST,
    ITEM_FIELD,
    MANDATE_HEADING,
    PARAGRAPH_KINDS,
    SECTION_KINDS,
    TASK_LEAD_IN,
)
from vndocx.lang.syllables import CAPITAL
from vndocx.lang.text import fold_accents, fold_space
from vndocx.records import Section
from vndocx.segment.rows import Row, is_furniture, strip_markdown

_HEADINGS = (
    (1, re.compile(r"^(?P<num>[IVX]{1,5})\s*[.:]\s+(?P<rest>\S.*)$")),
    # Điều (article) heads a Quyết định: its khoản "1." and điểm "a)" nest below it.
    (1, re.compile(r"^(?P<pre>Điều\s+)(?P<num>\d+)\s*[.:]\s*(?P<rest>.*)$")),
    (3, re.compile(r"^(?P<num>\d+\.\d+)\.?\s+(?P<rest>\S.*)$")),
    (2, re.compile(r"^(?P<num>\d{1,2})\s*\.\s+(?P<rest>\S.*)$")),
    (3, re.compile(r"^(?P<num>[a-zđ])\s*\)\s+(?P<rest>\S.*)$")),
)
_BULLET = re.compile(r"^(?P<b>[-+•–])\s+")
# A dash OCR misread at the start of a scanned line, before the item's capital.
_DAMAGED_BULLET = re.compile(rf"^[-_~—=.\"“”:»]{{1,3}}\s+(?={CAPITAL})")
# A labelled line ("Đầu mối liên hệ: …") or the closing formula ends a list of assignments.
_AFTER_TASKS = re.compile(r"^[^:,;]{1,40}:\s|\./\.\s*$")
# Characters a hard-wrapped line of plain text never exceeds (an A4 line holds about 100).
UNWRAPPED_WIDTH = 130
_SENTENCE_END = re.compile(r"[.;:!?…)”\"]\s*(?:\./\.)?$")


@dataclass
class Paragraph:
    """A re-joined paragraph of the body with where it stands in the section tree."""

    text: str
    section: str | None = None  # dotted path of its section ("1.a", "V.2")
    kind: str = "other"
    bullet: str | None = None   # "-", "+" when the paragraph is a bullet item
    heading: tuple[str, str | None] | None = None  # (number, title) on a numbering line
    start: int = 0              # offsets in Document.text, set when the text is assembled
    end: int = 0
    rows: list[tuple[int, Row]] = field(default_factory=list)  # (offset in text, row) it was joined from


@dataclass
class Body:
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def heading_of(text: str) -> tuple[int, str, str] | None:
    """(level, number, rest) when ``text`` opens with a section number of the genre."""
    for level, pattern in _HEADINGS:
        m = pattern.match(text)
        if m:
            return level, m.group("num"), m.group("rest")
    return None


def _is_full(row: Row, width: float, margin: float | None) -> bool:
    """Whether a row runs to the right margin, i.e. its paragraph continues on the next row."""
    if row.x1 is not None and margin is not None:
        return row.x1 >= margin - 0.06
    return len(row.clean) >= 0.8 * width


def join_rows(rows: list[Row]) -> list[str]:
    """Re-join rows into paragraphs: a row continues the paragraph above unless it opens a
    bullet or numbered heading, the row above stopped short of the margin, or a sentence
    ended and the next one starts after a blank row or an indent."""
    return [text for text, _ in traced_join(rows)]


def traced_join(rows: list[Row]) -> list[tuple[str, list[tuple[int, Row]]]]:
    """``join_rows`` with, for each paragraph, the rows it was joined from, each with the
    offset in the paragraph's text where that row's text begins."""
    texts = [r for r in rows if not r.blank and not is_furniture(r.text) and r.table is None]
    lengths = [len(r.clean) for r in texts] or [0]
    width = quantiles(lengths, n=10)[-1] if len(lengths) > 1 else lengths[0]
    rights = [r.x1 for r in texts if r.x1 is not None]
    margin = quantiles(rights, n=10)[-1] if len(rights) > 1 else None
    # Text typed one paragraph per line (no hard wrap) has lines far longer than any page is wide.
    unwrapped = margin is None and width > UNWRAPPED_WIDTH
    paragraphs: list[str] = []
    pieces: list[list[tuple[int, Row]]] = []
    prev: Row | None = None
    gap = False
    for row in rows:
        if row.blank or is_furniture(row.text) or row.table is not None:
            gap = gap or row.blank
            continue
        text = fold_space(strip_markdown(row.text))
        if row.line is not None and row.line.conf is not None:
            text = _DAMAGED_BULLET.sub("- ", text)  # OCR read the item's dash as "_", "_.~", "\"", ":"
        opens = bool(_BULLET.match(text) or heading_of(text)) or bool(
            paragraphs and _SENTENCE_END.search(paragraphs[-1]) and ITEM_FIELD.match(text))
        indented = row.x0 is not None and prev is not None and prev.x0 is not None and row.x0 > prev.x0 + 0.02
        if opens and _BULLET.match(text) and prev is not None and not prev.whole and _is_full(prev, width, margin) \
                and not _SENTENCE_END.search(paragraphs[-1]):
            opens = False  # "… Kinh tế" / "- Xã hội năm 2026 …": a dashed name wrapped at its dash, no new item
        if prev is not None and not opens and re.search(r"\w-$", paragraphs[-1]):
            pieces[-1].append((len(paragraphs[-1]), row))
            paragraphs[-1] += text  # a symbol broken at its hyphen: "57-" / "NQ/TW", "KH-" / "UBND"
        elif prev is None or opens or unwrapped or prev.whole or not _is_full(prev, width, margin) or (
            _SENTENCE_END.search(paragraphs[-1]) and text[:1].isupper() and (gap or indented)
        ):
            paragraphs.append(text)
            pieces.append([(0, row)])
        else:
            pieces[-1].append((len(paragraphs[-1]) + 1, row))
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        prev = row
        gap = False
    return [(p, rows_of) for p, rows_of in zip(paragraphs, pieces, strict=True) if p.strip(" .")]


# A topic heading ("Về công tác thanh tra, kiểm tra", "Về xây dựng cơ chế, chính sách"): only the
# words right after "Về" can say what the part is for ("Về các kiến nghị …", "Về kết quả …").
_TOPIC = re.compile(r"^(?:Về|VỀ)\s+(?:(?:công\s+tác|việc|lĩnh\s+vực)\s+)?", re.I)
_TOPIC_WORDS = 24


def _kind(title: str, table, default: str) -> str:
    """The kind whose word stands first in ``title`` ("Nhiệm vụ trọng tâm đến hết thời gian …"
    is tasks, not basis); ``default`` when no word of the table occurs."""
    topic = _TOPIC.match(title)
    if topic:
        title = title[topic.end():topic.end() + _TOPIC_WORDS]
    low = title.lower()
    hits = [(low.find(w), n, kind) for n, (kind, words) in enumerate(table) for w in words if w in low]
    if not hits:  # an OCR'd heading whose marks are wrong ("TÓ CHỨC THỰC HIỆN")
        low = fold_accents(low)
        hits = [(low.find(f), n, kind) for n, (kind, words) in enumerate(table) for w in words
                if (f := fold_accents(w)) in low]
    return min(hits)[2] if hits else default


def _names_out(sentence: str) -> str:
    """``sentence`` with its Capitalised words after the first blanked: in a sentence they spell
    names ("Tổ Công tác", "Ban Tình hình"), whose words say nothing of the section's kind (a
    heading in capitals keeps its words)."""
    return re.sub(r"(?<=\s)\w+", lambda m: "#" * len(m.group()) if m.group()[0].isupper()
                  and not m.group().isupper() else m.group(), sentence)


# A colon before an address is the sentence's ("… truy cập hộp thư điện tử: vanphong@…"), no
# title's. OCR may have garbled the "@" and the domain ("phongvanthu()gimaiLcom"): a run of
# letters longer than any word is an address too.
_ADDRESS = re.compile(r":\s*(?:\S+@|[a-z0-9._-]{16,}|https?://|www\.)", re.I)


def _title_and_text(rest: str) -> tuple[str | None, str]:
    """Split the text after a section number into its heading title and its own text."""
    if INLINE_LIST.search(rest) or _ADDRESS.search(rest):
        return None, rest
    if len(rest) <= 150 and (not _SENTENCE_END.search(rest) or rest.rstrip().endswith(":")):
        return rest.rstrip(" :"), ""
    head, sep, tail = rest.partition(":")
    if sep and len(head) <= 100 and not re.search(r"[.;]\s", head) and not INLINE_LIST.search(head + sep):
        return head.strip(), tail.strip()
    return None, rest


def _is_letter(number: str) -> bool:
    return len(number) == 1 and number.isalpha() and number.islower()


def build_body(texts: list[str]) -> Body:
    """Arrange paragraphs into the section tree; paragraphs keep their section path."""
    body = Body()
    stack: list[tuple[int, Section, str]] = []  # (level, section, dotted path)
    lead_kind: str | None = None
    for text in texts:
        heading = heading_of(text)
        if heading:
            level, number, rest = heading
            if _is_letter(number) and stack:
                top = stack[-1]
                if _is_letter(top[1].number or ""):
                    level = top[0]  # "b)" after "a)": a sibling, wherever "a)" stood
                elif "." in (top[1].number or ""):
                    level = top[0] + 1  # "a)" under "2.3": the letters nest below the dotted item
            while stack and stack[-1][0] >= level:
                stack.pop()
            title, own = _title_and_text(rest)
            if stack:
                kind = _kind(title or "", CHILD_SECTION_KINDS, stack[-1][1].kind)
            elif text.startswith("Điều") and not title:
                kind = "other"  # an article that decides ("Điều 1. Phê duyệt …"), not one that assigns
            elif not title and lead_kind:
                kind = lead_kind  # an untitled item after a lead-in is one of its points, whatever words it uses
            else:
                kind = _kind(_names_out(title or own[:120]), SECTION_KINDS, lead_kind or "other")
            if title and MANDATE_HEADING.search(title):
                kind = "other"
            section = Section(number=number, title=title, level=level, kind=kind, text=own)
            (stack[-1][1].children if stack else body.sections).append(section)
            path = f"{stack[-1][2]}.{number}" if stack else number
            stack.append((level, section, path))
            body.paragraphs.append(Paragraph(text, path, kind, heading=(number, title)))
            continue
        bullet = _BULLET.match(text)
        if stack:
            section, path = stack[-1][1], stack[-1][2]
            section.text = f"{section.text}\n{text}" if section.text else text
            body.paragraphs.append(Paragraph(text, path, section.kind, bullet.group("b") if bullet else None))
            continue
        # Unnumbered paragraphs at the top: sections by kind (a notice written as prose).
        kind = _kind(text[:60], PARAGRAPH_KINDS, "other")
        if TASK_LEAD_IN.search(text):
            kind = lead_kind = "tasks"
        elif lead_kind == "tasks" and (bullet or not _AFTER_TASKS.search(text)):
            kind = "tasks"
        elif lead_kind == "tasks":
            lead_kind = None  # prose after the list of assignments ("Đầu mối liên hệ: …")
        previous = body.sections[-1] if body.sections else None
        if previous and previous.number is None and (
            kind == previous.kind or (kind == "other" and (bullet or previous.kind != "tasks"))
        ):
            kind = body.sections[-1].kind
            body.sections[-1].text += f"\n{text}"
        else:
            body.sections.append(Section(number=None, title=None, level=1, kind=kind, text=text))
        body.paragraphs.append(Paragraph(text, None, kind, bullet.group("b") if bullet else None))
    return body
