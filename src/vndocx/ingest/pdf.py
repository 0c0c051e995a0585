"""PDF reader: the text layer through pdfplumber (word positions and ruled tables kept);
pages without a text layer, or with one that is not Vietnamese text, are rendered at 300 dpi
and OCR'd."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import partial
from pathlib import Path

from vndocx.errors import CorruptFile, EmptyDocument, EncryptedFile, TooLarge
from vndocx.ingest.guards import check_pdf_streams, check_pdf_xobjects
from vndocx.ingest.layout import (
    BULLET_LINE,
    SUPERSCRIPT_DIGITS,
    inside,
    stacked_rows,
    superscript,
    table_row_text,
    union,
    words_to_lines,
)
from vndocx.ingest.ocr import OCR_DPI, ocr_pages
from vndocx.ingest.widgets import PRINTED_STAMP, STAMP, signatures, widget_text
from vndocx.limits import DEFAULT_LIMITS, Limits
from vndocx.pages import BBox, Line, Page, PageTable, Word

# A text layer with fewer Vietnamese syllables than this share is replaced by OCR of the page.
MIN_VALID_SHARE = 0.8
MIN_WORDS_TO_JUDGE = 30
# A page whose images cover this share of it, with a text layer too short to judge, is a scan
# that carries a stamp's text (an e-signature, "SAO Y"): its image is OCR'd.
SCAN_IMAGE_SHARE = 0.5
# A4 is 595 × 842 pt; a page a hundred times larger is no document (and would render huge).
MAX_PAGE_POINTS = 20_000


def _check_pdfium(path: Path):
    """Open with pdfium first: it tells encrypted from corrupt files clearly and renders pages."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        message = str(err)
        if "password" in message.lower():
            raise EncryptedFile(str(path), "the PDF is password-protected") from err
        raise CorruptFile(str(path), f"not a readable PDF ({message})") from err


def _page_tables(page, number: int) -> tuple[list[PageTable], list[Line], list]:
    """Ruled tables of a page: PageTable records, one line per row (per entry of a row that stacks
    several, ``stacked_rows``), and the table boxes."""
    tables, lines, boxes = [], [], []
    for found in page.filter(_draws_something).find_tables():
        rows = found.extract()
        if len(rows) < 2 or max(len(r) for r in rows) < 3:
            continue  # a frame or a two-cell layout box, not a data table
        index = len(tables)
        logical: list[tuple[list[str | None], BBox]] = []
        for cells, row in zip(rows, found.rows, strict=False):
            logical += _logical_rows(page, number, cells, row) if _may_stack(cells) else [(cells, row.bbox)]
        tables.append(PageTable(rows=[cells for cells, _ in logical], page=number, bbox=found.bbox))
        boxes.append(found.bbox)
        for r, (cells, box) in enumerate(logical):
            lines.append(Line(text=table_row_text(cells), page=number, bbox=box, table=index, row=r))
    return tables, lines, boxes


def _white(color) -> bool:
    """Whether a pdfplumber colour (gray, RGB or CMYK components) is white."""
    parts = color if isinstance(color, (tuple, list)) else (color,)
    if not parts or not all(isinstance(x, (int, float)) for x in parts):
        return False
    return all(abs(x - (0 if len(parts) == 4 else 1)) < 0.02 for x in parts)


def _draws_something(obj: dict) -> bool:
    """False for a shape filled white and not stroked: invisible on the paper, it rules no table.
    Word's PDF export puts one behind every line of a justified or highlighted paragraph, and
    their edges would otherwise make the paragraph a grid of cells."""
    return not (obj.get("object_type") in ("rect", "curve") and obj.get("fill") and not obj.get("stroke")
                and _white(obj.get("non_stroking_color")))


def _may_stack(cells: list[str | None]) -> bool:
    """Whether a row may stack several entries (see ``stacked_rows``): one cell lists "- " items
    and another runs over several lines."""
    lined = [c.split("\n") for c in cells if c]
    return any(sum(bool(BULLET_LINE.match(ln)) for ln in c) >= 2 for c in lined) and (
        sum(len(c) > 1 for c in lined) >= 2)


