"""Repair stage: text → text. Unicode/legacy-encoding normalisation and diacritics restoration."""

import difflib

from vndocx.repair.normalize import normalize


def repair_text(text: str) -> tuple[str, list[str]]:
    """Placeholder (being replaced): return ``text`` unchanged and no warnings."""
    return text, []


def restore_diacritics(text: str) -> str:
    return repair_text(text)[0]


def diff(before: str, after: str) -> str:
    return "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm=""))


__all__ = ["diff", "normalize", "repair_text", "restore_diacritics"]
