"""Issue 14, accuracy on real text: restoration adapts to the readings the text itself uses (a
cache model), for texts long enough to tell, re-choosing only the tokens the adaptation favours."""

from __future__ import annotations

import numpy as np
import pytest

from vndocx.lang.syllables import strip
from vndocx.repair import decode as decode_module
from vndocx.repair import restore, restore_diacritics
from vndocx.repair import restorer as restorer_module
from vndocx.repair.lm import load
from vndocx.repair.restorer import _Lattice

# A week's schedule of a fictional province: "họp" is said plainly four times ("cuộc họp",
# "phòng họp", "dự họp"), then at the start of an item where the gazette's "hợp" would win.
SCHEDULE = strip(
    "Thứ Hai: Chủ trì cuộc họp giao ban tại phòng họp số 2, lắng nghe ý kiến các sở.\n"
    "Thứ Ba: Dự họp trực tuyến với Bộ; cuộc họp kết thúc lúc 17 giờ.\n"
    "Thứ Tư: Chủ trì cuộc họp Thường trực tại phòng họp số 1, nghe ý kiến các ban.\n"
    "Thứ Năm: Họp nghe báo cáo tiến độ dự án đường ven sông.")


def test_the_text_own_readings_decide_a_doubtful_one(monkeypatch: pytest.MonkeyPatch) -> None:
    last = restore_diacritics(SCHEDULE).split("\n")[-1]
    assert last.startswith("Thứ Năm: Họp nghe báo cáo")
    monkeypatch.setattr(restorer_module, "ADAPT_WEIGHT", 0.0)
    without = restore_diacritics(SCHEDULE).split("\n")[-1]
    assert not without.startswith("Thứ Năm: Họp nghe")  # the corpus alone reads it otherwise


def test_adaptation_needs_a_spelling_seen_often() -> None:
    line = strip("Họp nghe báo cáo tiến độ dự án")
    lat = _Lattice(line, None)
    cand, emit = lat.arrays()
    lm = load()
    choice = decode_module.decode(lm, cand, emit, lat.lengths)
    chosen = cand[np.arange(len(cand)), choice]
    assert restorer_module._adaptation(lm, cand, emit, chosen, lat.edit_rows) is None


def test_a_short_text_is_not_adapted(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = restorer_module._adaptation
    monkeypatch.setattr(restorer_module, "_adaptation", lambda *a: calls.append(1) or real(*a))
    restore_diacritics("Thu Nam: Hop nghe bao cao tien do du an duong ven song.")
    assert not calls
    restore_diacritics(SCHEDULE)
    assert calls


def test_adapted_short_and_long_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    small = restore(SCHEDULE)
    monkeypatch.setattr(decode_module, "SMALL_NGRAMS", -1)
    big = restore(SCHEDULE)
    assert small.text == big.text


def test_only_the_favoured_readings_are_scored_again() -> None:
    # the grouped re-choice (only readings the bias favours, in groups of like width) chooses what
    # scoring every reading of those tokens chooses
    lm = load()
    lat = _Lattice(SCHEDULE, None)
    cand, emit = lat.arrays()
    choice = decode_module.decode(lm, cand, emit, lat.lengths)
    chosen = cand[np.arange(len(cand)), choice]
    bias = restorer_module._adaptation(lm, cand, emit, chosen, lat.edit_rows)
    assert bias is not None
    adapted = emit + bias
    got = restorer_module._adapt_choice(lm, cand, adapted, lat.lengths, choice, bias)
    rows = np.arange(len(cand))
    gain = np.flatnonzero(bias.max(axis=1) > bias[rows, choice] + restorer_module.ADAPT_GAIN)
    assert len(gain) and not np.array_equal(got, choice)
    full = restorer_module._alternatives(lm, cand, adapted, chosen, lat.lengths, gain).argmax(axis=1)
    assert np.array_equal(got[gain], full)


def test_each_item_of_a_list_is_adapted_to_itself() -> None:
    # the schedule adapted alone, and as one item of a list beside texts that read "hợp" (which
    # would outvote its "họp" if the list were one text)
    others = [strip("Sở Tài chính phối hợp với Sở Nội vụ, hợp nhất hồ sơ, tổng hợp kết quả hợp lệ "
                    "của các hợp tác xã; Ban Quản lý phối hợp tổng hợp, hợp đồng thuê, hợp tác.")] * 3
    items = [*others, SCHEDULE, "Hop nghe bao cao"]
    got = restore_diacritics(items)
    assert got == [restore_diacritics(t) for t in items]
    assert got[3].split("\n")[-1].startswith("Thứ Năm: Họp nghe báo cáo")
