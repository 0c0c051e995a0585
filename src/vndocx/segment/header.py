"""The header block (Nghị định 30/2020, Phụ lục I, parts 1–6 and 9): issuer, national motto,
số/ký hiệu, place and date, type and trích yếu, and the Kính gửi addressees.

The two header columns are told apart by x-position when the rows have geometry, and by
what the right column can hold (the motto and the place-date line) when they do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from vndocx.lang.genre import (
    BODY_OPENERS,
    MARKS,
    SIGNER_TITLES,
    UNIT_CONTINUATIONS,
)
from vndocx.lang.rule_tables import load_bodies, load_doc_types
from vndocx.lang.syllables import SMALL, syllable_share
from vndocx.lang.text import fold_accents, fold_space, stroke_digits
from vndocx.records import Document
from vndocx.segment.listed import LEAST_WORDS, bare_key, listed_names, mend_items
from vndocx.segment.rows import ITEM_MARKS, Row, is_upper, mend_caps, opens_body, strip_markdown, strip_specks

# On accent-folded text (one char per char), so OCR-damaged or stripped text matches too.
_MOTTO = re.compile(r"C[O0]NG\s*H[O0]A\s+X[AÃ]\s+H[O0]I\s+CH[U]\s+NGH[I1]A\s+V[I1]E[T]\s+NAM", re.I)
_INDEPENDENCE = re.compile(r"D[o0]c\s+l[a@]p\s*[-–—]+\s*T[uự]\s*d[o0]\s*[-–—]+\s*H[a@]nh\s+ph[u]c", re.I)
_PLACE_DATE = re.compile(
    r"(?P<place>(?:TP\.\s*|Tp\.\s*)?[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,4})\s*,\s*"
    # possessive runs: the day and month take the blanks before the next word (dropped with the
    # non-digits), so a long run of spaces is scanned once, not tried split by split
    r"ng[a-z]{1,3}\s*+(?P<d>[\d.…_ \-]*+)th[a-z]{1,4}ng\s*+(?P<m>[\d.…_ \-]*+)n[a-z]{1,2}m\s*+(?P<y>[\d.…_ ]*+)"
)
# The same line where the day or month holds what OCR made of handwriting or a stamp ("ngày 1Ŝ
# tháng", "ngày# tháng", "tháng¿ năm") or the comma after the place was lost: place and year are
# still printed; the day or month is then read as unreadable (no date), never guessed, unless
# each of its marks is a digit or the letter OCR makes of that digit's strokes (stroke_digits).
_PLACE_DATE_LOOSE = re.compile(
    r"(?P<place>(?:TP\.\s*|Tp\.\s*)?[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,4})\s*,?\s*"
    r"ng[a-z]{1,3}\s*+(?P<d>[^\s]{0,5}?)\s*+th[a-z]{1,4}ng\s*+(?P<m>[^\s]{0,4}?)\s*+n[a-z]{1,2}m\s*+(?P<y>\d{4})"
)


def _date_match(folded: str) -> re.Match[str] | None:
    """The place-and-date line in accent-folded ``folded``: the strict form first, else the
    loose one (debris for the day or month, no comma after the place)."""
    return _PLACE_DATE.search(folded) or _PLACE_DATE_LOOSE.search(folded)
# "Số:" opening the number line, as OCR may read it: in lower case, after a speck ("_Số"), or
# after a short token read off a stamp ("VU, Só:").
_SO = r"^(?:[^\s\d]{1,3}\s+)?[\W_]*+[Ss][oô6ốóồộơ]\s*+(?:[:;.]\s*+)?"
_NUMBER = re.compile(_SO + r"(?P<number>\d[\w.]*+)?[\s.…_]*+/\s*+(?P<symbol>[\w&.\-/]+)", re.I)
# A number slot that holds something other than digits (a handwritten or stamped number OCR
# could not read: "Số: ¿# /KH-UBND"): the symbol after it is still printed and readable. The slot
# is at most a few short tokens, so a "/" further along a line of prose does not match.
_NUMBER_SLOT = re.compile(
    _SO + r"(?P<slot>[^\s/]{1,6}(?:\s[^\s/]{1,4})?)\s*+/\s*+(?P<symbol>[\w&.\-/]+)"
    # the slash lost in the handwriting too: the symbol in capitals ends the line ("Số: 3¶¿ UBND")
    r"|" + _SO + r"(?P<slot2>[^\s/]{1,6})\s++(?P<symbol2>[A-ZĐ][A-ZĐ0-9&.\-]+)$"
    # or "Số" itself lost: a short slot and a symbol with its hyphen, alone on the line ("#7 /TB-VP")
    r"|^(?P<slot3>[^\s/]{1,6})?\s*/\s*(?P<symbol3>[A-ZĐ][A-ZĐ0-9&.]*-[A-ZĐ0-9&.\-]+)$"
)
# A symbol OCR broke at a hyphen ("TB -SYT"): the part after it is joined back.
_SYMBOL_TAIL = re.compile(r"^\s+-\s*([\w&.\-/]+)")
# Specks OCR reads before an issuer line (a stamp's edge, a fold): tokens with digits, marks.
# Tokens holding a digit and runs of symbols before a word; possessive, so that a line of symbols
# alone (a table rule "|---|---|") fails at once instead of trying every split of its run.
# A token with a digit is read up to its first digit and on, each run once: "1/1/1/…" with no space
# would otherwise be tried at every split.
_LEAD_DEBRIS = re.compile(r"^(?:(?:[^\s\d]*+\d\S*+|[^\w\s]++)\s++)*+[^\w\s]*+(?=\w)")
_VV = re.compile(r"^\W*V\s*/\s*v\s*[:.]?\s*", re.I)
_RECIPIENTS = re.compile(r"^\W*K[ií]nh\s+g[uửư]i\s*:?\s*"
                         # as OCR damages it on a scan: "gửi" misread, or "Kính" broken and glued to
                         # specks before it; the colon then says it is the label
                         r"|^\W*K[ií]nh\s+\S{1,5}\s*:\s*|^\S*K\s?[ií]?nh\s+g[uửư]i\s*:\s*", re.I)
# A rule under a line ("———") or specks OCR read off it (":", "~ ,"): a row with no letter or digit.
_RULE = re.compile(r"^[\W_]+$")
_HEADING = re.compile(r"^(?:(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]|Điều\s+\d+\s*[.:])\s", re.I)  # "Điều 1.": an article


def _without_debris(item: str) -> str:
    """A Kính gửi item without the specks of a stamp printed before its dash ("_-Af ?Í 3 - Các
    đơn vị …" → "Các đơn vị …"): what comes before " - " when hardly a word of it is a syllable."""
    item = item.lstrip("_-+• ")
    before, dash, after = item.partition(" - ")
    if dash and after[:1].isupper() and len(before) < 30 and syllable_share(before, capitals=True)[0] < 0.5:
        return after
    return item


def _item_goes_on(rows: list[Row], i: int) -> bool:
    """Whether row ``i``, in capitals at its start, continues the Kính gửi item above ("… của Văn
    phòng / Trung ương Đảng, các Ban của Đảng, / …"): it ends in a list's comma and another item
    follows within two rows."""
    return rows[i].clean.rstrip().endswith((",", ";")) and any(
        r.clean.lstrip().startswith(ITEM_MARKS) for r in rows[i + 1:i + 3])


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


_MARK = re.compile(r"^\W*(" + "|".join(sorted(MARKS, key=len, reverse=True)) + r")\W*$")


def _mark(head: Document, block: HeaderBlock, text: str, row: Row) -> bool:
    """Record ``text`` (read from ``row``) on ``head`` when it is an urgency or confidentiality
    mark; whether it was."""
    m = _MARK.match(text.strip())
    if not m:
        return False
    name, value = MARKS[m.group(1)]
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
    cuts = [m.start() for m in (_MOTTO.search(folded), _INDEPENDENCE.search(folded), _date_match(folded)) if m]
    if not cuts:
        return text, ""
    cut = min(cuts)
    return text[:cut], text[cut:]


@cache
def _provinces() -> dict[str, str]:
    """Province and city names (``bodies.tsv``) by their accent-folded, case-folded spelling,
    those that fold alike left out."""
    names: dict[str, set[str]] = {}
    for row in load_bodies():
        if row.kind == "province":
            names.setdefault(fold_accents(row.name).casefold(), set()).add(row.name)
    return {key: spelled.pop() for key, spelled in names.items() if len(spelled) == 1}


# A damaged issuer line must be this close (rapidfuzz ratio, marks and case folded) to a listed
# body's name, with the same first word, to be read as that body.
ISSUER_SIMILARITY = 85


def _listed_issuer(text: str) -> str | None:
    """The listed body (``listed.listed_names``, in capitals) that ``text``, an issuer line OCR damaged
    so that it is no longer all capitals ("BỘ GIÁO mg. VÀ ĐÀO TẠO"), reads as; None when none is
    close enough or two are."""
    from rapidfuzz import fuzz, process

    key = bare_key(text)
    head = key.partition(" ")[0]
    if len(key.split()) < LEAST_WORDS:
        return None
    names = listed_names()
    hits = process.extract(key, list(names), scorer=fuzz.ratio, score_cutoff=ISSUER_SIMILARITY, limit=2)
    hits = [h for h in hits if h[0].partition(" ")[0] == head]
    return names[hits[0][0]].upper() if len(hits) == 1 else None


def _province_spelling(place: str) -> str:
    """``place`` spelled as the province or city it names where OCR read its marks wrong ("Cân
    Thơ" → "Cần Thơ"); any other place as printed."""
    return _provinces().get(fold_accents(place).casefold(), place)


def parse_date_line(text: str) -> tuple[str | None, str | None, str | None, list[str]]:
    """Parse "Gia Lai, ngày 29 tháng 11 năm 2025" → (place, ISO date or None, raw, warnings)."""
    folded = fold_accents(text)
    m = _date_match(folded)
    if not m:
        return None, None, None, []
    # blanks left for the day or month, and the dots, dashes or rules a scan makes of them, read as empty
    raw = fold_space(re.sub(r"(?<=\s)[.…_\-]+(?=\s)|(?<=\d)[_…]+", " ", text[m.start():m.end()])).rstrip(" .,")
    printed = fold_space(text[m.start("place"):m.end("place")])
    place = _province_spelling(printed)
    rest = raw[len(printed):].lstrip()
    rest = rest[1:].lstrip() if rest.startswith(",") else rest  # the comma OCR lost after the place
    raw = f"{place}, {rest}"
    day, month, year = (re.sub(r"\D", "", m.group(g)) for g in ("d", "m", "y"))
    notes = []
    if any(re.search(r"[^\d.…_ \-]", m.group(g)) for g in ("d", "m")):
        day, month = (stroke_digits(m.group(g)) for g in ("d", "m"))
        if not (day and month and year):
            return place, None, None, [f"date unreadable ({raw[:80]!r}: the day or month is not legible): left empty"]
        notes = [f"date read from handwritten or stamped strokes ({raw[:80]!r} as day {day}, month {month})"]
        raw = f"{place}, ngày {day} tháng {month} năm {year}"
    if not (day and month and year):
        return place, None, raw, []
    if len(day) > 2 or len(month) > 2 or len(year) > 4:  # digits run on (blanks filled with digits)
        return place, None, raw, [f"date line {raw[:80]!r} is not a valid date"]
    try:
        return place, date(int(year), int(month), int(day)).isoformat(), raw, notes
    except ValueError:
        return place, None, None if notes else raw, [f"date line {raw!r} is not a valid date"]


def _issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(parent_issuer, issuer) from the left header block: units continue the line above."""
    parent, issuer = _issuer_lines(lines)
    if parent and issuer and _JOINT.search(lines[parent[-1]]):
        # "BỘ GIÁO DỤC VÀ ĐÀO TẠO -" / "BỘ THÔNG TIN VÀ TRUYỀN THÔNG": joint issuers, neither the other's parent
        bodies = [" ".join(lines[n] for n in parent), " ".join(lines[n] for n in issuer)]
        return None, "; ".join(_JOINT.sub("", b) for b in bodies)
    return (" ".join(lines[n] for n in parent) if parent else None,
            " ".join(lines[n] for n in issuer) if issuer else None)


_JOINT = re.compile(r"\s+[-–]\s*$")  # the dash that ends the first of joint issuers


_FOLDED_UNITS = tuple(fold_accents(u) for u in UNIT_CONTINUATIONS)
def _issuer_lines(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes into ``lines`` of (parent_issuer, issuer): units continue the line above."""
    bodies: list[list[int]] = []
    for n, line in enumerate(lines):
        folded = fold_accents(line.upper())
        if bodies and (folded.startswith(_FOLDED_UNITS) or (opens_body(lines[bodies[-1][0]])
                                                            and not opens_body(line))):
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


# Collective bodies that decide in their own name: a line in capitals under the subject that opens
# with one is the decision's authority ("ỦY BAN NHÂN DÂN TỈNH …", "HỘI ĐỒNG …"), not the subject.
AUTHORITY_OPENERS = ("ỦY BAN", "UỶ BAN", "HỘI ĐỒNG", "BAN CHỈ ĐẠO", "BAN THƯỜNG VỤ")


def _ends_subject(text: str, taken: list[Row], row: Row, blanks: int) -> bool:
    """Whether ``row`` no longer belongs to the trích yếu whose rows so far are ``taken``."""
    clean = fold_space(strip_markdown(text))
    if _RECIPIENTS.match(clean) or _HEADING.match(clean) or _type_of(clean):
        return True
    if not taken:
        return False
    if len(taken) == 1 and _RECEIPT.match(fold_space(strip_markdown(taken[0].text))):
        return False  # a receipt stamp's second line ("Ngày: …") and the subject beside it
    if clean.startswith(BODY_OPENERS):
        return True
    if is_upper(clean) and len(clean.split()) >= 2:
        # a subject printed in capitals goes on in capitals on the next line ("CHỦ TRƯƠNG ĐẦU TƯ DỰ ÁN" /
        # "NÂNG CẤP CỔNG …"), unless that line is the authority that decides ("CHỦ TỊCH ỦY BAN …")
        return not (blanks == 0 and all(is_upper(t.clean) for t in taken)
                    and not clean.startswith((*SIGNER_TITLES, *AUTHORITY_OPENERS)))
    if row.x0 is not None and taken[0].x0 is not None:
        # a centred subject block ends where a row starts back at the left margin, unless that
        # row is a longer line of the same title: centred on the one above and close below it
        return row.x0 < taken[0].x0 - 0.08 and not _centred_below(row, taken[-1])
    # plain text: the body's first sentence or lead-in ("… trân trọng kính mời:")
    return clean.endswith(":") or bool(blanks and _is_sentence(clean))


_CENTRE_TOLERANCE = 0.025  # of the page width: a centred line's middle, as print and OCR place it
_LINE_PITCH = 2.5  # line heights from one line's top to the next's within one block


def _centred_below(row: Row, above: Row) -> bool:
    """Whether ``row`` is centred on ``above`` and follows it as the next line of one block
    (never for a DOCX paragraph: its position is its alignment, and it holds its whole text)."""
    if row.whole or None in (row.x1, above.x1, row.top, above.top) or row.line is None or above.line is None \
            or row.line.bbox is None or above.line.bbox is None:
        return False
    height = above.line.bbox[3] - above.line.bbox[1]
    centred = abs((row.x0 + row.x1) - (above.x0 + above.x1)) / 2 <= _CENTRE_TOLERANCE
    return centred and 0 < row.top - above.top <= _LINE_PITCH * height


def _collect_lines(rows: list[Row], i: int, stop, skip=None) -> tuple[list[str], int]:
    """Lines from row ``i`` on until ``stop(text, rows taken, row, blank rows before)`` or a
    gap of two blank rows before a capitalised line, passing over those ``skip(text, row)`` takes
    (a mark stamped among them); returns the lines and the index after."""
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
        if skip is not None and skip(text, row):
            i += 1
            continue
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
            line = re.sub(rf"^[-–—]\s+(?={SMALL})", "", line)
        if text.endswith("-") and not text.endswith(" -"):
            text += line  # "57-" / "NQ/TW": a symbol broken at its hyphen
        else:
            text = f"{text} {line}" if text else line
    return strip_specks(fold_space(text)).rstrip(" :")


# A received-document stamp ("ĐẾN" / "CÔNG VĂN ĐẾN", then its "Số:", "Ngày:", "Giờ:" slots) read
# into a header line; in black-and-white scans it is not set aside by colour.
_RECEIPT = re.compile(r"^\W*(?:C[ÔO]NG\s+V[ĂA]N\s+)?Đ[ẾE]N\b(?!\s+(?:ng[àa]y|nay)\b)")


def _without_receipt(lines: list[str], block: HeaderBlock) -> list[str]:
    """The subject ``lines``, the first of which starts with a receipt stamp, without the stamp:
    up to the stamp box's right rule, which OCR reads as "|", on the stamp's first or second
    line; with a warning."""
    for k, line in enumerate(lines[:2]):
        cut = line.rfind("|")
        if cut > 0:
            block.warnings.append(f"a received-document stamp before the subject ({' '.join(lines[:k + 1])[:60]!r}):"
                                 " left out of it")
            return [rest for rest in [line[cut + 1:].strip()] if rest] + lines[k + 1:]
    block.warnings.append(f"a received-document stamp in the subject ({lines[0][:40]!r})")
    return lines


@cache
def _type_abbreviations() -> dict[str, str]:
    """Document type → the abbreviation its symbols open with ("Quyết định" → "QĐ")."""
    full = load_doc_types()
    return {kind: abbr for abbr, kind in load_doc_types(abbreviations=True).items() if abbr not in full}


def _mend_symbol(symbol: str, doc_type: str) -> str:
    """``symbol`` with its first part, the document type's abbreviation, as the type says it is
    where OCR lost its mark or doubled a letter ("QD-UBND", "QĐĐ-UBND" on a decision → "QĐ-UBND")."""
    abbr = _type_abbreviations().get(doc_type)
    first, sep, rest = symbol.partition("-")
    if not abbr or not sep or first == abbr:
        return symbol
    if fold_accents(first) == fold_accents(abbr) or re.sub(r"(.)\1", r"\1", first) == abbr:
        return f"{abbr}-{rest}"
    return symbol


def _initials(name: str) -> str:
    """The capital initials of a body's name, "và" left out ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG" →
    "BTTTT"; Đ stays Đ)."""
    out = []
    for word in re.findall(r"[^\W\d_]+", name.upper()):
        if word != "VÀ":
            out.append(word[0] if word[0] == "Đ" else fold_accents(word[0]))
    return "".join(out)


def _mend_issuer_part(symbol: str, issuer: str | None) -> str:
    """``symbol`` with its last part, where it spells the issuer's initials but for one letter OCR
    added ("CT-BTTTTI", "QĐ-BCDĐCCHC" of "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH …"), as the initials;
    any other symbol as it is. The initials must run four letters at least, and one deletion
    give them."""
    head, sep, last = symbol.rpartition("-")
    initials = _initials(issuer) if issuer else ""
    if not sep or len(last) < 5 or initials.startswith(last):
        return symbol
    fits = {last[:i] + last[i + 1:] for i in range(len(last))} & {initials[:n] for n in range(4, len(initials) + 1)}
    return f"{head}-{fits.pop()}" if len(fits) == 1 else symbol


def _read_number(head: Document, block: HeaderBlock, m: re.Match[str], text: str, row: Row) -> None:
    """Set the number and symbol of ``head`` (its rows on ``block``) from the số/ký hiệu line ``text`` (match ``m``): a
    number slot that holds no clean digits (a number is digits only) leaves the number empty, with a warning."""
    groups = m.groupdict()
    symbol = groups.get("symbol") or groups.get("symbol2") or groups["symbol3"]
    if tail := _SYMBOL_TAIL.match(text[m.end():]):
        symbol += "-" + tail.group(1)
    head.symbol = symbol.strip(".-/")
    slot = next((groups[g] for g in ("slot", "slot2", "slot3") if groups.get(g)), None)
    head.number = groups.get("number")
    if head.number and not head.number.isdecimal():  # digits and letters: handwriting OCR read ("44Ý", "4l8")
        slot, head.number = head.number, None
    if slot is not None and slot.strip(".…_-"):
        block.warnings.append(f"number unreadable ({slot!r} where the number is printed or written): left empty")
    block.sources["number"] = block.sources["symbol"] = [(row, text)]


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
        if _RECEIPT.match(clean):  # the receiving office's stamp: its number and date are not the document's
            block.warnings.append(f"a received-document stamp in the header ({clean[:60]!r}): its number and date "
                                 "are the receiving office's, not read as the document's")
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
            elif m := _NUMBER.match(lpart) or _NUMBER_SLOT.match(lpart):
                _read_number(head, block, m, lpart, row)
            elif head.symbol is None and is_upper(lpart := _LEAD_DEBRIS.sub("", lpart)):
                left.append(mend_caps(lpart))
                left_rows.append((row, lpart))
            elif head.symbol is None and (listed := _listed_issuer(lpart)):
                block.warnings.append(f"issuer line damaged ({lpart.strip()!r}): read as the listed body {listed}")
                left.append(listed)
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
        if raw or place:
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
        # a mark stamped across the subject ("HỎA TỐC" at a slant in the margin) is no line of it
        lines, i = _collect_lines(rows, i + 1, _ends_subject, lambda text, row: _mark(head, block, text, row))
        block.sources["doc_type"] = [(type_row, type_row.text)]
        if lines and _RECEIPT.match(lines[0]):
            lines = _without_receipt(lines, block)
        if rest or lines:
            head.subject = _join([rest, *lines] if rest else lines) or None
            taken = [(r, r.text) for r in rows[first:i] if not (r.blank or _RULE.match(r.text) or _MARK.match(r.clean))]
            block.sources["subject"] = ([(type_row, rest)] if rest else []) + taken

    if head.symbol and head.doc_type:
        head.symbol = _mend_symbol(head.symbol, head.doc_type)
    if head.symbol:
        head.symbol = _mend_issuer_part(head.symbol, head.issuer)

    # Kính gửi.
    while i < len(rows) and (rows[i].blank or _mark(head, block, rows[i].clean, rows[i])):
        i += 1
    if i < len(rows) and _RECIPIENTS.match(rows[i].clean):
        rest = _RECIPIENTS.sub("", rows[i].clean)
        first = i
        i += 1
        items = [p for p in re.split(r";", rest) if p.strip(" -.,")]
        while i < len(rows):
            text = rows[i].clean
            if not text or _mark(head, block, text, rows[i]) or len(text.strip()) < 3:
                i += 1  # a stamped mark beside the list, or specks of one
                continue
            if text.startswith(ITEM_MARKS):
                items.append(_without_debris(text))
            elif items and not re.search(r"[;.:]$", items[-1]) and (
                    text[:1].islower() or items[-1].endswith(",") or _item_goes_on(rows, i)):
                items[-1] = f"{items[-1]} {text}"  # the item goes on: in lower case, after a comma, or before the next
            else:
                break
            i += 1
        head.recipients, mended = mend_items([x for x in (fold_space(x).strip(" ;:.,-+•") for x in items) if x],
                                             "Kính gửi")
        block.warnings += mended
        block.sources["recipients"] = [(r, r.text) for r in rows[first:i] if not r.blank]
    block.end = i
    return block


_DATE_BELOW_ROWS = 40  # how far from the end a date line of the signature's block may stand


def date_below_body(rows: list[Row], start: int, document: Document, block: HeaderBlock) -> None:
    """When the header printed no place and date, take them from a line of their own near the end of
    the document, the last such line (a report or explanatory note dated above its signature,
    "Hà Tĩnh, ngày      tháng 06 năm 2016"), written on ``document`` with its source in ``block``."""
    if document.place or document.date_raw:
        return
    for row in [r for r in rows[start:] if not r.blank][-_DATE_BELOW_ROWS:][::-1]:
        text = fold_space(strip_markdown(row.text))
        if len(text) > 60:
            continue
        place, iso, raw, warnings = parse_date_line(text)
        if place and raw and len(raw) >= len(text) - 3:
            document.place, document.date, document.date_raw = place, iso, raw
            block.warnings += warnings
            block.sources["place"] = block.sources["date"] = block.sources["date_raw"] = [(row, row.text)]
            return
