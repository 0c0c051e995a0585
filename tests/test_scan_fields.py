"""Header and closing fields of scans: what OCR makes of handwritten or stamped numbers and days,
of marks in capitals, of issuers on three lines and of a family name under a signature. Each
field is read right or left empty with a warning naming it, never filled with a wrong value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vndocx
from vndocx.ingest.layout import run_line
from vndocx.ingest.zones import confirm_slots
from vndocx.pages import Line, Word
from vndocx.records import Document
from vndocx.segment.person import mend_name, mend_surname

from conftest import SAMPLES, need_tesseract

PHENOMENA = SAMPLES / "phenomena"


def _closing(rows) -> Document:
    """The Document the closing parser fills from ``rows`` (the closing starting at the first)."""
    from vndocx.segment.closing import parse_closing

    document = Document(source="<closing>")
    parse_closing(rows, 0, document)
    return document


def _header(*lines: str) -> vndocx.Document:
    return vndocx.extract_text("\n".join([*lines, "", "THÔNG BÁO", "Về việc kiểm tra công tác văn thư", "",
                                          "Sở Nội vụ chủ trì kiểm tra trước ngày 30/6/2026."]))


# --- the number and the day ---------------------------------------------------------------------

def test_a_number_slot_holding_debris_leaves_the_symbol_and_warns() -> None:
    doc = _header("ỦY BAN NHÂN DÂN TỈNH LẠC SƠN", "Số: )#¥ /UBND-VX", "Lạc Sơn, ngày 16 tháng 3 năm 2026")
    assert doc.number is None
    assert doc.symbol == "UBND-VX"
    assert any(w.startswith("number unreadable") for w in doc.warnings)
    assert doc.date == "2026-03-16"


@pytest.mark.parametrize("line", ["số: 5(Ö /SYT-NVD", "_Số: lHI /SYT-NVD", "Số: 44Ý/SYT-NVD", "VU, Só:4l8/SYT-NVD"])
def test_a_number_line_ocr_read_in_lower_case_or_after_a_speck_still_gives_its_symbol(line: str) -> None:
    doc = _header("SỞ Y TẾ TỈNH ĐỒI MAI", line, "Đồi Mai, ngày 16 tháng 3 năm 2026")
    assert (doc.number, doc.symbol) == (None, "SYT-NVD")
    assert any(w.startswith("number unreadable") for w in doc.warnings)
    assert _header("SỞ Y TẾ TỈNH ĐỒI MAI", "_Số: 45/SYT-NVD").number == "45"


@pytest.mark.parametrize(("issuer", "line", "symbol"), [
    ("BỘ HẠ TẦNG VÀ TRUYỀN THÔNG", "Số: 01/CT-BHTTTI", "CT-BHTTT"),  # a stroke read as "I" after the initials
    ("BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH", "Số: 46/QĐ-BCDĐCCHC", "QĐ-BCĐCCHC"),  # "Đ" read as "DĐ"
    ("SỞ XÂY DỰNG", "Số: 5/KH-SXDTH", "KH-SXDTH"),  # initials too short to tell: as printed
    ("BỘ HẠ TẦNG VÀ TRUYỀN THÔNG", "Số: 01/CT-VPHTTT", "CT-VPHTTT"),  # not the issuer's: as printed
])
def test_a_symbols_issuer_part_with_one_letter_too_many_is_the_issuers_initials(
        issuer: str, line: str, symbol: str) -> None:
    assert _header(issuer, line, "Hà Nội, ngày 16 tháng 3 năm 2026").symbol == symbol


def test_a_symbol_broken_at_its_hyphen_is_joined_and_a_lost_slash_is_no_loss() -> None:
    assert _header("SỞ Y TẾ", "Số: 7© /TB -SYT").symbol == "TB-SYT"
    no_slash = _header("ỦY BAN NHÂN DÂN HUYỆN ĐÔNG SƠN", "Số: 3¶¿ UBND")
    assert (no_slash.number, no_slash.symbol) == (None, "UBND")


def test_a_number_line_whose_so_was_lost_still_gives_its_symbol() -> None:
    doc = _header("VĂN PHÒNG ỦY BAN NHÂN DÂN", "#7 /TB-VP")
    assert (doc.number, doc.symbol, doc.issuer) == (None, "TB-VP", "VĂN PHÒNG ỦY BAN NHÂN DÂN")


@pytest.mark.parametrize("day", ["1¿", "&", ")Ô", "|}_"])
def test_a_day_written_by_hand_leaves_the_place_and_no_date(day: str) -> None:
    doc = _header("SỞ Y TẾ", "Số: 12/KH-SYT", f"Lạc Sơn, ngày {day} tháng 12 năm 2025")
    assert doc.place == "Lạc Sơn"
    assert doc.date is None and doc.date_raw is None
    assert any(w.startswith("date unreadable") for w in doc.warnings)
    assert (doc.number, doc.symbol) == ("12", "KH-SYT")


def test_a_month_that_is_debris_gives_no_date_either() -> None:
    doc = _header("SỞ Y TẾ", "Số: 12/KH-SYT", "Lạc Sơn, ngày 16 tháng? năm 2025")
    assert (doc.place, doc.date, doc.date_raw) == ("Lạc Sơn", None, None)


def test_a_date_line_whose_comma_ocr_lost_is_read_with_it() -> None:
    doc = _header("SỞ Y TẾ", "Số: 12/KH-SYT", "Lạc Sơn ngày 16 tháng 3 năm 2026")
    assert (doc.place, doc.date, doc.date_raw) == ("Lạc Sơn", "2026-03-16", "Lạc Sơn, ngày 16 tháng 3 năm 2026")


def test_a_province_read_with_wrong_marks_is_spelled_as_the_province() -> None:
    doc = _header("SỞ Y TẾ", "Số: 12/KH-SYT", "Lang Sơn, ngày 2_ tháng 5 năm 2026")
    assert (doc.place, doc.date_raw) == ("Lạng Sơn", "Lạng Sơn, ngày 2 tháng 5 năm 2026")


@pytest.mark.parametrize("read", ["QD-UBND", "QĐĐ-UBND"])
def test_the_type_part_of_a_symbol_is_spelled_as_the_document_type_says(read: str) -> None:
    doc = vndocx.extract_text(f"ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: 318/{read}\n\nQUYẾT ĐỊNH\nVề việc giao dự toán\n\n"
                              "Điều 1. Giao Sở Tài chính chủ trì thực hiện.\n")
    assert doc.symbol == "QĐ-UBND"
    letter = vndocx.extract_text(f"ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: 318/{read}\nV/v giao dự toán\n\nKính gửi: Sở Tài chính\n")
    assert letter.symbol == read  # a letter's symbol opens with no type: left as read


def test_a_subject_of_ocr_debris_is_left_empty_with_a_warning() -> None:
    doc = _header("SỞ TÀI CHÍNH", "Số: 45/TB-STC")
    assert doc.subject == "Về việc kiểm tra công tác văn thư"
    debris = vndocx.extract_text("SỞ TÀI CHÍNH\nSố: 45/TB-STC\n\nTHÔNG BÁO\n^+ Ũ z .. L$ 2\n\n"
                                 "Sở Nội vụ chủ trì kiểm tra trước ngày 30/6/2026.\n")
    assert debris.subject is None
    assert any(w.startswith("subject unreadable") for w in debris.warnings)


# --- the issuer ---------------------------------------------------------------------------------

def test_an_issuer_on_two_lines_under_its_ministry_is_one_body() -> None:
    doc = _header("BỘ NỘI VỤ", "TRUNG TÂM THÔNG TIN", "VÀ LƯU TRỮ ĐIỆN TỬ", "Số: 12/TB-TTTT")
    assert doc.parent_issuer == "BỘ NỘI VỤ"
    assert doc.issuer == "TRUNG TÂM THÔNG TIN VÀ LƯU TRỮ ĐIỆN TỬ"


def test_a_body_line_under_another_body_stays_a_body_of_its_own() -> None:
    doc = _header("UBND TỈNH LẠC SƠN", "SỞ Y TẾ", "Số: 12/TB-SYT")
    assert (doc.parent_issuer, doc.issuer) == ("UBND TỈNH LẠC SƠN", "SỞ Y TẾ")


def test_capitals_with_marks_ocr_changed_get_the_body_and_province_back() -> None:
    doc = _header("ỦY BAN NHÂN DÂN", "TÍNH LẠNG SƠN", "Số: 12/TB-UBND")
    assert (doc.parent_issuer, doc.issuer) == (None, "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN")
    assert _header("UBND TỈNH LẠNG SƠN", "SỞ Y TẺ", "Số: 12/TB-SYT").issuer == "SỞ Y TẾ"


def test_specks_before_an_issuer_line_are_dropped() -> None:
    doc = _header("ỦY BAN NHÂN DÂN", "K9 „TỈNH LẠNG SƠN", "Số: 12/TB-UBND")
    assert doc.issuer == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"


def test_a_receipt_stamp_in_the_header_never_gives_the_number_or_date() -> None:
    doc = vndocx.extract_text("\n".join([
        "SỞ TÀI CHÍNH", "ĐẾN Số: 1186", "Số: 45/TB-STC", "Lạc Sơn, ngày 16 tháng 3 năm 2026", "",
        "THÔNG BÁO", "ĐẾN Giờ: 9", "Ngày: 18/3/2026 | Về việc quyết toán kinh phí năm 2025", "",
        "Các phòng hoàn thành quyết toán trước ngày 30/4/2026."]))
    assert (doc.number, doc.symbol, doc.date) == ("45", "TB-STC", "2026-03-16")
    assert doc.subject == "Về việc quyết toán kinh phí năm 2025"
    assert sum("received-document stamp" in w for w in doc.warnings) == 2


def test_a_damaged_kinh_gui_label_still_ends_the_subject() -> None:
    doc = vndocx.extract_text("SỞ TÀI CHÍNH\nSố: 45/STC-KH\nV/v quyết toán kinh phí năm 2025\n\n"
                              "Kính ĐỬIi: - Các phòng thuộc Sở;\n\nĐề nghị các phòng hoàn thành trước ngày 30/4/2026.\n")
    assert doc.subject == "quyết toán kinh phí năm 2025"
    assert doc.recipients == ["Các phòng thuộc Sở"]


@pytest.mark.parametrize(("read", "title"), [("EU TRƯỞNG PHÒNG", "TRƯỞNG PHÒNG"), ("Ó GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
                                             ("PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH")])
def test_a_title_with_a_fragment_before_it_is_the_title(read: str, title: str) -> None:
    from vndocx.segment.closing import _mend_title

    assert _mend_title(read) == title


# --- the signer's name --------------------------------------------------------------------------

def test_a_family_name_damaged_by_the_signature_is_mended_when_it_can_be_only_one() -> None:
    assert mend_name([("Nguy“n", 60), ("Văn", 96), ("Bình", 95)]) == "Nguyễn Văn Bình"
    assert mend_name([("*~lrần", 0), ("Thị", 95), ("Hoa", 96)]) == "Trần Thị Hoa"
    assert mend_name([("+", 63), ('"', 34), ("Zsguyễn", 18), ("Minh", 96), ("Châu", 96)]) == "Nguyễn Minh Châu"
    assert mend_name([("_", 76), ("Đặng", 96), ("Hữu", 95), ("Tài", 96)]) == "Đặng Hữu Tài"
    assert mend_surname("Trân", 96) == "Trần"  # a sure reading with one mark wrong


def test_a_name_that_could_be_several_or_none_is_not_guessed() -> None:
    assert mend_name([("bễêc", 59), ("Thu", 95), ("Nhung", 96)]) is None  # no family name is that close
    assert mend_name([("ông", 0), ("Vản", 76), ("Long", 91)]) is None  # three letters, a doubtful given name
    assert mend_name([("Nguyễn", 96), ("Hải", 19), ("Lan", 96)]) is None  # a given name read at 19 %
    assert mend_surname("Trân", 30) is None  # the same letters read unsure: could be any damage


def test_a_signer_line_with_a_damaged_family_name_gives_the_name() -> None:
    from vndocx.segment.rows import Row

    def row(text: str, conf: float, x0: float = 0.6) -> Row:
        words = [Word(text=t, bbox=(100 * i, 0, 100 * i + 90, 40), conf=conf) for i, t in enumerate(text.split())]
        return Row(text=text, page=1, x0=x0, x1=0.9, top=0.5, line=run_line(words, 1))

    rows = [row("Nơi nhận:", 95, 0.1), row("KT. GIÁM ĐỐC", 95), row("PHÓ GIÁM ĐỐC", 95),
            row("- Như trên;", 95, 0.1), row("Nguy“n Thị Mai", 70)]
    closing = _closing(rows)
    assert closing.signer is not None and closing.signer.name is None  # one word at 70 %: given names must be sure
    rows[-1] = row("Nguy“n Thị Mai", 90)
    assert _closing(rows).signer.name == "Nguyễn Thị Mai"


def test_nơi_nhận_items_below_the_name_read_again_and_signature_specks_are_kept() -> None:
    # A list longer than the signature block: OCR gives the name, a speck of the signature and the
    # name read again from its zone level with the list's last items; the items below them are
    # still the list's.
    from vndocx.segment.rows import Row

    def row(text: str, conf: float = 95, x0: float = 0.1) -> Row:
        words = [Word(text=t, bbox=(100 * i, 0, 100 * i + 90, 40), conf=conf) for i, t in enumerate(text.split())]
        return Row(text=text, page=1, x0=x0, x1=0.9, top=0.5, line=run_line(words, 1))

    rows = [row("CHỦ TỊCH", x0=0.69), row("Nơi nhận:"), row("- Thường trực Huyện ủy;"), row("- Các phòng, ban huyện;"),
            row("Hoàng Văn Dũng", x0=0.67), row("Sô.", conf=29, x0=0.7), row("Hoàng Văn Dũng", conf=91, x0=0.67),
            row("- VP HĐND-UBND: CVP, các PCVP,"), row("các bộ phận trực thuộc;"), row("- Lưu: VT, TH.")]
    closing = _closing(rows)
    assert closing.signer.name == "Hoàng Văn Dũng"
    assert closing.distribution == ["Thường trực Huyện ủy", "Các phòng, ban huyện",
                                    "VP HĐND-UBND: CVP, các PCVP, các bộ phận trực thuộc", "Lưu: VT, TH"]
    rows[6] = row("Phụ lục kèm theo", conf=91, x0=0.67)  # other text on the signer's side: the list has ended
    assert _closing(rows).distribution == ["Thường trực Huyện ủy", "Các phòng, ban huyện"]


@pytest.mark.parametrize(("authority", "piece", "title"), [
    ("KT. BỘ TRƯỞNG", '("at TRƯỜN', "THỨ TRƯỞNG"),        # the seal took the rest of the deputy's title
    ("KT. CHỦ TỊCH", "(„e CHỦ TỊ", "PHÓ CHỦ TỊCH"),
    ("TM. ỦY BAN NHÂN DÂN", "⁄⁄ Đo) va ¬—x TỊCH", "CHỦ TỊCH"),  # the chair signs for the committee
    ("TM. ỦY BAN NHÂN DÂN", "+ 1Ó CHỦ TỊCH", "PHÓ CHỦ TỊCH"),   # more than the chair's title: a deputy's
    ("KT. CHÁNH VĂN PHÒNG", "° RĐx4 PHÒNG", None),      # "PHÓ CHÁNH VĂN PHÒNG" or "PHÓ VĂN PHÒNG": neither
    ("TL. GIÁM ĐỐC", "x4 ĐỐC", None),                    # "thừa lệnh": any title may stand under it
    ("KT. BỘ TRƯỞNG", "AxƯ", None),                     # too little to be a piece of anything
    ("KT. BỘ TRƯỞNG", "THÍ? 7 tUUNÑG THƯỜNG TRỰC", "THỨ TRƯỞNG THƯỜNG TRỰC"),  # the standing deputy
    ("TM. ỦY BAN NHÂN DÂN", "+ 1Ó CHỦ TỊCH THƯỜNG TRỰC", "PHÓ CHỦ TỊCH THƯỜNG TRỰC"),
])
def test_a_title_a_seal_broke_is_the_one_its_authority_implies(authority: str, piece: str, title: str | None) -> None:
    from vndocx.segment.rows import Row

    def row(text: str, x0: float = 0.6) -> Row:
        words = [Word(text=t, bbox=(100 * i, 0, 100 * i + 90, 40), conf=40) for i, t in enumerate(text.split())]
        return Row(text=text, page=1, x0=x0, x1=0.9, top=0.5, line=run_line(words, 1))

    document = Document(source="<closing>")
    from vndocx.segment.closing import parse_closing

    closing = parse_closing([row(authority), row("Nơi nhận:", 0.1), row(piece), row("- Như trên;", 0.1),
                             row("- Lưu: VT.", 0.1)], 0, document)
    assert document.signer.title == title
    assert bool(closing.warnings) == (title is not None)


def test_a_nơi_nhận_label_with_damaged_letters_opens_the_closing() -> None:
    doc = vndocx.extract_text("SỞ Y TẾ\nSố: 12/TB-SYT\n\nTHÔNG BÁO\nVề việc trực tết\n\nCác đơn vị bố trí trực.\n\n"
                              "Mơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\n\nPhan Văn Lộc\n")
    assert doc.distribution == ["Như trên", "Lưu: VT"]
    assert doc.signer is not None and doc.signer.name == "Phan Văn Lộc"


# --- the second reading of the digits -----------------------------------------------------------

def _line(*words: tuple[str, float], x0: int = 300, y: int = 400) -> Line:
    out, x = [], x0
    for text, conf in words:
        out.append(Word(text=text, bbox=(x, y, x + 30 * len(text), y + 50), conf=conf))
        x += 30 * len(text) + 25
    return run_line(out, 1)


@pytest.fixture
def page():
    from PIL import Image

    return Image.new("L", (2480, 3508), 255)


def test_digits_a_second_reading_gives_back_stand(page) -> None:
    number = _line(("Số:", 95), ("47", 60), ("/UBND-VX", 90))
    date = _line(("Lạc", 96), ("Sơn,", 96), ("ngày", 95), ("16", 40), ("tháng", 96), ("3", 96), ("năm", 96),
                 ("2026", 96), x0=1300)
    calls = []

    def read_as(digits: str):
        def read(crop, config: str) -> str:
            calls.append(config)
            return digits
        return read

    for digits, line in (("47", number), ("16", date)):
        assert confirm_slots(page, [line], 1, read_as(digits)) == ([line], [])
    assert len(calls) == 20 and all("whitelist=0123456789" in c for c in calls)


def test_digits_the_second_readings_disagree_on_are_read_as_unreadable(page) -> None:
    number = _line(("Số:318", 55), ("/2026/TB-UBND", 91))
    date = _line(("Lạc", 96), ("Sơn,", 96), ("ngày17", 18), ("tháng", 96), ("11", 96), ("năm", 96), ("2025", 96),
                 x0=1300)
    answers = iter(["316", "318", "31", "318", "316", "31", "31", "318", "31", "318",
                    "17", "11", "17", "71", "177", "17", "11", "17", "1", "17"])
    lines, warnings = confirm_slots(page, [number, date], 1, lambda crop, config: next(answers))
    assert [ln.text for ln in lines] == ["Số:? /2026/TB-UBND", "Lạc Sơn, ngày? tháng 11 năm 2025"]
    assert len(warnings) == 2 and all("not confirmed" in w for w in warnings)
    doc = vndocx.extract_text("\n".join(["SỞ Y TẾ", lines[0].text, lines[1].text, "", "THÔNG BÁO", "Về việc trực"]))
    assert (doc.number, doc.symbol, doc.place, doc.date) == (None, "2026/TB-UBND", "Lạc Sơn", None)


def test_sure_readings_and_body_lines_are_not_read_again(page) -> None:
    sure = _line(("Số:", 95), ("3815", 93), ("/QĐ-UBND", 88))
    body = _line(("Ngày", 96), ("08", 60), ("tháng", 96), ("7", 96), ("năm", 96), ("2026,", 96), x0=200)
    low = _line(("Số:", 95), ("12", 40), ("/TB-SYT", 90), y=3000)  # below the header: a citation, not the number

    def read(crop, config):
        raise AssertionError("read again")

    assert confirm_slots(page, [sure, body, low], 1, read) == ([sure, body, low], [])


# --- on a rendered scan -------------------------------------------------------------------------

@pytest.mark.ocr
def test_a_scan_with_a_handwritten_number_and_day_never_gets_a_wrong_one() -> None:
    need_tesseract()
    want = json.loads((SAMPLES / "gold" / "phenomena" / "scan_stamps.json").read_text("utf-8"))
    doc = vndocx.extract(Path(PHENOMENA / "rendered" / "scan_stamps.png"))
    assert doc.symbol == want["symbol"] and doc.place == want["place"]  # printed beside the handwriting
    assert doc.number in (None, want["number"])
    assert doc.date in (None, want["date"])
    if doc.number is None:
        assert any("number" in w and "unreadable" in w for w in doc.warnings)
    if doc.date is None:
        assert any(w.startswith("date unreadable") for w in doc.warnings)
    assert doc.signer is not None and doc.signer.name == want["signer"]["name"]  # under the round seal


# --- print in red ink ---------------------------------------------------------------------------

def _red_line(text: str, conf: float, y: int = 40) -> Line:
    words = [Word(text=t, bbox=(60 * i, y, 60 * i + 50, y + 40), conf=conf) for i, t in enumerate(text.split())]
    return run_line(words, 1)


def test_red_print_keeps_names_and_titles_and_drops_the_seal() -> None:
    import numpy as np
    from PIL import Image

    from vndocx.ingest.red_print import red_print_lines

    layer = Image.fromarray(np.full((2000, 1000), 255, dtype=np.uint8))
    layer.paste(0, (300, 1200, 700, 1500))  # red ink below the header
    read = [_red_line("SỞ", 90), _red_line("TỈNH LẠC SƠN", 88), _red_line("PHÓ GIÁM ĐÕC", 86),
            _red_line("Phan Minh Đức", 91), _red_line("Lưu Thị Hằng", 40), _red_line("Số: 1186", 95)]
    lines = red_print_lines(layer, 3, lambda crop: read)
    assert [ln.text for ln in lines] == ["PHÓ GIÁM ĐỐC", "Phan Minh Đức"]
    assert all(ln.page == 3 and ln.bbox[1] >= 1180 for ln in lines)  # boxes in the page's pixels
    top_only = Image.fromarray(np.full((2000, 1000), 255, dtype=np.uint8))
    top_only.paste(0, (300, 100, 700, 300))  # a receipt stamp in the header: not looked at
    assert red_print_lines(top_only, 1, lambda crop: read) == []


BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"


def _colour_page():
    """(an A4 colour scan at 300 dpi with the issuer "SỞ TÀI CHÍNH" in black, its drawing
    context, a function giving the bold face at a size); skips without Tesseract or the font."""
    need_tesseract()
    from PIL import Image, ImageDraw, ImageFont

    if not Path(BOLD).exists():
        pytest.skip(f"{BOLD} is absent")
    page = Image.new("RGB", (2480, 3508), (250, 248, 244))
    draw = ImageDraw.Draw(page)
    draw.text((300, 300), "SỞ TÀI CHÍNH", font=ImageFont.truetype(BOLD, 50), fill=(20, 20, 20))
    return page, draw, lambda size: ImageFont.truetype(BOLD, size)


@pytest.mark.ocr
def test_a_signer_name_printed_in_red_beside_the_seal_is_read() -> None:
    from vndocx.ingest.ocr import ocr_image

    page, draw, face = _colour_page()
    font = face(50)
    draw.text((1500, 1800), "GIÁM ĐỐC", font=font, fill=(20, 20, 20))
    draw.ellipse((1250, 1900, 1750, 2400), outline=(210, 30, 40), width=14)  # the seal
    draw.ellipse((1330, 1980, 1670, 2320), outline=(210, 30, 40), width=6)
    draw.text((1420, 2110), "SỞ", font=font, fill=(210, 30, 40))
    draw.text((1450, 2450), "Phan Minh Đức", font=face(62), fill=(205, 25, 35))
    result = ocr_image(page, 1, "red-name.png")
    texts = [ln.text for ln in result.lines]
    assert "Phan Minh Đức" in texts
    assert not any(t == "SỞ" for t in texts[1:])  # the seal's centre is not read as text
    assert any("signer's lines read again" in w for w in result.warnings)


def test_the_name_zone_below_a_title_is_read_again_when_no_name_was_read_there() -> None:
    from PIL import Image

    from vndocx.ingest.signer_zone import name_below_title

    page = Image.new("L", (2480, 3508), 255)
    title = run_line([Word(text="PHÓ", bbox=(1500, 2000, 1600, 2050), conf=95),
                      Word(text="GIÁM", bbox=(1620, 2000, 1760, 2050), conf=95),
                      Word(text="ĐỐC", bbox=(1780, 2000, 1880, 2050), conf=95)], 1)
    zones = []

    def read(crop) -> list[Line]:
        zones.append(crop.size)
        return [_red_line("Quốc Bảo", 90), _red_line("Lê Quốc Bảo", 88, y=500)]  # a name cut short, then whole

    found = name_below_title(page, [title], 1, read)
    assert [ln.text for ln in found] == ["Lê Quốc Bảo"] and found[0].bbox[1] > 2050
    assert len(zones) == 1
    named = run_line([Word(text=t, bbox=(1500 + 150 * i, 2400, 1640 + 150 * i, 2450), conf=90)
                      for i, t in enumerate(["Lê", "Quốc", "Bảo"])], 1)
    assert name_below_title(page, [title, named], 1, read) == [] and len(zones) == 1  # a name is there: not read


def test_a_sure_name_on_the_signer_side_stands_without_the_title_ocr_lost() -> None:
    from vndocx.segment.rows import Row

    def row(text: str, conf: float, x0: float) -> Row:
        words = [Word(text=t, bbox=(100 * i, 0, 100 * i + 90, 40), conf=conf) for i, t in enumerate(text.split())]
        return Row(text=text, page=1, x0=x0, x1=0.9, top=0.5, line=run_line(words, 1))

    rows = [row("ơi nhận:", 95, 0.1), row("GIÁ", 95, 0.6), row("- Như trên;", 95, 0.1), row("Lê Quốc Bảo", 92, 0.6)]
    closing = _closing(rows)
    assert closing.distribution == ["Như trên"]
    assert closing.signer is not None and closing.signer.name == "Lê Quốc Bảo"
    rows[-1] = row("Lê Quốc Bảo", 60, 0.6)
    assert _closing(rows).signer.name is None  # unsure, and no title: not taken


# --- an attached plan's own annex ---------------------------------------------------------------

def test_the_annex_of_an_attached_plan_is_not_read_as_the_plans_body() -> None:
    doc = vndocx.extract_text("""ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
