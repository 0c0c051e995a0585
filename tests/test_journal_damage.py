"""``--resume`` after damage: journal and index lines that do not validate are dropped with a
note and their files redone, never copied; whatever the damage, the resumed output equals a
clean run's. And the resume key is the hash *and* the reader: a file refused as ``.docx`` does
not get the record of a ``.txt`` with the same bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_cli import NOTICE
from vndocx.batch.pool import InProcess
from vndocx.batch.run import index_path, journal_path, run_batch, scan_inputs


def notice(n: int) -> str:
    return NOTICE.replace("Số: 47/TB-STP", f"Số: {n}/TB-STP")


class StopAfter(InProcess):
    """InProcess that stops the run (as Ctrl-C would) after ``n`` files."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def map_unordered(self, jobs):
        for count, item in enumerate(super().map_unordered(jobs)):
            if count == self.n:
                raise KeyboardInterrupt
            yield item


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    root.mkdir()
    for n in range(5):
        (root / f"n{n}.txt").write_text(notice(30 + n), encoding="utf-8")
    (root / "twin.docx").write_text(notice(30), encoding="utf-8")  # n0.txt's bytes, named .docx: refused
    (root / "empty.txt").write_bytes(b"")
    return root


def run(inbox: Path, out: Path, resume: bool = False, executor=None) -> list[str]:
    """One batch run over ``inbox``; returns the notes it gave."""
    notes: list[str] = []
    inputs = scan_inputs([inbox])
    with executor or InProcess() as ex:
        run_batch(inputs.files, out, ex, resume=resume, skipped=inputs.skipped, on_note=notes.append)
    return notes


def outputs(out: Path) -> tuple[bytes, bytes]:
    return out.read_bytes(), out.with_name(f"{out.stem}.errors.jsonl").read_bytes()


@pytest.fixture()
def clean(inbox: Path, tmp_path: Path) -> tuple[bytes, bytes]:
    out = tmp_path / "clean" / "tasks.jsonl"
    run(inbox, out)
    result = outputs(out)
    assert len(result[0].splitlines()) == 5
    errors = {Path(e["source"]).name: e["error"] for e in map(json.loads, result[1].splitlines())}
    assert set(errors) == {"twin.docx", "empty.txt"}
    return result


def interrupted_journal(inbox: Path, out: Path, files: int = 4) -> list[bytes]:
    with pytest.raises(KeyboardInterrupt):
        run(inbox, out, executor=StopAfter(files))
    lines = journal_path(out).read_bytes().splitlines(keepends=True)
    assert len(lines) == files + 1  # the options line, then one per finished file
    return lines


def record_line(lines: list[bytes]) -> bytes:
    return next(line for line in lines[1:] if b"\t" in line)


