"""Images of any bit depth and mode are normalised before OCR (``ingest.ocr.for_ocr``): a 16-bit
grey scan and a scan whose paper is transparent read "no text found" before this."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import hostile_inputs as h
from vndocx import extract
from vndocx.ingest.ocr import for_ocr

from conftest import SAMPLES, need_tesseract

PAGE = SAMPLES / "rendered" / "01_thong_bao_ket_luan.png"


@pytest.fixture(scope="module")
def top(tmp_path_factory) -> Path:
    """The top quarter of a rendered sample page (the header block), to keep OCR short."""
    path = tmp_path_factory.mktemp("modes") / "top.png"
    page = Image.open(PAGE)
    page.crop((0, 0, page.width, page.height // 4)).save(path)
    return path


@pytest.mark.parametrize("mode", ["I;16", "RGBA", "LA", "CMYK", "P"])
def test_every_mode_gives_dark_ink_on_light_paper(tmp_path: Path, top: Path, mode: str) -> None:
    image = Image.open(h.scan_in_mode(tmp_path, top, mode))
    assert image.mode == mode
    out = for_ocr(image)
    assert out.mode in ("L", "RGB")
    grey = np.asarray(out.convert("L"))
    reference = np.asarray(Image.open(top).convert("L"))
    assert grey.shape == reference.shape
    # the same page: paper white, ink where the original has ink
    assert np.mean(np.abs(grey.astype(int) - reference.astype(int))) < 8


def test_sixteen_bit_grey_with_a_narrow_range_is_stretched() -> None:
    a = np.full((40, 40), 3000, dtype="<u2")
    a[10:20, 10:30] = 1000  # dark ink in a faint scan that uses 1000–3000 of 0–65535
    out = np.asarray(for_ocr(Image.fromarray(a)))
    assert out[0, 0] == 255 and out[15, 15] == 0


@pytest.mark.ocr
@pytest.mark.parametrize("mode", ["I;16", "RGBA"])
def test_sixteen_bit_and_transparent_scans_read(tmp_path: Path, top: Path, mode: str) -> None:
    need_tesseract()
    doc = extract(h.scan_in_mode(tmp_path, top, mode), isolation="none")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.text
    assert "UBND TỈNH LẠC SƠN" in doc.text


def test_blank_pages_are_not_ocrd_but_sparse_ones_are(monkeypatch) -> None:
    from vndocx.ingest import ocr

    def no_tesseract(*args, **kwargs):
        raise AssertionError("Tesseract was called on a blank page")

    monkeypatch.setattr(ocr, "_tesseract_data", no_tesseract)
    blank = Image.new("L", (2480, 3508), 250)
    speckled = np.asarray(blank).copy()
    speckled[100:103, 100:103] = 0  # a speck of dust
    page = ocr.ocr_image(Image.fromarray(speckled), 3, "t.tif")
    assert page.lines == [] and page.warnings == ["page 3: blank (no ink), not OCR'd"]
    # a page that holds a single line of print (the first of a sample page, its left half) is read
    sample = np.asarray(Image.open(PAGE).convert("L"))
    first = int(np.argmax((sample < 128).any(axis=1)))
    sparse = np.full(sample.shape, 255, np.uint8)
    sparse[first:first + 60, : sample.shape[1] // 2] = sample[first:first + 60, : sample.shape[1] // 2]
    assert not ocr.is_blank(Image.fromarray(sparse))
