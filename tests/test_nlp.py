"""The spaCy bridge: tokenizer, sentence starts, ORG/DEADLINE/DATE entities, Doc._.tasks, displacy."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

import vndocx.nlp  # noqa: E402

NOTICE = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LẠC SƠN                       Độc lập - Tự do - Hạnh phúc
Số: 52/TB-UBND                     Lạc Sơn, ngày 10 tháng 11 năm 2025

THÔNG BÁO
Kết luận về tiến độ chuyển đổi số

Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
1. Sở KH&CN chủ trì, phối hợp với Sở Tài chính rà soát thiết bị, báo cáo trước ngày 05/12.
2. Văn phòng UBND tỉnh tổng hợp số hồ sơ trễ hạn định kỳ sáng thứ Hai hằng tuần.

Nơi nhận:
- Lưu: VT.
                                   CHỦ TỊCH

                                   Đinh Quốc Huy
"""


@pytest.fixture(scope="module")
def nlp():
    """The pipeline without ``vndocx_tasks``: entities need no document stages."""
    return vndocx.nlp.load(tasks=False)


@pytest.fixture(scope="module")
def full_nlp():
    return vndocx.nlp.load(disable=["restore"])  # typed text: no diacritics to restore


def test_tokens_keep_dates_symbols_and_abbreviations(nlp) -> None:
    doc = nlp.make_doc("Sở KH&CN (theo Kế hoạch số 105/KH-UBND) báo cáo trước ngày 30/10/2025, đạt 78,4%.")
    words = [t.text for t in doc]
    assert words == ["Sở", "KH&CN", "(", "theo", "Kế", "hoạch", "số", "105/KH-UBND", ")", "báo", "cáo", "trước",
                     "ngày", "30/10/2025", ",", "đạt", "78,4", "%", "."]
    assert doc.text == "Sở KH&CN (theo Kế hoạch số 105/KH-UBND) báo cáo trước ngày 30/10/2025, đạt 78,4%."


def test_text_is_kept_exactly(nlp) -> None:
    text = "Dòng một.\n\n  - Dòng   hai\tcó khoảng trắng.  "
    assert nlp.make_doc(text).text == text


def test_entities_on_a_sentence(nlp) -> None:
    doc = nlp("Sở KH&CN chủ trì, phối hợp với UBND các xã, phường báo cáo trước ngày 30/10/2025 "
              "theo Kế hoạch số 105/KH-UBND ngày 27/10/2025.")
    ents = [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    assert ents == [
        ("Sở KH&CN", "ORG", "Sở Khoa học và Công nghệ"),
        ("UBND các xã, phường", "ORG", "Ủy ban nhân dân các xã, phường"),
        ("trước ngày 30/10/2025", "DEADLINE", "2025-10-30"),
        ("ngày 27/10/2025", "DATE", "2025-10-27"),
    ]
    deadline = doc.ents[2]._.deadline
    assert deadline.kind == "by" and deadline.raw == "trước ngày 30/10/2025"
    # the date inside the deadline is kept in the span group, which may overlap
    assert ("ngày 30/10/2025", "DATE") in [(s.text, s.label_) for s in doc.spans["vndocx"]]


def test_recurring_deadline_and_sentences(nlp) -> None:
    doc = nlp("Văn phòng Ủy ban nhân dân tỉnh tổng hợp định kỳ sáng thứ Hai hằng tuần. TS. Lê Văn An báo cáo.\n"
              "- Công an tỉnh hoàn thành trong quý I/2026.")
    labels = [(e.text, e.label_) for e in doc.ents]
    assert ("định kỳ sáng thứ Hai hằng tuần", "DEADLINE") in labels
    assert ("trong quý I/2026", "DEADLINE") in labels
    assert ("Công an tỉnh", "ORG") in labels
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Văn phòng Ủy ban nhân dân tỉnh tổng hợp định kỳ sáng thứ Hai hằng tuần.",
                         "TS. Lê Văn An báo cáo.", "- Công an tỉnh hoàn thành trong quý I/2026."]


def test_tasks_and_the_document_date(full_nlp) -> None:
    assert full_nlp.pipe_names == ["vndocx_sentences", "vndocx_tasks", "vndocx_entities"]
    doc = full_nlp(NOTICE)
    assert doc._.document.number == "52"
    tasks = doc._.tasks
    assert [t.owner for t in tasks] == ["Sở Khoa học và Công nghệ", "Văn phòng Ủy ban nhân dân tỉnh"]
    assert tasks[0].co_owners == ["Sở Tài chính"]
    # "trước ngày 05/12" takes its year from the document's date
    [deadline] = [e for e in doc.ents if e.label_ == "DEADLINE" and "05/12" in e.text]
    assert deadline.kb_id_ == "2025-12-05"


def test_displacy_renders(nlp) -> None:
    doc = nlp("Sở Tài chính báo cáo trước ngày 30/10/2025.")
    html = spacy.displacy.render(doc, style="ent", options=vndocx.nlp.DISPLACY_OPTIONS)
    assert "Sở Tài chính" in html and "DEADLINE" in html and "ORG" in html


def test_word_tokens_with_underthesea() -> None:
    nlp = vndocx.nlp.load(words=True, tasks=False)
    doc = nlp("Sở Tài chính chủ trì, báo cáo trước ngày 30/10/2025.")
    words = [t.text for t in doc]
    assert "chủ trì" in words and "30/10/2025" in words
    assert [(e.text, e.label_) for e in doc.ents] == [("Sở Tài chính", "ORG"), ("trước ngày 30/10/2025", "DEADLINE")]
    assert doc._.tasks is None


def test_pipeline_saves_and_loads(full_nlp, tmp_path) -> None:
    full_nlp.to_disk(tmp_path / "vi")
    again = spacy.load(tmp_path / "vi")
    assert again.pipe_names == full_nlp.pipe_names
    doc = again("Công an tỉnh báo cáo hằng quý.", disable=["vndocx_tasks"])
    assert [(e.text, e.label_) for e in doc.ents] == [("Công an tỉnh", "ORG"), ("hằng quý", "DEADLINE")]