def _logical_rows(page, number: int, cells: list[str | None], row) -> list[tuple[list[str | None], BBox]]:
    """A ruled row as its logical rows (``stacked_rows``), each with its cells' text and its box."""
    words = [Word(w["text"], _box(w)) for w in page.within_bbox(row.bbox).extract_words()]
    by_cell = [words_to_lines([w for w in words if inside(w.bbox, [box])], number, gap_factor=1e9) if box else []
               for box in row.cells]
    split = stacked_rows(by_cell)
    if len(split) == 1:
        return [(cells, row.bbox)]
    out = []
    for sub in split:
        _, top, _, bottom = union(ln.bbox for c in sub for ln in c)
        texts = [None if cells[i] is None else "\n".join(ln.text for ln in c) for i, c in enumerate(sub)]
        out.append((texts, (row.bbox[0], top, row.bbox[2], bottom)))
    return out


def _box(w: dict) -> tuple[float, float, float, float]:
    return (w["x0"], w["top"], w["x1"], w["bottom"])


_MARKS = frozenset(SUPERSCRIPT_DIGITS)


def _attach_superscripts(raw: list[dict]) -> list[Word]:
    """Words of a page with footnote marks written as superscript digits ("quan²", "¹ Công
    văn …"): a run of digits in a smaller font, raised, touching a word in the body size."""
    marks: dict[int, str] = {}
    for i, w in enumerate(raw):
        if not w["text"].isdigit():
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(raw):
                n = raw[j]
                gap = abs((n["x1"] if j < i else n["x0"]) - (w["x0"] if j < i else w["x1"]))
                touching = gap < max(2.5, 0.4 * n["size"])  # a note's mark may stand a thin space off
                raised = w["bottom"] < n["bottom"] - 0.2 * (n["bottom"] - n["top"])
                if touching and raised and w["size"] < 0.85 * n["size"]:
                    marks[i] = "before" if j < i else "after"
                    break
    words: list[Word] = []
    prefix = ""
    for i, w in enumerate(raw):
        if i in marks:
            mark = superscript(w["text"])
            if marks[i] == "before" and words:
                prev = words.pop()
                words.append(Word(prev.text + mark, (prev.bbox[0], prev.bbox[1], w["x1"], prev.bbox[3])))
            else:
                prefix = mark  # the mark heading a footnote: glued to the note's first word
            continue
        prev = words[-1] if words else None
        if prev and prev.text[-1:] in _MARKS and re.fullmatch(r"[.,;:)]+", w["text"]) and w["x0"] - prev.bbox[2] < 1.5:
            # pdfplumber splits "dân¹." at the size change: the punctuation rejoins its word
            words[-1] = Word(prev.text + w["text"], (*prev.bbox[:2], w["x1"], prev.bbox[3]))
            continue
        words.append(Word(prefix + w["text"], _box(w)))
        prefix = ""
    return words


def _text_page(page, number: int, filled: list[Word]) -> tuple[Page, dict[Word, str]]:
    """The page's text layer as lines, with the words that form-field widgets draw (``filled``)
    set into the lines they stand on; and the font of each word of the text layer."""
    tables, table_lines, boxes = _page_tables(page, number)
    raw = [w for w in page.extract_words(extra_attrs=["size"], return_chars=True) if not inside(_box(w), boxes)]
    start_font = {(w["x0"], w["top"]): _font(w) for w in raw}
    words = _attach_superscripts(raw)
    fonts = {w: f for w in words if (f := start_font.get(w.bbox[:2]))}
    lines = words_to_lines(words + filled, number) + table_lines
    lines.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    return Page(number=number, kind="pdf", lines=lines, tables=tables, width=page.width, height=page.height), fonts


def _font(word: dict) -> str | None:
    """The font most of a pdfplumber word's characters are set in."""
    names = Counter(ch.get("fontname") for ch in word.get("chars", ()))
    return names.most_common(1)[0][0] if names else None


