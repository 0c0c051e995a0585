"""Issue 14: restoration of short inputs by the one-call search, lists restored in one call,
lines beyond OCR repair left alone, and the model found inside the package."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np
import pytest

from vndocx.lang.syllables import strip
from vndocx.repair import decode as decode_module
from vndocx.repair import repair_text, restore, restore_diacritics
from vndocx.repair.decode import viterbi, viterbi_small
from vndocx.repair.lm import load
from vndocx.repair.paths import model_dir, packaged_model_dir
from vndocx.repair.restorer import _Lattice

from conftest import ROOT

LINES = [
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và địa phương triển khai thực hiện nghiêm túc kế hoạch này.",
    "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan tham mưu bố trí kinh phí thực hiện.",
    "Báo cáo kết quả thực hiện về Văn phòng Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 năm 2025.",
    "Kính gửi: Sở Khoa học và Công nghệ; Sở Nội vụ; Ủy ban nhân dân các xã, phường",
    "Đề nghị Thủ trưởng các cơ quan, đơn vị quan tâm chỉ đạo thực hiện,",
    "Công an tỉnh chủ động nắm tình hình, bảo đảm an ninh trật tự",
    "",
    "Số: 15/KH-UBND",
]


def test_small_search_is_the_batched_search() -> None:
    lm = load()
    for line in LINES:
        lat = _Lattice(strip(line), None)
        if not lat.edits:
            continue
        cand, emit = lat.arrays()
        assert np.array_equal(viterbi_small(lm, cand, emit, lat.lengths), viterbi(lm, cand, emit, lat.lengths))


def test_the_short_searchs_4gram_tables_are_the_models_scores() -> None:
    lm = load()
    if lm.order != 4:
        pytest.skip(f"the model here is of order {lm.order}")
    for line in LINES:
        lat = _Lattice(strip(line), None)
        if not lat.edits:
            continue
        cand, emit = lat.arrays()
        widths = np.maximum((emit > decode_module._LIVE).sum(axis=1), 1)
        rows, w = decode_module._small_blocks(widths, lat.lengths, 4)
        ext = np.concatenate([cand, np.zeros((2, cand.shape[1]), dtype=cand.dtype)])
        ext[-1, 0], ext[-2, 0] = lm.bos, lm.eos
        _, _, _, cols = decode_module._combos(ext, rows, w)
        assert np.array_equal(decode_module._fourgram_scores(lm, ext, rows, w), lm.score(cols[:-1], cols[-1]))


def test_short_and_long_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    text = strip("\n".join(LINES))
    small = restore(text)
    monkeypatch.setattr(decode_module, "SMALL_NGRAMS", -1)
    big = restore(text)
    assert small.text == big.text
    for a, b in zip(small.syllables, big.syllables, strict=True):
        assert [t for t, _ in a.alternatives] == [t for t, _ in b.alternatives]
        assert np.allclose([p for _, p in a.alternatives], [p for _, p in b.alternatives], atol=1e-4)


def test_a_list_is_restored_in_one_call() -> None:
    stripped = [strip(line) for line in LINES]
    got = restore_diacritics(stripped)
    assert isinstance(got, list) and len(got) == len(stripped)
    assert got == [restore_diacritics(line) for line in stripped]  # no line is context for another
    assert got[-1] == "Số: 15/KH-UBND" and got[-2] == ""
    assert restore_diacritics(iter(["Ket qua"])) == ["Kết quả"]
    assert restore_diacritics([]) == []
    assert restore_diacritics(["a\u2029b", "Ket qua"]) == ["a\u2029b", "Kết quả"]
    with pytest.raises(TypeError):
        restore_diacritics([1, 2])  # type: ignore[list-item]


def test_short_line_is_fast() -> None:
    line = strip("kết quả thực hiện nhiệm vụ chuyển đổi số của các sở ban ngành trên địa bàn tỉnh trong năm")
    restore_diacritics(line)
    times = []
    for _ in range(30):
        t = time.perf_counter()
        restore_diacritics(line)
        times.append(time.perf_counter() - t)
    # the target is 2 ms (benchmarks/repair.py measures it); a shared test machine gets slack
    assert statistics.median(times) < 0.01


def test_lines_beyond_ocr_repair_are_left_with_a_warning() -> None:
    text = "\n".join([
        "S6: 15/KH-UBND Lac Son, ngay 03 thdang 11 nam 2025",
        "ffi ~~ Ww4 lIl1 rnm jjq Xz7q",
        "V/v két qua thuc hién ké hoach chuyén d6i s6",
    ])
    out, warnings = repair_text(text)
    lines = out.split("\n")
    assert lines[0] == "Số: 15/KH-UBND Lạc Sơn, ngày 03 tháng 11 năm 2025"
    assert lines[1] == "ffi ~~ Ww4 lIl1 rnm jjq Xz7q"
    assert lines[2] == "V/v kết quả thực hiện kế hoạch chuyển đổi số"
    assert any(w.startswith("1 line beyond repair left as they were") and w.endswith("lines 2") for w in warnings)


def test_model_is_found_inside_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    packaged = packaged_model_dir()
    assert packaged is not None and (packaged / "provenance.json").exists()
    assert packaged.resolve() == (ROOT / "models" / "restore").resolve()
    monkeypatch.delenv("VNDOCX_MODEL_DIR", raising=False)
    assert model_dir() == packaged
    monkeypatch.setenv("VNDOCX_MODEL_DIR", str(tmp_path))
    assert model_dir() == tmp_path
