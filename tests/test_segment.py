"""The segmenter on documents written here: header variants (interleaved columns, blank
number and day, a letter's V/v, a Kính gửi list), the body tree, footnotes, the closing in
text and side-by-side layouts; property tests for the số/ký hiệu and date-line parsers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vndocx
from vndocx.ingest import text_to_pages
from vndocx.pages import Line, Page
from vndocx.records import Document
from vndocx.segment import segment
from vndocx.segment.body import join_rows
from vndocx.segment.closing import find_closing, mend_item, parse_closing
from vndocx.segment.header import parse_date_line, parse_header
from vndocx.segment.rows import pages_to_rows

LETTER = """UBND TỈNH HÀ PHONG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ XÂY DỰNG Độc lập - Tự do - Hạnh phúc
Số:1629/SXD-QLN Hà Phong, ngày 07 tháng 3 năm 2026
V/v đôn đốc hoàn thành rà soát
nhà ở xã hội năm 2026

Kính gửi:
- Ủy ban nhân dân các xã, phường;
- Sở Tài chính;
- Ban Quản lý dự án đầu tư xây dựng tỉnh.

Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Xây dựng đề nghị các đơn vị khẩn trương
rà soát, báo cáo kết quả về Sở trước ngày 20 tháng 3 năm 2026 để tổng hợp.

Nơi nhận:                                    KT. GIÁM ĐỐC
- Như trên;                                  PHÓ GIÁM ĐỐC
- Giám đốc Sở (b/c);
- Lưu: VT, QLN.

                                             Trịnh Văn Lộc
"""

PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÀ PHONG
Số:        /KH-SXD
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Phong, ngày      tháng 12 năm 2025

KẾ HOẠCH
Tổ chức Ngày hội chuyển đổi số
tỉnh Hà Phong năm 2026

I. MỤC ĐÍCH, YÊU CẦU
1. Lan tỏa nhận thức về chuyển đổi số trong cán bộ và Nhân dân.
II. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ:
a) Chủ trì tổ chức Ngày hội
- Xây dựng kịch bản, hoàn thành trong tháng 01 năm 2026.
- Phối hợp với Tỉnh đoàn huy động tình nguyện viên¹.
2. Các sở, ban, ngành: Cử cán bộ tham dự đầy đủ.
         ______________
¹ Theo Kế hoạch số 12/KH-TĐ ngày 02/12/2025 của Tỉnh đoàn.

Nơi nhận:
- Các sở, ban, ngành;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH


Đoàn Thị Mai
"""


def test_letter_header_interleaved_and_closing_side_by_side() -> None:
    seg = segment(text_to_pages(LETTER))
    h = seg.document
    assert (h.parent_issuer, h.issuer) == ("UBND TỈNH HÀ PHONG", "SỞ XÂY DỰNG")
    assert (h.number, h.symbol) == ("1629", "SXD-QLN")
    assert (h.place, h.date, h.date_raw) == ("Hà Phong", "2026-03-07", "Hà Phong, ngày 07 tháng 3 năm 2026")
    assert h.doc_type == "Công văn"
    assert h.subject == "đôn đốc hoàn thành rà soát nhà ở xã hội năm 2026"
    assert h.recipients == ["Ủy ban nhân dân các xã, phường", "Sở Tài chính",
                            "Ban Quản lý dự án đầu tư xây dựng tỉnh"]
    assert seg.document.distribution == ["Như trên", "Giám đốc Sở (b/c)", "Lưu: VT, QLN"]
    assert seg.document.signer.model_dump() == {"name": "Trịnh Văn Lộc", "title": "PHÓ GIÁM ĐỐC",
                                       "authority": ["KT. GIÁM ĐỐC"]}
    body = seg.paragraphs[0].text
    assert body.startswith("Thực hiện chỉ đạo") and body.endswith("để tổng hợp.")  # re-joined


def test_kinh_gui_list_through_stamp_specks_and_items_that_wrap_at_a_capital() -> None:
    # a scan: a speck of the received stamp under "Kính gửi:", a stamp's letters before an item's
    # dash, and an item that wraps before a capitalised word and goes on after a comma
    scanned = LETTER.replace("""Kính gửi:
- Ủy ban nhân dân các xã, phường;
- Sở Tài chính;
""", """Kính gửi:
Ộ
- Các đơn vị chuyên trách về chuyển đổi số của Văn phòng
Ủy ban nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh,
Văn phòng Tỉnh ủy;
-_-Af ?Í 3 “ẤXÝ - Sở Tài chính;
""")
    assert segment(text_to_pages(scanned)).document.recipients == [
        "Các đơn vị chuyên trách về chuyển đổi số của Văn phòng Ủy ban nhân dân tỉnh, các Ban của Hội đồng "
        "nhân dân tỉnh, Văn phòng Tỉnh ủy", "Sở Tài chính", "Ban Quản lý dự án đầu tư xây dựng tỉnh"]


