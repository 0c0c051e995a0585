"""Issue 14: locality names from the list beside the model (vietnam-provinces), given to runs of
Capitalised words after their kind or before the date of a place-and-date line, and only there."""

from __future__ import annotations

import pytest

from vndocx.repair import restore_diacritics
from vndocx.repair import restorer as restorer_module
from vndocx.repair.lm import load
from vndocx.repair.places import places, read_places


def test_a_ward_after_its_kind_is_restored_as_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Ong Nguyen Van Son, Chu tich UBND xa Van Son, du hop."
    assert restore_diacritics(text) == "Ông Nguyễn Văn Sơn, Chủ tịch UBND xã Vân Sơn, dự họp."
    monkeypatch.setattr(restorer_module, "PLACE_NAMES", False)
    assert "xã Vân Sơn" not in restore_diacritics(text)  # the gazette alone reads "Văn Sơn"


def test_the_place_of_a_place_and_date_line(monkeypatch: pytest.MonkeyPatch) -> None:
    for text, want in (("Cam Le, ngay 12 thang 3 nam 2026", "Cẩm Lệ, ngày 12 tháng 3 năm 2026"),
                       ("Ngu Hanh Son, ngay 5 thang 6 nam 2026", "Ngũ Hành Sơn, ngày 5 tháng 6 năm 2026")):
        assert restore_diacritics(text) == want
        monkeypatch.setattr(restorer_module, "PLACE_NAMES", False)
        assert restore_diacritics(text) != want
        monkeypatch.undo()


def test_a_person_named_like_a_place_is_left_to_the_model() -> None:
    # "Văn Sơn" spells the ward "Vân Sơn" too, but no kind word comes before it
    assert restore_diacritics("Ong Nguyen Van Son phat bieu") == "Ông Nguyễn Văn Sơn phát biểu"


def test_the_list_keeps_both_names_that_share_letters() -> None:
    lm = load()
    table = read_places(lm, ["xuan hoa\tXuân Hòa", "xuan hoa\tXuân Hoa", "a\tA", "zz qq\tZz Qq"])
    n, ids = table.match(["Xuan", "Hoa", "Moi"])
    assert n == 2 and [lm.vocab[i] for i in ids[0]] == ["xuân"]
    assert sorted(lm.vocab[i] for i in ids[1]) == ["hoa", "hòa"]
    assert table.match(["Zz", "Qq"]) is None  # words outside the vocabulary: left out
    assert table.match(["Xuan"]) is None  # one word is no name


def test_the_shipped_model_has_the_list() -> None:
    table = places()
    assert table is not None and len(table.names) > 2000


def test_the_shipped_list_is_what_the_trainer_writes() -> None:
    from training.restore_model import place_names

    from vndocx.repair.paths import model_dir

    names = place_names()
    shipped = (model_dir() / "places.tsv").read_text(encoding="utf-8").splitlines()
    assert names == shipped
    # two words or more: one Capitalised word alone is no evidence of a place
    assert all(len(name.split()) >= 2 and len(key.split()) == len(name.split())
               for key, _, name in (line.partition("\t") for line in names))
