"""Localities from the ``vietnam-provinces`` package: communes, wards and provinces after the
2025 merger read after a body, OCR-damaged or unmarked spellings put back, numbered wards kept whole."""

from __future__ import annotations

import pytest

from vndocx.extraction import localities
from vndocx.extraction.owners import Gazetteer

G = Gazetteer.default()


def test_the_package_lists_the_merged_country():
    assert len(localities.provinces()) == 34
    assert "Lâm Đồng" in localities.provinces()
    # 3,321 units; a name several provinces share is one spelling here
    assert 2900 < sum(len(names) for names in localities.wards().values()) <= 3321
    assert set(localities.wards()) == {"xã", "phường", "đặc khu"}


@pytest.mark.parametrize(("unit", "printed", "spelling"), [
    ("xã", "Đam Rông 3", "Đam Rông 3"),      # as printed
    ("xã", "Dam Rong 3", "Đam Rông 3"),      # marks lost
    ("phường", "Móng Cái 2", "Móng Cái 2"),
    ("xã", "Đam Rông 7", None),              # a number the package does not have: not another ward
    ("xã", "Núi Chưa Đặt Tên", None),        # no such commune
    ("xã", "Đam Ròng 3", "Đam Rông 3"),      # "Ròng": a mark damaged
    ("xã", "Vĩnh Trường", None),             # a former commune, well spelt: not "Vĩnh Tường", a letter off
])
def test_ward_spelling(unit, printed, spelling):
    assert localities.ward_spelling(unit, printed) == spelling


@pytest.mark.parametrize(("sentence", "owner"), [
    ("Giao UBND xã Dam Rong 3 chủ trì thực hiện.", "Ủy ban nhân dân xã Đam Rông 3"),
    ("Ủy ban nhân dân phường Móng Cái 2 báo cáo kết quả.", "Ủy ban nhân dân phường Móng Cái 2"),
    ("Sở Tài chính tỉnh Lâm Đông phối hợp thực hiện.", "Sở Tài chính tỉnh Lâm Đồng"),  # OCR: "Đông"
    ("Công an thành phố Ha Noi chủ trì.", "Công an thành phố Hà Nội"),
])
def test_a_body_with_its_locality_resolves(sentence, owner):
    (_, printed), *_ = G.find(sentence)
    assert G.canonical(printed) == (owner, True)


def test_a_year_after_a_ward_is_not_its_number():
    (_, printed), *_ = G.find("UBND phường Móng Cái 2 hoàn thành trong năm 2026.")
    assert printed == "UBND phường Móng Cái 2"
    (_, printed), *_ = G.find("UBND xã Đam Rông 3/2026")
    assert printed == "UBND xã Đam Rông"


def test_capitalised_words_after_tinh_that_are_no_province_stay_out():
    (_, printed), *_ = G.find("Ủy ban nhân dân tỉnh Thông báo kết luận")
    assert printed == "Ủy ban nhân dân tỉnh"
