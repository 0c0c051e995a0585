"""vndocx: Vietnamese administrative documents to structured records.

    >>> import vndocx
    >>> doc = vndocx.extract("samples/01_thong_bao_ket_luan.txt")
    >>> [(t.owner, t.deadline and t.deadline.date) for t in doc.tasks]

Heavy modules (OCR, PDF, the language model) load on first use, so importing is fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vndocx.errors import (
    CorruptFile,
    DecodeError,
    EmptyDocument,
    EncryptedFile,
    UnsupportedFormat,
    VndocxError,
)
from vndocx.records import Deadline, Document, Footnote, Reference, Section, Signer, Task

if TYPE_CHECKING:
    from vndocx.pipeline import Pipeline, extract, extract_text

_LAZY = {
    "Pipeline": "vndocx.pipeline",
    "extract": "vndocx.pipeline",
    "extract_text": "vndocx.pipeline",
    "restore_diacritics": "vndocx.repair",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'vndocx' has no attribute {name!r}")


__all__ = [
    "CorruptFile",
    "Deadline",
    "DecodeError",
    "Document",
    "EmptyDocument",
    "EncryptedFile",
    "Footnote",
    "Pipeline",
    "Reference",
    "Section",
    "Signer",
    "Task",
    "UnsupportedFormat",
    "VndocxError",
    "extract",
    "extract_text",
    "restore_diacritics",
]
