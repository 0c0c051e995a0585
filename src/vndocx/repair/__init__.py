"""Repair stage: text → text. Unicode/legacy-encoding normalisation and diacritics restoration."""

from vndocx.repair.normalize import normalize

__all__ = ["normalize"]

