"""The command line end to end: a folder of good and bad files, exit codes, the errors
file, atomic output, and every output line valid against ``vndocx schema``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vndocx.cli import main
from vndocx.records import Document

NOTICE = """ỦY BAN NHÂN DÂN TỈNH LẠC SƠN       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TƯ PHÁP       Độc lập - Tự do - Hạnh phúc
Số: 47/TB-STP       Lạc Sơn, ngày 3 tháng 2 năm 2026

THÔNG BÁO
Kết luận của Giám đốc Sở tại cuộc họp giao ban tháng 01 năm 2026

Giám đốc Sở yêu cầu:
1. Phòng Hành chính tư pháp:
- Chủ trì rà soát hồ sơ tồn đọng, hoàn thành trước ngày 20 tháng 2 năm 2026.

Nơi nhận:
- Như trên;
- Lưu: VT, VP.

GIÁM ĐỐC



Hà Minh Khôi
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    (root / "a_notice.txt").write_text(NOTICE, encoding="utf-8")
    (root / "sub" / "b_notice.txt").write_text(NOTICE.replace("47/TB", "48/TB"), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "corrupt.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj << /Type /Catalog /Pages 2 0 R")
    (root / "setup.pdf").write_bytes(b"MZ\x90\x00" + bytes(200))
    (root / "ignored.xyz").write_bytes(b"not a document")
    return root


