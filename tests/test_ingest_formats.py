"""Files as offices send them: Word 97 and RTF converted by LibreOffice, files under a wrong name
read by their content, Windows-1258 text."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

import vndocx
from vndocx.errors import UnsupportedFormat
from vndocx.ingest import read

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TONES = "\u0300\u0301\u0303\u0309\u0323"
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def cp1258(text: str) -> bytes:
    """``text`` in Windows-1258: base letters precomposed, tone marks as combining characters."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        out += base.encode("cp1258") + "".join(c for c in d if c in TONES).encode("cp1258")
    return out


def test_windows_1258_text_is_decoded(tmp_path: Path) -> None:
    text = (SAMPLES / "04_cong_van.txt").read_text("utf-8")
    path = tmp_path / "cv.txt"
    path.write_bytes(cp1258(text.split("\f")[0]))
    doc = vndocx.extract(path)
    assert doc.number == "1629" and doc.subject.startswith("báo cáo tiến độ")


def test_latin1_noise_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 40)
    with pytest.raises(vndocx.VndocxError, match="not UTF-8"):
        read(path)


def test_a_pdf_named_txt_is_read_as_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "renamed.txt"
    path.write_bytes((SAMPLES / "rendered" / "04_cong_van.pdf").read_bytes())
    pages = read(path)
    assert pages[0].kind == "pdf"
    assert any("read as PDF" in w for w in pages[0].warnings)


def test_an_executable_named_docx_is_refused_with_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(UnsupportedFormat, match="Windows executable"):
        read(path)


@needs_office
@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_word97_rtf_and_odt_are_converted_and_read(tmp_path: Path, fmt: str) -> None:
    src = SAMPLES / "rendered" / "04_cong_van.docx"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to",
                    fmt, "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    doc = vndocx.extract(tmp_path / f"04_cong_van.{fmt}")
    assert doc.number == "1629" and doc.symbol == "VP-KGVX"
    assert any("LibreOffice" in w for w in doc.warnings)


def test_without_libreoffice_a_doc_is_refused_with_the_reason(tmp_path: Path, monkeypatch) -> None:
    import vndocx.ingest.convert as convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(UnsupportedFormat, match="LibreOffice"):
        read(path)
