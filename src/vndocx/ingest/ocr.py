"""OCR reader for scanned pages and images: Tesseract with Vietnamese data, word boxes kept.

Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): threads inside it do not help on
these pages, and parallelism comes from one page per worker process instead.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from vndocx.errors import CorruptFile, EmptyDocument, TooLarge, UnsupportedFormat
from vndocx.ingest import ocr_cache
from vndocx.ingest.layout import (
    COLUMN_GAP,
    inside,
    run_line,
    split_runs,
    stacked_rows,
    table_row_text,
    union,
    words_to_lines,
)
from vndocx.ingest.parallel_ocr import page_threads
from vndocx.ingest.recipients_zone import reread_recipients
from vndocx.ingest.signer_zone import name_below_title
from vndocx.ingest.zones import confirm_slots
from vndocx.limits import DEFAULT_LIMITS, Limits
from vndocx.pages import LOW_CONFIDENCE, Line, Page, PageTable, Word

if TYPE_CHECKING:
    from vndocx.ingest.grid import Grid

OCR_LANG = "vie"
OCR_DPI = 300


def _tesseract():
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import pytesseract

    return pytesseract


def _grid_tables(grids: list[Grid], words: list[Word], page: int) -> tuple[list[PageTable], list[Line]]:
    """Sort the words inside each ruled grid into its cells (column bands between the vertical
    rules, row bands between the horizontal ones): Table records and one pipe line per row, or per
    entry of a row that stacks several (``stacked_rows``)."""
    tables, lines = [], []
    for grid in grids:
        cells: dict[tuple[int, int], list[Word]] = {}
        for word in words:
            cell = grid.cell_of(word.bbox)
            if cell is not None and inside(word.bbox, [grid.bbox]):
                cells.setdefault(cell, []).append(word)
        rows = []
        for r in range(len(grid.rows) - 1):
            by_cell = [words_to_lines(cells.get((r, c), []), page, gap_factor=1e9)
                       for c in range(len(grid.columns) - 1)]
            band = (grid.columns[0], grid.rows[r], grid.columns[-1], grid.rows[r + 1])
            split = stacked_rows(by_cell)
            for sub in split:
                texts = [" ".join(ln.text for ln in c) for c in sub]
                if any(texts):
                    _, top, _, bottom = union(ln.bbox for c in sub for ln in c) if len(split) > 1 else band
                    rows.append(((band[0], top, band[2], bottom), texts))
        if len(rows) < 1:
            continue
        index = len(tables)
        tables.append(PageTable(rows=[t for _, t in rows], page=page, bbox=grid.bbox))
        for n, (box, texts) in enumerate(rows):
            lines.append(Line(text=table_row_text(texts), page=page, bbox=box, table=index, row=n))
    return tables, lines


def _tesseract_data(image, page: int, source: str, config: str = "") -> dict:
    """Tesseract's word table (``image_to_data``) for an image, errors named with the file."""
    pytesseract = _tesseract()
    key = ocr_cache.cache_key(image, OCR_LANG, config) if ocr_cache.cache_dir() else None
    if key and (kept := ocr_cache.load(key)) is not None:
        return kept
    image.format = "PPM"  # pytesseract hands Tesseract an uncompressed file: PNG would cost 0.3 s a page
    try:
        data = pytesseract.image_to_data(image, lang=OCR_LANG, config=config, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as err:
        raise UnsupportedFormat(source, "tesseract is not installed (apt-get install tesseract-ocr)") from err
    except pytesseract.TesseractError as err:
        raise CorruptFile(source, f"tesseract failed on page {page}: {err}") from err
    if key:
        ocr_cache.store(key, data)
    return data


def _words(data: dict, dx: int = 0, dy: int = 0) -> list[list[Word]]:
    """The words of a Tesseract table, boxes shifted by (dx, dy), in the lines Tesseract's
    layout analysis put them in (block, paragraph, line), which follow a line across the
    different heights of accented and plain capitals better than box centres do."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for text, conf, left, top, width, height, *key in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"],
        data["block_num"], data["par_num"], data["line_num"], strict=True,
    ):
        text = text.strip()
        if text and float(conf) >= 0:
            box = (left + dx, top + dy, left + dx + width, top + dy + height)
            lines.setdefault(tuple(key), []).append(Word(text=text, bbox=box, conf=float(conf)))
    return list(lines.values())


# What Tesseract makes of accents it reads apart from their letters.
_ACCENT_DEBRIS = frozenset("“”‘’`´‹›ˆ˜¨^~'\"°·")


def _text_lines(lines: list[list[Word]], page: int) -> list[Line]:
    """Lines of the page from Tesseract's lines of words: the boxes that hold no letter or digit
    and are too small to be text dropped (accents read as a row of their own, “ ‹ `, and specks
    of noise read as "-:" or "_"), and each line cut where a gap wider than
    ``COLUMN_GAP`` word heights parts two columns (issuer | motto, Nơi nhận | signer)."""
    heights = sorted(w.bbox[3] - w.bbox[1] for line in lines for w in line) or [0]
    median = heights[len(heights) // 2]

    def speck(w: Word) -> bool:
        if any(c.isalnum() for c in w.text):
            return False
        width, height = w.bbox[2] - w.bbox[0], w.bbox[3] - w.bbox[1]
        return (set(w.text) <= _ACCENT_DEBRIS and height <= 0.5 * median) or max(width, height) <= 0.2 * median

    out = []
    for words in lines:
        words = sorted((w for w in words if not speck(w)), key=lambda w: w.bbox[0])
        if words:
            out.extend(run_line(run, page) for run in split_runs(words, COLUMN_GAP * median))
    return out


def _reread_weak_lines(image, lines: list[Line], page: int, source: str) -> list[Line]:
    """The lines of the page with each low-confidence one read again on its own (``--psm 7``),
    its crop reaching up to the line above so that the accents of capitals stay with their
    letters; the second reading is kept only when Tesseract is surer of it."""
    out: list[Line] = []
    for line in lines:
        if line.conf is None or line.conf >= LOW_CONFIDENCE or len(line.text) < 3:
            out.append(line)
            continue
        x0, y0, x1, y1 = (int(v) for v in line.bbox)
        h = y1 - y0
        above = [other.bbox[3] for other in lines
                 if other.bbox[3] <= y0 + h * 0.3 and other.bbox[2] > x0 and other.bbox[0] < x1]
        top = max([y0 - int(0.7 * h), *(int(b) + 2 for b in above)])
        box = (max(0, x0 - 10), max(0, top), min(image.width, x1 + 10), min(image.height, y1 + h // 3))
        again = [w for words in _words(_tesseract_data(image.crop(box), page, source, "--psm 7"), box[0], box[1])
                 for w in words if not set(w.text) <= _ACCENT_DEBRIS]
        confs = [w.conf for w in again if w.conf is not None]
        better = confs and sum(confs) / len(confs) > line.conf + 10
        out.append(run_line(sorted(again, key=lambda w: w.bbox[0]), page) if better else line)
    return out


def _red_print(image, angle: float, page: int, source: str) -> tuple[list[Line], list[Line]]:
    """(the signer's name and title lines, the urgency and confidentiality marks of page 1) that
    the page prints in red ink (``red_print``)."""
    import numpy as np

    from vndocx.ingest.grid import deskew
    from vndocx.ingest.red_print import red_layer, red_marks, red_print_lines

    layer = red_layer(image, red_mask(np.asarray(image, dtype=np.int16)))
    if angle:
        layer = deskew(layer, angle)
    names = red_print_lines(layer, page, partial(_crop_lines, page=page, source=source, psm=11))
    marks = red_marks(layer, page, partial(_crop_lines, page=page, source=source, psm=6),
                      partial(_crop_lines, page=page, source=source, psm=7)) if page == 1 else []
    return names, marks


def _crop_lines(crop, page: int, source: str, psm: int) -> list[Line]:
    """The lines Tesseract reads in ``crop`` with page segmentation mode ``psm``: 11 (sparse
    text) beside a seal and under a signature, where page layout takes the whole crop for a
    picture and reads nothing; 6 (one block) or 7 (one line) for a stamp's framed words, which
    sparse text takes for a picture in turn."""
    return _text_lines(_words(_tesseract_data(crop, page, source, f"--psm {psm}")), page)


def _digits_read(crop, config: str, page: int, source: str) -> str:
    """What Tesseract reads in ``crop`` with ``config``, its words joined."""
    return "".join(t.strip() for t in _tesseract_data(crop, page, source, config)["text"])


# Share of a page's pixels in red ink above which the page is read without it.
RED_INK_SHARE = 0.0005


def red_mask(a):
    """Where the pixels of ``a`` (an RGB numpy array, int16) are red ink."""
    return (a[..., 0] > 110) & (a[..., 0] - a[..., 1] > 50) & (a[..., 0] - a[..., 2] > 40)


def without_red_ink(image):
    """(greyscale page, share of its pixels in red ink): for a colour scan that carries red ink
    (received-document stamps, seals over the signer's name, HỎA TỐC marks), the page in grey with
    its reddish pixels taken from the red channel, in which red ink reads as paper; black print
    (under a seal too), blue handwriting and every other pixel keep their grey."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr"):
        return image.convert("L"), 0.0
    import numpy as np
    from PIL import Image

    rgb = image.convert("RGB")
    a = np.asarray(rgb, dtype=np.int16)
    red = red_mask(a)
    share = float(red.mean())
    gray = rgb.convert("L")
    if share < RED_INK_SHARE:
        return gray, share
    reddish = (a[..., 0] - np.maximum(a[..., 1], a[..., 2])) > 30  # the ink and its pinkish rim
    out = np.asarray(gray).copy()
    out[reddish] = a[..., 0][reddish].astype(np.uint8)
    out[red] = 255
    return Image.fromarray(out), share


# Share of dark pixels under which a page holds no print: the sparsest real scanned page measured
# (a letter's second page with a few lines) has 0.4 %, twenty times more.
BLANK_INK_SHARE = 0.0002


def is_blank(gray) -> bool:
    """Whether the greyscale page image ``gray`` has (next to) no dark pixels at all."""
    import numpy as np

    sample = np.asarray(gray)[::2, ::2]
    return bool(sample.size) and float((sample < 128).mean()) < BLANK_INK_SHARE


def ocr_image(image, page: int, source: str = "<image>") -> Page:
    """OCR one page image with ``lang="vie"`` and return it as a Page of lines whose words
    carry Tesseract's boxes (pixels) and confidences. The page is deskewed first; ruled tables
    are found from their rules, erased before OCR, and their words sorted into cells; red ink
    is set aside first (``without_red_ink``)."""
    from vndocx.ingest.grid import deskew, erase_rules, estimate_skew, find_grids  # numpy: load on first scan

    image = for_ocr(image)
    gray, red = without_red_ink(image)
    if is_blank(gray):  # the back of a sheet, a separator page: nothing for Tesseract to read
        return Page(number=page, kind="ocr", width=gray.width, height=gray.height,
                    warnings=[f"page {page}: blank (no ink), not OCR'd"])
    angle = estimate_skew(gray)
    if angle:
        gray = deskew(gray, angle)
    grids = find_grids(gray)
    clean = erase_rules(gray, grids) if grids else gray
    lines = _reread_weak_lines(clean, _text_lines(_words(_tesseract_data(clean, page, source)), page), page, source)
    slot_warnings: list[str] = []
    if page == 1:
        lines, slot_warnings = confirm_slots(clean, lines, page, partial(_digits_read, page=page, source=source))
    words = [w for line in lines for w in line.words]
    tables, table_lines = _grid_tables(grids, words, page)
    if tables:  # the words in a table are its rows' now: the lines keep the others
        boxes = [t.bbox for t in tables]
        lines = [run_line(kept, page) for line in lines
                 if (kept := [w for w in line.words if not inside(w.bbox, boxes)])]
    lines, relisted = reread_recipients(clean, lines, page, partial(_crop_lines, page=page, source=source, psm=4))
    red_lines: list[Line] = []
    marks: list[Line] = []
    if red >= RED_INK_SHARE and image.mode == "RGB":
        red_lines, marks = _red_print(image, angle, page, source)
    sparse = partial(_crop_lines, page=page, source=source, psm=11)
    red_lines += name_below_title(clean, lines + red_lines, page, sparse)
    lines = sorted(lines + table_lines + red_lines + marks, key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    result = Page(number=page, kind="ocr", lines=lines, tables=tables, width=gray.width, height=gray.height)
    result.warnings += slot_warnings
    if marks:
        result.warnings.append(f"page {page}: marks stamped in red ink read from the red ink alone: "
                               + "; ".join(ln.text for ln in marks))
    if relisted:
        result.warnings.append(f"page {page}: the Nơi nhận list read again as one block: {relisted} of its "
                               "lines read so")
    if red_lines:
        result.warnings.append(f"page {page}: signer's lines read again from their zone (red ink, or under the "
                               "signature and seal): " + "; ".join(ln.text for ln in red_lines))
    if red >= RED_INK_SHARE:
        result.warnings.append(f"page {page}: red ink (stamps, seals) set aside before OCR; a received-document "
                               "stamp's number and date are not the document's")
    confs = [w.conf for w in words if w.conf is not None]
    if confs and sum(confs) / len(confs) < LOW_CONFIDENCE:
        result.warnings.append(f"page {page}: low OCR confidence ({sum(confs) / len(confs):.0f}/100)")
    return result


def for_ocr(image):
    """``image`` in a mode the OCR reads (``RGB`` or ``L``): 16- and 32-bit grey scaled to 8 bits
    from the range its pixels use, transparency laid on white paper, CMYK/YCbCr/palette/1-bit
    converted; an image already in ``RGB`` or ``L`` is returned as it is."""
    from PIL import Image

    mode = image.mode
    if mode in ("RGB", "L"):
        return image
    if mode.startswith("I") or mode == "F":
        import numpy as np

        a = np.asarray(image.convert("F") if mode.startswith("I;") else image, dtype=np.float64)
        low, high = float(a.min()), float(a.max())
        if high <= low:
            return Image.new("L", image.size, 255 if high > 0 else 0)
        return Image.fromarray(((a - low) * (255.0 / (high - low))).round().astype(np.uint8), "L")
    if mode in ("RGBA", "LA", "PA", "La", "RGBa") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    if mode == "1":
        return image.convert("L")
    return image.convert("RGB")


def read_image(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    """Return the OCR'd pages of an image file (every frame of a multi-page TIFF). The number of
    frames and each frame's pixels are checked against ``limits`` before a frame is decoded, and
    frames are decoded one at a time as they are OCR'd. Raises TooLarge or CorruptFile."""
    from PIL import Image, UnidentifiedImageError

    source = str(path)
    Image.MAX_IMAGE_PIXELS = limits.pixels  # PIL's own check: a warning past it, an error past twice it

    def refuse(width: int, height: int, frame: int) -> None:
        if width * height > limits.pixels:
            raise TooLarge(source, "pixels", limits.pixels, width * height,
                           f"frame {frame}, {width}×{height}: an image too large to decode")

    try:
        with Image.open(path) as image:
            refuse(image.width, image.height, 1)
            frames = getattr(image, "n_frames", 1)
            if frames > limits.frames:
                raise TooLarge(source, "frames", limits.frames, frames, "an image of that many pages")
            if frames < 1:
                raise EmptyDocument(source, "the image has no frames")

            def frame(number: int):
                image.seek(number - 1)
                refuse(image.width, image.height, number)
                return for_ocr(image.copy())

            return ocr_pages([(number, partial(frame, number)) for number in range(1, frames + 1)], source)
    except Image.DecompressionBombError as err:
        raise TooLarge(source, "pixels", limits.pixels, None, f"an image too large to decode; Pillow: {err}") from err
    except (UnidentifiedImageError, OSError, SyntaxError, EOFError) as err:
        raise CorruptFile(source, f"not a readable image: {err}") from err


def ocr_pages(
    renders: Iterable[tuple[int, Callable[[], object]]],
    source: str,
    threads: int | None = None,
) -> list[Page]:
    """OCR each ``(page number, render)`` pair — ``render()`` returns the page's PIL image — and
    return the Pages in the order given. Renders run in the calling thread, Tesseract on up to
    ``threads`` pages at once (default ``page_threads()``); the first error is raised after
    the pages already started have finished."""
    threads = threads or page_threads()
    if threads == 1:
        return [ocr_image(render(), number, source) for number, render in renders]
    results: list[Page] = []
    pending: deque[Future[Page]] = deque()
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="vndocx-ocr") as pool:
        for number, render in renders:
            while len(pending) >= 2 * threads:
                results.append(pending.popleft().result())
            pending.append(pool.submit(ocr_image, render(), number, source))
        while pending:
            results.append(pending.popleft().result())
    return results