Số: 318/QĐ-UBND
Lạng Sơn, ngày 16 tháng 3 năm 2026

QUYẾT ĐỊNH
Ban hành Kế hoạch chuyển đổi số năm 2026

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2026.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.
CHỦ TỊCH

Hoàng Văn Nam

KẾ HOẠCH
Chuyển đổi số năm 2026
(Ban hành kèm theo Quyết định số 318/QĐ-UBND)

I. MỤC TIÊU
Nâng cao chất lượng dịch vụ công trực tuyến.

II. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ chủ trì triển khai nền tảng số, hoàn thành trước ngày 30/9/2026.
2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.

Phụ lục I
ĐỀ CƯƠNG BÁO CÁO
1. Sở Nội vụ báo cáo kết quả cải cách thể chế.
2. Sở Nội vụ báo cáo kết quả cải cách thủ tục hành chính.
""")
    owners = [t.owner for t in doc.tasks]
    assert "Sở Khoa học và Công nghệ" in owners and "Sở Tài chính" in owners  # the plan's work
    assert "Sở Nội vụ" not in owners  # the report outline of its annex is no task


# --- urgency and confidentiality marks stamped in red ------------------------------------------


def test_a_mark_reads_as_printed_whatever_ocr_made_of_its_frame_and_marks() -> None:
    from vndocx.ingest.red_print import mark_of

    assert mark_of("|HOA TÓC|") == "HỎA TỐC"
    assert mark_of("KHẨN:") == "KHẨN"
    assert mark_of("Ì THƯỢNG KHAN Ì") == "THƯỢNG KHẨN"
    assert mark_of("TỐI MẬT") == "TỐI MẬT"
    assert mark_of("KIIẨN") == mark_of("KIEIẨN") == "KHẨN" and mark_of("IIOẢ TỐC") == "HỎA TỐC"  # a worn stamp's H
    assert mark_of("CÔNG VĂN ĐẾN") is None and mark_of("KHẨN TRƯƠNG") is None and mark_of("Số: 15") is None


@pytest.mark.parametrize(("read", "conf", "marks"), [
    ("KIIẨN", 28, ["KHẨN"]),  # a worn stamp read unsure, inside its frame: four letters, spelled exactly
    ("MẬT", 28, []),          # three letters read as unsure as that could be any speck
    ("KIIẨN", 20, []),
])
def test_a_worn_marks_band_is_read_at_a_lower_confidence(read: str, conf: float, marks: list[str]) -> None:
    import numpy as np
    from PIL import Image

    from vndocx.ingest.red_print import red_marks
    from vndocx.pages import Line

    a = np.full((1000, 800), 255, dtype=np.uint8)
    a[200:260, 100:400] = 0  # one band of red ink in the header
    layer = Image.fromarray(a)
    band = [Line(text=read, page=1, bbox=(0, 0, 200, 40), conf=conf)]
    got = red_marks(layer, 1, lambda crop: [], lambda crop: band)
    assert [ln.text for ln in got] == marks


def test_a_mark_stamped_beside_kinh_gui_is_the_documents_and_keeps_the_list_whole() -> None:
    doc = vndocx.extract_text("SỞ Y TẾ\nSố: 12/SYT-NV\nV/v báo cáo thuốc tồn kho\n\nKính gửi:\nKHẨN\n"
                              "- Bệnh viện đa khoa tỉnh;\n- Trung tâm y tế các huyện.\n\n"
                              "Đề nghị các đơn vị báo cáo về Sở Y tế trước ngày 10/01/2026.\n")
    assert doc.urgency == "Khẩn"
    assert doc.recipients == ["Bệnh viện đa khoa tỉnh", "Trung tâm y tế các huyện"]


@pytest.mark.ocr
def test_a_mark_stamped_in_red_in_the_header_is_read_from_the_red_ink() -> None:
    from vndocx.ingest.ocr import ocr_image

    page, draw, face = _colour_page()
    font = face(50)
    draw.text((300, 420), "Số: 45/STC-NS", font=font, fill=(20, 20, 20))
    red = (205, 30, 40)
    draw.rectangle((300, 560, 760, 720), outline=red, width=10)  # a framed stamp, as offices ink it
    draw.rectangle((318, 578, 742, 702), outline=red, width=4)
    draw.text((360, 600), "HỎA TỐC", font=face(70), fill=red)
    draw.text((300, 900), "Giao các phòng chuyên môn rà soát hồ sơ.", font=font, fill=(20, 20, 20))
    result = ocr_image(page, 1, "red-mark.png")
    assert "HỎA TỐC" in [ln.text for ln in result.lines]
    assert any("marks stamped in red ink" in w for w in result.warnings)
    black_only, _, _ = _colour_page()
    assert not any("marks stamped" in w for w in ocr_image(black_only, 1, "plain.png").warnings)


@pytest.mark.parametrize(("angle", "found"), [(0, 0), (90, 0), (35, 2), (-60, 2)])
def test_only_a_long_stamp_at_a_slant_is_turned_level(angle: float, found: int) -> None:
    # level stamps are the header's own reading; an upright run of ink is a rule or a stroke, no mark
    import cv2
    import numpy as np

    from vndocx.ingest.red_print import _slanted_stamps

    a = np.full((2000, 1600), 255, dtype=np.uint8)
    cv2.fillPoly(a, [cv2.boxPoints(((500, 500), (480, 150), angle)).astype(np.int32)], 0)
    assert len(_slanted_stamps(a)) == found


@pytest.mark.ocr
def test_a_mark_stamped_in_red_at_a_slant_in_the_margin_is_read_turned_level() -> None:
    from PIL import Image, ImageDraw

    from vndocx.ingest.ocr import ocr_image

    page, draw, face = _colour_page()
    font = face(50)
    draw.text((300, 420), "Số: 45/STC-NS", font=font, fill=(20, 20, 20))
    draw.text((300, 1300), "Giao các phòng chuyên môn rà soát hồ sơ.", font=font, fill=(20, 20, 20))
    red = (205, 30, 40)
    stamp = Image.new("RGB", (520, 170), (250, 248, 244))  # a framed stamp, inked by hand at a slant
    ink = ImageDraw.Draw(stamp)
    ink.rectangle((4, 4, 515, 165), outline=red, width=8)
    ink.text((60, 35), "HỎA TỐC", font=face(80), fill=red)
    slanted = stamp.rotate(55, expand=True, fillcolor=(250, 248, 244))
    page.paste(slanted, (60, 700))
    result = ocr_image(page, 1, "slanted-mark.png")
    assert "HỎA TỐC" in [ln.text for ln in result.lines]


def test_the_numbering_of_an_attached_plan_that_ocr_damaged_is_mended_as_the_bodys() -> None:
    """"IV," for "IV." in a plan issued with the decision: the heading still opens the plan's
    execution part, whose items are the document's assignments; its budget part ("KINH PHÍ
    TRIỂN KHAI", which names "triển khai") lists no work."""
    doc = vndocx.extract_text("""ỦY BAN NHÂN DÂN TỈNH LẠC SƠN
Số: 77/QĐ-UBND
Lạc Sơn, ngày 4 tháng 5 năm 2026

QUYẾT ĐỊNH
Ban hành Kế hoạch kiểm tra công tác văn thư năm 2026

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm tra công tác văn thư năm 2026.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.
CHỦ TỊCH

Đinh Quang Hòa

KẾ HOẠCH
Kiểm tra công tác văn thư năm 2026
(Ban hành kèm theo Quyết định số 77/QĐ-UBND)

I. MỤC ĐÍCH
Nắm tình hình quản lý văn bản đến tại các cơ quan.

II. NỘI DUNG
Kiểm tra việc lập hồ sơ và nộp lưu hồ sơ.

III, KINH PHÍ TRIỂN KHAI
Tổng kinh phí dự kiến: 120 triệu đồng, trong đó:
- Ngân sách tỉnh: 100 triệu đồng.
- Nguồn xã hội hóa: 20 triệu đồng.

IV, TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ chủ trì thành lập Đoàn kiểm tra, hoàn thành trước ngày 30/10/2026.
2. Các cơ quan được kiểm tra chuẩn bị báo cáo theo đề cương.
""")
    assert "Sở Nội vụ" in [t.owner for t in doc.tasks]
    assert any("'III,' as 'III.'" in w and "'IV,' as 'IV.'" in w for w in doc.warnings)
    assert not [t for t in doc.tasks if "triệu đồng" in t.text]  # the budget's sources are no work


