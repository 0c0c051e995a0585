"""vndocx.lang: the Vietnamese text helpers and the word lists every stage shares."""

from __future__ import annotations

import re

import pytest

from vndocx.lang import rule_tables
from vndocx.lang.patterns import alternation, anchor_regex, token_trie_regex
from vndocx.lang.text import fold_accents, fold_space, key, modern_tones, old_tones, strip_accents


def test_folding_and_accents() -> None:
    assert fold_space(" Sở  Xây dựng\ttỉnh\nHòa Phong ") == "Sở Xây dựng tỉnh Hòa Phong"
    assert strip_accents("Đắk Thạnh, Quảng Đông") == "Dak Thanh, Quang Dong"
    folded = fold_accents("ỦY BAN NHÂN DÂN XÃ ĐỒNG LẠC")
    assert folded == "UY BAN NHAN DAN XA DONG LAC" and len(folded) == len("ỦY BAN NHÂN DÂN XÃ ĐỒNG LẠC")
    assert modern_tones("Uỷ ban Hoà Bình, quý") == "Ủy ban Hòa Bình, quý"
    assert old_tones("hóa") == "hoá" and old_tones("hoá") == "hoá"
    assert key("Sở  Văn hoá – Thể thao") == key("sở văn hóa - thể thao")


def test_alternation_prefers_the_longest_and_spans_any_whitespace() -> None:
    pattern = re.compile(alternation(["Sở", "Sở Nội vụ", "Ban"]))
    assert pattern.match("Sở  Nội\nvụ tỉnh").group() == "Sở  Nội\nvụ"
    assert re.compile(alternation(["xã"], "i")).fullmatch("XÃ")
    assert re.compile(alternation([])).search("anything") is None


def test_token_trie_matches_either_tone_placement() -> None:
    trie = re.compile(token_trie_regex(["Trung tâm Văn hóa", "Trung tâm Y tế"]), re.I)
    assert trie.fullmatch("Trung  tâm văn hoá")
    assert trie.fullmatch("TRUNG TÂM Y TẾ")
    assert not trie.fullmatch("Trung tâm")
    assert re.compile(token_trie_regex([])).search("x") is None


def test_anchor_regex_finds_whole_words_only() -> None:
    anchor = anchor_regex(["trước", "trong", "hạn"])
    assert [m.group() for m in anchor.finditer("Hoàn thành trước ngày; trongsuốt; Hạn chót")] == ["trước", "Hạn"]


def test_units_statuses_and_clause_words_load() -> None:
    units = rule_tables.load_units()
    assert {u.word for u in units if u.level == "province"} == {"tỉnh", "thành phố"}
    assert "xã" in {u.word for u in units if u.is_class} and "tỉnh" not in {u.word for u in units if u.is_class}
    statuses = rule_tables.load_statuses()
    assert statuses["Hoàn thành"] and not statuses["Quá hạn"]
    words = rule_tables.load_clause_words()
    assert "chủ trì" in words["predicate"] and "của" in words["function"]


@pytest.mark.parametrize(("loader", "row", "file"), [
    ("load_units", ["xã", "village"], "units"),
    ("load_statuses", ["Hoàn thành", "done"], "statuses"),
    ("load_clause_words", ["noun", "Sở"], "clause_words"),
])
def test_table_errors_name_the_file_and_line(monkeypatch, loader: str, row: list[str], file: str) -> None:
    monkeypatch.setattr(rule_tables, "_table", lambda name: [(4, row)])
    with pytest.raises(ValueError, match=rf"{file}\.tsv, line 4"):
        getattr(rule_tables, loader).__wrapped__()


def test_the_capital_and_small_letter_classes_hold_their_case_only() -> None:
    from vndocx.lang.syllables import CAPITAL, SMALL

    capitals, smalls = "AĐÂĂÊÔƠƯẾỒỮỴ", "ađâăêôơưếồữỵ"
    assert all(re.fullmatch(CAPITAL, c) for c in capitals) and not any(re.fullmatch(CAPITAL, c) for c in smalls)
    assert all(re.fullmatch(SMALL, c) for c in smalls) and not any(re.fullmatch(SMALL, c) for c in capitals)
    assert re.fullmatch("[A-ZĐÀ-Ỹ]", "đ")  # why: the range idiom takes small letters too