def test_plan_blank_number_and_day_tree_and_footnote() -> None:
    seg = segment(text_to_pages(PLAN))
    h = seg.document
    assert (h.issuer, h.parent_issuer) == ("ỦY BAN NHÂN DÂN TỈNH HÀ PHONG", None)
    assert (h.number, h.symbol, h.date) == (None, "KH-SXD", None)
    assert h.date_raw == "Hà Phong, ngày tháng 12 năm 2025"
    assert (h.doc_type, h.subject) == ("Kế hoạch", "Tổ chức Ngày hội chuyển đổi số tỉnh Hà Phong năm 2026")
    top = seg.document.sections
    assert [(s.number, s.kind) for s in top] == [("I", "basis"), ("II", "tasks")]
    sxd = top[1].children[0]
    assert (sxd.number, sxd.title, sxd.level) == ("1", "Sở Khoa học và Công nghệ", 2)
    assert (sxd.children[0].number, sxd.children[0].title, sxd.children[0].level) == ("a", "Chủ trì tổ chức Ngày hội", 3)
    assert "- Phối hợp với Tỉnh đoàn huy động tình nguyện viên." in sxd.children[0].text
    assert (top[1].children[1].title, top[1].children[1].text) == ("Các sở, ban, ngành", "Cử cán bộ tham dự đầy đủ.")
    paths = {p.section for p in seg.paragraphs}
    assert {"I.1", "II.1", "II.1.a", "II.2"} <= paths
    assert [(f.mark, f.text) for f in seg.document.footnotes] == [("1", "Theo Kế hoạch số 12/KH-TĐ ngày 02/12/2025 của Tỉnh đoàn.")]
    assert seg.document.signer.authority == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert seg.document.signer.name == "Đoàn Thị Mai"
    # offsets point into the text
    for p in seg.paragraphs:
        assert seg.document.text[p.start:p.end] == p.text


def test_header_columns_by_position() -> None:
    """With geometry, the right column is told by x, whatever its words."""
    def line(text, x0, top):
        return Line(text=text, page=1, bbox=(x0, top, x0 + 200, top + 12))

    page = Page(number=1, kind="pdf", width=600, lines=[
        line("ỦY BAN NHÂN DÂN TỈNH HÀ PHONG", 40, 50), line("CỘNG HOA XA HOI CHU NGHIA", 320, 50),
        line("VĂN PHÒNG", 40, 66), line("Doc lap Tu do", 320, 66),
        line("Số: 88/VP-TH", 40, 90), line("Hà Phong, ngày 9 tháng 1 năm 2026", 320, 90),
        line("THÔNG BÁO", 250, 130), line("Lịch công tác tuần", 230, 146),
    ])
    h = Document(source="t")
    parse_header(pages_to_rows([page]), h)
    assert (h.parent_issuer, h.issuer, h.number, h.date) == ("ỦY BAN NHÂN DÂN TỈNH HÀ PHONG", "VĂN PHÒNG", "88", "2026-01-09")
    assert (h.doc_type, h.subject) == ("Thông báo", "Lịch công tác tuần")


def _header_of(kind: str, width: float, height: float, lines: list[tuple[str, float, float, float]]) -> Document:
    """The header fields parsed from one page of (text, x0, x1, top) lines ``height`` high."""
    page = Page(number=1, kind=kind, width=width, lines=[
        Line(text=t, page=1, bbox=(x0, top, x1, top + height)) for t, x0, x1, top in lines])
    doc = Document(source="t")
    parse_header(pages_to_rows([page]), doc)
    return doc


def test_a_centred_subject_whose_second_line_is_longer_reads_whole() -> None:
    """A title block centred under the document type: its longer second line starts further
    left but is centred on the first and close below it; the body after a gap is not part of it."""
    doc = _header_of("scan", 600, 14, [
        ("ỦY BAN NHÂN DÂN", 60, 200, 40), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 260, 560, 40),
        ("TỈNH LẠC SƠN", 80, 180, 56), ("Độc lập - Tự do - Hạnh phúc", 310, 510, 56),
        ("Số: 21/TB-UBND", 70, 190, 80), ("Lạc Sơn, ngày 5 tháng 3 năm 2026", 300, 520, 80),
        ("THÔNG BÁO", 260, 340, 120),
        ("Kết luận của Chủ tịch Ủy ban nhân dân tỉnh", 180, 420, 140),
        ("tại buổi làm việc với Sở Nông nghiệp và Môi trường về công tác thủy lợi", 100, 500, 157),
        ("Ngày 02 tháng 3 năm 2026, Chủ tịch Ủy ban nhân dân tỉnh đã làm việc với Sở", 110, 540, 200),
        ("Nông nghiệp và Môi trường. Dự họp có đại diện các sở, ngành liên quan.", 70, 540, 217),
    ])
    assert doc.subject == ("Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với Sở Nông nghiệp "
                           "và Môi trường về công tác thủy lợi")


@pytest.mark.parametrize("speck", [":", "~ ,", "——"])
def test_specks_of_the_rule_under_the_document_type_are_no_subject(speck: str) -> None:
    """The short rule under "QUYẾT ĐỊNH" read by OCR as a line of its own (":"), centred above a
    subject that starts further left: the subject is the lines below it, not the specks."""
    doc = _header_of("scan", 600, 14, [
        ("BỘ NỘI VỤ", 80, 180, 40), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 260, 560, 40),
        ("Số: 12/QĐ-BNV", 70, 190, 70), ("Hà Nội, ngày 3 tháng 4 năm 2026", 300, 520, 70),
        ("QUYẾT ĐỊNH", 250, 350, 110), (speck, 296, 304, 126),
        ("Về việc công bố thủ tục hành chính nội bộ được chuẩn hóa", 120, 480, 142),
        ("thuộc phạm vi quản lý của Bộ Nội vụ", 190, 410, 158),
        ("BỘ TRƯỞNG BỘ NỘI VỤ", 220, 380, 190),
    ])
    assert doc.subject == "Về việc công bố thủ tục hành chính nội bộ được chuẩn hóa thuộc phạm vi quản lý của Bộ Nội vụ"
    plain = vndocx.extract_text("BỘ NỘI VỤ\nSố: 12/QĐ-BNV\n\nQUYẾT ĐỊNH\n:\nVề việc công bố thủ tục hành chính\n\n"
                                "BỘ TRƯỞNG BỘ NỘI VỤ\n\nCăn cứ Nghị định số 1/2026/NĐ-CP;\n")
    assert plain.subject == "Về việc công bố thủ tục hành chính"