def test_a_plan_after_a_list_whose_last_item_ends_with_a_semicolon_is_not_an_item() -> None:
    """In plain text nothing tells the list's side: after the signer's name only a dash opens
    another Nơi nhận item, so the attached plan's title is not one."""
    doc = vndocx.extract_text("""ỦY BAN NHÂN DÂN TỈNH LẠC SƠN
Số: 78/QĐ-UBND
Lạc Sơn, ngày 4 tháng 5 năm 2026

QUYẾT ĐỊNH
Ban hành Kế hoạch tập huấn công tác văn thư năm 2026

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tập huấn công tác văn thư năm 2026.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
CHỦ TỊCH

Đinh Quang Hòa
- Lưu: VT;

KẾ HOẠCH
Tập huấn công tác văn thư năm 2026
""")
    assert doc.distribution == ["Như Điều 2", "Lưu: VT"]


def test_a_nơi_nhận_item_with_no_letter_is_left_out_with_a_warning() -> None:
    doc = vndocx.extract_text("\n".join([
        "UBND HUYỆN ĐỒI MAI", "Số: 14/UBND-VP", "Đồi Mai, ngày 3 tháng 3 năm 2026", "",
        "V/v vận hành trang thông tin điện tử xã", "", "Kính gửi: Ủy ban nhân dân các xã.", "",
        "Ủy ban nhân dân huyện đề nghị Ủy ban nhân dân các xã cập nhật tin bài trước ngày 30/3/2026.", "",
        "Nơi nhận:                                   TM. ỦY BAN NHÂN DÂN", "- Như trên;", "- Lưu: VT.",
        "- “—-                                       CHỦ TỊCH", "", "                                            Lê Văn Hòa"]))
    assert doc.distribution == ["Như trên", "Lưu: VT"]
    assert any("no letter" in w and "“—-" in w for w in doc.warnings)


