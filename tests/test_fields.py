"""Header and closing values that OCR turned to debris are left empty, with a warning."""

from __future__ import annotations

import pytest

from vndocx.extraction.fields import clean_header, readable_name, readable_person
from vndocx.records import Document, Signer


@pytest.mark.parametrize(("text", "ok"), [
    ("ỦY BAN NHÂN DÂN TỈNH LẠC SƠN", True), ("SỞ KH&CN", True), ("UBND TỈNH LẠC SƠN", True),
    ("BAN CHỈ HUY PCTT VÀ TKCN TỈNH LẠC SƠN", True),
    ("#46 /TB-VPCP", False), ("| HỎA TỐC: |", False), ("CÔNG VĂN ĐẾN", False), ("CÔNG VĂN ĐEN", False),
    ("Số: 12/UBND", False), ("ÿþ ĐXÉ ÁƒÂ QŨỲ", False), ("", False),
])
def test_readable_name(text: str, ok: bool) -> None:
    assert readable_name(text) is ok


@pytest.mark.parametrize(("text", "ok"), [
    ("Trịnh Quốc Bảo", True), ("Lò Thị Hạnh", True), ("Keuyễn Khắc Lịch", False), ("Địa điểm", False),
    ("NĂM 2023", False), ("Bảo", False), ("Nguyễn Văn An (đã ký)", False),
])
def test_readable_person(text: str, ok: bool) -> None:
    assert readable_person(text) is ok


def test_debris_is_nulled_with_a_warning_and_clean_values_kept() -> None:
    doc = Document(source="t", issuer="BỘ GIÁO DỤC VÀ ĐÀO TẠO ˆ", parent_issuer="| HỎA TỐC: |", place="Lạc Sơn",
                   signer=Signer(name="Keuyễn Khắc Lịch", title="2 UY NN", authority=["KT. GIÁM ĐỐC"]))
    warnings: list[str] = []
    clean_header(doc, warnings)
    assert doc.issuer == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"
    assert doc.parent_issuer is None and doc.place == "Lạc Sơn"
    assert doc.signer == Signer(name=None, title=None, authority=["KT. GIÁM ĐỐC"])
    assert len(warnings) == 3 and all("unreadable" in w for w in warnings)


def test_a_signer_left_with_nothing_is_null() -> None:
    doc = Document(source="t", signer=Signer(name="Địa điểm", title="LAN P"))
    clean_header(doc, [])
    assert doc.signer is None


@pytest.mark.parametrize(("raw", "kept"), [
    ("An Phú, ngày 1Š tháng 01 năm 2023", False), ("Lạc Sơn, ngày 42 tháng 12 năm 2025", False),
    ("Lạc Sơn, ngày     tháng 9 năm 2025", True), ("Lạc Sơn, ngày 07 tháng 9 năm 2025", True),
])
def test_a_date_line_with_an_unreadable_day_is_left_empty(raw: str, kept: bool) -> None:
    doc = Document(source="t", date_raw=raw, date=None)
    warnings: list[str] = []
    clean_header(doc, warnings)
    assert (doc.date_raw == raw) is kept and bool(warnings) is not kept
