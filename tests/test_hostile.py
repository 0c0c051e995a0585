"""The hostile sweep (issue 15), one representative case per class (``hostile_corpus.cases``):
through ``vndocx.extract()`` in a child process capped at 1 GB of address space, and through
one ``vndocx extract`` run over the whole mixed folder. For each input: a record or a named
error, within a generous time, never a hang, a crash or a traceback; no /etc/passwd content in
any output; nothing written outside the output; every good file keeps its record.
``benchmarks/hostile.py`` runs the full sweep (more sizes and variants) and prints the table."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import hostile_corpus as hc

MEMORY_MB = 1024
FILE_SECONDS = 15.0  # per file; the target is 5 s (benchmarks/hostile.py), this margin is for a busy machine
CASES = hc.cases("test")
FILES = [c for c in CASES if c.category != "link loop"]  # the loop is a folder: the CLI walks it
NAMED = {c.name: c for c in CASES}


def case_id(case: hc.Case) -> str:
    return hc.shown_name(case.name)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "inbox"
    hc.write_corpus(folder, "test")
    return folder


@pytest.fixture(scope="module")
def library(corpus: Path) -> dict[str, hc.Result]:
    return hc.run_library([corpus / c.name for c in FILES], MEMORY_MB, FILE_SECONDS)


@pytest.fixture(scope="module")
def mixed(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[hc.CliRun, Path, list, list]:
    """One CLI run over the mixed folder: the run, its output folder, and what changed outside
    the output (in the input folder; temporary files left in TMPDIR)."""
    work = tmp_path_factory.mktemp("hostile_out")
    scratch = work / "tmp"
    scratch.mkdir()
    before = hc.tree(corpus)
    out = work / "out" / "tasks.jsonl"
    run = hc.run_cli([corpus], out, "--timeout", str(FILE_SECONDS), "--max-memory", str(MEMORY_MB), "--workers", "2",
                     timeout=600, tmpdir=scratch)
    changed = sorted(set(hc.tree(corpus).items()) ^ set(before.items()))
    return run, out.parent, changed, sorted(hc.tree(scratch))


@pytest.mark.parametrize("case", FILES, ids=case_id)
def test_library_gives_a_record_or_a_named_error(library: dict[str, hc.Result], case: hc.Case) -> None:
    result = library[case.name]
    assert result.outcome in ("record", "named error"), f"{result.outcome}: {result.detail}"
    assert result.seconds < FILE_SECONDS
    if case.good:
        assert result.outcome == "record", result.detail
    if case.category in ("fifo", "device link", "dangling link", "empty", "encrypted pdf", "mislabelled"):
        assert result.outcome == "named error"


@pytest.mark.parametrize("case", FILES, ids=case_id)
def test_cli_gives_a_record_or_a_named_error(mixed, case: hc.Case) -> None:
    run = mixed[0]
    result = hc.cli_outcome(hc.shown_name(case.name), run)
    assert result.outcome in ("record", "named error"), f"{result.outcome}: {result.detail}"
    if case.good:
        assert result.outcome == "record", result.detail
    if case.category in ("fifo", "device link", "dangling link"):
        assert ("skipped" in result.detail and "not opened" in result.detail) or "dangling" in result.detail


def test_cli_mixed_folder(mixed) -> None:
    run, out, changed, leftovers = mixed
    assert run.code == 1, run.stderr[-2000:]  # some files are refused; the run itself goes through
    assert "Traceback" not in run.stderr
    good = [hc.shown_name(c.name) for c in CASES if c.good]
    assert all(name in run.records for name in good)
    assert "note.txt" in run.records  # the file inside the folder that links to itself
    assert "link loop" in run.errors["again"]
    assert set(run.records) | set(run.errors) >= {hc.shown_name(c.name) for c in FILES}
    assert changed == [] and leftovers == []  # nothing written in the input folder or left in TMPDIR
    assert sorted(p.name for p in out.iterdir()) == [".vndocx", "tasks.errors.jsonl", "tasks.jsonl"]
    bad_name = run.records[hc.shown_name(next(c.name for c in CASES if c.category == "bad name"))]
    assert any("not valid UTF-8" in w for w in bad_name["warnings"])
    # the .docx with good_1.txt's bytes is refused, not given good_1's record
    assert "text_named_docx.docx" in run.errors


def test_no_passwd_content_anywhere(library: dict[str, hc.Result], mixed) -> None:
    passwd = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace")
    marks = [hc.PASSWD_MARK, *(line for line in passwd.splitlines() if len(line) > 20)]
    texts = [r.text for r in library.values()]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in mixed[1].rglob("*") if p.is_file()]
    assert texts and not [m for m in marks if any(m in t for t in texts)]
    assert library["docx_xxe.docx"].outcome in ("record", "named error")


def test_refused_outputs_touch_nothing(corpus: Path, tmp_path: Path) -> None:
    """The CLI given a FIFO as output refuses at once, without opening it (it would block)."""
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    run = hc.run_cli([corpus / "good_1.txt"], fifo, timeout=60, tmpdir=tmp_path)
    assert run.code == 2 and "not a regular file" in run.stderr and "Traceback" not in run.stderr
    assert fifo.is_fifo()


def test_resume_over_the_mixed_folder_equals_the_first_run(corpus: Path, mixed, tmp_path: Path) -> None:
    run, out, _, _ = mixed
    copy = tmp_path / "out"
    copy.mkdir()
    for name in ("tasks.jsonl",):
        (copy / name).write_bytes((out / name).read_bytes())
    (copy / ".vndocx").mkdir()
    (copy / ".vndocx" / "tasks.index.jsonl").write_bytes((out / ".vndocx" / "tasks.index.jsonl").read_bytes())
    again = hc.run_cli([corpus], copy / "tasks.jsonl", "--resume", "--timeout", str(FILE_SECONDS), "--max-memory",
                       str(MEMORY_MB), "--workers", "2", timeout=600, tmpdir=tmp_path)
    assert again.code == 1 and "Traceback" not in again.stderr, again.stderr[-2000:]
    assert (copy / "tasks.jsonl").read_bytes() == (out / "tasks.jsonl").read_bytes()
    assert json.loads((copy / "tasks.errors.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert again.errors == run.errors
