"""Abbreviations a document uses for bodies it names in full elsewhere, on texts written here:
defined in a parenthesis, or spelled by the initials of exactly one body name of the text; and
an owner printed abbreviated in a plan's table written out."""

from __future__ import annotations

import vndocx
from vndocx.extraction.abbreviations import defined_abbreviations, document_abbreviations
from vndocx.extraction.owners import Gazetteer

G = Gazetteer.default()


def _found(text: str) -> dict[str, str]:
    return document_abbreviations(text, G.known_abbreviations(), G.is_whole_name)


def test_a_definition_in_a_parenthesis_is_read_only_when_the_initials_spell_it() -> None:
    text = ("Kiện toàn Hội đồng Thi đua - Khen thưởng (HĐTĐKT) của Sở và Ban Chỉ đạo cải cách hành chính "
            "(sau đây gọi tắt là BCĐCCHC); Sở Khoa học và Công nghệ (KH&CN); kế hoạch năm 2026 (KH2026); "
            "Trung tâm Phục vụ hành chính công (TT).")
    assert defined_abbreviations(text) == {
        "HĐTĐKT": "Hội đồng Thi đua - Khen thưởng", "BCĐCCHC": "Ban Chỉ đạo cải cách hành chính",
        "KH&CN": "Khoa học và Công nghệ"}


def test_an_abbreviation_one_body_name_of_the_text_spells_is_written_out() -> None:
    text = ("Giao Ban Quản lý dự án Giao thông chủ trì. Hội đồng Thi đua – Khen thưởng tỉnh họp; "
            "hội đồng thi đua khen thưởng các cấp.\n| BQLDAGT | HĐTĐKT |")
    assert _found(text) == {"BQLDAGT": "Ban Quản lý dự án Giao thông", "HĐTĐKT": "Hội đồng Thi đua – Khen thưởng"}


def test_an_abbreviation_left_alone_when_ambiguous_cut_short_or_no_body() -> None:
    assert _found("Phòng Tài chính và Phòng Tư pháp báo cáo. | PT |") == {}  # two names spell it
    assert _found("Sở Thông tin và Truyền thông chủ trì. | STT | Nội dung |") == {}  # "và" goes on
    assert _found("Ủy ban nhân dân tỉnh. | UBN |") == {}  # inside a pair of a known name
    assert _found("Chuyển đổi số toàn diện. | CĐSTD |") == {}  # spelled, but no body's name


def test_a_name_part_abbreviated_after_its_kind_is_written_out() -> None:
    """"phòng QLĐT" where the text names "Phòng Quản lý - Đô thị": the part after the kind word."""
    text = "2. Phòng Quản lý - Đô thị chủ trì tổ chức tọa đàm.\n| Tọa đàm | Văn phòng; phòng QLĐT | 7/2026 |"
    assert _found(text) == {"QLĐT": "Quản lý - Đô thị"}
    assert _found("Quản lý - Đô thị của tỉnh. | QLĐT |") == {}  # no kind printed before it


def test_an_owner_printed_abbreviated_in_a_plan_table_is_written_out() -> None:
    text = """SỞ NỘI VỤ TỈNH LẠC SƠN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                   Độc lập - Tự do - Hạnh phúc
Số: 14/KH-SNV                      Lạc Sơn, ngày 10 tháng 01 năm 2026

KẾ HOẠCH
Tổ chức phong trào thi đua năm 2026

Hội đồng Thi đua - Khen thưởng Sở và Văn phòng Sở triển khai Kế hoạch như sau:

| STT | Nội dung | Đơn vị chủ trì | Thời gian |
|---|---|---|---|
| 1 | Phát động phong trào thi đua năm 2026 | HĐTĐKT | Tháng 01/2026 |
| 2 | Tổng kết phong trào thi đua năm 2026 | HĐTĐKT | Tháng 12/2026 |

Nơi nhận:
- Lưu: VT.
                                   GIÁM ĐỐC

                                   Phạm Thu Trang
"""
    tasks = vndocx.extract_text(text, source="kh").tasks
    assert [t.owner for t in tasks] == ["Hội đồng Thi đua - Khen thưởng"] * 2
