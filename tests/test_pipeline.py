"""The Pipeline object: stages can be turned off and swapped, and each stage's output is
what the next one reads."""

from __future__ import annotations

import pytest

import vndocx
from vndocx.pipeline import Context, Pipeline

TEXT = """SỞ TƯ PHÁP                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                   Độc lập - Tự do - Hạnh phúc
Số: 12/TB-STP                      Hà Phong, ngày 02 tháng 3 năm 2026

THÔNG BÁO
Lịch tiếp công dân tháng 3 năm 2026

Phòng Hành chính tư pháp chủ trì tiếp công dân vào sáng thứ Hai hằng tuần.
"""


def test_stage_names_and_unknown_stage() -> None:
    pipeline = Pipeline()
    assert pipeline.names == ["normalize", "restore", "segment", "extract"]
    with pytest.raises(KeyError, match="no stage 'ocr'"):
        pipeline.disable("ocr")


def test_disabling_segment_and_extract_gives_the_text_only() -> None:
    doc = Pipeline().disable("segment", "extract").extract_text(TEXT, source="t")
    assert doc.number is None and doc.tasks == []
    assert "Số: 12/TB-STP" in doc.text
    again = Pipeline().disable("segment", "extract").enable("segment", "extract").extract_text(TEXT)
    assert (again.number, again.symbol, again.doc_type) == ("12", "TB-STP", "Thông báo")


def test_a_replaced_stage_sees_and_changes_what_follows() -> None:
    seen: list[int] = []

    def shout(ctx: Context) -> None:
        seen.append(len(ctx.pages))
        for page in ctx.pages:
            for line in page.lines:
                line.text = line.text.replace("Hà Phong", "Lạc Sơn")

    doc = Pipeline().replace("restore", shout).extract_text(TEXT)
    assert seen == [1] and doc.place == "Lạc Sơn"


def test_module_functions_use_the_default_pipeline(tmp_path) -> None:
    path = tmp_path / "tb.txt"
    path.write_text(TEXT, encoding="utf-16")
    doc = vndocx.extract(path)
    assert doc.source == str(path) and doc.date == "2026-03-02"
    assert vndocx.extract_text(TEXT).model_dump(exclude={"source"}) == doc.model_dump(exclude={"source"})


def test_every_stage_fills_the_same_document() -> None:
    seen = []

    def look(ctx: Context) -> None:
        seen.append((ctx.document, ctx.document.number, len(ctx.document.tasks), ctx.segments is not None))

    pipeline = Pipeline()
    pipeline.stages.insert(pipeline.names.index("extract"), ("look", look))
    doc = pipeline.extract_text(TEXT)
    assert len(seen) == 1
    document, number, tasks, segmented = seen[0]
    assert document is doc and (number, tasks, segmented) == ("12", 0, True)  # header written, tasks not yet
    assert doc.tasks and doc.tasks[0].owner


def test_disabling_extract_keeps_what_segment_wrote() -> None:
    doc = Pipeline().disable("extract").extract_text(TEXT, source="t")
    assert (doc.number, doc.symbol, doc.doc_type) == ("12", "TB-STP", "Thông báo")
    assert doc.tasks == [] and doc.provenance == {}
    assert "Phòng Hành chính tư pháp chủ trì" in doc.text
