"""The README's tour, run as written: every code block of its "A short tour" section, from a
folder that holds the project's ``samples/`` (so a README line that breaks fails the suite)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)


def tour_blocks() -> list[tuple[str, str]]:
    """(language, code) of every fenced block of the tour, in order."""
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## A short tour")
    end = text.index("\n## ", start + 1)
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(text[start:end])]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A folder like the project's own for the tour: ``samples/`` (linked), nothing else."""
    (tmp_path / "samples").symlink_to(ROOT / "samples", target_is_directory=True)
    return tmp_path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # where `vndocx` is
    return env


def test_the_tour_has_the_blocks_it_promises() -> None:
    kinds = [kind for kind, _ in tour_blocks()]
    assert kinds == ["python", "sh"]
    for needle in ("vndocx.nlp.load()", "vndocx.link(docs)", "vndocx.Pipeline()", "--today"):
        assert needle in README.read_text(encoding="utf-8"), needle


def test_python_blocks_run_as_written(project: Path) -> None:
    for kind, code in tour_blocks():
        if kind != "python":
            continue
        run = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, env=_env(),
                             timeout=600)
        assert run.returncode == 0, f"README block failed:\n{code}\n--- stderr ---\n{run.stderr}"
        assert "kết quả thực hiện nhiệm vụ" in run.stdout
        assert "('Sở Tài chính', 'ORG')" in run.stdout
        assert (project / "out" / "register.html").is_file()


def test_command_line_blocks_run_as_written(project: Path) -> None:
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed: the tour's folder run OCRs the scanned samples")
    for kind, code in tour_blocks():
        if kind != "sh":
            continue
        # set -e: every line must succeed (a pipe ends with its last command, as in a shell)
        run = subprocess.run(["bash", "-e", "-c", code], cwd=project, capture_output=True, text=True, env=_env(),
                             timeout=1200)
        assert run.returncode == 0, f"README block failed:\n{code}\n--- stderr ---\n{run.stderr[-3000:]}"
        out = project / "out"
        written = sorted(p.name for p in out.iterdir())
        assert "tasks.jsonl" in written and "register.xlsx" in written and "plan.csv" in written
        assert "report.html" in written and "register.jsonl" not in written  # -o writes what it names
        assert re.search(r"^out/tasks.jsonl: \d+ records valid$", run.stdout, re.M), run.stdout
        assert "Traceback" not in run.stderr
        assert re.search(r"\d+ extracted, 0 failed, \d+ skipped \(unsupported: \.json\)", run.stderr), run.stderr
