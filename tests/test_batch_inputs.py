"""What a batch run meets besides documents: FIFOs, devices, sockets, link loops, dangling and
unlistable entries in a folder; file names that are not UTF-8; outputs that must not be written
(an input, a link, a device, a folder, a name too long); the leftovers of a killed final write."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_cli import NOTICE
from vndocx.batch.inputs import scan_inputs
from vndocx.batch.outputs import OutputError, check_outputs, clean_leftovers
from vndocx.cli import main

BAD = b"b\xff\xfe_notice.txt"  # not valid UTF-8


def notice(n: int) -> str:
    return NOTICE.replace("Số: 47/TB-STP", f"Số: {n}/TB-STP")


def errors_of(out: Path) -> dict[str, dict]:
    errors = out.with_name(f"{out.stem}.errors.jsonl")
    if not errors.exists():
        return {}
    return {Path(e["source"]).name: e for e in map(json.loads, errors.read_text(encoding="utf-8").splitlines())}


def records_of(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def cli(*args: str | bytes, timeout: float = 60) -> subprocess.CompletedProcess:
    """``vndocx`` in a subprocess (bytes arguments pass as they are)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    return subprocess.run([sys.executable, "-m", "vndocx.cli", *args], capture_output=True, timeout=timeout, env=env)


@pytest.fixture()
def odd_folder(tmp_path: Path) -> Path:
    """Two good notices, then a FIFO, a socket, a link to /dev/zero, a dangling link, a folder
    linking to itself and a link to a file already in the folder."""
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    (root / "a_notice.txt").write_text(notice(1), encoding="utf-8")
    (root / "sub" / "c_notice.txt").write_text(notice(2), encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "gone.txt").symlink_to(root / "missing.txt")
    (root / "sub" / "loop").symlink_to("..")
    (root / "self.txt").symlink_to("self.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock.txt"))
    sock.close()
    return root


def test_walk_lists_every_odd_entry_with_its_reason(odd_folder: Path) -> None:
    inputs = scan_inputs([odd_folder])
    assert [p.name for p in inputs.files] == ["a_notice.txt", "c_notice.txt"]
    reasons = {Path(s.source).name: s.error for s in inputs.skipped}
    assert "FIFO" in reasons["pipe.txt"]
    assert "character device" in reasons["zero.txt"]
    assert "socket" in reasons["sock.txt"]
    assert "dangling link" in reasons["gone.txt"]
    assert "link loop" in reasons["loop"] and str(odd_folder) in reasons["loop"]
    assert reasons["self.txt"] == "skipped: a link loop (the link leads back to itself)"


def test_unlistable_folder_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "inbox"
    (root / "locked").mkdir(parents=True)
    (root / "a_notice.txt").write_text(notice(1), encoding="utf-8")
    real = os.scandir

    def scandir(path):  # tests run as root, where chmod 000 does not lock a folder
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    inputs = scan_inputs([root])
    assert [p.name for p in inputs.files] == ["a_notice.txt"]
    assert [(Path(s.source).name, s.error) for s in inputs.skipped] == [
        ("locked", "skipped: cannot list the folder (Permission denied)")]


