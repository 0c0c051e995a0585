"""The restoration model ships inside the wheel: build it, install it into a fresh virtual
environment outside the checkout, and restore a line from another working directory."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

CODE = """
import json, sys
import vndocx, vndocx.repair
from vndocx.repair.paths import model_dir
from vndocx.ingest.handwriting import _model_path, has_model
print(json.dumps({"file": vndocx.__file__, "model": str(model_dir()), "digits": [str(_model_path()), has_model()],
                  "out": vndocx.restore_diacritics("Ket qua thuc hien Nghi quyet cua Bo Chinh tri"),
                  "many": vndocx.repair.restore_diacritics(["Kinh gui So Tai chinh", "Nam 2025"])}))
"""


def _run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of a copy of the checkout (built outside it, so no build/ folder is left here)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    # symlinks=True: src/vndocx/repair/model is a link to models/restore and must stay one
    shutil.copytree(ROOT / "src", src / "src", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "models", src / "models")
    dist = tmp_path_factory.mktemp("dist")
    got = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), "."], src)
    if got.returncode and ("Could not find a version" in got.stderr or "No matching distribution" in got.stderr):
        pytest.skip(f"the build backend cannot be installed here: {got.stderr[-300:]}")
    assert got.returncode == 0, got.stderr[-2000:]
    (whl,) = dist.glob("vndocx-*.whl")
    return whl


def test_wheel_carries_the_models(wheel: Path) -> None:
    """The restoration model and the handwritten-digit reader's weights."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for model, folder in (("restore", "repair"), ("digits", "ingest")):
        shipped = {p.name for p in (ROOT / "models" / model).iterdir() if p.is_file()}
        assert shipped and {f"vndocx/{folder}/model/{n}" for n in shipped} <= names


def test_wheel_carries_the_register_templates(wheel: Path) -> None:
    """The HTML register is rendered from package data: its jinja2 template, CSS and script."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {f"vndocx/templates/{n}" for n in ("report.html", "report.css", "report.js")} <= names
        assert "{% for r in rows %}" in archive.read("vndocx/templates/report.html").decode("utf-8")
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        assert "Requires-Dist: jinja2" in archive.read(metadata).decode("utf-8")


def test_installed_wheel_restores_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    got = _run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], tmp_path)
    assert got.returncode == 0, got.stderr
    python = env_dir / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        tmp_path).stdout.strip())
    # The wheel itself, unpacked as pip would; its dependencies (numpy, pydantic, …) come from
    # this environment's site-packages as a plain path (its .pth files, the editable install of
    # the checkout among them, are not read), so the test needs no network.
    got = _run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(purelib), str(wheel)],
               tmp_path)
    assert got.returncode == 0, got.stderr[-2000:]
    (purelib / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    got = _run([str(python), "-c", CODE], elsewhere, env=env)
    assert got.returncode == 0, got.stderr[-2000:]
    import json

    out = json.loads(got.stdout.strip().splitlines()[-1])
    assert Path(out["file"]).is_relative_to(purelib), out
    assert Path(out["model"]).is_relative_to(purelib / "vndocx" / "repair" / "model"), out
    assert Path(out["digits"][0]).is_relative_to(purelib / "vndocx" / "ingest" / "model") and out["digits"][1], out
    assert out["out"] == "Kết quả thực hiện Nghị quyết của Bộ Chính trị"
    assert out["many"] == ["Kính gửi Sở Tài chính", "Năm 2025"]
    # VNDOCX_MODEL_DIR still overrides the packaged model
    got = _run([str(python), "-c", CODE], elsewhere, env={**env, "VNDOCX_MODEL_DIR": str(tmp_path / "none")})
    assert got.returncode != 0 and "no language model here" in got.stderr
