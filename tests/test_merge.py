"""Review round trip: an official corrects the Excel register, `vndocx merge` reads it back, and the
corrections survive extracting the same files again."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vndocx.cli import main
from vndocx.export import TASK_SHEET, TASK_SHEET_COLUMNS, read_jsonl, read_sheet, write_excel
from vndocx.merge import corrections_path, merge

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
HEADERS = [c.header for c in TASK_SHEET_COLUMNS]


def _column(header: str) -> int:
    return HEADERS.index(header) + 1


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("04_cong_van.txt", "02_ke_hoach.txt"):
        shutil.copy(SAMPLES / name, inputs / name)
    return tmp_path


def _extract(folder: Path) -> Path:
    out = folder / "out" / "tasks.jsonl"
    assert main(["extract", str(folder / "in"), "-o", str(out), "--workers", "0"]) == 0
    return out


def _register(records: Path, path: Path) -> Path:
    return write_excel(read_jsonl(records), path)


def _correct(register: Path) -> dict[int, dict[str, object]]:
    """Edit three rows as an official would: an owner, a deadline, a status; returns row → edits."""
    wb = load_workbook(register)
    ws = wb[TASK_SHEET]
    edits = {2: {"Đơn vị chủ trì": "Sở Tư pháp"}, 3: {"Thời hạn": datetime(2026, 1, 15)},
             4: {"Trạng thái": "Hoàn thành"}}
    for row, cells in edits.items():
        for header, value in cells.items():
            ws.cell(row=row, column=_column(header), value=value)
    wb.save(register)
    return edits


def _tasks(path: Path) -> list:
    return [t for doc in read_jsonl(path) for t in doc.tasks]


def _check_corrected(tasks: list, before: list) -> None:
    assert len(tasks) == len(before) >= 4
    assert tasks[0].owner == "Sở Tư pháp" and before[0].owner != "Sở Tư pháp"
    assert tasks[1].deadline.date == "2026-01-15" and tasks[1].deadline.kind == "by"
    assert tasks[2].status == "Hoàn thành"
    for new, old in zip(tasks[3:], before[3:], strict=True):  # the rows nobody touched
        assert new == old
    assert (tasks[0].text, tasks[0].span, tasks[1].owner) == (before[0].text, before[0].span, before[1].owner)


def test_the_register_reads_back_as_written(folder: Path) -> None:
    records = _extract(folder)
    register = _register(records, folder / "register.xlsx")
    rows = list(read_sheet(register, TASK_SHEET, TASK_SHEET_COLUMNS))
    tasks = _tasks(records)
    assert len(rows) == len(tasks)
    for (_, row), task in zip(rows, tasks, strict=True):
        assert row["Nội dung nhiệm vụ"] == task.text and row["Đơn vị chủ trì"] == task.owner
        assert row["Vị trí trong văn bản"] == f"{task.span[0]}-{task.span[1]}"
        due = row["Thời hạn"]
        assert (due.isoformat() if due else None) == (task.deadline.date if task.deadline else None)
        assert len(row["Mã tệp (sha256)"]) == 64


def test_correct_reextract_merge_keeps_the_corrections(folder: Path, capsys) -> None:
    records = _extract(folder)
    before = _tasks(records)
    register = _register(records, folder / "register.xlsx")
    _correct(register)
    out = folder / "corrected.jsonl"
    assert main(["merge", str(register), str(records), "-o", str(out)]) == 0
    assert "3 corrections read, 3 tasks corrected" in capsys.readouterr().err
    _check_corrected(_tasks(out), before)
    store = corrections_path(records)
    assert store == folder / "out" / ".vndocx" / "corrections.jsonl"
    assert len(store.read_text(encoding="utf-8").splitlines()) == 3

    # The folder is extracted again: fresh records, and a fresh register with none of the edits.
    records = _extract(folder)
    assert _tasks(records) == before
    fresh = _register(records, folder / "register.xlsx")
    assert main(["merge", str(fresh), str(records), "-o", str(out)]) == 0
    assert "0 corrections read, 3 tasks corrected" in capsys.readouterr().err
    _check_corrected(_tasks(out), before)


def test_a_task_that_moved_or_vanished_is_reported(folder: Path) -> None:
    records = _extract(folder)
    before = _tasks(records)
    register = _register(records, folder / "register.xlsx")
    _correct(register)
    merge(register, records, folder / "corrected.jsonl")

    # A later version reads the same file with the first task's span moved and the third one gone.
    lines = records.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    moved = first["tasks"][0]
    moved["span"] = [moved["span"][0] + 3, moved["span"][1] + 3]
    first["tasks"] = [t for i, t in enumerate(first["tasks"]) if i != 2]
    records.write_text("\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    fresh = _register(records, folder / "fresh.xlsx")
    result = merge(fresh, records, folder / "corrected.jsonl")
    assert len(result.moved) == 1 and "moved from" in result.moved[0] and before[0].text[:20] in result.moved[0]
    assert len(result.unmatched) == 1 and before[2].text[:20] in result.unmatched[0]
    tasks = _tasks(folder / "corrected.jsonl")
    assert tasks[0].owner == "Sở Tư pháp" and tasks[1].deadline.date == "2026-01-15"
    # the correction of the vanished task is kept, the moved one is stored at its new span
    stored = [json.loads(x) for x in corrections_path(records).read_text(encoding="utf-8").splitlines()]
    assert len(stored) == 3 and [moved["span"][0], moved["span"][1]] in [s["span"] for s in stored]


def test_a_bad_date_names_the_file_and_cell(folder: Path, capsys) -> None:
    records = _extract(folder)
    register = _register(records, folder / "register.xlsx")
    wb = load_workbook(register)
    wb[TASK_SHEET].cell(row=2, column=_column("Thời hạn"), value="cuối tháng")
    wb.save(register)
    assert main(["merge", str(register), str(records), "-o", str(folder / "c.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "register.xlsx" in err and "row 2" in err and "Thời hạn" in err and "cuối tháng" in err
    assert not (folder / "c.jsonl").exists()


def test_a_date_typed_as_text_is_read(folder: Path) -> None:
    records = _extract(folder)
    register = _register(records, folder / "register.xlsx")
    wb = load_workbook(register)
    wb[TASK_SHEET].cell(row=2, column=_column("Thời hạn"), value="28/02/2026")
    wb.save(register)
    merge(register, records, folder / "c.jsonl")
    assert _tasks(folder / "c.jsonl")[0].deadline.date == date(2026, 2, 28).isoformat()
