"""Where the restoration model lives (no numpy here: normalisation reads the vocabulary too)."""

from __future__ import annotations

import os
from pathlib import Path

MODEL_NAME = "restore"


def model_dir() -> Path:
    """The folder the model is read from: ``$VNDOCX_MODEL_DIR`` or the project's ``models/restore``."""
    env = os.environ.get("VNDOCX_MODEL_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "models" / MODEL_NAME