def test_cli_run_over_odd_folder_never_opens_them(odd_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "tasks.jsonl"
    start = time.monotonic()
    run = cli("extract", str(odd_folder), "-o", str(out), "--workers", "0")
    assert time.monotonic() - start < 30  # a FIFO opened would block forever, /dev/zero never end
    assert run.returncode == 0, run.stderr.decode()
    assert b"Traceback" not in run.stderr
    assert [Path(r["source"]).name for r in records_of(out)] == ["a_notice.txt", "c_notice.txt"]
    errors = errors_of(out)
    assert set(errors) == {"pipe.txt", "zero.txt", "sock.txt", "gone.txt", "loop", "self.txt"}
    assert all(e["skipped"] for e in errors.values())
    assert b"6 skipped" in run.stderr


def test_cli_fifo_and_device_named_on_command_line_fail_unopened(odd_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "tasks.jsonl"
    run = cli("extract", str(odd_folder / "pipe.txt"), str(odd_folder / "zero.txt"),
              str(odd_folder / "gone.txt"), str(odd_folder / "a_notice.txt"), "-o", str(out), timeout=30)
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    errors = errors_of(out)
    assert "FIFO" in errors["pipe.txt"]["error"] and "not opened" in errors["pipe.txt"]["error"]
    assert "character device" in errors["zero.txt"]["error"]
    assert "dangling link" in errors["gone.txt"]["error"]
    assert len(records_of(out)) == 1


def test_bad_file_name_is_carried_escaped_and_resume_works(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    root.mkdir()
    for n in range(3):
        (root / f"good{n}.txt").write_text(notice(10 + n), encoding="utf-8")
    (root / os.fsdecode(BAD)).write_text(notice(20), encoding="utf-8")
    (root / os.fsdecode(b"\xff.xyz")).write_bytes(b"unsupported, badly named")
    out = tmp_path / "tasks.jsonl"
    run = cli("extract", str(root), "-o", str(out), "--workers", "0")
    assert run.returncode == 0, run.stderr.decode()
    assert b"Traceback" not in run.stderr
    records = records_of(out)
    names = [Path(r["source"]).name for r in records]
    assert names == ["b\\xff\\xfe_notice.txt", "good0.txt", "good1.txt", "good2.txt"]
    bad = records[0]
    assert any("not valid UTF-8" in w for w in bad["warnings"])
    assert not any("not valid UTF-8" in w for r in records[1:] for w in r["warnings"])
    assert "\\xff.xyz" in errors_of(out)
    first = out.read_bytes()
    (root / "good3.txt").write_text(notice(13), encoding="utf-8")
    again = cli("extract", str(root), "-o", str(out), "--workers", "0", "--resume")
    assert again.returncode == 0 and b"Traceback" not in again.stderr
    assert b"4 reused" in again.stderr
    assert out.read_bytes().startswith(first.split(b"\n")[0])
    assert len(records_of(out)) == 5


def test_bad_name_on_the_command_line(tmp_path: Path) -> None:
    bad = os.fsencode(tmp_path) + b"/" + BAD
    Path(os.fsdecode(bad)).write_text(notice(5), encoding="utf-8")
    out = tmp_path / "tasks.jsonl"
    run = cli("extract", bad, "-o", str(out))
    assert run.returncode == 0 and b"Traceback" not in run.stderr
    assert records_of(out)[0]["source"].endswith("b\\xff\\xfe_notice.txt")


def test_check_outputs_refuses_a_device() -> None:
    with pytest.raises(OutputError, match="character device"):
        check_outputs([Path("/dev/null")])


@pytest.mark.parametrize("kind", ["input", "symlink", "folder", "fifo", "long", "parent_is_file"])
def test_refused_outputs(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "a_notice.txt"
    source.write_text(notice(1), encoding="utf-8")
    named = tmp_path / "in.jsonl"  # an input with an output's name (vndocx says it cannot read it)
    named.write_text("{}\n", encoding="utf-8")
    target = tmp_path / "target.jsonl"
    target.write_text("keep\n", encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(target)
    (tmp_path / "dir.jsonl").mkdir()
    os.mkfifo(tmp_path / "fifo.jsonl")
    out = {
        "input": named,
        "symlink": tmp_path / "link.jsonl",
        "folder": tmp_path / "dir.jsonl",
        "fifo": tmp_path / "fifo.jsonl",
        "long": tmp_path / ("x" * 236 + ".jsonl"),
        "parent_is_file": source / "tasks.jsonl",
    }[kind]
    with pytest.raises(OutputError) as err:
        check_outputs([out], [source, named])
    assert str(out) in str(err.value)
    start = time.monotonic()
    run = cli("extract", str(source), str(named), "-o", str(out), "--workers", "0", timeout=30)
    assert run.returncode == 2, run.stderr.decode()
    assert str(out).encode() in run.stderr and b"Traceback" not in run.stderr
    assert time.monotonic() - start < 10
    assert source.read_text(encoding="utf-8") == notice(1) and named.read_text(encoding="utf-8") == "{}\n"
    assert target.read_text(encoding="utf-8") == "keep\n" and (tmp_path / "link.jsonl").is_symlink()
    assert (tmp_path / "fifo.jsonl").is_fifo() and (tmp_path / "dir.jsonl").is_dir()
    assert not list(tmp_path.glob("*.journal.jsonl")) and not (tmp_path / ".vndocx").exists()


def test_register_output_equal_to_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "a_notice.txt"
    source.write_text(notice(1), encoding="utf-8")
    csv = tmp_path / "register.csv"
    assert main(["extract", str(source), "-o", str(csv), "--workers", "0"]) == 0
    before = csv.read_bytes()
    assert main(["extract", str(source), str(csv), "-o", str(csv), "--workers", "0"]) == 2
    assert csv.read_bytes() == before


def test_leftovers_of_a_killed_write_are_cleaned(tmp_path: Path) -> None:
    source = tmp_path / "a_notice.txt"
    source.write_text(notice(1), encoding="utf-8")
    out = tmp_path / "out" / "tasks.xlsx"
    (tmp_path / "out" / ".vndocx").mkdir(parents=True)
    left = [tmp_path / "out" / ".tasks.xlsx.a1b2c3d4.tmp", tmp_path / "out" / ".vndocx" / ".tasks.jsonl.zz_9x8y7.tmp",
            tmp_path / "out" / ".vndocx" / ".tasks.index.jsonl.qwertyui.tmp"]
    for path in left:
        path.write_bytes(b"half")
    kept = tmp_path / "out" / ".tasks.xlsx.notmine.tmp.bak"
    kept.write_bytes(b"someone else's")
    assert clean_leftovers([tmp_path / "nowhere" / "x.jsonl"]) == []
    assert main(["extract", str(source), "-o", str(out), "--workers", "0"]) == 0
    assert not any(p.exists() for p in left)
    assert kept.exists() and out.exists()
    assert not [p for p in (tmp_path / "out").rglob("*.tmp")]


def test_export_writes_through_the_fsyncing_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vndocx.export import read_jsonl, write_records

    source = tmp_path / "a_notice.txt"
    source.write_text(notice(1), encoding="utf-8")
    out = tmp_path / "tasks.jsonl"
    assert main(["extract", str(source), "-o", str(out), "--workers", "0"]) == 0
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    written = write_records(read_jsonl(out), tmp_path / "tasks.csv")
    assert len(written) == 2 and len(synced) >= 2


def test_limit_options(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from vndocx.batch.run import BatchOptions, record_options
    from vndocx.cli import _limits, build_parser
    from vndocx.limits import DEFAULT_LIMITS, Limits

    source = tmp_path / "a_notice.txt"
    source.write_text(notice(1), encoding="utf-8")
    assert main(["extract", str(source), "-o", str(tmp_path / "t.jsonl"), "--max-pages", "0"]) == 2
    assert "--max-pages must be at least 1" in capsys.readouterr().err
    args = build_parser().parse_args(["extract", "x", "-o", "t.jsonl", "--max-pages", "7", "--max-line-chars", "99"])
    assert _limits(args) == Limits(**{**DEFAULT_LIMITS.__dict__, "pages": 7, "line_chars": 99})
    helped = build_parser()._subparsers._group_actions[0].choices["extract"].format_help()
    for option in ("--max-pages", "--max-frames", "--max-pixels", "--max-text-bytes", "--max-line-chars",
                   "--max-paragraphs", "--max-stream-bytes"):
        assert option in helped
    # records made under other limits are not reused by --resume; the defaults keep old journals valid
    assert record_options(BatchOptions()) == {"restore": True}
    assert record_options(BatchOptions(limits=_limits(args)))["limits"]["pages"] == 7


def test_few_files_in_this_process_read_pdfs_in_a_reader_child(tmp_path: Path) -> None:
    """``vndocx extract`` of a few files extracts in its own process: a PDF is read in the
    reader child (a pdfium crash ends that child, not the run); pool workers read themselves."""
    import hostile_corpus as hc
    from vndocx import isolation
    from vndocx.batch.run import BatchOptions, make_extractor

    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(hc.good_pdf(3))
    assert main(["extract", str(pdf), "-o", str(tmp_path / "t.jsonl")]) == 0
    reader = isolation.reader_process()
    assert reader._process is not None and reader._process.poll() is None
    assert make_extractor(BatchOptions()).__self__.isolation == "none"
    reader.close()


def test_limit_options_reach_the_readers(tmp_path: Path) -> None:
    import hostile_inputs as hi

    (tmp_path / "a_notice.txt").write_text(notice(1), encoding="utf-8")
    hi.docx_paragraphs(tmp_path, 30, name="b.docx")
    hi.blank_pages_pdf(tmp_path, 12, name="c.pdf")
    out = tmp_path / "out" / "t.jsonl"
    start = time.monotonic()
    assert main(["extract", str(tmp_path), "-o", str(out), "--workers", "0", "--max-text-bytes", "100",
                 "--max-paragraphs", "10", "--max-pages", "5"]) == 1
    assert time.monotonic() - start < 30
    errors = {name: e["error"] for name, e in errors_of(out).items()}
    assert "over the 100-byte limit" in errors["a_notice.txt"]
    assert "over the 10-paragraph limit" in errors["b.docx"]
    assert "over the 5-page limit" in errors["c.pdf"]
