"""The header block (Nghị định 30/2020, Phụ lục I, parts 1–6 and 9): issuer, national motto,
số/ký hiệu, place and date, type and trích yếu, and the Kính gửi addressees.

The two header columns are told apart by x-position when the rows have geometry, and by
what the right column can hold (the motto and the place-date line) when they do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from vndocx.lang.rule_tables import load_doc_types
from vndocx.lang.text import fold_accents, fold_space
from vndocx.records import Document
from vndocx.segment.rows import Row, is_upper, mend_caps, strip_markdown, strip_specks
from vndocx.segment.rules import (
    BODY_OPENERS,
    UNIT_CONTINUATIONS,
)

# On accent-folded text (one char per char), so OCR-damaged or stripped text matches too.
_MOTTO = re.compile(r"C[O0]NG\s*H[O0]A\s+X[AÃ]\s+H[O0]I\s+CH[U]\s+NGH[I1]A\s+V[I1]E[T]\s+NAM", re.I)
_INDEPENDENCE = re.compile(r"D[o0]c\s+l[a@]p\s*[-–—]+\s*T[uự]\s*d[o0]\s*[-–—]+\s*H[a@]nh\s+ph[u]c", re.I)
_PLACE_DATE = re.compile(
    r"(?P<place>(?:TP\.\s*|Tp\.\s*)?[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,4})\s*,\s*"
    # possessive runs: the day and month take the blanks before the next word (dropped with the
    # non-digits), so a long run of spaces is scanned once, not tried split by split
    r"ng[a-z]{1,3}\s*+(?P<d>[\d.…_ \-]*+)th[a-z]{1,4}ng\s*+(?P<m>[\d.…_ \-]*+)n[a-z]{1,2}m\s*+(?P<y>[\d.…_ ]*+)"
)
_NUMBER = re.compile(
    r"^\W*+S[oô6ố]\s*+(?:[:;.]\s*+)?(?P<number>\d[\w.]*+)?[\s.…_]*+/\s*+(?P<symbol>[\w&.\-/]+)", re.I
)
_VV = re.compile(r"^\W*V\s*/\s*v\s*[:.]?\s*", re.I)
_RECIPIENTS = re.compile(r"^\W*K[ií]nh\s+g[uửư]i\s*:?\s*", re.I)
_RULE = re.compile(r"^[\s\-_–—=.*]+$")
_HEADING = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s", re.I)


@dataclass
class HeaderBlock:
    """Where the header block ends and which rows each field was read from; the fields
    themselves are written on the ``Document`` being built (see ``parse_header``)."""

    end: int = 0  # index of the first body row
    warnings: list[str] = field(default_factory=list)
    # field name → the rows it was read from, each with the part of the row's text it used
    sources: dict[str, list[tuple[Row, str]]] = field(default_factory=dict)

    def read_from(self, name: str, row: Row, part: str | None = None) -> None:
        """Record that field ``name`` was (also) read from ``row`` (``part`` of its text)."""
        self.sources.setdefault(name, []).append((row, part if part is not None else row.text))


# Độ khẩn and độ mật marks, stamped or printed on a line of their own near the header.
_MARKS = {"HỎA TỐC": ("urgency", "Hỏa tốc"), "HOẢ TỐC": ("urgency", "Hỏa tốc"),
          "THƯỢNG KHẨN": ("urgency", "Thượng khẩn"), "KHẨN": ("urgency", "Khẩn"),
          "TUYỆT MẬT": ("confidentiality", "Tuyệt mật"), "TỐI MẬT": ("confidentiality", "Tối mật"),
          "MẬT": ("confidentiality", "Mật")}
_MARK = re.compile(r"^\W*(" + "|".join(sorted(_MARKS, key=len, reverse=True)) + r")\W*$")


def _mark(head: Document, block: HeaderBlock, text: str, row: Row) -> bool:
    """Record ``text`` (read from ``row``) on ``head`` when it is an urgency or confidentiality
    mark; whether it was."""
    m = _MARK.match(text.strip())
    if not m:
        return False
    name, value = _MARKS[m.group(1)]
    if not getattr(head, name):
        setattr(head, name, value)
        block.read_from(name, row, text)
    return True


# Type lines as printed in capitals → the document type ("THÔNG BÁO KẾT LUẬN" → "Thông báo").
_TYPE_LINES = {printed.upper(): kind for printed, kind in load_doc_types().items()}


# Types whose name may share its line with the start of the title ("CHƯƠNG TRÌNH CÔNG TÁC
# THÁNG 9 NĂM 2017", "KẾ HOẠCH TRIỂN KHAI …"): the rest of the line begins the subject.
_TITLE_TYPES = tuple(sorted({k.upper() for k in _TYPE_LINES.values()} & {
    "CHƯƠNG TRÌNH", "KẾ HOẠCH", "BÁO CÁO", "THÔNG BÁO", "QUYẾT ĐỊNH", "CHỈ THỊ", "TỜ TRÌNH", "GIẤY MỜI",
    "HƯỚNG DẪN", "ĐỀ ÁN", "PHƯƠNG ÁN", "QUY CHẾ", "QUY ĐỊNH", "NGHỊ QUYẾT"}, key=len, reverse=True))


# Type names without their marks, where that leaves them unambiguous (for OCR'd type lines).
_FOLDED_TYPES = {f: kinds.pop() for f, kinds in
                 ((f, {k for p, k in _TYPE_LINES.items() if fold_accents(p) == f})
                  for f in {fold_accents(p) for p in _TYPE_LINES}) if len(kinds) == 1}


def _type_line(text: str) -> tuple[str, str] | None:
    """(sentence-case document type, rest of the line) when ``text`` is a type line: a type name
    alone ("BÁO CÁO") or a type name that opens the title in capitals ("CHƯƠNG TRÌNH CÔNG TÁC …")."""
    clean = fold_space(strip_markdown(text)).rstrip(":").strip()
    if not clean or not is_upper(clean):
        return None
    upper = clean.upper()
    if upper in _TYPE_LINES:
        return _TYPE_LINES[upper], ""
    if fold_accents(upper) in _FOLDED_TYPES:  # OCR lost or changed a mark: "CHÍ THỊ", "QUYET ĐỊNH"
        return _FOLDED_TYPES[fold_accents(upper)], ""
    for name in _TITLE_TYPES:
        if upper.startswith(name + " "):
            return _TYPE_LINES[name], clean[len(name):].strip()
    return None


def _type_of(text: str) -> str | None:
    """The sentence-case document type when ``text`` is a type line ("BÁO CÁO")."""
    found = _type_line(text)
    return found[0] if found else None


def _split_columns(row: Row) -> tuple[str, str]:
    """Return the (left, right) header text of a row."""
    text = row.text
    if row.x0 is not None and row.x0 >= 0.45:
        return "", text
    folded = fold_accents(text)
    cuts = [m.start() for m in (_MOTTO.search(folded), _INDEPENDENCE.search(folded), _PLACE_DATE.search(folded)) if m]
    if not cuts:
        return text, ""
    cut = min(cuts)
    return text[:cut], text[cut:]


def parse_date_line(text: str) -> tuple[str | None, str | None, str | None, list[str]]:
    """Parse "Gia Lai, ngày 29 tháng 11 năm 2025" → (place, ISO date or None, raw, warnings)."""
    folded = fold_accents(text)
    m = _PLACE_DATE.search(folded)
    if not m:
        return None, None, None, []
    # blanks left for the day or month, and the dots, dashes or rules a scan makes of them, read as empty
    raw = fold_space(re.sub(r"(?<=\s)[.…_\-]+(?=\s)", " ", text[m.start():m.end()])).rstrip(" .,")
    place = fold_space(text[m.start("place"):m.end("place")])
    day, month, year = (re.sub(r"\D", "", m.group(g)) for g in ("d", "m", "y"))
    if not (day and month and year):
        return place, None, raw, []
    if len(day) > 2 or len(month) > 2 or len(year) > 4:  # digits run on (blanks filled with digits)
        return place, None, raw, [f"date line {raw[:80]!r} is not a valid date"]
    try:
        return place, date(int(year), int(month), int(day)).isoformat(), raw, []
    except ValueError:
        return place, None, raw, [f"date line {raw!r} is not a valid date"]


def _issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(parent_issuer, issuer) from the left header block: units continue the line above."""
    parent, issuer = _issuer_lines(lines)
    return (" ".join(lines[n] for n in parent) if parent else None,
            " ".join(lines[n] for n in issuer) if issuer else None)


