"""Fuzzing: random Unicode and mutated samples through the text pipeline, mutated PDF, DOCX, PNG
and scanned-PDF bytes through the readers. Nothing may raise anything but a VndocxError, and
nothing may run past HANG_LIMIT seconds (a hang, not a speed target: real inputs take < 1 s).

Example counts are small so the file runs in well under a minute; multiply them for a deeper
run with ``VNDOCX_FUZZ_SCALE=50 pytest tests/test_fuzz.py``."""

from __future__ import annotations

import io
import os
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vndocx
from vndocx.errors import VndocxError

from conftest import SAMPLES, need_font, need_tesseract

HANG_LIMIT = 30
SCALE = int(os.environ.get("VNDOCX_FUZZ_SCALE", "1"))
SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]


def examples(n: int) -> settings:
    """Hypothesis settings for ``n × SCALE`` examples, without per-example deadlines (the hang
    guard is the limit)."""
    return settings(max_examples=n * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Hang(Exception):
    """Raised by the alarm when one example runs past HANG_LIMIT."""


@contextmanager
def hang_guard(seconds: float = HANG_LIMIT):
    def ring(signum, frame):
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def survives_text(text: str) -> None:
    with hang_guard():
        try:
            doc = vndocx.extract_text(text, source="fuzz")
        except VndocxError:
            return
    assert isinstance(doc, vndocx.Document) and doc.source == "fuzz"
    for task in doc.tasks:
        if task.span:
            start, end = task.span
            assert 0 <= start <= end <= len(doc.text)


def survives_file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        with hang_guard():
            try:
                doc = vndocx.extract(path)
            except VndocxError as err:
                assert str(path) in str(err)  # every error names the file
                return
        assert doc.source == str(path)


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data`` after 1–6 random byte flips, insertions, deletions, duplications or a cut."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not out:
            break
        op = draw(st.sampled_from(["flip", "insert", "delete", "duplicate", "cut"]))
        at = draw(st.integers(0, len(out) - 1))
        if op == "flip":
            out[at] = draw(st.integers(0, 255))
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del out[at:at + draw(st.integers(1, 256))]
        elif op == "duplicate":
            out[at:at] = out[at:at + draw(st.integers(1, 512))]
        else:
            del out[at:]
    return bytes(out)


# --- text -----------------------------------------------------------------------------------


@examples(60)
@given(st.text(max_size=3000))
def test_random_unicode(text: str) -> None:
    survives_text(text)


@examples(40)
@given(st.lists(st.sampled_from(["\n", "\f", "\t", "  ", "Số: ", "ngày ", "tháng ", "năm 2026", "/", "-",
                                 "Nơi nhận:", "THÔNG BÁO", "I.", "1.", "a)", "Điều 1.", "(", ")", "¹", "\u0301",
                                 "\u200b", "\ufeff", "KT. GIÁM ĐỐC", "Kính gửi:", "|", "chủ trì", "phối hợp",
                                 "trước ngày 31/12/2026"]) | st.text(max_size=12), max_size=300))
def test_document_shaped_noise(parts: list[str]) -> None:
    survives_text("".join(parts))


@examples(30)
@given(st.data())
def test_sample_lines_shuffled_and_edited(data) -> None:
    text = data.draw(st.sampled_from(SAMPLE_TEXTS))
    lines = data.draw(st.permutations(text.splitlines()))
    if data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(lines)))
        lines[at:at] = [data.draw(st.text(max_size=80))]
    survives_text("\n".join(lines))


def test_a_table_rule_at_the_top_of_a_letter_is_not_a_hang() -> None:
    """Found by the shuffle above: a markdown table rule first among a header's lines, where the
    header strips specks before an issuer, once took time exponential in the rule's length."""
    rule = "|" + "---|" * 12
    survives_text(f"{rule}\nUBND TỈNH LẠC SƠN\nSố: 12/UBND-VP\n\nKính gửi: Sở Tài chính\n")


@examples(40)
@given(st.data())
def test_sample_bytes_mutated(data) -> None:
    """Byte-level damage to a UTF-8 sample: either a DecodeError naming the byte, or a record."""
    raw = data.draw(st.sampled_from(SAMPLE_TEXTS)).encode("utf-8")
    survives_file(data.draw(mutated(raw)), ".txt")


# --- files ----------------------------------------------------------------------------------


def _pdf_bytes(lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", str(need_font())))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    c.setFont("Serif", 12)
    for i, line in enumerate(lines):
        c.drawString(50, 800 - 16 * i, line)
    c.save()
    return buffer.getvalue()


def _image(lines: list[str], size=(900, 260)):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(need_font()), 28)
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((20, 20 + 40 * i), line, font=font, fill=0)
    return image


def _docx_bytes(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for col, value in enumerate(["STT", "Nhiệm vụ", "Thời hạn"]):
        table.cell(0, col).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HEAD = SAMPLE_TEXTS[1].splitlines()[:40] if SAMPLE_TEXTS else ["THÔNG BÁO"]


@pytest.fixture(scope="module")
def originals() -> dict[str, bytes]:
    """One small file of each kind, made here (samples/rendered/ holds larger ones)."""
    png = io.BytesIO()
    _image(HEAD[:5]).save(png, format="PNG")
    scan = io.BytesIO()
    _image(HEAD[:4]).save(scan, format="PDF", resolution=150)
    return {".pdf": _pdf_bytes(HEAD), ".docx": _docx_bytes(HEAD), ".png": png.getvalue(),
            ".scan.pdf": scan.getvalue()}


def test_originals_read(originals) -> None:
    """The unmutated files are read (so the mutations below start from working inputs)."""
    for suffix in (".pdf", ".docx"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"x{suffix}"
            path.write_bytes(originals[suffix])
            assert vndocx.extract(path).text.strip()


@pytest.mark.parametrize(("kind", "count"), [(".pdf", 40), (".docx", 40)])
def test_mutated_files(originals, kind: str, count: int) -> None:
    @examples(count)
    @given(st.data())
    def run(data) -> None:
        survives_file(data.draw(mutated(originals[kind])), kind)

    run()


@pytest.mark.ocr
@pytest.mark.parametrize(("kind", "count"), [(".png", 12), (".scan.pdf", 8)])
def test_mutated_scans(originals, kind: str, count: int) -> None:
    need_tesseract()

    @examples(count)
    @given(st.data())
    def run(data) -> None:
        survives_file(data.draw(mutated(originals[kind])), ".pdf" if kind == ".scan.pdf" else kind)

    run()