# --- marks OCR read wrong in a listed body's name --------------------------------------------------

def test_a_listed_name_with_marks_read_wrong_is_spelt_as_listed_keeping_its_case() -> None:
    from vndocx.segment.listed import mend_marks

    assert mend_marks("Sở Thông tin và Truyện thông") == ("Sở Thông tin và Truyền thông", [("Truyện", "Truyền")])
    assert mend_marks("Văn phòng Trung ương và các Bản của Đảng")[0] == "Văn phòng Trung ương và các Ban của Đảng"
    assert mend_marks("SỞ THÔNG TIN VÀ TRUYỆN THÔNG")[0] == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert mend_marks("Thủ tướng, các Phó Thủ tướng Chỉnh phủ")[0] == "Thủ tướng, các Phó Thủ tướng Chính phủ"
    for printed in ("Uỷ ban nhân dân tỉnh Lạc Sơn",  # the old tone placement, as printed
                    "Các Sở thông tin và Truyền thông",  # lower case as printed
                    "bản của Đảng ủy xã",  # two words of a name: another word with other marks
                    "Lưu: VT, TH"):
        assert mend_marks(printed) == (printed, [])


def test_nơi_nhận_and_kính_gửi_get_a_listed_name_s_marks_with_a_warning() -> None:
    doc = vndocx.extract_text("\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH LẠC SƠN", "Số: 57/UBND-VX", "Lạc Sơn, ngày 3 tháng 2 năm 2026",
        "V/v rà soát cổng thông tin",
        "Kính gửi: Sở Thông tin và Truyện thông.",
        "Đề nghị Sở rà soát cổng thông tin điện tử trước ngày 20/02/2026.",
        "Nơi nhận:", "- Như trên;", "- Văn phòng Trung ương và các Bản của Đảng;", "- Uỷ ban nhân dân huyện Đồi Mai;",
        "- Lưu: VT.", "CHỦ TỊCH", "Phan Minh Đức"]))
    assert doc.recipients == ["Sở Thông tin và Truyền thông"]
    assert doc.distribution == ["Như trên", "Văn phòng Trung ương và các Ban của Đảng",
                                "Uỷ ban nhân dân huyện Đồi Mai", "Lưu: VT"]
    assert any("'Truyện' read as 'Truyền'" in w for w in doc.warnings)
    assert any("'Bản' read as 'Ban'" in w for w in doc.warnings)


