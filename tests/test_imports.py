"""The package's import graph: no module imports back (directly or round a loop) a module that
imports it, and the batch and language modules import alone in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "vndocx"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _top_level_imports(path: Path) -> set[str]:
    """The vndocx modules ``path`` imports when it is imported: statements at module level, not
    inside functions nor under ``if TYPE_CHECKING``."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & MODULES.keys()
            found |= submodules
            if len(submodules) < len(node.names):  # names defined in the module itself
                found.add(node.module)
    return {name for name in found if name in MODULES}


def test_no_import_cycle() -> None:
    graph = {name: _top_level_imports(path) - {name} for name, path in MODULES.items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' → '.join(error.args[1])}")


def test_the_graph_sees_imports() -> None:
    assert "vndocx.batch.outcomes" in _top_level_imports(MODULES["vndocx.batch.journal"])
    assert "vndocx.lang.text" in _top_level_imports(MODULES["vndocx.extraction.owners"])


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(("vndocx.batch", "vndocx.lang"))))
def test_module_imports_alone(module: str) -> None:
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True,
                            env={"PYTHONPATH": str(SRC), "PATH": ""})
    assert result.returncode == 0, result.stderr