DAMAGES = {
    "wrong shape": lambda lines: [*lines, b"123\t{}\n"],
    "list for a hash": lambda lines: [lines[0], *(ln.replace(b'"sha256": "', b'"sha256": ["', 1).replace(
        b'", "source"', b'"], "source"', 1) for ln in lines[1:])],
    "no source": lambda lines: [lines[0], *(ln.replace(b'"source"', b'"src"', 1) for ln in lines[1:])],
    "cut after an inner brace": lambda lines: [lines[0], *(
        ln[:ln.rindex(b"}", 0, len(ln) - 3) + 1] + b"\n" if b"\t" in ln else ln for ln in lines[1:])],
    "header not JSON": lambda lines: [lines[0], b"{\"sha256\": \n", *lines[1:]],
    "record not a Document": lambda lines: [lines[0], *(
        ln.split(b"\t")[0] + b'\t{"a": 1}\n' if b"\t" in ln else ln for ln in lines[1:])],
    "bad bytes": lambda lines: [lines[0], b"\xff\xfe\x00\t\x80}\n", *lines[1:]],
    "hash not hex": lambda lines: [lines[0], *(ln.replace(b'"sha256": "', b'"sha256": "zz', 1) for ln in lines[1:])],
    "damaged first line": lambda lines: [b'{"vndocx_journal": 1, "restore": tru\n', *lines[1:]],
    "half-written last line": lambda lines: [*lines, record_line(lines)[:40]],
    "record in a list": lambda lines: [lines[0], *(ln.replace(b"\t{", b"\t[{", 1) for ln in lines[1:])],
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_resume_after_journal_damage_equals_a_clean_run(inbox: Path, tmp_path: Path, clean, damage: str) -> None:
    out = tmp_path / "run" / "tasks.jsonl"
    lines = interrupted_journal(inbox, out)
    journal_path(out).write_bytes(b"".join(DAMAGES[damage](lines)))
    notes = run(inbox, out, resume=True)
    assert outputs(out) == clean
    if damage != "half-written last line":
        assert notes, "a dropped line is noted"
    assert not journal_path(out).exists()


INDEX_DAMAGES = {
    "offset shifted forward": lambda e: {**e, "offset": e["offset"] + 3} if "offset" in e else e,
    "offset shifted back": lambda e: {**e, "offset": max(e["offset"] - 5, 1)} if "offset" in e else e,
    "length cut": lambda e: {**e, "length": e["length"] - 2} if "length" in e else e,
    "list for a hash": lambda e: {**e, "sha256": [e["sha256"]]} if "sha256" in e else e,
    "no source": lambda e: {k: v for k, v in e.items() if k != "source"},
    "offset a string": lambda e: {**e, "offset": str(e["offset"])} if "offset" in e else e,
    "not an object": lambda e: 123 if "sha256" in e else e,
}


@pytest.mark.parametrize("damage", list(INDEX_DAMAGES))
def test_resume_after_index_damage_equals_a_clean_run(inbox: Path, tmp_path: Path, clean, damage: str) -> None:
    out = tmp_path / "run" / "tasks.jsonl"
    run(inbox, out)
    index = index_path(out)
    entries = [json.loads(line) for line in index.read_text(encoding="utf-8").splitlines()]
    index.write_text("".join(json.dumps(INDEX_DAMAGES[damage](e)) + "\n" for e in entries), encoding="utf-8")
    out.write_bytes(out.read_bytes())  # the same bytes: the trailer's size still matches
    notes = run(inbox, out, resume=True)
    assert outputs(out) == clean
    assert any("dropped an index line" in n for n in notes)


def test_index_line_cut_inside_json(inbox: Path, tmp_path: Path, clean) -> None:
    out = tmp_path / "run" / "tasks.jsonl"
    run(inbox, out)
    index = index_path(out)
    text = index.read_text(encoding="utf-8").splitlines(keepends=True)
    text[1] = text[1][:30] + "\n"
    index.write_text("".join(text), encoding="utf-8")
    notes = run(inbox, out, resume=True)
    assert outputs(out) == clean
    assert any("not JSON" in n for n in notes)


def test_resume_key_includes_the_reader(inbox: Path, tmp_path: Path, clean) -> None:
    """twin.docx has n0.txt's bytes: a resumed run must refuse it again, not copy n0's record."""
    out = tmp_path / "run" / "tasks.jsonl"
    run(inbox, out)
    run(inbox, out, resume=True)
    assert outputs(out) == clean
    interrupted_journal(inbox, out, files=6)
    run(inbox, out, resume=True)
    assert outputs(out) == clean


def test_cli_resume_notes_the_dropped_line_on_stderr(inbox: Path, tmp_path: Path, clean) -> None:
    out = tmp_path / "run" / "tasks.jsonl"
    lines = interrupted_journal(inbox, out)
    journal_path(out).write_bytes(b"".join(DAMAGES["wrong shape"](lines)))
    env_src = str(Path(__file__).resolve().parents[1] / "src")
    done = subprocess.run([sys.executable, "-m", "vndocx.cli", "extract", str(inbox), "-o", str(out), "--resume",
                           "--workers", "0"], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": env_src, "PATH": "/usr/bin:/bin"})
    assert done.returncode == 1  # twin.docx and empty.txt fail, as in the clean run
    assert "dropped a journal line" in done.stderr and "Traceback" not in done.stderr
    assert outputs(out) == clean
