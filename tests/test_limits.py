"""Limits checked before work starts: each hostile input of ``hostile_inputs`` is refused at once
with a named error (``TooLarge`` naming what and the limit, ``NotRegularFile``, ``CorruptFile``),
read in a child process with a memory ceiling so that a regression shows as a failure, not as a
machine out of memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile_inputs as h
from vndocx import CorruptFile, Limits, NotRegularFile, TooLarge, VndocxError, extract
from vndocx.ingest import read

ROOT = Path(__file__).resolve().parents[1]
# Address space of the child that reads a hostile file: the interpreter and its libraries take
# about 1.5 GB of it before the file is opened.
CEILING_MB = 2500

_PROBE = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({ceiling} << 20, resource.RLIM_INFINITY))
import vndocx
start = time.perf_counter()
try:
    doc = vndocx.extract(sys.argv[1], isolation=sys.argv[2])
    out = {{"record": True, "warnings": doc.warnings}}
except vndocx.VndocxError as err:
    out = {{"error": type(err).__name__, "reason": err.reason, "what": getattr(err, "what", None),
           "limit": getattr(err, "limit", None), "value": getattr(err, "value", None)}}
out["seconds"] = time.perf_counter() - start
print(json.dumps(out))
"""


def probe(path: Path, isolation: str = "none") -> dict:
    """What ``vndocx.extract(path)`` gives in a fresh interpreter capped at ``CEILING_MB``: the
    error's name and fields, or the record's warnings; fails on a traceback or a time-out."""
    done = subprocess.run([sys.executable, "-c", _PROBE.format(ceiling=CEILING_MB), str(path), isolation],
                          capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("make", "what", "limit", "value"), [
    (h.blank_pages_pdf, "pages", 1000, 5000),
    (h.huge_mediabox_pdf, "pixels", 100_000_000, None),
    (h.self_referencing_pages_pdf, "pages", 1000, 1_000_000),
    (h.xobject_laughs_pdf, "XObject draws", 100_000, None),
    (h.deflate_bomb_pdf, "bytes", 256_000_000, None),
    (h.tiff_frames, "frames", 500, 2000),
    (h.apng_frames, "frames", 500, 1000),
    (h.png_header_bomb, "pixels", 100_000_000, None),
    (h.docx_paragraphs, "paragraphs", 50_000, None),
    (h.docx_zip_bomb, "bytes", 256_000_000, None),
    (h.huge_text_file, "bytes", 50_000_000, 300_000_000),
], ids=lambda v: getattr(v, "__name__", None))
def test_over_a_limit_is_refused_at_once(tmp_path: Path, make, what, limit, value) -> None:
    out = probe(make(tmp_path))
    assert out.get("error") == "TooLarge", out
    assert (out["what"], out["limit"]) == (what, limit)
    if value is not None:
        assert out["value"] == value
    assert f"{limit:,}-" in out["reason"]
    assert out["seconds"] < 3, out


def test_reason_reads_as_the_limit_and_the_value() -> None:
    err = TooLarge("a.pdf", "pages", 1000, 5000)
    assert str(err) == "a.pdf: 5,000 pages: over the 1,000-page limit"
    assert (err.what, err.limit, err.value) == ("pages", 1000, 5000)


@pytest.mark.parametrize("make", [h.self_referencing_resources_pdf, h.docx_xml_bomb, h.docx_xxe],
                         ids=lambda f: f.__name__)
def test_loops_and_entity_declarations_are_corrupt(tmp_path: Path, make) -> None:
    out = probe(make(tmp_path))
    assert out.get("error") == "CorruptFile", out
    assert out["seconds"] < 3
    assert "root:" not in json.dumps(out)  # nothing of /etc/passwd


def test_self_referencing_page_tree_with_an_honest_count_reads(tmp_path: Path) -> None:
    out = probe(h.self_referencing_pages_pdf(tmp_path, count=1))
    assert out.get("record") or out.get("error") in ("CorruptFile", "EmptyDocument"), out
    assert out["seconds"] < 5


def test_special_files_are_refused_before_opening(tmp_path: Path) -> None:
    for path in (h.fifo(tmp_path), h.dev_zero_link(tmp_path)):
        start = time.perf_counter()
        for call in (read, extract):
            with pytest.raises(NotRegularFile, match="not a regular file"):
                call(path)
        assert time.perf_counter() - start < 1
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(NotRegularFile, match="a folder"):
        read(tmp_path / "folder.txt")
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(VndocxError, match="symbolic links"):
        extract(loop)
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(VndocxError, match="dangling link"):
        extract(dangling)


