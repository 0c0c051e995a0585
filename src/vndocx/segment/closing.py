"""The closing (Nghị định 30/2020, Phụ lục I, parts 7–8): the Nơi nhận list and the signature
block (authority lines TM./KT./TL./TUQ./Q., the signer's title, the name).

The two sit side by side on the page. With geometry, the right column is the signer's; in
plain text they arrive one after the other, or on the same lines separated by wide spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vndocx.lang.genre import AUTHORITY_PREFIX, DEPUTY_HEADS, DISTRIBUTION_NOTES, RANK, SIGNER_TITLES
from vndocx.lang.syllables import syllable_share
from vndocx.lang.text import fold_accents, fold_space, modern_tones, strip_accents
from vndocx.records import Document, Signer
from vndocx.segment.listed import mend_items
from vndocx.segment.person import mend_name, mend_surname
from vndocx.segment.rows import (
    ITEM_MARKS,
    Row,
    caps_words,
    closest_title,
    is_upper,
    opens_body,
    strip_markdown,
    strip_specks,
)

_NOI_NHAN = re.compile(r"^\W*N[oơ]i\s+nh[aậ]n\s*:?\s*|"
                       # its first letters as OCR damages them ("Mơi nhận:", "ơi nhận:"): on a line of its own
                       r"^\W*[NM]?[oơưôớờ]i\s+nh[aậâ]n\s*:\s*$", re.I)
_NOTE = re.compile(r"\(([^()]{1,15})\)$")
_WIDE = re.compile(r"\s{4,}")
# A person's name: capitalised words. "À-Ỹ" also takes small letters with marks, on purpose: a name
# whose first letters a seal damaged ("ống Tát Thắng") still marks where the signature stands.
_NAME = re.compile(r"^(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]+)(?:\s+[A-ZÀ-ỸĐ][a-zà-ỹđ]+){1,5}$")
_APPENDIX = re.compile(
    r"^\W*(PH[UỤ]\s+L[UỤ]C|CH[UƯ][OƠ]NG\s+TR[IÌ]NH|DANH\s+M[UỤ]C|BI[EỂ]U\s+M[AẪ]U|\(?K[eè]m\s+theo)", re.I
)
_NOT_A_NAME = {"Như trên", "Nơi nhận"}


# OCR's readings of one letter of a note: a symbol for any letter, and these lookalikes
_LOOKALIKES = frozenset({("e", "c"), ("€", "c"), ("o", "c"), ("l", "t"), ("1", "t"), ("n", "h")})
_STORAGE = re.compile(r"^L[uư]u\s*[;,.:]\s*(?=\w)")  # "Lưu: VT" as OCR reads it ("Luu; VT")
# "Lưu VT" with its first letter misread ("bưu VT", "Iưu: VT"): no other word before "VT" ends so
_STORAGE_WORD = re.compile(r"^[^\W\d_][uư]u(?=\s*[;,.:]?\s*VT\b)")


# A token of symbols alone between words ("Thủ tướng, £ các Phó …"): a speck OCR read, no word.
_SPECK_TOKEN = re.compile(r"(?<=\s)[^\w\s()\[\]/&%+\-–]+(?=\s)")
# The storage line's first full stop after a word or a note, and what follows it.
_STORAGE_TAIL = re.compile(r"(?<=[\w)])\.\s*(?P<tail>.*)$")


def _drafter_mark(tail: str) -> bool:
    """Whether ``tail``, after the storage line's full stop, is what offices put there: nothing, or
    the drafter's initials or a copy count ("….Anh", "….VTA", "…. Hương (5b)"), a short token or
    two."""
    return not tail or re.fullmatch(r"(?=.*\w)[\w()./]{1,8}(?: [\w()./]{1,8})?", tail) is not None


def mend_item(item: str) -> str:
    """Return a Nơi nhận item as the genre prints it where OCR damaged its fixed words: the
    storage line's "Lưu:" ("Luu; VT" → "Lưu: VT", "bưu VT" → "Lưu VT") and a standard closing note read with one
    letter wrong or its accents garbled ("(b/€)", "(để b/e)", "(đê b/c)" → the note), cut
    before the header of a document that follows on the page; tokens of symbols alone dropped,
    and specks after the storage line's full stop ("Lưu: VT (TH).@@"); any other item unchanged."""
    item = _STORAGE.sub("Lưu: ", _STORAGE_WORD.sub("Lưu", item))
    item = fold_space(_SPECK_TOKEN.sub(" ", item))
    if item.startswith("Lưu: ") and (tail := _STORAGE_TAIL.search(item)) and not _drafter_mark(tail["tail"]):
        item = item[:tail.start()]  # what follows the storage line's full stop is specks, no initials
    heading = next((m for m in _CAPITAL_RUN.finditer(item) if m.group().isupper()), None)
    if heading and heading.start() > 0:  # "Lưu: VT, TH. … CỘNG HÒA XÃ HỘI …": the next document's header
        item = item[:heading.start()].rstrip(" ;.,:")
    m = _NOTE.search(item)
    if not m or m.group(1) in DISTRIBUTION_NOTES:
        return item
    printed = m.group(1).replace("\u2044", "/")

    def one_letter_off(note: str) -> bool:
        if len(note) != len(printed):
            return False
        wrong = [(a, b) for a, b in zip(strip_accents(printed), strip_accents(note), strict=True) if a != b]
        return len(wrong) <= 1 and all(not a.isalnum() or (a, b) in _LOOKALIKES for a, b in wrong)

    close = [note for note in DISTRIBUTION_NOTES if one_letter_off(note)]
    return f"{item[:m.start(1)]}{close[0]}{item[m.end(1):]}" if len(close) == 1 else item


