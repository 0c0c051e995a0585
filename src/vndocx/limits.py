"""Placeholder (superseded by i15-lib): the size limits checked before work starts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Limits on one document; each breach is a ``TooLarge``."""

    pages: int = 1000
    frames: int = 100
    pixels: int = 100_000_000
    text_bytes: int = 50_000_000
    line_chars: int = 20_000
    paragraphs: int = 50_000
    stream_bytes: int = 200_000_000


DEFAULT_LIMITS = Limits()