def _signer_rows(lines: list[tuple[str, float, float]]) -> list:
    """Rows of a text layer's closing: (text, x0 as a share of the width, top in points), each
    line 14 points high."""
    from vndocx.segment.rows import Row

    out = []
    for text, x0, top in lines:
        words = [Word(text=t, bbox=(x0 * 595 + 40 * i, top, x0 * 595 + 40 * i + 36, top + 14), conf=None)
                 for i, t in enumerate(text.split())]
        out.append(Row(text=text, page=1, x0=x0, x1=x0 + 0.3, top=top, line=run_line(words, 1)))
    return out


def test_a_title_printed_under_the_signature_is_another_office_and_the_title_stays() -> None:
    rows = _signer_rows([("Nơi nhận:", 0.12, 600), ("TM. ĐOÀN GIÁM SÁT", 0.6, 600), ("- Như trên;", 0.12, 614),
                         ("TRƯỞNG ĐOÀN", 0.64, 616), ("- Lưu: VT.", 0.12, 628),
                         ("PHÓ CHỦ TỊCH HĐND TỈNH", 0.6, 700), ("Lê Thị Hồng Nhung", 0.62, 716)])
    doc = _closing(rows)
    assert (doc.signer.title, doc.signer.name, doc.signer.authority) == (
        "TRƯỞNG ĐOÀN", "Lê Thị Hồng Nhung", ["TM. ĐOÀN GIÁM SÁT"])
    assert doc.distribution == ["Như trên", "Lưu: VT"]
    # the deputy's title right under the authority's line is the title, as before
    rows = _signer_rows([("KT. CHỦ TỊCH", 0.6, 600), ("PHÓ CHỦ TỊCH", 0.62, 616), ("Lê Thị Hồng Nhung", 0.62, 700)])
    assert _closing(rows).signer.title == "PHÓ CHỦ TỊCH"
