"""Where a body's name ends: lower-case parts after a comma, a list's class after the name,
a number ("số 2"), and the rest of a long name whose marks OCR damaged."""

from __future__ import annotations

import pytest

from vndocx.extraction.owners import Gazetteer

G = Gazetteer.default()


@pytest.mark.parametrize(("text", "names"), [
    # lower-case parts after a comma belong to the name up to the verb, the next body or the clause's end
    ("Cục Lưu trữ, bảo tồn và số hóa tư liệu chủ trì", ["Cục Lưu trữ, bảo tồn và số hóa tư liệu"]),
    ("với Cục Lưu trữ, bảo tồn và số hóa tư liệu, Vụ Pháp chế", ["Cục Lưu trữ, bảo tồn và số hóa tư liệu", "Vụ Pháp chế"]),
    ("Sở Y tế, đơn vị liên quan", ["Sở Y tế"]),                      # a class noun is no part of it
    ("Sở Tài chính, hướng dẫn các xã", ["Sở Tài chính"]),              # nor a verb
    # a class after the name ends it
    ("Vụ Kế hoạch số và các cơ quan, đơn vị liên quan", ["Vụ Kế hoạch số"]),
    # a number
    ("Ban Quản lý dự án số 2 báo cáo", ["Ban Quản lý dự án số 2"]),
    ("Tổ công tác số 03: làm việc với các xã", ["Tổ công tác số 03"]),
    # kinds whose names go on in lower case, up to the verb
    ("Hội đồng khoa học huyện phối hợp với Công đoàn huyện", ["Hội đồng khoa học huyện", "Công đoàn huyện"]),
    ("Văn phòng đăng ký đất đai chủ trì", ["Văn phòng đăng ký đất đai"]),
    ("Hội đồng xét duyệt sáng kiến tổng kết phong trào", ["Hội đồng xét duyệt sáng kiến"]),
    # but not a head word that begins a verb or another noun
    ("Tổ chức tập huấn, phối hợp với Sở Nội vụ", ["Sở Nội vụ"]),
    ("Ban hành quy chế, chủ trì kiểm tra", []),
    # an abbreviated head word; the levels of a class
    ("HĐ Khoa học Sở tổ chức xét duyệt", ["HĐ Khoa học Sở"]),
    ("Ủy ban nhân dân các cấp có trách nhiệm chỉ đạo", ["Ủy ban nhân dân các cấp"]),
])
def test_where_a_name_ends(text, names):
    assert [printed for _, printed in G.find(text)] == names


def test_the_rest_of_a_long_name_whose_marks_ocr_damaged():
    ((_, printed),) = G.find("Sở Văn hoá, Thẻ thao và Du lich phối hợp thực hiện")
    assert printed == "Sở Văn hoá, Thẻ thao và Du lich"
    assert G.canonical(printed) == ("Sở Văn hóa, Thể thao và Du lịch", True)
    # two bodies in a list stay two
    assert [p for _, p in G.find("Công an tỉnh và Sở Tư pháp")] == ["Công an tỉnh", "Sở Tư pháp"]
