"""Rows: the segmenter's view of the ingested lines, with positions as page-width fractions,
and the text helpers every part of the segmenter shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vndocx.lang.genre import BODY_HEADS, CAPS_PHRASES, FURNITURE, SIGNER_TITLES
from vndocx.lang.text import fold_accents, fold_space
from vndocx.pages import LOW_CONFIDENCE, Line, Page

_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s+)?|\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")


@dataclass(slots=True)
class Row:
    """One line of the document as the segmenter reads it."""

    text: str
    page: int
    x0: float | None = None  # fraction of page width; None for plain text
    x1: float | None = None
    top: float | None = None
    table: int | None = None
    row: int | None = None
    doubt: str | None = None  # why the text may be wrong: low OCR confidence, restored diacritics
    whole: bool = False  # the line is a whole paragraph (DOCX), never continued by the next
    line: Line | None = None  # the ingested line this row reads, for provenance

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def clean(self) -> str:
        """The text with markdown emphasis and heading marks removed, whitespace folded."""
        return fold_space(strip_markdown(self.text))


def strip_markdown(text: str) -> str:
    """Drop markdown heading hashes and ``**``/``*`` emphasis, keep the words."""
    return _MARKDOWN.sub("", text)


def _caps_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    alternatives = ["\\s*".join(map(re.escape, fold_accents(p).split())) for p in phrases]
    return re.compile(r"(?<![A-Z])(?:" + "|".join(alternatives) + r")(?![A-Z])")


def _body_phrases() -> tuple[str, ...]:
    """Names of bodies and provinces (``bodies.tsv``) in capitals, as header lines print them,
    each province also after the unit words ("TỈNH LẠNG SƠN", "THÀNH PHỐ ĐÀ NẴNG"): OCR of a scan
    loses or changes their marks ("SỞ TÀI CHINH", "TÍNH LẠNG SƠN"). Names that fold alike are left
    out, as are names of one word."""
    from vndocx.lang.rule_tables import load_bodies

    rows = load_bodies()
    names = [r.name.upper() for r in rows if r.kind in ("body", "local", "province")]
    names += [f"{unit} {r.name.upper()}" for r in rows if r.kind == "province" for unit in ("TỈNH", "THÀNH PHỐ")]
    keys: dict[str, set[str]] = {}
    for name in names:
        if len(name.split()) >= 2 and "," not in name:
            keys.setdefault(fold_accents(name).replace(" ", ""), set()).add(name)
    return tuple(spelled.pop() for spelled in keys.values() if len(spelled) == 1)


_PHRASES = tuple(dict.fromkeys((*CAPS_PHRASES, *_body_phrases())))
_PHRASES = tuple(sorted(_PHRASES, key=len, reverse=True))  # the longest phrase that matches wins
_CAPS = _caps_pattern(_PHRASES)
_CAPS_BY_KEY = {fold_accents(p).replace(" ", ""): p for p in _PHRASES}


def mend_caps(text: str) -> str:
    """A line in capitals with the accents and spaces of its standard phrases put back
    ("PHO CHU TỊCH" → "PHÓ CHỦ TỊCH", "ỦY BANNHÂNDÂN TỈNH" → "ỦY BAN NHÂN DÂN TỈNH")."""
    if not is_upper(text):
        return text
    folded = fold_accents(text)
    out, pos = [], 0
    for m in _CAPS.finditer(folded):
        out += [text[pos:m.start()], _CAPS_BY_KEY[m.group().replace(" ", "")]]
        pos = m.end()
    return "".join(out) + text[pos:] if out else text


_TITLE_KEYS = {re.sub(r"\W", "", fold_accents(t)): t for t in SIGNER_TITLES}


def caps_words(text: str) -> str:
    """``text`` without the words after its last word in capitals ("GIÁM ĐÓC ị can" → "GIÁM ĐÓC")."""
    words = text.split()
    while words and not is_upper(words[-1]):
        words.pop()
    return " ".join(words)


def closest_title(text: str, cutoff: float = 88) -> str | None:
    """The signer's title that an OCR-damaged capitals line stands for ("PHO CHANH VAN PHÒI Vé"
    → "PHÓ CHÁNH VĂN PHÒNG"), trailing words that are not capitals left out; None if none is close."""
    from rapidfuzz import fuzz, process

    key = re.sub(r"\W", "", fold_accents(caps_words(text)))
    if len(key) < 6:
        return None
    hit = process.extractOne(key, _TITLE_KEYS.keys(), scorer=fuzz.ratio, score_cutoff=cutoff)
    return _TITLE_KEYS[hit[0]] if hit else None


# The marks that open an item of a list (Kính gửi, Nơi nhận).
ITEM_MARKS = ("-", "+", "•")
_SPECK_MARKS = frozenset("-–—._…,;")


_HEADS = re.compile(r"(?:" + "|".join(re.escape(fold_accents(h)) for h in sorted(BODY_HEADS, key=len, reverse=True))
                    + r")(?![A-Z])")


def opens_body(line: str) -> bool:
    """Whether ``line`` opens with a word that opens a body's name (``BODY_HEADS``), marks aside
    ("SỞ Y TẾ", "TRUNG TAM …")."""
    return bool(_HEADS.match(fold_accents(line.upper())))


def strip_specks(text: str) -> str:
    """``text`` without the runs of stray punctuation a scan leaves at its end ("… năm 2026 -"):
    what ``re.sub(r"(?:\\s+[-–—._…,;]+)+$", "", text)`` removes, found by one scan back from the
    end (that regex, tried from every blank of a long line, took quadratic time)."""
    if text.endswith("\n"):  # "$" stands before a final newline too
        return _strip_tail(text[:-1]) + "\n"
    return _strip_tail(text)


def _strip_tail(text: str) -> str:
    cut = i = len(text)
    while True:
        j = i
        while j > 0 and text[j - 1] in _SPECK_MARKS:
            j -= 1
        k = j
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if j == i or k == j:
            return text[:cut]
        cut = i = k


def is_furniture(text: str) -> bool:
    """True for page numbers, bare URLs and stray counters that OCR/PDF text leaves behind."""
    return any(p.match(text) for p in FURNITURE)


def running_lines(pages: list[Page], depth: int = 2) -> set[str]:
    """Texts (digits folded) that open or close at least two pages and half of all pages:
    running headers and footers ("CÔNG BÁO/Số 12 …", a title repeated on every page)."""
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for page in pages:
        texts = [ln.text for ln in page.lines if ln.text.strip() and ln.table is None]
        for key in {_fold_digits(t) for t in texts[:depth] + texts[-depth:]}:
            seen[key] = seen.get(key, 0) + 1
    return {k for k, n in seen.items() if n >= max(2, len(pages) / 2)}


def _fold_digits(text: str) -> str:
    return re.sub(r"\d+", "#", fold_space(text))


# The opening lines of a document: the issuing body and the national motto.
_OPENING = re.compile(r"^\s*(?:[ỦU][YỶ]\s+BAN|UBND|BỘ\b|SỞ\b|CỘNG\s+HO[ÀA]|Độc\s+lập|CHÍNH\s+PHỦ|HỘI\s+ĐỒNG)", re.I)


def pages_to_rows(pages: list[Page]) -> list[Row]:
    """Flatten pages to rows in reading order, positions as fractions of the page width (of
    the text's width where it is printed on the right part of the sheet only); running headers
    and footers are left out."""
    rows = []
    running = running_lines(pages)
    for page in pages:
        width = page.width or None
        left, span = _text_frame(page) if width else (0.0, 1.0)
        for line in page.lines:
            opening = page.number == 1 and _OPENING.match(line.text)  # an attached list repeats them
            if running and _fold_digits(line.text) in running and not opening:
                continue
            doubt = _doubt(line)
            text = line.text if line.table is not None else mend_caps(line.text)
            if text != line.text:
                doubt = doubt or "accents of capitals restored"
            whole = page.kind == "docx"
            if line.bbox is None or not width:
                rows.append(Row(text, line.page, table=line.table, row=line.row, doubt=doubt, whole=whole, line=line))
                continue
            x0, top, x1, _ = line.bbox
            rows.append(Row(text, line.page, (x0 / width - left) / span, (x1 / width - left) / span, top,
                            line.table, line.row, doubt, whole, line))
    return rows


# Text that starts further right than this (fraction of the width) is printed on part of the sheet
# only (a half page scanned on a whole one): positions are then read within the text's own frame.
_OFFSET_FRAME = 0.3
_HALF_SHEET = 0.55


def _text_frame(page: Page) -> tuple[float, float]:
    """(left edge, width) of the frame positions are measured in, as fractions of the page
    width: the page itself, or the text's own extent when all of it stands right of
    ``_OFFSET_FRAME`` or within the left half of a landscape sheet (two pages scanned to one)."""
    boxes = [line.bbox for line in page.lines if line.bbox is not None and len(line.text.strip()) >= 3]
    if not boxes:
        return 0.0, 1.0
    left = min(b[0] for b in boxes) / page.width
    right = max(b[2] for b in boxes) / page.width
    if right - left <= 0.2:
        return 0.0, 1.0
    left_half = page.height is not None and page.width > page.height and right <= _HALF_SHEET
    if left <= _OFFSET_FRAME and not left_half:
        return 0.0, 1.0
    return left, right - left


def _doubt(line: Line) -> str | None:
    if line.repaired:
        return "diacritics restored"
    if line.conf is not None and line.conf < LOW_CONFIDENCE:
        return f"OCR confidence {line.conf:.0f}/100"
    return None


def is_upper(text: str) -> bool:
    """True when every cased letter of ``text`` is upper case and there are at least two."""
    return text.isupper() and sum(c.isalpha() for c in text) >= 2
