"""Turn a rendered sample PDF into what a scanner gives: every page rasterised at 300 dpi
(pypdfium2), greyscale, toner unevenness and dust specks, a slight skew (0.3–0.7°, fixed per
file), a little optical blur; saved as an image-only PDF (JPEG pages, Pillow) and page 1 as PNG.

Deterministic: the noise comes from a generator seeded with the file name, the skew from the
same seed, and no timestamps are written.
"""

from __future__ import annotations

import io
import zlib

import numpy as np
from PIL import Image, ImageFilter

DPI = 300
PAPER = 246          # grey level of the paper
INK_GAIN = 0.9       # toner slightly lighter than pure black
INK_NOISE = 10.0     # standard deviation of the toner unevenness inside strokes
SPECKS = 1500        # dust specks per page (2×2 px)
BLUR = 0.8           # optical blur of the scanner, in pixels
JPEG_QUALITY = 40


def skew_of(name: str, page: int) -> float:
    """The page's skew in degrees: 0.35–0.65° per file (sign from the name), ±0.05° per page,
    so every page lies within 0.3–0.7°."""
    seed = zlib.crc32(name.encode("utf-8"))
    base = 0.35 + 0.3 * ((seed % 1000) / 999)
    sign = -1 if (seed >> 10) & 1 else 1
    wobble = 0.05 * (((seed >> (page % 16)) & 3) - 1.5) / 1.5
    return round(sign * (base + wobble), 3)


def degrade(clean: Image.Image, name: str, page: int) -> Image.Image:
    """Return the greyscale page image as scanned: toner, skew, specks, blur."""
    rng = np.random.default_rng(zlib.crc32(f"{name}:{page}".encode()))
    ink = (255 - np.asarray(clean.convert("L"), dtype=np.float32)) * INK_GAIN
    stroke = ink > 20
    ink[stroke] += rng.normal(0.0, INK_NOISE, int(stroke.sum()))
    pixels = np.clip(PAPER - ink * (PAPER / 255), 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels).rotate(skew_of(name, page), resample=Image.Resampling.BICUBIC,
                                           fillcolor=PAPER)
    pixels = np.array(image)
    height, width = pixels.shape
    ys = rng.integers(0, height - 2, SPECKS)
    xs = rng.integers(0, width - 2, SPECKS)
    levels = rng.integers(60, 200, SPECKS).astype(np.uint8)
    for dy in (0, 1):
        for dx in (0, 1):
            pixels[ys + dy, xs + dx] = np.minimum(pixels[ys + dy, xs + dx], levels)
    return Image.fromarray(pixels).filter(ImageFilter.GaussianBlur(BLUR))


def scan_pages(pdf_bytes: bytes, name: str) -> list[Image.Image]:
    """The scanned images of every page of ``pdf_bytes``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        pages = []
        for index in range(len(document)):
            clean = document[index].render(scale=DPI / 72, grayscale=True).to_pil()
            pages.append(degrade(clean, name, index + 1))
        return pages
    finally:
        document.close()


def image_pdf(pages: list[Image.Image], title: str) -> bytes:
    """An image-only PDF (one JPEG per page at 300 dpi), without timestamps."""
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=DPI, quality=JPEG_QUALITY,
                  optimize=True, title=title, creator="vndocx scripts/make_samples.py",
                  creationDate=None, modDate=None)
    return out.getvalue()


def png(page: Image.Image) -> bytes:
    """The page as a greyscale PNG with its 300 dpi resolution recorded."""
    out = io.BytesIO()
    page.save(out, "PNG", dpi=(DPI, DPI), compress_level=9)
    return out.getvalue()
