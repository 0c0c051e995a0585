"""The notebooks run top to bottom on samples/ with no edits, show no warnings, and produce their outputs."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ("01_quickstart", "02_task_register", "03_repair_quality")
CELL_TIMEOUT = 600  # seconds; 02 reads every sample, scans included (OCR)

# Every Vietnamese letter: the base letters with their five tone marks, upper and lower case.
VIETNAMESE_LETTERS = "".join(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
) + "đĐ"


def _read(name: str):
    nbformat = pytest.importorskip("nbformat")
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def _run(name: str, out: Path, monkeypatch: pytest.MonkeyPatch):
    """Execute the notebook in notebooks/ with this interpreter's kernel; return it with its outputs."""
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e '.[dev]')")
    nbclient = pytest.importorskip("nbclient")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    notebook = _read(name)
    monkeypatch.setenv("VNDOCX_NOTEBOOK_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # Only the kernel of the running interpreter (its .venv), whatever kernels the user has registered.
    specs = KernelSpecManager(kernel_dirs=[], ensure_native_kernel=True)
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    client = nbclient.NotebookClient(
        notebook, km=manager, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    return notebook


def _outputs(notebook, kind: str) -> list:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == kind]


def _mime(notebook, mime: str) -> list[str]:
    return [o.data[mime] for o in _outputs(notebook, "display_data") + _outputs(notebook, "execute_result")
            if mime in o.data]  # fmt: skip


def _warnings(notebook) -> list[str]:
    return [o.text for o in _outputs(notebook, "stream") if o.name == "stderr" and re.search(r"Warning|Glyph", o.text)]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_clean(name):
    """Stored without outputs (the test runs them), valid, and reading samples through a relative path."""
    import nbformat

    notebook = _read(name)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)
    source = "\n".join(cell.source for cell in code)
    assert "../samples" in source
    assert "/work/" not in source and "/home/" not in source
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")


def test_matplotlib_font_has_every_vietnamese_letter():
    """The notebooks label plots in DejaVu Sans (shipped with matplotlib): no letter may be missing."""
    pytest.importorskip("matplotlib")
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    font = FT2Font(font_manager.findfont("DejaVu Sans", fallback_to_default=False))
    missing = [c for c in VIETNAMESE_LETTERS if font.get_char_index(ord(c)) == 0]
    assert len(VIETNAMESE_LETTERS) == 146 and missing == []


def test_quickstart(tmp_path, monkeypatch):
    notebook = _run("01_quickstart", tmp_path, monkeypatch)
    text = "\n".join(o.text for o in _outputs(notebook, "stream") if o.name == "stdout")
    assert "Thông báo số" in text and "nhiệm vụ" in text
    assert '"tasks": [' in text  # the JSON record
    displacy = [h for h in _mime(notebook, "text/html") if "displacy" in h or "entities" in h]
    assert displacy and "DEADLINE" in displacy[-1] and "ORG" in displacy[-1]
    assert _warnings(notebook) == []


def test_task_register(tmp_path, monkeypatch):
    notebook = _run("02_task_register", tmp_path, monkeypatch)
    text = "\n".join(o.text for o in _outputs(notebook, "stream") if o.name == "stdout")
    assert re.search(r"Ngày đối chiếu: \d\d/\d\d/\d{4}", text)
    assert re.search(r"\d+ văn bản, [1-9]\d* nhiệm vụ", text)
    assert len(_mime(notebook, "image/png")) >= 4  # owners, timeline, months, status
    assert _warnings(notebook) == []
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "so_theo_doi_nhiem_vu.xlsx")
    assert workbook["Nhiệm vụ"].max_row > 1
    page = (tmp_path / "so_theo_doi_nhiem_vu.html").read_text(encoding="utf-8")
    assert '<table id="tasks">' in page


def test_repair_quality(tmp_path, monkeypatch):
    notebook = _run("03_repair_quality", tmp_path, monkeypatch)
    assert len(_mime(notebook, "image/png")) >= 1
    highlighted = [h for h in _mime(notebook, "text/html") if "background:#" in h and "title=" in h]
    assert highlighted, "no before/after block with highlighted syllables"
    assert _warnings(notebook) == []
