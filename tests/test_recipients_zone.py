"""The Nơi nhận list of a scan read again as one block (``vndocx.ingest.recipients_zone``), and the
closing's reading of what OCR leaves around the list."""

from __future__ import annotations

from functools import partial

import pytest

from vndocx.ingest.layout import run_line
from vndocx.ingest.recipients_zone import reread_recipients
from vndocx.pages import Line, Word
from vndocx.segment.closing import mend_item

from conftest import need_font, need_tesseract

WIDTH, HEIGHT = 2480, 3508


def _line(text: str, box: tuple[float, float, float, float], conf: float) -> Line:
    """A line of words spread evenly over ``box``."""
    x0, y0, x1, y1 = box
    tokens = text.split()
    step = (x1 - x0) / len(tokens)
    return run_line([Word(text=t, bbox=(x0 + i * step, y0, x0 + (i + 1) * step - 8, y1), conf=conf)
                     for i, t in enumerate(tokens)], 1)


def _page():
    from PIL import Image

    return Image.new("L", (WIDTH, HEIGHT), 255)


# The first reading: the heading, an item read as two letters, an item cut in two, the storage
# line; the signer's side to the right.
FIRST = [
    _line("Nơi nhận :", (343, 2610, 547, 2699), 93),
    _line("TM. ỦY BAN NHÂN DÂN", (1409, 2619, 2073, 2693), 94),
    _line("CN", (344, 2677, 449, 2738), 5),
    _line("và Truyền thô", (578, 2723, 870, 2739), 40),
    _line("- Sở Thông tin và Truyện thông;", (344, 2730, 931, 2772), 80),
    _line("- Lưu: VT.", (343, 2884, 538, 2917), 93),
]


def test_the_list_read_again_as_one_block_replaces_the_pieces_ocr_cut_it_into() -> None:
    zones = []

    def read(crop) -> list[Line]:  # the block's reading, in the crop's pixels
        zones.append(crop.size)
        dx, dy = 343 - 89, 2610 - 45  # where _zone puts the crop for this page
        def at(text: str, box: tuple[int, int, int, int], conf: float) -> Line:
            return _line(text, (box[0] - dx, box[1] - dy, box[2] - dx, box[3] - dy), conf)
        return [at("Nơi nhận :", (343, 2627, 546, 2669), 90),
                at("- Như trên;", (344, 2677, 542, 2716), 96),
                at("- Sở Thông tin và Truyền thông;", (344, 2723, 931, 2772), 95),
                at("- Lưu: VT.", (343, 2884, 538, 2917), 75),  # less sure than the first: stays
                at("⁄ —", (506, 2932, 635, 3011), 80)]  # no letters: no line

    lines, taken = reread_recipients(_page(), FIRST, 1, read)
    assert len(zones) == 1 and zones[0][0] < 1409 - 254  # the signer's side is not in the zone
    assert taken == 2
    texts = [ln.text for ln in lines]
    assert texts == ["Nơi nhận :", "TM. ỦY BAN NHÂN DÂN", "- Như trên;", "- Sở Thông tin và Truyền thông;",
                     "- Lưu: VT."]
    assert lines[2].bbox[0] == pytest.approx(344) and lines[2].bbox[1] == pytest.approx(2677)


def test_a_line_running_on_beyond_the_lists_column_is_never_replaced() -> None:
    body = _line("chịu trách nhiệm thi hành Quyết định này và báo cáo kết quả", (344, 2730, 2300, 2772), 70)
    first = [*FIRST[:2], body, FIRST[-1]]

    def read(crop) -> list[Line]:
        return [_line("chịu trách nhiệm thi hành", (90, 165, 1000, 207), 96)]

    lines, taken = reread_recipients(_page(), first, 1, read)
    assert taken == 0 and body in lines


def test_without_the_heading_the_zone_facing_the_signer_is_read_only_when_it_holds_the_storage_line() -> None:
    calls = []

    def read(crop) -> list[Line]:
        calls.append(crop.size)
        return [_line("Nơi nhận:", (50, 10, 300, 50), 90), _line("- Lãnh đạo Sở;", (50, 60, 400, 100), 95)]

    title = _line("TL. GIÁM ĐỐC", (1551, 2366, 1962, 2442), 89)
    unread = [title, _line("1S", (400, 2373, 631, 2461), 33), _line("Lưu: VT, VP.", (400, 2587, 649, 2624), 91)]
    lines, taken = reread_recipients(_page(), unread, 1, read)
    assert len(calls) == 1 and taken == 2
    assert "- Lãnh đạo Sở;" in [ln.text for ln in lines] and "1S" not in [ln.text for ln in lines]
    no_list = [title, _line("Hoàng Văn Nam", (1600, 2700, 1950, 2760), 92)]
    assert reread_recipients(_page(), no_list, 1, read) == (no_list, 0) and len(calls) == 1


