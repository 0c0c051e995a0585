"""OCR reader for scanned pages and images: Tesseract with Vietnamese data, word boxes kept.

Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): threads inside it do not help on
these pages, and parallelism comes from one page per worker process instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from vndocx.errors import CorruptFile, EmptyDocument, UnsupportedFormat
from vndocx.ingest.base import Page, Word
from vndocx.ingest.layout import words_to_lines

OCR_LANG = "vie"
OCR_DPI = 300
# Tesseract reports -1 for non-word boxes; words under this confidence are kept but flagged.
LOW_CONFIDENCE = 60.0
# Refuse images larger than this many pixels (a decompression bomb, or an absurd page size).
MAX_PIXELS = 200_000_000


def _tesseract():
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import pytesseract

    return pytesseract


def ocr_image(image, page: int, source: str = "<image>") -> Page:
    """OCR one page image with ``lang="vie"`` and return it as a Page of lines whose words
    carry Tesseract's boxes (pixels) and confidences."""
    pytesseract = _tesseract()
    gray = image.convert("L")
    try:
        data = pytesseract.image_to_data(gray, lang=OCR_LANG, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as err:
        raise UnsupportedFormat(source, "tesseract is not installed (apt-get install tesseract-ocr)") from err
    except pytesseract.TesseractError as err:
        raise CorruptFile(source, f"tesseract failed on page {page}: {err}") from err
    words = []
    for text, conf, left, top, width, height in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"], strict=True
    ):
        text = text.strip()
        if not text or float(conf) < 0:
            continue
        words.append(Word(text=text, bbox=(left, top, left + width, top + height), conf=float(conf)))
    result = Page(number=page, kind="ocr", lines=words_to_lines(words, page), width=gray.width, height=gray.height)
    confs = [w.conf for w in words if w.conf is not None]
    if confs and sum(confs) / len(confs) < LOW_CONFIDENCE:
        result.warnings.append(f"page {page}: low OCR confidence ({sum(confs) / len(confs):.0f}/100)")
    return result


def read_image(path: Path) -> list[Page]:
    """Return the OCR'd pages of an image file (every frame of a multi-page TIFF)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as image:
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except Image.DecompressionBombError as err:
        raise CorruptFile(str(path), f"image refused as too large: {err}") from err
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise CorruptFile(str(path), f"not a readable image: {err}") from err
    if not frames:
        raise EmptyDocument(str(path), "the image has no frames")
    return [ocr_image(frame, number, str(path)) for number, frame in enumerate(frames, start=1)]
