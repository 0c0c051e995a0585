"""``$VNDOCX_OCR_CACHE``: Tesseract's word tables kept by page image, read back on a rerun with
the same result and without running Tesseract; a changed image or option misses."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from vndocx.ingest import ocr, ocr_cache

from conftest import SAMPLES, need_tesseract

PAGE = SAMPLES / "rendered" / "01_thong_bao_ket_luan.png"


@pytest.fixture
def header() -> Image.Image:
    page = Image.open(PAGE).convert("L")
    return page.crop((0, 0, page.width, page.height // 5))


def _lines(page) -> list[tuple[str, tuple]]:
    return [(line.text, tuple(line.bbox)) for line in page.lines]


@pytest.mark.ocr
def test_a_rerun_reads_the_kept_table_and_gives_the_same_page(tmp_path: Path, monkeypatch, header) -> None:
    need_tesseract()
    monkeypatch.setenv(ocr_cache.ENV_CACHE, str(tmp_path))
    first = ocr.ocr_image(header.copy(), 1)
    assert list(tmp_path.rglob("*.json")), "nothing was kept"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(line.text for line in first.lines)

    import pytesseract

    def no_tesseract(*args, **kwargs):
        raise AssertionError("Tesseract ran although its table was kept")

    monkeypatch.setattr(pytesseract, "image_to_data", no_tesseract)
    again = ocr.ocr_image(header.copy(), 1)
    assert _lines(again) == _lines(first)


def test_the_key_follows_pixels_and_options(header) -> None:
    key = ocr_cache.cache_key(header, "vie", "")
    assert key == ocr_cache.cache_key(header.copy(), "vie", "")
    assert key != ocr_cache.cache_key(header, "vie", "--psm 7")
    assert key != ocr_cache.cache_key(header, "eng", "")
    changed = header.copy()
    changed.putpixel((0, 0), 0 if header.getpixel((0, 0)) else 255)
    assert key != ocr_cache.cache_key(changed, "vie", "")


def test_unset_keeps_nothing_and_a_damaged_entry_is_a_miss(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(ocr_cache.ENV_CACHE, raising=False)
    ocr_cache.store("ab" * 20, {"text": []})
    assert ocr_cache.load("ab" * 20) is None
    monkeypatch.setenv(ocr_cache.ENV_CACHE, str(tmp_path))
    ocr_cache.store("ab" * 20, {"text": ["x"]})
    assert ocr_cache.load("ab" * 20) == {"text": ["x"]}
    (tmp_path / "ab" / f"{'ab' * 20}.json").write_text("{half", "utf-8")
    assert ocr_cache.load("ab" * 20) is None
