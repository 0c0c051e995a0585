"""Issue 14, accuracy on real text: the 4-gram model's one-call search scores what the model
scores, and restoration adapts to the readings the text itself uses (a cache model)."""

from __future__ import annotations

import numpy as np
import pytest

from vndocx.lang.syllables import strip
from vndocx.repair import decode as decode_module
from vndocx.repair import restore, restore_diacritics
from vndocx.repair import restorer as restorer_module
from vndocx.repair.decode import _enumerate, _fourgram_scores, _small_blocks, viterbi, viterbi_small
from vndocx.repair.lm import load
from vndocx.repair.restorer import _Lattice

# A week's schedule of a fictional province: "họp" is said plainly four times ("cuộc họp",
# "phòng họp", "dự họp"), then at the start of an item where the gazette's "hợp" would win.
SCHEDULE = strip(
    "Thứ Hai: Chủ trì cuộc họp giao ban tại phòng họp số 2, lắng nghe ý kiến các sở.\n"
    "Thứ Ba: Dự họp trực tuyến với Bộ; cuộc họp kết thúc lúc 17 giờ.\n"
    "Thứ Tư: Chủ trì cuộc họp Thường trực tại phòng họp số 1, nghe ý kiến các ban.\n"
    "Thứ Năm: Họp nghe báo cáo tiến độ dự án đường ven sông.")

SENTENCES = [
    "Ủy ban nhân dân tỉnh Hòa Vang giao Sở Xây dựng chủ trì, phối hợp với các sở, ngành liên quan.",
    "Chiều thứ Sáu, đồng chí Phó Chủ tịch nghe báo cáo kết quả thu ngân sách quý III.",
    "Số: 27/TB-VP, ngày 3 tháng 4 năm 2026",
]


def test_model_is_a_pruned_four_gram() -> None:
    lm = load()
    assert lm.order == 4
    assert lm.meta["pruning"]["order4"].startswith("n-grams seen fewer than 2 times")


def test_four_gram_tables_are_the_model_scores() -> None:
    lm = load()
    for line in SENTENCES:
        lat = _Lattice(strip(line), None)
        cand, emit = lat.arrays()
        widths = np.maximum((emit > decode_module.NEG / 2).sum(axis=1), 1)
        rows, w = _small_blocks(widths, lat.lengths, 4)
        ext = np.concatenate([cand, np.zeros((2, cand.shape[1]), dtype=cand.dtype)])
        ext[-1, 0], ext[-2, 0] = lm.bos, lm.eos
        _, block, idx = _enumerate(w)
        cols = [ext[rows[block, i], idx[i]] for i in range(4)]
        want = lm.score(cols[:-1], cols[-1])
        got = _fourgram_scores(lm, ext, rows, w)
        assert got.shape == want.shape and np.allclose(got, want, atol=1e-4)


def test_four_gram_small_search_is_the_batched_search() -> None:
    lm = load()
    for line in [*SENTENCES, SCHEDULE]:
        lat = _Lattice(strip(line), None)
        cand, emit = lat.arrays()
        assert np.array_equal(viterbi_small(lm, cand, emit, lat.lengths), viterbi(lm, cand, emit, lat.lengths))


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


def test_adapted_short_and_long_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    small = restore(SCHEDULE)
    monkeypatch.setattr(decode_module, "SMALL_NGRAMS", -1)
    big = restore(SCHEDULE)
    assert small.text == big.text
