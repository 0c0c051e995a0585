"""Limits on what one document may hold, checked before the work they would cost starts.

An official document is at most a few hundred pages, scanned at up to 600 dpi on A4 (about
35 million pixels a page); the defaults leave room above that and refuse what no document is
(a PDF of 5,000 pages, an image of 2,000 frames, a line of a million characters). A breach is a
``vndocx.errors.TooLarge`` naming what was over which limit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The most one document may hold; each field is a count (see the module docstring).

    ``pages``: pages of a PDF. ``frames``: frames (pages) of an image file. ``pixels``: pixels of
    one page, rendered for OCR or decoded from an image. ``text_bytes``: bytes of a text file.
    ``line_chars``: characters of one line (longer lines are cut, with a warning).
    ``paragraphs``: paragraphs of a DOCX. ``stream_bytes``: bytes one compressed stream may
    inflate to (a PDF stream, a DOCX part). ``seconds`` and ``memory_mb``: time and address space
    of the isolated reader process (``isolation="process"``) for one file.
    """

    pages: int = 1_000
    frames: int = 500
    pixels: int = 100_000_000
    text_bytes: int = 50_000_000
    line_chars: int = 20_000
    paragraphs: int = 50_000
    stream_bytes: int = 256_000_000
    seconds: int = 300
    memory_mb: int = 4_096


DEFAULT_LIMITS = Limits()

__all__ = ["DEFAULT_LIMITS", "Limits"]
