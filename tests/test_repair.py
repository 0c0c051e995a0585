"""The repair stage: normalisation (NFC, legacy encodings, glyph errors), diacritics restoration,
OCR repair, where the pipeline restores, and the shipped model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import vndocx
from vndocx.lang.syllables import canonical, has_diacritics, is_syllable, strip
from vndocx.repair import diff, normalize, repair_text, restore, restore_diacritics
from vndocx.repair.legacy import ENCODINGS, decode, encode
from vndocx.repair.lines import line_stats
from vndocx.repair.lm import load, model_dir

from conftest import ROOT, need_shared

# Sentences written for these tests in the register of the documents vndocx reads.
SENTENCES = [
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và địa phương triển khai thực hiện nghiêm túc kế hoạch này.",
    "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan tham mưu bố trí kinh phí thực hiện.",
    "Báo cáo kết quả thực hiện về Văn phòng Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 năm 2025.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời phản ánh để được hướng dẫn.",
    "Tổ chức hội nghị tập huấn về chuyển đổi số cho cán bộ, công chức cấp xã.",
    "Kết quả giải quyết thủ tục hành chính trên địa bàn tỉnh đạt tỷ lệ đúng hạn cao.",
    "Đề nghị Thủ trưởng các cơ quan, đơn vị quan tâm chỉ đạo thực hiện.",
    "Công an tỉnh chủ động nắm tình hình, bảo đảm an ninh trật tự trong thời gian diễn ra hội nghị.",
]


@lru_cache(maxsize=1)
def common_syllables() -> list[str]:
    """Syllables the model saw at least 2000 times (realistic words for generated text)."""
    lm = load()
    counts = np.asarray(lm.unigram_count)
    return [w for i, w in enumerate(lm.vocab) if counts[i] >= 2000 and is_syllable(w)]


def sentence(min_size: int = 1, max_size: int = 12, marked_only: bool = False) -> st.SearchStrategy[str]:
    pool = [s for s in common_syllables() if has_diacritics(s)] if marked_only else common_syllables()
    words = st.lists(st.sampled_from(pool), min_size=min_size, max_size=max_size)
    cased = st.tuples(words, st.sampled_from(["lower", "title", "upper"]))
    return cased.map(lambda wc: " ".join(w.upper() if wc[1] == "upper" else w.capitalize() if wc[1] == "title"
                                         else w for w in wc[0]))


def accuracy(want: str, got: str) -> float:
    a, b = want.split(), got.split()
    assert len(a) == len(b)
    return sum(canonical(x) == canonical(y) for x, y in zip(a, b, strict=True)) / len(a)


# -- syllables --------------------------------------------------------------------------------

def test_syllable_spelling() -> None:
    assert strip("Nghị quyết số 57 của Bộ Chính trị") == "Nghi quyet so 57 cua Bo Chinh tri"
    assert has_diacritics("đi") and not has_diacritics("di")
    assert canonical("hoà") == "hòa" and canonical("THUỶ") == "THỦY" and canonical("Khoẻ") == "Khỏe"
    assert canonical("quý") == "quý" and canonical("giữ") == "giữ" and canonical("người") == "người"
    for word in ["hoà", "hòa", "thuỷ", "quyết", "giếng", "gìn", "khuya", "nghiêng", "oái", "quỳnh"]:
        assert is_syllable(word), word
    for word in ["tiéng", "hoc", "ngh", "viéc", "clo", "s6", "thdang"]:
        assert not is_syllable(word), word


# -- normalisation ----------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(sentence(), st.lists(st.booleans(), min_size=12, max_size=12))
def test_normalize_composes_mixed_forms(text: str, decompose: list[bool]) -> None:
    words = text.split()
    mixed = " ".join(unicodedata.normalize("NFD", w) if d else w for w, d in zip(words, decompose, strict=False))
    assert normalize(mixed) == text


@pytest.mark.parametrize("name", ENCODINGS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=sentence(min_size=4, marked_only=True))
def test_legacy_round_trip(name: str, text: str) -> None:
    if name == "tcvn3":  # its capitals live in separate fonts: test the lowercase text
        text = text.lower()
    mojibake = encode(text, name)
    # Detectable text: some word of the mojibake is no Vietnamese word ("gồm trị" in VNI reads
    # "goàm trò", two valid spellings, and stays as it is).
    assume(not all(is_syllable(w) or w.isascii() for w in mojibake.split()))
    # Ambiguous text: the same bytes read as other valid Vietnamese in another encoding ("biªn" is
    # TCVN3 "biên" and VISCII "biến"); the normaliser picks the likelier reading, either may be meant.
    assume(not any(
        (other := decode(mojibake, o)) != text and all(is_syllable(w) or w.isascii() for w in other.split())
        for o in ENCODINGS if o != name))
    assert normalize(mojibake) == text


def test_legacy_examples() -> None:
    assert normalize("TiÕng ViÖt") == "Tiếng Việt"  # TCVN3
    assert normalize("Tieáng Vieät") == "Tiếng Việt"  # VNI
    assert normalize(encode("Quyết định số 12/QĐ-UBND của Ủy ban", "viscii")) == "Quyết định số 12/QĐ-UBND của Ủy ban"
    # the capital font of TCVN3 (.VnTimeH) writes capitals with the lowercase bytes
    heading = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert normalize(encode(heading, "tcvn3")) == heading
    # symbols that legacy tables use, in text that is not legacy-encoded, stay
    for text in ["kích thước 2×3 m, 5 µm", "5 µm", "© Bản quyền", "Giá 5¢"]:
        assert normalize(text) == text


def test_glyph_substitutions() -> None:
    assert normalize("VĂN PHÕNG") == "VĂN PHÒNG"  # a PDF font maps Ò to Õ
    assert normalize("NGÕ HẺM") == "NGÕ HẺM"  # a real Õ stays
    assert normalize("Trƣờng Đại học") == "Trường Đại học"
    assert normalize("Bộ ВСТ") == "Bộ BCT"  # Cyrillic look-alikes among Latin letters
    assert normalize("Москва") == "Москва"  # Cyrillic text stays Cyrillic
    assert normalize("Công ngh¢") == "Công nghe"  # an OCR symbol inside a word: the bare letter
    # a symbol's hyphen OCR read as a colon; a colon elsewhere stays
    assert normalize("theo Quyết định số 2855/QĐ:UBND ngày 3/10") == "theo Quyết định số 2855/QĐ-UBND ngày 3/10"
    assert normalize("Số: 12/KH:UBND, lúc 7:30 ngày 1/2: A") == "Số: 12/KH-UBND, lúc 7:30 ngày 1/2: A"


@settings(max_examples=100, deadline=None)
@given(sentence(), st.sampled_from(["", ".", ",", ":", " 2025", " (UBND)", ";"]))
def test_normalize_keeps_correct_text(text: str, tail: str) -> None:
    assert normalize(text + tail) == text + tail


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


# -- restoration ------------------------------------------------------------------------------

def test_restores_stripped_sentences() -> None:
    got = [restore_diacritics(strip(s)) for s in SENTENCES]
    assert sum(accuracy(s, g) for s, g in zip(SENTENCES, got, strict=True)) / len(SENTENCES) >= 0.95
    assert got[2] == SENTENCES[2]
    assert restore_diacritics("Ket qua thuc hien Nghi quyet so 57-NQ/TW cua Bo Chinh tri") == (
        "Kết quả thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị")
    assert restore_diacritics("CONG HOA XA HOI CHU NGHIA VIET NAM") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_leaves_codes_abbreviations_numbers() -> None:
    text = "UBND, TTHC va VNPT; ma 470_TBKL_NQ57, van ban 57-NQ/TW, 2.213 ho so, email abc@gialai.gov.vn"
    out = restore_diacritics(text)
    for keep in ["UBND", "TTHC", "VNPT", "470_TBKL_NQ57", "57-NQ/TW", "2.213", "abc@gialai.gov.vn"]:
        assert keep in out
    assert out.startswith("UBND, TTHC và VNPT; mã")


@settings(max_examples=40, deadline=None)
@given(st.lists(sentence(min_size=1, max_size=10, marked_only=True), min_size=1, max_size=5))
def test_clean_text_passes_through(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert restore_diacritics(text) == text
    assert repair_text(text) == (text, [])


def test_restore_result_alternatives() -> None:
    result = restore("Kinh gui So Khoa hoc va Cong nghe")
    assert result.text == "Kính gửi Sở Khoa học và Công nghệ"
    assert [s.original for s in result.syllables][:3] == ["Kinh", "gui", "So"]
    for syl in result.syllables:
        probs = [p for _, p in syl.alternatives]
        assert probs == sorted(probs, reverse=True)
        assert 0.99 < sum(probs) < 1.01
        assert syl.alternatives[0][0] == syl.text
    so = next(s for s in result.syllables if s.original == "So")
    assert {"Sở", "Số"} <= {text for text, _ in so.alternatives}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(sentence(max_size=8).map(strip), st.just(""), st.just("  "), st.just("- 3. (a)")),
                max_size=8))
def test_repair_text_keeps_line_count(lines: list[str]) -> None:
    text = "\n".join(lines)
    out, warnings = repair_text(text)
    assert out.count("\n") == text.count("\n")
    assert [strip(line).lower() for line in out.split("\n")] == text.lower().split("\n")
    assert all(isinstance(w, str) for w in warnings)


def test_repair_text_restores_only_the_lines_that_need_it() -> None:
    clean = SENTENCES[:4]
    stripped_line = strip(SENTENCES[5])
    text = "\n".join([*clean, stripped_line, SENTENCES[6]])
    out, warnings = repair_text(text)
    lines = out.split("\n")
    assert lines[:4] == clean and lines[5] == SENTENCES[6]
    assert accuracy(SENTENCES[5], lines[4]) >= 0.9
    assert warnings and "diacritics restored on 1 of 6 lines" in warnings[0]


def test_repairs_ocr_damage() -> None:
    # what Tesseract without Vietnamese data makes of a typed header
    text = "\n".join([
        "UY BAN NHAN DAN TINH CONG HOA XA HOI CHU NGHIA VIET NAM",
        "S6: 15/KH-UBND Lac Son, ngay 03 thdang 11 nam 2025",
        "V/v két qua thuc hién ké hoach chuyén d6i s6",
        "Kinh gui: Cac s&, ban, nganh ciia tinh",
    ])
    out, warnings = repair_text(text)
    lines = out.split("\n")
    assert lines[0] == "ỦY BAN NHÂN DÂN TỈNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lines[1] == "Số: 15/KH-UBND Lạc Sơn, ngày 03 tháng 11 năm 2025"
    assert lines[2] == "V/v kết quả thực hiện kế hoạch chuyển đổi số"
    assert lines[3].startswith("Kính gửi: Các") and lines[3].endswith("ngành của tỉnh")
    assert warnings and warnings[0].startswith("OCR misreadings repaired")


def test_seed_001_header_improved() -> None:
    seeds = need_shared("seeds")
    (path,) = seeds.glob("001_*.txt")
    lines = [normalize(line) for line in path.read_text(encoding="utf-8").split("\n")]
    out, warnings = repair_text("\n".join(lines))
    fixed = out.split("\n")
    assert len(fixed) == len(lines)
    header = next(line for line in fixed if "/VPUBND-PVHCC" in line)
    assert header.startswith("Số: 981") and header.endswith("Gia Lai, ngày 29 tháng 11 năm 2025")
    assert any(line.startswith("Kính gửi:") and line.endswith("Khoa học và Công nghệ") for line in fixed)

    def share(ls: list[str]) -> float:
        stats = [line_stats(line) for line in ls]
        return sum(s.marked for s in stats) / sum(s.words for s in stats)

    assert share(lines) < 0.1 < 0.7 < share(fixed)
    assert warnings


def test_diff_marks_changed_words() -> None:
    before = "Ket qua\nkhông đổi\nthuc hien"
    after = "Kết quả\nkhông đổi\nthực hiện"
    assert diff(before, after) == "\n".join([
        "line 1: Ket → Kết, qua → quả", "- Ket qua", "+ Kết quả",
        "line 3: thuc → thực, hien → hiện", "- thuc hien", "+ thực hiện",
    ])
    assert diff("a\nb", "a\nb") == ""


def test_pipeline_restores_and_warns() -> None:
    doc = vndocx.extract_text("\n".join(strip(s) for s in SENTENCES))
    assert "Ủy ban nhân dân tỉnh" in doc.text
    assert any("diacritics restored" in w for w in doc.warnings)
    clean = vndocx.extract_text("\n".join(SENTENCES))
    assert SENTENCES[0] in clean.text
    assert not any("diacritics restored" in w for w in clean.warnings)


def test_ocr_of_rendered_text_is_repaired() -> None:
    import shutil

    from rapidfuzz.distance import Levenshtein

    from conftest import need_font

    need_font()
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (scripts/setup.sh installs it)")
    from training.ocr_render import ocr_text

    pairs = [(a, b) for a, b in ocr_text(SENTENCES[:4], "eng") if b is not None]
    assert pairs
    read = [b for _, b in pairs]
    fixed = repair_text("\n".join(read))[0].split("\n")
    before = sum(Levenshtein.distance(a, b) for (a, _), b in zip(pairs, read, strict=True))
    after = sum(Levenshtein.distance(a, b) for (a, _), b in zip(pairs, fixed, strict=True))
    assert after < 0.3 * before


# -- the model --------------------------------------------------------------------------------

def test_language_model_distributions_sum_to_one() -> None:
    lm = load()
    words = np.arange(len(lm.vocab))
    for ctx in [("cộng", "hòa"), ("<s>", "<s>"), ("của", "chính")]:
        ids = np.array([[lm.index[c] for c in ctx]] * len(words))
        logp = lm.score(ids, words)
        logp[lm.bos] = -np.inf  # the start symbol is never predicted
        assert abs(np.exp(logp.astype(np.float64)).sum() - 1) < 0.01
    best = lm.score(np.array([[lm.index["cộng"], lm.index["hòa"]]] * 3),
                    np.array([lm.index[w] for w in ("xã", "xa", "xả")]))
    assert int(np.argmax(best)) == 0


def test_model_files_and_provenance() -> None:
    folder = model_dir()
    meta = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    assert meta["order"] >= 3 and meta["heldout_documents"] and meta["date"] and meta["corpus"]
    assert meta["training_syllables"] > 1_000_000
    assert sum(p.stat().st_size for p in folder.iterdir()) <= 30 * 2**20
    # statistics, not text: the text files hold one token per line
    for path in folder.glob("*.txt"):
        assert all(" " not in line for line in path.read_text(encoding="utf-8").split("\n")), path


def test_import_stays_light() -> None:
    code = ("import sys, vndocx; from vndocx.repair import normalize; normalize('Tiếng Việt'); "
            "normalize('Tie\u0302\u0301ng Vie\u0323\u0302t'); normalize('VĂN PHÕNG'); print('numpy' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"


def test_training_cleans_the_corpus() -> None:
    from training.restore_model import clean_lines, phrases

    text = "CÔNG BÁO/Số 12/Ngày 01-01-2025\nKý bởi: Cơ quan A\nCơ quan: B\n12\nĐiều 1. Phạm vi điều chỉnh\n"
    assert clean_lines(text) == ["Điều 1. Phạm vi điều chỉnh"]
    runs = list(phrases(["Điều 1. Phạm vi, Điều chỉnh UBND"]))
    assert runs == [[("điều", "-"), ("<num>", "-")],
                    [("phạm", "-"), ("vi", "l"), ("<comma>", "-"), ("điều", "t"), ("chỉnh", "l"), ("=ubnd", "u")]]


def test_trainer_reads_the_shared_corpus_by_default() -> None:
    # `make model` passes no --corpus: the default must be ../shared/corpus/congbao of this checkout
    from training.restore_model import DEFAULT_CORPUS

    assert ROOT.parent / "shared" / "corpus" / "congbao" == DEFAULT_CORPUS


def test_shipped_model_is_found() -> None:
    assert (model_dir() / "vocab.txt").exists(), f"{model_dir()}: run python -m training.restore_model"
    assert Path(model_dir()).resolve().is_relative_to(ROOT) or os.environ.get("VNDOCX_MODEL_DIR")