def _issuer_lines(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes into ``lines`` of (parent_issuer, issuer): units continue the line above."""
    bodies: list[list[int]] = []
    for n, line in enumerate(lines):
        if bodies and line.upper().startswith(UNIT_CONTINUATIONS):
            bodies[-1].append(n)
        else:
            bodies.append([n])
    if not bodies:
        return [], []
    return [n for body in bodies[:-1] for n in body], bodies[-1]


# A line that reads as a whole sentence of prose: the body has begun.
_TWO_LETTERS = re.compile(r"\w\w")


def _is_sentence(text: str) -> bool:
    """Whether ``text`` ends in "." or ";" after a run of 40+ characters free of "." that follows
    two word characters (the regex ``\\w{2,}[^.]{40,}[.;]$``, in linear time)."""
    text = text[:-1] if text.endswith("\n") else text
    if not text.endswith((".", ";")):
        return False
    tail = text[text.rfind(".", 0, len(text) - 1) + 1:-1]
    found = _TWO_LETTERS.search(tail)
    return found is not None and len(tail) - found.end() >= 40


def _ends_subject(text: str, taken: list[Row], row: Row, blanks: int) -> bool:
    """Whether ``row`` no longer belongs to the trích yếu whose rows so far are ``taken``."""
    clean = fold_space(strip_markdown(text))
    if _RECIPIENTS.match(clean) or _HEADING.match(clean) or _type_of(clean):
        return True
    if not taken:
        return False
    if clean.startswith(BODY_OPENERS) or (is_upper(clean) and len(clean.split()) >= 2):
        return True
    if row.x0 is not None and taken[0].x0 is not None:
        # a centred subject block ends where a row starts back at the left margin
        return row.x0 < taken[0].x0 - 0.08
    # plain text: the body's first sentence or lead-in ("… trân trọng kính mời:")
    return clean.endswith(":") or bool(blanks and _is_sentence(clean))


def _collect_lines(rows: list[Row], i: int, stop) -> tuple[list[str], int]:
    """Lines from row ``i`` on until ``stop(text, rows taken, row, blank rows before)`` or a
    gap of two blank rows before a capitalised line; returns the lines and the index after."""
    lines: list[str] = []
    taken: list[Row] = []
    blanks = 0
    while i < len(rows):
        row = rows[i]
        if row.blank or _RULE.match(row.text):
            blanks += 1
            i += 1
            continue
        text = fold_space(strip_markdown(row.text))
        if stop(text, taken, row, blanks):
            break
        taken.append(row)
        if lines and blanks >= 2 and text[:1].isupper():
            break
        if len(lines) >= 6:
            break
        lines.append(text)
        blanks = 0
        i += 1
    return lines, i


def _join(lines: list[str]) -> str:
    """The lines of a subject as one string; a dash OCR reads at the start of a continued line
    and a colon at its end are dropped."""
    text = ""
    for line in lines:
        if text:
            line = re.sub(r"^[-–—]\s+(?=[a-zà-ỹđ])", "", line)
        if text.endswith("-") and not text.endswith(" -"):
            text += line  # "57-" / "NQ/TW": a symbol broken at its hyphen
        else:
            text = f"{text} {line}" if text else line
    return strip_specks(fold_space(text)).rstrip(" :")


def parse_header(rows: list[Row], head: Document) -> HeaderBlock:
    """Parse the header block at the top of ``rows``, writing its fields (number, symbol,
    issuer, place, date, type, trích yếu, Kính gửi, urgency and confidentiality marks) on
    ``head``, the Document being built; return the block, whose ``end`` is where the body starts."""
    block = HeaderBlock()
    left: list[str] = []
    right: list[str] = []
    vv: list[str] = []
    left_rows: list[tuple[Row, str]] = []
    right_rows: list[tuple[Row, str]] = []
    vv_rows: list[tuple[Row, str]] = []
    i = 0
    in_vv = False
    while i < len(rows):
        row = rows[i]
        if row.blank or _RULE.match(row.text):
            i += 1
            continue
        clean = fold_space(strip_markdown(row.text))
        if _type_of(clean) or _RECIPIENTS.match(clean) or _HEADING.match(clean):
            break
        if head.number is None and head.symbol is None and left and clean.startswith(BODY_OPENERS):
            break
        if _mark(head, block, clean, row):
            i += 1
            continue
        lpart, rpart = _split_columns(row)
        lpart, rpart = fold_space(strip_markdown(lpart)), fold_space(strip_markdown(rpart))
        if _mark(head, block, lpart, row):
            lpart = ""
        if _mark(head, block, rpart, row):
            rpart = ""
        if rpart:
            right.append(rpart)
            right_rows.append((row, rpart))
        if lpart:
            if _VV.match(lpart) or in_vv:
                in_vv = True
                vv.append(_VV.sub("", lpart) if _VV.match(lpart) else lpart)
                vv_rows.append((row, lpart))
            elif _NUMBER.match(lpart):
                m = _NUMBER.match(lpart)
                head.number = m.group("number")
                head.symbol = m.group("symbol").strip(".-/")
                block.sources["number"] = block.sources["symbol"] = [(row, lpart)]
            elif head.symbol is None and is_upper(lpart):
                left.append(mend_caps(lpart))
                left_rows.append((row, lpart))
            elif not (head.symbol or left or right):
                break  # no header block: the document starts with its body
        i += 1
    head.parent_issuer, head.issuer = _issuer(left)
    parent_lines, issuer_lines = _issuer_lines(left)
    block.sources["parent_issuer"] = [left_rows[n] for n in parent_lines]
    block.sources["issuer"] = [left_rows[n] for n in issuer_lines]
    for text, source in zip(right, right_rows, strict=True):
        place, iso, raw, warnings = parse_date_line(text)
        if raw:
            head.place, head.date, head.date_raw = place, iso, raw
            block.sources["place"] = block.sources["date"] = block.sources["date_raw"] = [source]
            block.warnings += warnings
    if vv:
        head.doc_type = "Công văn"
        head.subject = _join(vv) or None
        block.sources["doc_type"] = vv_rows[:1]
        block.sources["subject"] = vv_rows

    # Type line and trích yếu.
    while i < len(rows) and (rows[i].blank or _RULE.match(rows[i].text)):
        i += 1
    if i < len(rows) and (found := _type_line(rows[i].text)):
        head.doc_type, rest = found
        type_row, first = rows[i], i + 1
        lines, i = _collect_lines(rows, i + 1, _ends_subject)
        block.sources["doc_type"] = [(type_row, type_row.text)]
        if rest or lines:
            head.subject = _join([rest, *lines] if rest else lines)
            taken = [(r, r.text) for r in rows[first:i] if not (r.blank or _RULE.match(r.text))]
            block.sources["subject"] = ([(type_row, rest)] if rest else []) + taken

    # Kính gửi.
    while i < len(rows) and rows[i].blank:
        i += 1
    if i < len(rows) and _RECIPIENTS.match(rows[i].clean):
        rest = _RECIPIENTS.sub("", rows[i].clean)
        first = i
        i += 1
        items = [p for p in re.split(r";", rest) if p.strip(" -.,")]
        while i < len(rows):
            text = rows[i].clean
            if not text:
                i += 1
                continue
            if text.startswith(("-", "+", "•")):
                items.append(text.lstrip("-+• "))
            elif items and not re.search(r"[;.]$", items[-1]) and text[:1].islower():
                items[-1] = f"{items[-1]} {text}"
            else:
                break
            i += 1
        head.recipients = [fold_space(x).strip(" ;.,-+•") for x in items if x.strip(" ;.,-+•")]
        block.sources["recipients"] = [(r, r.text) for r in rows[first:i] if not r.blank]
    block.end = i
    return block
