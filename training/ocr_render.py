"""Rendering text to page images and reading them back with Tesseract: how the OCR confusion
model is learned (``python -m training.restore_model --ocr``) and how the OCR benchmark makes its
garbled text. Pillow and pytesseract are imported on first use."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from vndocx.lang.syllables import strip

SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
DPI = 300
POINT_SIZE = 13.5  # a typed administrative document
LINES_PER_PAGE = 36
WRAP = 78  # characters per rendered line: fits an A4 width at 13.5 pt


def wrap(lines: list[str], width: int = WRAP) -> list[str]:
    """The non-blank lines of a text wrapped to ``width`` characters at spaces."""
    out: list[str] = []
    for line in lines:
        line = " ".join(line.split())
        if line:
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
    return out


def render_page(lines: list[str], font_path: Path = SERIF, point_size: float = POINT_SIZE):
    """A white A4-wide grayscale page (PIL image, 300 dpi) with ``lines`` in black."""
    from PIL import Image, ImageDraw, ImageFont

    if not font_path.exists():
        raise FileNotFoundError(f"{font_path}: font missing (apt-get install fonts-liberation2)")
    size = round(point_size / 72 * DPI)
    font = ImageFont.truetype(str(font_path), size)
    step = round(size * 1.5)
    margin = round(DPI * 0.8)
    page = Image.new("L", (round(8.27 * DPI), margin * 2 + step * max(1, len(lines))), 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * step), line, font=font, fill=0)
    return page


def ocr(image, lang: str = "eng") -> list[str]:
    """The non-blank lines Tesseract reads on ``image`` (one thread, uniform text block)."""
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    text = pytesseract.image_to_string(image, lang=lang, config="--psm 6")
    return [line for line in text.splitlines() if line.strip()]


def match_lines(source: list[str], read: list[str]) -> list[str | None]:
    """For each source line, the OCR line that renders it (None when none matches well).

    Lines are compared without diacritics and case (OCR without Vietnamese data loses the
    marks); the alignment keeps order and may skip lines on either side."""
    if len(source) == len(read):
        return list(read)
    a = [strip(s).lower() for s in source]
    b = [strip(r).lower() for r in read]
    n, m = len(a), len(b)
    skip = 1.0
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, how = float("inf"), 0
            if i and j:
                c = cost[i - 1][j - 1] + Levenshtein.normalized_distance(a[i - 1], b[j - 1])
                best, how = c, 1
            if i and cost[i - 1][j] + skip < best:
                best, how = cost[i - 1][j] + skip, 2
            if j and cost[i][j - 1] + skip < best:
                best, how = cost[i][j - 1] + skip, 3
            cost[i][j], move[i][j] = best, how
    out: list[str | None] = [None] * n
    i, j = n, m
    while i or j:
        how = move[i][j]
        if how == 1:
            if Levenshtein.normalized_distance(a[i - 1], b[j - 1]) < 0.5:
                out[i - 1] = read[j - 1]
            i, j = i - 1, j - 1
        elif how == 2:
            i -= 1
        else:
            j -= 1
    return out


def ocr_text(lines: list[str], lang: str = "eng", font_path: Path = SERIF,
             point_size: float = POINT_SIZE) -> Iterator[tuple[str, str | None]]:
    """Render ``lines`` (wrapped) page by page, OCR the pages and yield (line, what OCR read
    of it or None)."""
    wrapped = wrap(lines)
    for start in range(0, len(wrapped), LINES_PER_PAGE):
        page_lines = wrapped[start:start + LINES_PER_PAGE]
        read = ocr(render_page(page_lines, font_path, point_size), lang)
        yield from zip(page_lines, match_lines(page_lines, read), strict=True)
