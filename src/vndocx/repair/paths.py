"""Where the restoration model lives (no numpy here: normalisation reads the vocabulary too).

The model ships inside the package as ``vndocx/repair/model`` (package data of the wheel; in
the repository that folder is a link to ``models/restore``) and is found with
:mod:`importlib.resources`, so an installed wheel works from any working directory.
``$VNDOCX_MODEL_DIR`` overrides it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

MODEL_NAME = "restore"
PACKAGE_FOLDER = "model"  # vndocx/repair/model


@lru_cache(maxsize=1)
def packaged_model_dir() -> Path | None:
    """The model folder inside the installed package, or None when the package has none."""
    from importlib.resources import as_file, files

    resource = files("vndocx.repair") / PACKAGE_FOLDER
    if not resource.is_dir():
        return None
    if isinstance(resource, Path):
        return resource
    # A package imported from a zip file: extract the folder once for the process (the arrays
    # are memory-mapped and need real files). The context stays open on purpose.
    ctx = as_file(resource)
    return Path(ctx.__enter__())


def model_dir() -> Path:
    """The folder the model is read from: ``$VNDOCX_MODEL_DIR``, else the package's own
    ``vndocx/repair/model``, else the checkout's ``models/restore``."""
    env = os.environ.get("VNDOCX_MODEL_DIR")
    if env:
        return Path(env)
    packaged = packaged_model_dir()
    if packaged is not None and (packaged / "provenance.json").exists():
        return packaged
    return Path(__file__).resolve().parents[3] / "models" / MODEL_NAME
