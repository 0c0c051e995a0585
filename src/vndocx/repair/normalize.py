"""Unicode normalisation of Vietnamese text."""

from __future__ import annotations

import unicodedata


def normalize(text: str) -> str:
    """Return ``text`` in NFC with ``Ð`` (U+00D0) read as ``Đ``."""
    return unicodedata.normalize("NFC", text).replace("\u00d0", "Đ")
