"""Shared fixtures: paths to the project's samples and to ../shared (skipped when absent)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")


def need_shared(sub: str = "") -> Path:
    """The path under ../shared, or skip the test with the reason."""
    path = SHARED / sub
    if not path.exists():
        pytest.skip(f"../shared/{sub} is absent (it ships beside the project in CI, not in a clone)")
    return path


def need_tesseract() -> None:
    """Skip unless tesseract with Vietnamese data is installed."""
    import subprocess

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (scripts/setup.sh installs it)")
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    if "vie" not in langs:
        pytest.skip("tesseract has no 'vie' language data (apt-get install tesseract-ocr-vie)")


def need_font() -> Path:
    if not SERIF.exists():
        pytest.skip(f"{SERIF} is absent (apt-get install fonts-liberation2)")
    return SERIF


@pytest.fixture(autouse=True)
def _no_ocr_cache(monkeypatch) -> None:
    """Tests run Tesseract itself: a developer's ``$VNDOCX_OCR_CACHE`` would answer for it (and
    the tests that stop Tesseract mid-page would find nothing to stop)."""
    monkeypatch.delenv("VNDOCX_OCR_CACHE", raising=False)