def _repair_glyph_maps(pages: list[Page], fonts: dict[int, dict[Word, str]]) -> list[int]:
    """Repair, in place, the words of text-layer pages set in a font whose glyph map loses marks
    (:func:`vndocx.repair.glyphs.repair_fonts`, over the whole document), with a warning on each
    page changed. Returns the numbers of the pages whose text stays unreadable (to OCR)."""
    from vndocx.repair import repair_fonts

    layer = [p for p in pages if p.kind == "pdf" and p.number in fonts]
    slots: list[tuple[Page, int]] = []
    doc_lines: list[list[tuple[str, str | None]]] = []
    for page in layer:
        if doc_lines:
            doc_lines.append([])  # a blank line: no phrase runs on from one page to the next
            slots.append((page, -1))
        for li, line in enumerate(page.lines):
            if line.table is None and line.words:
                doc_lines.append([(w.text, fonts[page.number].get(w)) for w in line.words])
                slots.append((page, li))
    if not doc_lines:
        return []
    texts, reports = repair_fonts(doc_lines)
    repaired = [r for r in reports if r.pairs]
    if not repaired:
        return []
    changed: Counter[int] = Counter()
    for (page, li), new, old in zip(slots, texts, doc_lines, strict=True):
        if li < 0 or [t for t, _ in old] == new:
            continue
        line = page.lines[li]
        words = tuple(Word(t, w.bbox, w.conf) for t, w in zip(new, line.words, strict=True))
        page.lines[li] = replace(line, text=" ".join(new), words=words, repaired=True)
        changed[page.number] += sum(a != b for (a, _), b in zip(old, new, strict=True))
    beyond_fonts = {r.font for r in repaired if r.beyond}
    beyond = []
    for page in layer:
        mine = Counter(fonts[page.number].values())
        if beyond_fonts and sum(mine[f] for f in beyond_fonts) >= 0.5 * max(1, sum(mine.values())):
            beyond.append(page.number)
        elif changed[page.number]:
            page.warnings.append(f"page {page.number}: {changed[page.number]} words repaired where a font's glyph "
                                 "map loses marks: " + "; ".join(r.describe() for r in repaired))
    return beyond


def _valid_share(page: Page) -> float | None:
    """Share of the page's words that are Vietnamese syllables once legacy encodings are
    converted; None when the page has too few words to judge. A font with a broken character
    map, or an earlier OCR made without Vietnamese data, gives far less than clean text (≈0.95)."""
    from vndocx.lang.syllables import syllable_share
    from vndocx.repair import normalize

    # words in lower case only: capitals are abbreviations (UBND, PGĐ, CCVTLT) or headings
    share, words = syllable_share(normalize("\n".join(line.text for line in page.lines)))
    return share if words >= MIN_WORDS_TO_JUDGE else None


def _image_share(page) -> float:
    """Share of the page's area that its images cover."""
    area = sum(max(0.0, (min(i["x1"], page.width) - max(i["x0"], 0))) * max(0.0, (min(i["bottom"], page.height)
               - max(i["top"], 0))) for i in page.images)
    return area / (page.width * page.height) if page.width and page.height else 0.0


def _stamp_lines(text_page: Page) -> list[tuple[str, BBox]]:
    """The lines of a scan's short text layer that are signature or copy stamps, with their boxes."""
    return [(line.text, line.bbox) for line in text_page.lines if STAMP.search(line.text)]


def _outside_stamps(lines: list[Line], stamps: list[tuple[str, BBox]], scale: float) -> list[Line]:
    """``lines`` (in pixels at ``scale`` pixels a point) less those that stand inside a stamp's box."""
    boxes = [tuple(v * scale for v in box) for _, box in stamps]
    return [ln for ln in lines if ln.bbox is None or not any(
        b[0] <= (ln.bbox[0] + ln.bbox[2]) / 2 <= b[2] and b[1] <= (ln.bbox[1] + ln.bbox[3]) / 2 <= b[3] for b in boxes)]


def _render(pdfium_doc, number: int):
    """Page ``number`` as a PIL image at OCR_DPI, in colour (OCR sets red ink aside)."""
    return pdfium_doc[number - 1].render(scale=OCR_DPI / 72).to_pil()


def _pdfium_text_page(pdfium_doc, number: int) -> Page:
    """Page ``number`` as pdfium reads its text (lines without positions), for a page that
    pdfplumber does not see."""
    text_page = pdfium_doc[number - 1].get_textpage()
    try:
        text = text_page.get_text_bounded()
    finally:
        text_page.close()
    lines = [Line(text=line, page=number) for line in text.splitlines() if line.strip()]
    return Page(number=number, kind="text", lines=lines)


