"""Repair stage: text → text. Unicode and legacy-encoding normalisation (per line) and
diacritics restoration (per document) with a syllable language model.

    >>> from vndocx.repair import normalize, repair_text, restore_diacritics
    >>> restore_diacritics("Ket qua thuc hien Nghi quyet")
    'Kết quả thực hiện Nghị quyết'

The language model and the tables load on first use (numpy included), not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vndocx.lazy import lazy_attributes
from vndocx.repair.normalize import normalize

if TYPE_CHECKING:
    from vndocx.repair.glyphs import FontRepair, repair_fonts
    from vndocx.repair.restorer import RestoreResult, Syllable, restore, restore_diacritics
    from vndocx.repair.text_repair import diff, plan, repair_text

_LAZY = {
    "FontRepair": "vndocx.repair.glyphs",
    "repair_fonts": "vndocx.repair.glyphs",
    "diff": "vndocx.repair.text_repair",
    "plan": "vndocx.repair.text_repair",
    "repair_text": "vndocx.repair.text_repair",
    "RestoreResult": "vndocx.repair.restorer",
    "Syllable": "vndocx.repair.restorer",
    "restore": "vndocx.repair.restorer",
    "restore_diacritics": "vndocx.repair.restorer",
}

__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = ["FontRepair", "RestoreResult", "Syllable", "diff", "normalize", "plan", "repair_fonts", "repair_text",
           "restore", "restore_diacritics"]