# Three words or more in capitals, one space apart: a header line (an item's abbreviations are
# parted by commas, "VT, KGVX").
_CAPITAL_RUN = re.compile(r"(?<!\S)\w{2,}(?: \w{2,}){2,}")


@dataclass
class ClosingBlock:
    """Where the closing (Nơi nhận and signature) is: ``start``/``end`` delimit its rows; the
    fields themselves are written on the ``Document`` being built (see ``parse_closing``)."""

    start: int = 0
    end: int = 0
    # "distribution" / "signer" → the rows read, each with the part of the row's text used
    sources: dict[str, list[tuple[Row, str]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _name(text: str) -> str | None:
    """The signer's name in ``text``, a military or police rank before it dropped
    ("Thượng tá Nguyễn Văn An" → "Nguyễn Văn An"); None when ``text`` is not a name."""
    text = RANK.sub("", text)
    return text if _NAME.match(text) and text not in _NOT_A_NAME else None


def _signer_name(text: str, row: Row) -> str | None:
    """The signer's name in ``text``, a part of ``row``: as printed (``_name``), or, on a line
    OCR read, with its family name mended where the signature or the seal damaged it
    (``person.mend_name``); None when ``text`` is not a name."""
    words = row.line.words if row.line is not None else ()
    tokens = text.split()
    if len(words) != len(tokens):  # not the line's own words (a part of it, or text without OCR)
        return _name(text)
    plain = _name(text)
    if plain and plain == text:
        first, _, rest = plain.partition(" ")
        mended = mend_surname(first, words[0].conf)
        return f"{mended} {rest}" if mended else plain
    return plain or mend_name([(t, w.conf) for t, w in zip(tokens, words, strict=True)])


_TITLES = frozenset(SIGNER_TITLES)
# A signer's name OCR read this surely stands on the signer's side without the title above it.
SURE_NAME = 85


def _mend_title(text: str) -> str:
    """A title line with the one- or two-letter fragment OCR read before a known title dropped
    ("EU TRƯỞNG PHÒNG" → "TRƯỞNG PHÒNG"), or read back as the "PHÓ" it is the end of ("Ó GIÁM
    ĐỐC" → "PHÓ GIÁM ĐỐC"); any other line as it is."""
    head, _, rest = text.partition(" ")
    if text in _TITLES or len(head) > 2 or rest not in _TITLES:
        return text
    return f"PHÓ {rest}" if "PHÓ".endswith(head) and f"PHÓ {rest}" in _TITLES else rest


# The marks an item of Nơi nhận opens with, as printed and as OCR reads a dash ("—=", "_-")
_BULLETS = "-+•–—=_~ "


# "Gửi: Văn bản điện tử", "Gửi: Bản giấy và điện tử": how the list was sent, its last item
_DELIVERY = re.compile(r"^Gui\s*:", re.I)


def _new_item(text: str, items: list[str]) -> bool:
    """Whether ``text``, a line of the Nơi nhận list with no "-" first, opens an item: after an
    item ended with ";" a capitalised line is the next item (OCR lost its dash), so is the
    list's first line when it reads as words, and a line opening with a dash OCR misread ("—=
    Ban …", "_- Kiểm toán …") is one, and so is the line saying how the list was sent ("Gửi: …")."""
    bare = text.lstrip(_BULLETS)
    if bare != text.lstrip() and bare[:1].isupper():
        return True
    if _DELIVERY.match(fold_accents(bare)):
        return True
    if not items:  # the first item, its dash lost ("Như Điều 3"): words, not specks
        share, words = syllable_share(text, capitals=True)
        return text[:1].isupper() and words >= 2 and share >= 0.8
    return items[-1].rstrip().endswith(";") and text[:1].isupper()


# A line of the list that starts this share of the page's width left of its first item
_LEFT_OF_LIST = 0.05


def _off_the_list(row: Row, first: Row) -> bool:
    """Whether ``row``, among the Nơi nhận items, is OCR debris off the list: read with little
    confidence (under ``_SPECK_CONF``) and starting well left of the list's first item (the dark
    edge of a scanned sheet, a punched hole)."""
    conf = row.line.conf if row.line is not None else None
    return (conf is not None and conf < _SPECK_CONF and row.x0 is not None and first.x0 is not None
            and row.x0 < first.x0 - _LEFT_OF_LIST)


def _goes_on(items: list[str]) -> bool:
    """Whether the last Nơi nhận item read may wrap onto the next line (it did not end with ".")."""
    return bool(items) and not items[-1].rstrip().endswith(".")


def _sure(row: Row) -> bool:
    """Whether ``row`` is a line OCR read with confidence (``SURE_NAME``)."""
    return row.line is not None and row.line.conf is not None and row.line.conf >= SURE_NAME


def _authority(text: str) -> str:
    """An authority line with its prefix in the standard form: "T/M." → "TM.", "KT.GIÁM ĐỐC"
    → "KT. GIÁM ĐỐC", "KT, …" → "KT. …"."""
    m = AUTHORITY_PREFIX.match(text)
    return f"{m.group(0).replace('/', '').replace(',', '.').strip().upper()} {text[m.end():].strip()}"


def _is_authority(text: str) -> bool:
    return bool(AUTHORITY_PREFIX.match(text)) and is_upper(text)


# How close (rapidfuzz ratio, letters without accents) a damaged line must be to the head's title
_HEAD_CLOSE = 80


def _damaged_authority(text: str, title: str) -> str | None:
    """The "KT. <head's title>" line that the deputy's ``title`` stands under, when ``text``, the
    line above it, is that line as OCR damaged it ("VÃ GIÁ ĐÓC", "VY ,.GLÁM ĐÓC", "KT, BỘ TRƯỞNG"
    over "PHÓ GIÁM ĐỐC" or "THỨ TRƯỞNG": the prefix read as two letters or specks); else None."""
    from rapidfuzz import fuzz

    head = DEPUTY_HEADS.get(title)
    if head is None:
        return None
    words = caps_words(text).split()
    while len(words) > len(head.split()) and len(re.sub(r"\W", "", words[0])) <= 2:
        words.pop(0)
    key = re.sub(r"\W", "", fold_accents(" ".join(words)))
    return f"KT. {head}" if fuzz.ratio(key, re.sub(r"\W", "", fold_accents(head))) >= _HEAD_CLOSE else None


# The title of the head of a body that signs "TM." (thay mặt) for it.
_COLLECTIVE_HEADS = (("ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("HỘI ĐỒNG", "CHỦ TỊCH"), ("CHÍNH PHỦ", "THỦ TƯỚNG"),
                     ("BAN", "TRƯỞNG BAN"), ("ĐOÀN", "TRƯỞNG ĐOÀN"))
# How close (rapidfuzz partial ratio, letters without accents) a damaged line's capitals must be to a title
_FRAGMENT_CLOSE = 85


def _implied_title(authority: str, texts: list[str]) -> str | None:
    """The title that ``authority`` implies, when one of ``texts`` (lines beside the signature
    that became nothing else) is a piece of it that a seal or a signature left: under "KT. BỘ
    TRƯỞNG" the deputy's "THỨ TRƯỞNG" ('("at TRƯỜN'), under "TM. ỦY BAN NHÂN DÂN" the chair's
    "CHỦ TỊCH" ("x TỊCH") or, when the piece runs longer than that ("1Ó CHỦ TỊCH"), the deputy's
    "PHÓ CHỦ TỊCH"; a deputy "THƯỜNG TRỰC" when the piece holds that too. None when no line is
    such a piece."""
    from rapidfuzz import fuzz

    prefix, _, held = authority.partition(" ")
    if prefix == "KT.":
        candidates = [t for t, head in DEPUTY_HEADS.items() if head == held]
    elif prefix == "TM.":
        head = _collective_head(held)
        candidates = [head, f"PHÓ {head}"] if head else []
    else:
        return None
    candidates += [f"{c} THƯỜNG TRỰC" for c in candidates if c.startswith(("PHÓ ", "THỨ "))]  # the standing deputy
    for text in texts:
        letters = "".join(c for w in text.split() if (c := re.sub(r"[\W\d_]", "", fold_accents(w))).isupper())
        if len(letters) < 4:
            continue
        close = [c for c in candidates
                 if fuzz.partial_ratio(letters, key := re.sub(r"\W", "", fold_accents(c))) >= _FRAGMENT_CLOSE
                 and len(key) >= len(letters)]
        shortest = min(close, key=len) if close else ""
        # two deputies' titles it may be part of: neither (unless one is the other and more)
        if close and (prefix == "TM." or all(c.startswith(shortest) for c in close)):
            return shortest
    return None


def _deputy_for(authority: str, title: str) -> str | None:
    """"KT. CHỦ TỊCH" where a deputy ("PHÓ CHỦ TỊCH") signs under "TM. ỦY BAN NHÂN DÂN" with no
    "KT." line read between: a deputy signs for the collective only on behalf of its head (Nghị
    định 30/2020, Phụ lục I), so the line is there, lost to the seal; else None."""
    prefix, _, held = authority.partition(" ")
    head = _collective_head(held)
    return f"KT. {head}" if prefix == "TM." and head and title == f"PHÓ {head}" else None


def _collective_head(held: str) -> str | None:
    """The title of the head of the collective body ``held`` names ("ỦY BAN NHÂN DÂN" → "CHỦ
    TỊCH"), or None."""
    return next((h for body, h in _COLLECTIVE_HEADS if modern_tones(held).startswith(body)), None)


def _is_title(text: str) -> bool:
    """An upper-case title line of the signature block ("PHÓ CHÁNH VĂN PHÒNG"): two words of
    letters at least ("PT ," beside a seal is specks)."""
    return is_upper(text) and len(re.findall(r"[^\W\d_]{2,}", text)) >= 2 and not text.startswith(("-", "+", "("))


def _whose_office(text: str, row: Row) -> bool:
    """Whether ``text``, under an authority line and above any title, names the body whose office
    it is: a joint document's "KT. BỘ TRƯỞNG" / "BỘ GIÁO DỤC VÀ ĐÀO TẠO" / "THỨ TRƯỞNG". Not on a
    line OCR read: the words around a seal's ring are no part of it."""
    return (is_upper(text) and opens_body(text) and text not in _TITLES and closest_title(text) is None
            and (row.line is None or row.line.conf is None))


def is_signer_start(row: Row) -> bool:
    """True for a row that opens a signature block (an authority line such as "KT. CHỦ TỊCH")."""
    return _is_authority(fold_space(strip_markdown(row.text)))


def find_closing(rows: list[Row], start: int) -> int | None:
    """Index of the row that opens the closing (Nơi nhận or an authority line), or None."""
    for i in range(start, len(rows)):
        row = rows[i]
        if row.table is not None:
            continue
        clean = fold_space(strip_markdown(row.text))
        if _NOI_NHAN.match(clean) or _is_authority(_WIDE.split(row.text.strip())[0] if clean else ""):
            # a signer's line set beside "Nơi nhận:" may sit a pixel higher and come first
            while i > start and _beside_signer(rows[i - 1], row):
                i -= 1
            return i
    return None


def _beside_signer(prev: Row, row: Row) -> bool:
    """Whether ``prev`` is a signer line (authority or title, trailing lower-case specks of a
    signature left out) on the right of the same page, level with ``row``."""
    caps = caps_words(prev.clean)
    return (prev.x0 is not None and prev.x0 >= 0.45 and prev.page == row.page and not prev.blank
            and (_is_authority(caps) or _is_title(caps)))


def is_appendix_start(text: str) -> bool:
    """True for a line that opens an appendix or an attached programme after the signature."""
    return bool(_APPENDIX.match(fold_space(strip_markdown(text))))


def _parts(row: Row) -> list[tuple[str, bool | None]]:
    """The texts of a closing row, each with True when it is on the signer's (right) side,
    False on the Nơi nhận side, None when position does not tell."""
    tabbed = [p for p in re.split(r"\t+", row.text.strip()) if p.strip()]
    if len(tabbed) > 1 and len(tabbed[0].strip()) > 2:  # columns set with tabs (not a "-\t" bullet)
        pieces = [fold_space(strip_markdown(p)) for p in tabbed]
        return [(pieces[0], False)] + [(p, True) for p in pieces[1:]]
    if row.x0 is not None:
        return [(row.clean, row.x0 >= 0.45)]
    pieces = [fold_space(strip_markdown(p)) for p in _WIDE.split(row.text.strip()) if p.strip()]
    if len(pieces) > 1:
        return [(pieces[0], False)] + [(p, True) for p in pieces[1:]]
    return [(pieces[0], None)] if pieces else []


# A signer-side line OCR read less surely than this, after the name, is specks of the signature.
_SPECK_CONF = 50


def _more_of_name(text: str, row: Row, name: str) -> bool:
    """Whether ``text``, on the signer's side of ``row`` after the signer's ``name``, is only more of
    the name: the name read a second time (from its zone, or under the seal: "Trân Sỹ Thanh") or
    specks of the signature OCR barely read ("Số.")."""
    if fold_accents(text).casefold() == fold_accents(name).casefold():
        return True
    conf = row.line.conf if row.line is not None else None
    return conf is not None and conf < _SPECK_CONF and len(text.split()) <= 2


def _list_tail(rows: list[Row], i: int, items: list[str], used: list[tuple[Row, str]], name: str) -> int:
    """Nơi nhận items printed below the signer's name (a list longer than the signature
    block, or a list below the signature), with the lines they wrap onto on the list's side;
    returns the index after them. Blank rows, the name read again and specks of the signature
    between them are passed over."""
    while i < len(rows):
        # the list's label, where the list comes below the signature ("Nơi nhận:" under two signers)
        parts = [(text, right) for text, right in ((_NOI_NHAN.sub("", t, count=1), r) for t, r in _parts(rows[i]))
                 if text]
        if all(right is True and _more_of_name(text, rows[i], name) for text, right in parts):
            i += 1  # a blank row (a Word table's empty paragraphs), the name again, specks
            continue
        if rows[i].table is not None or any(right is True for _, right in parts):
            break
        # (where position does not tell, only a dash: an attached document may follow the list)
        opens = [text.startswith(ITEM_MARKS) or (right is False and _new_item(text, items))
                 for text, right in parts]
        wraps = [right is False and _goes_on(items) for _, right in parts]
        if not all(o or w for o, w in zip(opens, wraps, strict=True)):
            break
        for (text, _), new in zip(parts, opens, strict=True):
            if new:
                items.append(text.lstrip(_BULLETS))
            else:
                items[-1] = f"{items[-1]} {text}"
            used.append((rows[i], text))
        i += 1
    return i


# Line heights from one title line to the next beyond which the signature stands between them.
_SIGNATURE_SPACE = 3


def _below_signature(title: Row | None, row: Row) -> bool:
    """Whether ``row`` stands below the title row ``title`` with the signature's space between
    them ("TRƯỞNG ĐOÀN" / signature / "CHỦ TỊCH HĐND TỈNH" / name: the second is another office
    the signer holds, printed with the name)."""
    if title is None or title.page != row.page or None in (title.top, row.top) or title.line is None \
            or title.line.bbox is None:
        return False
    height = title.line.bbox[3] - title.line.bbox[1]
    return height > 0 and row.top - title.top > _SIGNATURE_SPACE * height


def parse_closing(rows: list[Row], start: int, document: Document) -> ClosingBlock:
    """Parse the closing rows from ``start`` (see ``find_closing``) to the signer's name,
    writing the Nơi nhận items and the signer on ``document``, the Document being built."""
    closing = ClosingBlock(start=start)
    items: list[str] = []
    authority: list[str] = []
    titles: list[str] = []
    name: str | None = None
    body: str | None = None
    in_list = False
    heads: set[int] = set()  # items whose colon heads the "+" sub-items after them
    listed: list[tuple[Row, str]] = []
    signed: list[tuple[Row, str]] = []
    above: tuple[str, bool] | None = None  # the last signer-side text and whether it became a title
    beside: list[tuple[Row, str]] = []  # signer-side texts under the authority that became nothing
    signed_title: Row | None = None  # the row of the last title
    i = start
    while i < len(rows):
        row = rows[i]
        if row.table is not None or (not row.blank and is_appendix_start(row.text)
                                     and (name or titles or row.page != rows[start].page)):
            break
        for text, right in _parts(row):
            if not text:
                continue
            m = _NOI_NHAN.match(text)
            if m:
                in_list = True
                text = text[m.end():]
                if not text:
                    continue
            if right is True and not (_is_authority(text) or _is_title(text)) and not name:
                text = closest_title(text) or text  # a title line OCR damaged
            signer_like = _is_authority(text) or _is_title(text)
            if right is True or (right is None and signer_like and not (in_list and text.startswith("-"))):
                was, above = above, (text, False)
                if _is_authority(text):
                    authority.append(_authority(text))
                    signed.append((row, text))
                elif authority and not (titles or name) and _whose_office(text, row):
                    authority[-1] = f"{authority[-1]} {strip_specks(text)}"
                    signed.append((row, text))
                elif _is_title(text) and not name and titles and _below_signature(signed_title, row):
                    closing.warnings.append(f"{strip_specks(text)!r} printed under the signature, above the name: "
                                            f"another office the signer holds; the title stays {titles[-1]!r}")
                elif _is_title(text) and not name:
                    signed_title = row
                    title = _mend_title(strip_specks(text))
                    if was and not authority and (kt := _damaged_authority(was[0], title)):
                        authority.append(kt)
                        if was[1]:
                            titles.pop()
                    titles.append(title)
                    above = (text, True)
                    signed.append((row, text))
                elif (titles or authority or (in_list and _sure(row))) and (found := _signer_name(text, row)):
                    name = found  # (without a title: one OCR could not read, under the signature)
                    signed.append((row, text))
                elif right is True and is_upper(text) and not (titles or authority or name or body):
                    body = strip_specks(text)  # a closing that names only the signing body
                    signed.append((row, text))
                elif authority and not name:
                    beside.append((row, text))
                continue
            if right is None and (titles or authority) and (found := _signer_name(text, row)):
                name = found
                signed.append((row, text))
                continue
            if in_list and listed and _off_the_list(row, listed[0][0]):
                closing.warnings.append(f"Nơi nhận: left out {text!r}, read unsurely left of the list's items")
                continue
            if text.startswith(ITEM_MARKS) or (in_list and _new_item(text, items)):
                if text.startswith("+") and items and items[-1].rstrip().endswith(":"):
                    heads.add(len(items) - 1)  # "- Gửi:" / "+ Bản giấy: …": the colon heads sub-items
                items.append(text.lstrip(_BULLETS))
                listed.append((row, text))
            elif in_list and (right is False or not (titles or authority)) and _goes_on(items):
                items[-1] = f"{items[-1]} {text}"  # a wrapped item: "Lưu: VT, PVHCC" / "(CĐS)"
                listed.append((row, text))
        i += 1
        if name:
            i = _list_tail(rows, i, items, listed, name)
            break
    closing.end = i
    cleaned = [x for x in (fold_space(it).strip(" ;.," if k in heads else " ;.,:") for k, it in enumerate(items)) if x]
    specks = [x for x in cleaned if not any(c.isalpha() for c in x)]
    if specks:  # "“—-": marks OCR read off a stamp or a fold, no item
        closing.warnings.append(f"Nơi nhận: left out {len(specks)} item(s) with no letter: "
                                f"{', '.join(map(repr, specks))}")
    document.distribution, mended = mend_items([mend_item(x) for x in cleaned if x not in specks], "Nơi nhận")
    closing.warnings += mended
    closing.sources = {"distribution": listed, "signer": signed}
    if authority and not titles and (implied := _implied_title(authority[-1], [t for _, t in beside])):
        titles.append(implied)
        signed += [(r, t) for r, t in beside]
        closing.warnings.append(f"signer's title read from a damaged line as the one its authority "
                                f"({authority[-1]}) implies: {implied}")
    if authority and titles and (deputy := _deputy_for(authority[-1], titles[-1])):
        authority.append(deputy)
        closing.warnings.append(f"'{deputy}' between '{authority[-2]}' and the deputy's title {titles[-1]}: "
                                "not read (under the seal?), written as the genre requires")
    if authority or titles or name:
        document.signer = Signer(name=name, title=titles[-1] if titles else None, authority=authority)
    elif body:
        document.signer = Signer(title=body)
    return closing