def test_a_mark_stamped_across_the_subject_is_no_line_of_it() -> None:
    """A slanted "HỎA TỐC" in the left margin, level with the subject: its line sorts between the
    subject's lines, yet the subject reads whole and the mark is the document's urgency."""
    doc = _header_of("scan", 600, 14, [
        ("ỦY BAN NHÂN DÂN", 60, 200, 40), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 260, 560, 40),
        ("Số: 11/CT-UBND", 70, 190, 70), ("Lạc Sơn, ngày 24 tháng 7 năm 2026", 300, 520, 70),
        ("CHỈ THỊ", 270, 330, 110), ("Triển khai chiến dịch hỗ trợ chuyển đổi số", 150, 450, 126),
        ("HỎA TỐC", 10, 90, 135),
        ("tại các xã, phường trên địa bàn tỉnh", 190, 410, 142),
        ("Thực hiện mục tiêu phổ cập kỹ năng số cho cán bộ, công chức cấp xã, Chủ tịch", 100, 560, 190),
    ])
    assert doc.subject == "Triển khai chiến dịch hỗ trợ chuyển đổi số tại các xã, phường trên địa bàn tỉnh"
    assert doc.urgency == "Hỏa tốc"


@pytest.mark.parametrize(("line", "issuer"), [
    ("BỘ KHOA mg. VÀ CÔNG NGHỆ", "BỘ KHOA HỌC VÀ CÔNG NGHỆ"),  # OCR debris for a word: the listed ministry
    ("SỞ KHOA mg. VÀ CÔNG NGHỆ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),  # a Sở is no Bộ, however close the rest
    ("VIỆN KHOA mg. VÀ CÔNG NGHỆ", None),  # no listed body of that head word
    ("BỘ mg. VỤ", None),  # too short to tell
])
def test_an_issuer_line_ocr_damaged_reads_as_the_listed_body_it_is_close_to(line: str, issuer: str | None) -> None:
    """OCR merged the issuer and the national motto into one line and read a word of the issuer
    as lower-case debris: the line is no longer all capitals, yet plainly a listed ministry."""
    doc = _header_of("scan", 600, 14, [
        (f"{line} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 80, 560, 40), ("Độc lập - Tự do - Hạnh phúc", 310, 510, 56),
        ("Số: 12/QĐ-BKHCN", 70, 190, 80), ("Hà Nội, ngày 3 tháng 4 năm 2026", 300, 520, 80),
        ("QUYẾT ĐỊNH", 250, 350, 110), ("Về việc giao nhiệm vụ khoa học", 200, 400, 126),
    ])
    assert doc.issuer == issuer
    assert doc.number == "12"


def test_a_page_printed_on_the_right_of_the_sheet_keeps_its_two_closing_columns() -> None:
    """A last page scanned on the right half of a wider sheet: Nơi nhận on the left of the text's
    own frame, the signer on its right, though both stand right of the sheet's middle."""
    def line(text, x0, top):
        return Line(text=text, page=2, bbox=(x0, top, x0 + 150, top + 12))

    page = Page(number=2, kind="scan", width=1000, lines=[
        line("của Phòng Kinh tế (đính kèm) để trình Ủy ban nhân dân huyện ra quyết định.", 560, 50),
        line("Rất mong nhận được sự phản hồi của quý cơ quan./.", 580, 66),
        line("TRƯỞNG PHÒNG", 790, 90), line("Nơi nhận:", 575, 96),
        line("- Như trên;", 575, 110), line("- Lưu: VT.", 575, 124),
        line("Trần Văn Bình", 790, 160),
    ])
    rows = pages_to_rows([page])
    assert [round(r.x0, 2) for r in rows][:2] == [0.0, 0.05]
    doc = Document(source="t")
    parse_closing(rows, find_closing(rows, 0), doc)
    assert doc.distribution == ["Như trên", "Lưu: VT"]
    assert (doc.signer.title, doc.signer.name) == ("TRƯỞNG PHÒNG", "Trần Văn Bình")


def test_a_page_printed_on_the_left_half_of_a_landscape_sheet_is_measured_on_its_text() -> None:
    """Two pages scanned to landscape sheets, the first on the left half, the second on the right:
    a line that runs to the text's own right edge continues its paragraph, on to the next page."""
    first = ["Để dự thảo được hoàn chỉnh trước khi trình Ủy ban nhân dân huyện ký",
             "ban hành, Phòng Văn hóa đề nghị các cơ quan chuyên môn thuộc Ủy ban"]
    second = ["nhân dân huyện có ý kiến đóng góp đối với dự thảo nêu trên trong tuần này.",
              "Rất mong nhận được ý kiến của quý cơ quan./."]

    def sheet(number: int, texts: list[str], lefts: tuple[float, float], rights: tuple[float, float]) -> Page:
        return Page(number=number, kind="ocr", width=4961, height=3509, lines=[
            Line(text=t, page=number, bbox=(left, 400 + 60 * n, right, 440 + 60 * n))
            for n, (t, left, right) in enumerate(zip(texts, lefts, rights, strict=True))])

    pages = [sheet(1, first, (300, 300), (2240, 2245)), sheet(2, second, (2830, 2950), (4770, 3900))]
    assert join_rows(pages_to_rows(pages)) == [" ".join(first + second[:1]), second[1]]


def test_a_page_whose_text_starts_at_the_margin_is_measured_on_the_sheet() -> None:
    page = Page(number=1, kind="pdf", width=600, lines=[
        Line(text="Nội dung văn bản", page=1, bbox=(60, 50, 540, 62)),
        Line(text="GIÁM ĐỐC", page=1, bbox=(400, 90, 500, 102))])
    assert [r.x0 for r in pages_to_rows([page])] == [0.1, 400 / 600]


SYMBOLS = st.sampled_from(["TB-UBND", "KH-UBND", "BC-VPUBND", "VPUBND-PVHCC", "QĐ-UBND", "SXD-QLN", "CV-TGV"])
PLACES = st.sampled_from(["Hà Phong", "Lạc Sơn", "Hà Nội", "Buôn Ma Thuột", "Đắk Lắk", "Quy Nhơn"])


@given(number=st.integers(1, 9999), symbol=SYMBOLS, place=PLACES,
       day=st.dates(date(2000, 1, 1), date(2039, 12, 31)), pad=st.booleans(), gap=st.integers(1, 8))
def test_number_and_date_line_round_trip(number, symbol, place, day, pad, gap) -> None:
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    raw = f"{place}, ngày {d} tháng {m} năm {day.year}"
    text = f"SỞ NỘI VỤ{' ' * gap}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: {number}/{symbol}{' ' * gap}{raw}\n"
    h = Document(source="t")
    parse_header(pages_to_rows(text_to_pages(text + "\nTHÔNG BÁO\nVề việc thử\n")), h)
    assert (h.number, h.symbol, h.issuer) == (str(number), symbol, "SỞ NỘI VỤ")
    assert (h.place, h.date, h.date_raw) == (place, day.isoformat(), raw)


@given(blank_day=st.booleans(), blank_month=st.booleans(), filler=st.sampled_from([" ", "   ", " … ", "....", "__"]))
def test_blank_date_parts_give_null(blank_day, blank_month, filler) -> None:
    d = filler if blank_day else " 5 "
    m = filler if blank_month else " 11 "
    place, iso, raw, _ = parse_date_line(f"Lạc Sơn, ngày{d}tháng{m}năm 2025")
    assert place == "Lạc Sơn" and raw.startswith("Lạc Sơn, ngày")
    assert iso == (None if blank_day or blank_month else "2025-11-05")


@pytest.mark.parametrize(("line", "iso"), [
    ("Lạc Sơn, ngày II tháng 09 năm 2026", "2026-09-11"),  # two handwritten strokes read as letters
    ("Lạc Sơn, ngày 1Š tháng 3 năm 2026", "2026-03-15"),
    ("Lạc Sơn, ngày |O tháng 3 năm 2026", "2026-03-10"),  # a bare stroke as the day's tens
    ("Lạc Sơn, ngày 2| tháng 3 năm 2026", None),  # as units, the stem of a 1, a 4 or a 7
    ("Lạc Sơn, ngày 1B tháng 3 năm 2026", None),  # 18 or 13
    ("Lạc Sơn, ngày 1à tháng 3 năm 2026", None),
    ("Lạc Sơn, ngày 3S tháng 3 năm 2026", None),  # no such day
])
def test_a_day_written_in_strokes_ocr_read_as_letters(line: str, iso: str | None) -> None:
    _, got, raw, warnings = parse_date_line(line)
    assert got == iso and warnings
    assert raw == (None if iso is None else f"Lạc Sơn, ngày {int(iso[8:]):02d} tháng {line.split('tháng ')[1]}")


def test_invalid_date_is_null_with_warning() -> None:
    _, iso, _, warnings = parse_date_line("Lạc Sơn, ngày 31 tháng 02 năm 2026")
    assert iso is None and warnings


def test_fields_from_damaged_rows_carry_warnings() -> None:
    """Header rows that OCR read with low confidence, or whose diacritics were restored, make
    every header field filled from them carry a warning; a clean closing carries none."""
    pages = text_to_pages(LETTER)
    for line in pages[0].lines[:3]:
        line.conf = 41.0
    pages[0].lines[4].repaired = True
    seg = segment(pages)
    assert seg.document.number == "1629"
    doubtful = [w for w in seg.warnings if "damaged text" in w]
    assert any(w.startswith("number read from damaged text") and "OCR confidence 41/100" in w for w in doubtful)
    assert any(w.startswith("subject") and "diacritics restored" in w for w in doubtful)
    assert not any(w.startswith(("distribution", "signer")) for w in doubtful)
    assert not [w for w in segment(text_to_pages(LETTER)).warnings if "damaged text" in w]


def test_running_headers_page_numbers_and_scan_debris_leave_the_body() -> None:
    body = ["I. NHIỆM VỤ", "1. Sở Tài chính:", "- Bố trí kinh phí cho đợt tập huấn trước ngày 15/3/2026.",
            "- Tổng hợp dự toán của các xã, phường.", "2. Sở Nội vụ:", "- Cử cán bộ theo dõi, đôn đốc."]
    pages = []
    for n, chunk in enumerate([body[:2], body[2:4], body[4:]], start=1):
        pages.append("\n".join([f"KẾ HOẠCH TẬP HUẤN NĂM 2026 — trang {n}", *chunk, "~ y", str(n)]))
    seg = segment(text_to_pages("\f".join(pages)))
    texts = [p.text for p in seg.paragraphs]
    assert texts == body, texts


STAMPED = """UBND TỈNH HÀ PHONG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ CÔNG THƯƠNG Độc lập - Tự do - Hạnh phúc
ĐẾN Số: 14708 Ngày: 20/7/2026
Số:1629/SCT-QLTM Hà Phong, ngày15 tháng 4năm 2026
V/v báo cáo giá cả

Kính gửi: Sở Tài chính

Sở Công Thương đề nghị Sở Tài chính báo cáo trước ngày 20/4/2026./.

Nơi nhận:
- Như trên;
- Lưu: VT.
T/M. ỦY BAN NHÂN DÂN
KT.GIÁM ĐỐC
PHÓ GIÁM ĐỐC

Thượng tá Nguyễn Văn An
"""


def test_received_stamp_squeezed_spacing_and_rank_before_the_name() -> None:
    """A received-document stamp is not the number; "Số:1629", "ngày15", "4năm", "T/M.",
    "KT.GIÁM ĐỐC" and a rank before the name, as real documents print them."""
    seg = segment(text_to_pages(STAMPED))
    h = seg.document
    assert (h.number, h.symbol, h.date, h.doc_type) == ("1629", "SCT-QLTM", "2026-04-15", "Công văn")
    assert seg.document.signer.authority == ["TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"]
    assert (seg.document.signer.title, seg.document.signer.name) == ("PHÓ GIÁM ĐỐC", "Nguyễn Văn An")
    assert seg.document.distribution == ["Như trên", "Lưu: VT"]
    ocr_comma = segment(text_to_pages(STAMPED.replace("KT.GIÁM ĐỐC", "KT, GIÁM ĐỐC")))  # OCR reads the dot so
    assert ocr_comma.document.signer.authority == ["TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"]


@pytest.mark.parametrize(("title", "authority"), [
    ("PHÓ CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]),  # the "KT." line the seal took
    ("CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN"]),                       # the chair signs for the committee
])
def test_a_deputy_under_tm_signs_on_behalf_of_the_head(title: str, authority: list[str]) -> None:
    closing = STAMPED.replace("T/M. ỦY BAN NHÂN DÂN\nKT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", f"TM. ỦY BAN NHÂN DÂN\n{title}")
    document = segment(text_to_pages(closing)).document
    assert (document.signer.authority, document.signer.title) == (authority, title)


def test_ocr_damage_in_capitals_and_blank_date_is_mended() -> None:
    """What Tesseract does to a header and signature block: merged words and lost accents in
    capitals, a dash read in the blank day, a dash and a colon picked up around the subject."""
    text = """ỦY BANNHÂNDÂN
TỈNH HÀ PHONG
Số: _/KH-UBND                      Hà Phong, ngày - tháng 12 năm 2025

KE HOACH
Tổ chức Ngày hội chuyển đổi số
- năm 2026

Nhằm phổ biến kỹ năng số đến người dân, Ủy ban nhân dân tỉnh ban hành Kế hoạch này.

Nơi nhận:
- Lưu: VT.
                                   KT. CHU TICH
                                   PHO CHU TỊCH

                                   Ngô Văn Bình
"""
    seg = segment(text_to_pages(text))
    h = seg.document
    assert (h.issuer, h.doc_type, h.number, h.symbol) == ("ỦY BAN NHÂN DÂN TỈNH HÀ PHONG", "Kế hoạch", None, "KH-UBND")
    assert (h.date, h.date_raw) == (None, "Hà Phong, ngày tháng 12 năm 2025")
    assert h.subject == "Tổ chức Ngày hội chuyển đổi số năm 2026"
    assert (seg.document.signer.authority, seg.document.signer.title) == (["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH")
    assert any(w.startswith("doc_type read from damaged text (accents of capitals restored)") for w in seg.warnings)


@pytest.mark.parametrize(("printed", "mended"), [
    ("- Thường trực HĐND tỉnh (b/€);", "Thường trực HĐND tỉnh (b/c)"),
    ("- Sở Tài chính (để b/©);", "Sở Tài chính (để b/c)"),
    ("- Sở Xây dựng (t/€);", "Sở Xây dựng (t/€)"),  # t/h or t/d: left as printed
    ("- Bộ trưởng (để b/e);", "Bộ trưởng (để b/c)"),  # a letter OCR confuses with c
    ("- Giám đốc (đê b/c);", "Giám đốc (để b/c)"),  # accents garbled
    ("- Sở Tư pháp (b\u2044c);", "Sở Tư pháp (b/c)"),  # a fraction slash for the slash
    ("- Sở Nội vụ (b/x);", "Sở Nội vụ (b/x)"),  # a letter no OCR confusion explains
    ("- Kế hoạch số 12 (2025);", "Kế hoạch số 12 (2025)"),
])
def test_symbol_ocr_put_in_a_distribution_note_is_mended(printed: str, mended: str) -> None:
    """Small-type Nơi nhận notes read with a symbol for one letter get the standard note back,
    only where one note fits."""
    text = f"Nơi nhận:\n{printed}\n- Lưu: VT.\n                                   GIÁM ĐỐC\n\n                                   Lê Văn Tâm\n"
    assert segment(text_to_pages(text)).document.distribution == [mended, "Lưu: VT"]


@pytest.mark.parametrize("printed", ["- Luu: VT.", "- Lưu; VT.", "- Lưu, VT."])
def test_the_storage_line_read_with_its_accent_or_colon_lost_is_mended(printed: str) -> None:
    text = f"Nơi nhận:\n- Như trên;\n{printed}\n                                   GIÁM ĐỐC\n\n                                   Lê Văn Tâm\n"
    assert segment(text_to_pages(text)).document.distribution == ["Như trên", "Lưu: VT"]


DAMAGED_NUMBERS = """ỦY BAN NHÂN DÂN
TỈNH HÀ PHONG
Số: 90/KH-UBND
Hà Phong, ngày 12 tháng 3 năm 2026
KẾ HOẠCH
Triển khai phong trào thi đua năm 2026
I. MỤC ĐÍCH, YÊU CẦU
Phát động phong trào thi đua trong toàn tỉnh.
Il. NỘI DUNG
l. Phát động phong trào trong tháng 4 năm 2026.
2, Tuyên truyền trên báo, đài của tỉnh.
HI. TỔ CHỨC THỰC HIỆN
l. Sở Nội vụ hướng dẫn các đơn vị đăng ký thi đua
2, khoản 3 Điều 5 của Quy chế thi đua.
2, Sở Tài chính bố trí kinh phí khen thưởng.
"""


def test_section_numbers_damaged_by_ocr_are_read_by_their_sequence() -> None:
    seg = segment(text_to_pages(DAMAGED_NUMBERS))
    tree = [(s.number, [c.number for c in s.children]) for s in seg.document.sections]
    assert tree == [("I", []), ("II", ["1", "2"]), ("III", ["1", "2"])]
    # "2, khoản 3 …" continues a sentence that had not ended: left as text, not an item
    assert "2, khoản 3 Điều 5" in seg.document.sections[2].children[0].text
    assert any("'HI.' as 'III.'" in w for w in seg.warnings)


def test_a_point_letter_damaged_by_ocr_is_read_by_its_sequence() -> None:
    text = DAMAGED_NUMBERS.replace("2, Tuyên truyền trên báo, đài của tỉnh.\n", (
        "2, Tuyên truyền trên báo, đài của tỉnh:\na) Đăng tin trên báo tỉnh.\nb) Phát sóng trên đài tỉnh.\n"
        "c) Đăng trên cổng thông tin.\nd) Treo băng rôn.\nđ) In tờ rơi.\ne) Tổ chức hội thi.\n"
        "ø) Đẩy mạnh tuyên truyền trên mạng xã hội.\nø) Một dòng lạ.\n"))
    seg = segment(text_to_pages(text))
    points = [c.number for c in seg.document.sections[1].children[1].children]
    assert points == ["a", "b", "c", "d", "đ", "e", "g"]  # "ø)" after "g)" is no "h)": left as printed
    assert any("'ø)' as 'g)'" in w for w in seg.warnings)


def test_numbers_that_do_not_fit_the_sequence_are_left_alone() -> None:
    seg = segment(text_to_pages(DAMAGED_NUMBERS.replace("Il. NỘI DUNG", "Il. NỘI DUNG\n5, Mười chỉ tiêu.")))
    assert "5, Mười chỉ tiêu." in seg.document.sections[1].text


def test_topic_headings_take_the_kind_of_the_list_they_stand_in() -> None:
    text = """ỦY BAN NHÂN DÂN
TỈNH HÀ PHONG
Số: 03/CT-UBND
Hà Phong, ngày 12 tháng 3 năm 2026
CHỈ THỊ
Về tăng cường quản lý nhà nước năm 2026
Để hoàn thành kế hoạch năm 2026, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
1. Về công tác thanh tra, kiểm tra
Thanh tra tỉnh thực hiện kế hoạch thanh tra năm 2026.
2. Về công tác quản lý tài chính, đầu tư, thực hiện Chương trình mục tiêu
Sở Tài chính bảo đảm giải ngân vốn đầu tư công.
3. Về kết quả thực hiện năm 2025
Các chỉ tiêu đều đạt kế hoạch.
"""
    kinds = [(s.number, s.kind) for s in segment(text_to_pages(text)).document.sections if s.number]
    assert kinds == [("1", "tasks"), ("2", "tasks"), ("3", "results")]


def test_a_justified_docx_paragraph_does_not_continue_a_centred_subject() -> None:
    """In Word a centred subject paragraph and the justified body paragraph after it share a
    middle, but a paragraph holds its whole text: the body's first line is not the subject's."""
    doc = _header_of("docx", 1.0, 0.9, [
        ("ỦY BAN NHÂN DÂN TỈNH LẠC SƠN", 0.0, 0.5, 0), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0.5, 1.0, 0),
        ("Số: 12/KH-UBND", 0.0, 0.5, 1), ("Lạc Sơn, ngày 9 tháng 4 năm 2026", 0.5, 1.0, 1),
        ("KẾ HOẠCH", 0.2, 0.8, 2), ("Phòng cháy rừng mùa khô năm 2026", 0.2, 0.8, 3),
        ("Ủy ban nhân dân tỉnh ban hành Kế hoạch phòng cháy rừng như sau:", 0.0, 1.0, 4),
    ])
    assert doc.subject == "Phòng cháy rừng mùa khô năm 2026"


def _closing_of(lines: list[tuple[str, float, float]]) -> Document:
    """The closing fields parsed from one scanned page of (text, x0, top) lines."""
    page = Page(number=1, kind="scan", width=600, lines=[
        Line(text=t, page=1, bbox=(x0, top, x0 + 200, top + 12)) for t, x0, top in lines])
    rows = pages_to_rows([page])
    doc = Document(source="t")
    parse_closing(rows, find_closing(rows, 0), doc)
    return doc


@pytest.mark.parametrize(("printed", "title", "authority"), [
    ("VÃ GIÁ ĐÓC", "PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC"),  # "KT." read as two letters, a letter lost
    ("V^T , GIÁM ĐÓC ị can", "PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC"),  # specks of the signature after it
    ("KT, CHỦ TỊCH", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"),
    ("KT, BỘ TRƯỞNG", "THỨ TRƯỞNG", "KT. BỘ TRƯỞNG"),
])
def test_a_damaged_authority_line_over_a_deputy_reads_as_signing_for_the_head(
        printed: str, title: str, authority: str) -> None:
    """A deputy signs for the head: the line OCR damaged above "PHÓ GIÁM ĐỐC", set beside
    Nơi nhận, is "KT. GIÁM ĐỐC" and not a title."""
    doc = _closing_of([
        ("Đề nghị các đơn vị thực hiện nghiêm túc nội dung trên./.", 70, 40),
        (printed, 360, 70), ("Nơi nhận:", 70, 80), (title, 370, 90),
        ("- Như trên;", 70, 94), ("- Lưu: VT.", 70, 108), ("Lê Thị Hạnh", 380, 150),
    ])
    assert (doc.signer.authority, doc.signer.title, doc.signer.name) == ([authority], title, "Lê Thị Hạnh")
    assert doc.distribution == ["Như trên", "Lưu: VT"]


def test_a_head_title_over_a_title_that_is_not_a_deputy_stays_a_title() -> None:
    doc = _closing_of([
        ("Nơi nhận:", 70, 80), ("VÃ GIÁ ĐÓC", 360, 80), ("TRƯỞNG BAN", 370, 94),
        ("- Như trên;", 70, 94), ("Lê Thị Hạnh", 380, 150),
    ])
    assert (doc.signer.authority, doc.signer.title) == ([], "TRƯỞNG BAN")


def test_nơi_nhận_items_whose_dash_ocr_misread_or_lost_stand_apart() -> None:
    """"—= Ban …" is an item; after an item ending in ";" a capitalised line is the next item
    (its dash lost); a lower-case line after "," continues its item."""
    doc = _closing_of([
        ("Nơi nhận:", 70, 80), ("CHỦ TỊCH", 380, 80),
        ("- Như Điều 3;", 70, 94), ("—= Thường trực Tỉnh ủy;", 66, 108),
        ("Ban Dân tộc tỉnh;", 72, 122), ("- Văn phòng UBND tỉnh: CVP,", 70, 136),
        ("các PCVP;", 72, 150), ("- Lưu: VT.", 70, 164), ("Ngô Văn Tâm", 390, 190),
    ])
    assert doc.distribution == ["Như Điều 3", "Thường trực Tỉnh ủy", "Ban Dân tộc tỉnh",
                                "Văn phòng UBND tỉnh: CVP, các PCVP", "Lưu: VT"]
    assert doc.signer.name == "Ngô Văn Tâm"


def test_a_nơi_nhận_item_wrapped_below_the_signers_name_reads_whole() -> None:
    """A list longer than the signature block: its items below the name, and the lines they
    wrap onto, on the list's side."""
    doc = _closing_of([
        ("Nơi nhận:", 70, 80), ("GIÁM ĐỐC", 380, 80),
        ("- Như trên;", 70, 94), ("- Các Sở: Tài chính, Xây dựng,", 70, 108),
        ("Nội vụ, Y tế;", 72, 122), ("Phan Thị Lụa", 390, 124),
        ("- Văn phòng Sở: CVP,", 70, 136), ("các PCVP;", 72, 150), ("- Lưu: VT.", 70, 164),
    ])
    assert doc.distribution == ["Như trên", "Các Sở: Tài chính, Xây dựng, Nội vụ, Y tế",
                                "Văn phòng Sở: CVP, các PCVP", "Lưu: VT"]


def test_the_first_nơi_nhận_item_without_its_dash_is_kept_and_specks_are_not_an_item() -> None:
    """The list's first line reads as words: an item, its dash lost; specks there are none."""
    doc = _closing_of([
        ("Nơi nhận:", 70, 80), ("CHỦ TỊCH", 380, 80),
        ("Như Điều 3;", 72, 94), ("- Thường trực Tỉnh ủy;", 70, 108), ("- Lưu: VT.", 70, 122),
        ("Ngô Văn Tâm", 390, 150),
    ])
    assert doc.distribution == ["Như Điều 3", "Thường trực Tỉnh ủy", "Lưu: VT"]
    specks = _closing_of([
        ("Nơi nhận:", 70, 80), ("CHỦ TỊCH", 380, 80),
        ("V: are", 72, 94), ("- Lưu: VT.", 70, 108), ("Ngô Văn Tâm", 390, 150),
    ])
    assert specks.distribution == ["Lưu: VT"]


def test_a_nơi_nhận_item_ends_before_the_header_of_the_document_that_follows() -> None:
    assert mend_item("Lưu: VT, TH (2). ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == "Lưu: VT, TH (2)"
    assert mend_item("Lưu: VT, KGVX, TH") == "Lưu: VT, KGVX, TH"  # abbreviations parted by commas stay


@pytest.mark.parametrize(("item", "mended"), [
    ("Lưu: VT (HCTH).@@", "Lưu: VT (HCTH)"),  # specks after the storage line's full stop
    ("Lưu: VT, TCCB (2). 54 “2 So Tx N đu X3 „ Z= ¬", "Lưu: VT, TCCB (2)"),  # the seal's words read as text
    ("Lưu: VT, KGVX (02), TA. +", "Lưu: VT, KGVX (02), TA"),
    ("Lưu: VT, KHTC.Lan", "Lưu: VT, KHTC.Lan"),  # the drafter's initials stay
    ("Lưu: VT, TCCB. Hương (5b)", "Lưu: VT, TCCB. Hương (5b)"),
    ("Thủ tướng, £ các Phó Thủ tướng Chính phủ", "Thủ tướng, các Phó Thủ tướng Chính phủ"),  # a speck, no word
    ("Đài PT &TH, Phòng QT - TV", "Đài PT &TH, Phòng QT - TV"),
])
def test_specks_in_a_nơi_nhận_item_are_left_out(item: str, mended: str) -> None:
    assert mend_item(item) == mended


def test_specks_beside_the_seal_are_no_title_over_the_one_read() -> None:
    doc = _closing_of([
        ("Đề nghị các đơn vị thực hiện nghiêm túc nội dung trên./.", 70, 40),
        ("CHÁNH VĂN PHÒNG", 380, 70), ("Nơi nhận:", 70, 80), ("- Như trên;", 70, 94),
        ("PT ,", 400, 100), ("- Lưu: VT.", 70, 108), ("Lê Thị Hạnh", 380, 150),
    ])
    assert (doc.signer.title, doc.signer.name) == ("CHÁNH VĂN PHÒNG", "Lê Thị Hạnh")


def test_an_article_ends_the_subject_of_a_decision_printed_without_its_preamble() -> None:
    """A decision copied without "QUYẾT ĐỊNH:" (body only): "Điều 1." opens the body, however short."""
    doc = vndocx.extract_text("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch đào tạo\n\nĐiều 1. Ban hành kèm theo Quyết định "
                              "này Kế hoạch.\nĐiều 2. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này./.\n")
    assert doc.subject == "Về việc ban hành Kế hoạch đào tạo"
    assert [t.owner for t in doc.tasks] == ["Chánh Văn phòng"]


def test_a_note_dated_above_its_signature_takes_the_place_and_date_from_there() -> None:
    """A cover page without the place-and-date line; the note dates itself above the signature."""
    text = ("ỦY BAN NHÂN DÂN TỈNH HÀ PHONG\nSỞ HẠ TẦNG SỐ\n\nTHUYẾT MINH\nDỰ ÁN NÂNG CẤP CỔNG DỊCH VỤ CÔNG TỈNH\n\n"
            "1. THÔNG TIN CHUNG\nTên dự án: nâng cấp Cổng dịch vụ công tỉnh Hà Phong.\n"
            "2. NỘI DUNG\nNâng cấp hạ tầng máy chủ và phần mềm của Cổng.\n\n"
            "                                   Hà Phong, ngày      tháng 06 năm 2026\n"
            "                                   GIÁM ĐỐC\n\n                                   Lê Văn Tâm\n")
    doc = segment(text_to_pages(text)).document
    assert (doc.place, doc.date, doc.date_raw) == ("Hà Phong", None, "Hà Phong, ngày tháng 06 năm 2026")
    body_only = "Ngày 12 tháng 3 năm 2026, Sở Hạ tầng số họp giao ban.\nSở giao Phòng Kế hoạch rà soát hồ sơ.\n"
    assert segment(text_to_pages(body_only)).document.date_raw is None  # a meeting's date is no date line


def test_joint_issuers_joined_by_a_dash_are_both_the_issuer() -> None:
    text = ("BỘ HẠ TẦNG SỐ -                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "BỘ NỘI VỤ                          Độc lập - Tự do - Hạnh phúc\n"
            "Số: 05/2026/TTLT-BHTS-BNV          Hà Nội, ngày 06 tháng 01 năm 2026\n\n"
            "THÔNG TƯ LIÊN TỊCH\nQuy định về lưu trữ số\n\nĐiều 1. Phạm vi điều chỉnh.\n")
    doc = segment(text_to_pages(text)).document
    assert (doc.parent_issuer, doc.issuer) == (None, "BỘ HẠ TẦNG SỐ; BỘ NỘI VỤ")


def test_a_subject_printed_in_capitals_goes_on_in_capitals_but_not_into_the_authority() -> None:
    cover = vndocx.extract_text("\n".join([
        "ỦY BAN NHÂN DÂN TỈNH LẠC SƠN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "", "THUYẾT MINH",
        "CHỦ TRƯƠNG ĐẦU TƯ DỰ ÁN", "NÂNG CẤP HỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ", "", "",
        "Lạc Sơn, tháng 5-2026", "I. SỰ CẦN THIẾT ĐẦU TƯ", "Hệ thống hiện nay đã xuống cấp."]))
    assert cover.subject == "CHỦ TRƯƠNG ĐẦU TƯ DỰ ÁN NÂNG CẤP HỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ"
    decision = vndocx.extract_text("\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH LẠC SƠN", "Số: 214/QĐ-UBND", "Lạc Sơn, ngày 9 tháng 4 năm 2026", "",
        "QUYẾT ĐỊNH", "VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH CHUYỂN ĐỔI SỐ", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠC SƠN",
        "Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT ĐỊNH:", "Điều 1. Phê duyệt Kế hoạch."]))
    assert decision.subject == "VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH CHUYỂN ĐỔI SỐ"
