"""A folder of Tesseract results kept by page image, for reruns over the same scans.

Set ``$VNDOCX_OCR_CACHE`` to a folder and each Tesseract call (``image_to_data``) stores its
word table there under a key made of the image's pixels, the language, the options and
Tesseract's version; the next call with the same image reads it back instead of running
Tesseract. The result is the same either way (Tesseract runs single-threaded, so it is
deterministic); a rerun over a folder of scans after a change downstream of OCR, or a
benchmark run again, skips the slowest step. Unset (the default), nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

ENV_CACHE = "VNDOCX_OCR_CACHE"


def cache_dir() -> Path | None:
    """The cache folder from ``$VNDOCX_OCR_CACHE``, or None when unset or empty."""
    value = os.environ.get(ENV_CACHE, "").strip()
    return Path(value) if value else None


@cache
def _engine_version() -> str:
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except Exception:  # a missing Tesseract is reported by the call itself
        return "unknown"


def cache_key(image, lang: str, config: str) -> str:
    """The key of one Tesseract call: a hash of the image's mode, size and pixels, ``lang``,
    ``config`` and the installed Tesseract's version."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (image.mode, f"{image.width}x{image.height}", lang, config, _engine_version()):
        digest.update(part.encode() + b"\0")
    digest.update(image.tobytes())
    return digest.hexdigest()


def load(key: str) -> dict | None:
    """The stored word table for ``key``, or None when absent or unreadable."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return json.loads((folder / key[:2] / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def store(key: str, data: dict) -> None:
    """Keep ``data`` under ``key`` (written whole, then renamed into place, so that readers in
    other processes never see half a file); a folder that cannot be written is left alone."""
    folder = cache_dir()
    if folder is None:
        return
    target = folder / key[:2] / f"{key}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError:
        pass
