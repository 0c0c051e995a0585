"""Placeholder (being replaced): Vietnamese time expressions → Deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vndocx.records import Deadline


@dataclass
class DeadlineMatch:
    span: tuple[int, int]
    deadline: Deadline
    warnings: list[str] = field(default_factory=list)


def find_deadlines(text: str, doc_date: date | None) -> list[DeadlineMatch]:
    """Return the deadlines in ``text`` (placeholder: none)."""
    return []
