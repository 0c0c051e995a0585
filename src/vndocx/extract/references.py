"""Placeholder (being replaced): citations of other documents."""

from __future__ import annotations

from vndocx.records import Reference


def find_references(text: str) -> list[Reference]:
    """Return the citations in ``text`` (placeholder: none)."""
    return []