def test_limits_can_be_raised_and_lowered(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(h.LETTER, encoding="utf-8")
    with pytest.raises(TooLarge, match="over the 100-byte limit"):
        extract(path, limits=Limits(text_bytes=100))
    assert extract(path, limits=Limits(text_bytes=len(h.LETTER.encode()))).text
    pdf = h.blank_pages_pdf(tmp_path, pages=12)
    with pytest.raises(TooLarge, match="12 pages: over the 10-page limit"):
        read(pdf, Limits(pages=10))


def test_lines_over_the_limit_are_cut_with_a_warning() -> None:
    from vndocx.pipeline import Pipeline

    text = h.long_line_text("Sở Nội vụ ", 500)
    doc = Pipeline(limits=Limits(line_chars=200)).disable("restore").extract_text(text)
    assert any("cut" in w and "200" in w for w in doc.warnings)
    assert max(len(line) for line in doc.text.splitlines()) <= 200


def test_nul_characters_are_removed_with_a_warning() -> None:
    from vndocx.pipeline import Pipeline

    text = (ROOT / "samples" / "01_thong_bao_ket_luan.txt").read_text(encoding="utf-8")
    pipeline = Pipeline().disable("restore")
    clean = pipeline.extract_text(text)
    assert len(clean.tasks) >= 5
    dirty = pipeline.extract_text(h.nul_every(text))
    assert [t.text for t in dirty.tasks] == [t.text for t in clean.tasks]
    assert any("NUL" in w for w in dirty.warnings)
    assert "\0" not in dirty.text


def test_a_5000_digit_footnote_mark_is_text_not_an_error() -> None:
    from vndocx.pipeline import extract_text

    doc = extract_text(h.footnote_mark_text())
    assert [f.mark for f in doc.footnotes] == ["1"]


def test_stream_check_passes_ordinary_pdfs_quickly() -> None:
    from vndocx.ingest.guards import check_pdf_streams, check_pdf_xobjects
    from vndocx.limits import DEFAULT_LIMITS

    for pdf in sorted((ROOT / "samples" / "rendered").glob("*.pdf")):
        start = time.perf_counter()
        check_pdf_streams(pdf, DEFAULT_LIMITS)
        check_pdf_xobjects(pdf, DEFAULT_LIMITS)
        assert time.perf_counter() - start < 1, pdf


def test_deflate_bomb_under_a_lower_limit_names_the_stream(tmp_path: Path) -> None:
    from vndocx.ingest.guards import check_pdf_streams

    pdf = h.deflate_bomb_pdf(tmp_path, inflated=8 << 20)
    check_pdf_streams(pdf, Limits())  # 8 MB inflated is within the default
    with pytest.raises(TooLarge, match="compressed stream at byte"):
        check_pdf_streams(pdf, Limits(stream_bytes=1 << 20))


def test_corrupt_docx_named(tmp_path: Path) -> None:
    path = h.docx_file(tmp_path, "bad.docx", b"<w:document")
    with pytest.raises(CorruptFile):
        read(path)


def test_pages_counted_apart_are_read_and_warned(tmp_path: Path) -> None:
    pages = read(h.pages_counted_apart_pdf(tmp_path))
    assert [p.number for p in pages] == [1, 2, 3]
    assert [ln.text for ln in pages[2].lines] == ["Trang hai: bao cao truoc ngay 15"]
    assert pages[0].warnings == ["the PDF's page count differs between readers (pdfplumber 2, pdfium 3): "
                                 "page 3 read from pdfium's text"]


def test_a_stream_with_bytes_after_its_deflate_data_is_measured_and_ends() -> None:
    # Real scans end an image's deflate data with "\r\n" before "endstream": zlib then takes no
    # more input and hands the same tail back, which once looped for ever on a 5-page scan.
    import threading
    import zlib

    from vndocx.ingest.guards import _inflated_size

    raw = bytes(range(256)) * 40_000  # 10 MB that compress well
    data = b"stream\r\n" + zlib.compress(raw) + b"\r\n" + b"endstream"
    start, end = len(b"stream\r\n"), len(data) - len(b"endstream")
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(_inflated_size(data, start, end, 1 << 40, 1)), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "the stream scan did not end"
    assert result == [len(raw)]