def read_pdf(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    """Return the pages of a PDF; each page without a text layer is OCR'd (several pages at
    once when ``vndocx.ingest.parallel_ocr.page_threads()`` > 1). Before any page is read, the
    file is checked against ``limits`` (pages, streams that inflate past ``stream_bytes``, forms
    nested past ``guards.MAX_XOBJECT_DRAWS``), and each page to OCR against ``limits.pixels``.
    Pages that pdfium counts and pdfplumber does not are read from pdfium, with a warning."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    source = str(path)
    check_pdf_streams(path, limits)
    pdfium_doc = _check_pdfium(path)
    try:
        count = len(pdfium_doc)
        if count == 0:
            raise EmptyDocument(source, "the PDF has no pages")
        if count > limits.pages:
            raise TooLarge(source, "pages", limits.pages, count)
        check_pdf_xobjects(path, limits)
        counted: int | None = None
        pages: list[Page] = []
        scans: list[tuple[int, object]] = []  # (page number, render) of the pages to OCR
        unreadable: dict[int, float | None] = {}  # page number → Vietnamese share of its text layer (None:
        # glyph map beyond repair)
        stamped: dict[int, list[tuple[str, BBox]]] = {}  # page number → stamps (text, box) of pages to OCR
        fonts: dict[int, dict[Word, str]] = {}  # page number → the font of each word of its text layer
        try:
            with pdfplumber.open(path) as pdf:
                counted = len(pdf.pages)
                for number, page in enumerate(pdf.pages, start=1):
                    if number > count:
                        break
                    if max(page.width, page.height) > MAX_PAGE_POINTS:
                        raise CorruptFile(source, f"page {number} is absurdly large ({page.width}×{page.height} pt)")
                    filled, stamps = widget_text(pdfium_doc, number)
                    text_page, fonts[number] = _text_page(page, number, filled) if page.chars or filled else (None, {})
                    share = _valid_share(text_page) if text_page else None
                    if share is None and text_page and _image_share(page) >= SCAN_IMAGE_SHARE:
                        stamps += _stamp_lines(text_page)
                        text_page = None  # a scan under a stamp's few words
                    if text_page and (share is None or share >= MIN_VALID_SHARE):
                        printed = [ln for ln in text_page.lines if PRINTED_STAMP.search(ln.text)]
                        text_page.lines = [ln for ln in text_page.lines if ln not in printed]
                        text_page.stamps = [text for text, _ in stamps]
                        if printed:
                            text_page.stamps.append(" ".join(ln.text for ln in printed))
                        pages.append(text_page)
                    else:
                        stamped[number] = stamps
                        pixels = round((page.width * OCR_DPI / 72) * (page.height * OCR_DPI / 72))
                        if pixels > limits.pixels:
                            raise TooLarge(source, "pixels", limits.pixels, pixels,
                                           f"page {number}, {page.width:.0f}×{page.height:.0f} pt: too large to "
                                           f"render at {OCR_DPI} dpi for OCR")
                        scans.append((number, partial(_render, pdfium_doc, number)))
                        if text_page:
                            unreadable[number] = share
                    page.close()
        except PdfminerException as err:
            raise CorruptFile(source, f"not a readable PDF ({err})") from err
        for n in _repair_glyph_maps(pages, fonts):
            pages = [p for p in pages if p.number != n]
            unreadable[n] = None
            stamped[n] = []
            scans.append((n, partial(_render, pdfium_doc, n)))
        missing = []
        if counted is not None and counted != count:
            missing = list(range(counted + 1, count + 1))
            pages.extend(_pdfium_text_page(pdfium_doc, n) for n in missing)
        for n in [p.number for p in pages if p.kind == "text" and not p.lines]:
            pages = [p for p in pages if p.number != n]
            width, height = pdfium_doc[n - 1].get_size()
            pixels = round(width * height * (OCR_DPI / 72) ** 2)
            if pixels > limits.pixels:
                raise TooLarge(source, "pixels", limits.pixels, pixels,
                               f"page {n}: too large to render at {OCR_DPI} dpi for OCR")
            scans.append((n, partial(_render, pdfium_doc, n)))  # no text from pdfium either: OCR
        for scanned in ocr_pages(scans, source):
            if scanned.number in unreadable and unreadable[scanned.number] is None:
                scanned.warnings.append(f"page {scanned.number}: a font's glyph map loses marks beyond repair; "
                                        "the page image was OCR'd instead")
            elif scanned.number in unreadable:
                scanned.warnings.append(
                    f"page {scanned.number}: text layer unreadable ({unreadable[scanned.number]:.0%} of its words "
                    "are Vietnamese syllables); the page image was OCR'd instead")
            stamps = stamped.get(scanned.number, [])
            scanned.stamps = [text for text, _ in stamps]
            scanned.lines = _outside_stamps(scanned.lines, stamps, OCR_DPI / 72)
            pages.append(scanned)
        pages.sort(key=lambda p: p.number)
        if counted is not None and counted != count:
            span = f"page {missing[0]}" if len(missing) == 1 else f"pages {missing[0]}–{missing[-1]}"
            extra = (f"{span} read from pdfium's text" if missing
                     else f"the {counted - count} pages past pdfium's count were left out")
            pages[0].warnings.append(f"the PDF's page count differs between readers (pdfplumber {counted}, "
                                     f"pdfium {count}): {extra}")
        pages[0].signatures = signatures(path)
    finally:
        pdfium_doc.close()
    return pages
