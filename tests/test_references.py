"""References: citations of other documents parsed into type, number, symbol, date and issuer."""

from __future__ import annotations

import pytest

from vndocx.extraction.references import find_references


def _refs(text: str, **kwargs) -> list[tuple]:
    return [(r.doc_type, r.number, r.symbol, r.date, r.issuer) for r in find_references(text, **kwargs)]


@pytest.mark.parametrize(("text", "want"), [
    ("Thực hiện Công văn số 08/CV-TGV ngày 24 tháng 11 năm 2025, Sở Nội vụ báo cáo như sau",
     ("Công văn", "08", "CV-TGV", "2025-11-24", None)),
    ("theo Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về phát triển",
     ("Nghị quyết", "57", "NQ/TW", "2024-12-22", "Bộ Chính trị")),
    ("Căn cứ Kế hoạch số 105/KH-UBND ngày 27/10/2025 của UBND tỉnh Lạc Sơn;",
     ("Kế hoạch", "105", "KH-UBND", "2025-10-27", "Ủy ban nhân dân tỉnh")),
    ("nội dung nêu tại Thông báo số 35-TB/TGV.", ("Thông báo", "35", "TB/TGV", None, None)),
    ("Quyết định số 1234/QĐ-UBND của Chủ tịch", ("Quyết định", "1234", "QĐ-UBND", None, None)),
    ("Nghị định số 158/2025/NĐ-CP ngày 25/6/2025 của Chính phủ",
     ("Nghị định", "158", "2025/NĐ-CP", "2025-06-25", "Chính phủ")),
    ("Quyết định số 88/QĐ-TTg ngày 5/1/2026 của Thủ tướng Chính phủ",
     ("Quyết định", "88", "QĐ-TTg", "2026-01-05", "Thủ tướng Chính phủ")),
    ("thực hiện Nghị quyết 57-NQ/TW trên địa bàn", ("Nghị quyết", "57", "NQ/TW", None, None)),
    ("Thông báo kết luận số 15/TB-VPUBND ngày 04/7/2025", ("Thông báo", "15", "TB-VPUBND", "2025-07-04", None)),
    ("Luật Đất đai số 31/2024/QH15 quy định", ("Luật", "31", "2024/QH15", None, None)),
    ("QĐ số 12/QĐ-UBND", ("Quyết định", "12", "QĐ-UBND", None, None)),
    ("Nghị quyết số 66.7/2025/NQ-CP của Chính phủ", ("Nghị quyết", "66.7", "2025/NQ-CP", None, "Chính phủ")),
    ("Kế hoạch số     /KH-UBND ngày    tháng 12 năm 2025", ("Kế hoạch", None, "KH-UBND", None, None)),
    ("tại Quyết định số 1029/QĐ-\nUBND ngày 05 tháng 8 năm 2025 của Ủy ban nhân dân tỉnh và",
     ("Quyết định", "1029", "QĐ-UBND", "2025-08-05", "Ủy ban nhân dân tỉnh")),
    ("Kế hoạch số 22-KH/TU của Tỉnh ủy ngày 03/3/2025", ("Kế hoạch", "22", "KH/TU", "2025-03-03", "Tỉnh ủy")),
    ("Văn bản số 217/SKHCN-CĐS ngày 25/7/2025", ("Văn bản", "217", "SKHCN-CĐS", "2025-07-25", None)),
])
def test_citation_forms(text: str, want: tuple) -> None:
    assert _refs(text) == [want]


def test_raw_is_the_citation_as_printed() -> None:
    refs = find_references("tại Quyết định số 1029/QĐ-\nUBND ngày 05 tháng 8 năm 2025 của Ủy ban nhân dân tỉnh và")
    assert refs[0].raw == "Quyết định số 1029/QĐ-UBND ngày 05 tháng 8 năm 2025 của Ủy ban nhân dân tỉnh"


def test_several_citations_and_lists_of_numbers() -> None:
    text = ("Triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Kế hoạch số 02-KH/BCĐTW "
            "của Ban Chỉ đạo Trung ương và các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND của UBND tỉnh.")
    assert _refs(text) == [
        ("Nghị quyết", "57", "NQ/TW", "2024-12-22", "Bộ Chính trị"),
        ("Kế hoạch", "02", "KH/BCĐTW", None, "Ban Chỉ đạo Trung ương"),
        ("Quyết định", "12", "QĐ-UBND", None, None),
        ("Quyết định", "13", "QĐ-UBND", None, "Ủy ban nhân dân tỉnh"),
    ]


def test_each_document_once_and_short_forms_merge() -> None:
    text = ("Thực hiện Thông báo số 215/TB-VP (sau đây gọi là Thông báo số 215), các đơn vị báo cáo. "
            "Đối chiếu Thông báo số 215/TB-VP ngày 14/10/2025 của Văn phòng UBND tỉnh thì còn chậm.")
    refs = find_references(text)
    assert [(r.number, r.symbol) for r in refs] == [("215", "TB-VP")]
    assert refs[0].date == "2025-10-14" and refs[0].issuer == "Văn phòng Ủy ban nhân dân tỉnh"  # filled in later
    assert refs[0].raw == "Thông báo số 215/TB-VP"


def test_own_number_left_out() -> None:
    text = "(Kèm theo Công văn số 1629/VP-KGVX ngày 28/11/2025 của Văn phòng UBND tỉnh) theo Kế hoạch số 7/KH-UBND"
    assert _refs(text, own=("1629", "VP-KGVX")) == [("Kế hoạch", "7", "KH-UBND", None, None)]
    assert len(_refs(text)) == 2


@pytest.mark.parametrize("text", [
    "Phòng Tài chính - Kế hoạch chủ trì",
    "Báo cáo số liệu về tình hình thực hiện",
    "Kế hoạch năm 2026 của Sở",
    "đạt 24/38 xã theo kế hoạch",
    "Quyết định này có hiệu lực kể từ ngày ký.",
])
def test_no_citation(text: str) -> None:
    assert find_references(text) == []
