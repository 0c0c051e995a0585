"""The real-documents benchmark: its scoring rules on records made up here, and a floor — vndocx
on the real corpus (``../shared/realdocs``) may not fall below the committed
``benchmarks/results/realdocs.json``, per input kind, so progress can only go up."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import realdocs  # noqa: E402

COMMITTED = ROOT / "benchmarks" / "results" / "realdocs.json"
FLOOR = ("field_accuracy", "field_present_accuracy", "task_f1", "owner")


def test_fold_ignores_case_spacing_and_tone_placement() -> None:
    assert realdocs.fold("UỶ  BAN nhân dân\nTỈNH") == realdocs.fold("Ủy ban nhân dân tỉnh")
    assert realdocs.fold("Hoà Bình") == realdocs.fold("hòa bình")
    assert realdocs.fold("tháng") != realdocs.fold("thắng")


@pytest.mark.parametrize(("field", "got", "want", "expected"), [
    ("number", "981", "981", "right"),
    ("number", None, "981", "missing"),
    ("number", "98l", "981", "wrong"),
    ("urgency", "Khẩn", None, "spurious"),
    ("urgency", None, None, "right"),
    ("recipients", [], [], "right"),
    ("recipients", ["Sở Tài chính"], ["Sở Tài chính", "Sở Nội vụ"], "wrong"),
    ("subject", "Về việc triển khai kế hoạch chuyển đổi số năm 2026",
     "Về việc triển khai Kế hoạch chuyển đổi số năm 2026.", "right"),
    ("subject", "Về việc triển khai", "Về việc triển khai Kế hoạch chuyển đổi số năm 2026", "wrong"),
    ("distribution", ["Như trên", "Lưu VT, KGVX"], ["Như trên", "Lưu: VT, KGVX"], "right"),
    ("signature.signed_at", "2026-03-14T02:12:30Z", "2026-03-14T09:12:30+07:00", "right"),
    ("signature.signed_at", "2026-03-14T09:12:30", "2026-03-14T09:12:30+07:00", "wrong"),
])
def test_field_outcomes(field: str, got, want, expected: str) -> None:
    assert realdocs.outcome(field, got, want) == expected


def _task(text: str, owner: str | None, date: str | None = None) -> dict:
    deadline = {"raw": date, "date": date, "kind": "by", "recurrence": None, "starts": None} if date else None
    return {"text": text, "owner": owner, "co_owners": [], "deadline": deadline}


def test_tasks_match_one_to_one_and_score_owner_and_deadline() -> None:
    gold = {"number": "12", "tasks": [
        _task("Sở Tài chính chủ trì rà soát kinh phí mua sắm trang thiết bị cho các xã", "Sở Tài chính", "2026-04-15"),
        _task("Sở Nội vụ hướng dẫn bố trí công chức chuyên trách chuyển đổi số", "Sở Nội vụ"),
    ]}
    got = {"number": "12", "tasks": [
        _task("Sở Tài chính chủ trì rà soát kinh phí mua sắm trang thiết bị cho các xã.", "Sở Tài chính",
              "2026-04-15"),
        _task("Sở Tài chính chủ trì rà soát kinh phí mua sắm", "Sở Nội vụ"),  # a fragment: below 0.7
    ]}
    scored = realdocs.score_document(got, gold)
    assert scored["tasks"] == [2, 2, 1]
    assert scored["owner"] == [1, 1] and scored["deadline"] == [1, 1]
    assert scored["fields"]["number"] == "right" and scored["fields"]["symbol"] == "right"
    total = realdocs.aggregate([scored])
    assert total["task_precision"] == 0.5 and total["task_recall"] == 0.5
    assert "number" in scored["filled"] and "symbol" not in scored["filled"]


def test_a_document_vndocx_failed_on_counts_as_empty() -> None:
    gold = {"source": "x.pdf", "number": "5", "tasks": [_task("Sở Y tế báo cáo kết quả", "Sở Y tế")]}
    result = realdocs.evaluate({}, {"x.pdf": gold}, {"x.pdf": {"kind": "scan"}})
    assert result["by_kind"]["scan"]["tasks_gold"] == 1 and result["by_kind"]["scan"]["task_recall"] == 0.0
    assert result["documents"]["x.pdf"]["fields"]["number"] == "missing"
    assert result["worst"][0]["field"] == "number"


def test_every_real_document_has_checked_gold() -> None:
    files = realdocs.REALDOCS / "files"
    if not files.is_dir():
        pytest.skip(f"{files} is absent (the real corpus lives in ../shared, beside the checkout)")
    golds = realdocs.load_golds()
    assert sorted(golds) == sorted(p.name for p in files.iterdir())
    for name, gold in golds.items():
        assert gold["source"] == name
        assert {f.split(".")[0] for f in realdocs.FIELDS} | {"tasks", "phenomena"} <= set(gold), name
        assert gold["_gold"]["written_by"] and gold["_gold"]["checked_by"], f"{name}: not checked by a second reader"
        assert gold["_gold"]["written_by"] != gold["_gold"]["checked_by"], name


@pytest.fixture(scope="module")
def real_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    files = realdocs.REALDOCS / "files"
    if not files.is_dir():
        pytest.skip(f"{files} is absent (the real corpus lives in ../shared, beside the checkout)")
    records, errors, _ = realdocs.extract(files, os.cpu_count() or 2, tmp_path_factory.mktemp("realdocs"))
    result = realdocs.evaluate(records, realdocs.load_golds(), realdocs.load_manifest(files))
    result["failed"] = errors
    return result


def test_real_documents_do_not_fall_below_the_committed_figures(real_result: dict) -> None:
    committed = json.loads(COMMITTED.read_text("utf-8"))
    falls = []
    for kind, was in committed["by_kind"].items():
        now = real_result["by_kind"].get(kind)
        assert now is not None, f"no {kind} documents scored"
        for measure in FLOOR:
            # compared at the precision the results are read at: OCR's last digit is not progress
            if was[measure] is not None and round(now[measure] or 0.0, 3) < round(was[measure], 3):
                falls.append(f"{kind} {measure}: {now[measure]} < {was[measure]}")
    assert not falls, "real-documents figures fell (benchmarks/realdocs.py shows why):\n" + "\n".join(falls)


def test_no_real_document_is_lost(real_result: dict) -> None:
    committed = json.loads(COMMITTED.read_text("utf-8"))
    newly_failed = sorted(set(real_result["failed"]) - set(committed["failed"]))
    assert not newly_failed, f"vndocx failed on {newly_failed}: {[real_result['failed'][n] for n in newly_failed]}"