def test_folder_with_bad_files(folder: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out" / "tasks.jsonl"
    code = main(["extract", str(folder), "-o", str(out)])
    assert code == 1
    docs = [Document.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [Path(d.source).name for d in docs] == ["a_notice.txt", "b_notice.txt"]
    assert [d.number for d in docs] == ["47", "48"] and docs[0].symbol == "TB-STP"
    errors = [json.loads(line) for line in (tmp_path / "out" / "tasks.errors.jsonl").read_text().splitlines()]
    reasons = {Path(e["source"]).name: e["error"] for e in errors}
    assert set(reasons) == {"empty.txt", "corrupt.pdf", "setup.pdf", "ignored.xyz"}
    assert "empty" in reasons["empty.txt"] and "Windows executable" in reasons["setup.pdf"]
    assert reasons["ignored.xyz"].startswith("skipped: unsupported file type .xyz")
    assert [e.get("skipped", False) for e in errors] == [False, False, False, True]  # failures, then skipped
    stderr = capsys.readouterr().err
    assert "setup.pdf" in stderr and "ignored.xyz" in stderr
    assert "2 extracted, 3 failed, 1 skipped (unsupported: .xyz)" in stderr
    assert not list(out.parent.glob("*.tmp"))


def test_all_good_exit_zero_and_stale_errors_removed(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "tasks.jsonl"
    errors = tmp_path / "tasks.errors.jsonl"
    errors.write_text('{"source": "old", "error": "old"}\n')
    assert main(["extract", str(folder / "a_notice.txt"), "-o", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 1 and not errors.exists()


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as err:
        main(["extract", str(tmp_path)])  # no -o
    assert err.value.code == 2
    with pytest.raises(SystemExit) as err:
        main(["frobnicate"])
    assert err.value.code == 2
    assert main(["extract", str(tmp_path / "missing"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert not (tmp_path / "o.jsonl").exists()


def test_failed_run_keeps_previous_output_whole(folder: Path, tmp_path: Path, monkeypatch) -> None:
    """An exception mid-run (as an interrupt would raise) leaves the old output untouched."""
    out = tmp_path / "tasks.jsonl"
    out.write_text("previous\n")
    import vndocx.batch.run

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(vndocx.batch.run, "extract_one", boom)
    with pytest.raises(KeyboardInterrupt):  # --workers 0: extract here, where the patch applies
        main(["extract", str(folder), "-o", str(out), "--workers", "0"])
    assert out.read_text() == "previous\n" and not list(tmp_path.glob(".*.tmp"))


def test_schema_validates_output(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "tasks.jsonl"
    main(["extract", str(folder / "a_notice.txt"), "-o", str(out)])
    schema = subprocess.run(
        [sys.executable, "-m", "vndocx.cli", "schema"], capture_output=True, text=True, check=True
    ).stdout
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(schema))
    for line in out.read_text().splitlines():
        assert not list(validator.iter_errors(json.loads(line)))
    assert main(["validate", str(out)]) == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": 3}\n')
    assert main(["validate", str(bad)]) == 1


def test_register_formats_and_report(folder: Path, tmp_path: Path) -> None:
    """`-o register.xlsx` writes the Excel register and keeps the full records beside it;
    `vndocx report` makes the HTML register from files or from those records."""
    import openpyxl

    out = tmp_path / "register.xlsx"
    assert main(["extract", str(folder), "-o", str(out), "--workers", "0"]) == 1  # the bad files
    records_file = tmp_path / ".vndocx" / "register.jsonl"  # the records behind the register, out of sight
    records = [Document.model_validate_json(x) for x in records_file.read_text("utf-8").splitlines()]
    assert sorted(d.number for d in records) == ["47", "48"]
    sheet = openpyxl.load_workbook(out).worksheets[0]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Chủ trì rà soát hồ sơ tồn đọng" in t for t in texts)
    assert any("Phòng Hành chính tư pháp" in t for t in texts)

    csv = tmp_path / "tasks.jsonl"
    assert main(["extract", str(folder / "a_notice.txt"), "-o", str(csv), "--format", "csv", "--workers", "0"]) == 0
    assert "Chủ trì rà soát" in csv.with_suffix(".csv").read_text(encoding="utf-8")

    page = tmp_path / "report.html"
    assert main(["report", str(records_file), "-o", str(page), "--today", "2026-03-01"]) == 0
    html = page.read_text(encoding="utf-8")
    assert "Chủ trì rà soát hồ sơ tồn đọng" in html and "Phòng Hành chính tư pháp" in html
    assert main(["report", str(folder / "sub"), "-o", str(tmp_path / "r2.html"), "--workers", "0"]) == 0
    assert "48/TB-STP" in (tmp_path / "r2.html").read_text(encoding="utf-8")


# --- polish: version, help, pipes, validate, output names ------------------------------------


def test_version_and_help_list_every_command(capsys) -> None:
    import vndocx

    with pytest.raises(SystemExit) as err:
        main(["--version"])
    assert err.value.code == 0 and capsys.readouterr().out.strip() == f"vndocx {vndocx.__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for command in ("extract", "report", "repair", "schema", "validate"):
        assert f"\n    {command} " in text, command
    assert "``" not in text  # plain text, not reStructuredText


def test_help_and_schema_answer_without_heavy_imports() -> None:
    code = ("import sys; from vndocx.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('pandas', 'numpy', 'spacy', 'pdfplumber', 'vndocx.pipeline') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_closed_pipe_ends_quietly() -> None:
    run = subprocess.run(f"{sys.executable} -m vndocx.cli schema | head -1", shell=True, capture_output=True,
                         text=True)
    assert run.stdout.strip() == "{" and run.stderr == ""


def test_validate_counts_the_records(folder: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "tasks.jsonl"
    assert main(["extract", str(folder / "a_notice.txt"), str(folder / "sub"), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"{out}: 2 records valid"
    out.write_text(out.read_text() + '{"source": 3}\n')
    assert main(["validate", str(out)]) == 1
    assert "1 of 3 records invalid" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "fmt", "expected"), [
    ("out", "csv", ["out.csv", "out.documents.csv"]),
    ("out", None, ["out.jsonl"]),
    ("register.xlsx", None, ["register.xlsx"]),
    ("tasks.jsonl", "parquet", ["tasks.documents.parquet", "tasks.parquet"]),
    ("tasks.v2", "xlsx", ["tasks.v2.xlsx"]),
])
def test_output_writes_exactly_the_files_it_names(folder: Path, tmp_path: Path, name, fmt, expected) -> None:
    """Journal removed at the end; index and the records behind a register in the hidden .vndocx/."""
    out = tmp_path / "o"
    args = ["extract", str(folder / "a_notice.txt"), "-o", str(out / name)] + (["--format", fmt] if fmt else [])
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == expected
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".vndocx"]
    # --resume finds the earlier records through the side folder
    assert main([*args, "--resume"]) == 0


def test_unknown_output_suffix_is_a_usage_error(folder: Path, tmp_path: Path, capsys) -> None:
    assert main(["extract", str(folder / "a_notice.txt"), "-o", str(tmp_path / "r.xls")]) == 2
    assert ".xls" in capsys.readouterr().err and not (tmp_path / "r.xls").exists()


# --- a few files are extracted here, still under the guards ----------------------------------


def test_few_files_extract_in_this_process(folder: Path, tmp_path: Path, monkeypatch) -> None:
    import vndocx.batch.pool

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for one file")

    monkeypatch.setattr(vndocx.batch.pool.ProcessPool, "__init__", no_pool)
    assert main(["extract", str(folder / "a_notice.txt"), "-o", str(tmp_path / "t.jsonl")]) == 0


def test_in_process_file_still_has_a_time_limit(folder: Path, tmp_path: Path, monkeypatch) -> None:
    import time

    import vndocx.batch.run

    real = vndocx.batch.run.extract_one

    def slow(path, extract):
        if path.name == "a_notice.txt":
            time.sleep(30)
        return real(path, extract)

    monkeypatch.setattr(vndocx.batch.run, "extract_one", slow)
    out = tmp_path / "t.jsonl"
    start = time.monotonic()
    files = [str(folder / "a_notice.txt"), str(folder / "sub" / "b_notice.txt")]
    assert main(["extract", *files, "-o", str(out), "--timeout", "0.5"]) == 1
    assert time.monotonic() - start < 20
    errors = [json.loads(x) for x in (tmp_path / "t.errors.jsonl").read_text().splitlines()]
    assert [Path(e["source"]).name for e in errors] == ["a_notice.txt"] and "timed out after 0.5 s" in errors[0]["error"]
    assert [Document.model_validate_json(x).number for x in out.read_text().splitlines()] == ["48"]


def test_in_process_file_still_has_a_memory_cap(folder: Path, tmp_path: Path, monkeypatch) -> None:
    import resource

    import vndocx.batch.run

    before = resource.getrlimit(resource.RLIMIT_AS)
    real = vndocx.batch.run.extract_one

    def greedy(path, extract):
        if path.name == "a_notice.txt":
            try:
                bytearray(8 << 30)  # 8 GB: past the 4 GB default cap
            except MemoryError:
                return vndocx.batch.run.Failure(str(path), "out of memory while reading the file")
        return real(path, extract)

    monkeypatch.setattr(vndocx.batch.run, "extract_one", greedy)
    out = tmp_path / "t.jsonl"
    assert main(["extract", str(folder / "a_notice.txt"), "-o", str(out), "--max-memory", "4096"]) == 1
    error = json.loads((tmp_path / "t.errors.jsonl").read_text())["error"]
    assert "out of memory" in error and "4096 MB" in error
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # the cap is lifted after the file