def test_on_a_rendered_page_tesseract_reads_the_list_zone_item_by_item() -> None:
    need_tesseract()
    from PIL import ImageDraw, ImageFont

    from vndocx.ingest.ocr import _crop_lines

    page = _page()
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(need_font()), 40)
    items = ["Nơi nhận:", "- Như trên;", "- Sở Tài chính;", "- Lưu: VT, KT."]
    for k, text in enumerate(items):
        draw.text((340, 2600 + 56 * k), text, font=font, fill=0)
    draw.text((1500, 2600), "TM. ỦY BAN NHÂN DÂN", font=font, fill=0)
    first = [_line("Nơi nhận:", (340, 2600, 520, 2645), 92), _line("TM. ỦY BAN NHÂN DÂN", (1500, 2600, 2000, 2645), 93),
             _line("CN", (340, 2656, 420, 2700), 5), _line("- Sở Tài chính;", (340, 2712, 620, 2757), 93),
             _line("- Lưu: VT, KT.", (340, 2768, 620, 2813), 93)]
    lines, taken = reread_recipients(page, first, 1, partial(_crop_lines, page=1, source="<test>", psm=4))
    texts = [ln.text for ln in lines]
    assert taken >= 1 and "CN" not in texts
    assert any(t.endswith("Như trên;") for t in texts)


def test_the_storage_line_read_with_its_first_letter_wrong_is_mended() -> None:
    assert mend_item("bưu VT, CN1, TM") == "Lưu VT, CN1, TM"
    assert mend_item("Iưu: VT, VP") == "Lưu: VT, VP"
    assert mend_item("Hưu trí VT") == "Hưu trí VT"


def test_debris_read_unsurely_left_of_the_list_is_no_item_of_it() -> None:
    from vndocx.records import Document
    from vndocx.segment.closing import parse_closing
    from vndocx.segment.rows import Row

    def row(text: str, conf: float, x0: float) -> Row:
        line = _line(text, (x0 * WIDTH, 2500, x0 * WIDTH + 400, 2540), conf)
        return Row(text=text, page=1, x0=x0, x1=x0 + 0.2, top=0.7, line=line)

    rows = [row("Nơi nhận:", 95, 0.15), row("- Như Điều 2;", 78, 0.15),
            row("SÁT: ft java J tia sau cai", 12, 0.01),  # the dark edge of the sheet
            row("- Sở Tài chính;", 94, 0.15), row("- Lưu: VT.", 93, 0.15)]
    document = Document(source="<closing>")
    closing = parse_closing(rows, 0, document)
    assert document.distribution == ["Như Điều 2", "Sở Tài chính", "Lưu: VT"]
    assert any("left of the list" in w for w in closing.warnings)
    rows[2] = row("SÁT: ft java J tia sau cai", 12, 0.15)  # in the list's column it is read as before
    document = Document(source="<closing>")
    parse_closing(rows, 0, document)
    assert len(document.distribution) == 4


def test_the_delivery_line_is_an_item_and_a_colon_heading_sub_items_stays() -> None:
    import vndocx

    doc = vndocx.extract_text("""ỦY BAN NHÂN DÂN TỈNH LẠC SƠN
Số: 77/TB-UBND
Lạc Sơn, ngày 5 tháng 5 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc

Sở Tài chính chủ trì rà soát kinh phí trước ngày 30/6/2026.

Nơi nhận:
- Lãnh đạo Sở;
- Gửi:
+ Bản giấy: các sở không nhận được bản điện tử;
+ Bản điện tử: các thành phần khác.
- Lưu: VT, VP.
Gửi: Văn bản điện tử.
CHỦ TỊCH

Hoàng Văn Nam
""")
    assert doc.distribution == ["Lãnh đạo Sở", "Gửi:", "Bản giấy: các sở không nhận được bản điện tử",
                                "Bản điện tử: các thành phần khác", "Lưu: VT, VP", "Gửi: Văn bản điện tử"]


def test_a_list_read_surely_is_not_read_again() -> None:
    calls = []

    def read(crop) -> list[Line]:
        calls.append(crop.size)
        return []

    sure = [FIRST[0], FIRST[1], _line("- Như trên;", (344, 2677, 542, 2716), 95), FIRST[-1]]
    assert reread_recipients(_page(), sure, 1, read) == (sure, 0) and not calls
    reread_recipients(_page(), FIRST, 1, read)
    assert len(calls) == 1
